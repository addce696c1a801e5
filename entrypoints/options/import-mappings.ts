import { storage } from 'wxt/utils/storage';
import type { ColumnMapping } from '@/utils/catalogue/import-mapping';

/** The column mapping last used per header shape (see `headerShape`), so the next export of the same shape needs no choices. */
export const importMappingsItem = storage.defineItem<Record<string, ColumnMapping>>('local:importMappings', { fallback: {}, version: 1 });

/** Mappings kept; the oldest shapes are forgotten first. */
const MAX_SAVED = 20;

/** Remembers a mapping for a header shape. */
export async function saveMapping(shape: string, mapping: ColumnMapping): Promise<void> {
  const saved = await importMappingsItem.getValue();
  delete saved[shape];
  const entries = [...Object.entries(saved), [shape, mapping] as const].slice(-MAX_SAVED);
  await importMappingsItem.setValue(Object.fromEntries(entries));
}
