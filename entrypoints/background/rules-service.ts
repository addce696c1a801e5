import { compileRules, type CompiledRules } from '@/utils/rules/compile';
import type { SettingsInForce } from '@/utils/settings/in-force';

/** The rules in force, compiled, with the settings they came from. */
export interface RuleState {
  settings: SettingsInForce;
  compiled: CompiledRules;
  audience: string[];
}

/** Compiles the rules of the settings in force (pure; also used by tests). */
export function ruleState(settings: SettingsInForce): RuleState {
  return { settings, compiled: compileRules(settings.rules.inForce), audience: settings.audience };
}

/**
 * The compiled rules for the settings in force. Compiling is the costly part, so it is redone
 * only when the rules in force or the employee's roles changed (a new tip limit keeps them).
 */
export function createRulesService(settings: () => Promise<SettingsInForce>) {
  let last: RuleState | undefined;
  return {
    async state(): Promise<RuleState> {
      const current = await settings();
      if (last && sameItems(last.settings.rules.inForce, current.rules.inForce) && sameItems(last.audience, current.audience)) {
        if (last.settings !== current) last = { ...last, settings: current };
      } else {
        last = ruleState(current);
      }
      return last;
    },
  };
}

/** The same items in the same order (rules are compared as objects: the settings mirror keeps unchanged ones). */
const sameItems = <T>(a: readonly T[], b: readonly T[]) => a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
export type RulesService = ReturnType<typeof createRulesService>;
