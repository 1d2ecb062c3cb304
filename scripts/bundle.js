// Bundles the compiled CLI and daemon (dist/src, from tsc) into dist/bundle: one file per entry plus
// shared and lazily loaded chunks, so `tend ls` or a daemon start reads a handful of files instead of
// hundreds of ES modules (start-up time; docs/benchmarks.md). Run by `npm run build` after tsc.
// Files found at run time from `new URL('<relative>', import.meta.url)` (the daemon entry, worker
// scripts, the web console's static files, package.json) are re-pointed from the bundle's folder at
// the same file; a reference to the daemon entry goes to the daemon bundle.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = resolve(root, 'dist/src');
const outdir = resolve(root, 'dist/bundle');
// The CLI's entry point is bundled apart, as CommonJS (cli.cjs, below); the commander program it loads is an ES module entry.
const entries = { program: resolve(compiled, 'cli/program.js'), daemon: resolve(compiled, 'daemon/main.js') };
const bundledEntry = new Map([[entries.daemon, resolve(outdir, 'daemon.js')]]);

// Left to node_modules: native add-ons (ssh2), and packages only the rarely used commands load (ink/react for monit, git).
const external = ['ssh2', 'ink', 'react', 'simple-git', 'fsevents'];
const fileUrl = /new URL\((['"])(\.{1,2}\/[^'"]*)\1, import\.meta\.url\)/g;
const relocated = /new URL\((['"])[^'"]*\1, import\.meta\.url\)/g;

// `import { z } from 'zod'` is zod's namespace object re-exported, which the bundler keeps whole
// (every schema kind, JSON schema conversion, ISO formats: loaded and compiled by each process that
// reads a schema). The same namespace imported as `* as z` from its module lets the bundler keep
// only what tend uses (half of zod; the daemon's private memory: docs/benchmarks.md).
const zodNamespace = /^import \{ z \} from 'zod';$/gm;
const zodNamespaceImport = `import * as z from ${JSON.stringify(resolve(root, 'node_modules/zod/v4/classic/external.js'))};`;

/** @type {import('esbuild').Plugin} */
const relocateFileUrls = {
  name: 'relocate-file-urls',
  setup(context) {
    context.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.replace(zodNamespace, zodNamespaceImport).replace(fileUrl, (_match, quote, target) => {
        const trailing = target.endsWith('/') ? '/' : '';
        const absolute = resolve(dirname(path), target);
        const fromBundle = relative(outdir, bundledEntry.get(absolute) ?? absolute).split(sep).join('/');
        return `new URL(${quote}${fromBundle.startsWith('.') ? '' : './'}${fromBundle}${trailing}${quote}, import.meta.url)`;
      });
      // Any other use of import.meta would silently resolve from dist/bundle: make the build say so.
      if (contents.replace(relocated, '').includes('import.meta')) throw new Error(`${path}: import.meta used other than as new URL('./relative', import.meta.url)`);
      return { contents, loader: 'js', resolveDir: dirname(path) };
    });
  },
};

/** What both builds share: node 20, the external packages, the ES module builds of three packages, minifying. */
const common = {
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: external.flatMap((name) => [name, `${name}/*`]),
  // Their ES module builds: a CommonJS build imported dynamically would only have a default export in
  // a bundle, and jsonc-parser's main build is UMD (its requires are not seen by the bundler).
  // yaml's exports map hides its ES module build from node, so it is named by path.
  alias: {
    'fastest-levenshtein': 'fastest-levenshtein/esm/mod.js',
    'jsonc-parser': 'jsonc-parser/lib/esm/main.js',
    yaml: resolve(root, 'node_modules/yaml/browser/index.js'),
  },
  // Whitespace and syntax only: names stay, so stack traces (TEND_DEBUG=1) still say which function.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await rm(outdir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: entries,
  splitting: true,
  format: 'esm',
  chunkNames: 'chunk-[hash]',
  // CommonJS dependencies inside an ES module bundle still call require() for node's built-ins.
  banner: { js: "import { createRequire as __tendCreateRequire } from 'node:module';\nconst require = __tendCreateRequire(import.meta.url);" },
  plugins: [relocateFileUrls],
});

// bin/tend.js requires the CLI's entry point as one CommonJS file: node loads that faster than an ES
// module graph, and the bare `tend ls` / `tend jlist` need nothing else. Every other command imports
// the ES module program.js (kept external here, so that the CLI's modules have one copy each per bundle).
const programImport = /^\.\/program\.js$/;
/** @type {import('esbuild').Plugin} */
const programFromBundle = {
  name: 'program-from-bundle',
  setup(context) {
    context.onResolve({ filter: programImport }, () => ({ path: './program.js', external: true }));
  },
};
await build({
  ...common,
  entryPoints: { cli: resolve(compiled, 'cli/main.js') },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // import.meta does not exist in CommonJS: the file URLs re-pointed above resolve from this file's own URL.
  define: { 'import.meta.url': '__tendModuleUrl' },
  banner: { js: "'use strict';\nconst __tendModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [programFromBundle, relocateFileUrls],
});
