import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { activateCatalogue, loadSearchIndex } from '../../apply';
import { TrailmarkDB, type CatalogueOverlay, type CatalogueState, type PageIds, type ResourcePage, type StoredIndex } from '../../db';
import { readCatalogue } from '../../pages';
import type { Resource } from '../../schema';
import { sha256Hex, sign } from '../crypto';
import { snapshotText } from '../delta';
import { FEED_ERROR_CODES } from '../errors';
import { EnvelopeSchema, FEED_FILE_NAME, ManifestSchema, type Manifest } from '../schema';
import { checkFeed, initialFeedState, type CheckResult } from '../sync';
import { MemoryHost, makeKey, makeResources, type TestKey } from './helpers';

/*
 * Property tests over the whole check: feed.json, manifests, snapshots and deltas, broken in every
 * way we could think of, served to a real check against a real (fake-indexeddb) database holding
 * version 1. Every broken feed must be refused with a typed problem and leave the active catalogue
 * byte for byte as it was; the only other allowed outcome is the genuine version 2, exactly.
 *
 * FUZZ_RUNS sets the runs per property (default 200); `npm run fuzz` runs 2,000 per property,
 * over 10,000 cases in all, and prints the count.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** Per property: generous, as a 2-core CI machine may run a case in ~25 ms. */
const TIMEOUT = 30_000 + RUNS * 60;
let tried = 0;
/** How each case ended, by problem code (or "genuine"), to show the cases reach every check. */
const endings = new Map<string, number>();

let key: TestKey;
let db: TrailmarkDB;
const v1 = makeResources(20);
const v2: Resource[] = [
  ...v1.slice(2).map((r, i) => (i % 4 === 0 ? { ...r, title: `${r.title} (new)` } : r)),
  ...makeResources(24).slice(20),
];
/** Genuine version 2, once with a delta from version 1 and once as a snapshot only. */
const published = { delta: new MemoryHost(), snapshot: new MemoryHost() };
let saved: {
  pages: ResourcePage[];
  index: StoredIndex;
  state: CatalogueState;
  overlay: CatalogueOverlay | undefined;
  pageIds: PageIds | undefined;
};
let before: string;
let genuine: string;

const utf8 = new TextEncoder();
const dump = async () =>
  JSON.stringify(
    [
      await db.resourcePages.toArray(),
      await db.catalogueOverlay.toArray(),
      await db.pageIds.toArray(),
      await db.catalogueState.toArray(),
      await loadSearchIndex(db),
    ],
    (_, value) => (ArrayBuffer.isView(value) ? Array.from(value as Uint8Array) : value),
  );

beforeAll(async () => {
  // A delta that does not lead to the snapshot's content is a warning in the console; here it is expected.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  key = await makeKey();
  db = new TrailmarkDB(`fuzz-${Math.random()}`);
  await activateCatalogue(db, makeResources(3, 7), { source: 'sample', label: 'sample' });
  for (const [mode, host] of Object.entries(published)) {
    await host.publish(v1, key, { maxDeltas: mode === 'delta' ? 10 : 0 });
    if (mode === 'delta')
      expect(await checkFeed({ url: host.feedUrl, publicKey: key.publicKey }, { db, fetch: host.fetch })).toMatchObject({
        outcome: 'updated',
        version: 1,
      });
    await host.publish(v2, key, { maxDeltas: mode === 'delta' ? 10 : 0 });
  }
  const [index, state, overlay, pageIds] = await Promise.all([
    db.searchIndex.get('catalogue'),
    db.catalogueState.get('active'),
    db.catalogueOverlay.get('active'),
    db.pageIds.get('active'),
  ]);
  saved = { pages: await db.resourcePages.toArray(), index: index!, state: state!, overlay, pageIds };
  before = await dump();
  genuine = snapshotText(v2);
});
afterAll(async () => {
  db.close();
  await db.delete();
  vi.restoreAllMocks();
  const byEnding = [...endings]
    .sort((a, b) => b[1] - a[1])
    .map(([ending, n]) => `${ending} ${n}`)
    .join(', ');
  console.log(
    `feed fuzzing: ${tried.toLocaleString('en')} cases tried (${RUNS} per property); every broken one was refused with a typed problem and left the catalogue unchanged.\nEndings: ${byEnding}`,
  );
});

