import { performance } from 'node:perf_hooks';
import {
  bestHitAt,
  coverageAtFalseTipRate,
  hitAt,
  mean,
  ndcgAt,
  recallAt,
  tipRates,
  tradeOffCurve,
  type ThresholdSweep,
  type TipRates,
  type TradeOffPoint,
} from '../utils/eval/metrics';
import { decidePage } from '../utils/relevance/page';
import { CONFIDENCE_MODEL } from '../utils/relevance/confidence';
import { buildSearchIndex } from '../utils/relevance/search-index';
import { CATCH_ALL_RULE, loadEvalSet, type EvalSet } from './lib/load';
import { MINISEARCH_BOOSTS, buildMiniSearch, searchBaseline } from './lib/minisearch-baseline';

/** At most this share of negative pages may get a (false) tip. */
export const MAX_FALSE_TIP_RATE = 0.05;

export interface SystemFigures {
  /** Mean over positive pages. */
  ndcg5: number;
  recall3: number;
  hit3: number;
  /** Share of positive pages with a best-graded resource in the top 3. */
  best3: number;
  /** Best coverage with a threshold on the top score, at most `MAX_FALSE_TIP_RATE` false tips. */
  bestCoverage: ThresholdSweep;
  /** Best coverage at each false-tip budget (`FALSE_TIP_BUDGETS`). */
  curve: TradeOffPoint[];
  /** What the shipped `tip` flag does (Trailmark only). */
  shipped?: TipRates & { threshold: number };
  /** Time to index the catalogue and rank every page. */
  ms: number;
}

export interface EvalReport {
  set: string;
  resources: number;
  positivePages: number;
  negativePages: number;
  maxFalseTipRate: number;
  trailmark: SystemFigures;
  minisearch: SystemFigures & { boosts: Record<string, number> };
  /** Trailmark / MiniSearch. */
  ratio: { ndcg5: number };
}

/** What a system returned for one page. */
export interface PageRun {
  ids: string[];
  topScore?: number;
  tip?: boolean;
}

/** Figures for one system from its runs, by page id. */
export function scoreSystem(set: EvalSet, runs: ReadonlyMap<string, PageRun>, ms: number): SystemFigures {
  const positives = set.pages.filter((p) => p.kind === 'positive');
  const negatives = set.pages.filter((p) => p.kind === 'negative');
  const run = (id: string) => runs.get(id) ?? { ids: [] };
  const judged = (id: string) => set.qrels.get(id) ?? new Map<string, number>();
  return {
    ndcg5: mean(positives.map((p) => ndcgAt(run(p.id).ids, judged(p.id), 5))),
    recall3: mean(positives.map((p) => recallAt(run(p.id).ids, judged(p.id), 3))),
    hit3: mean(positives.map((p) => hitAt(run(p.id).ids, judged(p.id), 3))),
    best3: mean(positives.map((p) => bestHitAt(run(p.id).ids, judged(p.id), 3))),
    bestCoverage: coverageAtFalseTipRate(
      positives.map((p) => run(p.id).topScore),
      negatives.map((p) => run(p.id).topScore),
      MAX_FALSE_TIP_RATE,
    ),
    curve: tradeOffCurve(
      positives.map((p) => run(p.id).topScore),
      negatives.map((p) => run(p.id).topScore),
    ),
    ...(positives.some((p) => run(p.id).tip !== undefined)
      ? {
          shipped: {
            threshold: CONFIDENCE_MODEL.tipThreshold,
            ...tipRates(
              positives.map((p) => !!run(p.id).tip),
              negatives.map((p) => !!run(p.id).tip),
            ),
          },
        }
      : {}),
    ms,
  };
}

/** Trailmark exactly as the extension runs it (catch-all suggest rule); its tip score is the top match's confidence. */
export function runTrailmark(set: EvalSet): { runs: Map<string, PageRun>; ms: number } {
  const start = performance.now();
  const index = buildSearchIndex(set.resources, set.taxonomy);
  const runs = new Map<string, PageRun>();
  for (const page of set.pages) {
    const outcome = decidePage(index, [CATCH_ALL_RULE], page.signals, 10);
    runs.set(page.id, {
      ids: outcome.matches.map((m) => m.id),
      ...(outcome.matches[0] ? { topScore: outcome.matches[0].confidence } : {}),
      tip: outcome.tip,
    });
  }
  return { runs, ms: performance.now() - start };
}

/** The MiniSearch BM25 peer; its tip score is its top result's score. */
export function runMiniSearch(set: EvalSet): { runs: Map<string, PageRun>; ms: number } {
  const start = performance.now();
  const search = buildMiniSearch(set.resources);
  const runs = new Map<string, PageRun>();
  for (const page of set.pages) runs.set(page.id, searchBaseline(search, page.signals, 10));
  return { runs, ms: performance.now() - start };
}

