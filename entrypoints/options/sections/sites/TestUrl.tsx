import { useId, useState, type FormEvent } from 'react';
import { ExplanationView } from '@/components/ExplanationView';
import { useI18n } from '@/components/i18n';
import { sendMessage } from '@/utils/messaging/protocol';
import type { Explanation } from '@/utils/rules/explain';

/** "Test a URL": every rule that matches it, which one decides, and why. */
export function TestUrl() {
  const { t } = useI18n();
  const id = useId();
  const [url, setUrl] = useState('');
  const [explanation, setExplanation] = useState<Explanation | undefined>();
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      setExplanation(await sendMessage('rules:explain', url));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('optionsTestUrl')}</h3>
      <p>
        <label htmlFor={`${id}-url`}>{t('optionsTestUrlLabel')}</label>{' '}
        <input
          id={`${id}-url`}
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://crm.example.com/opportunities/42"
          size={50}
        />{' '}
        <button type="submit">{t('optionsTestUrlButton')}</button>
      </p>
      <div role="status" aria-live="polite" data-testid="explain-result">
        {explanation && <ExplanationView explanation={explanation} />}
      </div>
      {error && (
        <p role="alert" className="tm-error">
          {t('errorGeneric', error)}
        </p>
      )}
    </form>
  );
}
