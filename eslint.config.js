// Type-checked rules everywhere; layer boundaries from DESIGN.md enforced with no-restricted-*.
import tseslint from 'typescript-eslint';

const effectModules = ['child_process', 'node:child_process', 'net', 'node:net', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'node:cluster', 'cluster', 'node:http', 'http', 'simple-git', 'ssh2'];

export default tseslint.config(
  // Only TypeScript is linted (with types); plain JS files are fixtures, examples and launchers.
  { ignores: ['dist/**', 'node_modules/**', '**/*.js', '**/*.cjs', '**/*.mjs', 'test/fixtures/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'process.exit only in entry points (src/cli/main.ts, src/daemon/main.ts, src/runtime/main.ts).' }],
    },
  },
  {
    files: ['src/reconciler/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: effectModules.map((name) => ({ name, message: 'src/reconciler is pure: effects go through the interface apply() is given.' })) }],
    },
  },
  {
    // The CLI and the API reach processes, sockets, files and git only through src/drivers.
    files: ['src/cli/**/*.ts', 'src/api/**/*.ts'],
    ignores: ['src/runtime/main.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: effectModules.map((name) => ({ name, message: 'Effects live in src/drivers (CLI, API) or src/daemon.' })) }],
    },
  },
  {
    files: ['src/cli/main.ts', 'src/runtime/main.ts', 'src/daemon/main.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Unit tests are pure: a test that needs files, processes or sockets belongs in test/integration.
    files: ['test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: effectModules.map((name) => ({ name, message: 'test/unit is pure: move this test to test/integration.' })) }],
    },
  },
  {
    // node:test's test() and describe() return promises the runner tracks itself.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
