// systemd: a service unit per app (a template unit `name@.service` and a `name.target` that wants every
// instance when there are several), the restart policy in Restart=/RestartSec=/StartLimit*, and a timer
// for cron_restart. Units run the app from the project directory on the host (--root).
import { placedCommand, placePath } from './command.js';
import { cronFields, systemdCalendar } from './cron.js';
import { appEnv, instanceEnv, splitEnv } from './env.js';
import { fieldWarnings } from './fields.js';
import { sortFiles } from './files.js';
import { targetNames, unitName } from './names.js';
import type { ExportApp, ExportFile, ExportModel, ExportResult, ExportWarning } from './types.js';

/** `%` starts a specifier in every unit setting. */
function specifierSafe(text: string): string {
  return text.replaceAll('%', '%%');
}

/** One word of an Exec line: `$` would expand a variable and quotes group words, so both are escaped. */
function execWord(word: string): string {
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(word)) return word;
  const escaped = word.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n').replaceAll('$', '$$$$').replaceAll('%', '%%');
  return `"${escaped}"`;
}

/** An Environment= assignment, quoted; values are not expanded there, only specifiers. */
function environmentLine(key: string, value: string): string {
  const escaped = `${key}=${value}`.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n').replaceAll('%', '%%');
  return `Environment="${escaped}"`;
}

function milliseconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

interface Section {
  name: string;
  lines: string[];
}

function unitFile(comment: readonly string[], sections: readonly Section[]): string {
  const head = comment.map((line) => `# ${line}\n`).join('');
  return (
    head +
    sections
      .filter((section) => section.lines.length > 0)
      .map((section) => `[${section.name}]\n${section.lines.join('\n')}\n`)
      .join('\n')
  );
}

function logTarget(path: string | null, model: ExportModel): string | null {
  if (path === null) return null;
  if (path === '/dev/null') return 'null';
  return `append:${specifierSafe(placePath(path, model.localRoot, model.hostRoot) ?? path)}`;
}

function serviceUnit(
  model: ExportModel,
  app: ExportApp,
  unit: string,
  template: boolean,
  comment: readonly string[],
): { content: string; secretKeys: string[] } {
  const { spec } = app;
  const placed = placedCommand(spec, model.localRoot, model.hostRoot);
  // A template's instance number is the specifier %i, written unquoted so that systemd expands it.
  const instance = template ? [`Environment=${spec.instance_var}=%i`] : [];
  const env = splitEnv(appEnv(spec.env, template ? {} : instanceEnv(app, null)));
  const secretKeys = model.includeSecrets ? [] : Object.keys(env.secret);
  const shown = Object.entries(model.includeSecrets ? { ...env.plain, ...env.secret } : env.plain).filter(([key]) => !(template && key === spec.instance_var));
  // Restarts that each come sooner than min_uptime, max_restarts times in a row, stop the unit.
  const window = Math.max(1, Math.ceil((spec.max_restarts * (spec.min_uptime + spec.restart_delay)) / 1000));
  const environment = [...instance, ...shown.map(([key, value]) => environmentLine(key, value))];
  const out = spec.disable_logs ? 'null' : logTarget(spec.out_file, model);
  const error = spec.disable_logs ? 'null' : logTarget(spec.error_file, model);
  const unitLines = [
    `Description=${specifierSafe(spec.name)}${template ? ' instance %i' : ''} (tend export)`,
    'After=network.target',
    ...(template ? [`PartOf=${unit}.target`] : []),
    ...(spec.autorestart ? [`StartLimitIntervalSec=${window}s`, `StartLimitBurst=${spec.max_restarts}`] : []),
  ];
  const serviceLines = [
    'Type=simple',
    `WorkingDirectory=${specifierSafe(placed.cwd)}`,
    `ExecStart=/usr/bin/env ${placed.argv.map(execWord).join(' ')}`,
    ...environment,
    ...(secretKeys.length > 0 ? [`EnvironmentFile=-/etc/tend/${unit}.env`] : []),
    ...(spec.uid === null ? [] : [`User=${spec.uid}`]),
    ...(spec.gid === null ? [] : [`Group=${spec.gid}`]),
    `Restart=${spec.autorestart ? 'always' : 'no'}`,
    ...(spec.autorestart ? [`RestartSec=${milliseconds(spec.restart_delay)}`] : []),
    ...(spec.stop_exit_codes.length > 0 ? [`RestartPreventExitStatus=${spec.stop_exit_codes.join(' ')}`] : []),
    `KillSignal=${spec.kill_signal}`,
    `KillMode=${spec.treekill ? 'control-group' : 'process'}`,
    `TimeoutStopSec=${milliseconds(spec.kill_timeout)}`,
    ...(spec.max_memory_restart === null ? [] : [`MemoryMax=${spec.max_memory_restart}`]),
    ...(out === null ? [] : [`StandardOutput=${out}`]),
    ...(error === null ? [] : [`StandardError=${error}`]),
  ];
  const install = !template && spec.autostart ? ['WantedBy=multi-user.target'] : [];
  return {
    content: unitFile(comment, [
      { name: 'Unit', lines: unitLines },
      { name: 'Service', lines: serviceLines },
      { name: 'Install', lines: install },
    ]),
    secretKeys,
  };
}

