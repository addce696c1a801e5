import { afterAll, beforeAll, expect, it } from 'vitest';
import { allStatements, postStatements, startLocalLrs, type LocalLrs } from '../local-lrs';

/**
 * The test LRS pages in stored order whatever the clock: its memory mode's `more` cursor is its
 * internal id, which ordered-ids.mjs makes a counter (uuid v1 text restarts every 429.5 s).
 */
let lrs: LocalLrs;
beforeAll(async () => {
  lrs = await startLocalLrs();
}, 30_000);
afterAll(() => lrs?.stop());

const statement = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  actor: { objectType: 'Agent', account: { homePage: 'https://example.com', name: 'trailmark' } },
  verb: { id: 'http://id.tincanapi.com/verb/viewed' },
  object: { objectType: 'Activity', id: `https://example.com/r/${n}` },
});

it('gives internal ids whose text order is the order they were stored in, so every `more` page follows on', async () => {
  const statements = Array.from({ length: 7 }, (_, i) => statement(i));
  for (const s of statements) await postStatements(lrs, [s]);
  const headers = { 'X-Experience-API-Version': '1.0.3', Authorization: `Basic ${btoa(`${lrs.key}:${lrs.secret}`)}` };
  const cursors: string[] = [];
  let url: string | null = `${lrs.endpoint}statements?limit=1`;
  while (url) {
    const page = (await (await fetch(url, { headers })).json()) as { more?: string };
    const cursor = page.more ? new URL(page.more, lrs.endpoint).searchParams.get('cursor') : null;
    if (cursor) cursors.push(cursor);
    url = page.more ? new URL(page.more, lrs.endpoint).toString() : null;
  }
  // Newest first: each cursor sorts below the one before it, as text.
  expect(cursors.length).toBeGreaterThanOrEqual(6);
  expect([...cursors].sort().reverse()).toEqual(cursors);
  expect(cursors[0]).toMatch(/^0{8}-0{4}-0{4}-0{4}-0{11}[0-9a-f]$/);
  const ids = (await allStatements(lrs, 2)).map((s) => s.id);
  expect(ids.sort()).toEqual(statements.map((s) => s.id).sort());
});
