#!/usr/bin/env node
// CommonJS like every launcher here (bin/package.json): the runtime is an ES module.
import('../dist/src/runtime/main.js');