function instancesTarget(app: ExportApp, unit: string, comment: readonly string[]): string {
  const wants = Array.from({ length: app.spec.instances }, (_, index) => `${unit}@${index}.service`).join(' ');
  return unitFile(comment, [
    { name: 'Unit', lines: [`Description=${specifierSafe(app.spec.name)}: ${app.spec.instances} instances (tend export)`, `Wants=${wants}`] },
    { name: 'Install', lines: app.spec.autostart ? ['WantedBy=multi-user.target'] : [] },
  ]);
}

function restartUnits(app: ExportApp, unit: string, restarted: string, calendar: string, comment: readonly string[]): ExportFile[] {
  return [
    {
      path: `${unit}-restart.service`,
      content: unitFile(comment, [
        { name: 'Unit', lines: [`Description=Restart ${specifierSafe(app.spec.name)} (cron_restart)`] },
        { name: 'Service', lines: ['Type=oneshot', `ExecStart=/usr/bin/systemctl try-restart ${restarted}`] },
      ]),
    },
    {
      path: `${unit}-restart.timer`,
      content: unitFile(comment, [
        { name: 'Unit', lines: [`Description=Restart ${specifierSafe(app.spec.name)} on ${specifierSafe(app.spec.cron_restart ?? '')}`] },
        { name: 'Timer', lines: [`OnCalendar=${calendar}`] },
        { name: 'Install', lines: ['WantedBy=timers.target'] },
      ]),
    },
  ];
}

export function renderSystemd(model: ExportModel): ExportResult {
  const names = targetNames(
    model.apps.map((app) => app.spec.name),
    unitName,
    'systemd',
  );
  const files: ExportFile[] = [];
  const warnings: ExportWarning[] = [];
  const notes: string[] = [];
  for (const app of model.apps) {
    const unit = names.get(app.spec.name) ?? app.spec.name;
    if (unit !== app.spec.name)
      warnings.push({ target: 'systemd', app: app.spec.name, field: 'name', message: `unit ${unit}: unit names cannot hold '@' and most punctuation` });
    const comment = [`Written by \`tend export systemd\` from ${model.source} (app ${app.spec.name}). Edit the ecosystem file and export again.`];
    const template = app.spec.instances > 1;
    const service = serviceUnit(model, app, unit, template, comment);
    files.push({ path: template ? `${unit}@.service` : `${unit}.service`, content: service.content });
    if (template) files.push({ path: `${unit}.target`, content: instancesTarget(app, unit, comment) });
    if (service.secretKeys.length > 0)
      notes.push(
        `${app.spec.name}: env values whose names look secret were not written; put ${service.secretKeys.map((key) => `${key}=…`).join(' ')} in /etc/tend/${unit}.env (mode 0600), or export with --include-secrets.`,
      );
    if (app.spec.cron_restart !== null) {
      const fields = cronFields(app.spec.cron_restart);
      const calendar = fields === null ? null : systemdCalendar(fields);
      if (calendar === null)
        warnings.push({
          target: 'systemd',
          app: app.spec.name,
          field: 'cron_restart',
          message: `no timer written: "${app.spec.cron_restart}" has no exact OnCalendar= form (both day of month and weekday, or L/#/W)`,
        });
      else files.push(...restartUnits(app, unit, template ? `${unit}.target` : `${unit}.service`, calendar, comment));
    }
  }
  warnings.push(...fieldWarnings(model.apps, 'systemd', model.localRoot));
  const enable = model.apps
    .filter((app) => app.spec.autostart)
    .map((app) => {
      const unit = names.get(app.spec.name) ?? app.spec.name;
      return app.spec.instances > 1 ? `${unit}.target` : `${unit}.service`;
    });
  if (enable.length > 0)
    notes.push(
      `Install: copy the units to /etc/systemd/system, then \`systemctl daemon-reload && systemctl enable --now ${enable.join(' ')}\`${files.some((file) => file.path.endsWith('.timer')) ? ' and the .timer units' : ''}.`,
    );
  return { files: sortFiles(files), warnings, notes };
}
