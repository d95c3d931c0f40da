import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            'Read configuration through AppConfig (config/src); only AppConfigModule reads process.env.',
        },
      ],
    },
  },
  {
    files: ['config/src/config.module.ts', 'tests/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['tests/bench/**/*.ts', 'tests/support/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The web console runs in the browser; its hooks follow React's rules.
    files: ['apps/console/**/*.{ts,tsx,mts}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['apps/console/vite.config.mts'],
    languageOptions: { globals: globals.node },
  },
);
