import type { Translate } from '../i18n';
import { DEFAULT_TOPIC_PARAM, type LdProfile } from './schema';

/** The most of a typed topic that goes into the message. */
export const MAX_TOPIC_LENGTH = 500;

export interface AskInput {
  /** What the employee typed. */
  topic: string;
  /** Only when the employee ticked "include this page". */
  page?: { title: string; url: string };
}

/**
 * The address "Ask <L&D>" opens: nothing is sent by Trailmark, the employee's mail program or
 * browser opens it. A `mailto:` contact gets a subject and body in the employee's language with
 * the topic; an `https:` form gets the topic in the query parameter the profile names. The page's
 * title and address are in it only when `page` is given. Returns undefined without a contact.
 *
 * @example askUrl({ name: 'L&D', contact: 'mailto:ld@example.com' }, { topic: 'Excel macros' }, t)
 * // 'mailto:ld@example.com?subject=Question%20for%20L%26D%3A%20Excel%20macros&body=…'
 */
export function askUrl(profile: LdProfile, input: AskInput, t: Translate): string | undefined {
  if (!profile.contact) return undefined;
  const topic = input.topic.replace(/\s+/g, ' ').trim().slice(0, MAX_TOPIC_LENGTH);
  const page = input.page ? t('askPageLine', input.page.title.slice(0, 300), input.page.url.slice(0, 2000)) : '';
  const contact = new URL(profile.contact);
  if (contact.protocol === 'mailto:') {
    const subject = topic ? t('askSubject', profile.name, topic) : t('askSubjectNoTopic', profile.name);
    const body = [t('askBody', profile.name, topic || '…'), page].filter(Boolean).join('\n\n');
    // Other fields the address may carry (cc) stay; subject and body are ours. Spaces as %20, not +,
    // which some mail programs show as written.
    const kept = contact.search
      .replace(/^\?/, '')
      .split('&')
      .filter((part) => part && !/^(subject|body)=/i.test(part));
    const fields = [...kept, `subject=${encodeURIComponent(subject)}`, `body=${encodeURIComponent(body)}`];
    return `mailto:${contact.pathname}?${fields.join('&')}`;
  }
  contact.searchParams.set(profile.contactTopicParam ?? DEFAULT_TOPIC_PARAM, [topic, page].filter(Boolean).join('\n\n'));
  return contact.href;
}
