import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORG_E2E } from './org-build';

/**
 * Least privilege, measured on what ships: the exact permissions of every built manifest (the
 * standard builds from `npm run build`/`zip`, the organisation build from `npm run build:org-e2e`).
 * A new permission, host or optional host fails here until someone decides it belongs.
 */
const manifest = async (dir: string) =>
  JSON.parse(await readFile(resolve(dir, 'manifest.json'), 'utf8')) as Record<string, unknown> & {
    browser_specific_settings?: { gecko?: { data_collection_permissions?: unknown } };
  };
const API = ['storage', 'unlimitedStorage', 'scripting', 'activeTab', 'alarms'];

const BUILDS = [
  {
    name: 'standard Chrome/Edge (MV3)',
    dir: '.output/chrome-mv3',
    expected: { permissions: API, host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'], optional_host_permissions: ['*://*/*'] },
  },
  {
    name: 'standard Firefox (MV2)',
    dir: '.output/firefox-mv2',
    expected: { permissions: [...API, 'http://127.0.0.1/*', 'http://localhost/*'], optional_permissions: ['*://*/*'] },
  },
  {
    name: 'organisation Chrome/Edge (MV3)',
    dir: `${ORG_E2E}/build/chrome-mv3`,
    expected: { permissions: API, host_permissions: ['http://intranet.test/*'], optional_host_permissions: ['*://*/*'] },
  },
  {
    name: 'organisation Firefox (MV2)',
    dir: `${ORG_E2E}/build/firefox-mv2`,
    expected: { permissions: [...API, 'http://intranet.test/*'], optional_permissions: ['*://*/*'] },
  },
];

describe('the permissions of every build', () => {
  it.each(BUILDS)('$name asks for exactly its permissions', async ({ dir, expected }) => {
    const built = await manifest(dir);
    const keys = ['permissions', 'host_permissions', 'optional_permissions', 'optional_host_permissions'] as const;
    const actual = Object.fromEntries(keys.filter((key) => built[key] !== undefined).map((key) => [key, built[key]]));
    expect(actual).toEqual(expected);
    // No content script is declared in the manifest: the tip script is registered at run time only where a rule and a permission meet.
    expect(built.content_scripts ?? []).toEqual([]);
  });

  it('the Firefox builds declare that they collect nothing, with optional anonymous counts', async () => {
    for (const dir of ['.output/firefox-mv2', `${ORG_E2E}/build/firefox-mv2`]) {
      expect((await manifest(dir)).browser_specific_settings?.gecko?.data_collection_permissions).toEqual({
        required: ['none'],
        optional: ['technicalAndInteraction'],
      });
    }
  });
});
