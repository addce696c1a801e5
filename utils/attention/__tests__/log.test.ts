import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activeSnoozes,
  addSnooze,
  feedbackForSite,
  keepFirst,
  recordDismissed,
  recordShown,
  recordVerdict,
  resumeSnooze,
  siteOf,
  withdrawVerdict,
  without,
} from '../log';
import { DAY, EMPTY_TIP_LOG, HOUR, KEEP, NO_SNOOZES, SNOOZE_KINDS } from '../model';

const NOW = Date.parse('2026-05-12T10:00:00Z');
const resource = (id: string) => ({
  id,
  title: id,
  url: `https://learn.example.com/${id}`,
  type: 'article',
  language: 'en',
  provider: '',
  description: '',
});

describe('siteOf', () => {
  it.each([
    ['https://crm.example.com/opps/1?x=2#y', 'crm.example.com'],
    ['http://127.0.0.1:8080/sheets/x.html', '127.0.0.1'],
    ['HTTPS://CRM.Example.COM/', 'crm.example.com'],
    ['chrome-extension://abc/popup.html', undefined],
    ['file:///home/me/x.html', undefined],
    ['not a url', undefined],
    [undefined, undefined],
  ])('%s → %s', (url, site) => {
    expect(siteOf(url)).toBe(site);
  });
});

describe('snoozes', () => {
  it.each([
    ['siteDay', { everywhereUntil: null, sites: [{ site: 'a.example', until: NOW + DAY }] }],
    ['siteForever', { everywhereUntil: null, sites: [{ site: 'a.example', until: null }] }],
    ['everywhereHour', { everywhereUntil: NOW + HOUR, sites: [] }],
    ['everywhereDay', { everywhereUntil: NOW + DAY, sites: [] }],
  ] as const)('%s', (kind, expected) => {
    expect(addSnooze(NO_SNOOZES, kind, NOW, 'a.example')).toEqual(expected);
  });

  it('never shortens a longer snooze', () => {
    const forGood = addSnooze(NO_SNOOZES, 'siteForever', NOW, 'a.example');
    expect(addSnooze(forGood, 'siteDay', NOW, 'a.example').sites).toEqual([{ site: 'a.example', until: null }]);
    const day = addSnooze(NO_SNOOZES, 'everywhereDay', NOW);
    expect(addSnooze(day, 'everywhereHour', NOW).everywhereUntil).toBe(NOW + DAY);
  });

  it('a site snooze needs a site', () => {
    expect(() => addSnooze(NO_SNOOZES, 'siteDay', NOW)).toThrow(/needs a site/);
  });

  it('resumes early and forgets snoozes that are over', () => {
    let snoozes = addSnooze(NO_SNOOZES, 'everywhereHour', NOW);
    snoozes = addSnooze(snoozes, 'siteDay', NOW, 'a.example');
    snoozes = addSnooze(snoozes, 'siteForever', NOW, 'b.example');
    expect(resumeSnooze(snoozes, { site: 'a.example' }, NOW).sites.map((s) => s.site)).toEqual(['b.example']);
    expect(resumeSnooze(snoozes, { everywhere: true }, NOW).everywhereUntil).toBeNull();
    expect(activeSnoozes(snoozes, NOW + 2 * DAY)).toEqual({ everywhereUntil: null, sites: [{ site: 'b.example', until: null }] });
  });
});