/** Back to version 1 as it was, feed bookkeeping included (an accepted case moves it on). */
async function restore(): Promise<void> {
  await db.transaction(
    'rw',
    [db.resourcePages, db.searchIndex, db.catalogueOverlay, db.pageIds, db.catalogueState, db.feedState, db.feedStaging],
    async () => {
      await db.resourcePages.clear();
      await db.resourcePages.bulkPut(saved.pages);
      await db.catalogueOverlay.clear();
      if (saved.overlay) await db.catalogueOverlay.put(saved.overlay);
      await db.pageIds.clear();
      if (saved.pageIds) await db.pageIds.put(saved.pageIds);
      await db.searchIndex.put(saved.index);
      await db.catalogueState.put(saved.state);
      await db.feedState.put(initialFeedState());
      await db.feedStaging.clear();
    },
  );
}

/** A host serving the genuine version 2 with some files replaced. */
function hostWith(mode: keyof typeof published, replace: Record<string, string | Uint8Array<ArrayBuffer>>): MemoryHost {
  const host = new MemoryHost();
  for (const [name, bytes] of published[mode].files) host.put(name, bytes);
  for (const [name, content] of Object.entries(replace)) host.put(name, content);
  return host;
}

/** The property: refused with a typed problem and nothing changed, or (when allowed) exactly version 2. */
async function expectRefusedOrGenuine(host: MemoryHost, allowGenuine: boolean): Promise<CheckResult> {
  tried++;
  await restore();
  const result = await checkFeed({ url: host.feedUrl, publicKey: key.publicKey }, { db, fetch: host.fetch });
  const ending = result.problem?.code ?? 'genuine';
  endings.set(ending, (endings.get(ending) ?? 0) + 1);
  if (result.outcome === 'updated' || result.outcome === 'upToDate') {
    expect(allowGenuine, `accepted a broken feed: ${JSON.stringify(result)}`).toBe(true);
    expect(snapshotText(await readCatalogue(db))).toBe(genuine);
  } else {
    expect(result.outcome).toBe('refused');
    expect(FEED_ERROR_CODES).toContain(result.problem?.code);
    expect(await dump()).toBe(before);
  }
  return result;
}

const manifestOf = (host: MemoryHost): Manifest => host.manifest()!;
const feedJsonFor = async (manifestText: string, signer = key) =>
  JSON.stringify({ format: 1, manifest: manifestText, signature: await sign(signer.privateKey, manifestText), keyId: signer.keyId });

/** Broken bytes: cut short, a bit flipped, stray bytes (also invalid UTF-8) put in. */
const byteDamage = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(
        Uint8Array.of(0xff),
        Uint8Array.of(0xc3),
        Uint8Array.of(0xed, 0xa0, 0x80),
        Uint8Array.of(0xf8, 0x88, 0x80, 0x80, 0x80),
      ),
    ),
  }),
);
type ByteDamage = typeof byteDamage extends fc.Arbitrary<infer T> ? T : never;
function damage(bytes: Uint8Array<ArrayBuffer>, change: ByteDamage): Uint8Array<ArrayBuffer> {
  const at = Math.max(0, Math.min(bytes.length - 1, Math.floor(change.at * bytes.length)));
  if (change.kind === 'truncate') return bytes.slice(0, at);
  if (change.kind === 'flip') {
    const copy = bytes.slice();
    copy[at] = copy[at]! ^ (1 << change.bit);
    return copy;
  }
  const out = new Uint8Array(bytes.length + change.bytes.length);
  out.set(bytes.subarray(0, at));
  out.set(change.bytes, at);
  out.set(bytes.subarray(at), at + change.bytes.length);
  return out;
}

/**
 * JSON texts of every type, some of them hostile: nesting up to 100,000 deep and arrays of up to
 * 200,000 items. Kept as text, because building such values to stringify them would overflow the
 * test's own stack.
 */
const hostileText = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
  fc.constantFrom(
    '"__proto__"',
    '""',
    '"https://evil.example.com/x.json"',
    '"../../etc/passwd"',
    '"javascript:alert(1)"',
    '-0',
    '1e999',
    '{"__proto__":{"polluted":true}}',
  ),
  fc.integer({ min: 2, max: 100_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 2, max: 20_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => `[${'0,'.repeat(n - 1)}0]`),
);
const HOLE = '\u0000hostile\u0000';
/** `root` as JSON text with the value at `path` replaced by `text`. */
function withTextAt(root: unknown, path: (string | number)[], text: string): string {
  return JSON.stringify(setAt(root, path, () => HOLE)).replace(JSON.stringify(HOLE), () => text);
}

