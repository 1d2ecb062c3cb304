// PM2's calling convention on top of promises: every call returns a promise and also takes an
// optional node-style callback last. The callback runs on a later tick, outside tend's own promise
// chains, so whatever it throws is the caller's (an uncaught exception, as with PM2), never
// swallowed or turned into a second callback.
import { asTendError } from '../errors/index.js';

export type NodeCallback<T> = (error: Error | null, result?: T) => void;

/** The trailing function of an argument list, and the arguments before it. */
export function splitCallback<T>(args: readonly unknown[]): { args: unknown[]; callback: NodeCallback<T> | undefined } {
  const last = args[args.length - 1];
  if (typeof last === 'function') return { args: args.slice(0, -1), callback: last as NodeCallback<T> };
  return { args: [...args], callback: undefined };
}

/**
 * Runs `work` and settles both ways: the promise, and the callback when one is given. The promise's
 * rejection counts as handled: PM2 code calls without awaiting (`pm2.start('app.js')`, the lazy API)
 * and must not die of an unhandled rejection; awaiting the promise still sees it.
 */
export function settle<T>(work: () => Promise<T>, callback: NodeCallback<T> | undefined): Promise<T> {
  const promise = Promise.resolve()
    .then(work)
    .catch((error: unknown) => {
      throw error instanceof Error ? error : asTendError(error);
    });
  promise.then(
    (value) => callback && process.nextTick(callback, null, value),
    (error: unknown) => callback && process.nextTick(callback, error as Error),
  );
  return promise;
}