describe('tip log', () => {
  it('forgets shown tips older than the repeat window, but keeps a day for the budget', () => {
    let log = recordShown(EMPTY_TIP_LOG, { site: 's', ids: ['a'] }, NOW - 20 * DAY, 14);
    log = recordShown(log, { site: 's', ids: ['b'] }, NOW - 10 * DAY, 14);
    log = recordShown(log, { site: 's', ids: ['c'] }, NOW, 14);
    expect(log.shown.map((e) => e.ids[0])).toEqual(['b', 'c']);
    expect(recordShown(log, { site: 's', ids: ['d'] }, NOW + HOUR, 0).shown.map((e) => e.ids[0])).toEqual(['c', 'd']);
  });

  it('stays bounded', () => {
    let log = EMPTY_TIP_LOG;
    for (let i = 0; i < KEEP.shown + 50; i++) log = recordShown(log, { site: 's', ids: [`r${i}`] }, NOW + i, 365);
    expect(log.shown).toHaveLength(KEEP.shown);
    expect(log.shown.at(-1)!.ids).toEqual([`r${KEEP.shown + 49}`]);
  });

  it('records dismissals once per site and resource', () => {
    let log = recordDismissed(EMPTY_TIP_LOG, { site: 's', ids: ['a', 'b'] }, NOW);
    log = recordDismissed(log, { site: 's', ids: ['a'] }, NOW + 1);
    log = recordDismissed(log, { site: 't', ids: ['a'] }, NOW + 2);
    expect(log.dismissed).toEqual([
      { at: NOW, site: 's', id: 'b' },
      { at: NOW + 1, site: 's', id: 'a' },
      { at: NOW + 2, site: 't', id: 'a' },
    ]);
  });
});

describe('feedback', () => {
  it('keeps the latest verdict per site and resource, and can withdraw it', () => {
    let feedback = recordVerdict([], { site: 's', id: 'a', verdict: 'useful' }, NOW);
    feedback = recordVerdict(feedback, { site: 's', id: 'a', verdict: 'notRelevant' }, NOW + 1);
    feedback = recordVerdict(feedback, { site: 't', id: 'b', verdict: 'useful' }, NOW + 2);
    expect(feedbackForSite(feedback, 's')).toEqual({ notRelevant: ['a'], useful: [] });
    expect(feedbackForSite(feedback, 't')).toEqual({ notRelevant: [], useful: ['b'] });
    expect(feedbackForSite(withdrawVerdict(feedback, { site: 's', id: 'a' }), 's')).toEqual({ notRelevant: [], useful: [] });
  });
});

describe('saved and history lists', () => {
  it('puts the latest first, without duplicates, bounded', () => {
    let list = keepFirst([], resource('a'), NOW, 3);
    list = keepFirst(list, resource('b'), NOW + 1, 3);
    list = keepFirst(list, resource('a'), NOW + 2, 3);
    list = keepFirst(list, resource('c'), NOW + 3, 3);
    list = keepFirst(list, resource('d'), NOW + 4, 3);
    expect(list.map((r) => [r.id, r.at])).toEqual([
      ['d', NOW + 4],
      ['c', NOW + 3],
      ['a', NOW + 2],
    ]);
    expect(without(list, 'c').map((r) => r.id)).toEqual(['d', 'a']);
  });

  it('whatever the actions, every list stays within its bound and free of duplicates (property)', () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant('keep' as const), id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }),
      fc.record({ kind: fc.constant('drop' as const), id: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ kind: fc.constant('snooze' as const), snooze: fc.constantFrom(...SNOOZE_KINDS), site: fc.constantFrom('s', 't') }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), fc.nat(10 * DAY), (actions, step) => {
        let list: ReturnType<typeof keepFirst> = [];
        let snoozes = NO_SNOOZES;
        let now = NOW;
        for (const a of actions) {
          now += step;
          if (a.kind === 'keep') list = keepFirst(list, resource(a.id), now, 4);
          else if (a.kind === 'drop') list = without(list, a.id);
          else snoozes = addSnooze(snoozes, a.snooze, now, a.site);
        }
        expect(list.length).toBeLessThanOrEqual(4);
        expect(new Set(list.map((r) => r.id)).size).toBe(list.length);
        expect(new Set(snoozes.sites.map((s) => s.site)).size).toBe(snoozes.sites.length);
      }),
      { numRuns: 300 },
    );
  });
});
