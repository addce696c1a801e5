import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `npx trailmark feed build --profile` and `preview` with copy variants, as a plain Node child process. */
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'cli/bin.mjs');
const run = promisify(execFile);

async function trailmark(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_OPTIONS|TEST$)/.test(key)));
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailmark-profile-'));
  await copyFile(join(ROOT, 'test/fixtures/profile/logo.png'), join(dir, 'logo.png'));
  await copyFile(join(ROOT, 'test/fixtures/profile/logo.svg'), join(dir, 'logo.svg'));
  await writeFile(
    join(dir, 'catalogue.csv'),
    'id,title,description,url,language,keywords,tagline,tagline_b\n' +
      'pivot,Pivot tables,Summarise data with pivot tables,https://learn.example.com/pivot,en,pivot table|spreadsheet,Tame your spreadsheet in 10 minutes,Your data has a story: pivot it\n' +
      'feedback,Giving feedback,Feedback conversations,https://learn.example.com/feedback,en,feedback,,\n',
  );
  expect((await trailmark('feed', 'keygen', '--out', join(dir, 'keys'))).code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const profile = (fields: Record<string, string>) =>
  writeFile(
    join(dir, 'profile.json'),
    JSON.stringify({ name: 'Leren & Ontwikkelen', accent: '#2f7d6b', contact: 'mailto:leren@example.com', ...fields }),
  );
const build = () =>
  trailmark(
    'feed',
    'build',
    '--catalogue',
    join(dir, 'catalogue.csv'),
    '--key',
    join(dir, 'keys/feed-private-key.pem'),
    '--out',
    join(dir, 'feed'),
    '--profile',
    join(dir, 'profile.json'),
  );

describe('feed build --profile', () => {
  it('signs the profile, with the logo file embedded, and verify checks it', async () => {
    await profile({ logoFile: 'logo.png' });
    const built = await build();
    expect(built.stderr).toBe('');
    expect(built.stdout).toContain('L&D profile: “Leren & Ontwikkelen”, with logo, contact mailto:leren@example.com.');
    const manifest = JSON.parse(JSON.parse(await readFile(join(dir, 'feed/feed.json'), 'utf8')).manifest);
    expect(manifest.profile).toMatchObject({ name: 'Leren & Ontwikkelen', logoType: 'image/png' });
    expect(manifest.profile.logo).toBe((await readFile(join(dir, 'logo.png'))).toString('base64'));
    const verified = await trailmark('feed', 'verify', '--dir', join(dir, 'feed'), '--public-key', join(dir, 'keys/feed-public-key.txt'));
    expect(verified.stdout).toContain('✓ L&D profile “Leren & Ontwikkelen”: every field valid');
  });

  it('writes nothing when a field is bad, and names every bad field', async () => {
    const before = await readFile(join(dir, 'feed/feed.json'), 'utf8');
    await profile({ logoFile: 'logo.svg', contact: 'javascript:alert(1)', accent: '#ffee88' });
    const built = await build();
    expect(built.code).toBe(1);
    expect(built.stderr).toContain('has 3 problem(s)');
    expect(built.stderr).toContain('field “logo”: is an SVG image');
    expect(built.stderr).toContain('field “accent”: does not stand out enough');
    expect(built.stderr).toContain('field “contact”: must be an e-mail address');
    expect(built.stderr).toContain('Nothing was written.');
    expect(await readFile(join(dir, 'feed/feed.json'), 'utf8')).toBe(before);
  });
});

describe('preview', () => {
  it('shows both copy variants of a resource with taglines', async () => {
    await writeFile(
      join(dir, 'page.html'),
      '<html lang="en"><title>Pivot table help</title><h1>Pivot table</h1><p>Make a pivot table of a spreadsheet.</p></html>',
    );
    await writeFile(join(dir, 'pages.tsv'), 'page_id\turl\tfile\np1\thttps://sheets.example.com/help\tpage.html\n');
    const shown = await trailmark('preview', '--catalogue', join(dir, 'catalogue.csv'), '--pages', join(dir, 'pages.tsv'));
    expect(shown.stderr).toBe('');
    expect(shown.stdout).toContain('copy A: “Tame your spreadsheet in 10 minutes”');
    expect(shown.stdout).toContain('copy B: “Your data has a story: pivot it”');
  });
});
