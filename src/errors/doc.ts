// Renders docs/errors.md from the catalog; test/unit/errors-doc.test.ts fails when the file is stale.
import { errorCatalog } from './index.js';

export function renderErrorsDoc(): string {
  const rows = Object.entries(errorCatalog)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, entry]) => `| \`${code}\` | ${escapeCell(entry.summary)} | ${escapeCell(entry.hint)} |`);
  return [
    '# Errors',
    '',
    'Every error tend shows has a stable code, a one-line message and a hint. The CLI prints',
    '`error E_CODE: message` and `hint: …` on stderr and exits 1; `--json` commands print',
    '`{"error": {"code", "message", "hint"}}`. This table is generated from `src/errors/`',
    '(`npm run docs`); a test fails when the two disagree.',
    '',
    '| code | meaning | what to do |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
