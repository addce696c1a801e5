import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { extensionId } from '../../cli/org';

/** Where `npm run build:org-e2e` writes the organisation build the force-install tests roll out. */
export const ORG_E2E = resolve(import.meta.dirname, '../../.output/org-e2e');

/** Its ids and the loopback port its update URL names (read from what the build wrote). */
export async function orgBuildIds(): Promise<{ chromiumId: string; firefoxId: string; port: number }> {
  const build = JSON.parse(await readFile(resolve(ORG_E2E, 'build/org-build.json'), 'utf8')) as {
    chromiumKey: string;
    firefoxId: string;
    chromiumUpdateUrl: string;
  };
  const key = createPublicKey({ key: Buffer.from(build.chromiumKey, 'base64'), format: 'der', type: 'spki' });
  return { chromiumId: extensionId(key), firefoxId: build.firefoxId, port: Number(new URL(build.chromiumUpdateUrl).port) };
}
