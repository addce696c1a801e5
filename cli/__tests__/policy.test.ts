import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import schema from '../../public/managed_schema.json';
import { REGISTRY_KEYS, buildAdmx, runPolicy } from '../policy';

describe('trailmark policy admx', () => {
  const { admx, adml } = buildAdmx(schema as never);
  const xml = (text: string) => new DOMParser().parseFromString(text, 'text/xml');

  it('has one policy per schema property and browser, under that browser’s registry key', () => {
    const policies = [...xml(admx).querySelectorAll('policy')];
    const names = Object.keys(schema.properties);
    expect(policies).toHaveLength(names.length * 3);
    for (const [browser, key] of Object.entries(REGISTRY_KEYS)) {
      for (const name of names) {
        const policy = policies.find((p) => p.getAttribute('name') === `${browser}_${name}`);
        expect(policy?.getAttribute('key'), `${browser}_${name}`).toBe(key);
        const valueName = policy?.getAttribute('valueName') ?? policy?.querySelector('text')?.getAttribute('valueName');
        expect(valueName).toBe(name);
      }
    }
  });

  it('defines every string and presentation the ADMX refers to, in English and Dutch', () => {
    const refs = [...admx.matchAll(/\$\((string|presentation)\.([^)]+)\)/g)].map((m) => [m[1], m[2]] as const);
    for (const language of [adml.en, adml.nl]) {
      const doc = xml(language);
      const strings = new Set([...doc.querySelectorAll('string')].map((s) => s.getAttribute('id')));
      const presentations = new Set([...doc.querySelectorAll('presentation')].map((s) => s.getAttribute('id')));
      for (const [kind, id] of refs) expect((kind === 'string' ? strings : presentations).has(id), `${kind}.${id}`).toBe(true);
    }
    expect(adml.nl).toContain('Siteregels');
  });

  it('writes the files', async () => {
    const out = await mkdtemp(join(tmpdir(), 'trailmark-admx-'));
    try {
      expect(await runPolicy(['admx', '--out', out])).toMatch(/Wrote/);
      expect(await readFile(join(out, 'trailmark.admx'), 'utf8')).toBe(admx);
      expect(await readFile(join(out, 'nl-NL', 'trailmark.adml'), 'utf8')).toBe(adml.nl);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('trailmark policy check', () => {
  it('accepts a valid Chromium policy file', async () => {
    const report = await runPolicy(['check', 'test/fixtures/policy/chromium-valid.json']);
    expect(report).toContain('ok       siteRules (2 rules)');
    expect(report).toContain('ok       lockSettings');
    expect(report).toMatch(/site rules: 2 \(2 from this policy\); own rules locked/);
  });

  it('lists what Trailmark would ignore in a Firefox policies.json, and fails', async () => {
    const error = await runPolicy(['check', 'test/fixtures/policy/firefox-invalid.json']).catch((e: Error) => e.message);
    expect(error).toContain('IGNORED  catalogueFeedUrl: it must be a full https:// address');
    expect(error).toContain('Rule 1 (“crm”), pattern no. 1: is not a valid URL pattern');
    expect(error).toContain('Rule 2 (“hr”), audience: a block rule holds for everyone');
    expect(error).toContain('ok       lockSettings');
  });
});
