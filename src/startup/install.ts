// Carries out a StartupPlan: writes or removes the boot script and runs the init tool's commands, skipping
// (with the reason) those that cannot run here — tool missing, systemd not running, or files under --destdir.
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TendError } from '../errors/index.js';
import type { StartupPlan } from './plan.js';
import { findCommand, isSystemdRunning } from './system.js';

export interface ToolStep {
  readonly argv: readonly string[];
  readonly outcome: 'ran' | 'skipped';
  readonly reason?: string;
}

export interface StartupReport {
  readonly action: 'installed' | 'removed';
  /** Where the file was written or removed (under destdir when given). */
  readonly path: string;
  readonly steps: readonly ToolStep[];
}

export interface ApplyOptions {
  /** Write under this folder instead of '/' (image builds, tests); the init tool is then not run. */
  readonly destdir?: string | undefined;
}

/** Every file tend writes carries this line, so unstartup never removes (and startup never replaces) a stranger's. */
const marker = 'Written by `tend startup`';
const toolTimeoutMs = 60_000;

export async function installStartup(plan: StartupPlan, options: ApplyOptions = {}): Promise<StartupReport> {
  const path = destination(plan.file.path, options);
  const existing = await readIfExists(path);
  if (existing !== null && !existing.includes(marker)) {
    throw new TendError('E_STARTUP_FOREIGN_FILE', `${path} exists and was not written by tend`);
  }
  await writeAtomically(path, plan.file.content, plan.file.mode);
  return { action: 'installed', path, steps: await runSteps(plan.enable, options) };
}

export async function removeStartup(plan: StartupPlan, options: ApplyOptions = {}): Promise<StartupReport> {
  const path = destination(plan.file.path, options);
  const existing = await readIfExists(path);
  if (existing === null) throw new TendError('E_STARTUP_NOT_INSTALLED', `no boot script at ${path}`);
  if (!existing.includes(marker)) throw new TendError('E_STARTUP_FOREIGN_FILE', `${path} was not written by tend; leaving it alone`);
  const before = await runSteps(plan.disable, options);
  await unlink(path);
  const after = await runSteps(plan.afterRemove, options);
  return { action: 'removed', path, steps: [...before, ...after] };
}

function destination(path: string, options: ApplyOptions): string {
  return options.destdir === undefined ? path : join(options.destdir, path);
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.tend-${process.pid}`);
  await writeFile(temp, content, { mode });
  await chmod(temp, mode); // writeFile's mode is filtered by the umask
  await rename(temp, path);
}

async function runSteps(steps: readonly (readonly string[])[], options: ApplyOptions): Promise<ToolStep[]> {
  const done: ToolStep[] = [];
  for (const argv of steps) {
    const blocker = whyNotRun(argv, options);
    if (blocker !== null) {
      done.push({ argv, outcome: 'skipped', reason: blocker });
      continue;
    }
    await run(argv);
    done.push({ argv, outcome: 'ran' });
  }
  return done;
}

function whyNotRun(argv: readonly string[], options: ApplyOptions): string | null {
  const tool = argv[0] ?? '';
  if (options.destdir !== undefined) return 'the file was written under --destdir, not to this system';
  if (findCommand(tool) === null) return `${tool} is not installed here`;
  if (tool === 'systemctl' && !isSystemdRunning()) return 'systemd is not running here (a container?)';
  return null;
}

function run(argv: readonly string[]): Promise<void> {
  const [tool = '', ...args] = argv;
  const path = findCommand(tool) ?? tool;
  return new Promise((resolve, reject) => {
    execFile(path, args, { timeout: toolTimeoutMs }, (error, _stdout, stderr) => {
      if (error === null) return resolve();
      const detail = stderr.trim().split('\n').at(-1) ?? error.message;
      reject(new TendError('E_STARTUP_TOOL_FAILED', `\`${argv.join(' ')}\` failed: ${detail || error.message}`));
    });
  });
}
