import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A real LRS for tests: Learning Locker's statements service (`xapi-statements`, a dev dependency)
 * on loopback, in memory. It checks statements as Learning Locker does: it refuses a missing
 * version header, unknown keys and actors with two identifiers.
 */
export interface LocalLrs {
  /** The xAPI endpoint, e.g. http://127.0.0.1:41234/xAPI/ */
  endpoint: string;
  port: number;
  /** Any key and secret work in its test auth mode. */
  key: string;
  secret: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const entry = () => createRequire(import.meta.url).resolve('xapi-statements/dist/index.js');
/** Makes its memory mode's `more` links follow the stored order (see ordered-ids.mjs). */
const ORDERED_IDS = fileURLToPath(new URL('./ordered-ids.mjs', import.meta.url));

/** Starts the LRS and resolves once it answers; `port` to restart one on the same address. */
export async function startLocalLrs(port?: number, extraEnv: Record<string, string> = {}): Promise<LocalLrs> {
  const chosen = port ?? (await freePort());
  // It writes access logs and attachments under its working directory: keep them out of the checkout.
  const cwd = mkdtempSync(join(tmpdir(), 'trailmark-lrs-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', ORDERED_IDS, entry()], {
    env: {
      PATH: process.env.PATH ?? '',
      MODELS_REPO: 'memory',
      STORAGE_REPO: 'memory',
      AUTH_REPO: 'test',
      EVENTS_REPO: 'test',
      EXPRESS_PORT: String(chosen),
      // Quiet: its request log and the AWS SDK's notice are noise in test output.
      WINSTON_CONSOLE_LEVEL: 'error',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      NODE_NO_WARNINGS: '1',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd,
  });
  child.once('exit', () => rmSync(cwd, { recursive: true, force: true }));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()).slice(-4000));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()).slice(-4000));
  const endpoint = `http://127.0.0.1:${chosen}/xAPI/`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The local LRS stopped (exit ${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${endpoint}about`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`The local LRS did not start within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    port: chosen,
    key: 'trailmark-test-key',
    secret: 'trailmark-test-secret',
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Every statement the LRS holds, following `more` links. */
export async function allStatements(lrs: Pick<LocalLrs, 'endpoint' | 'key' | 'secret'>, limit = 500): Promise<Record<string, unknown>[]> {
  const headers = {
    'X-Experience-API-Version': '1.0.3',
    Authorization: `Basic ${Buffer.from(`${lrs.key}:${lrs.secret}`).toString('base64')}`,
  };
  const out: Record<string, unknown>[] = [];
  let url: string | null = `${lrs.endpoint}statements?limit=${limit}`;
  while (url) {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`LRS ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { statements: Record<string, unknown>[]; more?: string };
    out.push(...page.statements);
    url = page.more ? new URL(page.more, lrs.endpoint).toString() : null;
  }
  return out;
}

/** Stores statements in the LRS in batches, as the extension would (POST /statements). */
export async function postStatements(
  lrs: Pick<LocalLrs, 'endpoint' | 'key' | 'secret'>,
  statements: Iterable<unknown>,
  batchSize = 1000,
): Promise<number> {
  const headers = {
    'X-Experience-API-Version': '1.0.3',
    'Content-Type': 'application/json',
    Authorization: `Basic ${Buffer.from(`${lrs.key}:${lrs.secret}`).toString('base64')}`,
  };
  let batch: unknown[] = [];
  let stored = 0;
  const flush = async () => {
    if (!batch.length) return;
    const response = await fetch(`${lrs.endpoint}statements`, { method: 'POST', headers, body: JSON.stringify(batch) });
    if (!response.ok) throw new Error(`LRS ${response.status}: ${await response.text()}`);
    stored += batch.length;
    batch = [];
  };
  for (const statement of statements) {
    batch.push(statement);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return stored;
}

/** Settings for loading many statements fast: write-time checks off (they do not change what is read back). */
export const BULK_LOAD_ENV = {
  SERVICE_CHECK_CONFLICTS: 'false',
  SERVICE_CHECK_VOIDS: 'false',
  SERVICE_UPDATE_VOIDS: 'false',
  SERVICE_UPDATE_REFS: 'false',
  SERVICE_UPDATE_ACTIVITIES: 'false',
  SERVICE_CHECK_ATTACHMENTS: 'false',
};
