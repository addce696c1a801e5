import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../i18n';
import { describeFeedProblem, formatFeedDate } from '../describe';
import { FEED_ERROR_CODES, type FeedProblem } from '../errors';

const en = createTranslator('en');
const nl = createTranslator('nl');

describe('describeFeedProblem', () => {
  it.each(FEED_ERROR_CODES)('words %s in English and Dutch, with no placeholder or key left over', (code) => {
    const problem: FeedProblem = {
      code,
      file: 'feed.json',
      status: 404,
      version: 3,
      activeVersion: 7,
      date: '2026-05-12T09:00:00Z',
      feedKeyId: 'aaaa',
      keyId: 'bbbb',
    };
    for (const [t, locale] of [
      [en, 'en'],
      [nl, 'nl'],
    ] as const) {
      const text = describeFeedProblem(problem, t, locale);
      expect(text).not.toMatch(/feedProblem_|\$\d|undefined/);
      expect(text.length).toBeGreaterThan(10);
    }
  });

  it.each([
    [{ code: 'badSignature' }, 'The feed’s signature does not match the public key'],
    [
      { code: 'olderVersion', version: 6, activeVersion: 7 },
      'The feed offers version 6, older than the active version 7 (an old copy of the feed?)',
    ],
    [{ code: 'httpStatus', file: 'feed.json', status: 404 }, 'The feed’s server answered 404 for feed.json; check the feed URL'],
    [
      { code: 'malformed', file: 'feed.json', detail: 'manifest: expected string' },
      'feed.json is not a valid Trailmark feed file (manifest: expected string)',
    ],
    [
      {
        code: 'invalidCatalogue',
        file: 'snapshot-v2-00aa11bb.json',
        importProblem: { code: 'problemField_url', row: 5, column: 'url', value: 'http://x' },
        problemCount: 2,
      },
      'snapshot-v2-00aa11bb.json holds 2 invalid resources; the first: Row 5, column “url”: must be a full web address starting with https:// (found “http://x”)',
    ],
  ] as [FeedProblem, string][])('%j reads “%s”', (problem, text) => {
    expect(describeFeedProblem(problem, en, 'en')).toBe(text);
  });

  it('makes the status line of the issue: what is wrong, and which catalogue is still active', () => {
    const line = en(
      'feedStillActive',
      describeFeedProblem({ code: 'badSignature' }, en, 'en'),
      formatFeedDate('2026-05-12T09:00:00Z', 'en', new Date('2026-06-01')),
    );
    expect(line).toBe('The feed’s signature does not match the public key — the catalogue from 12 May is still active.');
    expect(
      nl(
        'feedStillActive',
        describeFeedProblem({ code: 'badSignature' }, nl, 'nl'),
        formatFeedDate('2026-05-12T09:00:00Z', 'nl', new Date('2026-06-01')),
      ),
    ).toBe('De handtekening van de feed past niet bij de publieke sleutel — de catalogus van 12 mei blijft actief.');
  });

  it('adds the year only when it is not this year', () => {
    expect(formatFeedDate('2025-12-31T12:00:00Z', 'en', new Date('2026-06-01'))).toBe('31 December 2025');
  });
});
