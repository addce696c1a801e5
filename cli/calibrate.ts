import { crossValidatedPredictions, fitLogistic, logLoss } from '../utils/eval/logistic';
import { tradeOffCurve, type TradeOffPoint } from '../utils/eval/metrics';
import { CONFIDENCE_FEATURES, FEATURE_NAMES, confidenceOf, type MatchFeatures } from '../utils/relevance/confidence';
import { rankCandidates } from '../utils/relevance/rank';
import { buildSearchIndex } from '../utils/relevance/search-index';
import { loadEvalSet, type EvalSet } from './lib/load';
import { seededRandom } from '../utils/random/seeded';

/** At most this share of negative pages may get a (false) tip. */
export const MAX_FALSE_TIP_RATE = 0.05;

/** One page of a labelled set: is it a page that should get a tip, and the features of its best match. */
export interface CalibrationExample {
  set: string;
  pageId: string;
  /** The site section the page is in (`sectionOf`): cross-validation leaves whole sections out. */
  section?: string;
  positive: boolean;
  /** Undefined when nothing matched at all (such a page never gets a tip). */
  features?: MatchFeatures;
}

export interface CalibrationOptions {
  features: readonly (keyof MatchFeatures)[];
  folds: number;
  repeats: number;
  l2: number;
  maxFalseTipRate: number;
}

export const DEFAULT_CALIBRATION: CalibrationOptions = {
  features: CONFIDENCE_FEATURES,
  folds: 5,
  repeats: 20,
  l2: 0.01,
  maxFalseTipRate: MAX_FALSE_TIP_RATE,
};

export interface CalibrationReport {
  options: CalibrationOptions;
  examples: number;
  /** Fitted on every example: paste into `CONFIDENCE_MODEL`. */
  model: { intercept: number; weights: Record<keyof MatchFeatures, number>; tipThreshold: number };
  /** Out-of-fold figures (each page scored by models that never saw it), mean over the repeats. */
  crossValidated: {
    logLoss: number;
    /** Per set: coverage at the shipped threshold, and the trade-off curve. */
    sets: { set: string; coverage: number; falseTipRate: number; curve: TradeOffPoint[] }[];
    /** Predicted probability against the observed share of positive pages, in five bins. */
    reliability: { from: number; to: number; pages: number; predicted: number; observed: number }[];
  };
  /** With two or more sets: each set scored by a model and threshold fitted on the other sets only. */
  leaveOneSetOut: OutOfSetFigures[];
}

/** Tips on a set from a model that never saw it. */
export interface OutOfSetFigures {
  set: string;
  coverage: number;
  falseTipRate: number;
  tipThreshold: number;
}

/** The fitted model's confidence in a page's best match (0 when nothing matched). */
export function modelConfidence(model: CalibrationReport['model'], example: CalibrationExample): number {
  return example.features ? confidenceOf(example.features, model) : 0;
}

/**
 * Fits on every set but `set` and applies that model and its threshold to `set`: what a customer
 * whose pages and catalogue nobody tuned on would see.
 */
