// `tend serve [path] [port]`: the built-in static file server as a managed app (PM2's `serve`).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { withDaemon } from '../daemon-session.js';
import { desiredFromScript } from '../desired.js';
import { runApply } from '../apply-flow.js';
import { printProcessTable } from '../views/list.js';

interface ServeOptions {
  port?: string;
  spa?: boolean;
  basicAuthUsername?: string;
  basicAuthPassword?: string;
  name?: string;
}

export function register(program: Command): void {
  program
    .command('serve')
    .alias('expose')
    .description('serve a directory of static files as a managed app')
    .argument('[path]', 'directory to serve', '.')
    .argument('[port]', 'port', '8080')
    .option('--port <port>', 'port (overrides the argument)')
    .option('--spa', 'answer unknown paths with index.html (single-page apps)')
    .option('--basic-auth-username <user>', 'require HTTP basic auth')
    .option('--basic-auth-password <password>', 'require HTTP basic auth')
    .option('-n, --name <name>', 'app name (default static-page-server-<port>)')
    .action(async (path: string, portArgument: string, options: ServeOptions) => {
      const port = options.port ?? portArgument;
      const env: Record<string, string> = { TEND_SERVE_PATH: resolve(path), TEND_SERVE_PORT: port };
      if (options.spa) env.TEND_SERVE_SPA = 'true';
      if (options.basicAuthUsername !== undefined) env.TEND_SERVE_BASIC_AUTH_USERNAME = options.basicAuthUsername;
      if (options.basicAuthPassword !== undefined) env.TEND_SERVE_BASIC_AUTH_PASSWORD = options.basicAuthPassword;
      const specs = desiredFromScript('serve', [], {});
      const spec = specs[0];
      if (spec) {
        spec.name = options.name ?? `static-page-server-${port}`;
        spec.env = Object.fromEntries(Object.entries({ ...spec.env, ...env }).sort(([a], [b]) => a.localeCompare(b)));
      }
      await withDaemon(async (client) => {
        await runApply(client, { source: 'cli', specs }, { mode: 'start', prune: false, command: 'serve' });
        printProcessTable(await client.request('list', {}));
      });
    });
}
