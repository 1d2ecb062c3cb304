// Type-checked rules everywhere; layer boundaries from DESIGN.md enforced with no-restricted-*.
import tseslint from 'typescript-eslint';

// Our folders in the order data flows (DESIGN.md, "Layout"); `files` is the atomic-write helper.
const folders = ['ecosystem', 'reconciler', 'protocol', 'format', 'daemon', 'client', 'workspace', 'files', 'adapters', 'deploy', 'startup', 'runtime', 'serve', 'profile', 'web', 'cli', 'api'];

/** An import pattern group matching our folders except the allowed ones (errors and version are everyone's). */
function otherFolders(allowed, message) {
  return { group: folders.filter((folder) => !allowed.includes(folder)).map((folder) => `**/${folder}/**`), message };
}

const daemonInternals = (message, allowEmbedded = false) => ({ group: ['**/daemon/**', ...(allowEmbedded ? ['!**/daemon/embedded.js'] : [])], message });

const commandLine = { group: ['**/cli/**'], message: 'src/cli is the command line only; shared text renders (plans, log lines) live in src/format.' };

const daemonClients = { group: ['**/cli/**', '**/client/**', '**/workspace/**', '**/api/**'], message: 'The daemon never imports its clients.' };

const effectModules = ['child_process', 'node:child_process', 'net', 'node:net', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'node:cluster', 'cluster', 'node:http', 'http', 'simple-git', 'ssh2'];

/** One config object per folder: a later object would replace, not extend, an earlier no-restricted-imports. */
function layerRules() {
  const restrict = (files, { paths = [], patterns = [] }) => ({ files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });
  const effects = (message) => effectModules.map((name) => ({ name, message }));
  const clientSide = 'Clients reach the daemon only through src/protocol (and src/client); daemon internals may change freely.';
  return [
    restrict(['src/ecosystem/**/*.ts'], { patterns: [otherFolders([], 'src/ecosystem is the first layer: it imports nothing of the later ones.')] }),
    restrict(['src/reconciler/**/*.ts'], {
      paths: effects('src/reconciler is pure: effects go through the interface applyPlan() is given.'),
      patterns: [otherFolders(['ecosystem'], 'src/reconciler imports only src/ecosystem (and errors).')],
    }),
    restrict(['src/protocol/**/*.ts'], { patterns: [otherFolders(['ecosystem', 'reconciler'], 'src/protocol is the wire contract: it imports only ecosystem and reconciler types (and errors).')] }),
    restrict(['src/format/**/*.ts'], {
      paths: effects('src/format is pure: it turns plans and log lines into text, and its callers print or send it.'),
      patterns: [otherFolders(['ecosystem', 'reconciler', 'protocol'], 'src/format renders the data of ecosystem, reconciler and protocol only.')],
    }),
    restrict(['src/adapters/**/*.ts'], { patterns: [otherFolders([], 'src/adapters are thin and policy-free: they import nothing of ours but errors.')] }),
    restrict(['src/daemon/**/*.ts'], { patterns: [daemonClients, { group: ['**/adapters/**'], message: 'The daemon reaches adapters through the interfaces of src/daemon/ports.ts; only its entry points (main.ts, embedded.ts) import src/adapters.' }] }),
    // The entry points inject the adapters (src/adapters/daemon.ts).
    restrict(['src/daemon/main.ts', 'src/daemon/embedded.ts'], { patterns: [daemonClients] }),
    restrict(['src/files/**/*.ts'], { patterns: [otherFolders([], 'src/files is a leaf helper: it imports nothing of ours.')] }),
    restrict(['src/client/**/*.ts', 'src/workspace/**/*.ts'], { patterns: [daemonInternals(clientSide)] }),
    restrict(['src/deploy/**/*.ts', 'src/startup/**/*.ts', 'src/serve/**/*.ts', 'src/profile/**/*.ts'], {
      patterns: [{ group: ['**/daemon/**', '**/cli/**', '**/api/**'], message: 'Features build on the client, the adapters and the ecosystem; the CLI and the API build on them.' }],
    }),
    restrict(['src/runtime/**/*.ts'], { patterns: [daemonInternals(`${clientSide} Only the embedded daemon start (src/daemon/embedded.ts) is shared.`, true)] }),
    // The CLI and the API reach processes, sockets, files and git only through src/client and the features.
    restrict(['src/cli/**/*.ts'], { paths: effects('Effects live in src/client, src/workspace, the features or src/daemon.'), patterns: [daemonInternals(clientSide)] }),
    restrict(['src/api/**/*.ts'], {
      paths: effects('Effects live in src/client, src/workspace, the features or src/daemon.'),
      patterns: [daemonInternals(`${clientSide} Only the embedded daemon start (src/daemon/embedded.ts) is shared.`, true), commandLine],
    }),
    // The web console is a client of the daemon beside the CLI, not part of it.
    restrict(['src/web/**/*.ts'], { patterns: [daemonInternals(clientSide), commandLine] }),
  ];
}

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
  ...layerRules(),
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
