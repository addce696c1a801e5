import xapiValidation from 'xapi-validation';

/*
 * Kept out of the extension's bundle: xapi-validation loads its rules with computed require() calls,
 * which a bundler cannot follow. The extension's statements come from one pure builder that the
 * property test checks with this validator on any bucket, and the LRS's own check (400) drops a
 * statement without blocking the rest (see send.ts). Tests and the CLI use it directly.
 */

/**
 * What is wrong with a statement by xAPI 1.0.3, as Learning Locker checks it (`xapi-validation`,
 * the validator its statements service runs): an empty list means an LRS accepts it.
 */
export function statementProblems(statement: unknown): string[] {
  return validate(statement).map((warning) => {
    const { path, typeName, keys } = warning as { path?: string[]; typeName?: string; keys?: string[] };
    const what = warning.constructor.name.replace(/Warning$/, '');
    const detail = typeName ? ` (expected ${typeName})` : keys ? ` (${keys.join(', ')})` : '';
    return `${(path ?? []).join('.')}: ${what}${detail}`;
  });
}

/** `xapi-validation` is CommonJS with `exports.default`: bundlers hand over the function, plain Node the module. */
const validate: (data: unknown) => object[] =
  typeof xapiValidation === 'function' ? xapiValidation : (xapiValidation as unknown as { default: (data: unknown) => object[] }).default;
