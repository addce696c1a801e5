import { useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { useI18n } from '@/components/i18n';
import { RunningPauses } from '@/components/RunningPauses';
import { useNow } from '@/components/use-now';
import { useSettingsInForce } from '@/components/use-settings';
import { useStored } from '@/components/use-stored';
import { activeSnoozes } from '@/utils/attention/log';
import { snoozesItem } from '@/utils/settings/items';

/** How often tips may appear by themselves, quiet mode, and running pauses. */
export function TipsSection() {
  const { t } = useI18n();
  const id = useId();
  const [settings, change] = useSettingsInForce();
  const stored = useStored(snoozesItem);
  const now = useNow();
  const snoozes = stored && activeSnoozes(stored, now);
  if (!settings) return null;
  const { attention: effective } = settings;
  const { caps, bounds } = effective;

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('optionsTips')}</h2>
      <p className="tm-muted">{t('optionsTipsHelp')}</p>
      <p className="tm-setting">
        <label htmlFor={`${id}-per-day`}>{t('optionsTipsPerDay')}</label>
        <NumberSetting
          id={`${id}-per-day`}
          value={effective.tipsPerDay}
          min={bounds.tipsPerDay.min}
          max={bounds.tipsPerDay.max}
          describedBy={caps.maxTipsPerDay !== undefined ? `${id}-cap-tips` : undefined}
          onChange={(value) => void change({ tipsPerDay: value })}
        />
        {caps.maxTipsPerDay !== undefined && (
          <span id={`${id}-cap-tips`} className="tm-muted">
            {t('optionsCapTips', caps.maxTipsPerDay)}
          </span>
        )}
      </p>
      <p className="tm-setting">
        <label htmlFor={`${id}-repeat`}>{t('optionsRepeatDays')}</label>
        <NumberSetting
          id={`${id}-repeat`}
          value={effective.repeatAfterDays}
          min={bounds.repeatAfterDays.min}
          max={bounds.repeatAfterDays.max}
          describedBy={caps.minRepeatAfterDays !== undefined ? `${id}-cap-repeat` : undefined}
          onChange={(value) => void change({ repeatAfterDays: value })}
        />
        {caps.minRepeatAfterDays !== undefined && (
          <span id={`${id}-cap-repeat`} className="tm-muted">
            {t('optionsCapRepeat', caps.minRepeatAfterDays)}
          </span>
        )}
      </p>
      <p className="tm-check">
        <input
          id={`${id}-quiet`}
          type="checkbox"
          checked={effective.quiet}
          onChange={(event) => void change({ quiet: event.target.checked })}
        />
        <label htmlFor={`${id}-quiet`}>{t('quietMode')}</label>
      </p>
      <h3>{t('optionsPauses')}</h3>
      {!snoozes || (snoozes.everywhereUntil === null && snoozes.sites.length === 0) ? (
        <p className="tm-muted">{t('optionsNoPauses')}</p>
      ) : (
        <ul>
          <RunningPauses snoozes={snoozes} now={now} item="li" />
        </ul>
      )}
      <p>
        <a href={browser.runtime.getURL('/tip-preview.html')} target="_blank" rel="noopener">
          {t('optionsPreview')}
        </a>
      </p>
    </section>
  );
}

/** A whole-number field that saves valid values as they are typed and shows the saved value on leaving. */
function NumberSetting({
  id,
  value,
  min,
  max,
  describedBy,
  onChange,
}: {
  id: string;
  value: number;
  min: number;
  max: number;
  describedBy?: string;
  onChange: (value: number) => void;
}) {
  const [text, setText] = useState<string | undefined>(undefined);
  return (
    <input
      id={id}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      step={1}
      value={text ?? String(value)}
      aria-describedby={describedBy}
      style={{ width: '6em' }}
      onChange={(event) => {
        setText(event.target.value);
        const number = Number(event.target.value);
        if (event.target.value !== '' && Number.isInteger(number) && number >= min && number <= max) onChange(number);
      }}
      onBlur={() => setText(undefined)}
    />
  );
}
