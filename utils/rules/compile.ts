import { blockVariants } from './normalise';
import { parsePattern, parseUrl, type ParsedPattern, type UrlParts } from './patterns';
import type { SiteRule } from './schema';
import { compareSpecificity, type Specificity } from './specificity';

/** One pattern of one rule, as filed in the index. */
interface Entry {
  rule: number;
  /** Position among the rule's patterns: the first wins between equally specific ones. */
  position: number;
  pattern: ParsedPattern;
}

/** Path-segment trie: entries filed at the node of the whole segments they start with. */
interface PathNode {
  entries: Entry[];
  children?: Map<string, PathNode>;
}

/**
 * Site rules compiled for lookup. A URL is checked only against the patterns filed under its
 * host (exact host, each of its suffixes, any host), walked down its path segments, plus the
 * regular expressions filed under a word the URL contains: the cost per URL depends on the URL's
 * length and the rules that could match it, not on how many rules there are.
 */
export interface CompiledRules {
  rules: readonly SiteRule[];
  exactHosts: Map<string, PathNode>;
  hostSuffixes: Map<string, PathNode>;
  anyHost: PathNode;
  /** Regular expressions without a pinned host, filed under their rarest required word. */
  words: Map<string, Entry[]>;
  /** Shortest and longest of those words: other runs of letters need no look-up. */
  wordLengths: [number, number];
  /** Regular expressions with no required word: checked for every URL. */
  always: Entry[];
  /** How many block rules there are: without any, no other spellings need checking. */
  blocks: number;
}

/** A rule that matched a URL, with its most specific matching pattern. */
export interface RuleMatch {
  rule: SiteRule;
  /** Position in the rule list: earlier wins ties. */
  index: number;
  pattern: ParsedPattern;
  specificity: Specificity;
}

/** Why a matching rule did not take part in the decision. */
export type SkipReason = 'disabled' | 'audience';

/** Every rule that matched a URL, in rule order: those in force and those skipped. */
export interface UrlMatches {
  valid: boolean;
  applied: RuleMatch[];
  skipped: (RuleMatch & { reason: SkipReason })[];
}

const node = (): PathNode => ({ entries: [] });

function file(root: PathNode, segments: readonly string[], entry: Entry): void {
  let at = root;
  for (const segment of segments) {
    at.children ??= new Map();
    let next = at.children.get(segment);
    if (!next) at.children.set(segment, (next = node()));
    at = next;
  }
  at.entries.push(entry);
}

/**
 * Compiles rules (already validated by `SiteRuleSchema`) for fast lookup. Patterns that do not
 * parse are left out; the schema refuses them before they get here. Disabled rules are compiled
 * too, so an explanation can say that one would have matched.
 *
 * @example const compiled = compileRules(rules); matchUrl(compiled, 'https://crm.example.com/');
 */
export function compileRules(rules: readonly SiteRule[]): CompiledRules {
  const compiled: CompiledRules = {
    rules,
    exactHosts: new Map(),
    hostSuffixes: new Map(),
    anyHost: node(),
    words: new Map(),
    wordLengths: [Infinity, 0],
    always: [],
    blocks: rules.filter((rule) => rule.action === 'block').length,
  };
  const unhosted: Entry[] = [];
  const wordCounts = new Map<string, number>();
  rules.forEach((rule, index) => {
    rule.patterns.forEach((source, position) => {
      const pattern = parsePattern(source);
      if ('fault' in pattern) return;
      const entry = { rule: index, position, pattern };
      if (pattern.kind === 'regex' && pattern.host.type === 'any') {
        unhosted.push(entry);
        for (const word of pattern.tokens) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
        return;
      }
      const { host } = pattern;
      const map = host.type === 'exact' ? compiled.exactHosts : host.type === 'suffix' ? compiled.hostSuffixes : undefined;
      const key = host.type === 'exact' ? host.host : host.type === 'suffix' ? host.suffix : '';
      let root = map ? map.get(key) : compiled.anyHost;
      if (!root) map!.set(key, (root = node()));
      file(root, pattern.segments, entry);
    });
  });
  // Each unhosted expression goes under its rarest word, so few are checked per URL.
  for (const entry of unhosted) {
    const [word] = [...entry.pattern.tokens].sort((a, b) => wordCounts.get(a)! - wordCounts.get(b)! || b.length - a.length);
    if (word === undefined) {
      compiled.always.push(entry);
    } else {
      compiled.words.set(word, [...(compiled.words.get(word) ?? []), entry]);
      compiled.wordLengths = [Math.min(compiled.wordLengths[0], word.length), Math.max(compiled.wordLengths[1], word.length)];
    }
  }
  return compiled;
}

function collect(root: PathNode | undefined, segments: readonly string[], out: Entry[]): void {
  let at = root;
  for (let i = 0; at; i++) {
    for (const entry of at.entries) out.push(entry);
    if (i >= segments.length || !at.children) break;
    at = at.children.get(segments[i]!);
  }
}

