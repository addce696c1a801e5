import { describe, expect, it } from 'vitest';
import { decideTip, effectiveAttention, type TipInput } from '../budget';
import { DAY, DEFAULT_ATTENTION, EMPTY_TIP_LOG, HOUR, NO_SNOOZES, type TipLog } from '../model';

const NOW = Date.parse('2026-05-12T10:00:00Z');
const SITE = 'crm.example.com';

const base: TipInput = {
  now: NOW,
  site: SITE,
  candidates: ['a', 'b', 'c'],
  settings: DEFAULT_ATTENTION,
  snoozes: NO_SNOOZES,
  log: EMPTY_TIP_LOG,
  feedback: [],
};
const shownAgo = (ago: number, ids: string[] = ['x'], site = 'other.example.com') => ({ at: NOW - ago, site, ids });
const log = (shown: TipLog['shown'], dismissed: TipLog['dismissed'] = []): TipLog => ({ shown, dismissed });

describe('decideTip: the attention budget', () => {
  it.each<[string, Partial<TipInput>, { show: boolean; cards: string[]; reason: string; until?: number }]>([
    ['a fresh day shows the best three', {}, { show: true, cards: ['a', 'b', 'c'], reason: 'show' }],
    ['nothing confident, nothing shown', { candidates: [] }, { show: false, cards: [], reason: 'noCandidates' }],
    ['at most maxCards', { maxCards: 2 }, { show: true, cards: ['a', 'b'], reason: 'show' }],
    ['quiet mode shows nothing', { settings: { ...DEFAULT_ATTENTION, quiet: true } }, { show: false, cards: [], reason: 'quiet' }],
    [
      'snoozed everywhere for an hour',
      { snoozes: { everywhereUntil: NOW + HOUR, sites: [] } },
      { show: false, cards: [], reason: 'snoozedEverywhere', until: NOW + HOUR },
    ],
    [
      'an everywhere snooze that is over',
      { snoozes: { everywhereUntil: NOW - 1, sites: [] } },
      { show: true, cards: ['a', 'b', 'c'], reason: 'show' },
    ],
    [
      'this site snoozed for a day',
      { snoozes: { everywhereUntil: null, sites: [{ site: SITE, until: NOW + DAY }] } },
      { show: false, cards: [], reason: 'snoozedSite', until: NOW + DAY },
    ],
    [
      'this site snoozed for good',
      { snoozes: { everywhereUntil: null, sites: [{ site: SITE, until: null }] } },
      { show: false, cards: [], reason: 'snoozedSite' },
    ],
    [
      'another site snoozed',
      { snoozes: { everywhereUntil: null, sites: [{ site: 'mail.example.com', until: null }] } },
      { show: true, cards: ['a', 'b', 'c'], reason: 'show' },
    ],
    [
      'three tips in the last 24 hours use up the default budget',
      { log: log([shownAgo(23 * HOUR), shownAgo(2 * HOUR), shownAgo(HOUR)]) },
      { show: false, cards: [], reason: 'dailyLimit', until: NOW - 23 * HOUR + DAY },
    ],
    [
      'tips older than 24 hours do not count',
      { log: log([shownAgo(25 * HOUR), shownAgo(2 * HOUR), shownAgo(HOUR)]) },
      { show: true, cards: ['a', 'b', 'c'], reason: 'show' },
    ],
    ['a budget of 0 never shows', { settings: { ...DEFAULT_ATTENTION, tipsPerDay: 0 } }, { show: false, cards: [], reason: 'dailyLimit' }],
    [
      'the admin cap wins over a larger employee setting',
      { settings: { ...DEFAULT_ATTENTION, tipsPerDay: 10 }, caps: { maxTipsPerDay: 1 }, log: log([shownAgo(HOUR)]) },
      { show: false, cards: [], reason: 'dailyLimit', until: NOW - HOUR + DAY },
    ],
    [
      'a resource shown on this site within the repeat window is left out',
      { log: log([shownAgo(13 * DAY, ['a'], SITE)]) },
      { show: true, cards: ['b', 'c'], reason: 'show' },
    ],
    [
      'after the repeat window it may come again',
      { log: log([shownAgo(15 * DAY, ['a'], SITE)]) },
      { show: true, cards: ['a', 'b', 'c'], reason: 'show' },
    ],
    [
      'the admin’s minimum repeat window wins over a shorter employee setting',
      {
        settings: { ...DEFAULT_ATTENTION, repeatAfterDays: 1 },
        caps: { minRepeatAfterDays: 30 },
        log: log([shownAgo(20 * DAY, ['a'], SITE)]),
      },
      { show: true, cards: ['b', 'c'], reason: 'show' },
    ],
    [
      'shown on another site does not count for this one',
      { log: log([shownAgo(HOUR, ['a'], 'mail.example.com')]) },
      { show: true, cards: ['a', 'b', 'c'], reason: 'show' },
    ],
    [
      'a dismissed resource stays dismissed on this site, however long ago',
      { log: log([], [{ at: NOW - 400 * DAY, site: SITE, id: 'b' }]) },
      { show: true, cards: ['a', 'c'], reason: 'show' },
    ],
    [
      'not relevant on this site is left out',
      { feedback: [{ at: NOW - DAY, site: SITE, id: 'c', verdict: 'notRelevant' }] },
      { show: true, cards: ['a', 'b'], reason: 'show' },
    ],
    [
      '“useful” does not hide anything',
      { feedback: [{ at: NOW - DAY, site: SITE, id: 'c', verdict: 'useful' }] },
      { show: true, cards: ['a', 'b', 'c'], reason: 'show' },
    ],
    [
      'everything seen recently, dismissed or not relevant: no tip',
      {
        log: log([shownAgo(DAY * 2, ['a'], SITE)], [{ at: NOW - DAY, site: SITE, id: 'b' }]),
        feedback: [{ at: NOW - DAY, site: SITE, id: 'c', verdict: 'notRelevant' }],
      },
      { show: false, cards: [], reason: 'seenRecently' },
    ],
    [
      'quiet mode is reported before a snooze',
      { settings: { ...DEFAULT_ATTENTION, quiet: true }, snoozes: { everywhereUntil: NOW + HOUR, sites: [] } },
      { show: false, cards: [], reason: 'quiet' },
    ],
  ])('%s', (_, input, expected) => {
    expect(decideTip({ ...base, ...input })).toEqual(expected);
  });

  it('never shows more tips in 24 hours than the budget, whatever the order of pages', () => {
    let tipLog = EMPTY_TIP_LOG;
    let shown = 0;
    for (let minute = 0; minute < 24 * 60; minute += 10) {
      const now = NOW + minute * 60_000;
      const decision = decideTip({ ...base, now, site: `site-${minute % 7}.example.com`, candidates: [`r${minute}`], log: tipLog });
      if (decision.show) {
        shown++;
        tipLog = { ...tipLog, shown: [...tipLog.shown, { at: now, site: `site-${minute % 7}.example.com`, ids: decision.cards }] };
      }
    }
    expect(shown).toBe(DEFAULT_ATTENTION.tipsPerDay);
  });
});

