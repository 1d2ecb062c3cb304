// What a deploy reports while it runs; the CLI's deploy view turns these into lines.
import type { TendError } from '../errors/index.js';
import type { OutputStream } from '../adapters/ssh/connection.js';

/** `local` for steps that run on this machine. */
export type HostLabel = string;

export type DeployEvent =
  | { readonly type: 'step'; readonly host: HostLabel; readonly step: string; readonly ok: boolean; readonly ms: number; readonly detail?: string }
  | { readonly type: 'output'; readonly host: HostLabel; readonly stream: OutputStream; readonly line: string }
  | { readonly type: 'notice'; readonly host?: HostLabel; readonly message: string };

export type DeployListener = (event: DeployEvent) => void;

export interface HostOutcome {
  readonly host: HostLabel;
  readonly ok: boolean;
  /** One line: what this host ended with (release, rollback, where it stopped). */
  readonly summary: string;
  readonly error?: TendError;
}
