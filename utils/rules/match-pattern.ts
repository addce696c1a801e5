/**
 * Chrome/Firefox match patterns (`<scheme>://<host>[:<port>]/<path>`), as used in manifests and
 * enterprise policies. See https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns
 */
export interface MatchPattern {
  source: string;
  schemes: readonly string[];
  /** Lower-case (punycode) host without a leading `*.`; empty for any host. */
  host: string;
  /** `*.example.com`: the host itself and all its subdomains. */
  subdomains: boolean;
  /** A port number, or `*`/empty for any port. */
  port: string;
  /** The path pattern as written; it is matched against the path and the query (`/a?b=1`). */
  pathSource: string;
  path: RegExp;
}

const SCHEMES = ['http', 'https', 'ws', 'wss', 'ftp', 'file'];
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443', ftp: '21' };
const PATTERN = /^(\*|https?|wss?|ftp|file):\/\/(\*|\*\.[^/*:]+|[^/*:]*)(:(\*|\d{1,5}))?(\/.*)$/s;
const HOST_CHARS = /^[a-z0-9.\-_\u0080-\uffff]+$/i;
const PLAIN_NAME = /^(?:[a-z0-9-]+\.)*[a-z-][a-z0-9-]*$/;

/** Why a pattern was refused; each is an i18n key with a plain-words explanation. */
export type MatchPatternFault = 'patternScheme' | 'patternHost' | 'patternPath' | 'patternPort';

/**
 * Parses a match pattern, or returns why it is not one.
 *
 * @example parseMatchPattern('*://*.example.com/crm/*')
 */
export function parseMatchPattern(source: string): MatchPattern | { fault: MatchPatternFault } {
  const trimmed = source.trim();
  if (trimmed === '<all_urls>') {
    return { source: trimmed, schemes: SCHEMES, host: '', subdomains: true, port: '', pathSource: '/*', path: /^\/.*$/s };
  }
  const parts = PATTERN.exec(trimmed);
  if (!parts) {
    const scheme = /^([a-z*]+):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
    if (!scheme || (scheme !== '*' && !SCHEMES.includes(scheme))) return { fault: 'patternScheme' };
    if (!/^[^/]+:\/\/[^/]*\//.test(trimmed)) return { fault: 'patternPath' };
    if (/^[^/]+:\/\/[^/]*:[^/]*\//.test(trimmed) && !/^[^/]+:\/\/[^/:]*:(\*|\d{1,5})\//.test(trimmed)) return { fault: 'patternPort' };
    return { fault: 'patternHost' };
  }
  const [, scheme = '', rawHost = '', , port = '', path = '/'] = parts;
  if (scheme !== 'file' && rawHost === '') return { fault: 'patternHost' };
  if (scheme === 'file' && rawHost !== '') return { fault: 'patternHost' };
  if (port && Number(port) > 65535) return { fault: 'patternPort' };
  const subdomains = rawHost === '*' || rawHost.startsWith('*.');
  const written = rawHost === '*' ? '' : rawHost.replace(/^\*\./, '');
  const host = written ? canonicalHost(written) : '';
  if (host === undefined) return { fault: 'patternHost' };
  return {
    source: trimmed,
    schemes: scheme === '*' ? ['http', 'https'] : [scheme],
    host,
    subdomains,
    port: port === '*' ? '' : port,
    pathSource: path,
    path: new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`, 's'),
  };
}

/** The host as the URL parser writes it (lower case, punycode), or undefined when it is not a host. */
function canonicalHost(host: string): string | undefined {
  if (!HOST_CHARS.test(host) || host.startsWith('.') || host.endsWith('.') || host.includes('..')) return undefined;
  // Plain lower-case names are already canonical; only numbers (IPv4 forms) and non-ASCII need the parser.
  if (PLAIN_NAME.test(host)) return host;
  try {
    const parsed = new URL(`http://${host}/`).hostname;
    return parsed || undefined;
  } catch {
    return undefined;
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The port a URL really uses: its own, or its scheme's default. */
export function effectivePort(url: URL): string {
  return url.port || DEFAULT_PORTS[url.protocol.slice(0, -1)] || '';
}

/**
 * Whether a URL matches the pattern: the straightforward reading of the pattern, used as the
 * reference the compiled matcher is tested against. Without a port in the pattern every port
 * matches, as in Chrome.
 */
export function matchesPattern(pattern: MatchPattern, url: URL): boolean {
  const scheme = url.protocol.slice(0, -1);
  if (!pattern.schemes.includes(scheme)) return false;
  const host = url.hostname;
  if (pattern.host) {
    const sameHost = host === pattern.host;
    if (!sameHost && !(pattern.subdomains && host.endsWith(`.${pattern.host}`))) return false;
  }
  if (pattern.port && effectivePort(url) !== pattern.port) return false;
  return pattern.path.test(url.pathname + url.search);
}
