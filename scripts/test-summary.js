// node:test reporter that ends the run with every skipped test and its reason (the spec reporter only counts them).
import { relative } from 'node:path';

export default async function* testSummary(source) {
  const skipped = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, name, file } = event.data;
    if (skip === undefined || skip === false) continue;
    const where = file ? `${relative(process.cwd(), file)}: ` : '';
    skipped.push(`  - ${where}${name}${typeof skip === 'string' ? ` — ${skip}` : ''}`);
  }
  if (skipped.length > 0) yield `\nskipped (${skipped.length}):\n${skipped.join('\n')}\n`;
}
