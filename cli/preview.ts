import { featuredEntries, featuredNow } from '../utils/campaigns/featured';
import { liftFeatured } from '../utils/campaigns/lift';
import { cardLine } from '../utils/copy/variant';
import { buildSearchIndex } from '../utils/relevance/search-index';
import { decidePage } from '../utils/relevance/page';
import type { MatchWhy } from '../utils/relevance/rank';
import { CATCH_ALL_RULE, loadCatalogue, loadPageSignals, loadPages, loadRules, type CatalogueReadOptions } from './lib/load';

export interface PreviewOptions {
  /** Catalogue file, CSV, `.xlsx` or JSON. */
  catalogue: string;
  /** How to read a spreadsheet catalogue (mapping, sheet, encoding). */
  read?: CatalogueReadOptions;
  /** JSON array of site rules; without it every page is covered by a catch-all suggest rule. */
  rules?: string;
  /** `pages.tsv`: `page_id`, `url`, `file` (relative to the TSV). */
  pages: string;
  /** The day campaigns are judged on (default: today). */
  now?: Date;
}

/** What the extension would do on one page: the `--json` line. */
export interface PreviewLine {
  page_id: string;
  tip: boolean;
  matches: { id: string; score: number; why: string }[];
}

/** A preview line with what the table also shows: the site-rule decision and how many cards the tip holds. */
export interface PreviewPage extends PreviewLine {
  decision: { action: 'suggest' | 'block' | 'none'; rule?: string };
  tipCount: number;
  /** The card line each copy variant shows, for matches with L&D's own taglines (by resource id). */
  copy: Record<string, { A: string; B: string }>;
  /** Matches featured today, with their campaign's name ('' without one). */
  featured: Record<string, string>;
}

/** How many matches a preview lists per page, best first. */
export const PREVIEW_LIMIT = 10;

/**
 * "Matches “pivot”, “table”; site rule “CRM”": the page's own words, then the rule that boosted it.
 *
 * @example describeWhy({ words: ['pivot'], rule: 'CRM' }) // 'Matches “pivot”; site rule “CRM”'
 */
export function describeWhy(why: MatchWhy): string {
  const parts = [
    why.words.length ? `Matches ${why.words.map((w) => `“${w}”`).join(', ')}` : '',
    why.rule ? `site rule “${why.rule}”` : '',
  ].filter(Boolean);
  const sentence = parts.join('; ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/**
 * Runs the extension's own pipeline over pages on disk: import the catalogue, build the index,
 * read each page's signals from its HTML, decide with the site rules and rank.
 *
 * @example for (const line of await preview({ catalogue: 'c.csv', pages: 'pages.tsv' })) console.log(line.tip);
 */
export async function preview(options: PreviewOptions): Promise<PreviewPage[]> {
  const { resources, taxonomy } = await loadCatalogue(options.catalogue, options.read);
  const rules = options.rules ? await loadRules(options.rules) : [CATCH_ALL_RULE];
  const pages = await loadPages(options.pages);
  const index = buildSearchIndex(resources, taxonomy);
  const byId = new Map(resources.map((r) => [r.id, r]));
  const now = options.now ?? new Date();
  const featured = new Map(featuredNow(featuredEntries(resources, now), now, Infinity).map((e) => [e.id, e.campaign ?? '']));
  const results: PreviewPage[] = [];
  for (const page of pages) {
    // The featured lift is applied after the ranking, as in the extension.
    const outcome = liftFeatured(decidePage(index, rules, await loadPageSignals(page), PREVIEW_LIMIT), (id) => featured.has(id));
    const copy: PreviewPage['copy'] = {};
    const featuredHere: PreviewPage['featured'] = {};
    for (const { id } of outcome.matches) {
      const resource = byId.get(id);
      if (resource?.tagline || resource?.taglineB) copy[id] = { A: cardLine(resource, 'A').text, B: cardLine(resource, 'B').text };
      if (featured.has(id)) featuredHere[id] = featured.get(id)!;
    }
    results.push({
      page_id: page.id,
      tip: outcome.tip,
      matches: outcome.matches.map((m) => ({ id: m.id, score: m.score, why: describeWhy(m.why) })),
      decision: { action: outcome.decision.action, ...(outcome.decision.winner ? { rule: outcome.decision.winner.name } : {}) },
      tipCount: outcome.tipCount,
      copy,
      featured: featuredHere,
    });
  }
  return results;
}

/** One JSON object per line, with exactly `page_id`, `tip` and `matches`. */
export function formatPreviewJson(pages: readonly PreviewLine[]): string {
  return pages.map(({ page_id, tip, matches }) => JSON.stringify({ page_id, tip, matches })).join('\n');
}

/** A table for people: per page the rule decision and the tip, then the best matches (`*` = on the tip). */
export function formatPreviewTable(pages: readonly PreviewPage[], shown = 5): string {
  const out: string[] = [];
  for (const page of pages) {
    const { action, rule } = page.decision;
    const status =
      action === 'block'
        ? `blocked by rule “${rule}”`
        : action === 'none'
          ? 'no suggest rule covers this page'
          : page.tip
            ? `TIP with ${page.tipCount} card${page.tipCount === 1 ? '' : 's'}`
            : page.matches.length
              ? 'no tip (not confident enough)'
              : 'no tip (no matches)';
    out.push(`${page.page_id}  ${status}${action === 'suggest' && rule ? `  [rule “${rule}”]` : ''}`);
    page.matches.slice(0, shown).forEach((m, i) => {
      const campaign = page.featured?.[m.id];
      const mark = campaign === undefined ? '' : campaign ? `  [featured: ${campaign}]` : '  [featured]';
      out.push(
        `  ${i < page.tipCount ? '*' : ' '}${String(i + 1).padStart(2)}. ${m.score.toFixed(3).padStart(8)}  ${m.id}  ${m.why}${mark}`,
      );
      const copy = page.copy?.[m.id];
      if (copy) out.push(`                 copy A: “${copy.A}”`, `                 copy B: “${copy.B}”`);
    });
    if (page.matches.length > shown) out.push(`      … ${page.matches.length - shown} more (see --json)`);
  }
  return out.join('\n');
}
