// Preloaded into a CLI run (NODE_OPTIONS=--import) to learn its peak memory: at exit, the process's
// maxRSS (KiB, from getrusage) is written to BENCH_MAX_RSS_FILE. Only in runs that are not timed.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MAX_RSS_FILE;
if (file !== undefined) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
