import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta } from '../feed/delta';
import { emptyOverlay, overlayAfterDelta, overlayLookup, withOverlay } from '../overlay';
import { sortById } from '../pages';
import { ResourceSchema, type Resource } from '../schema';

const resource = (id: string, title: string, active = true): Resource =>
  ResourceSchema.parse({ id, title, url: `https://learn.example.com/${id}`, language: 'en', active });

const ids = fc.uniqueArray(fc.constantFrom(...'abcdefghijkl'.split('')), { maxLength: 12 });
const delta = fc.record({
  upserts: fc.uniqueArray(
    fc.record({ id: fc.constantFrom(...'abcdefghijkl'.split('')), title: fc.constantFrom('one', 'two', 'three'), active: fc.boolean() }),
    {
      selector: (r) => r.id,
      maxLength: 6,
    },
  ),
  retire: fc.uniqueArray(fc.constantFrom(...'abcdefghijkl'.split('')), { maxLength: 4 }),
});

describe('the catalogue overlay', () => {
  it('after any series of deltas over any pages, holds exactly what applying them to the whole catalogue gives', () => {
    fc.assert(
      fc.property(ids, fc.array(delta, { maxLength: 5 }), (pageIdList, deltas) => {
        const pages = sortById(pageIdList.map((id) => resource(id, `page ${id}`)));
        const pageIds = pages.map((r) => r.id);
        let overlay = emptyOverlay();
        let whole = pages;
        for (const d of deltas) {
          const change = { upserts: d.upserts.map((u) => resource(u.id, u.title, u.active)), retire: d.retire };
          const before = new Set(whole.map((r) => r.id));
          const step = overlayAfterDelta(overlay, pageIds, change);
          whole = applyDelta(whole, change);
          overlay = step.overlay;
          expect(withOverlay(pages, overlay)).toEqual(whole);
          expect(step.count).toBe(whole.length);
          expect([...step.fresh].sort()).toEqual(whole.map((r) => r.id).filter((id) => !before.has(id)));
          for (const id of 'abcdefghijklm') {
            const seen = overlayLookup(overlay, id);
            const expected = whole.find((r) => r.id === id);
            if (seen === undefined) expect(pages.find((r) => r.id === id)).toEqual(expected);
            else expect(seen ?? undefined).toEqual(expected);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
