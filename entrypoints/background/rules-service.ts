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
 * only when the settings service hands over a new value.
 */
export function createRulesService(settings: () => Promise<SettingsInForce>) {
  let last: { from: SettingsInForce; state: RuleState } | undefined;
  return {
    async state(): Promise<RuleState> {
      const current = await settings();
      if (last?.from !== current) last = { from: current, state: ruleState(current) };
      return last.state;
    },
  };
}
export type RulesService = ReturnType<typeof createRulesService>;
