import { effectivePort, matchesPattern, parseMatchPattern, type MatchPattern, type MatchPatternFault } from './match-pattern';
import { MAX_REGEX_SUBJECT, MAX_UNBOUNDED_REPEATS, parseRegexPattern, regexGroupSafety, type RegexFault, type RegexInfo } from './regex';
import type { PatternKind, Specificity } from './specificity';
import {
  componentTest,
  hostnameKey,
  passes,
  pathnamePrefix,
  tokeniseComponent,
  URL_PATTERN_COMPONENTS,
  urlPatternFor,
  type ComponentTest,
  type UrlPatternLike,
} from './url-pattern';

const URL_PATTERN_SYNTAX = /:[\p{ID_Start}$_]|[(){}]/u;

/** Longest pattern accepted. */
export const MAX_PATTERN_LENGTH = 2000;

/** Why a pattern was refused; each is an i18n key with a plain-words explanation. */
export type PatternFault =
  MatchPatternFault | RegexFault | 'patternEmpty' | 'patternTooLong' | 'patternUnknown' | 'urlPatternSyntax' | 'urlPatternTooManyWildcards';

/** Where the index files a pattern: under its exact host, a host suffix, or any host. */
export type HostKey = { type: 'exact'; host: string } | { type: 'suffix'; suffix: string } | { type: 'any' };

/** A URL taken apart once, for every pattern to look at. */
export class UrlParts {
  readonly scheme: string;
  readonly hostname: string;
  readonly pathname: string;
  /** Path segments: `/a/b/` → `['a', 'b', '']`. */
  readonly segments: string[];
  #pathAndSearch: string | undefined;
  #regexSubject: string | undefined;

  constructor(readonly url: URL) {
    this.scheme = url.protocol.slice(0, -1);
    this.hostname = url.hostname;
    this.pathname = url.pathname;
    this.segments = this.pathname.slice(1).split('/');
  }

