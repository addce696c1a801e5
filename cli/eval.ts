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
import { MINISEARCH_BOOSTS, buildMiniSearch, catalogueLanguage, searchBaseline, type BaselineKind } from './lib/minisearch-baseline';
import { MAX_FALSE_TIP_RATE, calibrationExamples, outOfSet, type OutOfSetFigures } from './calibrate';

export { MAX_FALSE_TIP_RATE };

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
  /** Plain MiniSearch: default tokenizer and term processing. */
  minisearch: SystemFigures & { boosts: Record<string, number> };
  /** MiniSearch with folding, en + nl stop words, Snowball stemming in the catalogue's language and prefix search. */
  stemmed: SystemFigures & { language: string };
  /** Trailmark / plain MiniSearch and Trailmark / the stemmed peer. */
  ratio: { ndcg5: number; ndcg5Stemmed: number };
  /** Tips from a model and threshold fitted on the other sets given, never on this one (absent with one set). */
  outOfSet?: OutOfSetFigures;
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
export function runMiniSearch(set: EvalSet, kind: BaselineKind = 'plain'): { runs: Map<string, PageRun>; ms: number } {
  const start = performance.now();
  const search = buildMiniSearch(set.resources, kind);
  const runs = new Map<string, PageRun>();
  for (const page of set.pages) runs.set(page.id, searchBaseline(search, page.signals, 10));
  return { runs, ms: performance.now() - start };
}

/** Evaluates Trailmark and both peers on a loaded set. */
export function evaluate(set: EvalSet): EvalReport {
  const trailmarkRun = runTrailmark(set);
  const miniRun = runMiniSearch(set);
  const stemmedRun = runMiniSearch(set, 'stemmed');
  const trailmark = scoreSystem(set, trailmarkRun.runs, trailmarkRun.ms);
  const minisearch = scoreSystem(set, miniRun.runs, miniRun.ms);
  const stemmed = scoreSystem(set, stemmedRun.runs, stemmedRun.ms);
  const ratio = (peer: number) => (peer === 0 ? Infinity : trailmark.ndcg5 / peer);
  return {
    set: set.dir,
    resources: set.resources.length,
    positivePages: set.pages.filter((p) => p.kind === 'positive').length,
    negativePages: set.pages.filter((p) => p.kind === 'negative').length,
    maxFalseTipRate: MAX_FALSE_TIP_RATE,
    trailmark,
    minisearch: { ...minisearch, boosts: { ...MINISEARCH_BOOSTS } },
    stemmed: { ...stemmed, language: catalogueLanguage(set.resources) },
    ratio: { ndcg5: ratio(minisearch.ndcg5), ndcg5Stemmed: ratio(stemmed.ndcg5) },
  };
}

/**
 * Evaluates every set; with two or more, each set's out-of-set tips come from a confidence model
 * fitted on the other sets only (leave one set out).
 */
export function evaluateSets(sets: readonly EvalSet[]): EvalReport[] {
  const examples = sets.flatMap((set) => calibrationExamples(set));
  return sets.map((set) => ({
    ...evaluate(set),
    ...(sets.length > 1 ? { outOfSet: outOfSet(examples, set.dir) } : {}),
  }));
}

/**
 * Reads a set directory and evaluates Trailmark against MiniSearch on it.
 *
 * @example const report = await runEval('eval/dev'); report.ratio.ndcg5 // 1.4
 */
export async function runEval(dir: string): Promise<EvalReport> {
  return evaluate(await loadEvalSet(dir));
}

/** Reads several set directories and evaluates them, each also out of set. */
export async function runEvalSets(dirs: readonly string[]): Promise<EvalReport[]> {
  const sets: EvalSet[] = [];
  for (const dir of dirs) sets.push(await loadEvalSet(dir));
  return evaluateSets(sets);
}

