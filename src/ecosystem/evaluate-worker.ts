// The worker side of evaluate-bounded.ts: evaluates JS ecosystem files and posts each one's plain data
// (or the coded error) back.
import { parentPort } from 'node:worker_threads';
import { asTendError } from '../errors/index.js';
import type { EvalAnswer, EvalRequest } from './evaluate-bounded.js';
import { evaluateJs } from './read.js';

parentPort?.on('message', (request: EvalRequest) => {
  void evaluateJs(request.file, request.form).then(
    (data) => parentPort?.postMessage({ id: request.id, ok: true, data } satisfies EvalAnswer),
    (error: unknown) => parentPort?.postMessage({ id: request.id, ok: false, error: asTendError(error).toJSON() } satisfies EvalAnswer),
  );
});
