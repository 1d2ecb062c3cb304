// Where an instance's logs go, named as PM2 names them (pure: spec, logs dir and pm_id only).
import { join } from 'node:path';
import type { LogPaths, LogTarget } from './types.js';

/** PM2's ways of saying "write nowhere". */
export function isDisabledPath(path: string): boolean {
  return path === '/dev/null' || path === 'NULL';
}

/** App names become file names: anything outside [A-Za-z0-9.-] turns into '-'. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9.-]/g, '-');
}

/** `-<pm_id>` goes before a trailing `.log` (PM2's `<name>-out-<id>.log`), or at the end otherwise. */
function withInstanceSuffix(path: string, pmId: number): string {
  return path.endsWith('.log') ? `${path.slice(0, -'.log'.length)}-${pmId}.log` : `${path}-${pmId}`;
}

export function logPathsFor(target: LogTarget, logsDir: string): LogPaths {
  const { spec } = target;
  if (spec.disable_logs) return { out: null, err: null, combined: null };
  const base = safeFileName(spec.name);
  const place = (given: string | null, fallback: string): string | null => {
    if (given !== null && isDisabledPath(given)) return null;
    const path = given ?? join(logsDir, fallback);
    return spec.merge_logs ? path : withInstanceSuffix(path, target.pm_id);
  };
  const combined = spec.log_file === false ? null : place(spec.log_file === true ? null : spec.log_file, `${base}.log`);
  return { out: place(spec.out_file, `${base}-out.log`), err: place(spec.error_file, `${base}-error.log`), combined };
}