/** Evaluates both systems on a loaded set. */
export function evaluate(set: EvalSet): EvalReport {
  const trailmarkRun = runTrailmark(set);
  const miniRun = runMiniSearch(set);
  const trailmark = scoreSystem(set, trailmarkRun.runs, trailmarkRun.ms);
  const minisearch = scoreSystem(set, miniRun.runs, miniRun.ms);
  return {
    set: set.dir,
    resources: set.resources.length,
    positivePages: set.pages.filter((p) => p.kind === 'positive').length,
    negativePages: set.pages.filter((p) => p.kind === 'negative').length,
    maxFalseTipRate: MAX_FALSE_TIP_RATE,
    trailmark,
    minisearch: { ...minisearch, boosts: { ...MINISEARCH_BOOSTS } },
    ratio: { ndcg5: minisearch.ndcg5 === 0 ? Infinity : trailmark.ndcg5 / minisearch.ndcg5 },
  };
}

/**
 * Reads a set directory and evaluates Trailmark against MiniSearch on it.
 *
 * @example const report = await runEval('eval/dev'); report.ratio.ndcg5 // 1.4
 */
export async function runEval(dir: string): Promise<EvalReport> {
  return evaluate(await loadEvalSet(dir));
}

/** All figures as one JSON object (thresholds that mean "never" become null). */
export function formatEvalJson(report: EvalReport): string {
  return JSON.stringify(report, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
const num = (value: number) => value.toFixed(3);
const threshold = (value: number) => (Number.isFinite(value) ? `≥ ${value.toFixed(3)}` : 'never');

/** The side-by-side table for people. */
export function formatEvalTable(report: EvalReport): string {
  const { trailmark: t, minisearch: m } = report;
  const rows: [string, string, string][] = [
    ['nDCG@5', num(t.ndcg5), num(m.ndcg5)],
    ['recall@3', num(t.recall3), num(m.recall3)],
    ['hit@3', num(t.hit3), num(m.hit3)],
    ['best-graded resource in top 3', pct(t.best3), pct(m.best3)],
    [`tip coverage at ≤ ${pct(report.maxFalseTipRate)} false tips`, pct(t.bestCoverage.coverage), pct(m.bestCoverage.coverage)],
    ['  false tips there', pct(t.bestCoverage.falseTipRate), pct(m.bestCoverage.falseTipRate)],
    ['  threshold on top score', threshold(t.bestCoverage.threshold), threshold(m.bestCoverage.threshold)],
    ...(t.shipped
      ? ([
          [`shipped tip flag (confidence ≥ ${t.shipped.threshold}): coverage`, pct(t.shipped.coverage), '—'],
          ['  false tips', pct(t.shipped.falseTipRate), '—'],
        ] as [string, string, string][])
      : []),
    ['time (index + rank all pages)', `${t.ms.toFixed(0)} ms`, `${m.ms.toFixed(0)} ms`],
  ];
  const labelWidth = Math.max(...rows.map((r) => r[0].length));
  const line = (cells: [string, string, string]) => `${cells[0].padEnd(labelWidth)}  ${cells[1].padStart(12)}  ${cells[2].padStart(15)}`;
  const boosts = Object.entries(report.minisearch.boosts)
    .map(([field, boost]) => `${field} ${boost}`)
    .join(', ');
  const curve = t.curve.map((point, i): [string, string, string] => [
    `  ≤ ${pct(point.maxFalseTipRate)} false tips`,
    `${pct(point.coverage)} ${threshold(point.threshold)}`,
    pct(m.curve[i]?.coverage ?? 0),
  ]);
  return [
    `Set ${report.set}: ${report.resources} resources, ${report.positivePages} positive and ${report.negativePages} negative pages`,
    '',
    line(['', 'Trailmark', 'MiniSearch BM25']),
    ...rows.map(line),
    '',
    'Trade-off curve: best tip coverage at each false-tip budget (Trailmark: coverage and confidence threshold)',
    ...curve.map((cells) => `${cells[0].padEnd(labelWidth)}  ${cells[1].padStart(16)}  ${cells[2].padStart(11)}`),
    '',
    `nDCG@5 Trailmark / MiniSearch: ${report.ratio.ndcg5.toFixed(2)}`,
    `Ranking metrics are means over positive pages. Trailmark's tip score is the top match's confidence, MiniSearch's its top score.`,
    `MiniSearch: default BM25 and tokenizer, OR query of title + headings + description + text sample, boosts ${boosts}.`,
  ].join('\n');
}
