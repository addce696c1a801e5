/**
 * `trailmark`: Node tools for L&D and admins. Parses arguments and dispatches; the work is in
 * `preview.ts`, `eval.ts`, `policy.ts`, `org.ts` and `feed.ts`, which reuse the extension's own code from `utils/`.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CALIBRATION, formatCalibration, runCalibration } from './calibrate';
import { formatEvalJson, formatEvalSummary, formatEvalTable, runEval, runEvalSets } from './eval';
import { FEATURE_NAMES } from '../utils/relevance/confidence';
import { FEED_USAGE, runFeed } from './feed';
import { CATALOGUE_READ_ARGS, CATALOGUE_READ_USAGE, catalogueReadOptions, CliError, UsageError } from './lib/load';
import { CATALOGUE_USAGE, runCatalogue } from './catalogue';
import { ORG_USAGE, runOrg } from './org';
import { POLICY_USAGE, runPolicy } from './policy';
import { terminalText } from './lib/terminal-text';
import { REPORT_USAGE } from './report/usage';
import { formatPreviewJson, formatPreviewTable, preview } from './preview';

const USAGE = `Usage: trailmark <command> [options]

Commands:
  preview   Show what the extension would suggest on pages saved as HTML
  eval      Measure ranking and tips on a labelled set, against MiniSearch BM25
  calibrate Fit the tip confidence on labelled sets (for maintainers)
  policy    For admins: Group Policy templates (ADMX) and checking a policy file
  feed      Publish the catalogue as a signed feed: feed keygen, feed build, feed verify
  catalogue Check a catalogue before publishing: catalogue check <file> [--pages pages.tsv]
  report    For L&D: a report for management from the anonymous counts in your LRS
  org       For admins: org build, your organisation's own Trailmark with its update and policy files

Run "trailmark <command> --help" for a command's options.
From a checkout: npm exec trailmark -- <command> …  (or npx trailmark <command> …)`;

const PREVIEW_USAGE = `Usage: trailmark preview --catalogue <file.csv|file.xlsx|file.json> --pages <pages.tsv> [--rules <rules.json>] [--json]

  --catalogue <file>  catalogue export, CSV, .xlsx or JSON (what the options page imports)
  --pages <file>      TSV with a header and the columns page_id, url, file (HTML path relative to the TSV)
  --rules <file>      JSON array of site rules; without it every page is covered by one catch-all suggest rule
  --json              one JSON line per page: {"page_id","tip","matches":[{"id","score","why"}]} (top 10)
  -h, --help          this text
${CATALOGUE_READ_USAGE}`;

const EVAL_USAGE = `Usage: trailmark eval <set-dir>... [--json]

  <set-dir>    directory with catalogue.csv, pages.tsv (page_id, url, file, kind), pages/*.html, qrels.tsv;
               with two or more, each set is also scored out of set (confidence model fitted on the others)
  --json       print every figure as one JSON object (an array of them for several sets)
  -h, --help   this text

Also: npm run eval -- <set-dir>... [--json]`;

const CALIBRATE_USAGE = `Usage: trailmark calibrate <set-dir>... [--features a,b] [--l2 <n>] [--json]

  <set-dir>          one or more labelled sets laid out like eval/dev
  --features <list>  features to use, from ${FEATURE_NAMES.join(', ')} (default: the shipped ${DEFAULT_CALIBRATION.features.join(', ')})
  --l2 <n>           L2 penalty (default ${DEFAULT_CALIBRATION.l2})
  --json             print the report as JSON
  -h, --help         this text

Fits the logistic confidence model with ${DEFAULT_CALIBRATION.repeats} × ${DEFAULT_CALIBRATION.folds}-fold cross-validation and prints the
constants for utils/relevance/confidence.ts. Also: npm run calibrate -- <set-dir>...`;

/** parseArgs, with its complaints (unknown option, missing value) turned into usage errors. */
function parse<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const HELP = { type: 'boolean', short: 'h' } as const;

