// tend's own calls beyond PM2's: plan(file) and apply(file), the desired-state pair.
import { fromWire } from '../errors/index.js';
import { callerEnv, holderName } from '../client/caller.js';
import { planAndApply } from '../client/plan-and-apply.js';
import type { ApplyResult, FileOptions, Plan } from './types.js';
import { fromFile } from './desired.js';
import type { Session } from './session.js';

export async function plan(session: Session, file: string, options: FileOptions): Promise<Plan> {
  const desired = await fromFile(file, session.cwd, options);
  return (await session.client()).request('plan', { ...desired, baseEnv: callerEnv(), mode: 'apply', prune: options.prune ?? true });
}

export async function apply(session: Session, file: string, options: FileOptions): Promise<ApplyResult | null> {
  const desired = await fromFile(file, session.cwd, options);
  const { result } = await planAndApply(await session.client(), {
    ...desired,
    mode: 'apply',
    prune: options.prune ?? true,
    holder: holderName('api'),
    confirmed: true,
  });
  if (result?.failed) throw fromWire(result.failed.error);
  return result;
}
