import regjsparser, { type AstNode, type RootNode } from 'regjsparser';

/** Longest regular expression accepted, between the slashes. */
export const MAX_REGEX_LENGTH = 500;
/** Most unbounded repeats (`*`, `+`, `{n,}`) in one expression: each multiplies the worst case. */
export const MAX_UNBOUNDED_REPEATS = 4;

/** Why a regular expression was refused; each is an i18n key with a plain-words explanation. */
export type RegexFault =
  | 'regexForm'
  | 'regexFlags'
  | 'regexEmpty'
  | 'regexTooLong'
  | 'regexSyntax'
  | 'regexNestedRepeat'
  | 'regexRepeatedChoice'
  | 'regexTooManyRepeats'
  | 'regexBackreference';

/** What the matcher knows about an accepted expression. */
export interface RegexInfo {
  source: string;
  regex: RegExp;
  ignoreCase: boolean;
  /** The exact host every match has, when the expression pins it (`^https://crm\.example\.com/`). */
  host?: string;
  /** Fixed path characters right after the pinned host, starting with `/`. */
  path?: string;
  /** Whole words (letters and digits) every matching address contains, lower case. */
  tokens: string[];
}

type Features = { lookbehind: true; namedGroups: true };
type Node = AstNode<Features>;

/**
 * Reads `/…/` or `/…/i` and checks that it can neither crash nor hang Trailmark: at most
 * {@link MAX_REGEX_LENGTH} characters, no repeat inside a repeat (`(a+)+`), no repeated choice
 * (`(a|ab)*`), no back-references and at most {@link MAX_UNBOUNDED_REPEATS} unbounded repeats.
 * These are the shapes that make backtracking explode; anything else runs in polynomial time on
 * an address.
 *
 * @example parseRegexPattern('/^https:\\/\\/crm\\.example\\.com\\/(opps|deals)\\//').host // 'crm.example.com'
 */
export function parseRegexPattern(source: string): RegexInfo | { fault: RegexFault } {
  const trimmed = source.trim();
  const form = /^\/(.*)\/([a-z]*)$/s.exec(trimmed);
  if (!form) return { fault: 'regexForm' };
  const [, body = '', flags = ''] = form;
  if (flags !== '' && flags !== 'i') return { fault: 'regexFlags' };
  if (body === '') return { fault: 'regexEmpty' };
  if (body.length > MAX_REGEX_LENGTH) return { fault: 'regexTooLong' };
  let regex: RegExp;
  let ast: Node;
  try {
    regex = new RegExp(body, flags);
    ast = regjsparser.parse(body, flags, { lookbehind: true, namedGroups: true }) as Node;
  } catch {
    return { fault: 'regexSyntax' };
  }
  const fault = safetyFault(ast);
  if (fault) return { fault };
  const ignoreCase = flags === 'i';
  const terms = topLevelTerms(ast);
  const pinned = terms ? pinnedHost(terms) : undefined;
  return {
    source: trimmed,
    regex,
    ignoreCase,
    ...(pinned ? { host: pinned.host, ...(pinned.path ? { path: pinned.path } : {}) } : {}),
    tokens: terms ? requiredTokens(terms) : [],
  };
}

function children(node: Node): Node[] {
  switch (node.type) {
    case 'alternative':
    case 'disjunction':
    case 'group':
    case 'quantifier':
      return node.body as Node[];
    default:
      return [];
  }
}

const repeats = (node: Node) => node.type === 'quantifier' && (node.max === undefined || node.max > 1);

function safetyFault(root: Node): RegexFault | undefined {
  let unbounded = 0;
  const visit = (node: Node, insideRepeat: boolean): RegexFault | undefined => {
    if (node.type === 'reference') return 'regexBackreference';
    if (node.type === 'quantifier' && node.max === undefined) unbounded++;
    if (repeats(node)) {
      if (insideRepeat) return 'regexNestedRepeat';
      if (children(node).some(containsChoice)) return 'regexRepeatedChoice';
    }
    for (const child of children(node)) {
      const fault = visit(child, insideRepeat || repeats(node));
      if (fault) return fault;
    }
    return undefined;
  };
  const fault = visit(root, false);
  if (fault) return fault;
  return unbounded > MAX_UNBOUNDED_REPEATS ? 'regexTooManyRepeats' : undefined;
}

