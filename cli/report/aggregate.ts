import { ANALYTICS_EVENTS, type AnalyticsEvent } from '../../utils/analytics/events';
import { EXTENSIONS, eventOfVerb } from '../../utils/analytics/xapi';

/**
 * The report's aggregation: statements in, counts out, in memory bounded by the number of distinct
 * (day, site rule, object, event, variant) keys (the catalogue, the rules and the days), never by the
 * number of statements or installations. Each statement is one installation's count for one
 * (day, rule, object, event, variant), and an installation has one variant, so the statements behind
 * a (day, rule, object, event) key are that many different installations. A figure that sums several
 * keys (days, resources) had at least as many installations as its largest key: the small-group rule
 * uses that lower bound, because installations cannot be told apart across keys, by design.
 */

interface Cell {
  /* A key's statements on one day each come from a different installation (one statement per installation, key and day). */
  /** Statements, i.e. installations, behind the key. */
  statements: number;
  sum: number;
}

export interface Total {
  sum: number;
  /** At least this many installations contributed (see above). */
  installations: number;
}
const EMPTY: Total = { sum: 0, installations: 0 };
const add = (total: Total | undefined, cell: Cell): Total => ({
  sum: (total?.sum ?? 0) + cell.sum,
  installations: Math.max(total?.installations ?? 0, cell.statements),
});

export interface ReportData {
  from: string;
  to: string;
  /** Days, or ISO weeks (their Monday) when the span is longer than `WEEKLY_AFTER_DAYS`. */
  granularity: 'day' | 'week';
  periods: string[];
  tools: { id: string; name: string; shown: Total; opened: Total; gaps: Total; perPeriod: Map<string, { shown: Total; opened: Total }> }[];
  resources: { id: string; name: string; opened: Total; saved: Total; notRelevant: Total }[];
  variants: Record<'A' | 'B', { shown: Total; opened: Total }>;
  totals: Record<AnalyticsEvent, Total>;
  statements: number;
  /** Statements that were not Trailmark's or were malformed, and those outside the dates. */
  skipped: { foreign: number; outOfRange: number };
}

export const WEEKLY_AFTER_DAYS = 45;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const NO_RULE = '\u0000';

export class ReportAggregator {
  /** (day, rule, object, event) → statements and sum, over both variants. */
  private readonly cells = new Map<string, Cell>();
  /** (day, rule, event, variant) → statements and sum, for the copy comparison (tips shown, resources opened). */
  private readonly variantCells = new Map<string, Cell>();
  private readonly names = new Map<string, string>();
  private readonly ruleNames = new Map<string, string>();
  private minDay: string | undefined;
  private maxDay: string | undefined;
  statements = 0;
  readonly skipped = { foreign: 0, outOfRange: 0 };

  constructor(private readonly range: { from?: string; to?: string } = {}) {}

  /** Takes one statement as the LRS returns it; anything not Trailmark's is skipped and counted. */
  add(statement: unknown): void {
    const s = statement as {
      verb?: { id?: unknown };
      object?: { id?: unknown; definition?: { name?: Record<string, unknown> } };
      result?: { extensions?: Record<string, unknown> };
      context?: { extensions?: Record<string, unknown> };
      actor?: { account?: { name?: unknown } };
    };
    const event = typeof s?.verb?.id === 'string' ? eventOfVerb(s.verb.id) : undefined;
    const day = s?.context?.extensions?.[EXTENSIONS.day];
    const count = s?.result?.extensions?.[EXTENSIONS.count];
    const objectId = s?.object?.id;
    if (
      !event ||
      s.actor?.account?.name !== 'trailmark' ||
      typeof day !== 'string' ||
      !DAY_RE.test(day) ||
      typeof count !== 'number' ||
      !Number.isInteger(count) ||
      count < 1 ||
      count > 10_000_000 ||
      typeof objectId !== 'string'
    ) {
      this.skipped.foreign++;
      return;
    }
    if ((this.range.from && day < this.range.from) || (this.range.to && day > this.range.to)) {
      this.skipped.outOfRange++;
      return;
    }
    const extensions = s.context!.extensions!;
    const rule = typeof extensions[EXTENSIONS.siteRule] === 'string' ? (extensions[EXTENSIONS.siteRule] as string) : NO_RULE;
    const variantRaw = extensions[EXTENSIONS.copyVariant];
    const variant = variantRaw === 'A' || variantRaw === 'B' ? variantRaw : '-';
    bump(this.cells, `${day}\t${rule}\t${objectId}\t${event}`, count);
    if (variant !== '-' && (event === 'tipShown' || event === 'resourceOpened'))
      bump(this.variantCells, `${day}\t${rule}\t${event}\t${variant}`, count);
    const ruleName = extensions[EXTENSIONS.siteRuleName];
    if (typeof ruleName === 'string' && rule !== NO_RULE && !this.ruleNames.has(rule)) this.ruleNames.set(rule, ruleName.slice(0, 200));
    const name = s.object?.definition?.name;
    if (name && !this.names.has(objectId)) {
      const first = Object.values(name).find((v) => typeof v === 'string');
      if (typeof first === 'string') this.names.set(objectId, first.slice(0, 200));
    }
    if (!this.minDay || day < this.minDay) this.minDay = day;
    if (!this.maxDay || day > this.maxDay) this.maxDay = day;
    this.statements++;
  }

