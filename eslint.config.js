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
 * What `cli/` imports runs in plain Node, so neither it nor the pure modules in `utils/` may reach the
 * extension's storage items or `browser` (they throw outside an extension). Type imports are erased
 * and allowed. Only the storage and protocol modules themselves may import them.
 */
const browserOnly = [
  {
    // Relative imports too: `./items` from utils/settings, `../../settings/items` from deeper down.
    regex: '^(wxt/utils/storage|wxt/storage|wxt/browser)$|(^|/)(settings/items|messaging/protocol)$|^\\./(items|protocol)$',
    allowTypeImports: true,
    message: 'Pure code and the CLI run in plain Node: pass the values in instead of reading storage or `browser` here.',
  },
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
    },
  },
  {
    files: ['components/**/*.tsx', 'entrypoints/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: { ...reactHooks.configs.recommended.rules, ...jsxA11y.flatConfigs.strict.rules },
  },
  {
    files: [
      'entrypoints/*.content.ts',
      'entrypoints/*.content/**',
      'entrypoints/tip-ui/**',
      'entrypoints/page-signals.ts',
      'components/**',
      'utils/signals/extract.ts',
    ],
    rules: { 'no-restricted-imports': ['error', backgroundOnly] },
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
