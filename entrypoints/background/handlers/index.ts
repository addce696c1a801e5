import type { Handlers } from '@/utils/messaging/protocol';
import { analyticsHandlers } from './analytics';
import { attentionHandlers } from './attention';
import { ldHandlers } from './ld';
import { pageHandlers } from './page';
import type { Services } from './services';
import { settingsHandlers } from './settings';

export { isExtensionPage } from './senders';
export type { Services } from './services';

/**
 * The background's message handlers. Every payload is parsed, every sender checked: a web page
 * can pretend to be a content script, so nothing a content script sends is trusted, and the URL
 * that counts is the one the browser reports for the sender. Handlers parse, authorise and
 * delegate to the service that owns the state.
 */
export function createHandlers(services: Services): Partial<Handlers> {
  return {
    ...pageHandlers(services),
    ...attentionHandlers(services),
    ...settingsHandlers(services),
    ...ldHandlers(services),
    ...analyticsHandlers(services),
  };
}
