import { useId } from 'react';
import { useI18n } from '@/components/i18n';
import { normaliseAudience } from '@/utils/rules/compile';
import { sendMessage } from '@/utils/messaging/protocol';

/**
 * The employee's roles or departments, picked from those the rules name. Stored on this device
 * only; it decides which rules with an audience apply.
 */
export function RoleChooser({ named, chosen }: { named: readonly string[]; chosen: readonly string[] }) {
  const { t } = useI18n();
  const id = useId();
  const offered = new Map<string, string>();
  for (const group of [...named, ...chosen]) {
    if (!offered.has(normaliseAudience(group))) offered.set(normaliseAudience(group), group.trim());
  }
  const selected = new Set(chosen.map(normaliseAudience));
  const toggle = (key: string, label: string, on: boolean) => {
    const next = on ? [...chosen, label] : chosen.filter((group) => normaliseAudience(group) !== key);
    void sendMessage('settings:change', { audience: next });
  };
  return (
    <fieldset aria-describedby={`${id}-help`} data-testid="role-chooser">
      <legend>{t('optionsRoles')}</legend>
      <p id={`${id}-help`} className="tm-muted">
        {t('optionsRolesHelp')}
      </p>
      {offered.size === 0 ? (
        <p>{t('optionsRolesNone')}</p>
      ) : (
        [...offered].map(([key, label]) => (
          <label key={key} className="tm-choice">
            <input type="checkbox" checked={selected.has(key)} onChange={(e) => toggle(key, label, e.target.checked)} /> {label}
          </label>
        ))
      )}
    </fieldset>
  );
}
