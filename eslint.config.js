// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const PRODUCT = ['src/**/*.{ts,tsx}', 'steps/**/*.ts', 'components/**/*.{ts,tsx}'];
const TESTS = ['test/**/*.{ts,tsx}', 'bench/**/*.ts'];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test/sandbox/go/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        // vitest.config.ts sits outside tsconfig.json's include; the default project covers it
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // crossmesh escapes, strips and tests terminal control characters on purpose
      'no-control-regex': 'off',
      // a parameter a signature needs but the body does not use is named _x
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: PRODUCT,
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // tool output is `unknown` until src/adapter/json.ts has looked at it; a cast elsewhere would skip that look
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
      // from strictTypeChecked, free today: a new event or question kind must be handled wherever kinds are switched on
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
      '@typescript-eslint/no-misused-spread': 'error',
    },
  },
  // the one parse boundary: JSON from kubectl/kumactl becomes data here, so the casts it needs live here
  { files: ['src/adapter/json.ts'], rules: { '@typescript-eslint/consistent-type-assertions': 'off' } },
  { files: ['components/**/*.{ts,tsx}', 'src/tui/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    files: TESTS,
    rules: {
      // tests build malformed inputs and reach into results on purpose
      '@typescript-eslint/consistent-type-assertions': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // fixtures parse JSON and poke at mocks; these would flag nearly every such line
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // expect(obj.method) passes methods around without calling them
      '@typescript-eslint/unbound-method': 'off',
      // fake runners and askers are async to match the real signatures, with nothing to await
      '@typescript-eslint/require-await': 'off',
      // stand-ins and fakes print fields of JSON they do not validate
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  // plain JS (this file, scripts/build.mjs) is in no tsconfig: lint it without types
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
);