/** The patterns that could match a URL: a small superset, found without looking at other rules. */
export function candidates(compiled: CompiledRules, url: UrlParts): Entry[] {
  const out: Entry[] = [];
  collect(compiled.exactHosts.get(url.hostname), url.segments, out);
  if (compiled.hostSuffixes.size > 0) {
    for (let dot = -1, host = url.hostname; ;) {
      collect(compiled.hostSuffixes.get(host.slice(dot + 1)), url.segments, out);
      dot = host.indexOf('.', dot + 1);
      if (dot < 0) break;
    }
  }
  collect(compiled.anyHost, url.segments, out);
  if (compiled.words.size > 0) {
    // Each run of letters and digits in the address, lower-cased, looked up as a word. The whole
    // href may hold more words than regular expressions see (user name, fragment): a few extra
    // candidates, never a missed one.
    const text = url.url.href;
    let upper = false;
    for (let start = 0, i = 0; i <= text.length; i++) {
      const code = i < text.length ? text.charCodeAt(i) : 0;
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) continue;
      if (code >= 65 && code <= 90) {
        upper = true;
        continue;
      }
      const length = i - start;
      if (length >= compiled.wordLengths[0] && length <= compiled.wordLengths[1]) {
        const word = upper ? text.slice(start, i).toLowerCase() : text.slice(start, i);
        const entries = compiled.words.get(word);
        if (entries) for (const entry of entries) out.push(entry);
      }
      upper = false;
      start = i + 1;
    }
  }
  for (const entry of compiled.always) out.push(entry);
  return out;
}

/** Whether a rule applies to this employee: no audience, or one of the employee's roles is in it. */
export function inAudience(rule: SiteRule, audience: ReadonlySet<string>): boolean {
  return rule.audience.length === 0 || rule.audience.some((group) => audience.has(normaliseAudience(group)));
}

const audienceSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function audienceSet(audience: readonly string[]): ReadonlySet<string> {
  let set = audienceSets.get(audience);
  if (!set) audienceSets.set(audience, (set = new Set(audience.map(normaliseAudience))));
  return set;
}

/** Roles and departments compare without case and outer spaces. */
export const normaliseAudience = (group: string) => group.trim().toLocaleLowerCase();

/**
 * Every rule that matches a URL, each with its most specific matching pattern, in rule order;
 * rules that are switched off or meant for other roles are listed apart.
 */
export function matchUrl(compiled: CompiledRules, href: string, audience: readonly string[] = []): UrlMatches {
  const url = parseUrl(href);
  if (!url) return { valid: false, applied: [], skipped: [] };
  const found = candidates(compiled, url);
  if (found.length === 0 && compiled.blocks === 0) return { valid: true, applied: [], skipped: [] };
  const best = new Map<number, RuleMatch & { position: number }>();
  for (const entry of found) {
    const current = best.get(entry.rule);
    if (current) {
      const order = compareSpecificity(entry.pattern.specificity, current.specificity);
      if (order < 0 || (order === 0 && entry.position > current.position)) continue;
    }
    // Too long to test in bounded time: a block holds, a suggestion does not.
    const matches = entry.pattern.tooLong?.(url) ? compiled.rules[entry.rule]!.action === 'block' : entry.pattern.test(url);
    if (!matches) continue;
    const { pattern, position } = entry;
    best.set(entry.rule, { rule: compiled.rules[entry.rule]!, index: entry.rule, position, pattern, specificity: pattern.specificity });
  }
  // A block holds against other spellings of the same address (see blockVariants).
  if (compiled.blocks > 0) {
    const onlyByVariant = new Map<number, RuleMatch & { position: number }>();
    for (const variant of blockVariants(href)) {
      const other = parseUrl(variant);
      if (!other) continue;
      for (const entry of candidates(compiled, other)) {
        const rule = compiled.rules[entry.rule]!;
        if (rule.action !== 'block' || best.has(entry.rule)) continue;
        const current = onlyByVariant.get(entry.rule);
        if (current) {
          const order = compareSpecificity(entry.pattern.specificity, current.specificity);
          if (order < 0 || (order === 0 && entry.position >= current.position)) continue;
        }
        if (!(entry.pattern.tooLong?.(other) || entry.pattern.test(other))) continue;
        onlyByVariant.set(entry.rule, {
          rule,
          index: entry.rule,
          position: entry.position,
          pattern: entry.pattern,
          specificity: entry.pattern.specificity,
        });
      }
    }
    for (const [rule, match] of onlyByVariant) best.set(rule, match);
  }
  const result: UrlMatches = { valid: true, applied: [], skipped: [] };
  if (best.size === 0) return result;
  const groups = audienceSet(audience);
  for (const { position: _, ...match } of [...best.values()].sort((a, b) => a.index - b.index)) {
    if (!match.rule.enabled) result.skipped.push({ ...match, reason: 'disabled' });
    else if (!inAudience(match.rule, groups)) result.skipped.push({ ...match, reason: 'audience' });
    else result.applied.push(match);
  }
  return result;
}

/**
 * The deciding rule among those in force: any `block` rule beats every `suggest` rule; within the
 * same action the most specific wins, and the earlier rule on a tie.
 */
export function pickWinner(applied: readonly RuleMatch[]): RuleMatch | undefined {
  const blocks = applied.filter((m) => m.rule.action === 'block');
  const pool = blocks.length > 0 ? blocks : applied;
  let winner: RuleMatch | undefined;
  for (const match of pool) {
    if (!winner || compareSpecificity(match.specificity, winner.specificity) > 0) winner = match;
  }
  return winner;
}
