import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Code that runs inside web pages must never pull in the database or the background. */
const backgroundOnly = {
  patterns: [
    {
      group: [
        'dexie',
        '**/catalogue/db',
        '**/catalogue/apply',
        '**/catalogue/pages',
        '**/catalogue/feed/sync',
        '**/background/*',
        '@/entrypoints/background/*',
      ],
      message: 'Content scripts and UI talk to the background through utils/messaging; only the background opens the database.',
    },
    {
      group: ['zod', '**/signals/schema'],
      importNames: ['PageSignalsSchema', 'z'],
      message: 'Keep zod out of the content script: validation happens in the background.',
    },
  ],
};

/**
 * What `cli/` imports runs in plain Node, so neither it nor the pure modules in `utils/` may reach
 * the extension's `browser` or storage API (they throw outside an extension). Type imports are
 * erased and allowed. Only the storage and protocol modules themselves may import them. Which
 * of our own files may import which is said by the zones below.
 */
const browserOnly = [
  {
    regex: '^(wxt/utils/storage|wxt/storage|wxt/browser)$',
    allowTypeImports: true,
    message: 'Pure code and the CLI run in plain Node: pass the values in instead of reading storage or `browser` here.',
  },
];

const UI = ['./entrypoints/popup', './entrypoints/options', './entrypoints/tip-preview', './entrypoints/tip-ui', './components'];
const CONTENT_SCRIPT = ['./entrypoints/tip-watch.ts', './entrypoints/tip-ui', './entrypoints/page-signals.ts', './components'];
/**
 * One zone per context (the way Dark Reader draws them): types and code flow down only. Pure
 * `utils/` sits below everything and knows neither the extension's contexts, nor the message
 * protocol, nor the storage items; the CLI reuses `utils/`; the UI and the content script talk to
 * the background only through the protocol.
 */
const zones = [
  { target: './utils', from: ['./entrypoints', './components', './cli'], message: 'utils/ is below every context: pass values in.' },
  {
    // The protocol's own files (wire format, page API) may import each other.
    target: './utils/!(messaging)/**',
    from: './utils/messaging',
    message: 'View types live in their domains; utils/ never imports the protocol.',
  },
  { target: './utils', from: './utils/settings/items.ts', message: 'Pure modules take the settings in force as input.' },
  {
    target: './cli',
    from: ['./entrypoints', './components', './utils/messaging', './utils/settings/items.ts'],
    message: 'The CLI reuses pure utils/ only.',
  },
  { target: UI, from: './entrypoints/background', message: 'Pages talk to the background through utils/messaging.' },
  {
    target: CONTENT_SCRIPT,
    from: ['./entrypoints/background', './utils/catalogue/db.ts', './utils/catalogue/feed/sync.ts'],
    message: 'Code in web pages never opens the database.',
  },
  { target: './entrypoints/background', from: UI, message: 'The background renders nothing.' },
];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'demo-output/**', 'test/.tmp/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The promise-based `browser` from WXT works in every browser; `chrome.*` does not.
      'no-restricted-globals': ['error', { name: 'chrome', message: "Use `browser` from 'wxt/browser'." }],
      // Nothing is ever rendered as HTML. This also keeps the AMO reviewer note true: the innerHTML
      // assignments addons-linter reports are React DOM's support for this prop, which we never use.
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, never HTML.' },
        {
          selector: 'AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Render text, never HTML.',
        },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Render text, never HTML.' },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // Our dependencies are TypeScript too: parse them so cycles through them are seen.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['{utils,cli,entrypoints,components}/**/*.{ts,tsx}'],
    ignores: ['**/__tests__/**'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
  },
  {
    files: ['components/**/*.tsx', 'entrypoints/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: { ...reactHooks.configs.recommended.rules, ...jsxA11y.flatConfigs.strict.rules },
  },
  {
    files: [
      'entrypoints/tip-watch.ts',
      'entrypoints/tip-ui/**',
      'entrypoints/page-signals.ts',
      'components/**',
      'utils/signals/extract.ts',
    ],
    rules: { 'no-restricted-imports': ['error', backgroundOnly] },
  },
  {
    // The scripts evaluated on every web page a rule covers: the extension API as the browser gives
    // it (`utils/messaging/page-api.ts`), never webextension-polyfill, which was most of their size.
    files: ['entrypoints/tip-watch.ts', 'entrypoints/tip-ui/**', 'entrypoints/page-signals.ts', 'components/page-lifetime.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'browser', message: 'Scripts on web pages use pageApi() from utils/messaging/page-api.ts.' },
        { name: 'chrome', message: 'Scripts on web pages use pageApi() from utils/messaging/page-api.ts.' },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(wxt/browser|.*utils/messaging/protocol)$',
              allowTypeImports: true,
              message: 'Scripts on web pages use utils/messaging/page-api.ts: the polyfill would be evaluated on every page.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['utils/**/*.ts', 'cli/**/*.ts'],
    ignores: ['utils/settings/items.ts', 'utils/messaging/protocol.ts', '**/__tests__/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: browserOnly }] },
  },
  {
    files: ['cli/**/*.ts'],
    ignores: ['**/__tests__/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...browserOnly,
            { group: ['**/entrypoints/**', '@/entrypoints/**'], message: 'The CLI reuses utils/, never extension entrypoints.' },
          ],
        },
      ],
    },
  },
  {
    // Browser tests and the demo drive real browsers and may use their native APIs inside evaluate().
    files: ['test/e2e/**', 'test/bench/**', 'cli/**'],
    rules: { 'no-restricted-globals': 'off' },
  },
);
