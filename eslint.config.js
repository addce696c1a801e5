import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Code that runs inside web pages must never pull in the database or the background. */
const backgroundOnly = {
  patterns: [
    { group: ['dexie', '**/catalogue/db', '**/catalogue/apply', '**/catalogue/pages', '**/catalogue/feed/sync', '**/background/*', '@/entrypoints/background/*'], message: 'Content scripts and UI talk to the background through utils/messaging; only the background opens the database.' },
    { group: ['zod', '**/signals/schema'], importNames: ['PageSignalsSchema', 'z'], message: 'Keep zod out of the content script: validation happens in the background.' },
  ],
};

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
    files: ['entrypoints/*.content.ts', 'entrypoints/*.content/**', 'entrypoints/tip-ui/**', 'entrypoints/page-signals.ts', 'components/**', 'utils/signals/extract.ts'],
    rules: { 'no-restricted-imports': ['error', backgroundOnly] },
  },
  {
    // Browser tests and the demo drive real browsers and may use their native APIs inside evaluate().
    files: ['test/e2e/**', 'test/bench/**', 'cli/**'],
    rules: { 'no-restricted-globals': 'off' },
  },
);
