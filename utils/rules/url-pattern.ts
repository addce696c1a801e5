import { URLPattern as PolyfillURLPattern } from 'urlpattern-polyfill/urlpattern';

/** The part of the URLPattern API Trailmark uses. */
export interface UrlPatternLike {
  test(input: string): boolean;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}
type UrlPatternClass = new (input: string) => UrlPatternLike;

/**
 * The browser's own URLPattern where there is one (Chrome, Firefox 142+), else the polyfill
 * (Node 20 for tests and the CLI, older Firefox ESR).
 */
export function urlPatternClass(): UrlPatternClass {
  return (globalThis as { URLPattern?: UrlPatternClass }).URLPattern ?? (PolyfillURLPattern as unknown as UrlPatternClass);
}

export const URL_PATTERN_COMPONENTS = ['protocol', 'username', 'password', 'hostname', 'port', 'pathname', 'search', 'hash'] as const;
export type UrlPatternComponent = (typeof URL_PATTERN_COMPONENTS)[number];

/**
 * One component of a pattern, read as something cheaper than a regular expression when it is one
 * of the common shapes; `undefined` when it needs the real URLPattern.
 */
export type ComponentTest =
  | { type: 'any' }
  | { type: 'equals'; value: string }
  | { type: 'prefix'; value: string }
  | { type: 'suffix'; value: string }
  /** `{*.}?example.com`: the host itself or any subdomain. */
  | { type: 'hostOrSubdomain'; value: string };

const SPECIAL_CHARACTER = /[\\:(*{}?+]/;

/** A piece of a component pattern string: fixed text, or anything with a meaning in the syntax. */
type Token = { fixed: string } | { special: string };

/**
 * Splits a URLPattern component pattern (as the URLPattern object canonicalises it) into fixed
 * text and special tokens: `*`, `:name`, `(regexp)`, `{`, `}`, `?`, `+` and escapes.
 */
export function tokeniseComponent(pattern: string): Token[] {
  // Most components are plain text (a host, a path without names): one piece, read at once.
  if (!SPECIAL_CHARACTER.test(pattern)) return pattern ? [{ fixed: pattern }] : [];
  const tokens: Token[] = [];
  let fixed = '';
  const special = (text: string) => {
    if (fixed) tokens.push({ fixed });
    fixed = '';
    tokens.push({ special: text });
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      special(pattern.slice(i, i + 2));
      i++;
    } else if (c === ':' && /[\p{ID_Start}$_]/u.test(pattern[i + 1] ?? '')) {
      let end = i + 1;
      while (end < pattern.length && /[\p{ID_Continue}$\u200c\u200d]/u.test(pattern[end]!)) end++;
      special(pattern.slice(i, end));
      i = end - 1;
    } else if (c === '(') {
      let depth = 0;
      let end = i;
      for (; end < pattern.length; end++) {
        if (pattern[end] === '\\') end++;
        else if (pattern[end] === '(') depth++;
        else if (pattern[end] === ')' && --depth === 0) break;
      }
      special(pattern.slice(i, end + 1));
      i = end;
    } else if ('*{}?+'.includes(c)) {
      special(c);
    } else {
      fixed += c;
    }
  }
  if (fixed) tokens.push({ fixed });
  return tokens;
}

/**
 * Reads a component pattern as one of the cheap shapes, or `undefined`. Each shape has exactly
 * the meaning URLPattern gives it (differential tests check this against URLPattern itself):
 * `*` matches anything; fixed text must be equal; `text*` is a prefix (in the path a `/` before
 * the `*` is required, which a prefix test keeps); `*text` in a host is a suffix.
 */
export function componentTest(component: UrlPatternComponent, pattern: string): ComponentTest | undefined {
  const tokens = tokeniseComponent(pattern);
  const [first, second] = tokens;
  if (tokens.length === 0) return { type: 'equals', value: '' };
  if (tokens.length === 1 && first && 'special' in first && first.special === '*') return { type: 'any' };
  if (tokens.length === 1 && first && 'fixed' in first) return { type: 'equals', value: first.fixed };
  if (tokens.length === 2 && first && second && 'fixed' in first && 'special' in second && second.special === '*') {
    return { type: 'prefix', value: first.fixed };
  }
  if (
    component === 'hostname' &&
    tokens.length === 2 &&
    first &&
    second &&
    'special' in first &&
    first.special === '*' &&
    'fixed' in second
  ) {
    return { type: 'suffix', value: second.fixed };
  }
  if (component === 'hostname' && pattern.startsWith('{*.}?')) {
    const rest = tokeniseComponent(pattern.slice('{*.}?'.length));
    if (rest.length === 1 && 'fixed' in rest[0]!) return { type: 'hostOrSubdomain', value: rest[0].fixed };
  }
  return undefined;
}

/** Whether a component value passes a cheap test. */
export function passes(test: ComponentTest, value: string): boolean {
  switch (test.type) {
    case 'any':
      return true;
    case 'equals':
      return value === test.value;
    case 'prefix':
      return value.startsWith(test.value);
    case 'suffix':
      return value.endsWith(test.value);
    case 'hostOrSubdomain':
      return value === test.value || value.endsWith(`.${test.value}`);
  }
}

/**
 * What the index needs from a hostname pattern: an exact host, a suffix of whole labels that every
 * matching host ends with (`example.com` for `*.example.com`), or nothing (any host).
 */
