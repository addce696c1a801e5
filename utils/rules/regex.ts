import regjsparser, { type AstNode, type RootNode } from 'regjsparser';

/** Longest regular expression accepted, between the slashes. */
export const MAX_REGEX_LENGTH = 500;
/**
 * Most wide repeats (`*`, `+`, `{n,}`, `{n,m}` with m above {@link MAX_NARROW_REPEAT}) in one
 * expression that starts with `^`; one fewer without `^`, because then every position of the
 * address is a start. Each wide repeat multiplies the worst case by the length of the address:
 * `/crm.*opportunit.*edit/` backtracks in cubic time, so a 16 KB address stalled the browser for
 * 17 s. With at most two factors and addresses capped at {@link MAX_REGEX_SUBJECT} characters, the
 * worst case stays in the low millions of steps.
 */
export const MAX_UNBOUNDED_REPEATS = 2;
/** A counted repeat up to this many times (`\d{1,8}`) is cheap enough not to count as wide. */
export const MAX_NARROW_REPEAT = 16;
/**
 * Longest address a regular expression (or a URL pattern that needs the browser's URLPattern) is
 * tested against. A suggest rule does not match a longer address; a block rule always does, so a
 * page cannot escape a block by making its own address long.
 */
export const MAX_REGEX_SUBJECT = 2048;

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
 * (`(a|ab)*`), no back-references and at most {@link MAX_UNBOUNDED_REPEATS} wide repeats (one
 * without `^`). These are the shapes that make backtracking explode; what is left runs in at most
 * quadratic time on an address of at most {@link MAX_REGEX_SUBJECT} characters.
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
  const terms = topLevelTerms(ast);
  const anchored = terms?.[0]?.type === 'anchor' && terms[0].kind === 'start';
  const fault = safetyFault(ast, anchored ? MAX_UNBOUNDED_REPEATS : MAX_UNBOUNDED_REPEATS - 1, flags);
  if (fault) return { fault };
  const ignoreCase = flags === 'i';
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
const wide = (node: Node) => node.type === 'quantifier' && (node.max === undefined || node.max > MAX_NARROW_REPEAT);

/**
 * The checks of {@link parseRegexPattern} for the regular expression inside a URL pattern's group
 * (`:id(\\d+)`): the fault, or how many wide repeats it adds to its component.
 */
export function regexGroupSafety(body: string): { fault: RegexFault } | { wide: number } {
  let ast: Node;
  try {
    new RegExp(body, 'u');
    ast = regjsparser.parse(body, 'u', { lookbehind: true, namedGroups: true, unicodePropertyEscape: true }) as unknown as Node;
  } catch {
    return { fault: 'regexSyntax' };
  }
  let count = 0;
  const fault = safetyFault(ast, Infinity, 'u', (n) => (count = n));
  return fault ? { fault } : { wide: count };
}

/**
 * Whether a wide repeat of one character (`[A-Z]+`, `\d*`, `[^/]+`) is directly followed by a
 * fixed character it cannot match (`-`, `/`): then it can only end in one place, so it costs a
 * scan, not a factor, and does not count.
 */
function endsInOnePlace(node: Node, next: Node | undefined, flags: string): boolean {
  if (node.type !== 'quantifier' || next?.type !== 'value') return false;
  const [atom] = node.body as Node[];
  if (!atom || !['value', 'characterClass', 'dot', 'characterClassEscape'].includes(atom.type)) return false;
  const after = String.fromCodePoint(next.codePoint);
  try {
    // Tested as written and ignoring case: a letter counts as matched if either reading matches it.
    const unicode = flags.includes('u') ? 'u' : '';
    return [unicode, `i${unicode}`].every((f) => !new RegExp(`^(?:${atom.raw})$`, f).test(after));
  } catch {
    return false;
  }
}

/**
 * Worst case an accepted expression may have, in steps of the engine: four times the square of
 * the longest address. `n` for each wide repeat that can end in many places, `n` more when every
 * position is a start, and for each narrow choice (`s?`, `\\d{1,8}`, `a|b`) its number of ways.
 */
export const MAX_REGEX_COST = 4 * MAX_REGEX_SUBJECT ** 2;

function safetyFault(root: Node, maxWide: number, flags: string, report?: (wide: number) => void): RegexFault | undefined {
  let unbounded = 0;
  let ways = 1;
  const visit = (node: Node, insideRepeat: boolean, next?: Node, prev?: Node): RegexFault | undefined => {
    if (node.type === 'reference') return 'regexBackreference';
    const quantified = node.type === 'quantifier' && node.max !== node.min;
    // Inside a repeat, anything that can match in more than one way (`(a?a?)+`, `(a+)+`) multiplies
    // the ways exponentially.
    if (insideRepeat && quantified) return 'regexNestedRepeat';
    if (wide(node)) {
      // A repeat that ends in one place still starts in many when the term before it can end in
      // many (`a*a*-`): then its scan multiplies, and it counts.
      const startsInOnePlace = !(prev?.type === 'quantifier' && prev.max !== prev.min);
      if (!(endsInOnePlace(node, next, flags) && startsInOnePlace)) unbounded++;
    } else if (node.type === 'quantifier' && node.max !== undefined) {
      ways *= node.max - node.min + 1;
    } else if (node.type === 'disjunction') {
      ways *= (node.body as Node[]).length;
    }
    if (repeats(node) && children(node).some(containsChoice)) return 'regexRepeatedChoice';
    const body = children(node);
    for (let i = 0; i < body.length; i++) {
      const inSequence = node.type === 'alternative';
      const fault = visit(
        body[i]!,
        insideRepeat || repeats(node),
        inSequence ? body[i + 1] : undefined,
        inSequence ? body[i - 1] : undefined,
      );
      if (fault) return fault;
    }
    return undefined;
  };
  const fault = visit(root, false);
  if (fault) return fault;
  report?.(unbounded);
  if (unbounded > maxWide) return 'regexTooManyRepeats';
  // maxWide is one lower without `^`: the extra factor of the start positions.
  const factors = Math.min(unbounded + (MAX_UNBOUNDED_REPEATS - Math.min(maxWide, MAX_UNBOUNDED_REPEATS)), 8);
  return MAX_REGEX_SUBJECT ** factors * ways > MAX_REGEX_COST ? 'regexTooManyRepeats' : undefined;
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
