import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { lrsClient, LrsHttpError, type LrsConfig } from '../../utils/analytics/send';
import { CliError } from '../lib/load';

/** Statements per request to the LRS: one page is all the report holds of them at a time. */
export const PAGE_SIZE = 2_000;

/**
 * Every statement stored since `from`, page by page through the LRS's `more` links; a page is
 * handed over and dropped before the next is fetched, so memory does not grow with the LRS.
 * `more` links are followed only on the LRS's own origin: the key is never sent anywhere else.
 */
export async function* statementsFromLrs(config: LrsConfig, options: { from?: string; pageSize?: number } = {}): AsyncGenerator<unknown[]> {
  const client = lrsClient(config);
  const origin = new URL(config.endpoint).origin;
  let response;
  try {
    response = await client.getStatements({
      limit: options.pageSize ?? PAGE_SIZE,
      // Stored is never before the day a statement is about, so this only leaves out what is too old.
      ...(options.from ? { since: `${options.from}T00:00:00.000Z` } : {}),
    });
  } catch (error) {
    throw lrsError(error, config.endpoint);
  }
  for (;;) {
    const page = response.data as { statements?: unknown[]; more?: string };
    if (!Array.isArray(page?.statements))
      throw new CliError(
        `The LRS at ${config.endpoint} did not answer with statements. Is --lrs the xAPI endpoint (e.g. https://lrs.example.com/xAPI/)?`,
      );
    yield page.statements;
    if (!page.more) return;
    const next = new URL(page.more, config.endpoint);
    if (next.origin !== origin)
      throw new CliError(`The LRS sent a "more" link to another site (${next.origin}); stopped so the key is not sent there.`);
    try {
      response = await client.getMoreStatements({ more: `${next.pathname}${next.search}` });
    } catch (error) {
      throw lrsError(error, config.endpoint);
    }
  }
}

function lrsError(error: unknown, endpoint: string): CliError {
  if (error instanceof LrsHttpError && (error.status === 401 || error.status === 403))
    return new CliError(`The LRS at ${endpoint} refused the key and secret (${error.status}). Use a client that may read statements.`);
  if (error instanceof LrsHttpError)
    return new CliError(
      `The LRS at ${endpoint} answered ${error.status}. Check --lrs: it is the xAPI endpoint, e.g. https://lrs.example.com/xAPI/`,
    );
  return new CliError(`Could not reach the LRS at ${endpoint}: ${(error as Error).message}`);
}

/**
 * Statements from an export file: a JSON array, an LRS page (`{"statements": […]}`), or one statement
 * per line (JSON lines, read as a stream, for exports too big to hold).
 */
export async function* statementsFromFile(path: string): AsyncGenerator<unknown[]> {
  try {
    await stat(path);
  } catch {
    throw new CliError(`No file at ${path}. Give --statements an export of statements (JSON or one statement per line).`);
  }
  const head = await new Promise<string>((resolve, reject) => {
    const stream = createReadStream(path, { encoding: 'utf8', start: 0, end: 4095 });
    let text = '';
    stream.on('data', (chunk) => (text += chunk));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
  const first = head.trimStart()[0];
  if (first === '[' || (first === '{' && !/^\s*\{[^\n]*\}\s*(\n|$)/.test(head))) {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new CliError(
        `${path} is not valid JSON (${(error as Error).message}). Export the statements as JSON or one statement per line.`,
      );
    }
    const statements = Array.isArray(data) ? data : (data as { statements?: unknown })?.statements;
    if (!Array.isArray(statements)) throw new CliError(`${path} holds no list of statements: expected [ … ] or { "statements": [ … ] }.`);
    for (let i = 0; i < statements.length; i += PAGE_SIZE) yield statements.slice(i, i + PAGE_SIZE);
    return;
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let page: unknown[] = [];
  let number = 0;
  for await (const line of lines) {
    number++;
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as { statements?: unknown };
      // A one-line LRS page ({"statements": […]}) is a page, not a statement.
      if (value && Array.isArray(value.statements)) page.push(...value.statements);
      else page.push(value);
    } catch {
      throw new CliError(`${path}, line ${number}: not a JSON statement. Each line must hold one statement.`);
    }
    if (page.length >= PAGE_SIZE) {
      yield page;
      page = [];
    }
  }
  if (page.length) yield page;
}
