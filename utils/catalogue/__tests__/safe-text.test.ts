import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { parseCatalogueCsv } from '../import';
import { describeProblem } from '../problems';
import { checkLink, hiddenCharacter, isRealDate } from '../safe-text';
import { ResourceSchema } from '../schema';

const base = { id: 'r1', title: 'Writing clearly', url: 'https://learn.example.com/r1', language: 'en' };

describe('catalogue links that deceive', () => {
  it.each([
    ['https://learn.example.com@evil.example.com/', 'problemLinkUserInfo'],
    ['https://user:pass@evil.example.com/', 'problemLinkUserInfo'],
    ['https://@evil.example.com/', 'problemLinkUserInfo'],
    ['https:evil.example.com/course', 'problemLinkForm'],
    ['https:\\\\evil.example.com\\course', 'problemLinkForm'],
    ['https:/\\evil.example.com/', 'problemLinkForm'],
    ['https:///nohost', 'problemLinkForm'],
    ['\u0000https://evil.example.com/', 'problemLinkHidden'],
    ['https://evil.example.com/\u0000', 'problemLinkHidden'],
    ['https://evil.example.com/a b', 'problemLinkHidden'],
    ['https://learn.example.com/\u202egnp.exe', 'problemLinkHidden'],
    ['https://127.0.0.1/', 'problemLinkPrivate'],
    ['https://localhost/course', 'problemLinkPrivate'],
    ['https://[::1]/', 'problemLinkPrivate'],
    ['https://192.168.1.10/', 'problemLinkPrivate'],
    ['https://10.0.0.1/', 'problemLinkPrivate'],
    ['https://0x7f000001/', 'problemLinkPrivate'],
    ['https://2130706433/', 'problemLinkPrivate'],
    ['https://intranet/', 'problemLinkPrivate'],
    ['http://learn.example.com/', 'problemLinkForm'],
    ['javascript:alert(1)//https://x', 'problemLinkForm'],
  ])('refuses %j (%s)', (url, problem) => {
    expect(checkLink(url)).toEqual({ ok: false, problem });
  });

  it.each([
    ['https://LEARN.Example.com/a/../b?x=1#top', 'https://learn.example.com/b?x=1#top', 'learn.example.com'],
    ['https://ｌｅａｒｎ.example.com/', 'https://learn.example.com/', 'learn.example.com'],
    // Mixed scripts (a Cyrillic а in "exаmple"): stored and shown as punycode, so the card shows a host nobody mistakes.
    ['https://ex\u0430mple.com/', 'https://xn--exmple-4nf.com/', 'xn--exmple-4nf.com'],
    ['https://learn.example.com:443/x', 'https://learn.example.com/x', 'learn.example.com'],
  ])('stores %j as the normalised %j, host %j', (url, href, host) => {
    expect(checkLink(url)).toEqual({ ok: true, href, host });
    expect(ResourceSchema.parse({ ...base, url }).url).toBe(href);
  });

  it('only ever stores an https link to a public host with no user info (fuzzed)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()), (url) => {
        const checked = checkLink(url);
        if (!checked.ok) return;
        const parsed = new URL(checked.href);
        expect(parsed.protocol).toBe('https:');
        expect(parsed.username + parsed.password).toBe('');
        expect(parsed.href).toBe(checked.href);
        expect(checked.host).toBe(parsed.hostname);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('catalogue text that deceives', () => {
  it.each([
    '\u202e',
    '\u202d',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200e',
    '\u200f',
    '\u061c',
    '\u200b',
    '\u2060',
    '\ufeff',
    '\u00ad',
  ])('refuses U+%s in a title', (character) => {
    const title = `Report gnp${character}.exe`;
    expect(hiddenCharacter(title)).toMatch(/^U\+[0-9A-F]{4}$/);
    expect(ResourceSchema.safeParse({ ...base, title }).success).toBe(false);
    expect(ResourceSchema.safeParse({ ...base, description: title }).success).toBe(false);
    expect(ResourceSchema.safeParse({ ...base, skills: [title] }).success).toBe(false);
  });

  it('keeps the joiners some scripts and emoji need', () => {
    expect(ResourceSchema.safeParse({ ...base, title: 'Team 👩\u200d💻 and می\u200cخواهم' }).success).toBe(true);
  });

  it.each([
    ['2026-13-45', false],
    ['2026-02-30', false],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-05-12', true],
    ['2026-05-12T25:00', false],
    ['2026-05-12T09:30:00Z', true],
    ['2026-00-10', false],
  ])('date %s exists: %s', (date, exists) => {
    expect(isRealDate(date)).toBe(exists);
    expect(ResourceSchema.safeParse({ ...base, updatedAt: date }).success).toBe(exists);
  });

  it('explains each refusal by row and column in plain words', () => {
    const csv = [
      'id,title,url,language,updated_at',
      'a,Fine,https://learn.example.com/a,en,2026-01-01',
      'b,Fine,https://learn.example.com@evil.example.com/,en,2026-01-01',
      'c,Report gnp\u202e.exe,https://learn.example.com/c,en,2026-01-01',
      'd,Fine,https://learn.example.com/d,en,2026-13-45',
    ].join('\n');
    const outcome = parseCatalogueCsv(csv);
    expect(outcome.ok).toBe(false);
    const t = createTranslator('en');
    const lines = (outcome as { problems: Parameters<typeof describeProblem>[0][] }).problems.map((p) => describeProblem(p, t));
    expect(lines).toEqual([
      expect.stringMatching(/^Row 3, column “url”: must not contain a user name or password/),
      expect.stringMatching(/^Row 4, column “title”: contains an invisible or text-direction character .*U\+202E/),
      expect.stringMatching(/^Row 5, column “updated_at”: is not a date that exists/),
    ]);
  });
});