function containsChoice(node: Node): boolean {
  return node.type === 'disjunction' || children(node).some(containsChoice);
}

/** The terms every match goes through in order, or undefined when the expression is a top-level choice. */
function topLevelTerms(ast: Node): Node[] | undefined {
  if (ast.type === 'disjunction') return undefined;
  return ast.type === 'alternative' ? (ast.body as Node[]) : [ast];
}

const SCHEME_CHARS = /^[a-z0-9+.-]$/i;
const HOST_CHARS = /^[a-z0-9.-]$/i;

/** Whether a term can only ever match characters that may appear in a URL scheme. */
function onlySchemeChars(node: Node | RootNode<Features>): boolean {
  switch (node.type) {
    case 'value':
      return SCHEME_CHARS.test(String.fromCodePoint(node.codePoint));
    case 'characterClass':
      return (
        !node.negative &&
        node.body.every((part) =>
          part.type === 'value'
            ? SCHEME_CHARS.test(String.fromCodePoint(part.codePoint))
            : part.type === 'characterClassRange' &&
              /^[a-z]$/i.test(String.fromCodePoint(part.min.codePoint)) &&
              /^[a-z]$/i.test(String.fromCodePoint(part.max.codePoint)),
        )
      );
    case 'group':
      return (node.behavior === 'normal' || node.behavior === 'ignore') && node.body.every(onlySchemeChars);
    case 'quantifier':
    case 'alternative':
    case 'disjunction':
      return (node.body as Node[]).every(onlySchemeChars);
    default:
      return false;
  }
}

const char = (node: Node | undefined) => (node?.type === 'value' ? String.fromCodePoint(node.codePoint) : undefined);

/**
 * `^scheme://host` followed by `/`, `:`, `?` or the end: then every match is on exactly that host.
 * Regular expressions are tested against the address without user name, password and fragment,
 * so nothing else can stand between `://` and the host.
 */
function pinnedHost(terms: Node[]): { host: string; path?: string } | undefined {
  if (terms[0]?.type !== 'anchor' || terms[0].kind !== 'start') return undefined;
  let i = 1;
  while (i < terms.length && char(terms[i]) !== ':' && onlySchemeChars(terms[i]!)) i++;
  if (i === 1 || char(terms[i]) !== ':' || char(terms[i + 1]) !== '/' || char(terms[i + 2]) !== '/') return undefined;
  i += 3;
  let host = '';
  while (i < terms.length && HOST_CHARS.test(char(terms[i]) ?? '')) host += char(terms[i++]);
  const next = terms[i];
  const ends = next === undefined ? false : next.type === 'anchor' ? next.kind === 'end' : ['/', ':', '?'].includes(char(next) ?? '');
  if (!host || !ends) return undefined;
  let path = '';
  if (char(next) === '/') while (i < terms.length && terms[i]!.type === 'value') path += char(terms[i++]);
  return { host: host.toLowerCase(), ...(path ? { path } : {}) };
}

/**
 * Words (runs of letters and digits) that appear whole in every match: inside a run of fixed
 * characters, with a non-word character on both sides. The address, lower-cased and split into
 * words, must contain each of them, so they can index the expression.
 */
function requiredTokens(terms: Node[]): string[] {
  const tokens = new Set<string>();
  let run = '';
  const flush = () => {
    for (const match of run.toLowerCase().matchAll(/(?<=[^a-z0-9])[a-z0-9]+(?=[^a-z0-9])/g)) tokens.add(match[0]);
    run = '';
  };
  for (const term of terms) {
    const c = char(term);
    if (c === undefined) flush();
    else run += c;
  }
  flush();
  return [...tokens];
}
