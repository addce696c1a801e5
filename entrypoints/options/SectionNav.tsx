import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '@/components/i18n';
import type { MessageKey } from '@/utils/i18n';

export const OPTION_GROUPS = ['you', 'catalogue', 'sites'] as const;
export type OptionGroup = (typeof OPTION_GROUPS)[number];
const TITLE: Record<OptionGroup, MessageKey> = {
  you: 'optionsGroup_you',
  catalogue: 'optionsGroup_catalogue',
  sites: 'optionsGroup_sites',
};
const HELP: Record<OptionGroup, MessageKey> = {
  you: 'optionsGroupHelp_you',
  catalogue: 'optionsGroupHelp_catalogue',
  sites: 'optionsGroupHelp_sites',
};

/**
 * The options page's three parts, by who uses them: *You* (tips, pauses, language, your data),
 * *Learning catalogue* (source, import, feed, L&D profile) and *Sites* (rules, test a URL). A
 * navigation bar jumps between them: the target's heading takes focus and a polite live region
 * says where the reader is. Left/Right arrows move between the links, as in a toolbar. Everything
 * stays on one page, so search in the page and the browser's own find keep working.
 */
export function SectionNav() {
  const { t } = useI18n();
  const [announcement, setAnnouncement] = useState('');
  const links = useRef<(HTMLAnchorElement | null)[]>([]);

  const go = (group: OptionGroup) => {
    const heading = document.getElementById(`group-${group}-heading`);
    heading?.focus();
    heading?.scrollIntoView({ block: 'start' });
    history.replaceState(null, '', `#${group}`);
    setAnnouncement(t('optionsGroupShown', t(TITLE[group])));
  };

  useEffect(() => {
    const group = location.hash.slice(1) as OptionGroup;
    if (OPTION_GROUPS.includes(group)) document.getElementById(`group-${group}-heading`)?.scrollIntoView({ block: 'start' });
  }, []);

  const onKeyDown = (event: React.KeyboardEvent, index: number) => {
    const next =
      event.key === 'ArrowRight'
        ? index + 1
        : event.key === 'ArrowLeft'
          ? index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? -1
              : null;
    if (next === null) return;
    event.preventDefault();
    const count = OPTION_GROUPS.length;
    links.current[(next + count) % count]?.focus();
  };

  return (
    <nav className="tm-groups" aria-label={t('optionsGroupsLabel')}>
      <ul>
        {OPTION_GROUPS.map((group, index) => (
          <li key={group}>
            <a
              ref={(element) => {
                links.current[index] = element;
              }}
              href={`#${group}`}
              onClick={(event) => {
                event.preventDefault();
                go(group);
              }}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              {t(TITLE[group])}
            </a>
          </li>
        ))}
      </ul>
      <p className="tm-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </nav>
  );
}

/** One part of the options page, with its heading and, once, whether the organisation manages it. */
export function OptionsGroup({ group, managed, children }: { group: OptionGroup; managed: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section id={group} className="tm-group" aria-labelledby={`group-${group}-heading`} data-testid={`group-${group}`}>
      <h2 id={`group-${group}-heading`} className="tm-group-heading" tabIndex={-1}>
        {t(TITLE[group])}
      </h2>
      <p className="tm-muted">{t(HELP[group])}</p>
      {managed && (
        <p className="tm-managed-note" data-testid={`managed-${group}`}>
          {t('optionsGroupManaged')}
        </p>
      )}
      {children}
    </section>
  );
}
