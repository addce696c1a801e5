import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activateCatalogue } from '@/utils/catalogue/apply';
import { TrailmarkDB } from '@/utils/catalogue/db';
import { ResourceSchema } from '@/utils/catalogue/schema';
import type { ManagedConfig } from '@/utils/settings/managed';
import { createLdService } from '../ld-service';

const PROFILE = { name: 'Leren & Ontwikkelen', contact: 'mailto:leren@example.com', accent: '#2f7d6b' };
const resource = (id: string, extra: object = {}) =>
  ResourceSchema.parse({ id, title: id, url: `https://learn.example.com/${id}`, language: 'en', ...extra });

let db: TrailmarkDB;
let policy: ManagedConfig | null;
const clock = new Date(2026, 4, 12, 12);
const service = () =>
  createLdService(
    db,
    async () => policy?.values.ldProfile,
    () => clock,
  );

beforeEach(async () => {
  fakeBrowser.reset();
  db = new TrailmarkDB(`ld-${Math.random()}`);
  policy = null;
  await activateCatalogue(
    db,
    [
      resource('running', { featuredFrom: '2026-05-01', featuredUntil: '2026-05-31', campaign: 'May' }),
      resource('later', { featuredFrom: '2026-06-01' }),
      resource('plain'),
    ],
    { source: 'import', label: 'c.json', profile: PROFILE },
    clock,
  );
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('the L&D service', () => {
  it('serves the catalogue’s profile, with policy fields over it', async () => {
    expect(await service().profile()).toEqual({ profile: PROFILE, source: 'import' });
    policy = { values: { ldProfile: { contact: 'https://forms.example.com/ask' } }, warnings: [] };
    expect(await service().profile()).toEqual({ profile: { ...PROFILE, contact: 'https://forms.example.com/ask' }, source: 'import' });
    policy = { values: { ldProfile: { name: 'HR Academy' } }, warnings: [] };
    expect(await service().profile()).toMatchObject({ profile: { name: 'HR Academy' }, source: 'policy' });
  });

  it('features today’s campaigns only, and lists the ones not ended for the popup', async () => {
    expect([...(await service().featuredIds())]).toEqual(['running']);
    expect((await service().campaigns()).map((e) => e.id)).toEqual(['later', 'running']);
  });

  it('opens Ask with the topic, and the page only when asked; nothing without a contact', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const tab = { title: 'Opportunity 42', url: 'https://crm.example.com/opportunities/42' };
    expect(await service().ask({ topic: 'negotiation', includePage: false }, tab)).toEqual({ opened: true });
    const url = (create.mock.calls[0]![0] as { url: string }).url;
    expect(url).toMatch(/^mailto:leren@example\.com\?subject=Question%20for%20Leren%20%26%20Ontwikkelen%3A%20negotiation/);
    expect(url).not.toContain('crm.example.com');
    await service().ask({ topic: 'negotiation', includePage: true }, tab);
    expect(decodeURIComponent((create.mock.calls[1]![0] as { url: string }).url)).toContain('(https://crm.example.com/opportunities/42)');
    policy = { values: { ldProfile: { name: 'HR Academy' } }, warnings: [] };
    await activateCatalogue(db, [resource('plain')], { source: 'import', label: 'c.json' }, clock);
    expect(await service().ask({ topic: 'x', includePage: false }, tab)).toEqual({ opened: false });
    expect(create).toHaveBeenCalledTimes(2);
  });
});
