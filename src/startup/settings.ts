// What a boot script needs to know, resolved from the command line and the calling environment. Pure: the
// environment arrives as a StartupContext (see system.ts for the real one).
import { dirname, join, resolve } from 'node:path';
import { TendError } from '../errors/index.js';
import { detectPlatform, platformFromName, type Platform } from './platforms.js';

export interface StartupRequest {
  /** A platform name or alias; detected when absent. */
  readonly platform?: string | undefined;
  /** -u: the user the apps run as. */
  readonly user?: string | undefined;
  /** --hp: that user's home folder (TEND_HOME defaults to <home>/.tend). */
  readonly homePath?: string | undefined;
  readonly serviceName?: string | undefined;
  /** --wait-ip: start only once the network is online (systemd). */
  readonly waitIp?: boolean | undefined;
}

export interface StartupContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly uid: number;
  readonly currentUser: string;
  readonly currentHome: string;
  /** Absolute path of the running node binary. */
  readonly nodePath: string;
  /** Absolute path of bin/tend.js. */
  readonly tendBin: string;
  homeOf(user: string): string | null;
  hasCommand(tool: string): boolean;
}

export interface StartupSettings {
  readonly platform: Platform;
  readonly user: string;
  readonly home: string;
  readonly tendHome: string;
  readonly serviceName: string;
  readonly nodePath: string;
  readonly tendBin: string;
  /** PATH for the boot-time environment: node's folder and the system folders. */
  readonly pathEnv: string;
  readonly waitIp: boolean;
}

export function resolveStartupSettings(request: StartupRequest, context: StartupContext): StartupSettings {
  const platform = request.platform === undefined ? detectPlatform((tool) => context.hasCommand(tool)) : platformFromName(request.platform);
  const user = request.user ?? defaultUser(context);
  const home = request.homePath === undefined ? homeFor(user, context) : resolve(request.homePath);
  // An explicit TEND_HOME wins (PM2 ignores a custom PM2_HOME here: Unitech/pm2#5848); else the user's default.
  const tendHome = context.env.TEND_HOME ? resolve(context.env.TEND_HOME) : join(home, '.tend');
  return {
    platform,
    user,
    home,
    tendHome,
    serviceName: request.serviceName ?? `tend-${user}`,
    nodePath: context.nodePath,
    tendBin: context.tendBin,
    pathEnv: bootPath(context.nodePath),
    waitIp: request.waitIp ?? false,
  };
}

/** `sudo tend startup` means the calling user's apps, not root's: a second, empty root daemon is PM2's classic trap. */
function defaultUser(context: StartupContext): string {
  const sudoUser = context.env.SUDO_USER;
  return context.uid === 0 && sudoUser ? sudoUser : context.currentUser;
}

function homeFor(user: string, context: StartupContext): string {
  if (user === context.currentUser) return context.currentHome;
  const home = context.homeOf(user);
  if (home === null) throw new TendError('E_STARTUP_USER', `cannot find the home folder of user '${user}'`, { hint: 'Pass it with --hp <home>.' });
  return home;
}

/** The system folders a login shell gets, which hold the init tools and the interpreters apps use. */
const systemPath = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Node's own folder first, then the system folders. Not the caller's PATH: run through `npx` it holds
 * npx's private node_modules/.bin folders, and from a shell, folders that may be gone at boot.
 */
function bootPath(nodePath: string): string {
  return [...new Set([dirname(nodePath), ...systemPath])].join(':');
}
