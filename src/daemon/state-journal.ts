// The journal beside state.json: one JSON line per write, holding only the apps that changed (whole
// records, so replaying a line twice or after a newer one is never needed: the generation check below
// keeps every line in its place). Its first line names the generation of state.json it continues;
// a compaction writes a new state.json (generation + 1) and moves the journal aside as `.bak`.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { storedAppSchema, type StoredState } from './state-schema.js';

const headerSchema = z.object({ generation: z.number() });

/** One write: the apps changed since the previous one (whole records) and those deleted. */
const recordSchema = z.object({
  nextId: z.number(),
  apps: z.array(storedAppSchema),
  removed: z.array(z.string()),
  sync: z.unknown().exactOptional(),
});
export type JournalRecord = z.infer<typeof recordSchema>;

export function journalHeader(generation: number): string {
  return `${JSON.stringify({ generation })}\n`;
}

/**
 * Replays `file` onto `state` when the journal continues exactly this generation; returns whether it
 * did. A line that does not parse (torn by a crash or a failed write) is skipped: a failed write keeps
 * its apps pending, so a later line carries them again.
 */
export function replayJournal(file: string, state: StoredState, generation: number): boolean {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return false;
  }
  const header = headerSchema.safeParse(parseLine(lines[0] ?? ''));
  if (!header.success || header.data.generation !== generation) return false;
  const apps = new Map(state.apps.map((app) => [app.name, app]));
  for (const line of lines.slice(1)) {
    const record = recordSchema.safeParse(parseLine(line));
    if (!record.success) continue;
    for (const app of record.data.apps) apps.set(app.name, app);
    for (const name of record.data.removed) apps.delete(name);
    state.nextId = record.data.nextId;
    if (record.data.sync !== undefined) state.sync = record.data.sync;
  }
  state.apps = [...apps.values()];
  return true;
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return null;
  }
}
