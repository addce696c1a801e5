import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Resource } from '../../utils/catalogue/schema';
import { catalogueXlsx } from '../fixtures/import/xlsx';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/import');
const run = promisify(execFile);

/** One hand-written export and what a person does beyond accepting the proposed mapping. */
export interface ImportFixture {
  file: string;
  /** Fields typed in as templates (Moodle exports have no URL). */
  templates: Record<string, string>;
  /** How many resources are active after the import. */
  active: number;
}

export const MOODLE_URL = 'https://lms.example.org/course/view.php?name={shortname}';

export const IMPORT_FIXTURES: ImportFixture[] = [
  { file: 'moodle.csv', templates: { url: MOODLE_URL }, active: 3 },
  { file: 'cornerstone.csv', templates: {}, active: 3 },
  { file: 'peoplefluent.csv', templates: {}, active: 3 },
  { file: 'dutch-1252.csv', templates: {}, active: 2 },
  { file: 'catalogue.xlsx', templates: {}, active: 2 },
];

/** Writes every fixture into a folder (the `.xlsx` made by exceljs now) and returns the folder. */
export async function fixtureFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'trailmark-import-e2e-'));
  for (const { file } of IMPORT_FIXTURES) {
    if (file.endsWith('.xlsx')) await writeFile(join(dir, file), await catalogueXlsx());
    else await writeFile(join(dir, file), await readFile(join(FIXTURES, file)));
  }
  return dir;
}

/**
 * The resources `npx trailmark feed build` publishes for a fixture: a plain Node child process,
 * with `--map` for what the person types in the options page.
 */
export async function resourcesFromFeedBuild(dir: string, fixture: ImportFixture): Promise<Resource[]> {
  const keys = join(dir, 'keys');
  const out = join(dir, `feed-${fixture.file}`);
  const bin = join(ROOT, 'cli/bin.mjs');
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_OPTIONS|TEST$)/.test(key)));
  await run(process.execPath, [bin, 'feed', 'keygen', '--out', keys], { cwd: ROOT, env }).catch(() => undefined);
  const map = Object.entries(fixture.templates).map(([field, value]) => `${field}=${value}`);
  await run(
    process.execPath,
    [
      bin,
      'feed',
      'build',
      '--catalogue',
      join(dir, fixture.file),
      '--key',
      join(keys, 'feed-private-key.pem'),
      '--out',
      out,
      ...(map.length ? ['--map', map.join(',')] : []),
    ],
    { cwd: ROOT, env },
  );
  const snapshot = (await readdir(out)).find((name) => name.startsWith('snapshot-'))!;
  return JSON.parse(await readFile(join(out, snapshot), 'utf8')) as Resource[];
}

/** Runs in an extension page: every active resource in IndexedDB, sorted by id (the snapshot's order). */
export function readStoredResources(): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('trailmark');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('resourcePages').objectStore('resourcePages').getAll();
      request.onsuccess = () => {
        open.result.close();
        const all = (request.result as { resources: { id: string; active: boolean }[] }[]).flatMap((page) => page.resources);
        resolve(all.filter((r) => r.active).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
      };
      request.onerror = () => reject(request.error);
    };
  });
}
