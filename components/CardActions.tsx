import { useI18n } from './i18n';

/**
 * A card's buttons: "Save" (a toggle) and, where the card was suggested for a site, "Not
 * relevant". Each button's name ends with the resource's title, so a screen-reader list of
 * buttons says which card each belongs to.
 */
export function CardActions({
  title,
  language,
  saved,
  onSave,
  notRelevant,
  onNotRelevant,
}: {
  title: string;
  language: string;
  saved: boolean;
  onSave: (saved: boolean) => void;
  /** Whether the employee marked it not relevant here (a toggle in the popup, a one-way action in the tip). */
  notRelevant?: boolean;
  onNotRelevant?: (notRelevant: boolean) => void;
}) {
  const { t } = useI18n();
  const titled = (
    <span className="tm-visually-hidden" lang={language}>
      {' '}
      {title}
    </span>
  );
  return (
    <>
      <button type="button" className="tm-action" aria-pressed={saved} onClick={() => onSave(!saved)}>
        <span aria-hidden="true" className="tm-action-mark">
          {saved ? '★' : '☆'}
        </span>{' '}
        {t('tipSave')}
        {titled}
      </button>
      {onNotRelevant && (
        <button
          type="button"
          className="tm-action"
          {...(notRelevant === undefined ? {} : { 'aria-pressed': notRelevant })}
          onClick={() => onNotRelevant(!notRelevant)}
        >
          {t('tipNotRelevant')}
          {titled}
        </button>
      )}
    </>
  );
}
