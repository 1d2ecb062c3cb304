// Runs a JS ecosystem file's code in a worker thread with a deadline: a file whose export never
// settles (`module.exports = new Promise(() => {})`) or whose code never returns (`while (true) {}`)
// is E_FILE_EVAL once the deadline passes — the worker is terminated — instead of a hang or an empty
// success. The worker shares the caller's env and cwd, so the file sees what it would see in the CLI
// itself. One worker serves a process's evaluations (it is idle-unref'd, so it never keeps one alive).
import { Worker } from 'node:worker_threads';
import { TendError, fromWire, type WireError } from '../errors/index.js';

const workerEntry = new URL('./evaluate-worker.js', import.meta.url);

/** TEND_EVAL_TIMEOUT (seconds) or 10 s. */
export function evalTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.TEND_EVAL_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 10_000;
}

export interface EvalRequest {
  id: number;
  file: string;
  form: 'js' | 'cjs' | 'mjs';
}

export type EvalAnswer = { id: number; ok: true; data: unknown } | { id: number; ok: false; error: WireError };

interface Waiting {
  file: string;
  resolve: (data: unknown) => void;
  reject: (error: TendError) => void;
}

let shared: { worker: Worker; waiting: Map<number, Waiting> } | null = null;
let nextId = 1;

function evaluator(): { worker: Worker; waiting: Map<number, Waiting> } {
  if (shared) return shared;
  const worker = new Worker(workerEntry);
  const waiting = new Map<number, Waiting>();
  const current = { worker, waiting };
  shared = current;
  const failAll = (why: (file: string) => string): void => {
    if (shared === current) shared = null;
    for (const job of waiting.values()) job.reject(new TendError('E_FILE_EVAL', why(job.file)));
    waiting.clear();
  };
  worker.on('message', (answer: EvalAnswer) => {
    const job = waiting.get(answer.id);
    if (!job) return;
    waiting.delete(answer.id);
    if (waiting.size === 0) worker.unref();
    if (answer.ok) job.resolve(answer.data);
    else job.reject(fromWire(answer.error));
  });
  worker.on('error', (error) => failAll((file) => `${file}: ${error.message}`));
  worker.on('exit', (code) => failAll((file) => `${file} ended the process while loading (exit code ${code})`));
  return current;
}

export function evaluateBounded(file: string, form: 'js' | 'cjs' | 'mjs'): Promise<unknown> {
  const timeoutMs = evalTimeoutMs();
  const { worker, waiting } = evaluator();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      // The worker may be stuck in the file's code: it goes, the next evaluation gets a new one.
      if (shared?.worker === worker) shared = null;
      void worker.terminate();
      reject(
        new TendError('E_FILE_EVAL', `${file} did not finish loading within ${timeoutMs / 1000} s`, {
          hint: 'Its export must be the config or a promise that settles; look for an endless loop or a promise that never resolves. TEND_EVAL_TIMEOUT sets the deadline in seconds.',
        }),
      );
    }, timeoutMs);
    const settle =
      <T>(fn: (value: T) => void) =>
      (value: T): void => {
        clearTimeout(timer);
        fn(value);
      };
    waiting.set(id, { file, resolve: settle(resolve), reject: settle(reject) });
    worker.ref();
    worker.postMessage({ id, file, form } satisfies EvalRequest);
  });
}
