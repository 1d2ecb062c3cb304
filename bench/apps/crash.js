// Crashes 200 ms after it starts, forever: past a min_uptime of 100 ms each run counts as stable,
// so the manager keeps restarting it (a crash loop that never gives up).
setTimeout(() => process.exit(1), 200);
