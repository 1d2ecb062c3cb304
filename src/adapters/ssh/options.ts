// The `ssh_options` of a deploy environment (PM2 passes them to ssh as -o): parsed into the
// settings tend's SSH client honours. Pure; unknown options are returned so the caller can warn.
import os from 'node:os';
import path from 'node:path';

export type HostKeyPolicy = 'yes' | 'no' | 'accept-new';

export interface SshOptionSettings {
  knownHostsFiles?: string[];
  hostKeyPolicy?: HostKeyPolicy;
  connectTimeoutMs?: number;
  identityFiles?: string[];
  port?: number;
  user?: string;
}

export interface ParsedSshOptions {
  settings: SshOptionSettings;
  /** Options tend does not act on (reported as warnings). */
  ignored: string[];
  /** Options with values tend cannot use: `option: message`. */
  problems: string[];
}

/** `~` and `~/x` as the local user's home; relative paths against `baseDir`. */
export function expandLocalPath(file: string, baseDir: string): string {
  if (file === '~') return os.homedir();
  if (file.startsWith('~/')) return path.join(os.homedir(), file.slice(2));
  return path.resolve(baseDir, file);
}

function splitOption(option: string): [string, string] {
  const match = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.*?)\s*$/.exec(option);
  return match ? [match[1] ?? '', match[2] ?? ''] : [option.trim(), ''];
}

export function parseSshOptions(options: readonly string[], baseDir: string): ParsedSshOptions {
  const settings: SshOptionSettings = {};
  const ignored: string[] = [];
  const problems: string[] = [];
  for (const option of options) {
    const [name, value] = splitOption(option);
    switch (name.toLowerCase()) {
      case 'userknownhostsfile':
        settings.knownHostsFiles = value
          .split(/\s+/)
          .filter((file) => file !== '')
          .map((file) => expandLocalPath(file, baseDir));
        break;
      case 'stricthostkeychecking': {
        const policy = value.toLowerCase();
        if (policy === 'yes' || policy === 'no' || policy === 'accept-new') settings.hostKeyPolicy = policy;
        else if (policy === 'off') settings.hostKeyPolicy = 'no';
        else problems.push(`${option}: StrictHostKeyChecking must be yes, no or accept-new`);
        break;
      }
      case 'connecttimeout': {
        const seconds = Number(value);
        if (Number.isInteger(seconds) && seconds > 0) settings.connectTimeoutMs = seconds * 1000;
        else problems.push(`${option}: ConnectTimeout must be a whole number of seconds`);
        break;
      }
      case 'identityfile':
        settings.identityFiles = [...(settings.identityFiles ?? []), expandLocalPath(value, baseDir)];
        break;
      case 'port': {
        const port = Number(value);
        if (Number.isInteger(port) && port > 0 && port < 65536) settings.port = port;
        else problems.push(`${option}: Port must be 1-65535`);
        break;
      }
      case 'user':
        settings.user = value;
        break;
      default:
        ignored.push(option);
    }
  }
  return { settings, ignored, problems };
}
