// Appends "<pid> <wall-clock ms>" to $STAMP_FILE as the first thing its JS does, then idles;
// SIGUSR2 makes it crash (exit 1), so the time from signal to the next stamp is a restart.
const { appendFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
appendFileSync(process.env.STAMP_FILE, `${process.pid} ${performance.timeOrigin + performance.now()}\n`);
process.on('SIGUSR2', () => process.exit(1));
setInterval(() => {}, 1 << 30);
