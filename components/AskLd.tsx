import { useId, useRef, useState } from 'react';
import { MAX_TOPIC_LENGTH } from '@/utils/profile/ask';
import type { LdProfile } from '@/utils/profile/schema';
import { accentStyle } from './Brand';
import { useI18n } from './i18n';

/** What the employee asks: the opening itself is the host's (see `onAsk`). */
export interface AskRequest {
  topic: string;
  /** Ticked "include this page": off by default. */
  includePage: boolean;
}

/**
 * "Can't find what you need? Ask <L&D>": a small form with the topic the employee types and an
 * "include this page" box (off), which says exactly what will be in the message before anything
 * opens. Opening is left to the host, which builds the address from the profile in force (see
 * `askUrl`); Trailmark itself sends nothing. Without a contact there is no button.
 */
export function AskLd({
  profile,
  page,
  onAsk,
}: {
  profile: LdProfile;
  /** The page the employee is on, when there is one to include. */
  page?: { title: string; url: string };
  onAsk: (request: AskRequest) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [topic, setTopic] = useState('');
  const [includePage, setIncludePage] = useState(false);
  const [opened, setOpened] = useState(false);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  if (!profile.contact) return null;
  const byMail = profile.contact.startsWith('mailto:');

  return (
    <section className="tm-ask" style={accentStyle(profile)} aria-labelledby={`${id}-toggle`}>
      <button
        id={`${id}-toggle`}
        type="button"
        className="tm-ask-toggle"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => {
          setOpen(!open);
          setOpened(false);
          if (!open) setTimeout(() => input.current?.focus(), 0);
        }}
      >
        {t('askPrompt', profile.name)}
      </button>
      {open && (
        <form
          id={`${id}-form`}
          className="tm-ask-form"
          onSubmit={(event) => {
            event.preventDefault();
            onAsk({ topic: topic.trim(), includePage: includePage && !!page });
            setOpened(true);
          }}
        >
          <label htmlFor={`${id}-topic`}>{t('askTopicLabel')}</label>
          <input
            ref={input}
            id={`${id}-topic`}
            type="text"
            value={topic}
            maxLength={MAX_TOPIC_LENGTH}
            onChange={(event) => setTopic(event.target.value)}
          />
          {page && (
            <label className="tm-ask-page">
              <input type="checkbox" checked={includePage} onChange={(event) => setIncludePage(event.target.checked)} />{' '}
              {t('askIncludePage')}
            </label>
          )}
          <p className="tm-ask-note" id={`${id}-note`}>
            {includePage && page ? t('askWillInclude', page.title || page.url, page.url) : t('askWillNotInclude')}
          </p>
          <button type="submit" className="tm-ask-send" aria-describedby={`${id}-note`}>
            {byMail ? t('askWriteMail') : t('askOpenForm')}
          </button>
          <p className="tm-visually-hidden" role="status" aria-live="polite">
            {opened ? (byMail ? t('askOpenedMail') : t('askOpenedForm')) : ''}
          </p>
        </form>
      )}
    </section>
  );
}
