import { browser } from 'wxt/browser';
import { activateCatalogue, CatalogueMovedOn, loadSearchIndex } from '@/utils/catalogue/apply';
import type { TrailmarkDB } from '@/utils/catalogue/db';
import { readResources } from '@/utils/catalogue/pages';
import { parseCatalogueCsv, parseCatalogueFile, parseCatalogueJson } from '@/utils/catalogue/import';
import type { ImportOutcome, ResourceCard } from '@/utils/messaging/protocol';
import type { MatchWhy } from '@/utils/relevance/rank';
import type { SearchIndex } from '@/utils/relevance/search-index';
import { cardLine, type CopyVariant } from '@/utils/copy/variant';
import { loadSampleProfile } from './ld-service';

/** Imports larger than this are refused before parsing. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/**
 * The catalogue as the background sees it: IndexedDB is the truth; the index is cached in memory
 * only as a speed-up and re-read whenever the worker wakes.
 */
export function createCatalogueService(db: TrailmarkDB) {
  let cachedIndex: Promise<SearchIndex | undefined> | undefined;

  const service = {
    /** Installs the built-in sample catalogue if no catalogue was ever activated. */
    async ensureCatalogue(): Promise<void> {
      if (await db.catalogueState.get('active')) return;
      const response = await fetch(browser.runtime.getURL('/sample-catalogue.csv'));
      const parsed = parseCatalogueCsv(await response.text());
      if (!parsed.ok) throw new Error(`The built-in sample catalogue is invalid: ${JSON.stringify(parsed.problems[0])}`);
      const profile = await loadSampleProfile();
      // A feed check may have activated a catalogue meanwhile: the sample never replaces one.
      const origin = { source: 'sample' as const, label: 'sample', ...(profile ? { profile } : {}) };
      await activateCatalogue(db, parsed.resources, origin, new Date(), [], (active) => !active).catch((error: unknown) => {
        if (!(error instanceof CatalogueMovedOn)) throw error;
      });
      cachedIndex = undefined;
    },

    /** Forgets the cached index after the catalogue changed behind the service's back (a feed update). */
    invalidate(): void {
      cachedIndex = undefined;
    },

    index(): Promise<SearchIndex | undefined> {
      cachedIndex ??= service.ensureCatalogue().then(() => loadSearchIndex(db));
      return cachedIndex;
    },

    /** Validates a whole file; only a file without problems replaces the active catalogue. */
    async importFile(name: string, text: string, format?: 'json'): Promise<ImportOutcome> {
      if (text.length > MAX_IMPORT_BYTES) {
        return { ok: false, problems: [{ code: 'problemFileTooLarge' }], problemCount: 1 };
      }
      const parsed = format === 'json' ? parseCatalogueJson(text) : parseCatalogueFile(name, text);
      if (!parsed.ok) return parsed;
      const origin = { source: 'import' as const, label: name, ...(parsed.profile ? { profile: parsed.profile } : {}) };
      const state = await activateCatalogue(db, parsed.resources, origin, new Date(), parsed.taxonomy);
      cachedIndex = undefined;
      return { ok: true, state, ignoredColumns: parsed.ignoredColumns };
    },

    /** Cards for these resources; with a copy variant, each carries the tagline that variant shows. */
    async cards(matches: readonly { id: string; why?: MatchWhy }[], variant?: CopyVariant): Promise<ResourceCard[]> {
      const resources = await readResources(
        db,
        matches.map((m) => m.id),
      );
      return matches.flatMap((match, i) => {
        const r = resources[i];
        if (!r) return [];
        const { id, title, url, type, language, durationMinutes, provider, description } = r;
        const line = variant ? cardLine(r, variant) : undefined;
        return [
          {
            id,
            title,
            url,
            type,
            language,
            durationMinutes,
            provider,
            description,
            ...(match.why ? { why: match.why } : {}),
            ...(line?.fromTagline ? { tagline: line.text } : {}),
          },
        ];
      });
    },

    status: () => db.catalogueState.get('active').then((state) => state ?? null),
  };
  return service;
}
export type CatalogueService = ReturnType<typeof createCatalogueService>;
