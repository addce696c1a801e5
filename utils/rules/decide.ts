import { compileRules, inAudience, matchUrl, normaliseAudience, pickWinner, type CompiledRules } from './compile';
import { parsePattern, type ParsedPattern } from './patterns';
import type { SiteRule } from './schema';
import type { Specificity } from './specificity';

/** The outcome for one URL, with everything needed to explain it. */
export interface RuleDecision {
  action: 'suggest' | 'block' | 'none';
  /** The rule that decided, if any. */
  winner?: SiteRule;
  /** Every rule in force that matched, in rule order, with its most specific matching pattern. */
  matched: { rule: SiteRule; pattern: string; specificity: Specificity }[];
}

const cache = new WeakMap<readonly SiteRule[], CompiledRules>();

/** Compiles a rule list once per list object. */
export function compiledFor(rules: readonly SiteRule[]): CompiledRules {
  let compiled = cache.get(rules);
  if (!compiled) cache.set(rules, (compiled = compileRules(rules)));
  return compiled;
}

/**
 * Decides what Trailmark does on a URL: any matching `block` rule wins; otherwise the most
 * specific matching `suggest` rule (see `Specificity`); ties go to the earlier rule. Rules with an
 * audience count only for employees who chose one of its roles.
 *
 * @example decideForUrl('https://crm.example.com/opps/1', rules).action // 'suggest'
 */
export function decideForUrl(url: string, rules: readonly SiteRule[] | CompiledRules, audience: readonly string[] = []): RuleDecision {
  const compiled = Array.isArray(rules) ? compiledFor(rules) : (rules as CompiledRules);
  const { applied } = matchUrl(compiled, url, audience);
  const matched = applied.map((m) => ({ rule: m.rule, pattern: m.pattern.source, specificity: m.specificity }));
  const winner = pickWinner(applied);
  return winner ? { action: winner.rule.action, winner: winner.rule, matched } : { action: 'none', matched };
}

/**
 * Match patterns for registering the tip content script: where the employee's `suggest` rules
 * may apply (a superset for URL patterns and regular expressions; the background decides exactly
 * before the page is read), minus what `block` match patterns cover for sure.
 */
export function contentScriptPatterns(
  rules: readonly SiteRule[],
  audience: readonly string[] = [],
): { matches: string[]; excludeMatches: string[] } {
  const groups = new Set(audience.map(normaliseAudience));
  const inForce = rules.filter((r) => r.enabled && inAudience(r, groups));
  const parsed = (action: SiteRule['action']) =>
    inForce
      .filter((r) => r.action === action)
      .flatMap((r) => r.patterns.map((p) => parsePattern(p)))
      .filter((p): p is ParsedPattern => !('fault' in p));
  const matches = parsed('suggest').flatMap((p) => (p.registration ? [p.registration] : []));
  // Only block patterns that mean exactly what the browser reads them as can exclude pages.
  const excludeMatches = parsed('block')
    .filter((p) => p.kind === 'match' && p.registration === p.source)
    .map((p) => p.source);
  return { matches: [...new Set(matches)], excludeMatches: [...new Set(excludeMatches)] };
}
