#!/usr/bin/env node
// PM2's pm2-dev: the foreground runtime with watching on and a home of its own.
import '../dist/src/runtime/main.js';
