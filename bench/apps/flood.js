// Writes $FLOOD_LINES lines (kind $FLOOD_KIND: ascii or utf8) to stdout as fast as the pipe takes
// them, in blocks of 1,000 lines, then exits.
const { line } = require('./flood-lines.js');
const total = Number(process.env.FLOOD_LINES);
const kind = process.env.FLOOD_KIND;
let next = 0;

function writeBlock() {
  while (next < total) {
    const end = Math.min(total, next + 1000);
    let block = '';
    for (; next < end; next += 1) block += `${line(next, kind)}\n`;
    if (!process.stdout.write(block)) return process.stdout.once('drain', writeBlock);
  }
  process.stdout.write('', () => process.exit(0));
}
writeBlock();