/** Every path to a value inside `value` (object keys and array positions). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const found = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => found.push(...paths(item, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) found.push(...paths(v, [...prefix, k]));
  return found;
}
function setAt(root: unknown, path: (string | number)[], make: (old: unknown) => unknown): unknown {
  if (path.length === 0) return make(root);
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), make);
  return copy;
}
/** JSON text of `value` with an own `__proto__` key (JSON.stringify cannot write one). */
const withProtoKey = (text: string, inner: string) => `{"__proto__":${inner},${text.slice(1)}`;

describe(`feed fuzzing (${RUNS} runs per property)`, () => {
  it(
    'feed.json with broken bytes is refused, or is the genuine feed',
    async () => {
      const genuineFeed = published.delta.files.get(FEED_FILE_NAME)!;
      await fc.assert(
        fc.asyncProperty(fc.array(byteDamage, { minLength: 1, maxLength: 3 }), async (changes) => {
          const bytes = changes.reduce<Uint8Array<ArrayBuffer>>((b, c) => damage(b, c), genuineFeed);
          await expectRefusedOrGenuine(hostWith('delta', { [FEED_FILE_NAME]: bytes }), true);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'feed.json replaced by any JSON, or an envelope with wrong types, extra or __proto__ keys, is refused',
    async () => {
      const envelope = EnvelopeSchema.parse(JSON.parse(published.delta.text(FEED_FILE_NAME)));
      const broken = fc.oneof(
        hostileText,
        fc
          .tuple(fc.constantFrom(...paths(envelope).filter((p) => p.length > 0)), hostileText)
          .map(([path, text]) => withTextAt(envelope, path, text)),
        fc
          .tuple(
            fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in envelope)),
            fc.jsonValue({ maxDepth: 2 }),
          )
          .map(([k, v]) => JSON.stringify({ ...envelope, [k]: v })),
        hostileText.map((text) => withProtoKey(JSON.stringify(envelope), text)),
        fc.integer({ min: 2, max: 99 }).map((format) => JSON.stringify({ ...envelope, format })),
      );
      await fc.assert(
        fc.asyncProperty(broken, async (text) => {
          // Changing the envelope's signature, key id or format, or adding keys, never yields the genuine feed.
          const same = text === JSON.stringify(envelope);
          await expectRefusedOrGenuine(hostWith('delta', { [FEED_FILE_NAME]: text }), same);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'a manifest changed in any way and signed with the right key is refused, or leads to the genuine content only',
    async () => {
      const manifest = manifestOf(published.delta);
      const manifestPaths = paths(manifest);
      const changed = fc.oneof(
        fc.tuple(fc.constantFrom(...manifestPaths), hostileText).map(([path, text]) => withTextAt(manifest, path, text)),
        fc
          .tuple(fc.constantFrom(...manifestPaths.filter((p) => p.length > 0)), fc.string({ maxLength: 10 }))
          .map(([path, extra]) =>
            JSON.stringify(
              setAt(manifest, path.slice(0, -1), (parent) =>
                parent && typeof parent === 'object' && !Array.isArray(parent) ? { ...parent, [`x${extra}`]: 1 } : parent,
              ),
            ),
          ),
        fc
          .constantFrom(...manifestPaths.filter((p) => typeof p.at(-1) === 'string'))
          .map((path) =>
            JSON.stringify(
              setAt(manifest, path.slice(0, -1), (parent) =>
                Object.fromEntries(Object.entries(parent as object).filter(([k]) => k !== path.at(-1))),
              ),
            ),
          ),
        hostileText.map((text) => withProtoKey(JSON.stringify(manifest), text)),
        fc.string({ maxLength: 64 }).map((s) => JSON.stringify(manifest).slice(0, s.length)),
        fc
          .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 })
          .map((sha) => JSON.stringify({ ...manifest, snapshot: { ...manifest.snapshot, sha256: sha } })),
        fc
          .integer({ min: 2, max: 10_000_000 })
          .map((bytes) => JSON.stringify({ ...manifest, deltas: manifest.deltas.map((d) => ({ ...d, bytes })) })),
      );
      await fc.assert(
        fc.asyncProperty(changed, async (text) => {
          await expectRefusedOrGenuine(hostWith('delta', { [FEED_FILE_NAME]: await feedJsonFor(text) }), true);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  /** Replaces a content file by `content` and makes the manifest name it with its true hash and size, signed. */
  async function republished(
    mode: keyof typeof published,
    which: 'snapshot' | 'delta',
    content: Uint8Array<ArrayBuffer>,
  ): Promise<MemoryHost> {
    const manifest = manifestOf(published[mode]);
    const entry = which === 'snapshot' ? manifest.snapshot : manifest.deltas[0]!;
    const sha256 = await sha256Hex(content);
    const next = ManifestSchema.parse({
      ...manifest,
      ...(which === 'snapshot'
        ? { snapshot: { ...manifest.snapshot, sha256, bytes: Math.max(2, content.length) } }
        : { deltas: [{ ...entry, sha256, bytes: Math.max(2, content.length) }] }),
    });
    return hostWith(mode, { [entry.path]: content, [FEED_FILE_NAME]: await feedJsonFor(JSON.stringify(next)) });
  }

  /** Resource mutations that make any catalogue item invalid. */
  const badResource = fc.oneof(
    // A wrong type in any field (null would only mean "absent", which optional fields allow).
    fc
      .tuple(
        fc.constantFrom('id', 'title', 'description', 'url', 'type', 'language', 'skills', 'keywords', 'active'),
        fc.constantFrom<unknown>(42, {}, [1], true),
      )
      .filter(([field, value]) => !(field === 'active' && value === true))
      .map(([field, value]) => (r: Record<string, unknown>) => ({ ...r, [field]: value })),
    fc.constantFrom<unknown>('30', 1.5, -1, {}, 1e9).map((value) => (r: Record<string, unknown>) => ({ ...r, durationMinutes: value })),
    fc
      .constantFrom('id', 'title', 'url', 'language')
      .map((field) => (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== field))),
    fc.string({ minLength: 1, maxLength: 10 }).map((k) => (r: Record<string, unknown>) => ({ ...r, [`extra_${k}`]: true })),
    fc
      .constantFrom('http://learn.example.com/x', 'javascript:alert(1)', 'ftp://x', '/relative')
      .map((url) => (r: Record<string, unknown>) => ({ ...r, url })),
    fc
      .integer({ min: 51, max: 2_000 })
      .map((n) => (r: Record<string, unknown>) => ({ ...r, skills: Array.from({ length: n }, (_, i) => `s${i}`) })),
    fc
      .integer({ min: 2, max: 1_000 })
      .map((depth) => (r: Record<string, unknown>) => ({ ...r, title: JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown })),
  );
  /** Text-level breakage of a content file: __proto__ keys, bad UTF-8, truncation. */
  const textDamage = (text: string) =>
    fc.oneof(
      fc.double({ min: 0, max: 0.999, noNaN: true }).map((f) => utf8.encode(text.slice(0, Math.floor(f * text.length)))),
      fc.constantFrom(Uint8Array.of(0xff), Uint8Array.of(0xc3, 0x28), Uint8Array.of(0xed, 0xa0, 0x80)).map((bad) => {
        const bytes = utf8.encode(text);
        const at = text.indexOf('"title":"') + 9;
        return Uint8Array.from([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at)]);
      }),
    );

  it(
    'a snapshot broken in any way, with a manifest that names it truthfully, is refused',
    async () => {
      const manifest = manifestOf(published.snapshot);
      const text = published.snapshot.text(manifest.snapshot.path);
      const items = JSON.parse(text) as Record<string, unknown>[];
      const broken = fc.oneof(
        fc
          .tuple(fc.nat(items.length - 1), badResource)
          .map(([i, change]) => utf8.encode(JSON.stringify(items.map((r, j) => (i === j ? change(r) : r))))),
        fc
          .nat(items.length - 1)
          .map((i) =>
            utf8.encode(
              `[${items.map((r, j) => (i === j ? withProtoKey(JSON.stringify(r), '{"active":false}') : JSON.stringify(r))).join(',')}]`,
            ),
          ),
        fc.nat(items.length - 1).map((i) => utf8.encode(JSON.stringify([...items, { ...items[i]! }]))), // a duplicate id, and one more than the manifest counts
        fc
          .nat(items.length - 1)
          .map((i) => utf8.encode(JSON.stringify(items.map((r, j) => (i === j ? { ...r, id: items[(j + 1) % items.length]!.id } : r))))),
        hostileText.map((text) => utf8.encode(text)),
        fc.constant(utf8.encode(JSON.stringify({ resources: items }))),
        textDamage(text),
      );
      await fc.assert(
        fc.asyncProperty(broken, async (content) => {
          await expectRefusedOrGenuine(await republished('snapshot', 'snapshot', content), false);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'a delta broken in any way, with a manifest that names it truthfully, is refused',
    async () => {
      const manifest = manifestOf(published.delta);
      const text = published.delta.text(manifest.deltas[0]!.path);
      const delta = JSON.parse(text) as { fromVersion: number; toVersion: number; upserts: Record<string, unknown>[]; retire: string[] };
      expect(delta.upserts.length).toBeGreaterThan(0);
      expect(delta.retire.length).toBeGreaterThan(0);
      const broken = fc
        .oneof(
          fc
            .tuple(fc.nat(delta.upserts.length - 1), badResource)
            .map(([i, change]) => ({ ...delta, upserts: delta.upserts.map((r, j) => (i === j ? change(r) : r)) })),
          // Wrong types; arrays for the lists could be valid deltas (that the content check would then turn down).
          fc
            .tuple(fc.constantFrom('fromVersion', 'toVersion', 'upserts', 'retire'), hostileText)
            .filter(([field, text]) => (field.endsWith('Version') ? text !== String(delta[field as 'fromVersion']) : !text.startsWith('[')))
            .map(([field, text]) => withTextAt(delta, [field], text)),
          fc
            .constantFrom('fromVersion', 'toVersion', 'upserts', 'retire')
            .map((field) => Object.fromEntries(Object.entries(delta).filter(([k]) => k !== field))),
          fc.string({ minLength: 1, maxLength: 10 }).map((k) => ({ ...delta, [`extra_${k}`]: 1 })),
          fc.constant({ ...delta, retire: [...delta.retire, delta.upserts[0]!.id as string] }),
          fc.constant({ ...delta, retire: [...delta.retire, ...delta.retire] }),
          fc.constantFrom('not an id!', '', ' ').map((id) => ({ ...delta, retire: [...delta.retire, id] })),
          fc.integer({ min: 2, max: 9 }).map((v) => ({ ...delta, fromVersion: v, toVersion: v + 1 })),
        )
        .map((value) => utf8.encode(typeof value === 'string' ? value : JSON.stringify(value)));
      const protoKey = hostileText.map((inner) => utf8.encode(withProtoKey(text, inner)));
      await fc.assert(
        fc.asyncProperty(fc.oneof(broken, protoKey, textDamage(text)), async (content) => {
          await expectRefusedOrGenuine(await republished('delta', 'delta', content), false);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'a genuine feed signed with another key, or a content file that does not match its hash, is refused',
    async () => {
      const manifest = manifestOf(published.delta);
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          fc.constantFrom(manifest.snapshot.path, manifest.deltas[0]!.path, manifest.snapshot.gzip!.path, manifest.deltas[0]!.gzip!.path),
          fc.nat(),
          async (otherKey, file, seed) => {
            if (otherKey) {
              const stranger = await makeKey();
              const result = await expectRefusedOrGenuine(
                hostWith('delta', { [FEED_FILE_NAME]: await feedJsonFor(JSON.stringify(manifest), stranger) }),
                false,
              );
              expect(result.problem?.code).toBe('otherKey');
            } else {
              const bytes = published.delta.files.get(file)!.slice();
              bytes[seed % bytes.length] = bytes[seed % bytes.length]! ^ 0x20;
              // A changed delta fails its hash. A changed snapshot is not even downloaded: the delta applies.
              // Neither is the uncompressed delta: its gzipped copy is what an install downloads.
              const isDelta = file === manifest.deltas[0]!.gzip!.path;
              const result = await expectRefusedOrGenuine(hostWith('delta', { [file]: bytes }), !isDelta);
              if (isDelta) expect(result.problem?.code).toBe('hashMismatch');
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
