// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'scratch/',
      'test/.generated/',
      'node_modules/',
      'dist/',
      'out/',
      'release/',
      'test-results/',
      'playwright-report/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain-JS entry points (bin/, main/start.js, main/build.js) run on Node.
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // Layering (see ARCHITECTURE.md): app/ is the pure core and never reaches up into main/ or renderer/.
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '../main', '../../main'],
              message: 'app/ must not import main/.',
            },
            {
              group: ['**/renderer/**', '../renderer', '../../renderer'],
              message: 'app/ must not import renderer/.',
            },
            { group: ['electron', 'react', 'react-dom'], message: 'app/ is framework-free.' },
          ],
        },
      ],
    },
  },
  // The renderer is sandboxed: no Node built-ins, no Electron, no tfjs (the engine runs in main).
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'The renderer is sandboxed: no Node built-ins.',
          })),
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'The renderer talks to main through the typed API only.',
            },
            {
              group: ['@tensorflow/*'],
              message: 'tfjs runs in the main-side worker, never in the renderer.',
            },
            {
              group: ['**/main/**', '../main', '../../main'],
              message: 'renderer/ must not import main/.',
            },
            {
              group: ['**/app/engine/**'],
              message: 'app/engine loads tfjs; the renderer must not import it.',
            },
          ],
        },
      ],
    },
  },
);
