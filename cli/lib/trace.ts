import type { BrowserContext } from 'playwright-core';

/** A DevTools trace event, as far as the page benchmarks read it. */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph?: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { beginData?: { url?: string }; data?: { url?: string; functionName?: string } };
}

/**
 * Opens `url` in a new tab with DevTools tracing on, from before navigation to `settleMs` after
 * the load event, and returns the trace's events (`bench:page` and `test/bench/trace-page.ts`).
 *
 * @example const events = await traceVisit(context, url, ['devtools.timeline', 'v8'], { settleMs: 1500 });
 */
export async function traceVisit(
  context: BrowserContext,
  url: string,
  categories: readonly string[],
  options: { settleMs: number; viewport?: { width: number; height: number } },
): Promise<TraceEvent[]> {
  const page = await context.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: [...categories] }, transferMode: 'ReportEvents' });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(options.settleMs);
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  await page.close();
  return events;
}

/** The median (the mean of the two middle values for an even count; NaN for none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
