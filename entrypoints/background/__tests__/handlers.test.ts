import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activateCatalogue } from '@/utils/catalogue/apply';
import { TrailmarkDB } from '@/utils/catalogue/db';
import { ResourceSchema } from '@/utils/catalogue/schema';
import { onMessages, type Sender } from '@/utils/messaging/protocol';
import type { PageSignals } from '@/utils/signals/schema';
import { createCatalogueService } from '../catalogue-service';
import { createFeedService } from '../feed-service';
import { createHandlers } from '../handlers';
import { ruleState, type RuleState } from '../rules-service';
import * as tipScript from '../tip-script';

const EXTENSION_PAGE: Sender = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' };
const contentScript = (url: string, tabId = 7): Sender => ({ id: 'test-extension-id', url, frameId: 0, tab: { id: tabId } as Sender['tab'] });
const WEB_PAGE_PRETENDING: Sender = { id: 'test-extension-id', url: 'https://evil.example.com/', frameId: 0 };

const signals = (url: string, fields: Partial<PageSignals> = {}): PageSignals => ({
  url,
  lang: 'en',
  title: 'Build a pivot table from sales data',
  description: '',
  keywords: [],
  ogTitle: '',
  ogDescription: '',
  h1: ['Pivot tables'],
  h2: [],
  h3: [],
  text: 'Summarise sales data with a pivot table in Excel.',
  ...fields,
});

let db: TrailmarkDB;
let handlers: ReturnType<typeof createHandlers>;
let state: RuleState;

beforeEach(async () => {
  db = new TrailmarkDB(`handlers-${Math.random()}`);
  await activateCatalogue(
    db,
    [
      ResourceSchema.parse({ id: 'pivot', title: 'Pivot tables in Excel', url: 'https://learn.example.com/pivot', language: 'en', keywords: ['pivot table'], description: 'Summarise sales data.' }),
      ResourceSchema.parse({ id: 'feedback', title: 'Giving feedback', url: 'https://learn.example.com/feedback', language: 'en' }),
    ],
    { source: 'import', label: 't.csv' },
  );
  state = ruleState(null, null, []);
  const catalogue = createCatalogueService(db);
  const feed = createFeedService(db, { readSettings: async () => ({ url: '', publicKey: '' }), onUpdated: () => catalogue.invalidate() });
  handlers = createHandlers(catalogue, async () => state, feed);
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
    expect(await handlers['page:signals']!(signals(url), contentScript(url))).toEqual({ tip: true });
    expect(tipScript.injectTipUi).toHaveBeenCalledWith(7);
    const cards = await handlers['tip:get']!(undefined, contentScript(url));
    expect(cards.map((c) => c.id)).toEqual(['pivot']);
    const forPopup = await handlers['popup:tabMatches']!(7, EXTENSION_PAGE);
    expect(forPopup).toMatchObject({ tip: true, decision: { action: 'suggest', rule: 'Demo workday site' } });
  });

  it('uses the sender’s URL, not the one the page claims, for the rules', async () => {
    const blocked = 'http://127.0.0.1:8080/hr/review.html';
    const result = await handlers['page:signals']!(signals('http://127.0.0.1:8080/sheets/x.html'), contentScript(blocked));
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

  it.each(['catalogue:import', 'catalogue:search', 'catalogue:status', 'popup:tabMatches', 'popup:lookHere', 'rules:get', 'rules:save', 'rules:explain', 'feed:status', 'feed:check'] as const)(
    'accepts %s only from extension pages',
    async (type) => {
      const handler = handlers[type]! as (data: unknown, sender: Sender) => Promise<unknown>;
      await expect(handler({ name: 'x.csv', text: '' }, contentScript('http://127.0.0.1/x'))).rejects.toThrow(/Refused/);
      await expect(handler({ name: 'x.csv', text: '' }, WEB_PAGE_PRETENDING)).rejects.toThrow(/Refused/);
    },
  );

  it('keeps the active catalogue when an import has problems', async () => {
    const outcome = await handlers['catalogue:import']!({ name: 'bad.csv', text: 'id,title\n1,x' }, EXTENSION_PAGE);
    expect(outcome).toMatchObject({
      ok: false,
      problems: [
        { code: 'problemMissingColumn', column: 'url' },
        { code: 'problemMissingColumn', column: 'language' },
      ],
    });
    const found = await handlers['catalogue:search']!('pivot', EXTENSION_PAGE);
    expect(found.map((c) => c.id)).toEqual(['pivot']);
  });
});

describe('site rules through the background', () => {
  const policy = (values: Record<string, unknown>) => ({ values, warnings: [] });
  const rule = (id: string, action: 'suggest' | 'block', patterns: string[]) => ({ id, name: id, action, patterns, skills: [], keywords: [], audience: [], enabled: true });

  it('lets a content script read a page only where a suggest rule applies', async () => {
    expect(await handlers['page:mayRead']!(undefined, contentScript('http://127.0.0.1:8080/sheets/x.html'))).toEqual({ read: true });
    expect(await handlers['page:mayRead']!(undefined, contentScript('http://127.0.0.1:8080/hr/review.html'))).toEqual({ read: false });
    expect(await handlers['page:mayRead']!(undefined, contentScript('https://elsewhere.example.org/'))).toEqual({ read: false });
    await expect(handlers['page:mayRead']!(undefined, WEB_PAGE_PRETENDING)).rejects.toThrow(/Refused/);
  });

  it('saves valid rules, and refuses invalid ones with the rule and field', async () => {
    expect(await handlers['rules:save']!([rule('crm', 'suggest', ['https://crm.example.com/*'])], EXTENSION_PAGE)).toEqual({ ok: true });
    const refused = await handlers['rules:save']!([rule('crm', 'suggest', ['https://crm.example.com'.replace('https', 'htps') + '/*'])], EXTENSION_PAGE);
    expect(refused).toMatchObject({ ok: false, problems: [{ rule: 1, ruleId: 'crm', field: 'patterns', item: 1, key: 'ruleFault_patternScheme' }] });
  });

  it('refuses to save when the organisation locked the rules, and keeps policy ids for the policy', async () => {
    state = ruleState(null, policy({ siteRules: [rule('org-crm', 'suggest', ['https://crm.example.com/*'])] }), []);
    const clash = await handlers['rules:save']!([rule('org-crm', 'suggest', ['https://wiki.example.com/*'])], EXTENSION_PAGE);
    expect(clash).toMatchObject({ ok: false, problems: [{ key: 'ruleFault_policyId' }] });
    state = ruleState(null, policy({ lockSettings: true }), []);
    await expect(handlers['rules:save']!([], EXTENSION_PAGE)).rejects.toThrow(/Refused/);
  });

  it('explains a URL with the rules in force, policy rules first', async () => {
    state = ruleState([rule('own-crm', 'suggest', ['https://crm.example.com/*'])], policy({ siteRules: [rule('org-payroll', 'block', ['https://crm.example.com/payroll/*'])] }), []);
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