describe('effectiveAttention', () => {
  it.each([
    [
      'within range, no caps',
      { tipsPerDay: 5, repeatAfterDays: 7 },
      {},
      { tipsPerDay: 5, repeatAfterDays: 7, locked: { tipsPerDay: false, repeatAfterDays: false } },
    ],
    [
      'capped by the admin',
      { tipsPerDay: 5, repeatAfterDays: 7 },
      { maxTipsPerDay: 2, minRepeatAfterDays: 30 },
      { tipsPerDay: 2, repeatAfterDays: 30, locked: { tipsPerDay: true, repeatAfterDays: true } },
    ],
    [
      'below the cap is the employee’s choice',
      { tipsPerDay: 1, repeatAfterDays: 60 },
      { maxTipsPerDay: 2, minRepeatAfterDays: 30 },
      { tipsPerDay: 1, repeatAfterDays: 60, locked: { tipsPerDay: false, repeatAfterDays: false } },
    ],
    [
      'out of range is clamped',
      { tipsPerDay: 500, repeatAfterDays: -3 },
      {},
      { tipsPerDay: 20, repeatAfterDays: 0, locked: { tipsPerDay: false, repeatAfterDays: false } },
    ],
    [
      'a damaged value falls back to the default',
      { tipsPerDay: Number.NaN, repeatAfterDays: 'x' as unknown as number },
      {},
      { tipsPerDay: 3, repeatAfterDays: 14, locked: { tipsPerDay: false, repeatAfterDays: false } },
    ],
  ])('%s', (_, settings, caps, expected) => {
    expect(effectiveAttention({ ...settings, quiet: false }, caps)).toEqual({ ...expected, quiet: false });
  });
});
