import { matchUrl, pickWinner, type CompiledRules, type RuleMatch, type SkipReason } from './compile';
import type { HostKey } from './patterns';
import type { SiteRule } from './schema';
import { decidingFactor, type PatternKind, type Specificity, type SpecificityFactor } from './specificity';

/** What became of one matching rule. */
export type RuleOutcome =
  | 'winner'
  /** A suggest rule that a block rule overrules. */
  | 'overruledByBlock'
  /** Another block rule: the page is blocked either way. */
  | 'alsoBlocks'
  /** A suggest rule less specific than the winner. */
  | 'lessSpecific'
  /** As specific as the winner, but later in the list. */
  | 'tie'
  | SkipReason;

/** One matching rule in an explanation: plain data, safe to send between extension pages. */
export interface ExplainedRule {
  id: string;
  name: string;
  action: SiteRule['action'];
  /** 1-based position in the rule list. */
  position: number;
  pattern: string;
  kind: PatternKind;
  host: HostKey;
  fixedPath: string;
  specificity: Specificity;
  audience: string[];
  outcome: RuleOutcome;
  /** For a rule that lost on specificity: the field that decided. */
  factor?: SpecificityFactor;
}

/** Everything that matched a URL, the winner, and why. */
export interface Explanation {
  url: string;
  valid: boolean;
  action: 'suggest' | 'block' | 'none';
  winner?: ExplainedRule;
  /** Every matching rule in list order, the winner included. */
  rules: ExplainedRule[];
  /** The employee's roles the decision used. */
  audience: string[];
}

function explained(match: RuleMatch, outcome: RuleOutcome, factor?: SpecificityFactor): ExplainedRule {
  const { rule, pattern } = match;
  return {
    id: rule.id,
    name: rule.name,
    action: rule.action,
    position: match.index + 1,
    pattern: pattern.source,
    kind: pattern.kind,
    host: pattern.host,
    fixedPath: pattern.fixedPath,
    specificity: match.specificity,
    audience: rule.audience,
    outcome,
    ...(factor ? { factor } : {}),
  };
}

/**
 * Explains the decision for a URL: every rule that matched (also those switched off or meant for
 * other roles), which one decided, and for each other rule why it did not.
 *
 * @example explainUrl(compileRules(rules), 'https://crm.example.com/opportunities/1').winner?.name
 */
export function explainUrl(compiled: CompiledRules, url: string, audience: readonly string[] = []): Explanation {
  const { valid, applied, skipped } = matchUrl(compiled, url, audience);
  const winner = pickWinner(applied);
  const outcome = (match: RuleMatch): ExplainedRule => {
    if (match === winner) return explained(match, 'winner');
    if (winner!.rule.action === 'block') return explained(match, match.rule.action === 'block' ? 'alsoBlocks' : 'overruledByBlock');
    const factor = decidingFactor(winner!.specificity, match.specificity);
    return explained(match, factor === 'order' ? 'tie' : 'lessSpecific', factor);
  };
  const rules = [...applied.map(outcome), ...skipped.map((m) => explained(m, m.reason))].sort((a, b) => a.position - b.position);
  return {
    url,
    valid,
    action: winner ? winner.rule.action : 'none',
    ...(winner ? { winner: rules.find((r) => r.outcome === 'winner')! } : {}),
    rules,
    audience: [...audience],
  };
}
