import { inAudience, normaliseAudience, type RuleMatch, type UrlMatches } from '../compile';
import { blockVariants } from '../normalise';
import { parsePattern, type ParsedPattern } from '../patterns';
import type { SiteRule } from '../schema';
import { compareSpecificity } from '../specificity';

/**
 * The plain matcher the compiled one must agree with: every pattern of every rule, tested with
 * its own primitive (the match-pattern reading, a `URLPattern` object, a `RegExp`). Slow on
 * purpose; used by the differential tests and as the peer in `npm run bench:rules`.
 */
export function createReferenceMatcher(rules: readonly SiteRule[]) {
  const parsed: ParsedPattern[][] = rules.map((rule) =>
    rule.patterns.map((p) => parsePattern(p)).filter((p): p is ParsedPattern => !('fault' in p)),
  );
  return (href: string, audience: readonly string[] = []): UrlMatches => {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return { valid: false, applied: [], skipped: [] };
    }
    const groups = new Set(audience.map(normaliseAudience));
    const result: UrlMatches = { valid: true, applied: [], skipped: [] };
    const variants = blockVariants(href).map((v) => new URL(v));
    rules.forEach((rule, index) => {
      const bestOn = (urls: URL[]) => {
        let best: RuleMatch | undefined;
        for (const pattern of parsed[index]!) {
          if (!urls.some((u) => pattern.referenceTest(u))) continue;
          if (!best || compareSpecificity(pattern.specificity, best.specificity) > 0) {
            best = { rule, index, pattern, specificity: pattern.specificity };
          }
        }
        return best;
      };
      // A block rule also holds for other spellings of the address (see blockVariants).
      const best = bestOn([url]) ?? (rule.action === 'block' ? bestOn(variants) : undefined);
      if (!best) return;
      if (!rule.enabled) result.skipped.push({ ...best, reason: 'disabled' });
      else if (!inAudience(rule, groups)) result.skipped.push({ ...best, reason: 'audience' });
      else result.applied.push(best);
    });
    return result;
  };
}
