import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTranslator } from '../../../i18n';
import type { LdProfile } from '../../../profile/schema';
import { activateCatalogue } from '../../apply';
import { TrailmarkDB } from '../../db';
import { describeFeedProblem } from '../describe';
import { checkFeed } from '../sync';
import { MemoryHost, makeKey, makeResources, type TestKey } from './helpers';

const png = readFileSync('test/fixtures/profile/logo.png');
const PROFILE: LdProfile = {
  name: 'Leren & Ontwikkelen',
  logo: png.toString('base64'),
  logoType: 'image/png',
  accent: '#2f7d6b',
  contact: 'mailto:leren@example.com',
};

let key: TestKey;
let db: TrailmarkDB;
let host: MemoryHost;
const clock = new Date('2026-05-12T09:00:00Z');
const check = () =>
  checkFeed({ url: host.feedUrl, publicKey: key.publicKey }, { db, fetch: host.fetch, now: () => clock, random: () => 0.5 });
const t = createTranslator('en');

beforeAll(async () => {
  key = await makeKey();
});
beforeEach(async () => {
  db = new TrailmarkDB(`profile-${Math.random()}`);
  host = new MemoryHost();
  await activateCatalogue(db, makeResources(3, 9), { source: 'sample', label: 'sample' }, clock);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('the L&D profile in the feed', () => {
  it('arrives with the catalogue, in the same state row', async () => {
    await host.publish(makeResources(10), key, { now: clock, profile: PROFILE });
    expect(await check()).toMatchObject({ outcome: 'updated', version: 1 });
    expect((await db.catalogueState.get('active'))?.profile).toEqual(PROFILE);
  });

  it('a new profile on an unchanged catalogue is a new version (a delta with no resources), so every install takes it', async () => {
    await host.publish(makeResources(10), key, { now: clock, profile: PROFILE });
    await check();
    const built = await host.publish(makeResources(10), key, { now: clock, profile: { ...PROFILE, name: 'Learning & Development' } });
    expect(built.unchanged).toBe(false);
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'delta', version: 2, count: 10 });
    expect((await db.catalogueState.get('active'))?.profile?.name).toBe('Learning & Development');
    // Building it again changes nothing.
    expect(
      (await host.publish(makeResources(10), key, { now: clock, profile: { ...PROFILE, name: 'Learning & Development' } })).unchanged,
    ).toBe(true);
  });

  it('warns when a build drops the profile the previous version had', async () => {
    await host.publish(makeResources(10), key, { now: clock, profile: PROFILE });
    const built = await host.publish(makeResources(10), key, { now: clock });
    expect(built.warnings.join('\n')).toMatch(/pass --profile to keep it/);
  });

  const big = Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]).toString('base64');
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
  it.each([
    ['a 2 MB logo', { logo: big }, 'logo', 'L&D profile, field “logo”: is 2,049 KB; a logo may be at most 32 KB.'],
    ['an SVG logo', { logo: svg }, 'logo', 'L&D profile, field “logo”: is an SVG image'],
    ['a javascript: contact', { contact: 'javascript:alert(1)' }, 'contact', 'L&D profile, field “contact”: must be an e-mail address'],
    ['a low-contrast accent', { accent: '#ffee88' }, 'accent', 'L&D profile, field “accent”: does not stand out enough'],
  ])(
    'refuses a feed whose profile has %s, names the field, and keeps the last good catalogue and profile',
    async (_, bad, field, words) => {
      await host.publish(makeResources(10), key, { now: clock, profile: PROFILE });
      await check();
      const before = JSON.stringify([await db.catalogueState.toArray(), await db.resourcePages.toArray()]);
      // Signed with the right key: only the profile is wrong.
      await host.publish(makeResources(12), key, { now: clock, profile: { ...PROFILE, ...bad } as LdProfile });
      const result = await check();
      expect(result.outcome).toBe('refused');
      expect(result.problem).toMatchObject({ code: 'invalidProfile', profileProblem: { field } });
      expect(describeFeedProblem(result.problem!, t, 'en')).toContain(`The feed's L&D profile was refused: ${words}`);
      expect(JSON.stringify([await db.catalogueState.toArray(), await db.resourcePages.toArray()])).toBe(before);
      expect((await db.feedState.get('feed'))?.lastProblem?.code).toBe('invalidProfile');
    },
  );
});

describe('news from feed updates', () => {
  it('records what an update adds (not announce=false), by delta and by snapshot, and nothing for the first version or for edits', async () => {
    const v1 = makeResources(10);
    await host.publish(v1, key, { now: clock });
    await check();
    expect((await db.catalogueState.get('active'))?.news).toBeUndefined();

    const [extra, quiet] = makeResources(12).slice(10);
    const v2 = [...v1.map((r) => (r.id === 'r0003' ? { ...r, title: 'Edited' } : r)), extra!, { ...quiet!, announce: false }];
    await host.publish(v2, key, { now: clock });
    expect(await check()).toMatchObject({ via: 'delta', version: 2 });
    expect((await db.catalogueState.get('active'))?.news).toEqual([{ id: 'r0010', at: clock.toISOString() }]);

    // Only edits and a retirement: the list stays as it was.
    await host.publish(
      v2.slice(1).map((r) => (r.id === 'r0004' ? { ...r, title: 'Edited too' } : r)),
      key,
      { now: clock },
    );
    await check();
    expect((await db.catalogueState.get('active'))?.news).toEqual([{ id: 'r0010', at: clock.toISOString() }]);

    // A snapshot (no deltas published) is compared with the catalogue it replaces.
    const [another] = makeResources(13).slice(12);
    await host.publish([...v2.slice(1), another!], key, { now: clock, maxDeltas: 0 });
    expect(await check()).toMatchObject({ via: 'snapshot', version: 4 });
    expect((await db.catalogueState.get('active'))?.news?.map((n) => n.id)).toEqual(['r0012', 'r0010']);
  });
});
