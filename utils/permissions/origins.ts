import { inAudience, normaliseAudience } from '../rules/compile';
import { parseMatchPattern, type MatchPattern } from '../rules/match-pattern';
import { parsePattern, type ParsedPattern } from '../rules/patterns';
import type { SiteRule } from '../rules/schema';

/**
 * Host permissions Trailmark needs, as pure functions over plain data. Trailmark reads a page only
 * where a `suggest` rule applies, so it asks for exactly those hosts; the browser grants them
 * (optional host permissions), and the content script is registered only where it has both a rule
 * and the permission.
 */

/** Parsed patterns of the employee's suggest rules in force. */
function suggestPatterns(rules: readonly SiteRule[], audience: readonly string[]): ParsedPattern[] {
  const groups = new Set(audience.map(normaliseAudience));
  return rules
    .filter((rule) => rule.enabled && rule.action === 'suggest' && inAudience(rule, groups))
    .flatMap((rule) => rule.patterns.map((p) => parsePattern(p)))
    .filter((p): p is ParsedPattern => !('fault' in p));
}

/**
 * The host permissions the suggest rules need, smallest set first: a pattern another one covers is
 * left out.
 *
 * @example originsForRules(rules, []) // ['https://crm.example.com/*', '*://*.intranet.example/*']
 */
export function originsForRules(rules: readonly SiteRule[], audience: readonly string[] = []): string[] {
  const origins = [...new Set(suggestPatterns(rules, audience).flatMap((p) => (p.origin ? [p.origin] : [])))];
  // Left out: an origin another one covers (of two that cover each other, the later one). Only
  // the origins filed under the host's own suffixes can cover it, so this is linear in the rules
  // (comparing every pair took 100 s at 4,000 rules).
  const index = new CoverIndex(origins);
  return origins.filter((origin, i) => !index.coveringOthers(origin).some((j) => j !== i && (!covers(origin, origins[j]!) || j < i)));
}

/**
 * Granted (or wanted) host permissions filed by host, so that finding those that cover a pattern
 * looks only at the pattern's host, its parent domains and the any-host permissions.
 */
class CoverIndex {
  readonly #byHost = new Map<string, number[]>();
  readonly #anyHost: number[] = [];

  constructor(readonly origins: readonly string[]) {
    origins.forEach((origin, i) => {
      const parsed = parse(origin);
      if (!parsed) return;
      if (!parsed.host) this.#anyHost.push(i);
      else this.#byHost.set(parsed.host, [...(this.#byHost.get(parsed.host) ?? []), i]);
    });
  }

  /** Positions of the origins that cover `wanted`. */
  coveringOthers(wanted: string): number[] {
    const w = parse(wanted);
    if (!w) return [];
    const found = this.#anyHost.filter((i) => covers(this.origins[i]!, wanted));
    if (!w.host) return found;
    for (let host = w.host; ;) {
      for (const i of this.#byHost.get(host) ?? []) if (covers(this.origins[i]!, wanted)) found.push(i);
      const dot = host.indexOf('.');
      if (dot < 0) break;
      host = host.slice(dot + 1);
    }
    return found;
  }

  covered(wanted: string): boolean {
    return this.coveringOthers(wanted).length > 0;
  }
}

/**
 * The host permission for fetching a catalogue feed from `feedUrl` (`https://feeds.example.com/*`),
 * or undefined when it is not an https address.
 */
export function feedOrigin(feedUrl: string): string | undefined {
  try {
    const url = new URL(feedUrl);
    return url.protocol === 'https:' && url.hostname ? `https://${url.hostname}/*` : undefined;
  } catch {
    return undefined;
  }
}

/** Parsed permissions, kept: the same few origins are compared many times. */
const parsedCache = new Map<string, MatchPattern | undefined>();

function parse(pattern: string): MatchPattern | undefined {
  if (parsedCache.has(pattern)) return parsedCache.get(pattern);
  const parsed = parseMatchPattern(pattern);
  const result = 'fault' in parsed ? undefined : parsed;
  if (parsedCache.size > 50_000) parsedCache.clear();
  parsedCache.set(pattern, result);
  return result;
}

/**
 * Whether host permission `granted` covers every URL of `wanted`, as browsers read host
 * permissions: schemes and hosts count; paths and ports do not.
 */
export function covers(granted: string, wanted: string): boolean {
  const g = parse(granted);
  const w = parse(wanted);
  if (!g || !w) return false;
  if (!w.schemes.every((scheme) => g.schemes.includes(scheme))) return false;
  if (!g.host) return true;
  if (!w.host) return false;
  if (g.subdomains) return w.host === g.host || w.host.endsWith(`.${g.host}`);
  return !w.subdomains && w.host === g.host;
}

/** The wanted host permissions that no granted one covers: what to ask the employee for. */
export function missingOrigins(wanted: readonly string[], granted: readonly string[]): string[] {
  const index = new CoverIndex(granted);
  return wanted.filter((origin) => !index.covered(origin));
}

/** Content-script match patterns whose host is covered by a granted permission. */
export function permittedPatterns(patterns: readonly string[], granted: readonly string[]): string[] {
  const index = new CoverIndex(granted);
  return patterns.filter((pattern) => index.covered(pattern));
}
