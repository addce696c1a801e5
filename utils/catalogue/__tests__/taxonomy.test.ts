import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { parseCatalogueJson, parseTaxonomy } from '../import';
import { describeProblem } from '../problems';
import { MAX_TAXONOMY_SKILLS } from '../schema';

const resource = { id: 'j1', title: 'Onderhandelen', url: 'https://learn.example.com/o', language: 'nl', skills: ['negotiation'] };
const skill = {
  id: 'negotiation',
  labels: { en: 'Negotiation', nl: 'Onderhandelen' },
  synonyms: { en: ['bargaining'], nl: ['onderhandeling'] },
};

describe('parseTaxonomy', () => {
  it('reads skills with labels and synonyms, filling in what is left out', () => {
    expect(parseTaxonomy([skill, { id: 'crm' }])).toEqual({
      ok: true,
      skills: [skill, { id: 'crm', labels: {}, synonyms: { en: [], nl: [] } }],
    });
  });

  it.each([
    ['not a list', { id: 'x' }, [{ code: 'problemTaxonomyShape' }]],
    ['an item that is not an object', [skill, 'crm'], [{ code: 'problemSkillShape', row: 2 }]],
    ['a missing id', [{ labels: { en: 'X' } }], [{ code: 'problemSkill_id', row: 1, column: 'id' }]],
    [
      'a label that is a list',
      [{ id: 'x', labels: { nl: ['a'] } }],
      [{ code: 'problemSkill_labels', row: 1, column: 'labels.nl', value: '["a"]' }],
    ],
    [
      'synonyms as text',
      [{ id: 'x', synonyms: { en: 'a, b' } }],
      [{ code: 'problemSkill_synonyms', row: 1, column: 'synonyms.en', value: 'a, b' }],
    ],
    [
      'the same id twice (any case)',
      [skill, { id: 'Negotiation' }],
      [{ code: 'problemSkillDuplicate', row: 2, value: 'Negotiation', otherRow: 1 }],
    ],
    [
      'too many skills',
      Array.from({ length: MAX_TAXONOMY_SKILLS + 1 }, (_, i) => ({ id: `s${i}` })),
      [{ code: 'problemTaxonomyTooLarge' }],
    ],
  ])('refuses %s', (_, value, problems) => {
    const result = parseTaxonomy(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toMatchObject(problems.map((p) => ({ ...p, section: 'taxonomy' })));
  });

  it('never throws on arbitrary JSON, and only accepts what the schema allows', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseTaxonomy(value);
        if (result.ok) for (const s of result.skills) expect(typeof s.id).toBe('string');
        else expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every well-formed taxonomy', () => {
    const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
    const skills = fc.uniqueArray(
      fc.record({
        id: text,
        labels: fc.record({ en: text, nl: text }, { requiredKeys: [] }),
        synonyms: fc.record({ en: fc.array(text, { maxLength: 5 }), nl: fc.array(text, { maxLength: 5 }) }),
      }),
      { selector: (s) => s.id.trim().toLowerCase(), maxLength: 20 },
    );
    fc.assert(
      fc.property(skills, (value) => {
        expect(parseTaxonomy(value).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseCatalogueJson with a taxonomy', () => {
  it('returns the taxonomy beside the resources', () => {
    const result = parseCatalogueJson(JSON.stringify({ resources: [resource], taxonomy: [skill] }));
    expect(result).toMatchObject({ ok: true, resources: [{ id: 'j1' }], taxonomy: [skill] });
  });

  it('has no taxonomy when the file has none, as with CSV', () => {
    const result = parseCatalogueJson(JSON.stringify({ resources: [resource] }));
    expect(result.ok && 'taxonomy' in result).toBe(false);
  });

  it('lists problems in resources and taxonomy together, and imports nothing', () => {
    const result = parseCatalogueJson(JSON.stringify({ resources: [{ ...resource, url: 'http://x' }], taxonomy: [{ id: '' }] }));
    expect(result).toMatchObject({
      ok: false,
      problemCount: 2,
      problems: [
        { code: 'problemField_url', row: 1 },
        { code: 'problemSkill_id', row: 1, section: 'taxonomy' },
      ],
    });
  });

  it.each([
    ['en', 'Taxonomy skill 2, field “labels.nl”: must be one label per language'],
    ['nl', 'Vaardigheid 2 van de taxonomie, veld “labels.nl”: moet één label per taal zijn'],
  ] as const)('words a taxonomy problem by skill and field (%s)', (locale, start) => {
    const result = parseTaxonomy([skill, { id: 'x', labels: { nl: 7 } }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(describeProblem(result.problems[0]!, createTranslator(locale))).toMatch(new RegExp(`^${start}.*\\(.*7.*\\)$`));
  });
});
