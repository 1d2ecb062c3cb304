// The real machine behind a StartupContext: who we are, where node and tend are, which init tools exist.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartupContext } from './settings.js';

/** bin/tend.js, from this module's place in dist/src/startup/. */
const tendBin = fileURLToPath(new URL('../../../bin/tend.js', import.meta.url));

/** Init tools live in sbin folders, which a normal user's PATH often lacks. */
const systemFolders = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin'];

export function systemContext(env: NodeJS.ProcessEnv = process.env): StartupContext {
  return {
    env,
    uid: process.getuid?.() ?? -1,
    currentUser: userInfo().username,
    currentHome: homedir(),
    nodePath: process.execPath,
    tendBin,
    homeOf: homeFromPasswd,
    hasCommand: (tool) => findCommand(tool, env) !== null,
  };
}

export function findCommand(tool: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const folders = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...systemFolders];
  for (const folder of folders) {
    const path = join(folder, tool);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** systemctl only works when systemd is PID 1 (not in most containers). */
export function isSystemdRunning(): boolean {
  return existsSync('/run/systemd/system');
}

function homeFromPasswd(user: string): string | null {
  let passwd: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return null;
  }
  for (const line of passwd.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === user && fields[5]) return fields[5];
  }
  return null;
}
