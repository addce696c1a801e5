import { describe, expect, it } from 'vitest';
import { ResourceSchema, type Resource } from '../../catalogue/schema';
import { CONFIDENCE_MODEL } from '../../relevance/confidence';
import type { PageMatches } from '../../relevance/rank';
import { featuredEntries, featuredNow, isFeaturedOn, localDay } from '../featured';
import { FEATURED_LIFT, liftFeatured } from '../lift';
import { newsNow, updateNews } from '../news';

const resource = (id: string, extra: Partial<Resource> = {}): Resource =>
  ResourceSchema.parse({ id, title: id, url: `https://learn.example.com/${id}`, language: 'en', ...extra });
/** Noon local time on a day, so the day is the same in every time zone. */
const on = (day: string) => new Date(`${day}T12:00:00`);

describe('featured', () => {
  const catalogue = [
    resource('may', { featuredFrom: '2026-05-01', featuredUntil: '2026-05-31', campaign: 'Sales month' }),
    resource('june', { featuredFrom: '2026-06-01', featuredUntil: '2026-06-30' }),
    resource('open-end', { featuredFrom: '2026-04-01' }),
    resource('ended', { featuredUntil: '2026-03-31' }),
    resource('plain', { campaign: 'no dates, so not featured' }),
    resource('retired', { featuredFrom: '2026-05-01', active: false }),
  ];

  it.each([
    ['2026-04-30', ['open-end']],
    ['2026-05-01', ['may', 'open-end']],
    ['2026-05-31', ['may', 'open-end']],
    ['2026-06-01', ['june', 'open-end']],
    ['2026-07-01', ['open-end']],
  ])('on %s features %j, newest campaign first, both ends inclusive', (day, ids) => {
    const entries = featuredEntries(catalogue, on('2026-04-01'));
    expect(featuredNow(entries, on(day)).map((e) => e.id)).toEqual(ids);
  });

  it('keeps only campaigns that have not ended, and shows at most three', () => {
    expect(featuredEntries(catalogue, on('2026-05-12')).map((e) => e.id)).toEqual(['june', 'may', 'open-end']);
    const many = Array.from({ length: 6 }, (_, i) => resource(`r${i}`, { featuredFrom: `2026-05-0${i + 1}` }));
    expect(featuredNow(featuredEntries(many, on('2026-05-12')), on('2026-05-12')).map((e) => e.id)).toEqual(['r5', 'r4', 'r3']);
  });

  it('counts by the employee’s own calendar day', () => {
    expect(localDay(new Date(2026, 4, 12, 23, 59))).toBe('2026-05-12');
    expect(isFeaturedOn({ id: 'x', until: '2026-05-12' }, new Date(2026, 4, 12, 23, 59))).toBe(true);
    expect(isFeaturedOn({ id: 'x', until: '2026-05-12' }, new Date(2026, 4, 13, 0, 0))).toBe(false);
  });
});

describe('liftFeatured', () => {
  const sure = CONFIDENCE_MODEL.tipThreshold + 0.1;
  const unsure = CONFIDENCE_MODEL.tipThreshold - 0.1;
  const outcome = (matches: [string, number, number][], tip = true): PageMatches => {
    const first = matches.findIndex(([, , c]) => c < CONFIDENCE_MODEL.tipThreshold);
    const tipCount = tip ? Math.min(3, first === -1 ? matches.length : first) : 0;
    return { tip, tipCount, matches: matches.map(([id, score, confidence]) => ({ id, score, confidence, why: { words: [] } })) };
  };
  const ids = (o: PageMatches) => o.matches.map((m) => m.id);

  it('passes a close neighbour', () => {
    const lifted = liftFeatured(
      outcome([
        ['a', 1.0, sure],
        ['f', 0.95, sure],
      ]),
      (id) => id === 'f',
    );
    expect(ids(lifted)).toEqual(['f', 'a']);
  });

  it('never passes a much better match: the lift is bounded', () => {
    const lifted = liftFeatured(
      outcome([
        ['a', 1.0, sure],
        ['f', 1.0 / (FEATURED_LIFT.maxFactor + 0.01), sure],
      ]),
      (id) => id === 'f',
    );
    expect(ids(lifted)).toEqual(['a', 'f']);
  });

  it('lifts nothing below the floor: a resource that does not fit the page stays where it is', () => {
    const before = outcome([
      ['a', 1.0, sure],
      ['f', 0.99, unsure],
    ]);
    expect(liftFeatured(before, (id) => id === 'f')).toBe(before);
  });

  it('never gives a page a tip it did not have', () => {
    const lifted = liftFeatured(
      outcome(
        [
          ['a', 1.0, unsure],
          ['f', 0.95, sure],
        ],
        false,
      ),
      (id) => id === 'f',
    );
    expect(ids(lifted)).toEqual(['f', 'a']);
    expect(lifted).toMatchObject({ tip: false, tipCount: 0 });
  });
});

describe('news', () => {
  const now = new Date('2026-05-12T09:00:00Z');
  const day = 86_400_000;

  it('announces only additions, not edits, retirements or announce=false', () => {
    const news = updateNews(
      [],
      new Set(['kept', 'edited']),
      [resource('edited'), resource('new'), resource('quiet', { announce: false })],
      now,
    );
    expect(news).toEqual([{ id: 'new', at: now.toISOString() }]);
    expect(updateNews(news, new Set(['kept', 'new']), [resource('kept', { title: 'Renamed' })], now)).toEqual(news);
  });

  it('announces nothing for a first catalogue (everything would be new)', () => {
    expect(updateNews(undefined, undefined, [resource('a'), resource('b')], now)).toEqual([]);
  });

  it('shows two weeks, newest first, at most five', () => {
    const entries = Array.from({ length: 8 }, (_, i) => ({ id: `r${i}`, at: new Date(now.getTime() - i * 3 * day).toISOString() }));
    expect(newsNow(entries, now).map((e) => e.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(newsNow(entries, new Date(now.getTime() + 13 * day)).map((e) => e.id)).toEqual(['r0']);
    expect(newsNow(entries, new Date(now.getTime() + 14 * day))).toEqual([]);
  });
});
