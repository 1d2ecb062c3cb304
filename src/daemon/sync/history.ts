// A source's history: what is kept of it, and which revision `sync rollback` goes back to.
import { TendError } from '../../errors/index.js';
import type { SyncRecord } from '../../protocol/sync.js';
import type { StoredSource } from './types.js';

/** Revision entries (applied, rolled back, failed) kept in state.json. */
const historyLength = 30;
/** Self-heal entries kept besides the others: a drifting source must not push its revisions out. */
const selfHealLength = 10;

/**
 * The history with `entry` appended, keeping the last `historyLength` revision entries and, apart
 * from them, the last `selfHealLength` self-heals — so `sync rollback` always finds the revisions
 * applied before, however often hand changes were reverted since.
 */
export function appendHistory(history: readonly SyncRecord[], entry: SyncRecord): SyncRecord[] {
  const all = [...history, entry];
  const isHeal = (item: SyncRecord): boolean => item.outcome === 'self-healed';
  const heals = all.filter(isHeal).slice(-selfHealLength);
  const revisions = all.filter((item) => !isHeal(item)).slice(-historyLength);
  const kept = new Set([...heals, ...revisions]);
  return all.filter((item) => kept.has(item));
}

/**
 * The revision `sync rollback` applies: `wanted` (a prefix of an applied revision, or a full commit
 * id), or by default the last applied revision other than the one that runs.
 */
export function rollbackTarget(stored: StoredSource, wanted: string | undefined): string {
  const good = stored.history.filter((item) => item.outcome === 'applied' || item.outcome === 'rolled-back');
  const current = stored.applied?.revision;
  const target =
    wanted === undefined
      ? [...good].reverse().find((item) => item.revision !== current)?.revision
      : (good.find((item) => item.revision.startsWith(wanted))?.revision ?? (/^[0-9a-f]{40}$/.test(wanted) ? wanted : undefined));
  if (target !== undefined) return target;
  const name = stored.config.name;
  throw new TendError(
    'E_SYNC_REVISION_NOT_FOUND',
    wanted === undefined ? `'${name}' has no earlier applied revision` : `'${name}' never applied a revision ${wanted}`,
  );
}
