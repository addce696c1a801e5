import { describe, expect, it } from 'vitest';
import { makeResources } from '../../catalogue/feed/__tests__/helpers';
import { buildSearchIndex, buildSearchIndexInSlices } from '../search-index';

describe('buildSearchIndexInSlices', () => {
  it('builds exactly what buildSearchIndex builds, giving the event loop turns on the way', async () => {
    const resources = makeResources(3000);
    let slices = 0;
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const sliced = await buildSearchIndexInSlices(resources, [], { sliceMs: 1, onSlice: () => slices++ });
    clearInterval(timer);
    expect(sliced).toEqual(buildSearchIndex(resources));
    expect(slices).toBeGreaterThan(3);
    // Timers ran while it built: nothing waited for the whole build.
    expect(turns).toBeGreaterThan(0);
  });
});
