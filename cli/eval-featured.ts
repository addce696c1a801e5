/**
 * `npm run eval:featured -- <set-dir> [--seeds N] [--share 0.1]`: what the featured lift does to
 * the ranking. Marks a random share of the catalogue as featured (N different draws), applies the
 * lift exactly as the background does (`liftFeatured` after `decidePage`), and compares nDCG@5 on
 * positive pages and the tip rate on negative pages against the same run without campaigns.
 */
import { parseArgs } from 'node:util';
import { FEATURED_LIFT, liftFeatured } from '../utils/campaigns/lift';
import { mean, ndcgAt } from '../utils/eval/metrics';
import { decidePage, type PageOutcome } from '../utils/relevance/page';
import { buildSearchIndex } from '../utils/relevance/search-index';
import { CATCH_ALL_RULE, loadEvalSet, type EvalSet } from './lib/load';
import { seededRandom } from '../utils/random/seeded';

export interface FeaturedEval {
  set: string;
  resources: number;
  pages: number;
  share: number;
  seeds: number;
  floor: number;
  maxFactor: number;
  baseline: { ndcg5: number; falseTipRate: number; coverage: number };
  /** Per draw: nDCG@5 and the rates with the lift. */
  draws: { ndcg5: number; falseTipRate: number; coverage: number; pagesReordered: number }[];
  /** The largest |ΔnDCG@5| over the draws, and the largest false-tip rate. */
  worst: { ndcgDelta: number; falseTipRate: number };
}

function figures(set: EvalSet, outcomes: Map<string, PageOutcome>) {
  const positives = set.pages.filter((p) => p.kind === 'positive');
  const negatives = set.pages.filter((p) => p.kind === 'negative');
  return {
    ndcg5: mean(
      positives.map((p) =>
        ndcgAt(
          outcomes.get(p.id)!.matches.map((m) => m.id),
          set.qrels.get(p.id) ?? new Map(),
          5,
        ),
      ),
    ),
    falseTipRate: mean(negatives.map((p) => (outcomes.get(p.id)!.tip ? 1 : 0))),
    coverage: mean(positives.map((p) => (outcomes.get(p.id)!.tip ? 1 : 0))),
  };
}

export function evaluateFeatured(set: EvalSet, options: { seeds: number; share: number }): FeaturedEval {
  const index = buildSearchIndex(set.resources, set.taxonomy);
  const base = new Map(set.pages.map((p) => [p.id, decidePage(index, [CATCH_ALL_RULE], p.signals, 10)]));
  const baseline = figures(set, base);
  const draws = Array.from({ length: options.seeds }, (_, seed) => {
    const random = seededRandom(seed + 1);
    const featured = new Set(set.resources.filter(() => random() < options.share).map((r) => r.id));
    let pagesReordered = 0;
    const lifted = new Map(
      [...base].map(([id, outcome]) => {
        const next = liftFeatured(outcome, (rid) => featured.has(rid));
        if (next.matches.some((m, i) => m.id !== outcome.matches[i]?.id)) pagesReordered++;
        return [id, next];
      }),
    );
    return { ...figures(set, lifted), pagesReordered };
  });
  return {
    set: set.dir,
    resources: set.resources.length,
    pages: set.pages.length,
    share: options.share,
    seeds: options.seeds,
    floor: FEATURED_LIFT.minConfidence,
    maxFactor: FEATURED_LIFT.maxFactor,
    baseline,
    draws,
    worst: {
      ndcgDelta: Math.max(...draws.map((d) => Math.abs(d.ndcg5 - baseline.ndcg5))),
      falseTipRate: Math.max(...draws.map((d) => d.falseTipRate)),
    },
  };
}

export function formatFeaturedEval(report: FeaturedEval): string {
  const n = (x: number) => x.toFixed(4);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const deltas = report.draws.map((d) => d.ndcg5 - report.baseline.ndcg5);
  return [
    `Set ${report.set}: ${report.resources} resources; ${pct(report.share)} marked featured at random, ${report.seeds} draws`,
    `Lift: score × ${report.maxFactor} for featured matches with confidence ≥ ${report.floor}; never a tip on a page without one`,
    '',
    `                       without   with the lift (mean / worst over draws)`,
    `nDCG@5                 ${n(report.baseline.ndcg5)}    ${n(mean(report.draws.map((d) => d.ndcg5)))} / Δ ${n(report.worst.ndcgDelta)} at most`,
    `false tips (negatives) ${pct(report.baseline.falseTipRate).padStart(6)}    ${pct(mean(report.draws.map((d) => d.falseTipRate)))} / ${pct(report.worst.falseTipRate)} at most`,
    `tip coverage           ${pct(report.baseline.coverage).padStart(6)}    ${pct(mean(report.draws.map((d) => d.coverage)))}`,
    `pages reordered               ${mean(report.draws.map((d) => d.pagesReordered)).toFixed(1)} per draw, of ${report.pages}`,
    `ΔnDCG@5 per draw: min ${n(Math.min(...deltas))}, max ${n(Math.max(...deltas))}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { seeds: { type: 'string' }, share: { type: 'string' }, json: { type: 'boolean' } },
  });
  const dir = positionals[0];
  if (!dir) throw new Error('Usage: npm run eval:featured -- <set-dir> [--seeds 20] [--share 0.1] [--json]');
  const report = evaluateFeatured(await loadEvalSet(dir), { seeds: Number(values.seeds ?? 20), share: Number(values.share ?? 0.1) });
  process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatFeaturedEval(report)}\n`);
}

if (process.argv[1]?.endsWith('eval-featured.ts')) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
