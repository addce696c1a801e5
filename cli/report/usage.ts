/** `trailmark report --help`, apart from the command so the CLI can show it without loading the charts. */
export const REPORT_USAGE = `Usage: trailmark report --lrs <endpoint> --key <key> --secret <secret> [options] --out report.html
       trailmark report --statements <export.json> [options] --out report.html

Makes the report L&D shows management from the counts Trailmark sent to the organisation's LRS:
one HTML file that opens offline and prints, with a summary, charts and tables.

  --lrs <endpoint>     the LRS's xAPI endpoint, e.g. https://lrs.example.com/xAPI/
  --key, --secret      an LRS client that may read statements (or set TRAILMARK_LRS_KEY and
                       TRAILMARK_LRS_SECRET, which keeps the secret out of your shell history)
  --statements <file>  read an export instead: a JSON list of statements, an LRS page, or one per line
  --from, --to <date>  the days to report, YYYY-MM-DD (default: all there is)
  --lang <en|nl>       the report's language (default en)
  --min-group <k>      show a figure only when at least k installations contributed (default 5)
  --out <file>         where to write the report (default report.html)
  -h, --help           this text`;