  /** What match patterns' paths see: the path and the query. Built when first needed. */
  get pathAndSearch(): string {
    return (this.#pathAndSearch ??= this.pathname + this.url.search);
  }

  /** What regular expressions see: the address without user name, password and fragment. */
  get regexSubject(): string {
    return (this.#regexSubject ??= `${this.url.protocol}//${this.url.host}${this.pathname}${this.url.search}`);
  }
}

/**
 * Takes a URL apart, or returns undefined when it is not an absolute URL.
 *
 * @example parseUrl('https://crm.example.com/opps/1')?.segments // ['opps', '1']
 */
export function parseUrl(href: string): UrlParts | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  return new UrlParts(url);
}

/** A checked pattern with everything the matcher, the explanation and the permissions need. */
export interface ParsedPattern {
  source: string;
  kind: PatternKind;
  host: HostKey;
  /** Whole path segments every matching URL starts with (the index walks them). */
  segments: string[];
  /** For a regular expression that pins no host: words every match contains. */
  tokens: string[];
  /** The fixed start of the path (its length is the path part of the specificity). */
  fixedPath: string;
  specificity: Specificity;
  /** Fast test, used by the compiled matcher. */
  test(url: UrlParts): boolean;
  /**
   * Whether the address is too long for this pattern to be tested in bounded time (regular
   * expressions and URL patterns that need URLPattern): then a block rule counts as matching and
   * a suggest rule as not matching.
   */
  tooLong?(url: UrlParts): boolean;
  /** Plain test with the pattern's own primitive (match-pattern reading, URLPattern, RegExp): the reference. */
  referenceTest(url: URL): boolean;
  /**
   * A match pattern covering at least every URL this pattern matches, for registering the content
   * script; undefined when the pattern can only match schemes content scripts never run on.
   */
  registration?: string;
  /** The host permission a `suggest` rule with this pattern needs. */
  origin?: string;
}

/**
 * Checks one pattern and reads it as the kind it is: `/…/` is a regular expression; a valid match
 * pattern (`*://*.example.com/*`) is read as one unless it uses URL-pattern syntax (`:name`,
 * `(…)`, `{…}`); anything else URLPattern accepts, for a web scheme, is a URL pattern. `kind`
 * forces a reading (used for the URLPattern conformance tests).
 *
 * @example parsePattern('https://crm.example.com/opportunities/:id').kind // 'urlpattern'
 */
export function parsePattern(source: string, kind?: PatternKind): ParsedPattern | { fault: PatternFault } {
  const key = `${kind ?? ''} ${source}`;
  let parsed = parsedPatterns.get(key);
  if (!parsed) {
    if (parsedPatterns.size >= MAX_PARSED_PATTERNS) parsedPatterns.clear();
    parsedPatterns.set(key, (parsed = readPattern(source, kind)));
  }
  return parsed;
}

/**
 * Patterns already read, by kind and source. A rule list is read by validation, the matcher, the
 * content-script registration and the host permissions in turn; at 10,000 rules each reading cost
 * about a second (URLPattern objects are slow to build), so each pattern is read once. The results
 * are never changed by their users. Bounded: cleared when full.
 */
const parsedPatterns = new Map<string, ParsedPattern | { fault: PatternFault }>();
const MAX_PARSED_PATTERNS = 100_000;

/** Forgets every pattern read (for `bench:rules`, which times the path with and without them kept). */
export function forgetParsedPatterns(): void {
  parsedPatterns.clear();
}

function readPattern(source: string, kind?: PatternKind): ParsedPattern | { fault: PatternFault } {
  const trimmed = source.trim();
  if (trimmed === '') return { fault: 'patternEmpty' };
  if (trimmed.length > MAX_PATTERN_LENGTH) return { fault: 'patternTooLong' };
  if (kind === 'regex' || (!kind && trimmed.startsWith('/'))) {
    const info = parseRegexPattern(trimmed);
    return 'fault' in info ? info : fromRegex(info);
  }
  let matchFault: MatchPatternFault | undefined;
  // `:name`, `(…)` and `{…}` mean something only in a URL pattern, so a pattern using them is one
  // even if a match pattern would read them as plain characters.
  if (kind !== 'urlpattern' && (kind === 'match' || !URL_PATTERN_SYNTAX.test(trimmed))) {
    const match = parseMatchPattern(trimmed);
    if (!('fault' in match)) return fromMatchPattern(match);
    if (kind === 'match') return match;
    matchFault = match.fault;
  }
  let pattern: UrlPatternLike;
  try {
    pattern = urlPatternFor(trimmed);
  } catch {
    if (matchFault && /^[a-z*]+:\/\//i.test(trimmed)) return { fault: matchFault };
    return { fault: kind === 'urlpattern' || /^[a-z*{}()?]+:\/\//i.test(trimmed) ? 'urlPatternSyntax' : 'patternUnknown' };
  }
  // A typo such as `htps://` is a valid URL pattern for a scheme no web page has: refuse it.
  const protocol = componentTest('protocol', pattern.protocol);
  if (protocol?.type === 'equals' && !WEB_SCHEMES.includes(protocol.value)) return { fault: 'patternScheme' };
  const fault = urlPatternFault(pattern);
  if (fault) return { fault };
  return fromUrlPattern(trimmed, pattern);
}

/**
 * URLPattern turns each component into a regular expression anchored at both ends: `*` becomes
 * `.*`, `:name` `[^/]+?`, and `(…)` is a regular expression of the author's. The same shapes that
 * hang a `/…/` rule hang these (`/:x((?:a+)+b)` doubled its time with every character), so each
 * group gets the same checks, and each component at most {@link MAX_UNBOUNDED_REPEATS} wide
 * parts. A `:name` followed by fixed text or nothing cannot overlap its neighbour and is not
 * counted.
 */
function urlPatternFault(pattern: UrlPatternLike): PatternFault | undefined {
  for (const component of URL_PATTERN_COMPONENTS) {
    const tokens = tokeniseComponent(pattern[component]);
    let wide = 0;
    const groups: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if ('fixed' in token) continue;
      const next = tokens[i + 1];
      const modifier = next && 'special' in next && (next.special === '*' || next.special === '+') ? next.special : undefined;
      const { special } = token;
      let inner = 0;
      if (special.startsWith('(')) {
        const safety = regexGroupSafety(special.slice(1, -1));
        if ('fault' in safety) return safety.fault;
        inner = safety.wide;
      } else if (special.startsWith(':')) {
        const custom = next && 'special' in next && next.special.startsWith('(');
        if (custom) continue; // the group that follows is the name's expression
        inner = next && 'special' in next && !modifier && next.special !== '?' ? 1 : 0;
      } else if (special === '*') {
        inner = 1;
      } else if (special === '{') {
        groups.push(wide);
        continue;
      } else if (special === '}') {
        inner = wide - (groups.pop() ?? wide);
        wide -= inner;
      } else {
        continue;
      }
      if (modifier) {
        // A repeat of something that repeats: `(a+)+`, `{*x}+`.
        if (inner > 0 && !special.startsWith(':')) return 'regexNestedRepeat';
        inner = Math.max(inner, 1);
        i++;
      }
      wide += inner;
      if (wide > MAX_UNBOUNDED_REPEATS) return 'urlPatternTooManyWildcards';
    }
  }
  return undefined;
}

/**
 * A match pattern's path (`/a*b*c`) tested without a regular expression: fixed pieces found in
 * order, leftmost first, which for `*` alone is exact and linear in the address (the regular
 * expression `^/a.*b.*c$` backtracks in polynomial time on a long address).
 */
export function globTest(pathSource: string): (value: string) => boolean {
  const pieces = pathSource.split('*');
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1);
  return (value) => {
    if (pieces.length === 1) return value === first;
    if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
    let at = first.length;
    const end = value.length - last.length;
    for (const piece of middle) {
      const found = value.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

/** Schemes of pages a rule can be about. */
export const WEB_SCHEMES = ['http', 'https', 'file', 'ftp', 'ws', 'wss'];

/** Labels in a host: `crm.example.com` → 3. */
const labels = (host: string) => (host ? host.split('.').length : 0);

/** Whole segments of a fixed path start; the last piece counts only when the segment is known to end there. */
export function wholeSegments(prefix: string, lastIsWhole: boolean): string[] {
  if (!prefix.startsWith('/')) return [];
  const pieces = prefix.slice(1).split('/');
  if (!lastIsWhole) pieces.pop();
  return pieces;
}

function hostPattern(host: HostKey, scheme = ''): string {
  if (scheme === 'file') return '';
  return host.type === 'exact' ? host.host : host.type === 'suffix' ? `*.${host.suffix}` : '*';
}

function fromMatchPattern(match: MatchPattern): ParsedPattern {
  const host: HostKey = !match.host
    ? { type: 'any' }
    : match.subdomains
      ? { type: 'suffix', suffix: match.host }
      : { type: 'exact', host: match.host };
  const star = match.pathSource.indexOf('*');
  const fixed = star < 0 ? match.pathSource : match.pathSource.slice(0, star);
  const query = fixed.indexOf('?');
  const segments = query >= 0 ? wholeSegments(fixed.slice(0, query), true) : wholeSegments(fixed, star < 0);
  const schemes = new Set(match.schemes);
  const pathTest: (pathAndSearch: string) => boolean =
    match.pathSource === '/*'
      ? () => true
      : star < 0
        ? (value) => value === fixed
        : star === match.pathSource.length - 1
          ? (value) => value.startsWith(fixed)
          : globTest(match.pathSource);
  const scheme = match.schemes.length > 1 ? '*' : match.schemes[0]!;
  const pageScheme = ['http', 'https', 'file', '*'].includes(scheme);
  return {
    source: match.source,
    kind: 'match',
    host,
    segments,
    tokens: [],
    fixedPath: fixed,
    specificity: {
      host: host.type === 'exact' ? 'exact' : host.type === 'suffix' ? 'wildcard' : 'any',
      hostLabels: labels(match.host),
      path: fixed.length,
      kind: 'match',
    },
    test(url) {
      if (!schemes.has(url.scheme)) return false;
      if (match.host && url.hostname !== match.host && !(match.subdomains && url.hostname.endsWith(`.${match.host}`))) return false;
      if (match.port && effectivePort(url.url) !== match.port) return false;
      return pathTest(url.pathAndSearch);
    },
    referenceTest: (url) => matchesPattern(match, url),
    ...(pageScheme
      ? {
          // Trailmark reads web pages only: <all_urls> stands for every http and https page.
          registration: match.source === '<all_urls>' ? '*://*/*' : `${scheme}://${hostPattern(host, scheme)}${match.pathSource}`,
          origin: match.source === '<all_urls>' ? '*://*/*' : `${scheme}://${hostPattern(host, scheme)}/*`,
        }
      : {}),
  };
}

function fromUrlPattern(source: string, pattern: UrlPatternLike): ParsedPattern {
  const tests = URL_PATTERN_COMPONENTS.map((component) => componentTest(component, pattern[component]));
  const simple = tests.every((t): t is ComponentTest => t !== undefined);
  const [protocolTest, usernameTest, passwordTest, hostnameTest, portTest, pathnameTest, searchTest, hashTest] = tests as ComponentTest[];
  const hostKey = hostnameKey(pattern.hostname);
  const host: HostKey = hostKey.type === 'exact' ? { type: 'exact', host: hostKey.host } : hostKey;
  const path = pathnamePrefix(pattern.pathname);
  const firstToken = tokeniseComponent(pattern.pathname)[0];
  const fixedPath = firstToken && 'fixed' in firstToken ? firstToken.fixed : '';
  const protocol = componentTest('protocol', pattern.protocol);
  const scheme = protocol?.type === 'equals' && ['http', 'https', 'file'].includes(protocol.value) ? protocol.value : '*';
  const pageScheme = protocol?.type !== 'equals' || ['http', 'https', 'file'].includes(protocol.value);
  const hostText = host.type === 'exact' && host.host === '' ? '' : hostPattern(host);
  return {
    source,
    kind: 'urlpattern',
    host,
    segments: wholeSegments(path.prefix, path.exact || path.endsSegment),
    tokens: [],
    fixedPath,
    specificity: {
      host: host.type === 'exact' ? 'exact' : host.type === 'suffix' ? 'wildcard' : 'any',
      hostLabels: host.type === 'exact' ? labels(host.host) : host.type === 'suffix' ? labels(host.suffix) : 0,
      path: fixedPath.length,
      kind: 'urlpattern',
    },
    test: simple
      ? (url) =>
          passes(protocolTest!, url.scheme) &&
          passes(hostnameTest!, url.hostname) &&
          passes(pathnameTest!, url.pathname) &&
          passes(portTest!, url.url.port) &&
          passes(searchTest!, url.url.search.slice(1)) &&
          passes(hashTest!, url.url.hash.slice(1)) &&
          passes(usernameTest!, url.url.username) &&
          passes(passwordTest!, url.url.password)
      : (url) => pattern.test(url.url.href),
    ...(simple ? {} : { tooLong: (url: UrlParts) => url.url.href.length > MAX_REGEX_SUBJECT }),
    referenceTest: (url) => pattern.test(url.href),
    ...(pageScheme && (scheme === 'file' || hostText)
      ? {
          registration: `${scheme}://${scheme === 'file' ? '' : hostText}${fixedPath.startsWith('/') ? fixedPath : '/'}*`,
          origin: `${scheme}://${scheme === 'file' ? '' : hostText}/*`,
        }
      : {}),
  };
}

function fromRegex(info: RegexInfo): ParsedPattern {
  const host: HostKey = info.host ? { type: 'exact', host: info.host } : { type: 'any' };
  const pathIndexed = info.path && !info.ignoreCase ? info.path : '';
  const hostText = info.host ?? '*';
  return {
    source: info.source,
    kind: 'regex',
    host,
    segments: wholeSegments(pathIndexed, false),
    tokens: info.host ? [] : info.tokens,
    fixedPath: info.path ?? '',
    specificity: { host: info.host ? 'exact' : 'any', hostLabels: labels(info.host ?? ''), path: info.path?.length ?? 0, kind: 'regex' },
    test: (url) => url.regexSubject.length <= MAX_REGEX_SUBJECT && info.regex.test(url.regexSubject),
    tooLong: (url) => url.regexSubject.length > MAX_REGEX_SUBJECT,
    referenceTest: (url) => info.regex.test(`${url.protocol}//${url.host}${url.pathname}${url.search}`),
    registration: `*://${hostText}${pathIndexed ? `${pathIndexed}*` : '/*'}`,
    origin: `*://${hostText}/*`,
  };
}
