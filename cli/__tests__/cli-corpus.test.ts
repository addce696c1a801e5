import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XSS_CORPUS } from '../../test/fixtures/xss-corpus';
import { terminalText } from '../lib/terminal-text';

/**
 * The XSS and URL corpus through the CLI's output, in a plain Node child process as admins run it:
 * `catalogue check` (accepted titles in the report, refused values echoed in the problems) and
 * `policy check` (rule names and patterns echoed). A terminal acts on control characters and
 * direction controls, so none may reach it raw.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'cli/bin.mjs');
const run = promisify(execFile);
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

async function trailmark(...args: string[]): Promise<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_OPTIONS|TEST$)/.test(key)));
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env, maxBuffer: 64 << 20 });
    return stdout + stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return (failed.stdout ?? '') + (failed.stderr ?? '');
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailmark-cli-corpus-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the XSS and URL corpus in CLI output', () => {
  it('terminalText leaves ordinary text alone and escapes every control', () => {
    expect(terminalText('Excel: pivot tables\n\tfor “managers” – ok')).toBe('Excel: pivot tables\n\tfor “managers” – ok');
    expect(terminalText('a\u001b[2Jb\u202ec\rd')).toBe('a\\u001b[2Jb\\u202ec\\u000dd');
    expect(JSON.parse(terminalText(JSON.stringify({ t: 'x\u009by\u2066' })))).toEqual({ t: 'x\u009by\u2066' });
  });

  it(`catalogue check and policy check print ${XSS_CORPUS.length} hostile strings without a raw control`, async () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(200);
    const good = (i: number, title: string) => ({
      id: `t${i}`,
      title,
      description: title,
      url: `https://learn.example.com/t${i}`,
      language: 'en',
    });
    // Titles alone: what the import accepts is reported; what it refuses is echoed. Links: refused ones are echoed.
    const titles = join(dir, 'titles.json');
    await writeFile(titles, JSON.stringify(XSS_CORPUS.map((text, i) => good(i, text))));
    const links = join(dir, 'links.json');
    await writeFile(links, JSON.stringify(XSS_CORPUS.map((text, i) => ({ ...good(i, 'Writing clearly'), url: text }))));
    const policy = join(dir, 'policy.json');
    const rules = XSS_CORPUS.map((text, i) => ({ id: `r${i}`, name: text, patterns: [text], action: 'suggest', keywords: [text] }));
    await writeFile(policy, JSON.stringify({ siteRules: rules }));

    const outputs = await Promise.all([
      trailmark('catalogue', 'check', titles),
      trailmark('catalogue', 'check', titles, '--json'),
      trailmark('catalogue', 'check', links),
      trailmark('policy', 'check', policy),
    ]);
    for (const output of outputs) {
      expect(output.length).toBeGreaterThan(0);
      expect(output.match(RAW_CONTROL)?.[0]).toBeUndefined();
    }
    // The hostile text is shown (escaped), not swallowed: the admin sees what to fix.
    expect(outputs.join('\n')).toContain('\\u001b[2J');
    console.log(`CLI corpus: ${XSS_CORPUS.length} strings tried through catalogue check (titles, links) and policy check`);
  }, 120_000);
});
