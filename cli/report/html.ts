import type { ReportData, Total } from './aggregate';
import { bars, toolsOverTime, variantRates } from './charts';
import { twoProportionPValue, wilsonInterval } from './stats';
import { REPORT_STRINGS, type ReportLang } from './strings';

/** Text into HTML: everything from the LRS (names, ids) is data, never markup. */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export interface ReportOptions {
  lang: ReportLang;
  /** Cells fewer installations than this contributed to are suppressed. */
  minGroup: number;
  generatedAt: Date;
}

const TOP_TOOLS_IN_CHART = 6;
const TOP_RESOURCES = 10;

/** The whole report: one HTML file with inline CSS and SVG, no script, nothing fetched. */
export async function renderReport(data: ReportData, options: ReportOptions): Promise<string> {
  const t = REPORT_STRINGS[options.lang];
  const k = options.minGroup;
  const locale = options.lang === 'nl' ? 'nl-NL' : 'en-GB';
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const shortDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const day = (d: string) => date.format(new Date(`${d}T00:00:00Z`));
  const shown = (total: Total) => total.installations >= k;
  const figure = (total: Total) => (shown(total) ? number.format(total.sum) : t.fewerThan(k));
  const rate = (opened: Total, tips: Total) =>
    shown(opened) && shown(tips) && tips.sum > 0 ? percent.format(Math.min(1, opened.sum / tips.sum)) : '–';

  const periodPhrase = periodText(data.from, data.to, options.lang);
  const tips = data.totals.tipShown;
  const opened = data.totals.resourceOpened;
  const visibleTools = data.tools.filter((tool) => shown(tool.shown));
  const summary: string[] = [];
  if (data.statements === 0) summary.push(t.noData);
  else if (!shown(tips)) summary.push(t.summaryNoTips(periodPhrase));
  else {
    const toolsText =
      options.lang === 'nl'
        ? `${visibleTools.length} ${visibleTools.length === 1 ? 'tool' : 'tools'}`
        : `${visibleTools.length} ${visibleTools.length === 1 ? 'tool' : 'tools'}`;
    summary.push(
      t.summary({
        period: periodPhrase,
        tips: number.format(tips.sum),
        tools: toolsText,
        opened: figure(opened),
        rate: rate(opened, tips),
      }),
    );
    if (visibleTools[0]) summary.push(t.topTool(visibleTools[0].name, number.format(visibleTools[0].shown.sum)));
  }
  const gapTools = data.tools.filter((tool) => shown(tool.gaps)).sort((a, b) => b.gaps.sum - a.gaps.sum);
  if (gapTools[0]) summary.push(t.biggestGap(gapTools[0].name, number.format(gapTools[0].gaps.sum)));
  if (shown(data.totals.searchNoResult)) summary.push(t.searches(number.format(data.totals.searchNoResult.sum)));
  if (shown(data.totals.askLd)) summary.push(t.askLd(number.format(data.totals.askLd.sum)));

  // Copy variants: open rate = resources opened per tip shown, per variant.
  const variants = (['A', 'B'] as const).map((variant) => {
    const v = data.variants[variant];
    const trials = v.shown.sum;
    const successes = Math.min(v.opened.sum, trials);
    return {
      variant,
      trials,
      successes,
      ok: shown(v.shown) && trials > 0,
      ...wilsonInterval(successes, trials),
      rate: trials ? successes / trials : 0,
    };
  });
  const [a, b] = variants as [(typeof variants)[number], (typeof variants)[number]];
  const comparable = a.ok && b.ok;
  const p = comparable ? twoProportionPValue(a.successes, a.trials, b.successes, b.trials) : 1;
  const significant = comparable && p < 0.05;
  if (comparable) {
    if (significant) {
      const [win, lose] = a.rate > b.rate ? [a, b] : [b, a];
      summary.push(t.variantWinner(win.variant, lose.variant, percent.format(win.rate), percent.format(lose.rate)));
    } else summary.push(t.variantNoDifference(percent.format(a.rate), percent.format(b.rate)));
  }

  // Charts: only cells enough installations contributed to.
  const chartTools = visibleTools.slice(0, TOP_TOOLS_IN_CHART);
  const points = chartTools.flatMap((tool, order) =>
    data.periods.flatMap((period) => {
      const slot = tool.perPeriod.get(period);
      const out = [];
      if (!slot || shown(slot.shown)) out.push({ period, tool: tool.name, order, measure: t.shown, value: slot?.shown.sum ?? 0 });
      if (!slot || shown(slot.opened)) out.push({ period, tool: tool.name, order, measure: t.opened, value: slot?.opened.sum ?? 0 });
      return out;
    }),
  );
  const toolsChart = points.length
    ? await toolsOverTime(points, { period: data.granularity === 'day' ? t.date : t.week, value: '', measure: '' })
    : '';
  const topResources = data.resources.filter((r) => shown(r.opened)).slice(0, TOP_RESOURCES);
  const resourcesChart = topResources.length
    ? await bars(
        topResources.map((r) => ({ label: r.name, value: r.opened.sum })),
        { value: t.opened },
      )
    : '';
  const gapsChart = gapTools.length
    ? await bars(
        gapTools.slice(0, 10).map((tool) => ({ label: tool.name, value: tool.gaps.sum })),
        { value: t.gaps },
        '#D55E00',
      )
    : '';
  const variantsChart = comparable
    ? await variantRates(
        variants.map((v) => ({ variant: `${t.variant} ${v.variant}`, rate: v.rate, low: v.low, high: v.high })),
        { rate: t.openRate },
      )
    : '';

  const chart = (svg: string, title: string) =>
    svg ? `<figure class="chart"><figcaption class="visually-hidden">${escapeHtml(t.chartLabel(title))}</figcaption>${svg}</figure>` : '';
  const table = (head: string[], rows: string[][], caption: string) =>
    `<table><caption class="visually-hidden">${escapeHtml(caption)}</caption><thead><tr>${head.map((h, i) => `<th scope="col"${i ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map(
        (row) =>
          `<tr>${row.map((cell, i) => (i ? `<td class="num">${escapeHtml(cell)}</td>` : `<th scope="row">${escapeHtml(cell)}</th>`)).join('')}</tr>`,
      )
      .join('')}</tbody></table>`;

  const toolRows = data.tools
    .filter((tool) => tool.shown.sum > 0 || tool.opened.sum > 0)
    .map((tool) => [tool.name, figure(tool.shown), figure(tool.opened), rate(tool.opened, tool.shown)]);
  const periodRows = chartTools.flatMap((tool) =>
    data.periods
      .filter((period) => tool.perPeriod.has(period))
      .map((period) => {
        const slot = tool.perPeriod.get(period)!;
        return [`${tool.name}, ${shortDate.format(new Date(`${period}T00:00:00Z`))}`, figure(slot.shown), figure(slot.opened)];
      }),
  );
  const resourceRows = data.resources
    .slice(0, TOP_RESOURCES)
    .map((r) => [r.name, figure(r.opened), figure(r.saved), figure(r.notRelevant)])
    .filter((row) => row.slice(1).some((c) => c !== t.fewerThan(k)));
  const gapRows = data.tools
    .filter((tool) => tool.gaps.sum > 0)
    .sort((x, y) => y.gaps.sum - x.gaps.sum)
    .map((tool) => [tool.name, figure(tool.gaps)]);
  const variantRows = variants.map((v) => [
    `${t.variant} ${v.variant}`,
    v.ok ? number.format(v.trials) : t.fewerThan(k),
    v.ok ? number.format(v.successes) : t.fewerThan(k),
    v.ok ? percent.format(v.rate) : '–',
    v.ok ? `${percent.format(v.low)} – ${percent.format(v.high)}` : '–',
  ]);
  const skippedText =
    data.skipped.foreign || data.skipped.outOfRange
      ? options.lang === 'nl'
        ? ` (${number.format(data.skipped.foreign + data.skipped.outOfRange)} andere statements overgeslagen)`
        : ` (${number.format(data.skipped.foreign + data.skipped.outOfRange)} other statements skipped)`
      : '';

  const section = (id: string, title: string, intro: string, body: string) =>
    `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(title)}</h2><p class="intro">${escapeHtml(intro)}</p>${body}</section>`;

  return `<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(`${t.title} · ${t.period(day(data.from), day(data.to))}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(t.title)}</h1><p class="period">${escapeHtml(t.period(day(data.from), day(data.to)))}</p></header>
<section aria-labelledby="summary" class="summary"><h2 id="summary">${escapeHtml(t.summaryTitle)}</h2>${summary.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</section>
${section('tools', t.toolsTitle, t.toolsIntro, chart(toolsChart, t.toolsTitle) + table([t.tool, t.shown, t.opened, t.openRate], toolRows, t.toolsTitle) + (periodRows.length ? `<details><summary>${escapeHtml(data.granularity === 'day' ? t.date : t.week)}</summary>${table([t.tool, t.shown, t.opened], periodRows, t.toolsTitle)}</details>` : ''))}
${section('resources', t.resourcesTitle, t.resourcesIntro, chart(resourcesChart, t.resourcesTitle) + table([t.resource, t.opened, t.saved, t.notRelevant], resourceRows, t.resourcesTitle))}
${section('gaps', t.gapsTitle, t.gapsIntro, chart(gapsChart, t.gapsTitle) + table([t.tool, t.gaps], gapRows, t.gapsTitle))}
${section('variants', t.variantsTitle, t.variantsIntro, chart(variantsChart, t.variantsTitle) + table([t.variant, t.shown, t.opened, t.openRate, t.interval], variantRows, t.variantsTitle) + (comparable ? `<p>${escapeHtml(t.significance(p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`, significant))}</p>` : `<p>${escapeHtml(t.variantTooFew)}</p>`))}
<section aria-labelledby="method" class="method"><h2 id="method">${escapeHtml(t.methodTitle)}</h2><p>${escapeHtml(t.method({ statements: number.format(data.statements), skipped: skippedText, k }))}</p><p>${escapeHtml(t.generated(date.format(options.generatedAt)))}</p></section>
</main>
</body>
</html>
`;
}

/** "In November 2026" for a whole month, else "From 3 to 17 November 2026". */
export function periodText(from: string, to: string, lang: ReportLang): string {
  const locale = lang === 'nl' ? 'nl-NL' : 'en-GB';
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  const lastOfMonth = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
  const wholeMonth = start.getUTCDate() === 1 && end.getTime() === lastOfMonth.getTime();
  if (wholeMonth) {
    const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(start);
    return lang === 'nl' ? `In ${month}` : `In ${month}`;
  }
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return lang === 'nl' ? `Van ${date.format(start)} tot en met ${date.format(end)}` : `From ${date.format(start)} to ${date.format(end)}`;
}

const CSS = `
:root { color-scheme: light; --ink: #111827; --muted: #4b5563; --line: #d1d5db; --accent: #0b5cab; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 860px; margin: 0 auto; padding: 32px 24px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.period, .intro { color: var(--muted); margin: 0 0 12px; }
.summary { background: #f3f6fb; border-left: 4px solid var(--accent); padding: 4px 16px 8px; margin-top: 20px; }
.summary h2 { border: 0; margin-top: 12px; }
.summary p { font-size: 17px; margin: 6px 0; }
figure.chart { margin: 8px 0 12px; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th[scope="row"] { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
details summary { cursor: pointer; color: var(--accent); }
.method p { color: var(--muted); font-size: 13px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  main { max-width: none; padding: 0; }
  section { break-inside: avoid; }
  details { display: none; }
  .summary { background: none; }
}
`;