/** All figures as one JSON object (thresholds that mean "never" become null). */
export function formatEvalJson(report: EvalReport | EvalReport[]): string {
  return JSON.stringify(report, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
const num = (value: number) => value.toFixed(3);
const threshold = (value: number) => (Number.isFinite(value) ? `≥ ${value.toFixed(3)}` : 'never');

/** The side-by-side table for people. */
export function formatEvalTable(report: EvalReport): string {
  const { trailmark: t, minisearch: m, stemmed: st } = report;
  const rows: [string, string, string, string][] = [
    ['nDCG@5', num(t.ndcg5), num(m.ndcg5), num(st.ndcg5)],
    ['recall@3', num(t.recall3), num(m.recall3), num(st.recall3)],
    ['hit@3', num(t.hit3), num(m.hit3), num(st.hit3)],
    ['best-graded resource in top 3', pct(t.best3), pct(m.best3), pct(st.best3)],
    [
      `tip coverage at ≤ ${pct(report.maxFalseTipRate)} false tips`,
      pct(t.bestCoverage.coverage),
      pct(m.bestCoverage.coverage),
      pct(st.bestCoverage.coverage),
    ],
    ['  false tips there', pct(t.bestCoverage.falseTipRate), pct(m.bestCoverage.falseTipRate), pct(st.bestCoverage.falseTipRate)],
    [
      '  threshold on top score',
      threshold(t.bestCoverage.threshold),
      threshold(m.bestCoverage.threshold),
      threshold(st.bestCoverage.threshold),
    ],
    ...(t.shipped
      ? ([
          [`in set: shipped tip flag (confidence ≥ ${t.shipped.threshold}): coverage`, pct(t.shipped.coverage), '—', '—'],
          ['  false tips', pct(t.shipped.falseTipRate), '—', '—'],
        ] as [string, string, string, string][])
      : []),
    ...(report.outOfSet
      ? ([
          [
            `out of set: model fitted without this set (≥ ${report.outOfSet.tipThreshold}): coverage`,
            pct(report.outOfSet.coverage),
            '—',
            '—',
          ],
          ['  false tips', pct(report.outOfSet.falseTipRate), '—', '—'],
        ] as [string, string, string, string][])
      : []),
    ['time (index + rank all pages)', `${t.ms.toFixed(0)} ms`, `${m.ms.toFixed(0)} ms`, `${st.ms.toFixed(0)} ms`],
  ];
  const labelWidth = Math.max(...rows.map((r) => r[0].length));
  const line = (cells: [string, string, string, string]) =>
    `${cells[0].padEnd(labelWidth)}  ${cells[1].padStart(12)}  ${cells[2].padStart(15)}  ${cells[3].padStart(18)}`;
  const boosts = Object.entries(report.minisearch.boosts)
    .map(([field, boost]) => `${field} ${boost}`)
    .join(', ');
  const curve = t.curve.map((point, i): [string, string, string, string] => [
    `  ≤ ${pct(point.maxFalseTipRate)} false tips`,
    `${pct(point.coverage)} ${threshold(point.threshold)}`,
    pct(m.curve[i]?.coverage ?? 0),
    pct(st.curve[i]?.coverage ?? 0),
  ]);
  return [
    `Set ${report.set}: ${report.resources} resources, ${report.positivePages} positive and ${report.negativePages} negative pages`,
    '',
    line(['', 'Trailmark', 'MiniSearch BM25', 'MiniSearch stemmed']),
    ...rows.map(line),
    '',
    'Trade-off curve: best tip coverage at each false-tip budget (Trailmark: coverage and confidence threshold)',
    ...curve.map((cells) => `${cells[0].padEnd(labelWidth)}  ${cells[1].padStart(16)}  ${cells[2].padStart(11)}  ${cells[3].padStart(18)}`),
    '',
    `nDCG@5 Trailmark / MiniSearch: ${report.ratio.ndcg5.toFixed(2)} (target ≥ 1.5); Trailmark / stemmed MiniSearch: ${report.ratio.ndcg5Stemmed.toFixed(2)} (target ≥ 1.3)`,
    report.outOfSet
      ? `Out of set: ${pct(report.outOfSet.coverage)} tips at ${pct(report.outOfSet.falseTipRate)} false tips (target ≥ 80 % at ≤ ${pct(report.maxFalseTipRate)})`
      : 'Out of set: give two or more sets to fit the confidence model without this one.',
    `Ranking metrics are means over positive pages. Trailmark's tip score is the top match's confidence, MiniSearch's its top score.`,
    `MiniSearch: default BM25 and tokenizer, OR query of title + headings + description + text sample, boosts ${boosts}.`,
    `Stemmed peer: the same, with diacritics folded, en + nl stop words dropped, Snowball stemming in the catalogue's language (${st.language}) and prefix search on terms over 5 letters.`,
  ].join('\n');
}

/** One line per set, for the summary after several tables. */
export function formatEvalSummary(reports: readonly EvalReport[]): string {
  const head = '| set | nDCG@5 | ÷ MiniSearch | ÷ stemmed | tips in set | false tips in set | tips out of set | false tips out of set |';
  const rows = reports.map(
    (r) =>
      `| ${r.set} | ${num(r.trailmark.ndcg5)} | ${r.ratio.ndcg5.toFixed(2)}× | ${r.ratio.ndcg5Stemmed.toFixed(2)}× | ${pct(r.trailmark.shipped?.coverage ?? 0)} | ${pct(r.trailmark.shipped?.falseTipRate ?? 0)} | ${r.outOfSet ? pct(r.outOfSet.coverage) : '—'} | ${r.outOfSet ? pct(r.outOfSet.falseTipRate) : '—'} |`,
  );
  return [head, '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}
