// `tend init`: the commented ecosystem file it writes (JavaScript or YAML), and its confirmation line.
import type { GuessedApp } from '../../workspace/project.js';
import { paint } from './format.js';
import { printJson, printLine } from './output.js';

export type EcosystemFormat = 'js' | 'yaml';

// JSON string literals are valid string literals in both JavaScript and YAML, with every character escaped.
const literal = (text: string): string => JSON.stringify(text);

export function renderEcosystem(app: GuessedApp, format: EcosystemFormat): string {
  return format === 'js' ? renderJs(app) : renderYaml(app);
}

function renderJs(app: GuessedApp): string {
  return [
    '// Ecosystem file for tend (PM2-compatible: PM2 reads it too).',
    '//   tend apply          show what would change, then apply exactly that',
    '//   tend start          start these apps',
    '//   tend start --env production   use env_production below',
    '// Every option: docs/ecosystem.md and manifests/ecosystem.schema.json.',
    'module.exports = {',
    '  apps: [',
    '    {',
    `      name: ${literal(app.name)},`,
    `      // Guessed from ${app.reason}.`,
    `      script: ${literal(app.script)},`,
    app.args === null ? "      // args: '--port 3000'," : `      args: ${literal(app.args)},`,
    "      // cwd: __dirname,               // default: this file's folder",
    "      // instances: 'max',             // one per CPU core ...",
    "      // exec_mode: 'cluster',         // ... sharing one port, reloaded with zero downtime",
    '      // watch: false,                 // true: restart when files change',
    "      // max_memory_restart: '300M',   // restart above this memory use",
    '      env: {',
    "        NODE_ENV: 'development',",
    '      },',
    '      env_production: {',
    "        NODE_ENV: 'production',",
    '      },',
    '    },',
    '  ],',
    '};',
    '',
  ].join('\n');
}

function renderYaml(app: GuessedApp): string {
  return [
    '# Ecosystem file for tend (PM2-compatible: PM2 reads it too).',
    '#   tend apply          show what would change, then apply exactly that',
    '#   tend start          start these apps',
    '#   tend start --env production   use env_production below',
    '# Every option: docs/ecosystem.md and manifests/ecosystem.schema.json.',
    'apps:',
    `  - name: ${literal(app.name)}`,
    `    # Guessed from ${app.reason}.`,
    `    script: ${literal(app.script)}`,
    app.args === null ? '    # args: --port 3000' : `    args: ${literal(app.args)}`,
    "    # cwd: .                       # default: this file's folder",
    '    # instances: max               # one per CPU core ...',
    '    # exec_mode: cluster           # ... sharing one port, reloaded with zero downtime',
    '    # watch: false                 # true: restart when files change',
    '    # max_memory_restart: 300M     # restart above this memory use',
    '    env:',
    '      NODE_ENV: development',
    '    env_production:',
    '      NODE_ENV: production',
    '',
  ].join('\n');
}

export function printInitDone(path: string, app: GuessedApp, json: boolean): void {
  if (json) {
    printJson({ path, app });
    return;
  }
  printLine(`${paint.green('✓')} wrote ${path} for ${app.name} (${app.script}${app.args === null ? '' : ` ${app.args}`}, from ${app.reason})`);
  printLine(`Check it, then run ${paint.bold('tend apply')} (or ${paint.bold('tend start')}).`);
}
