// A folder where user code drives tend as PM2 code drives PM2: `node_modules/pm2` points at this
// repository (so `require('pm2')` and `import pm2 from 'pm2'` resolve through its package.json
// exports), small apps sit next to the script, and each script runs in a node child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';
import type { TestHome } from './daemon.js';

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every `report(label, value)` of the script, by label (the last value wins). */
  reports: Record<string, unknown>;
}

/** Prepended to each script: `report(label, value)` prints one JSON line the test reads back. */
const reportHelper = "const report = (label, value) => console.log('@@' + JSON.stringify([label, value === undefined ? null : value]));\n";

/** Apps the scripts start. */
const apps: Record<string, string> = {
  'ticker.js': "setInterval(() => console.log('tick'), 200);\n",
  'worker.js': "setInterval(() => console.log('work'), 200);\n",
  'answerer.js':
    "process.on('message', (packet) => console.log('answerer got', JSON.stringify(packet.data)) || process.send({ type: 'process:msg', data: { reply: packet.data, topic: packet.topic, id: packet.id } }));\nsetInterval(() => undefined, 1000);\n",
  'typed.js': "process.on('message', () => process.send({ type: 'custom:event', data: { custom: true } }));\nsetInterval(() => undefined, 1000);\n",
  'never-ready.js': 'setInterval(() => undefined, 1000);\n',
  // Echoes each line of its stdin (sendLineToStdin, attach).
  'echo.js':
    "require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => console.log('echo:' + line));\nsetInterval(() => undefined, 1000);\n",
  // Ready (wait_ready) once its handler is in place: a signal before that would end it.
  'on-signal.js': "process.on('SIGUSR2', () => console.log('got SIGUSR2'));\nprocess.send('ready');\nsetInterval(() => undefined, 1000);\n",
};

export class ApiProject {
  readonly dir: string;

  constructor(readonly t: TestHome) {
    this.dir = join(t.dir, 'project');
    mkdirSync(join(this.dir, 'node_modules'), { recursive: true });
    symlinkSync(repoRoot, join(this.dir, 'node_modules', 'pm2'));
    for (const [name, source] of Object.entries(apps)) writeFileSync(join(this.dir, name), source);
  }

  write(name: string, content: string): string {
    const path = join(this.dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  /**
   * Runs `source` as `name` (.cjs or .mjs) with the test's TEND_HOME (as another user with `uid`);
   * `onStart` gets the child, to write to its stdin.
   */
  run(
    name: string,
    source: string,
    options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; uid?: number; onStart?: (child: ChildProcess) => void } = {},
  ): Promise<ScriptRun> {
    const file = this.write(name, reportHelper + source);
    return new Promise((resolve, reject) => {
      const user = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
      const child = spawn(process.execPath, [file], { cwd: options.cwd ?? this.dir, env: { ...process.env, TEND_HOME: this.t.home, ...options.env }, ...user });
      options.onStart?.(child);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${name} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, options.timeoutMs ?? 90_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        const reports: Record<string, unknown> = {};
        for (const line of stdout.split('\n')) {
          if (!line.startsWith('@@')) continue;
          const [label, value] = JSON.parse(line.slice(2)) as [string, unknown];
          reports[label] = value;
        }
        resolve({ code, stdout, stderr, reports });
      });
    });
  }
}
