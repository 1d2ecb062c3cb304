#!/usr/bin/env node
// Thin launcher, CommonJS (bin/package.json): the CLI's entry point is bundled by `npm run build` (which
// `npm install` runs via the prepare script) into one CommonJS file, which node starts faster than ES
// modules; it loads the rest of the CLI (dist/bundle, ES modules) only for the commands that need it.
require('../dist/bundle/cli.cjs');
