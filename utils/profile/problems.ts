import type { MessageKey, Translate } from '../i18n';
import type { ProfileProblem } from './schema';

/**
 * A refused profile field in plain words, in the reader's language.
 *
 * @example describeProfileProblem({ field: 'contact', code: 'profileProblem_contact', value: 'javascript:x' }, t)
 * // 'L&D profile, field “contact”: must be an e-mail address starting with mailto: … (found “javascript:x”)'
 */
export function describeProfileProblem(problem: ProfileProblem, t: Translate): string {
  let what: string;
  if (problem.code === 'profileProblem_logoTooLarge') what = t(problem.code, Math.ceil((problem.bytes ?? 0) / 1024));
  else if (problem.code === 'profileProblem_accentContrast' && problem.contrast) {
    const { light, dark, failed } = problem.contrast;
    const which = failed.length === 2 ? t('profileThemeBoth') : failed[0] === 'light' ? t('profileThemeLight') : t('profileThemeDark');
    what = t(problem.code, light.toFixed(2), dark.toFixed(2), which);
  } else what = t(problem.code as MessageKey);
  if (problem.value && problem.code !== 'profileProblem_accentContrast') what = t('problemFound', what, problem.value);
  return t('profileProblemAt', problem.field, what);
}
