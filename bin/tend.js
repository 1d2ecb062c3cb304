#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/bundle (by `npm run build`, which `npm install` runs via
// the prepare script) so that it starts without resolving hundreds of modules.
import '../dist/bundle/cli.js';
