import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activateCatalogue } from '@/utils/catalogue/apply';
import { TrailmarkDB } from '@/utils/catalogue/db';
import { readCatalogue } from '@/utils/catalogue/pages';
import { ResourceSchema } from '@/utils/catalogue/schema';
import { parseLdProfile } from '@/utils/profile/schema';
import { onMessages, type Sender } from '@/utils/messaging/protocol';
import { DAY, HOUR } from '@/utils/attention/model';
import { mergeManagedPolicy } from '@/utils/settings/managed';
import {
  feedbackItem,
  historyItem,
  managedConfigItem,
  quietModeItem,
  repeatAfterDaysItem,
  savedItem,
  siteRulesItem,
  snoozesItem,
  tipLogItem,
  tipsPerDayItem,
} from '@/utils/settings/items';
import type { PageSignals } from '@/utils/signals/schema';
import { pageSignals } from '@/utils/signals/__tests__/blank';
import { createAttentionService } from '../attention-service';
import { createCatalogueService } from '../catalogue-service';
import { createFeedService } from '../feed-service';
import { createLdService } from '../ld-service';
import { createHandlers, type Services } from '../handlers';
import { DEMO_SITE_RULES } from '@/utils/rules/demo';
import { createRulesService } from '../rules-service';
import { createSettingsService } from '../settings-service';
import { createTabService } from '../tab-service';
import * as tipScript from '../tip-script';

const EXTENSION_PAGE: Sender = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' };
const contentScript = (url: string, tabId = 7): Sender => ({
  id: 'test-extension-id',
  url,
  frameId: 0,
  tab: { id: tabId } as Sender['tab'],
});
const WEB_PAGE_PRETENDING: Sender = { id: 'test-extension-id', url: 'https://evil.example.com/', frameId: 0 };

const signals = (url: string, fields: Partial<PageSignals> = {}): PageSignals =>
  pageSignals({
    url,
    title: 'Build a pivot table from sales data',
    h1: ['Pivot tables'],
    text: 'Summarise sales data with a pivot table in Excel.',
    ...fields,
  });

let db: TrailmarkDB;
let handlers: ReturnType<typeof createHandlers>;
/** The clock the attention budget sees; tests move it. */
let now: number;

/** All the background's services over the fake browser's storage and this test's database. */
function backgroundHandlers(analytics?: Services['analytics']) {
  const settings = createSettingsService();
  const catalogue = createCatalogueService(db);
  const feed = createFeedService(db, { readSettings: async () => ({ url: '', publicKey: '' }), onUpdated: () => catalogue.invalidate() });
  const attention = createAttentionService({ now: () => now, settings: async () => (await settings.current()).attention });
  const rules = createRulesService(settings.current);
  const ld = createLdService(db, async () => (await settings.current()).ldProfile);
  const tabs = createTabService(catalogue, attention, { featuredIds: ld.featuredIds, variant: async () => 'B' });
  return createHandlers({ catalogue, settings, rules, feed, attention, tabs, ld, analytics, copyVariant: async () => 'B', now: () => now });
}

/** A content script reports a page; answers whether a tip will show (as the tab's record says). */
async function reportPage(on: ReturnType<typeof createHandlers>, url: string, tabId = 7, claimed = url) {
  await on['page:signals']!(signals(claimed), contentScript(url, tabId));
  return { tip: (await on['popup:tabMatches']!(tabId, EXTENSION_PAGE))?.tip ?? false };
}

beforeEach(async () => {
  db = new TrailmarkDB(`handlers-${Math.random()}`);
  await activateCatalogue(
    db,
    [
      ResourceSchema.parse({
        id: 'pivot',
        title: 'Pivot tables in Excel',
        url: 'https://learn.example.com/pivot',
        language: 'en',
        keywords: ['pivot table'],
        description: 'Summarise sales data.',
      }),
      ResourceSchema.parse({ id: 'feedback', title: 'Giving feedback', url: 'https://learn.example.com/feedback', language: 'en' }),
      ResourceSchema.parse({
        id: 'pivot-nl',
        title: 'Draaitabellen in Excel',
        url: 'https://learn.example.com/draaitabel',
        language: 'nl',
        keywords: ['draaitabel', 'pivot table'],
        description: 'Verkoopgegevens samenvatten.',
      }),
    ],
    { source: 'import', label: 't.csv' },
  );
  // Trailmark ships with no rules; these tests browse the demo site, as the demo does.
  await siteRulesItem.setValue([...DEMO_SITE_RULES]);
  now = Date.parse('2026-05-12T09:00:00Z');
  handlers = backgroundHandlers();
  vi.spyOn(tipScript, 'injectTipUi').mockResolvedValue();
});
afterEach(async () => {
  vi.restoreAllMocks();
  db.close();
  await db.delete();
});

