// `tend export <target> [file]`: render the apps of an ecosystem file for Kubernetes, Nomad, Compose or
// systemd (docs/scale-out.md). Fields that cannot be carried over are warnings; --strict fails on them.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { TendError } from '../../errors/index.js';
import { exportTargets, loadExportModel, renderExport, writeExport, type ExportTarget } from '../../export/index.js';
import { splitList } from '../options.js';
import { printExported, printExportWarnings } from '../views/export.js';
import { printSpecWarnings } from '../views/validate.js';

interface ExportOptions {
  env?: string;
  only?: string;
  output?: string;
  root?: string;
  image?: string[];
  port?: string[];
  probe?: string[];
  includeSecrets?: boolean;
  json?: boolean;
  strict?: boolean;
}

function isTarget(word: string): word is ExportTarget {
  return (exportTargets as readonly string[]).includes(word);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function register(program: Command): void {
  program
    .command('export')
    .description('render the ecosystem file for Kubernetes, Nomad, Compose or systemd')
    .argument('<target>', exportTargets.join(' | '))
    .argument('[file]', 'ecosystem file (default: ecosystem.config.* in this directory)')
    .option('--env <name>', 'use the env_<name> overlay (Kubernetes: the base; every overlay gets its own directory anyway)')
    .option('--only <apps>', 'only these apps (comma separated)')
    .option('-o, --output <dir>', 'directory to write into (default: tend-export/<target>)')
    .option('--root <dir>', 'where the project lives on the hosts (systemd, Nomad raw_exec); default: the ecosystem file directory')
    .option('--image <[app=]image>', 'container image of one app, or of every app without one (repeatable)', collect)
    .option('--port <[app=]port>', 'port an app listens on, when the file has none (repeatable)', collect)
    .option('--probe <[app=]path>', 'HTTP path of the health check (repeatable)', collect)
    .option('--include-secrets', 'write the values of env keys that look secret')
    .option('--json', 'print the files, warnings and notes as JSON')
    .option('--strict', 'fail (exit 1, nothing written) when a field cannot be carried over')
    .action(async (target: string, file: string | undefined, options: ExportOptions) => {
      if (!isTarget(target)) throw new TendError('E_EXPORT_TARGET', `unknown export target ${target}`);
      const only = splitList(options.only);
      const out = resolve(options.output ?? `tend-export/${target}`);
      const { model, warnings: specWarnings } = await loadExportModel({
        target,
        file,
        cwd: process.cwd(),
        out,
        flags: { image: options.image ?? [], port: options.port ?? [], probe: options.probe ?? [] },
        includeSecrets: options.includeSecrets === true,
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(only === undefined ? {} : { only }),
        ...(options.root === undefined ? {} : { root: options.root }),
      });
      if (options.json !== true) printSpecWarnings(specWarnings);
      const result = renderExport(model);
      if (options.strict === true && result.warnings.length > 0) {
        if (options.json !== true) printExportWarnings(result.warnings);
        throw new TendError(
          'E_EXPORT_STRICT',
          `${result.warnings.length} field${result.warnings.length === 1 ? '' : 's'} cannot be carried over to ${target} as they are`,
          { details: result.warnings },
        );
      }
      printExported(target, out, result, writeExport(out, result.files), options.json === true);
    });
}
