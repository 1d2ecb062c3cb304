// Output of `tend startup` / `tend unstartup`: the script preview, what was written and run, and JSON forms.
import type { StartupPlan, StartupReport } from '../../startup/index.js';
import { paint } from './format.js';
import { printJson, printLine, printNotice, printRaw } from './output.js';

function summaryOf(plan: StartupPlan): Record<string, string> {
  const { settings } = plan;
  return { platform: settings.platform, service: settings.serviceName, user: settings.user, tend_home: settings.tendHome };
}

/** --print: the file exactly as it would be written, then (on stderr) where and what would run. */
export function printStartupPreview(plan: StartupPlan, json: boolean): void {
  if (json) {
    printJson({ ...summaryOf(plan), path: plan.file.path, mode: plan.file.mode.toString(8), content: plan.file.content, enable: plan.enable });
    return;
  }
  printRaw(plan.file.content);
  printNotice(paint.dim(`# would write ${plan.file.path} (mode ${plan.file.mode.toString(8)}), then run:`));
  for (const argv of plan.enable) printNotice(paint.dim(`#   ${argv.join(' ')}`));
}

export function printStartupReport(plan: StartupPlan, report: StartupReport, json: boolean): void {
  if (json) {
    printJson({ ...summaryOf(plan), action: report.action, path: report.path, steps: report.steps });
    return;
  }
  printLine(`${paint.green('✓')} ${report.action === 'installed' ? 'wrote' : 'removed'} ${report.path}`);
  for (const step of report.steps) {
    const command = step.argv.join(' ');
    if (step.outcome === 'ran') printLine(`${paint.green('✓')} ran ${command}`);
    else printLine(`${paint.yellow('·')} skipped ${command}: ${step.reason ?? ''}`);
  }
  const { settings } = plan;
  if (report.action === 'installed') {
    printLine(`At boot, tend resurrects the apps saved by ${settings.user} (TEND_HOME=${settings.tendHome}) and stops them at shutdown.`);
    printLine(`Save the apps to bring back with ${paint.bold('tend save')}.`);
  } else {
    printLine(`Apps no longer come back at boot; the ones running now keep running.`);
  }
}
