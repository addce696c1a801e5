import { useI18n } from '@/components/i18n';
import { SNOOZE_KINDS, type SnoozeKind } from '@/utils/attention/model';

/**
 * The ways to pause unprompted tips, as a group of buttons: the one place they are listed, for
 * the tip and the popup. Per-site pauses only when there is a site; quiet mode where asked.
 */
export function PauseChoices({
  id,
  site,
  withQuiet = false,
  className,
  buttonClassName,
  onChoose,
}: {
  id: string;
  site: boolean;
  withQuiet?: boolean;
  className: string;
  buttonClassName?: string;
  onChoose: (kind: SnoozeKind | 'quiet') => void;
}) {
  const { t } = useI18n();
  const kinds = [...SNOOZE_KINDS.filter((kind) => site || !kind.startsWith('site')), ...(withQuiet ? (['quiet'] as const) : [])];
  return (
    <div id={id} role="group" aria-label={t('tipPauseGroup')} className={className}>
      {kinds.map((kind) => (
        <button key={kind} type="button" className={buttonClassName} onClick={() => onChoose(kind)}>
          {t(`snooze_${kind}`)}
        </button>
      ))}
    </div>
  );
}
