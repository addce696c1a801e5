import type { MessageKey, Translate } from '../i18n';
import type { HealthWarning } from './health';
import { describeProfileProblem } from '../profile/problems';
import type { ImportProblem } from './import';

/**
 * One problem in plain words, in the UI's language: where it is, what is wrong, what to do.
 *
 * @example describeProblem({ code: 'problemField_url', row: 5, column: 'url', value: 'http://x' }, t)
 * // 'Row 5, column “url”: must be a full web address starting with https:// (found “http://x”)'
 */
export function describeProblem(problem: ImportProblem, t: Translate): string {
  if (problem.code === 'problemProfile' && problem.profileProblem)
    return t('problemProfile', describeProfileProblem(problem.profileProblem, t));
  const code = problem.code as MessageKey;
  let what =
    problem.code === 'problemDuplicateId' || problem.code === 'problemSkillDuplicate'
      ? t(code, problem.value ?? '', problem.otherRow ?? '?')
      : problem.code === 'problemMissingColumn' || problem.code === 'problemUnmapped'
        ? t(code, problem.column ?? '')
        : t(code, problem.value ?? '');
  if (problem.value && /^problem(Field_|Skill_|Link|HiddenCharacter|ImpossibleDate)/.test(problem.code))
    what = t('problemFound', what, problem.value);
  if (problem.section === 'taxonomy') {
    if (problem.row === undefined) return what;
    return problem.column ? t('problemAtSkill', problem.row, problem.column, what) : t('problemAtSkillRow', problem.row, what);
  }
  if (problem.row === undefined) return what;
  if (problem.column && problem.code !== 'problemMissingColumn' && problem.code !== 'problemUnmapped')
    return t('problemAt', problem.row, problem.column, what);
  return t('problemAtRow', problem.row, what);
}

/**
 * One health-check warning in plain words: row, id, what to improve.
 *
 * @example describeWarning({ code: 'healthAllCaps', row: 4, id: 'excel-101' }, t)
 * // 'Row 4 (id “excel-101”): the title is in capitals; …'
 */
export function describeWarning(warning: HealthWarning, t: Translate): string {
  const code = warning.code as MessageKey;
  const [declared, guessed] = (warning.value ?? '').split('→');
  const what =
    warning.code === 'healthDuplicateUrl'
      ? t(code, warning.value ?? '', warning.otherRow ?? '?')
      : warning.code === 'healthLanguageMismatch'
        ? t(code, declared ?? '', guessed ?? '')
        : t(code, warning.value ?? '');
  return t('healthAt', warning.row, warning.id, what);
}