describe('background handlers', () => {
  it('answers a content script on a covered page, keeps the matches for the tab and injects the tip', async () => {
    const url = 'http://127.0.0.1:8080/sheets/help.html';
    expect(await reportPage(handlers, url)).toEqual({ tip: true });
    expect(tipScript.injectTipUi).toHaveBeenCalledWith(7);
    const { cards } = await handlers['tip:show']!(undefined, contentScript(url));
    expect(cards.map((c) => c.id)).toEqual(['pivot']);
    const forPopup = await handlers['popup:tabMatches']!(7, EXTENSION_PAGE);
    expect(forPopup).toMatchObject({ tip: true, decision: { action: 'suggest', rule: 'Demo workday site' } });
  });

  it('uses the sender’s URL, not the one the page claims, for the rules', async () => {
    const blocked = 'http://127.0.0.1:8080/hr/review.html';
    const result = await reportPage(handlers, blocked, 7, 'http://127.0.0.1:8080/sheets/x.html');
    expect(result).toEqual({ tip: false });
    expect(tipScript.injectTipUi).not.toHaveBeenCalled();
  });

  it.each([
    ['a web page without a tab', WEB_PAGE_PRETENDING],
    ['another extension', { ...contentScript('http://127.0.0.1/x'), id: 'other-extension' }],
    ['a sub-frame', { ...contentScript('http://127.0.0.1/x'), frameId: 3 }],
  ])('refuses page signals from %s', async (_, sender) => {
    await expect(handlers['page:signals']!(signals('http://127.0.0.1/x'), sender)).rejects.toThrow(/Refused/);
  });

  it('refuses malformed signals', async () => {
    const url = 'http://127.0.0.1/x';
    await expect(handlers['page:signals']!({ ...signals(url), text: 'x'.repeat(100_000) }, contentScript(url))).rejects.toThrow();
    await expect(handlers['page:signals']!({ title: 1 }, contentScript(url))).rejects.toThrow();
  });

  it.each([
    'catalogue:import',
    'catalogue:search',
    'catalogue:status',
    'catalogue:languages',
    'popup:tabMatches',
    'popup:lookHere',
    'rules:get',
    'rules:save',
    'rules:explain',
    'feed:status',
    'feed:check',
    'attention:resume',
    'attention:clear',
  ] as const)('accepts %s only from extension pages', async (type) => {
    const handler = handlers[type]! as (data: unknown, sender: Sender) => Promise<unknown>;
    await expect(handler({ name: 'x.csv', text: '' }, contentScript('http://127.0.0.1/x'))).rejects.toThrow(/Refused/);
    await expect(handler({ name: 'x.csv', text: '' }, WEB_PAGE_PRETENDING)).rejects.toThrow(/Refused/);
  });

  it('keeps the active catalogue when an import has problems', async () => {
    const outcome = await handlers['catalogue:import']!({ name: 'bad.csv', text: 'id,title\n1,x' }, EXTENSION_PAGE);
    expect(outcome).toMatchObject({
      ok: false,
      problems: [
        { code: 'problemMissingColumn', column: 'url' },
        { code: 'problemMissingColumn', column: 'language' },
      ],
    });
    const found = await handlers['catalogue:search']!({ text: 'pivot' }, EXTENSION_PAGE);
    expect(found.map((c) => c.id)).toEqual(['pivot', 'pivot-nl']);
  });
});

