import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createTranslator } from '../../utils/i18n';
import { describeProfileProblem } from '../../utils/profile/problems';
import { parseLdProfile, type LdProfile } from '../../utils/profile/schema';
import { CliError } from './load';

/**
 * Reads an L&D profile file for `feed build --profile`: JSON with `name`, `tagline`, `accent`,
 * `contact`, `contactTopicParam`, `about`, and the logo either as `logo` (base64 of the image) or,
 * more conveniently, as `logoFile` (a PNG or WebP file next to the profile). Every problem is
 * listed, worded as the extension words it.
 *
 * @example const profile = await loadProfile('profile.json'); // { name: 'Leren & Ontwikkelen', … }
 */
export async function loadProfile(path: string): Promise<LdProfile> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new CliError(`Cannot read the L&D profile ${path}`);
  });
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(`The L&D profile ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (data && typeof data === 'object' && !Array.isArray(data) && 'logoFile' in data) {
    const { logoFile, ...rest } = data as Record<string, unknown>;
    if (typeof logoFile !== 'string') throw new CliError(`In ${path}, “logoFile” must be the name of a PNG or WebP file`);
    const bytes = await readFile(resolve(dirname(path), logoFile)).catch(() => {
      throw new CliError(`Cannot read the logo ${logoFile} named in ${path}`);
    });
    data = { ...rest, logo: bytes.toString('base64') };
  }
  const parsed = parseLdProfile(data, { strict: true });
  if (parsed.profile && parsed.problems.length === 0) return parsed.profile;
  const t = createTranslator('en');
  throw new CliError(
    [
      `The L&D profile ${path} has ${parsed.problems.length} problem(s):`,
      ...parsed.problems.map((p) => `  ${describeProfileProblem(p, t)}`),
    ].join('\n'),
  );
}
