/**
 * `npm run bench:rules`: the compiled site-rule matcher against the plain loop over every pattern
 * (URLPattern objects, match-pattern regexes, RegExp) in the same run, on 10,000 mixed rules and
 * 20,000 URLs. Prints a table and writes bench-results/rules.json.
 *
 * Options: --rules N (10000) --urls N (20000) --naive-sample N (1000: the plain loop takes
 * milliseconds per URL, so it is timed on an evenly spread sample) --full (also check agreement
 * with the plain loop on every URL; slow) --seed N.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { originsForRules } from '../../utils/permissions/origins';
import { compileRules, matchUrl, pickWinner, type UrlMatches } from '../../utils/rules/compile';
import { contentScriptPatterns } from '../../utils/rules/decide';
import { forgetParsedPatterns } from '../../utils/rules/patterns';
import { createReferenceMatcher } from '../../utils/rules/__tests__/reference';
import { SiteRuleSchema, SiteRulesSchema, type SiteRule } from '../../utils/rules/schema';
import { seededRandom } from '../../utils/random/seeded';

const { values } = parseArgs({
  options: {
    rules: { type: 'string', default: '10000' },
    urls: { type: 'string', default: '20000' },
    'naive-sample': { type: 'string', default: '1000' },
    full: { type: 'boolean', default: false },
    seed: { type: 'string', default: '42' },
  },
});
const RULES = Number(values.rules);
const URLS = Number(values.urls);
const SAMPLE = Math.min(Number(values['naive-sample']), URLS);

/** Every run measures the same rules and URLs. */
const random = seededRandom;

/**
 * Rules as admins write them: whole hosts and domains, path prefixes on shared application hosts,
 * URL patterns (some with :names and groups, which need a real URLPattern), ~1 % regular
 * expressions, ~10 % block rules and a few audiences.
 */
function makeRules(count: number, rnd: () => number): SiteRule[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  // Host and path vocabularies grow with the rule count, so rules overlap as much at any size.
  const scale = count / 10_000;
  const n = (max: number) => Math.floor(rnd() * Math.max(1, Math.round(max * scale)));
  const rules: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    let patterns: string[];
    if (r < 0.01) {
      patterns = [
        pick([
          `/^https:\\/\\/wiki${n(500)}\\.example\\.com\\/page\\/\\d+/`,
          `/\\/jira${n(500)}\\/browse\\/[A-Z]+-\\d+/i`,
          `/^https?:\\/\\/[a-z]+\\.intra${n(300)}\\.example\\/docs\\//`,
        ]),
      ];
    } else if (r < 0.45) {
      patterns = [pick([`*://*.host${n(4000)}.example/*`, `https://host${n(4000)}.example/*`, `*://*.dept${n(800)}.corp.example/*`])];
    } else if (r < 0.75) {
      patterns = [`https://app${n(300)}.example.com/section${n(60)}/*`];
    } else {
      patterns = [
        pick([
          `https://crm${n(400)}.example.net/opportunities${n(20)}/:id`,
          `http{s}?://{*.}?svc${n(2000)}.example.org/*`,
          `https://tickets${n(300)}.example.io/(open|closed)/*`,
          `https://docs${n(1000)}.example.io/guides/*`,
        ]),
      ];
    }
    const action = rnd() < 0.1 ? 'block' : 'suggest';
    rules.push({
      id: `r${i}`,
      name: `Rule ${i}`,
      patterns,
      action,
      ...(action === 'suggest' && rnd() < 0.05 ? { audience: [pick(['Sales', 'Support', 'Finance'])] } : {}),
    });
  }
  // Each rule checked as the options page checks it; the scaling run goes past the 10,000 a list may hold.
  return rules.map((rule) => SiteRuleSchema.parse(rule));
}

/**
 * URLs: a third made from a random rule's pattern (so they match it, and often others), the rest
 * from the same host and path vocabularies (many match nothing, as most browsing does).
 */
function makeUrls(count: number, rules: readonly SiteRule[], rnd: () => number): string[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  const scale = rules.length / 10_000;
  const n = (max: number) => Math.floor(rnd() * Math.max(1, Math.round(max * scale)));
  const tail = () => pick(['', 'index.html', `item/${n(1000)}`, `a/b/c?q=${n(50)}`, `x-${n(99)}#top`]);
  const fromRule = () => {
    const pattern = pick(rules).patterns[0]!;
    if (pattern.startsWith('/')) return undefined;
    return pattern
      .replace('http{s}?', 'https')
      .replace(/^\*:/, 'https:')
      .replace('{*.}?', pick(['', 'api.']))
      .replace('://*.', `://${pick(['www.', 'eu.', ''])}`)
      .replace('(open|closed)', pick(['open', 'closed']))
      .replace(':id', String(n(100000)))
      .replace(/\*$/, tail());
  };
  return Array.from(
    { length: count },
    () =>
      (rnd() < 0.33 && fromRule()) ||
      pick([
        () => `https://www.host${n(4000)}.example/${tail()}`,
        () => `https://host${n(4000)}.example/${tail()}`,
        () => `https://team.dept${n(800)}.corp.example/${tail()}`,
        () => `https://app${n(300)}.example.com/section${n(80)}/${tail()}`,
        () => `https://crm${n(400)}.example.net/opportunities${n(25)}/${n(100000)}`,
        () => `https://svc${n(2000)}.example.org/${tail()}`,
        () => `https://tickets${n(300)}.example.io/${pick(['open', 'closed', 'mine'])}/${n(999)}`,
        () => `https://docs${n(1000)}.example.io/guides/${tail()}`,
        () => `https://wiki${n(500)}.example.com/page/${n(9999)}`,
        () => `https://git.example.dev/jira${n(500)}/browse/PRJ-${n(999)}`,
        () => `https://news.example.org/${tail()}`,
        () => `http://unknown${n(100000)}.example.biz/${tail()}`,
      ])(),
  );
}

