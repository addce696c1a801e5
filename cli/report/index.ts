import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CliError, UsageError } from '../lib/load';
import { ReportAggregator } from './aggregate';
import { renderReport } from './html';
import { statementsFromFile, statementsFromLrs } from './read';
import type { ReportLang } from './strings';
import { REPORT_USAGE } from './usage';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface ReportRun {
  out: string;
  statements: number;
  bytes: number;
}

/** `trailmark report`: reads statements page by page, aggregates, writes the HTML. */
export async function runReport(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        lrs: { type: 'string' },
        key: { type: 'string' },
        secret: { type: 'string' },
        statements: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        lang: { type: 'string' },
        'min-group': { type: 'string' },
        'page-size': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return REPORT_USAGE;
  const lang = (values.lang ?? 'en') as ReportLang;
  if (lang !== 'en' && lang !== 'nl') throw new UsageError(`--lang must be en or nl, not "${values.lang}"`);
  for (const name of ['from', 'to'] as const) {
    const value = values[name];
    if (value !== undefined && (!DAY.test(value) || Number.isNaN(Date.parse(value))))
      throw new UsageError(`--${name} must be a date written YYYY-MM-DD, e.g. 2026-11-01 (got "${value}")`);
  }
  if (values.from && values.to && values.from > values.to) throw new UsageError(`--from (${values.from}) is after --to (${values.to})`);
  const minGroup = values['min-group'] === undefined ? 5 : Number(values['min-group']);
  if (!Number.isInteger(minGroup) || minGroup < 1 || minGroup > 1000)
    throw new UsageError(`--min-group must be a whole number from 1 to 1000 (got "${values['min-group']}")`);
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50_000))
    throw new UsageError('--page-size must be a whole number from 1 to 50000');
  if (Boolean(values.lrs) === Boolean(values.statements))
    throw new UsageError('Give either --lrs <endpoint> (with --key and --secret) or --statements <file>');

  let pages: AsyncGenerator<unknown[]>;
  if (values.lrs) {
    const key = values.key ?? env.TRAILMARK_LRS_KEY;
    const secret = values.secret ?? env.TRAILMARK_LRS_SECRET;
    if (!key || !secret) throw new UsageError('--lrs needs --key and --secret (or TRAILMARK_LRS_KEY and TRAILMARK_LRS_SECRET)');
    let endpoint: URL;
    try {
      endpoint = new URL(values.lrs);
    } catch {
      throw new UsageError(`--lrs must be the LRS's address, e.g. https://lrs.example.com/xAPI/ (got "${values.lrs}")`);
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(endpoint.hostname);
    if (endpoint.protocol !== 'https:' && !(endpoint.protocol === 'http:' && loopback))
      throw new UsageError('--lrs must start with https:// (the key and secret must not travel unencrypted)');
    const base = `${endpoint.origin}${endpoint.pathname.replace(/\/+$/, '').replace(/\/statements$/, '')}/`;
    pages = statementsFromLrs(
      { endpoint: base, key, secret },
      { ...(values.from ? { from: values.from } : {}), ...(pageSize ? { pageSize } : {}) },
    );
  } else pages = statementsFromFile(values.statements!);

  const aggregator = new ReportAggregator({ ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}) });
  for await (const page of pages) for (const statement of page) aggregator.add(statement);
  const data = aggregator.result();
  const html = await renderReport(data, { lang, minGroup, generatedAt: new Date() });
  const out = values.out ?? 'report.html';
  try {
    await writeFile(out, html);
  } catch (error) {
    throw new CliError(`Could not write ${out}: ${(error as Error).message}`);
  }
  const skipped = data.skipped.foreign + data.skipped.outOfRange;
  return `Wrote ${out}: ${data.statements.toLocaleString('en')} daily counts${skipped ? `, ${skipped.toLocaleString('en')} other statements skipped` : ''}, ${data.from} to ${data.to}.`;
}