const COMMANDS: Record<string, { usage: string; run: (args: string[]) => Promise<string> }> = {
  feed: { usage: FEED_USAGE, run: runFeed },
  catalogue: { usage: CATALOGUE_USAGE, run: runCatalogue },
  calibrate: {
    usage: CALIBRATE_USAGE,
    async run(args) {
      const { values, positionals } = parse(() =>
        parseArgs({
          args,
          options: { features: { type: 'string' }, l2: { type: 'string' }, json: { type: 'boolean' }, help: HELP },
          allowPositionals: true,
        }),
      );
      if (values.help) return CALIBRATE_USAGE;
      if (positionals.length === 0) throw new UsageError('Missing <set-dir>');
      const repeated = positionals.find((dir, i) => positionals.indexOf(dir) !== i);
      if (repeated) throw new UsageError(`${repeated} is given more than once: each set is scored by a model fitted on the others`);
      const known = new Set<string>(FEATURE_NAMES);
      const features = values.features ? values.features.split(',').map((f) => f.trim()) : [...DEFAULT_CALIBRATION.features];
      const unknown = features.filter((f) => !known.has(f));
      if (unknown.length) throw new UsageError(`Unknown feature(s): ${unknown.join(', ')}`);
      const l2 = values.l2 === undefined ? DEFAULT_CALIBRATION.l2 : Number(values.l2);
      if (!(l2 >= 0)) throw new UsageError(`--l2 must be a number ≥ 0, not ${values.l2}`);
      const report = await runCalibration(positionals, {
        ...DEFAULT_CALIBRATION,
        features: features as (typeof FEATURE_NAMES)[number][],
        l2,
      });
      return values.json ? JSON.stringify(report, null, 2) : formatCalibration(report);
    },
  },
  org: { usage: ORG_USAGE, run: runOrg },
  policy: { usage: POLICY_USAGE, run: runPolicy },
  // Loaded when used: the charting library is large and no other command needs it.
  report: { usage: REPORT_USAGE, run: async (args) => (await import('./report/index')).runReport(args) },
  preview: {
    usage: PREVIEW_USAGE,
    async run(args) {
      const { values, positionals } = parse(() =>
        parseArgs({
          args,
          options: {
            catalogue: { type: 'string' },
            pages: { type: 'string' },
            rules: { type: 'string' },
            json: { type: 'boolean' },
            ...CATALOGUE_READ_ARGS,
            help: HELP,
          },
          allowPositionals: true,
        }),
      );
      if (values.help) return PREVIEW_USAGE;
      if (positionals.length > 0) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
      const { catalogue, pages, rules } = values;
      if (!catalogue) throw new UsageError('Missing --catalogue <file.csv|file.xlsx|file.json>');
      if (!pages) throw new UsageError('Missing --pages <pages.tsv>');
      const read = await catalogueReadOptions(values);
      const lines = await preview({ catalogue, pages, read, ...(rules ? { rules } : {}) });
      return values.json ? formatPreviewJson(lines) : formatPreviewTable(lines);
    },
  },
  eval: {
    usage: EVAL_USAGE,
    async run(args) {
      const { values, positionals } = parse(() =>
        parseArgs({ args, options: { json: { type: 'boolean' }, help: HELP }, allowPositionals: true }),
      );
      if (values.help) return EVAL_USAGE;
      if (positionals.length === 0) throw new UsageError('Missing <set-dir>');
      const repeated = positionals.find((dir, i) => positionals.indexOf(dir) !== i);
      if (repeated) throw new UsageError(`${repeated} is given more than once: each set is scored by a model fitted on the others`);
      if (positionals.length === 1) {
        const report = await runEval(positionals[0]!);
        return values.json ? formatEvalJson(report) : formatEvalTable(report);
      }
      const reports = await runEvalSets(positionals);
      if (values.json) return formatEvalJson(reports);
      return [...reports.map(formatEvalTable), formatEvalSummary(reports)].join('\n\n');
    },
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
    process.stdout.write(`${topic?.usage ?? USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`trailmark: unknown command "${terminalText(name)}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const output = await command.run(rest);
    // Catalogue, policy and page text reach the output; none of it may steer the terminal.
    if (output) process.stdout.write(`${terminalText(output)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`trailmark ${name}: ${terminalText(error.message)}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`trailmark ${name}: ${terminalText(error.message)}\n`);
      return 1;
    }
    throw error;
  }
}

// A closed pipe (`trailmark preview … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
