// Secrets read from files at the moment a setting is given: the webhook receiver's shared secret and
// the notification signing secret (whose file path is not kept).
import { readFileSync } from 'node:fs';
import { TendError } from '../../errors/index.js';
import type { SourceConfig } from '../../protocol/sync.js';

export function readSecretFile(file: string): string {
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length > 0) return secret;
  } catch (error) {
    throw new TendError('E_SYNC_WEBHOOK', `cannot read the secret file ${file}: ${(error as Error).message}`);
  }
  throw new TendError('E_SYNC_WEBHOOK', `the secret file ${file} is empty`);
}

/** Reads the notification secret named by `secretFile` once, at add time; the file's path is not kept. */
export function withNotifySecret(config: SourceConfig): SourceConfig {
  const notify = config.notify;
  if (notify?.secretFile === undefined) return config;
  let secret: string;
  try {
    secret = readFileSync(notify.secretFile, 'utf8').trim();
  } catch (error) {
    throw new TendError('E_SYNC_NOTIFY', `cannot read the notification secret ${notify.secretFile}: ${(error as Error).message}`);
  }
  if (secret === '') throw new TendError('E_SYNC_NOTIFY', `the notification secret file ${notify.secretFile} is empty`);
  return { ...config, notify: { webhooks: notify.webhooks, slack: notify.slack, secret } };
}
