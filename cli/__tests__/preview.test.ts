import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../lib/load';
import { describeWhy, formatPreviewJson, preview, PREVIEW_LIMIT } from '../preview';

const fixture = (name: string) => resolve(__dirname, '../../test/fixtures/preview', name);
const base = { catalogue: fixture('catalogue.csv'), pages: fixture('pages.tsv') };
const withRules = { ...base, rules: fixture('rules.json') };

/** What `--json` prints, read back the way a consumer would. */
async function jsonLines(options: Parameters<typeof preview>[0]) {
  return formatPreviewJson(await preview(options))
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

describe('trailmark preview', () => {
  it('prints one line per page, in file order, with exactly page_id, tip and matches', async () => {
    const lines = await jsonLines(withRules);
    expect(lines.map((l) => (l as { page_id: string }).page_id)).toEqual(['sheet', 'lunch', 'hr']);
    for (const line of lines) {
      expect(Object.keys(line as object).sort()).toEqual(['matches', 'page_id', 'tip']);
      const { tip, matches } = line as { tip: unknown; matches: unknown[] };
      expect(typeof tip).toBe('boolean');
      expect(matches.length).toBeLessThanOrEqual(PREVIEW_LIMIT);
      for (const match of matches) {
        expect(match).toEqual({ id: expect.any(String), score: expect.any(Number), why: expect.stringMatching(/^Matches “/) });
      }
      const scores = matches.map((m) => (m as { score: number }).score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it.each([
    // page, with rules.json?, tip, first match (undefined: no matches at all)
    { page: 'sheet', rules: false, tip: true, first: 'pivot-en' },
    { page: 'sheet', rules: true, tip: true, first: 'pivot-en' },
    { page: 'lunch', rules: false, tip: false, first: undefined },
    { page: 'lunch', rules: true, tip: false, first: undefined },
    // Without rules the catch-all rule covers the HR page, and it matches on "feedback" ...
    { page: 'hr', rules: false, tip: true, first: 'feedback-en' },
    // ... but rules.json blocks its host: nothing is ranked at all.
    { page: 'hr', rules: true, tip: false, first: undefined },
  ])('$page (rules: $rules) → tip $tip, first $first', async ({ page, rules, tip, first }) => {
    const result = (await preview(rules ? withRules : base)).find((p) => p.page_id === page)!;
    expect(result.tip).toBe(tip);
    expect(result.matches[0]?.id).toBe(first);
    if (!first) expect(result.matches).toEqual([]);
  });

  it('explains matches with the page words and, when a rule boosted it, the rule', async () => {
    const [plain] = await preview(base);
    const [boosted] = await preview(withRules);
    expect(plain!.matches[0]!.why).toMatch(/^Matches “.*pivot.*”$/);
    expect(boosted!.matches[0]!.why).toMatch(/^Matches “.*pivot.*”; site rule “Team Sheets”$/);
    expect(boosted!.matches[0]!.score).toBeGreaterThan(plain!.matches[0]!.score);
    expect(boosted!.decision).toEqual({ action: 'suggest', rule: 'Team Sheets' });
    expect((await preview(withRules))[2]!.decision).toEqual({ action: 'block', rule: 'HR portal' });
  });

  it.each([
    { why: { words: ['pivot', 'table'] }, text: 'Matches “pivot”, “table”' },
    { why: { words: ['pivot'], rule: 'CRM' }, text: 'Matches “pivot”; site rule “CRM”' },
    { why: { words: [], rule: 'CRM' }, text: 'Site rule “CRM”' },
  ])('describeWhy($why) = $text', ({ why, text }) => {
    expect(describeWhy(why)).toBe(text);
  });

  describe('refuses bad input with a CliError that says where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailmark-preview-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };

    it('a catalogue with invalid rows lists every problem with row, column and value', async () => {
      const catalogue = file('bad.csv', 'id,title,url,language\nok,Fine,https://x.example/a,en\nbad id!,,http://x.example,en\n');
      const error = await preview({ ...base, catalogue }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CliError);
      const message = (error as Error).message;
      expect(message).toContain('3 problem(s)');
      expect(message).toMatch(/Row 3, column “id”.*bad id!/);
      expect(message).toMatch(/Row 3, column “title”/);
      expect(message).toMatch(/Row 3, column “url”.*http:\/\/x\.example/);
    });

    it('rules that do not validate name the rule and the field', async () => {
      const rules = file('rules.json', '[{"id":"r1","name":"R","patterns":["not a pattern"],"action":"suggest"}]');
      await expect(preview({ ...base, rules })).rejects.toThrow(/rule 1 \(id "r1"\), field patterns\[0\]/);
    });

    it('a pages list without the required columns, or with a missing HTML file', async () => {
      await expect(preview({ ...base, pages: file('no-file.tsv', 'page_id\turl\np1\thttps://x.example/\n') })).rejects.toThrow(
        /column\(s\) file/,
      );
      await expect(
        preview({ ...base, pages: file('gone.tsv', 'page_id\turl\tfile\np1\thttps://x.example/\tnope.html\n') }),
      ).rejects.toThrow(/Cannot read HTML of page p1/);
    });
  });
});