export function outOfSet(
  examples: readonly CalibrationExample[],
  set: string,
  options: CalibrationOptions = DEFAULT_CALIBRATION,
): OutOfSetFigures {
  const { model } = calibrate(
    examples.filter((e) => e.set !== set),
    options,
    false,
  );
  const held = examples.filter((e) => e.set === set);
  const share = (positive: boolean) => {
    const pages = held.filter((e) => e.positive === positive);
    return pages.length ? pages.filter((e) => round3(modelConfidence(model, e)) >= model.tipThreshold).length / pages.length : 0;
  };
  return { set, coverage: share(true), falseTipRate: share(false), tipThreshold: model.tipThreshold };
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** The best match of every page of a set, as the extension ranks it (no site rule, no feedback). */
export function calibrationExamples(set: EvalSet): CalibrationExample[] {
  const index = buildSearchIndex(set.resources, set.taxonomy);
  return set.pages.map((page) => {
    const [best] = rankCandidates(index, page.signals, { limit: 2 });
    return {
      set: set.dir,
      pageId: page.id,
      section: sectionOf(page.url),
      positive: page.kind === 'positive',
      ...(best ? { features: best.features } : {}),
    };
  });
}

/**
 * A page's site section: its host and the directory its path is in ("docs.github.com/en/billing/managing-billing-for-git-large-file-storage").
 * Pages of one section share words and layout, so a model must be judged on sections it never saw, not on random pages.
 *
 * @example sectionOf('https://example.org/docs/api/fetch') // 'example.org/docs/api'
 */
export function sectionOf(url: string): string {
  try {
    const { host, pathname } = new URL(url);
    return `${host}${pathname.replace(/\/+$/, '').replace(/\/[^/]*$/, '')}`;
  } catch {
    return url;
  }
}

/**
 * Folds that keep each section whole: sections are dealt to the `k` folds in a shuffled order,
 * positive-heavy and negative-heavy sections alike, so every fold gets some of each.
 */
export function sectionFolds(sections: readonly string[], ys: readonly number[], k: number, next: () => number): number[] {
  const positives = new Map<string, number>();
  sections.forEach((section, i) => positives.set(section, (positives.get(section) ?? 0) + ys[i]! - 0.5));
  const order = [...positives.keys()].map((section) => ({ section, key: next() })).sort((a, b) => a.key - b.key);
  const negativeFirst = [...order.filter((o) => positives.get(o.section)! < 0), ...order.filter((o) => positives.get(o.section)! >= 0)];
  const foldOf = new Map(negativeFirst.map((o, i) => [o.section, i % k]));
  return sections.map((section) => foldOf.get(section)!);
}

/**
 * Fits the confidence model: logistic regression of "this page should get a tip" on the best
 * match's features, with repeated k-fold cross-validation that leaves whole site sections out (a
 * section's pages share words, so random folds flatter). The tip threshold is the lowest
 * out-of-fold probability at which at most `maxFalseTipRate` of the negative pages of every set
 * would get a tip.
 */
export function calibrate(
  examples: readonly CalibrationExample[],
  options: CalibrationOptions = DEFAULT_CALIBRATION,
  withLeaveOneSetOut = true,
): CalibrationReport {
  const matched = examples.flatMap((example, i) => (example.features ? [{ example, i }] : []));
  const xs = matched.map(({ example }) => options.features.map((name) => example.features![name]));
  const ys = matched.map(({ example }) => (example.positive ? 1 : 0));

  // Mean out-of-fold probability per page over the repeats; unmatched pages stay at 0.
  const oof = new Array<number>(examples.length).fill(0);
  let loss = 0;
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    const folds = sectionFolds(
      matched.map(({ example }) => example.section ?? example.pageId),
      ys,
      options.folds,
      seededRandom(repeat + 1),
    );
    const predictions = crossValidatedPredictions(xs, ys, folds, options.l2);
    loss += logLoss(predictions, ys) / options.repeats;
    predictions.forEach((p, k) => (oof[matched[k]!.i]! += p / options.repeats));
  }

  const setNames = [...new Set(examples.map((e) => e.set))];
  const tipThreshold = Math.max(
    ...setNames.map((set) =>
      lowestThreshold(
        examples.flatMap((e, i) => (e.set === set && !e.positive ? [oof[i]!] : [])),
        oof,
        options.maxFalseTipRate,
      ),
    ),
  );

  const full = fitLogistic(xs, ys, options.l2);
  const weights = Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as Record<keyof MatchFeatures, number>;
  options.features.forEach((name, j) => (weights[name] = full.weights[j]!));

  const sets = setNames.map((set) => {
    const inSet = examples.flatMap((e, i) => (e.set === set ? [{ e, p: oof[i]! }] : []));
    const pos = inSet.filter(({ e }) => e.positive).map(({ p }) => p);
    const neg = inSet.filter(({ e }) => !e.positive).map(({ p }) => p);
    const share = (values: number[]) => (values.length ? values.filter((p) => p >= tipThreshold).length / values.length : 0);
    return { set, coverage: share(pos), falseTipRate: share(neg), curve: tradeOffCurve(pos, neg) };
  });

  const bins = [0, 0.2, 0.4, 0.6, 0.8, 1.0000001];
  const reliability = bins.slice(0, -1).map((from, b) => {
    const to = bins[b + 1]!;
    const inBin = matched.filter(({ i }) => oof[i]! >= from && oof[i]! < to);
    const mean = (values: number[]) => (values.length ? values.reduce((a, v) => a + v, 0) / values.length : 0);
    return {
      from,
      to: Math.min(1, to),
      pages: inBin.length,
      predicted: mean(inBin.map(({ i }) => oof[i]!)),
      observed: mean(inBin.map(({ example }) => (example.positive ? 1 : 0))),
    };
  });

  return {
    options,
    examples: examples.length,
    model: { intercept: full.intercept, weights, tipThreshold },
    crossValidated: { logLoss: loss, sets, reliability },
    leaveOneSetOut: withLeaveOneSetOut && setNames.length > 1 ? setNames.map((set) => outOfSet(examples, set, options)) : [],
  };
}