const summary = (m: UrlMatches) =>
  JSON.stringify([
    m.applied.map((x) => [x.index, x.pattern.source]),
    m.skipped.map((x) => [x.index, x.reason]),
    pickWinner(m.applied)?.index,
  ]);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times one call per URL (nanoseconds, minus the timer's own cost), after a warm-up pass. */
function timeEach(urls: readonly string[], run: (url: string) => unknown): number[] {
  for (const url of urls) run(url);
  let overhead = Infinity;
  for (let i = 0; i < 1000; i++) {
    const a = process.hrtime.bigint();
    overhead = Math.min(overhead, Number(process.hrtime.bigint() - a));
  }
  return urls.map((url) => {
    const start = process.hrtime.bigint();
    run(url);
    return Math.max(0, Number(process.hrtime.bigint() - start) - overhead);
  });
}

const micros = (ns: number) => ns / 1000;
const AUDIENCE = ['sales'];

async function main() {
  const rnd = random(Number(values.seed));
  const rules = makeRules(RULES, rnd);
  const urls = makeUrls(URLS, rules, rnd);

  const compileTimes: number[] = [];
  let compiled = compileRules(rules);
  for (let i = 0; i < 5; i++) {
    forgetParsedPatterns(); // timed from scratch, as in earlier runs
    const start = process.hrtime.bigint();
    compiled = compileRules(rules);
    compileTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  compileTimes.sort((a, b) => a - b);

  const decide = (url: string) => pickWinner(matchUrl(compiled, url, AUDIENCE).applied);
  const compiledTimes = timeEach(urls, decide).sort((a, b) => a - b);

  const reference = createReferenceMatcher(rules);
  const step = URLS / SAMPLE;
  const sample = Array.from({ length: SAMPLE }, (_, i) => urls[Math.floor(i * step)]!);
  const naiveStart = process.hrtime.bigint();
  const naiveTimes = timeEach(sample, (url) => pickWinner(reference(url, AUDIENCE).applied)).sort((a, b) => a - b);
  const naiveSeconds = Number(process.hrtime.bigint() - naiveStart) / 1e9;
  const compiledOnSample = timeEach(sample, decide).sort((a, b) => a - b);

  const checked = values.full ? urls : sample;
  let agree = 0;
  let matchedUrls = 0;
  let candidates = 0;
  for (const url of checked) {
    const mine = matchUrl(compiled, url, AUDIENCE);
    if (summary(mine) === summary(reference(url, AUDIENCE))) agree++;
    if (mine.applied.length + mine.skipped.length > 0) matchedUrls++;
  }
  for (const url of urls) candidates += matchUrl(compiled, url).applied.length;

  // Per-URL cost must not grow with the number of rules: 10× fewer and 10× more rules, with URLs
  // made the same way (so about as many rules match each URL).
  const scaling: { rules: number; compileMs: number; p50us: number; p99us: number; meanAppliedRules: number }[] = [];
  for (const size of [RULES / 10, RULES, RULES * 10]) {
    const sizedRnd = random(Number(values.seed) + size);
    const sized = size === RULES ? rules : makeRules(size, sizedRnd);
    const sizedUrls = size === RULES ? urls.slice(0, 5000) : makeUrls(5000, sized, sizedRnd);
    forgetParsedPatterns();
    const start = process.hrtime.bigint();
    const c = compileRules(sized);
    const compileMs = Number(process.hrtime.bigint() - start) / 1e6;
    const times = timeEach(sizedUrls, (url) => pickWinner(matchUrl(c, url, AUDIENCE).applied)).sort((a, b) => a - b);
    const applied = sizedUrls.reduce((sum, url) => sum + matchUrl(c, url).applied.length, 0) / sizedUrls.length;
    scaling.push({
      rules: size,
      compileMs,
      p50us: micros(percentile(times, 50)),
      p99us: micros(percentile(times, 99)),
      meanAppliedRules: applied,
    });
  }

  // The path a saved rule list takes in the background (issue 17, finding 4): the check, the
  // matcher, the content-script registration and the host permissions. Baseline in the same run:
  // each step reading every pattern again, as before patterns were kept once read.
  const importPath = (forgetBetweenSteps: boolean) => {
    const steps: (() => unknown)[] = [
      () => SiteRulesSchema.parse(rules),
      () => compileRules(rules),
      () => contentScriptPatterns(rules, AUDIENCE),
      () => originsForRules(rules, AUDIENCE),
    ];
    forgetParsedPatterns();
    const start = process.hrtime.bigint();
    for (const step of steps) {
      if (forgetBetweenSteps) forgetParsedPatterns();
      step();
    }
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const pathRuns = [false, true, false, true, false, true].map((forget) => ({ forget, ms: importPath(forget) }));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const pathMs = median(pathRuns.filter((r) => !r.forget).map((r) => r.ms));
  const pathBaselineMs = median(pathRuns.filter((r) => r.forget).map((r) => r.ms));

  const kinds = { match: 0, urlpattern: 0, regex: 0, block: rules.filter((r) => r.action === 'block').length };
  for (const rule of rules)
    for (const p of rule.patterns) kinds[p.startsWith('/') ? 'regex' : /[:({]/.test(p.split('://')[1] ?? '') ? 'urlpattern' : 'match']++;

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    rules: RULES,
    ruleKinds: kinds,
    urls: URLS,
    naiveSample: SAMPLE,
    compileMs: { median: compileTimes[2], min: compileTimes[0] },
    compiled: {
      p50us: micros(percentile(compiledTimes, 50)),
      p99us: micros(percentile(compiledTimes, 99)),
      meanAppliedRules: candidates / URLS,
    },
    compiledOnSample: { p50us: micros(percentile(compiledOnSample, 50)), p99us: micros(percentile(compiledOnSample, 99)) },
    naive: { p50us: micros(percentile(naiveTimes, 50)), p99us: micros(percentile(naiveTimes, 99)), seconds: naiveSeconds },
    speedup: {
      p50: percentile(naiveTimes, 50) / percentile(compiledOnSample, 50),
      p99: percentile(naiveTimes, 99) / percentile(compiledOnSample, 99),
    },
    importPath: { ms: pathMs, baselineMs: pathBaselineMs, ratio: pathBaselineMs / pathMs },
    agreement: { checked: checked.length, agree, percent: (100 * agree) / checked.length, urlsWithMatches: matchedUrls },
    scaling,
  };

  const f = (x: number, d = 2) => x.toFixed(d);
  console.log(
    `Site rules: ${RULES} rules (${kinds.match} match patterns, ${kinds.urlpattern} URL patterns, ${kinds.regex} regular expressions; ${kinds.block} block), ${URLS} URLs`,
  );
  console.log(`compile: median ${f(result.compileMs.median!, 1)} ms (min ${f(result.compileMs.min!, 1)} ms)\n`);
  console.log('matcher                          URLs    p50 µs    p99 µs');
  console.log(
    `compiled index                  ${String(URLS).padStart(5)}  ${f(result.compiled.p50us).padStart(8)}  ${f(result.compiled.p99us).padStart(8)}`,
  );
  console.log(
    `compiled index (sample)         ${String(SAMPLE).padStart(5)}  ${f(result.compiledOnSample.p50us).padStart(8)}  ${f(result.compiledOnSample.p99us).padStart(8)}`,
  );
  console.log(
    `plain loop, URLPattern objects  ${String(SAMPLE).padStart(5)}  ${f(result.naive.p50us).padStart(8)}  ${f(result.naive.p99us).padStart(8)}`,
  );
  console.log(`\nspeed-up (same sample): p50 ${f(result.speedup.p50, 0)}×, p99 ${f(result.speedup.p99, 0)}×`);
  console.log(
    `agreement: ${agree}/${checked.length} URLs (${f(result.agreement.percent, 2)} %), ${matchedUrls} of them matched at least one rule`,
  );
  console.log(`rules matched per URL (mean): ${f(result.compiled.meanAppliedRules)}`);
  console.log(
    `\nsaved list, check + compile + registration + host permissions: ${f(pathMs, 0)} ms; each step reading the patterns again (baseline): ${f(pathBaselineMs, 0)} ms (${f(pathBaselineMs / pathMs, 1)}× faster)`,
  );
  console.log('\nscaling (5,000 URLs each)    rules   compile ms   p50 µs   p99 µs   rules matched per URL');
  for (const s of scaling) {
    console.log(
      `${' '.repeat(27)}${String(s.rules).padStart(7)}  ${f(s.compileMs, 1).padStart(10)}  ${f(s.p50us).padStart(7)}  ${f(s.p99us).padStart(7)}   ${f(s.meanAppliedRules)}`,
    );
  }
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/rules.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log('\nwritten: bench-results/rules.json');
  if (agree !== checked.length) process.exitCode = 1;
}

await main();
