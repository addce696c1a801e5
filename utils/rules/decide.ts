import { matchesPattern, parseMatchPattern, type MatchPattern } from './match-pattern';
import type { SiteRule } from './schema';

/** The outcome for one URL, with everything needed to explain it. */
export interface RuleDecision {
  action: 'suggest' | 'block' | 'none';
  /** The rule that decided, if any. */
  winner?: SiteRule;
  /** Every enabled rule that matched, with the pattern that did. */
  matched: { rule: SiteRule; pattern: string; specificity: number }[];
}

const compiled = new WeakMap<SiteRule, MatchPattern[]>();
function patternsOf(rule: SiteRule): MatchPattern[] {
  let patterns = compiled.get(rule);
  if (!patterns) {
    patterns = rule.patterns.map(parseMatchPattern).filter((p): p is MatchPattern => !('fault' in p));
    compiled.set(rule, patterns);
  }
  return patterns;
}

/**
 * Decides what Trailmark does on a URL: any matching `block` rule wins; otherwise the most specific
 * matching `suggest` rule (most literal characters in host and path) wins; ties go to the earlier rule.
 *
 * @example decideForUrl('https://crm.example.com/opps/1', rules).action // 'suggest'
 */
export function decideForUrl(url: string, rules: readonly SiteRule[]): RuleDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { action: 'none', matched: [] };
  }
  const matched: RuleDecision['matched'] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    let best: MatchPattern | undefined;
    for (const pattern of patternsOf(rule)) {
      if (matchesPattern(pattern, parsed) && (!best || pattern.literalLength > best.literalLength)) best = pattern;
    }
    if (best) matched.push({ rule, pattern: best.source, specificity: best.literalLength });
  }
  const block = matched.find((m) => m.rule.action === 'block');
  if (block) return { action: 'block', winner: block.rule, matched };
  const suggest = matched
    .filter((m) => m.rule.action === 'suggest')
    .reduce<RuleDecision['matched'][number] | undefined>((a, b) => (!a || b.specificity > a.specificity ? b : a), undefined);
  return suggest ? { action: 'suggest', winner: suggest.rule, matched } : { action: 'none', matched };
}

/** Match patterns for registering the tip content script: where suggest rules apply, minus blocks. */
export function contentScriptPatterns(rules: readonly SiteRule[]): { matches: string[]; excludeMatches: string[] } {
  const of = (action: SiteRule['action']) => [
    ...new Set(rules.filter((r) => r.enabled && r.action === action).flatMap((r) => patternsOf(r).map((p) => p.source))),
  ];
  return { matches: of('suggest'), excludeMatches: of('block') };
}
