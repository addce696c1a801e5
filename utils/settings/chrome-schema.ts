/**
 * What Chrome and Edge do with a policy before Trailmark sees it. They check every value against
 * `managed_schema.json`, where each value has exactly one type (the schema may not say "any" or
 * "this or that": Chrome then refuses to load the extension). A value of the wrong type anywhere
 * inside a policy drops that whole policy, and unknown fields are stripped, without a word in the
 * extension. Firefox checks nothing and hands Trailmark what the admin wrote.
 *
 * So the schema keeps the types the documentation and templates ask for, and this check, run by
 * `trailmark policy check` before a roll-out, names each value Chrome would drop.
 */
export type SchemaType = 'object' | 'array' | 'string' | 'boolean' | 'integer' | 'number';

/** The part of JSON Schema Chrome applies to an extension's policy. */
export interface PolicySchema {
  type: SchemaType;
  properties?: Record<string, PolicySchema>;
  items?: PolicySchema;
}

export interface ChromeDrop {
  /** The policy, as the admin wrote it. */
  key: string;
  /** Where inside it, e.g. `siteRules[0].enabled`; the key itself for a top-level value. */
  path: string;
  /** `dropped`: the whole policy is left out; `stripped`: only this unknown field is. */
  effect: 'dropped' | 'stripped';
  expected?: SchemaType;
  /** The value found there, shortened, for the message. */
  found?: unknown;
}

const typeOf = (value: unknown): SchemaType | 'null' =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'integer'
          : 'number'
        : (typeof value as SchemaType);

const fits = (value: unknown, expected: SchemaType) => {
  const actual = typeOf(value);
  return actual === expected || (expected === 'number' && actual === 'integer');
};

/** The first place in `value` that does not fit `schema`, and every unknown field on the way. */
function walk(value: unknown, schema: PolicySchema, path: string, key: string, out: ChromeDrop[]): boolean {
  if (!fits(value, schema.type)) {
    out.push({ key, path, effect: 'dropped', expected: schema.type, found: value });
    return false;
  }
  if (schema.type === 'array' && schema.items) {
    return (value as unknown[]).every((item, i) => walk(item, schema.items!, `${path}[${i}]`, key, out));
  }
  if (schema.type === 'object' && schema.properties) {
    for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
      const known = schema.properties[field];
      if (!known) out.push({ key, path: `${path}.${field}`, effect: 'stripped' });
      else if (!walk(inner, known, `${path}.${field}`, key, out)) return false;
    }
  }
  return true;
}

/**
 * Each policy value Chrome and Edge would leave out (and why), in the admin's order.
 * Top-level names that are not policies at all are Trailmark's own warning, not listed here.
 *
 * @example chromeDrops({ lockSettings: 'yes' }, schema) // [{ key: 'lockSettings', path: 'lockSettings', effect: 'dropped', expected: 'boolean', found: 'yes' }]
 */
export function chromeDrops(values: Record<string, unknown>, schema: PolicySchema): ChromeDrop[] {
  const out: ChromeDrop[] = [];
  for (const [key, value] of Object.entries(values)) {
    const known = schema.properties?.[key];
    if (known && value !== undefined) walk(value, known, key, key, out);
  }
  return out;
}

const WANTED: Record<SchemaType, string> = {
  boolean: 'true or false, without quotes',
  integer: 'a whole number without quotes',
  number: 'a number without quotes',
  string: 'text in quotes',
  array: 'a list in [ ]',
  object: 'an object in { }',
};

function described(value: unknown): string {
  switch (typeOf(value)) {
    case 'string': {
      const text = value as string;
      return `the text ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`;
    }
    case 'integer':
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return String(value);
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    default:
      return 'null';
  }
}

/**
 * One line for an admin.
 *
 * @example describeChromeDrop({ key: 'lockSettings', path: 'lockSettings', effect: 'dropped', expected: 'boolean', found: 'yes' })
 * // 'lockSettings is the text "yes" where Chrome and Edge accept only true or false, without quotes: they leave out all of lockSettings, without a warning.'
 */
export function describeChromeDrop(drop: ChromeDrop): string {
  if (drop.effect === 'stripped') return `${drop.path} is not a field Chrome and Edge know here: they remove it, without a warning.`;
  return `${drop.path} is ${described(drop.found)} where Chrome and Edge accept only ${WANTED[drop.expected!]}: they leave out all of ${drop.key}, without a warning.`;
}
