#!/usr/bin/env node
import '../dist/src/cli/runtime-main.js';
