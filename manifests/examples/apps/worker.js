// Example background worker: prints a line every few seconds until stopped.
const everyMs = Number(process.env.TICK_MS ?? 3000);
let count = 0;

const timer = setInterval(() => {
  count += 1;
  console.log(`worker ${process.pid}: tick ${count}`);
}, everyMs);

process.on('SIGINT', () => {
  clearInterval(timer);
  console.log(`worker ${process.pid}: stopping after ${count} ticks`);
});
