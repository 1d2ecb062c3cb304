#!/usr/bin/env node
// PM2's pm2-dev: the foreground runtime with watching on and a home of its own.
// CommonJS like every launcher here (bin/package.json): the runtime is an ES module.
import('../dist/src/runtime/main.js');