describe('site rules through the background', () => {
  const policy = (values: Record<string, unknown>) => ({ values, warnings: [] });
  const rule = (id: string, action: 'suggest' | 'block', patterns: string[]) => ({
    id,
    name: id,
    action,
    patterns,
    skills: [],
    keywords: [],
    audience: [],
    enabled: true,
  });

  it('lets a content script read a page only where a suggest rule applies', async () => {
    expect(await handlers['page:mayRead']!(undefined, contentScript('http://127.0.0.1:8080/sheets/x.html'))).toEqual({ read: true });
    expect(await handlers['page:mayRead']!(undefined, contentScript('http://127.0.0.1:8080/hr/review.html'))).toEqual({ read: false });
    expect(await handlers['page:mayRead']!(undefined, contentScript('https://elsewhere.example.org/'))).toEqual({ read: false });
    await expect(handlers['page:mayRead']!(undefined, WEB_PAGE_PRETENDING)).rejects.toThrow(/Refused/);
  });

  it('saves valid rules, and refuses invalid ones with the rule and field', async () => {
    expect(await handlers['rules:save']!([rule('crm', 'suggest', ['https://crm.example.com/*'])], EXTENSION_PAGE)).toEqual({ ok: true });
    const refused = await handlers['rules:save']!(
      [rule('crm', 'suggest', ['https://crm.example.com'.replace('https', 'htps') + '/*'])],
      EXTENSION_PAGE,
    );
    expect(refused).toMatchObject({
      ok: false,
      problems: [{ rule: 1, ruleId: 'crm', field: 'patterns', item: 1, key: 'ruleFault_patternScheme' }],
    });
  });

  it('refuses to save when the organisation locked the rules, and keeps policy ids for the policy', async () => {
    await managedConfigItem.setValue(policy({ siteRules: [rule('org-crm', 'suggest', ['https://crm.example.com/*'])] }));
    const clash = await handlers['rules:save']!([rule('org-crm', 'suggest', ['https://wiki.example.com/*'])], EXTENSION_PAGE);
    expect(clash).toMatchObject({ ok: false, problems: [{ key: 'ruleFault_policyId' }] });
    await managedConfigItem.setValue(policy({ lockSettings: true }));
    await expect(handlers['rules:save']!([], EXTENSION_PAGE)).rejects.toThrow(/Refused/);
  });

  it('explains a URL with the rules in force, policy rules first', async () => {
    await siteRulesItem.setValue([rule('own-crm', 'suggest', ['https://crm.example.com/*'])]);
    await managedConfigItem.setValue(policy({ siteRules: [rule('org-payroll', 'block', ['https://crm.example.com/payroll/*'])] }));
    const explanation = await handlers['rules:explain']!('https://crm.example.com/payroll/1', EXTENSION_PAGE);
    expect(explanation).toMatchObject({ action: 'block', winner: { id: 'org-payroll', position: 1 } });
    expect(explanation.rules.map((r) => [r.id, r.outcome])).toEqual([
      ['org-payroll', 'winner'],
      ['own-crm', 'overruledByBlock'],
    ]);
    const view = await handlers['rules:get']!(undefined, EXTENSION_PAGE);
    expect(view).toMatchObject({ isDefault: false, setByPolicy: { siteRules: true }, neededOrigins: ['https://crm.example.com/*'] });
  });
});

describe('message dispatch', () => {
  it('routes our envelopes to handlers, reports failures, and ignores foreign messages', async () => {
    onMessages({ 'catalogue:status': async () => null, 'rules:get': async () => Promise.reject(new Error('nope')) });
    const send = (message: unknown) => fakeBrowser.runtime.onMessage.trigger(message, EXTENSION_PAGE);
    expect(await send({ trailmark: 1, type: 'catalogue:status' })).toEqual([{ ok: true, value: null }]);
    expect(await send({ trailmark: 1, type: 'rules:get' })).toEqual([{ ok: false, error: 'nope' }]);
    expect(await send({ trailmark: 1, type: 'toString' })).toEqual([undefined]);
    expect(await send({ type: 'catalogue:status' })).toEqual([undefined]);
    expect(await send('hello')).toEqual([undefined]);
  });
});

