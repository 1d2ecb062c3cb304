// Matching a target against jlist records on the client side (for read-only views).
import type { ProcessRecord } from '../protocol/messages.js';

export function matchRecords(records: readonly ProcessRecord[], target: string): ProcessRecord[] {
  if (target === 'all') return [...records];
  const byName = records.filter((r) => r.name === target || r.pm2_env.pm_exec_path === target);
  if (byName.length > 0) return byName;
  const byNamespace = records.filter((r) => r.pm2_env.namespace === target);
  if (byNamespace.length > 0) return byNamespace;
  return records.filter((r) => String(r.pm_id) === target);
}