  /** The figures the report shows. */
  result(): ReportData {
    const from = this.range.from ?? this.minDay ?? new Date().toISOString().slice(0, 10);
    const to = this.range.to ?? this.maxDay ?? from;
    const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
    const granularity = span > WEEKLY_AFTER_DAYS ? 'week' : 'day';
    const periodOf = (day: string) => (granularity === 'day' ? day : mondayOf(day));
    const periods: string[] = [];
    for (
      let d = Date.parse(`${periodOf(from)}T00:00:00Z`);
      d <= Date.parse(`${to}T00:00:00Z`);
      d += (granularity === 'day' ? 1 : 7) * 86_400_000
    )
      periods.push(new Date(d).toISOString().slice(0, 10));

    const totals = Object.fromEntries(ANALYTICS_EVENTS.map((e) => [e, EMPTY])) as Record<AnalyticsEvent, Total>;
    const tools = new Map<string, ReportData['tools'][number]>();
    const resources = new Map<string, ReportData['resources'][number]>();
    const variants: ReportData['variants'] = { A: { shown: EMPTY, opened: EMPTY }, B: { shown: EMPTY, opened: EMPTY } };
    for (const [key, cell] of this.cells) {
      const [day, rule, objectId, event] = key.split('\t') as [string, string, string, AnalyticsEvent];
      totals[event] = add(totals[event], cell);
      if (rule !== NO_RULE) {
        let tool = tools.get(rule);
        if (!tool)
          tools.set(
            rule,
            (tool = { id: rule, name: this.ruleNames.get(rule) ?? rule, shown: EMPTY, opened: EMPTY, gaps: EMPTY, perPeriod: new Map() }),
          );
        const period = periodOf(day);
        const slot = tool.perPeriod.get(period) ?? { shown: EMPTY, opened: EMPTY };
        if (event === 'tipShown') {
          tool.shown = add(tool.shown, cell);
          slot.shown = add(slot.shown, cell);
        } else if (event === 'resourceOpened') {
          tool.opened = add(tool.opened, cell);
          slot.opened = add(slot.opened, cell);
        } else if (event === 'contentGap') tool.gaps = add(tool.gaps, cell);
        tool.perPeriod.set(period, slot);
      }
      if (event === 'resourceOpened' || event === 'saved' || event === 'notRelevant') {
        let resource = resources.get(objectId);
        if (!resource)
          resources.set(
            objectId,
            (resource = { id: objectId, name: this.names.get(objectId) ?? objectId, opened: EMPTY, saved: EMPTY, notRelevant: EMPTY }),
          );
        const field = event === 'resourceOpened' ? 'opened' : event;
        resource[field] = add(resource[field], cell);
      }
    }
    for (const [key, cell] of this.variantCells) {
      const [, , event, variant] = key.split('\t') as [string, string, AnalyticsEvent, 'A' | 'B'];
      const slot = variants[variant];
      if (event === 'tipShown') slot.shown = add(slot.shown, cell);
      else slot.opened = add(slot.opened, cell);
    }
    return {
      from,
      to,
      granularity,
      periods,
      tools: [...tools.values()].sort((a, b) => b.shown.sum - a.shown.sum || b.gaps.sum - a.gaps.sum || a.name.localeCompare(b.name)),
      resources: [...resources.values()].sort((a, b) => b.opened.sum - a.opened.sum || a.name.localeCompare(b.name)),
      variants,
      totals,
      statements: this.statements,
      skipped: this.skipped,
    };
  }
}

function bump(cells: Map<string, Cell>, key: string, count: number): void {
  const cell = cells.get(key);
  if (cell) {
    cell.statements++;
    cell.sum += count;
  } else cells.set(key, { statements: 1, sum: count });
}

/** The Monday of a day's ISO week. */
export function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}