describe('attention budget in the background', () => {
  const page = (n: number) => `http://127.0.0.1:8080/sheets/help-${n}.html`;
  /** A content script reports a page and, if told a tip comes, the tip UI asks to show it. */
  async function visit(url: string, tabId = 7) {
    const { tip } = await reportPage(handlers, url, tabId);
    const shown = tip ? await handlers['tip:show']!(undefined, contentScript(url, tabId)) : { cards: [], saved: [] };
    const popup = await handlers['popup:tabMatches']!(tabId, EXTENSION_PAGE);
    return { tip, shown: shown.cards.map((c) => c.id), popup };
  }

  it('shows at most the daily budget of unprompted tips; the popup still lists the matches and says why', async () => {
    await repeatAfterDaysItem.setValue(0);
    const results = [];
    for (let n = 0; n < 5; n++) {
      results.push(await visit(page(n)));
      now += 10 * 60_000;
    }
    expect(results.map((r) => r.tip)).toEqual([true, true, true, false, false]);
    expect(results[3]!.popup).toMatchObject({ tip: false, held: { reason: 'dailyLimit' }, confidentCount: 1 });
    expect(results[3]!.popup!.cards[0]!.id).toBe('pivot');
    // A day after the first tip, one more fits.
    now += DAY - 40 * 60_000;
    expect((await visit(page(6))).tip).toBe(true);
  });

  it('never suggests the same resource twice on a site within the repeat window', async () => {
    expect((await visit(page(1))).shown).toEqual(['pivot']);
    now += 3 * DAY;
    const again = await visit(page(2));
    expect(again.tip).toBe(false);
    expect(again.popup!.held).toEqual({ reason: 'seenRecently' });
    now += 12 * DAY;
    expect((await visit(page(3))).shown).toEqual(['pivot']);
  });

  it('a dismissed tip stays dismissed on that site', async () => {
    await repeatAfterDaysItem.setValue(0);
    await visit(page(1));
    await handlers['tip:dismiss']!(['pivot', 'not-in-this-tab'], contentScript(page(1)));
    expect((await tipLogItem.getValue()).dismissed.map((d) => d.id)).toEqual(['pivot']);
    now += 30 * DAY;
    expect((await visit(page(2))).tip).toBe(false);
    // Another site is another matter.
    const elsewhere = 'http://localhost:8080/sheets/x.html';
    expect((await visit(elsewhere)).tip).toBe(true);
  });

  it('quiet mode, and snoozes from the tip, hold tips back; the tip re-checks just before it shows', async () => {
    const { tip } = await reportPage(handlers, page(1));
    expect(tip).toBe(true);
    await quietModeItem.setValue(true);
    expect((await handlers['tip:show']!(undefined, contentScript(page(1)))).cards).toEqual([]);
    expect(await handlers['popup:tabMatches']!(7, EXTENSION_PAGE)).toMatchObject({ tip: false, held: { reason: 'quiet' } });
    await quietModeItem.setValue(false);

    // The tip's snooze applies to the sender's own site, whatever site the message names.
    await handlers['attention:snooze']!({ kind: 'siteDay', site: 'elsewhere.example.com' }, contentScript(page(1)));
    expect((await snoozesItem.getValue()).sites).toEqual([{ site: '127.0.0.1', until: now + DAY }]);
    expect((await visit(page(2))).popup!.held).toEqual({ reason: 'snoozedSite', until: now + DAY });
    await handlers['attention:resume']!({ site: '127.0.0.1' }, EXTENSION_PAGE);
    await handlers['attention:snooze']!({ kind: 'everywhereHour' }, EXTENSION_PAGE);
    expect((await visit(page(3))).popup!.held).toEqual({ reason: 'snoozedEverywhere', until: now + HOUR });
    now += HOUR + 1;
    expect((await visit(page(4))).tip).toBe(true);

    await handlers['attention:snooze']!({ kind: 'quiet' }, contentScript(page(4)));
    expect(await quietModeItem.getValue()).toBe(true);
  });

  it('the admin’s cap limits the employee’s setting', async () => {
    await tipsPerDayItem.setValue(10);
    await repeatAfterDaysItem.setValue(0);
    await managedConfigItem.setValue(mergeManagedPolicy(null, { maxTipsPerDay: 1 }));
    expect((await visit(page(1))).tip).toBe(true);
    expect((await visit(page(2))).popup!.held?.reason).toBe('dailyLimit');
  });

  it('“not relevant” from the tip demotes the resource on that site only', async () => {
    await repeatAfterDaysItem.setValue(0);
    const first = await visit(page(1));
    expect(first.shown).toEqual(['pivot']);
    await handlers['resource:verdict']!({ id: 'pivot', verdict: 'notRelevant' }, contentScript(page(1)));
    expect(await feedbackItem.getValue()).toEqual([{ at: now, site: '127.0.0.1', id: 'pivot', verdict: 'notRelevant' }]);
    const again = await visit(page(2));
    expect(again.shown).not.toContain('pivot');
    expect(again.popup!.cards.at(-1)!.id).toBe('pivot');
    expect((await visit('http://localhost:8080/sheets/x.html')).shown).toEqual(['pivot']);
    // Undo from the popup.
    await handlers['resource:verdict']!({ id: 'pivot', verdict: null, site: '127.0.0.1' }, EXTENSION_PAGE);
    expect((await visit(page(3))).shown).toEqual(['pivot']);
  });

  it('by default the caps come from the enterprise policy in force', async () => {
    const fromPolicy = backgroundHandlers();
    await managedConfigItem.setValue(mergeManagedPolicy(null, { maxTipsPerDay: 1 }));
    await tipsPerDayItem.setValue(10);
    await repeatAfterDaysItem.setValue(0);
    const visitWith = async (url: string) => {
      const { tip } = await reportPage(fromPolicy, url);
      if (tip) await fromPolicy['tip:show']!(undefined, contentScript(url));
      return tip;
    };
    expect(await visitWith(page(1))).toBe(true);
    expect(await visitWith(page(2))).toBe(false);
  });

  it('a content script may only act on resources shown in its own tab', async () => {
    await visit(page(1));
    await expect(handlers['resource:save']!({ id: 'feedback', saved: true }, contentScript(page(1)))).rejects.toThrow(/Refused/);
    await expect(handlers['resource:verdict']!({ id: 'feedback', verdict: 'notRelevant' }, contentScript(page(1)))).rejects.toThrow(
      /Refused/,
    );
    await expect(handlers['resource:save']!({ id: 'pivot', saved: true }, WEB_PAGE_PRETENDING)).rejects.toThrow(/Refused/);
    // Another URL in the same tab is not the page the tip was for.
    await expect(handlers['resource:save']!({ id: 'pivot', saved: true }, contentScript(page(2)))).rejects.toThrow(/Refused/);
  });

  it('saves from the tip with the catalogue’s data, marks it useful for the site, and keeps history', async () => {
    await visit(page(1));
    await handlers['resource:save']!({ id: 'pivot', saved: true, site: 'ignored.example.com' }, contentScript(page(1)));
    const [saved] = await savedItem.getValue();
    expect(saved).toMatchObject({ id: 'pivot', title: 'Pivot tables in Excel', url: 'https://learn.example.com/pivot', at: now });
    expect(await feedbackItem.getValue()).toEqual([{ at: now, site: '127.0.0.1', id: 'pivot', verdict: 'useful' }]);
    // Asked again (the worker restarted), the tip is the same, counted once, and knows what is saved.
    expect(await handlers['tip:show']!(undefined, contentScript(page(1)))).toMatchObject({ cards: [{ id: 'pivot' }], saved: ['pivot'] });
    expect((await tipLogItem.getValue()).shown).toHaveLength(1);

    await handlers['resource:opened']!({ id: 'feedback' }, EXTENSION_PAGE);
    await handlers['resource:opened']!({ id: 'pivot' }, contentScript(page(1)));
    expect((await historyItem.getValue()).map((r) => r.id)).toEqual(['pivot', 'feedback']);

    await handlers['resource:save']!({ id: 'pivot', saved: false }, EXTENSION_PAGE);
    expect(await savedItem.getValue()).toEqual([]);
    await expect(handlers['resource:save']!({ id: 'no-such-resource', saved: true }, EXTENSION_PAGE)).rejects.toThrow(
      /no longer in the catalogue/,
    );
  });

  it('clears saved, history, or everything, in one message each', async () => {
    await visit(page(1));
    await handlers['resource:save']!({ id: 'pivot', saved: true }, EXTENSION_PAGE);
    await handlers['resource:opened']!({ id: 'pivot' }, EXTENSION_PAGE);
    await handlers['attention:snooze']!({ kind: 'everywhereDay' }, EXTENSION_PAGE);
    await handlers['attention:clear']!('saved', EXTENSION_PAGE);
    expect(await savedItem.getValue()).toEqual([]);
    expect(await historyItem.getValue()).toHaveLength(1);
    await handlers['attention:clear']!('all', EXTENSION_PAGE);
    expect(await historyItem.getValue()).toEqual([]);
    expect(await tipLogItem.getValue()).toEqual({ shown: [], dismissed: [] });
    expect((await snoozesItem.getValue()).everywhereUntil).toBeNull();
  });

  it('answers several actions at once without losing any (one write at a time)', async () => {
    await Promise.all(['pivot', 'feedback', 'pivot-nl'].map((id) => handlers['resource:save']!({ id, saved: true }, EXTENSION_PAGE)));
    expect((await savedItem.getValue()).map((r) => r.id).sort()).toEqual(['feedback', 'pivot', 'pivot-nl']);
  });

  it('refuses whatever else a page sends, and the stored state stays well-formed (fuzzed)', async () => {
    await visit(page(1));
    const types = ['tip:dismiss', 'attention:snooze', 'resource:verdict', 'resource:save', 'resource:opened'] as const;
    // Random data, and near-valid messages about resources and sites the tab never showed.
    const id = fc.oneof(fc.string(), fc.constantFrom('pivot', 'feedback', 'pivot-nl'));
    const payloads = fc.oneof(
      fc.anything(),
      fc.array(id, { maxLength: 12 }),
      fc.record(
        {
          id,
          saved: fc.boolean(),
          verdict: fc.constantFrom('notRelevant', 'useful', null, 'x'),
          kind: fc.constantFrom('siteDay', 'siteForever', 'everywhereHour', 'everywhereDay', 'quiet', 'x'),
          site: fc.oneof(fc.string(), fc.constant('evil.example.com')),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...types), payloads, async (type, payload) => {
        const handler = handlers[type]! as (data: unknown, sender: Sender) => Promise<unknown>;
        await handler(payload, contentScript(page(1))).catch((error: unknown) => expect(error).toBeInstanceOf(Error));
        const [log, saved, feedback, snoozes] = await Promise.all([
          tipLogItem.getValue(),
          savedItem.getValue(),
          feedbackItem.getValue(),
          snoozesItem.getValue(),
        ]);
        expect(log.dismissed.every((d) => d.id === 'pivot')).toBe(true);
        expect(saved.every((r) => r.id === 'pivot')).toBe(true);
        expect(feedback.every((f) => f.site === '127.0.0.1' && f.id === 'pivot')).toBe(true);
        expect(snoozes.sites.every((s) => s.site === '127.0.0.1')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('catalogue languages', () => {
  it('lists the catalogue’s languages and filters search by one', async () => {
    expect(await handlers['catalogue:languages']!(undefined, EXTENSION_PAGE)).toEqual(['en', 'nl']);
    const dutch = await handlers['catalogue:search']!({ text: 'pivot', language: 'nl' }, EXTENSION_PAGE);
    expect(dutch.map((c) => c.id)).toEqual(['pivot-nl']);
  });
});

describe('the tip frame', () => {
  const url = 'http://127.0.0.1:8080/sheets/help.html';
  const frame = (tabUrl = url, tabId = 7): Sender => ({
    id: 'test-extension-id',
    // Chromium loads it through the per-session dynamic id (use_dynamic_url).
    url: 'chrome-extension://0f1e2d3c-dynamic/tip-frame.html#bottom-right,432',
    frameId: 4,
    tab: { id: tabId, url: tabUrl } as Sender['tab'],
  });

  it('gets the cards of the tip shown in its own tab, from the background only', async () => {
    await reportPage(handlers, url);
    // Before the tip was shown (and counted) there is nothing for a frame to show.
    expect(await handlers['tip:frameContent']!(undefined, frame())).toBeNull();
    await handlers['tip:show']!(undefined, contentScript(url));
    expect(await handlers['tip:frameContent']!(undefined, frame())).toMatchObject({ cards: [{ id: 'pivot' }], saved: [] });
    // Another tab, or the tab now showing another page, gets nothing.
    expect(await handlers['tip:frameContent']!(undefined, frame(url, 8))).toBeNull();
    expect(await handlers['tip:frameContent']!(undefined, frame('http://127.0.0.1:8080/other.html'))).toBeNull();
  });

  it('gets the brand, and its “Ask” names the tab’s page only when ticked', async () => {
    const { profile } = parseLdProfile({ name: 'Leren & Ontwikkelen', contact: 'mailto:leren@example.com' }, { strict: true });
    const resources = await readCatalogue(db);
    await activateCatalogue(db, resources, { source: 'import', label: 't.json', profile: profile! });
    await reportPage(handlers, url);
    await handlers['tip:show']!(undefined, contentScript(url));
    expect(await handlers['tip:frameContent']!(undefined, frame())).toMatchObject({
      brand: { name: 'Leren & Ontwikkelen' },
      page: { url },
    });
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as Awaited<ReturnType<typeof fakeBrowser.tabs.create>>);
    expect(await handlers['ld:ask']!({ topic: 'Pivot tables', includePage: false }, frame())).toEqual({ opened: true });
    expect(decodeURIComponent(create.mock.calls[0]![0].url!)).toMatch(/^mailto:leren@example\.com\?subject=.*Pivot tables/);
    expect(decodeURIComponent(create.mock.calls[0]![0].url!)).not.toContain(url);
    // The frame cannot name another tab: the page is always its own tab's, as the browser reports it.
    await handlers['ld:ask']!({ topic: 'Pivot tables', includePage: true, tabId: 8 }, frame());
    expect(decodeURIComponent(create.mock.calls[1]![0].url!)).toContain(url);
    for (const sender of [contentScript(url), WEB_PAGE_PRETENDING])
      await expect(handlers['ld:ask']!({ topic: 'x', includePage: true }, sender)).rejects.toThrow(/Refused/);
    expect(create).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['the content script', contentScript(url)],
    ['a web page', WEB_PAGE_PRETENDING],
    ['the frame page as a top frame', { ...frame(), frameId: 0 }],
    ['another extension page in a frame', { ...frame(), url: 'chrome-extension://0f1e2d3c-dynamic/options.html' }],
    ['another extension', { ...frame(), id: 'other-extension' }],
  ])('refuses frame messages from %s', async (_, sender) => {
    await expect(handlers['tip:frameContent']!(undefined, sender)).rejects.toThrow(/Refused/);
    await expect(handlers['tip:frameEvent']!({ kind: 'close', hadFocus: false }, sender)).rejects.toThrow(/Refused/);
    await expect(handlers['tip:opened']!(undefined, sender)).rejects.toThrow(/Refused/);
  });

  it('counts the tip being opened under the page’s suggest rule, from the frame only', async () => {
    const count = vi.fn(async () => undefined);
    const counted = backgroundHandlers({ count } as unknown as NonNullable<Services['analytics']>);
    await counted['tip:opened']!(undefined, frame());
    await vi.waitFor(() => expect(count).toHaveBeenCalledTimes(1));
    expect(count).toHaveBeenCalledWith({ event: 'tipOpened', ruleId: DEMO_SITE_RULES.find((r) => r.action === 'suggest')?.id ?? null });
    await expect(counted['tip:opened']!(undefined, contentScript(url))).rejects.toThrow(/Refused/);
    expect(count).toHaveBeenCalledTimes(1);
  });

  it('acts like the tip in its tab, never like an extension page, and relays its events to the host in the top frame', async () => {
    await reportPage(handlers, url);
    await handlers['tip:show']!(undefined, contentScript(url));
    await handlers['resource:save']!({ id: 'pivot', saved: true }, frame());
    expect((await savedItem.getValue()).map((s) => s.id)).toEqual(['pivot']);
    await expect(handlers['resource:save']!({ id: 'feedback', saved: true }, frame())).rejects.toThrow(/not a resource shown/);
    await expect(handlers['rules:get']!(undefined, frame())).rejects.toThrow(/Refused/);
    // Also at the static extension URL (Firefox's moz-extension URL is that one).
    await expect(
      handlers['rules:get']!(undefined, { ...frame(), url: 'chrome-extension://test-extension-id/tip-frame.html' }),
    ).rejects.toThrow(/Refused/);
    await expect(handlers['attention:clear']!({ what: 'everything' }, frame())).rejects.toThrow(/Refused/);

    const sent = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    await handlers['tip:frameEvent']!({ kind: 'size', width: 392, height: 84 }, frame());
    expect(sent).toHaveBeenCalledWith(
      7,
      { trailmark: 1, type: 'tip:host', data: { kind: 'size', width: 392, height: 84 } },
      { frameId: 0 },
    );
    await expect(handlers['tip:frameEvent']!({ kind: 'size', width: 1e9, height: 1 }, frame())).rejects.toThrow();
    sent.mockRestore();
  });
});
