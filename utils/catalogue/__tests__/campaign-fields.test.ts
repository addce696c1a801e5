import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { parseCatalogueCsv, parseCatalogueJson } from '../import';
import { describeProblem } from '../problems';

const t = createTranslator('en');
const HEADER = 'id,title,url,language,featured_from,featured_until,campaign,tagline,tagline_b,announce';
const png = readFileSync('test/fixtures/profile/logo.png').toString('base64');

describe('campaign and copy fields in the catalogue', () => {
  it('reads featured dates, campaign, both taglines and announce from CSV', () => {
    const result = parseCatalogueCsv(
      `${HEADER}\nr1,Negotiation,https://learn.example.com/n,en,2026-05-01,2026-05-31,Sales month,Close the deal,Win the room,nee\nr2,Plain,https://learn.example.com/p,en,,,,,,`,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.resources[0]).toMatchObject({
      featuredFrom: '2026-05-01',
      featuredUntil: '2026-05-31',
      campaign: 'Sales month',
      tagline: 'Close the deal',
      taglineB: 'Win the room',
      announce: false,
    });
    // Empty cells add nothing, so feeds built before these fields keep their content hash.
    for (const field of ['featuredFrom', 'featuredUntil', 'campaign', 'tagline', 'taglineB', 'announce'])
      expect(result.resources[1]).not.toHaveProperty(field);
  });

  it.each([
    ['a tagline over 120 characters', `r1,T,https://l.example.com,en,,,,${'x'.repeat(121)},,`, 'tagline'],
    ['an end before the start', 'r1,T,https://l.example.com,en,2026-06-01,2026-05-01,,,,', 'featured_until'],
    ['a date that is not one', 'r1,T,https://l.example.com,en,next week,,,,,', 'featured_from'],
    ['an announce that is not yes or no', 'r1,T,https://l.example.com,en,,,,,,maybe', 'announce'],
  ])('refuses %s, naming row and column', (_, line, column) => {
    const result = parseCatalogueCsv(`${HEADER}\n${line}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ row: 2, column });
    expect(describeProblem(result.problems[0]!, t)).toMatch(new RegExp(`^Row 2, column “${column}”`));
  });
});

describe('the L&D profile in a JSON catalogue', () => {
  const resources = [{ id: 'r1', title: 'T', url: 'https://learn.example.com/t', language: 'en' }];

  it('comes with the resources', () => {
    const result = parseCatalogueJson(JSON.stringify({ profile: { name: 'L&D', logo: png, accent: '#2f7d6b' }, resources }));
    expect(result).toMatchObject({ ok: true, profile: { name: 'L&D', logoType: 'image/png', accent: '#2f7d6b' } });
  });

  it('refuses the file when a profile field is bad, naming the field', () => {
    const result = parseCatalogueJson(JSON.stringify({ profile: { name: 'L&D', contact: 'javascript:alert(1)' }, resources }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(describeProblem(result.problems[0]!, t)).toBe(
      "The file's L&D profile was refused: L&D profile, field “contact”: must be an e-mail address starting with mailto: or a web form starting with https:// (found “javascript:alert(1)”)",
    );
  });
});
