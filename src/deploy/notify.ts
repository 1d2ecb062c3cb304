// Tells the deploy's `notify` receivers how a deploy or revert ended: one JSON message with every
// host's outcome (signed when `secret_env` names a variable set in the deployer's environment) and
// one Slack line. `degraded` when a host's post-deploy failed and its rollback failed too (it may
// serve nothing healthy). Best effort: receivers that fail are reported as notices, never fail the deploy.
import { sendNotification } from '../adapters/notify/webhooks.js';
import { isDegraded } from './activate.js';
import type { HostOutcome } from './events.js';
import type { DeployContext } from './session.js';

export async function notifyOutcome(context: DeployContext, verb: string, outcomes: readonly HostOutcome[]): Promise<void> {
  const { notify, env } = context.target;
  if (notify === undefined) return;
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const cancelled = failed.some((outcome) => outcome.error?.code === 'E_DEPLOY_CANCELLED');
  const degraded = failed.filter((outcome) => isDegraded(outcome.error));
  const event = failed.length === 0 ? 'deployed' : degraded.length > 0 ? 'degraded' : cancelled ? 'cancelled' : 'failed';
  const secret = notify.secretEnv === undefined ? undefined : process.env[notify.secretEnv];
  const hosts = outcomes.map(({ host, ok, summary, error }) => ({
    host,
    ok,
    summary,
    ...(error === undefined ? {} : { code: error.code }),
    ...(isDegraded(error) ? { degraded: true } : {}),
  }));
  const payload = { kind: 'deploy', verb, env, event, by: context.by, at: context.now().toISOString(), hosts };
  const icon = event === 'deployed' ? ':white_check_mark:' : event === 'degraded' ? ':rotating_light:' : ':x:';
  const text = `${icon} tend ${verb} ${env}: ${event} — ${outcomes.length - failed.length} of ${outcomes.length} hosts ok${failed.length > 0 ? ` (${failed.map((outcome) => outcome.host).join(', ')} failed${degraded.length > 0 ? `; rollback failed too on ${degraded.map((outcome) => outcome.host).join(', ')}` : ''})` : ''}`;
  const failures = await sendNotification({ webhooks: notify.webhooks, slack: notify.slack, ...(secret ? { secret } : {}) }, event, payload, text);
  for (const failure of failures) context.listen({ type: 'notice', message: `notification not delivered: ${failure}` });
}
