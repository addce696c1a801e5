import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { mergeManagedPolicy } from '../../settings/managed';
import { accentContrast, contrastRatio } from '../contrast';
import { describeProfileProblem } from '../problems';
import { MAX_LOGO_BYTES, logoKind, parseLdProfile, parsePolicyProfile, profileInForce } from '../schema';

const png = readFileSync('test/fixtures/profile/logo.png').toString('base64');
const webp = readFileSync('test/fixtures/profile/logo.webp').toString('base64');
const svg = readFileSync('test/fixtures/profile/logo.svg').toString('base64');
/** A PNG header followed by padding: a logo of `bytes` bytes. */
const pngOf = (bytes: number) =>
  Buffer.concat([readFileSync('test/fixtures/profile/logo.png'), Buffer.alloc(bytes - 799)]).toString('base64');
const GOOD = {
  name: 'Leren & Ontwikkelen',
  tagline: 'Learning that fits your work',
  logo: png,
  accent: '#2f7d6b',
  contact: 'mailto:leren@example.com',
  contactTopicParam: 'onderwerp',
  about: 'https://learning.example.com/about',
};
const en = createTranslator('en');

describe('parseLdProfile', () => {
  it('takes a complete profile and recognises the logo by its bytes', () => {
    expect(parseLdProfile(GOOD, { strict: true })).toEqual({ profile: { ...GOOD, logoType: 'image/png' }, problems: [] });
    expect(parseLdProfile({ name: 'L&D', logo: webp }).profile?.logoType).toBe('image/webp');
  });

  it.each([
    ['a missing name', { name: '' }, 'name', 'profileProblem_name'],
    ['a name on two lines', { name: 'L&D\nTeam' }, 'name', 'profileProblem_name'],
    ['a tagline of 121 characters', { tagline: 'x'.repeat(121) }, 'tagline', 'profileProblem_tagline'],
    ['a 2 MB logo', { logo: pngOf(2 * 1024 * 1024) }, 'logo', 'profileProblem_logoTooLarge'],
    ['a logo one byte too large', { logo: pngOf(MAX_LOGO_BYTES + 1) }, 'logo', 'profileProblem_logoTooLarge'],
    ['an SVG logo', { logo: svg }, 'logo', 'profileProblem_logoSvg'],
    ['SVG markup as the logo', { logo: '<svg onload="alert(1)"/>' }, 'logo', 'profileProblem_logoSvg'],
    ['a logo address', { logo: 'https://cdn.example.com/logo.png' }, 'logo', 'profileProblem_logoUrl'],
    ['a data: URL', { logo: `data:image/png;base64,${png}` }, 'logo', 'profileProblem_logoUrl'],
    ['a GIF', { logo: Buffer.from('GIF89a\x01\x00\x01\x00').toString('base64') }, 'logo', 'profileProblem_logoType'],
    ['not base64', { logo: 'not base64!' }, 'logo', 'profileProblem_logoEncoding'],
    ['a colour name', { accent: 'teal' }, 'accent', 'profileProblem_accentFormat'],
    ['a light yellow (fails light)', { accent: '#ffcc00' }, 'accent', 'profileProblem_accentContrast'],
    ['a dark blue (fails dark)', { accent: '#0b2a6b' }, 'accent', 'profileProblem_accentContrast'],
    ['a javascript: contact', { contact: 'javascript:alert(1)' }, 'contact', 'profileProblem_contact'],
    ['an http: contact', { contact: 'http://forms.example.com' }, 'contact', 'profileProblem_contact'],
    ['a mailto: without an address', { contact: 'mailto:nobody' }, 'contact', 'profileProblem_contact'],
    ['a topic parameter with spaces', { contactTopicParam: 'the topic' }, 'contactTopicParam', 'profileProblem_contactTopicParam'],
    ['a mailto: about link', { about: 'mailto:ld@example.com' }, 'about', 'profileProblem_about'],
  ])('names and refuses %s, keeping the other fields', (_, change, field, code) => {
    const { profile, problems } = parseLdProfile({ ...GOOD, ...change });
    expect(problems).toEqual([expect.objectContaining({ field, code })]);
    if (field !== 'name') {
      expect(profile?.name).toBe(GOOD.name);
      expect(profile).not.toHaveProperty(field);
      // Every other field stays.
      for (const other of Object.keys(GOOD).filter((k) => k !== field)) expect(profile).toHaveProperty(other);
    } else expect(profile).toBeUndefined();
  });

  it('says which theme an accent fails, with the contrast it reaches', () => {
    const [light] = parseLdProfile({ name: 'L&D', accent: '#ffcc00' }).problems;
    expect(light?.contrast?.failed).toEqual(['light']);
    expect(describeProfileProblem(light!, en)).toBe(
      'L&D profile, field “accent”: does not stand out enough: contrast 1.51:1 in the light theme and 10.32:1 in the dark theme, at least 3:1 is needed in both (light fails).',
    );
    const [dark] = parseLdProfile({ name: 'L&D', accent: '#0b5cad' }).problems;
    expect(dark?.contrast?.failed).toEqual(['dark']);
    expect(describeProfileProblem(dark!, createTranslator('nl'))).toContain('(donker haalt het niet)');
  });

  it('words the size of a logo that is too large', () => {
    const [problem] = parseLdProfile({ name: 'L&D', logo: pngOf(2 * 1024 * 1024) }).problems;
    expect(describeProfileProblem(problem!, en)).toBe('L&D profile, field “logo”: is 2,048 KB; a logo may be at most 32 KB.');
  });

  it('refuses unknown fields only when strict', () => {
    expect(parseLdProfile({ ...GOOD, banner: 'x' }).problems).toEqual([]);
    expect(parseLdProfile({ ...GOOD, banner: 'x' }, { strict: true }).problems).toEqual([
      { field: 'banner', code: 'profileProblem_unknownField' },
    ]);
  });

  it('never throws, and what it keeps checks again without problems (fuzzed)', () => {
    const field = fc.oneof(fc.string(), fc.constant(png), fc.constant(svg), fc.constant('#2f7d6b'), fc.webUrl(), fc.jsonValue());
    const raw = fc.oneof(
      fc.jsonValue(),
      fc.record({ name: field, tagline: field, logo: field, accent: field, contact: field, about: field }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(raw, (value) => {
        const { profile } = parseLdProfile(value, { strict: true });
        if (profile) expect(parseLdProfile(profile, { strict: true }).problems).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('logoKind', () => {
  it('decides by the bytes, not by a name', () => {
    expect(logoKind(png)).toEqual({ type: 'image/png', bytes: 799 });
    expect(logoKind(`${png.slice(0, 20)}\n${png.slice(20)}`)).toMatchObject({ type: 'image/png' });
    expect(logoKind(Buffer.from('\u00ef\u00bb\u00bf<svg/>', 'latin1').toString('base64'))).toEqual({ code: 'profileProblem_logoSvg' });
  });
});

describe('contrast', () => {
  it('matches WCAG 2 figures', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(accentContrast('#2f7d6b')).toEqual({ light: 4.92, dark: 3.17, failed: [] });
  });
});

describe('policy profile', () => {
  it('overrides the feed’s profile field by field and drops only a bad field', () => {
    const { fields, problems } = parsePolicyProfile(JSON.stringify({ contact: 'https://forms.example.com/ask', accent: '#ffcc00' }));
    expect(fields).toEqual({ contact: 'https://forms.example.com/ask' });
    expect(problems.map((p) => p.field)).toEqual(['accent']);
    expect(profileInForce({ name: 'L&D', contact: 'mailto:ld@example.com', accent: '#2f7d6b' }, fields)).toEqual({
      name: 'L&D',
      contact: 'https://forms.example.com/ask',
      accent: '#2f7d6b',
    });
  });

  it('is a profile of its own when it has a name, and nothing without one and without a catalogue profile', () => {
    expect(profileInForce(undefined, parsePolicyProfile({ name: 'HR Academy' }).fields)).toEqual({ name: 'HR Academy' });
    expect(profileInForce(undefined, parsePolicyProfile({ contact: 'mailto:ld@example.com' }).fields)).toBeUndefined();
    expect(parsePolicyProfile({ name: '', about: 'https://x.example.com' })).toMatchObject({
      fields: { about: 'https://x.example.com' },
      problems: [{ field: 'name' }],
    });
  });
});

describe('the ldProfile policy', () => {
  it('applies valid fields, and a refused field keeps its last valid value', () => {
    const first = mergeManagedPolicy(null, { ldProfile: { name: 'HR Academy', accent: '#2f7d6b' } });
    expect(first).toEqual({ values: { ldProfile: { name: 'HR Academy', accent: '#2f7d6b' } }, warnings: [] });
    const second = mergeManagedPolicy(first, {
      ldProfile: JSON.stringify({ name: 'HR Academy', accent: '#ffee88', about: 'https://hr.example.com' }),
    });
    expect(second.values.ldProfile).toEqual({ name: 'HR Academy', accent: '#2f7d6b', about: 'https://hr.example.com' });
    expect(second.warnings).toEqual([
      expect.objectContaining({
        key: 'ldProfile',
        reason: 'policyInvalid_ldProfile',
        keptPrevious: true,
        profileProblems: [expect.objectContaining({ field: 'accent' })],
      }),
    ]);
  });
});

describe('the sample profile', () => {
  it('is valid, with its logo, so the demo shows it', () => {
    const parsed = parseLdProfile(JSON.parse(readFileSync('public/sample-profile.json', 'utf8')), { strict: true });
    expect(parsed.problems).toEqual([]);
    expect(parsed.profile).toMatchObject({ name: 'Leren & Ontwikkelen', logoType: 'image/png', contact: 'mailto:leren@example.com' });
  });
});
