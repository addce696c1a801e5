import { browser, type Browser } from 'wxt/browser';
import type { AnalyticsStatus } from '../analytics/model';
import type { ClearRequest, OpenedRequest, ResumeRequest, SaveRequest, SnoozeRequest, VerdictRequest } from '../attention/schema';
import type { ResourceCard } from '../catalogue/card';
import type { CatalogueState } from '../catalogue/db';
import type { FeedStatus } from '../catalogue/feed/status';
import type { CheckResult } from '../catalogue/feed/sync';
import type { ImportProblem } from '../catalogue/import';
import type { Explanation } from '../rules/explain';
import type { RuleProblem } from '../rules/problems';
import type { SiteRule } from '../rules/schema';
import type { SettingsChange } from '../settings/change';
import type { PageSettings, SettingsInForce } from '../settings/in-force';
import type { ManagedWarning } from '../settings/managed';
import type { FeaturedEntry } from '../campaigns/featured';
import type { LdProfile } from '../profile/schema';
import type { PageSignals } from '../signals/schema';
import type { TabMatches } from '../tabs/matches';
import { typedSender, type Envelope, type Reply, type WireReply } from './wire';

// The view types live in their domains; re-exported so callers can keep one import.
export type { ResourceCard, FeedStatus, TabMatches };

/** The site rules and policy as the options page shows them. */
export interface RulesView {
  /** The roles or departments the rules in force name, in rule order (each list is sent once: 10,000 rules are 1.7 MB). */
  audiences: string[];
  /** The built-in demo rules are in force. */
  isDefault: boolean;
  policyRules: SiteRule[] | null;
  ownRules: SiteRule[];
  locked: SettingsInForce['locked'];
  setByPolicy: SettingsInForce['setByPolicy'];
  feedUrl: string | null;
  feedPublicKey: string | null;
  /** Policy values that were refused. */
  warnings: ManagedWarning[];
  audience: string[];
  /** Host permissions the rules in force (and the feed) need; compare with what is granted. */
  neededOrigins: string[];
}

export type SaveRulesOutcome = { ok: true } | { ok: false; problems: RuleProblem[] };

/** What the tip shows once it may: its cards, and which of them the employee saved before. */
export interface TipContent {
  cards: ResourceCard[];
  saved: string[];
  /** Who offers the resources: the L&D profile in force, when there is one. */
  brand?: LdProfile;
  /** The page the tip is on, as the browser reports it: shown in "Ask" only when the employee ticks it. */
  page?: { title: string; url: string };
}

/** What the tip's frame tells its host on the page (relayed by the background, which knows the tab). */
export type TipFrameEvent = { kind: 'size'; width: number; height: number } | { kind: 'close'; hadFocus: boolean };

/** Background → the tip host in a tab (`tabs.sendMessage`, top frame only). */
export interface TipHostMessage {
  trailmark: 1;
  type: 'tip:host';
  data: TipFrameEvent;
}

export type ImportOutcome =
  { ok: true; state: CatalogueState; ignoredColumns: string[] } | { ok: false; problems: ImportProblem[]; problemCount: number };

/**
 * The one message protocol. Names say domain and direction. `page:*` and `tip:*` come from
 * content scripts (untrusted: parsed with zod, sender checked); `popup:*`, `catalogue:*` and
 * `rules:*` and `feed:*` are accepted from extension pages only; `attention:*` and `resource:*`
 * from both, with the site taken from the sender for content scripts.
 */