/**
 * The lowest threshold at which at most `budget` of `negatives` reach it: halfway between the
 * highest negative that must stay below and the next higher score of any page, rounded to 3
 * decimals as `matchPage` rounds confidences.
 *
 * @example lowestThreshold([0.9, 0.2], [0.9, 0.2, 0.5], 0) // 0.95
 */
export function lowestThreshold(negatives: readonly number[], all: readonly number[], budget: number): number {
  const sorted = [...negatives].sort((a, b) => b - a);
  const allowed = Math.floor(budget * sorted.length + 1e-9);
  const blocker = sorted[allowed];
  if (blocker === undefined) return 0;
  const above = Math.min(1, ...all.filter((score) => score > blocker));
  return Math.ceil(((blocker + above) / 2) * 1000 - 1e-9) / 1000;
}

/** Reads the sets, fits and cross-validates. */
export async function runCalibration(
  dirs: readonly string[],
  options: CalibrationOptions = DEFAULT_CALIBRATION,
): Promise<CalibrationReport> {
  const examples: CalibrationExample[] = [];
  for (const dir of dirs) examples.push(...calibrationExamples(await loadEvalSet(dir)));
  return calibrate(examples, options);
}

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
const fixed = (value: number) => Number(value.toFixed(4));

/** The report for people, ending with the constant to paste into `utils/relevance/confidence.ts`. */
export function formatCalibration(report: CalibrationReport): string {
  const { model, crossValidated: cv, options } = report;
  const lines = [
    `${report.examples} pages; features ${options.features.join(', ')}; L2 ${options.l2}; ${options.repeats} × ${options.folds}-fold cross-validation`,
    `Out-of-fold log loss ${cv.logLoss.toFixed(3)}; tip threshold ${model.tipThreshold.toFixed(3)} (at most ${pct(options.maxFalseTipRate)} false tips over all negative pages)`,
    '',
    'Out-of-fold (whole site sections left out) at that threshold:',
    ...cv.sets.map((s) => `  ${s.set}: tips on ${pct(s.coverage)} of positive pages, ${pct(s.falseTipRate)} of negative pages`),
    '',
    'Trade-off curve (out-of-fold): best coverage at each false-tip budget',
    ...cv.sets.flatMap((s) => [
      `  ${s.set}`,
      ...s.curve.map(
        (point) =>
          `    ≤ ${pct(point.maxFalseTipRate).padStart(7)} false tips → ${pct(point.coverage).padStart(7)} coverage (confidence ≥ ${Number.isFinite(point.threshold) ? point.threshold.toFixed(3) : 'never'})`,
      ),
    ]),
    ...(report.leaveOneSetOut.length
      ? [
          '',
          'Leave one set out (model and threshold fitted on the other sets):',
          ...report.leaveOneSetOut.map(
            (s) =>
              `  ${s.set}: tips on ${pct(s.coverage)} of positive pages, ${pct(s.falseTipRate)} of negative pages (threshold ${s.tipThreshold.toFixed(3)})`,
          ),
        ]
      : []),
    '',
    'Reliability (out-of-fold): predicted vs observed share of pages that should get a tip',
    ...cv.reliability.map(
      (bin) =>
        `  ${bin.from.toFixed(1)}–${bin.to.toFixed(1)}: ${String(bin.pages).padStart(3)} pages, predicted ${bin.predicted.toFixed(2)}, observed ${bin.observed.toFixed(2)}`,
    ),
    '',
    'Paste into utils/relevance/confidence.ts:',
    `  intercept: ${fixed(model.intercept)},`,
    `  weights: { ${FEATURE_NAMES.map((name) => `${name}: ${fixed(model.weights[name])}`).join(', ')} },`,
    `  tipThreshold: ${fixed(model.tipThreshold)},`,
  ];
  return lines.join('\n');
}