export function hostnameKey(pattern: string): { type: 'exact'; host: string } | { type: 'suffix'; suffix: string } | { type: 'any' } {
  const tokens = tokeniseComponent(pattern);
  if (tokens.length === 0) return { type: 'exact', host: '' };
  if (tokens.length === 1 && 'fixed' in tokens[0]!) return { type: 'exact', host: tokens[0].fixed };
  if (pattern.startsWith('{*.}?')) {
    const rest = tokeniseComponent(pattern.slice('{*.}?'.length));
    if (rest.length === 1 && 'fixed' in rest[0]!) return labelSuffix(`.${rest[0].fixed}`);
  }
  const last = tokens[tokens.length - 1]!;
  return 'fixed' in last ? labelSuffix(last.fixed) : { type: 'any' };
}

/** The whole labels at the end of fixed text that ends a host (`x.example.com` → `example.com` unless it starts with a dot). */
function labelSuffix(text: string): { type: 'suffix'; suffix: string } | { type: 'any' } {
  const dot = text.indexOf('.');
  if (dot < 0) return { type: 'any' };
  const suffix = text.slice(dot + 1);
  return suffix && !suffix.startsWith('.') ? { type: 'suffix', suffix } : { type: 'any' };
}

/**
 * The fixed start of a pathname pattern that every matching path begins with. A `/` right before
 * `*`, `:name` or `(…)` belongs to that part and may be optional, so it is not included.
 *
 * @example pathnamePrefix('/opportunities/*') // { prefix: '/opportunities', complete: true }
 */
export function pathnamePrefix(pattern: string): { prefix: string; exact: boolean; endsSegment: boolean } {
  const tokens = tokeniseComponent(pattern);
  const first = tokens[0];
  if (!first || !('fixed' in first)) return { prefix: '', exact: tokens.length === 0, endsSegment: false };
  if (tokens.length === 1) return { prefix: first.fixed, exact: true, endsSegment: true };
  const next = (tokens[1] as { special: string }).special;
  const implicitPrefix = next === '*' || next.startsWith(':') || next.startsWith('(');
  if (implicitPrefix && first.fixed.endsWith('/')) {
    // The `/` is required unless the part is optional (`?`, `*`); an optional one still ends the
    // segment when nothing follows it.
    const modifier = tokens[2] && 'special' in tokens[2] && ['?', '*', '+'].includes(tokens[2].special) ? tokens[2].special : undefined;
    const endsSegment = modifier === undefined || modifier === '+' || tokens.length === 3;
    return { prefix: first.fixed.slice(0, -1), exact: false, endsSegment };
  }
  return { prefix: first.fixed, exact: false, endsSegment: false };
}

/** `scheme://[*.]host[:port]/path` in the plain shape {@link plainUrlPatternComponents} reads. */
const PLAIN_URL_PATTERN = /^(https?|\*):\/\/(\*\.)?((?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*)(?::([1-9]\d{0,4}))?(\/[A-Za-z0-9\-._~/:$*]*)$/;
/** Path pieces: `:name` (right after a `/`), `*`, or fixed text. */
const PLAIN_PATH_PIECE = /\/:[A-Za-z_$][A-Za-z0-9_$]*|\*|(?:[A-Za-z0-9\-._~]|\/(?!:))+/g;
const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' };

/**
 * The components URLPattern gives a URL pattern of the plainest shape (a web scheme or `*`, a
 * lower-case host name or `*.` one, a port, and a path of plain characters, `:name` segments and
 * `*`), read without building a URLPattern; `undefined` for any other pattern. Building 10,000
 * URLPattern objects took most of a second, and matching needs only those under a URL's host.
 * Only shapes that URLPattern writes back as given are read (no `.` segment, no escapes, no
 * groups, no repeated name): a differential test checks the result against URLPattern itself.
 *
 * @example plainUrlPatternComponents('https://crm.example.com/opps/:id')?.pathname // '/opps/:id'
 */
export function plainUrlPatternComponents(source: string): Record<UrlPatternComponent, string> | undefined {
  const parts = PLAIN_URL_PATTERN.exec(source);
  if (!parts) return undefined;
  const [, protocol = '', wildcard = '', host = '', port = '', pathname = ''] = parts;
  if (port && (protocol === '*' || Number(port) > 65535)) return undefined;
  if (host.includes('xn--') || pathname.includes('/.') || pathname.includes('**')) return undefined;
  const names = new Set<string>();
  let joined = '';
  for (const [piece] of pathname.matchAll(PLAIN_PATH_PIECE)) {
    if (piece.startsWith('/:')) {
      if (names.has(piece)) return undefined;
      names.add(piece);
    }
    joined += piece;
  }
  // Anything the pieces do not account for (a `:` not after a `/`) needs URLPattern.
  if (joined !== pathname) return undefined;
  return {
    protocol,
    username: '*',
    password: '*',
    hostname: `${wildcard}${host}`,
    port: port === DEFAULT_PORT[protocol] ? '' : port,
    pathname,
    search: '*',
    hash: '*',
  };
}

/**
 * A URL pattern of the plainest shape with its components read at once and its URLPattern built
 * on its first test; any other pattern built now. The same reading either way.
 */
export function urlPatternFor(source: string): UrlPatternLike {
  const components = plainUrlPatternComponents(source);
  if (!components) return new (urlPatternClass())(source);
  let built: UrlPatternLike | undefined;
  return { ...components, test: (input) => (built ??= new (urlPatternClass())(source)).test(input) };
}