export interface ProtocolMap {
  /** Content script → background: the page's signals; the background injects the tip UI when a tip may show. */
  'page:signals'(signals: PageSignals): void;
  /**
   * Tip UI → background: the tip is about to appear (the employee is not typing). Checks the
   * attention budget once more, counts the tip, and answers its cards (none if it may no longer show).
   */
  'tip:show'(): TipContent;
  /**
   * Tip frame (an extension page inside the tab's tip host) → background: the cards of the tip
   * shown in this frame's tab, or null when that tab has none showing.
   */
  'tip:frameContent'(): TipContent | null;
  /** Tip frame → background → the tip host in the same tab: its size, or that it closed. */
  'tip:frameEvent'(event: TipFrameEvent): void;
  /** The tip's frame: the employee opened the tip's panel. */
  'tip:opened'(): void;
  /** Tip UI → background: the employee dismissed the tip; its resources stay dismissed on this site. */
  'tip:dismiss'(ids: string[]): void;
  /** Tip or popup → background: snooze unprompted tips (this site, everywhere) or turn on quiet mode. */
  'attention:snooze'(request: SnoozeRequest): void;
  /** Popup or options → background: end a snooze early. */
  'attention:resume'(scope: ResumeRequest): void;
  /** Popup or options → background: forget saved resources, history, or everything Trailmark remembers. */
  'attention:clear'(what: ClearRequest): void;
  /** Tip or popup → background: "not relevant" (or `null` to undo) for a resource on a site. */
  'resource:verdict'(request: VerdictRequest): void;
  /** Tip or popup → background: save a resource for later, or unsave it. */
  'resource:save'(request: SaveRequest): void;
  /** Tip or popup → background: the employee opened a resource (for the history). */
  'resource:opened'(request: OpenedRequest): void;
  /** Popup → background: what Trailmark found in a tab. */
  'popup:tabMatches'(tabId: number): TabMatches | null;
  /** Popup → background: free-text search over the whole catalogue, optionally in one language. */
  'catalogue:search'(query: { text: string; language?: string }): ResourceCard[];
  /** Popup → background: the languages of the active catalogue, most resources first. */
  'catalogue:languages'(): string[];
  'catalogue:status'(): CatalogueState | null;
  /**
   * Options → background: import a CSV or JSON file's text. Spreadsheets (.xlsx, LMS exports) are
   * read and mapped in the options page and arrive as `format: 'json'` resources, validated again here.
   */
  'catalogue:import'(file: { name: string; text: string; format?: 'json' }): ImportOutcome;
  /** Content script → background: may this page be read (does a suggest rule cover it)? */
  'page:mayRead'(): { read: boolean };
  /** Popup → background: read the active tab now, because the employee asked (activeTab). */
  'popup:lookHere'(tabId: number): TabMatches;
  'rules:get'(): RulesView;
  /** Options → background: replace the employee's own rules (refused when the organisation locked them). */
  'rules:save'(rules: unknown): SaveRulesOutcome;
  /** Options, popup → background: every rule that matches a URL, the winner and why. */
  'rules:explain'(url: string): Explanation;
  /** Popup, options → background: the settings in force (policy applied), with caps, bounds and locks; not the rules. */
  'settings:get'(): PageSettings;
  /** Popup, options → background: change the employee's own settings; refused for what the policy manages. */
  'settings:change'(change: SettingsChange): PageSettings;
  /** Options → background: the feed's settings in force and its last checks. */
  'feed:status'(): FeedStatus;
  /** Options, popup → background: whether analytics are on, what was shared last, the opt-out. */
  'analytics:status'(): AnalyticsStatus;
  /** Options → background: the employee turns the anonymous counts off (true) or on again (false). */
  'analytics:optOut'(optedOut: boolean): AnalyticsStatus;
  /** Popup → background: a settled search found nothing, or "Ask L&D" was used (counted only when analytics are on). */
  'analytics:uiEvent'(event: 'searchNoResult' | 'askLd'): void;
  /** Options → background: check the feed now ("Check now"); answers when the check is done. */
  'feed:check'(): { result: CheckResult; status: FeedStatus };
  /** Popup, options → background: the L&D profile in force, today's featured resources and recent additions. */
  'ld:view'(): LdView;
  /** Tip or popup → background: open "Ask <L&D>" with the typed topic (the page only when ticked). */
  'ld:ask'(request: { topic: string; includePage: boolean; tabId?: number }): { opened: boolean };
}

/** L&D made visible, as the popup and options show it. */
export interface LdView {
  profile?: LdProfile;
  /** Where the profile comes from. */
  source?: 'feed' | 'import' | 'sample' | 'policy';
  /**
   * Featured resources whose campaign has not ended, newest first, with their dates: the popup
   * shows those running on its own day (`featuredNow`), at most 3.
   */
  featured: (ResourceCard & FeaturedEntry)[];
  /** Added by recent feed updates, newest first, at most 5. */
  news: (ResourceCard & { addedAt: string })[];
}

export type MessageType = keyof ProtocolMap;

/**
 * Sends a message to the background and returns its typed answer; rejects when the handler failed.
 * Scripts on web pages use `sendFromPage` (`page-api.ts`) instead, which needs no polyfill.
 *
 * @example const cards = await sendMessage('catalogue:search', { text: 'pivot' });
 */
export const sendMessage = typedSender(() => browser.runtime);

export type Sender = Browser.runtime.MessageSender;
export type Handlers = {
  [K in MessageType]: (data: unknown, sender: Sender) => Promise<Reply<K>> | Reply<K>;
};

/**
 * Registers the background's handlers, one per message type. Handlers receive the payload as
 * `unknown` on purpose: each must parse it. Messages that are not ours, or of a type without a
 * handler, are ignored.
 */
export function onMessages(handlers: Partial<Handlers>): () => void {
  const listener = (message: unknown, sender: Sender): Promise<WireReply> | undefined => {
    if (!message || typeof message !== 'object' || (message as Envelope).trailmark !== 1) return undefined;
    const { type, data } = message as Envelope;
    if (!Object.hasOwn(handlers, type)) return undefined;
    const handler = handlers[type as MessageType] as (data: unknown, sender: Sender) => unknown;
    return Promise.resolve()
      .then(() => handler(data, sender))
      .then(
        (value): WireReply => ({ ok: true, value }),
        (error: unknown): WireReply => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
