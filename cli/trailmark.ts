/**
 * `trailmark`: Node tools for L&D and admins. Parses arguments and dispatches; the work is in
 * `preview.ts` and `eval.ts`, which reuse the extension's own code from `utils/`.
 */
import { parseArgs } from 'node:util';
import { formatEvalJson, formatEvalTable, runEval } from './eval';
import { CliError } from './lib/load';
import { formatPreviewJson, formatPreviewTable, preview } from './preview';

const USAGE = `Usage: trailmark <command> [options]

Commands:
  preview   Show what the extension would suggest on pages saved as HTML
  eval      Measure ranking and tips on a labelled set, against MiniSearch BM25

Run "trailmark <command> --help" for a command's options.
From a checkout: npm exec trailmark -- <command> …  (or npx trailmark <command> …)`;

const PREVIEW_USAGE = `Usage: trailmark preview --catalogue <file.csv|file.json> --pages <pages.tsv> [--rules <rules.json>] [--json]

  --catalogue <file>  catalogue export, CSV or JSON (the format the options page imports)
  --pages <file>      TSV with a header and the columns page_id, url, file (HTML path relative to the TSV)
  --rules <file>      JSON array of site rules; without it every page is covered by one catch-all suggest rule
  --json              one JSON line per page: {"page_id","tip","matches":[{"id","score","why"}]} (top 10)
  -h, --help          this text`;

const EVAL_USAGE = `Usage: trailmark eval <set-dir> [--json]

  <set-dir>    directory with catalogue.csv, pages.tsv (page_id, url, file, kind), pages/*.html, qrels.tsv
  --json       print every figure as one JSON object
  -h, --help   this text

Also: npm run eval -- <set-dir> [--json]`;

class UsageError extends Error {}

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
  preview: {
    usage: PREVIEW_USAGE,
    async run(args) {
      const { values, positionals } = parse(() =>
        parseArgs({
          args,
          options: { catalogue: { type: 'string' }, pages: { type: 'string' }, rules: { type: 'string' }, json: { type: 'boolean' }, help: HELP },
          allowPositionals: true,
        }),
      );
      if (values.help) return PREVIEW_USAGE;
      if (positionals.length > 0) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
      const { catalogue, pages, rules } = values;
      if (!catalogue) throw new UsageError('Missing --catalogue <file.csv|file.json>');
      if (!pages) throw new UsageError('Missing --pages <pages.tsv>');
      const lines = await preview({ catalogue, pages, ...(rules ? { rules } : {}) });
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
      if (positionals.length !== 1) throw new UsageError(positionals.length ? `Expected one set directory, got ${positionals.length}` : 'Missing <set-dir>');
      const report = await runEval(positionals[0]!);
      return values.json ? formatEvalJson(report) : formatEvalTable(report);
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
    process.stderr.write(`trailmark: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const output = await command.run(rest);
    if (output) process.stdout.write(`${output}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`trailmark ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`trailmark ${name}: ${error.message}\n`);
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
