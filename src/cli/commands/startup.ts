// `tend startup [platform]`: write a boot script that resurrects the saved apps at boot (PM2's `startup`).
import type { Command } from 'commander';
import {
  installStartup,
  planStartup,
  platforms,
  resolveStartupSettings,
  sudoCommand,
  systemContext,
  type StartupPlan,
  type StartupRequest,
} from '../../startup/index.js';
import { TendError } from '../../errors/index.js';
import { printStartupPreview, printStartupReport } from '../views/startup.js';

export interface StartupCliOptions {
  user?: string;
  hp?: string;
  serviceName?: string;
  waitIp?: boolean;
  print?: boolean;
  destdir?: string;
  json?: boolean;
}

/** The options startup and unstartup share. */
export function declareStartupOptions(command: Command): Command {
  return command
    .argument('[platform]', `init system: ${platforms.join(', ')} or a PM2 alias (detected when omitted)`)
    .option('-u, --user <user>', 'the user whose saved apps are resurrected (default: you, or SUDO_USER under sudo)')
    .option('--hp <home>', "that user's home folder (TEND_HOME defaults to <home>/.tend)")
    .option('--service-name <name>', 'service name (default tend-<user>)')
    .option('--destdir <dir>', 'write under this folder instead of / and do not run the init tool (image builds)')
    .option('--json', 'print the result as JSON');
}

export function planFromCli(platform: string | undefined, options: StartupCliOptions): { plan: StartupPlan; request: StartupRequest } {
  const request: StartupRequest = { platform, user: options.user, homePath: options.hp, serviceName: options.serviceName, waitIp: options.waitIp };
  const context = systemContext();
  const plan = planStartup(resolveStartupSettings(request, context));
  return { plan, request };
}

/** Refuse, with the exact command to run instead, when the destination needs root and we are not. */
export function requireRoot(verb: 'startup' | 'unstartup', plan: StartupPlan, request: StartupRequest, destdir: string | undefined): void {
  if (!plan.needsRoot || destdir !== undefined || process.getuid?.() === 0) return;
  const command = sudoCommand(verb, plan, request);
  throw new TendError('E_STARTUP_NEEDS_ROOT', `writing ${plan.file.path} needs root`, {
    hint: `run: ${command}`,
    details: { command },
  });
}

export function register(program: Command): void {
  declareStartupOptions(program.command('startup'))
    .description('write a boot script that resurrects the saved apps at boot and stops them at shutdown')
    .option('--wait-ip', 'start only once the network is online')
    .option('--print', 'only print the script and the commands that would run')
    .option('--dry-run', 'same as --print')
    .action(async (platform: string | undefined, options: StartupCliOptions & { dryRun?: boolean }) => {
      const { plan, request } = planFromCli(platform, options);
      const json = options.json ?? false;
      if (options.print || options.dryRun) return printStartupPreview(plan, json);
      requireRoot('startup', plan, request, options.destdir);
      printStartupReport(plan, await installStartup(plan, { destdir: options.destdir }), json);
    });
}
