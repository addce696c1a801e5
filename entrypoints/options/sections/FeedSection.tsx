import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '@/components/i18n';
import { keyIdOf, parsePublicKey } from '@/utils/catalogue/feed/crypto';
import { describeFeedProblem } from '@/utils/catalogue/feed/describe';
import { FeedError } from '@/utils/catalogue/feed/errors';
import type { CheckResult } from '@/utils/catalogue/feed/sync';
import { feedUrl } from '@/utils/catalogue/feed/url';
import type { Translate } from '@/utils/i18n';
import { sendMessage, type FeedStatus } from '@/utils/messaging/protocol';
import { feedOrigin } from '@/utils/permissions/origins';
import { useSettingsChanged } from '@/components/use-settings';
import { requestOrigins } from '../use-rules';

/** Where the catalogue feed is and which key signs it, with "Check now". */
export function FeedSection({ onChecked }: { onChecked: () => void }) {
  const { t, locale } = useI18n();
  const urlId = useId();
  const keyId = useId();
  const [url, setUrl] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [locked, setLocked] = useState<FeedStatus['locked']>({ url: false, publicKey: false });
  const [fingerprint, setFingerprint] = useState<string | undefined>();
  const [errors, setErrors] = useState<{ url?: string; key?: string }>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  // What the admin typed and has not saved yet. A status that arrives meanwhile (the first one,
  // or any other setting changing) must not wipe it.
  const unsaved = useRef({ url: false, publicKey: false });

  // What the organisation's policy sets is shown as it is, and cannot be edited here.
  const load = useCallback(
    () =>
      void sendMessage('feed:status').then((status) => {
        setLocked(status.locked);
        if (status.locked.url || !unsaved.current.url) setUrl(status.url);
        if (status.locked.publicKey || !unsaved.current.publicKey) setPublicKey(status.publicKey);
      }),
    [],
  );
  useEffect(load, [load]);
  useSettingsChanged(load);
  // The fingerprint of what is typed, so an admin can compare it with what `feed keygen` printed.
  useEffect(() => {
    let current = true;
    void fingerprintOf(publicKey).then((id) => current && setFingerprint(id));
    return () => {
      current = false;
    };
  }, [publicKey]);

  /** Checks both fields as the background will; saves them only when both are fine. */
  const save = async (): Promise<boolean> => {
    const problems = fieldProblems(url, publicKey, t, locale);
    setErrors(problems);
    if (problems.url || problems.key) return false;
    // The background checks the lock again: what the policy manages is refused there.
    await sendMessage('settings:change', {
      ...(locked.url ? {} : { feedUrl: url.trim() }),
      ...(locked.publicKey ? {} : { feedPublicKey: publicKey.trim() }),
    });
    unsaved.current = { url: false, publicKey: false };
    return true;
  };

  const checkNow = async (permission: Promise<boolean>) => {
    setMessage(undefined);
    if (!(await save())) return;
    // Without access the check says so in plain words; a feed host that allows CORS works anyway.
    await permission;
    setBusy(true);
    try {
      const { result } = await sendMessage('feed:check');
      setMessage({ ok: !result.problem, text: describeResult(result, t, locale) });
    } catch (error) {
      setMessage({ ok: false, text: t('errorGeneric', (error as Error).message) });
    } finally {
      setBusy(false);
      onChecked();
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // Asked before anything is awaited: browsers grant host access only during the click itself.
    const origin = feedOrigin(url.trim());
    void checkNow(origin ? requestOrigins([origin]) : Promise.resolve(true));
  };

  return (
    <section aria-labelledby="feed-heading">
      <h2 id="feed-heading">{t('optionsFeed')}</h2>
      <p className="tm-muted">{t('optionsFeedHelp')}</p>
      <form onSubmit={onSubmit} noValidate className="tm-feed-form">
        <label htmlFor={urlId}>{t('optionsFeedUrl')}</label>
        <input
          id={urlId}
          className="tm-input"
          type="url"
          value={url}
          readOnly={locked.url}
          spellCheck={false}
          autoComplete="off"
          placeholder="https://learning.example.com/trailmark/feed.json"
          aria-invalid={!!errors.url}
          aria-describedby={`${urlId}-help${errors.url ? ` ${urlId}-error` : ''}`}
          onChange={(event) => {
            unsaved.current.url = true;
            setUrl(event.target.value);
          }}
        />
        <span id={`${urlId}-help`} className="tm-muted tm-field-help">
          {locked.url ? t('optionsSetByOrganisation') : t('optionsFeedUrlHelp')}
        </span>
        {errors.url && (
          <span id={`${urlId}-error`} className="tm-error tm-field-help">
            {errors.url}
          </span>
        )}
        <label htmlFor={keyId}>{t('optionsFeedKey')}</label>
        <input
          id={keyId}
          className="tm-input"
          type="text"
          value={publicKey}
          readOnly={locked.publicKey}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={!!errors.key}
          aria-describedby={`${keyId}-help${errors.key ? ` ${keyId}-error` : ''}`}
          onChange={(event) => {
            unsaved.current.publicKey = true;
            setPublicKey(event.target.value);
          }}
        />
        <span id={`${keyId}-help`} className="tm-muted tm-field-help">
          {locked.publicKey ? t('optionsSetByOrganisation') : t('optionsFeedKeyHelp')} {fingerprint && t('optionsFeedKeyId', fingerprint)}
        </span>
        {errors.key && (
          <span id={`${keyId}-error`} className="tm-error tm-field-help">
            {errors.key}
          </span>
        )}
        <div className="tm-buttons">
          <button type="submit" disabled={busy}>
            {t('optionsFeedCheck')}
          </button>
        </div>
      </form>
      <div role="status" aria-live="polite" data-testid="feed-result">
        {busy && <p>{t('optionsFeedChecking')}</p>}
        {message && <p className={message.ok ? 'tm-ok' : 'tm-error'}>{message.text}</p>}
      </div>
    </section>
  );
}

function fieldProblems(url: string, publicKey: string, t: Translate, locale: 'en' | 'nl'): { url?: string; key?: string } {
  // No URL and no key: no feed. That is allowed (the catalogue then only changes by import).
  if (!url.trim() && !publicKey.trim()) return {};
  const problems: { url?: string; key?: string } = {};
  const describe = (error: unknown) => (error instanceof FeedError ? describeFeedProblem(error.problem, t, locale) : String(error));
  try {
    feedUrl(url);
  } catch (error) {
    problems.url = describe(error);
  }
  try {
    parsePublicKey(publicKey);
  } catch (error) {
    problems.key = describe(error);
  }
  return problems;
}

async function fingerprintOf(publicKey: string): Promise<string | undefined> {
  try {
    return await keyIdOf(parsePublicKey(publicKey));
  } catch {
    return undefined;
  }
}

function describeResult(result: CheckResult, t: Translate, locale: 'en' | 'nl'): string {
  if (result.problem) return describeFeedProblem(result.problem, t, locale);
  switch (result.outcome) {
    case 'updated':
      return t('feedResult_updated', result.version ?? '?', (result.count ?? 0).toLocaleString(locale));
    case 'upToDate':
      return t('feedResult_upToDate', result.version ?? '?');
    case 'notModified':
      return t('feedResult_notModified', result.version ?? '?');
    default:
      return t('feedResult_notSet');
  }
}
