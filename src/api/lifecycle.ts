// start, stop, restart, reload, delete, scale, reset: each answers with the processes it touched,
// in PM2's shape. Ecosystem files go through the planner (one code path changes processes); the
// rest are target calls to the daemon.
import { TendError, fromWire } from '../errors/index.js';
import { callerEnv, holderName } from '../client/caller.js';
import { planAndApply } from '../client/plan-and-apply.js';
import type { DaemonClient } from '../client/daemon-client.js';
import { desiredOf, fromFile, isFileTarget } from './desired.js';
import { daemonTargets, describeRecords, processesByIds, processesByNames, type Target } from './procs.js';
import type { Session } from './session.js';
import type { ProcessDescription, ProcessRecord, ReloadOptions } from './types.js';

type RolloutMode = 'start' | 'restart' | 'reload';

async function applySpecs(
  client: DaemonClient,
  desired: { source: string; specs: Parameters<typeof planAndApply>[1]['specs'] },
  mode: RolloutMode,
  updateEnv = false,
): Promise<ProcessDescription[]> {
  const { result } = await planAndApply(client, {
    ...desired,
    mode,
    prune: false,
    holder: holderName('api'),
    confirmed: true,
    ...(updateEnv ? { updateEnv: true } : {}),
  });
  // A failed step (e.g. E_READY_TIMEOUT for a wait_ready app) is the call's error, as in the CLI.
  if (result?.failed) throw fromWire(result.failed.error);
  return processesByNames(
    client,
    desired.specs.map((spec) => spec.name),
  );
}

/** PM2 reads a bare name or id given to start() as "restart that app" when one exists. */
function existingApp(target: unknown, records: readonly ProcessRecord[]): string | undefined {
  if (typeof target !== 'string' && typeof target !== 'number') return undefined;
  const token = String(target);
  return records.some((record) => record.name === token || String(record.pm_id) === token) ? token : undefined;
}

function uniqueName(name: string, records: readonly ProcessRecord[]): string {
  for (let n = 1; ; n++) if (!records.some((record) => record.name === `${name}-${n}`)) return `${name}-${n}`;
}

/** `mode` restart or reload (PM2's file actions): apps of the file that run are restarted or reloaded, the rest started. */
export async function start(session: Session, target: unknown, options: unknown, mode: RolloutMode = 'start'): Promise<ProcessDescription[]> {
  const client = await session.client();
  const records = await client.request('list', {});
  const known = typeof target === 'number' || (typeof target === 'string' && !isFileTarget(target)) ? existingApp(target, records) : undefined;
  if (known !== undefined) return restartTargets(session, known, 'restart', undefined);
  const desired = await desiredOf(target, options, session.cwd);
  const spec = desired.specs[0];
  if (desired.fromScript && spec) {
    // PM2's rule: the same script under the same name is one app.
    const same = records.find((record) => record.name === spec.name && record.pm2_env.pm_exec_path === spec.script);
    const running = same !== undefined && ['online', 'launching'].includes(same.pm2_env.status);
    if (running && !desired.force) {
      throw new TendError('E_ALREADY_RUNNING', `script ${spec.script} is already running as '${spec.name}' (id ${same.pm_id})`, {
        hint: 'Restart it with restart(name), or pass { force: true } to start another copy.',
      });
    }
    if (same !== undefined && !running) return restartTargets(session, spec.name, 'restart', undefined);
    if (same !== undefined && desired.force) spec.name = uniqueName(spec.name, records);
  }
  return applySpecs(client, desired, mode);
}

/** PM2 answers a target call that touched nothing (e.g. `all` with no apps) with an error. */
function touched<R extends { ids: number[] }>(result: R, targets: readonly string[]): R {
  if (result.ids.length === 0) throw new TendError('E_APP_NOT_FOUND', `no process found for ${targets.join(', ')}`);
  return result;
}

export async function restartTargets(
  session: Session,
  target: Target | Target[],
  mode: 'restart' | 'reload',
  options: ReloadOptions | undefined,
): Promise<ProcessDescription[]> {
  const client = await session.client();
  if (isFileTarget(target)) return applySpecs(client, await fromFile(target, session.cwd), mode, options?.updateEnv === true);
  const targets = await daemonTargets(client, target, session.cwd);
  const result = touched(await client.request(mode, { targets, ...(options?.updateEnv === true ? { updateEnv: callerEnv() } : {}) }), targets);
  return processesByIds(client, result.ids);
}

/** stop, delete, reset: a file means its apps. */
async function targetsOrFileApps(session: Session, client: DaemonClient, target: Target | Target[]): Promise<string[]> {
  if (isFileTarget(target)) return (await fromFile(target, session.cwd)).specs.map((spec) => spec.name);
  return daemonTargets(client, target, session.cwd);
}

export async function stop(session: Session, target: Target | Target[]): Promise<ProcessDescription[]> {
  const client = await session.client();
  const targets = await targetsOrFileApps(session, client, target);
  const result = touched(await client.request('stop', { targets }), targets);
  return processesByIds(client, result.ids);
}

export async function reset(session: Session, target: Target | Target[]): Promise<ProcessDescription[]> {
  const client = await session.client();
  const targets = await targetsOrFileApps(session, client, target);
  const result = touched(await client.request('reset', { targets }), targets);
  return processesByIds(client, result.ids);
}

/** The processes as they were just before deletion, marked stopped (PM2 answers with them too). */
export async function remove(session: Session, target: Target | Target[]): Promise<ProcessDescription[]> {
  const client = await session.client();
  const targets = await targetsOrFileApps(session, client, target);
  const before = await client.request('list', {});
  const result = touched(await client.request('delete', { targets }), targets);
  const removed = before.filter((record) => result.ids.includes(record.pm_id));
  return describeRecords(removed.map((record) => ({ ...record, pid: 0, pm2_env: { ...record.pm2_env, status: 'stopped' } })));
}

export async function scale(session: Session, name: string, instances: number | string): Promise<ProcessDescription[]> {
  const client = await session.client();
  const result = await client.request('scale', { name, instances: String(instances) });
  return processesByIds(client, result.ids);
}
