/**
 * Chrome/Firefox match patterns (`<scheme>://<host>/<path>`), as used in manifests.
 * See https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns
 */
export interface MatchPattern {
  source: string;
  schemes: readonly string[];
  /** Lower-case host without a leading `*.`; empty for any host. */
  host: string;
  /** `*.example.com`: the host itself and all its subdomains. */
  subdomains: boolean;
  path: RegExp;
  /** Literal characters in host and path: the more, the more specific. */
  literalLength: number;
}

const SCHEMES = ['http', 'https', 'ws', 'wss', 'ftp', 'file'];
const PATTERN = /^(\*|https?|wss?|ftp|file):\/\/(\*|\*\.[^/*:]+|[^/*:]*)(:(\*|\d{1,5}))?(\/.*)$/;

/** Why a pattern was refused, as an i18n key. */
export type PatternFault = 'patternSyntax' | 'patternScheme' | 'patternHost' | 'patternPath';

/**
 * Parses a match pattern, or returns why it is not one.
 *
 * @example parseMatchPattern('*://*.example.com/crm/*')
 */
export function parseMatchPattern(source: string): MatchPattern | { fault: PatternFault } {
  const trimmed = source.trim();
  if (trimmed === '<all_urls>') {
    return { source: trimmed, schemes: SCHEMES, host: '', subdomains: true, path: /^\/.*$/s, literalLength: 0 };
  }
  const parts = PATTERN.exec(trimmed);
  if (!parts) {
    const scheme = /^([a-z*]+):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
    if (!scheme || (scheme !== '*' && !SCHEMES.includes(scheme))) return { fault: 'patternScheme' };
    if (!/^[^/]+:\/\/[^/]*\//.test(trimmed)) return { fault: 'patternPath' };
    return { fault: 'patternHost' };
  }
  const [, scheme = '', rawHost = '', , , path = '/'] = parts;
  if (scheme !== 'file' && rawHost === '') return { fault: 'patternHost' };
  const subdomains = rawHost === '*' || rawHost.startsWith('*.');
  const host = rawHost === '*' ? '' : rawHost.replace(/^\*\./, '').toLowerCase();
  const regex = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return {
    source: trimmed,
    schemes: scheme === '*' ? ['http', 'https'] : [scheme],
    host,
    subdomains,
    path: regex,
    literalLength: host.length + path.replace(/\*/g, '').length,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a URL matches the pattern. The port is ignored, as browsers do without one in the pattern. */
export function matchesPattern(pattern: MatchPattern, url: URL): boolean {
  const scheme = url.protocol.slice(0, -1);
  if (!pattern.schemes.includes(scheme)) return false;
  const host = url.hostname.toLowerCase();
  if (pattern.host) {
    const sameHost = host === pattern.host;
    if (!sameHost && !(pattern.subdomains && host.endsWith(`.${pattern.host}`))) return false;
  }
  return pattern.path.test(url.pathname + url.search);
}
