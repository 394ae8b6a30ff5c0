// ESLint (flat config) for the SDK (web/) and the UI kit (ui/): scripts/lint.sh eslint.
// JavaScript only: the TypeScript under ui/react and the type tests are checked by tsc.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/*.ts'],
  },
  js.configs.recommended,
  {
    // web/src/emitter.js keeps a no-console directive for projects that turn no-console on;
    // a directive that the recommended set does not need is not a finding.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  {
    files: ['web/**/*.{js,mjs}', 'ui/**/*.{js,mjs}'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    rules: {
      // An unused argument documents a callback's signature; unused locals are still errors.
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
    },
  },
  {
    // Build scripts, tests and fixtures run under node (some drive a browser page too).
    files: ['web/build.mjs', 'web/test/**', 'ui/scripts/**', 'ui/test/**', 'ui/react/scripts/**', 'ui/react/test/**',
      'ui/angular/scripts/**', 'ui/angular/test/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
