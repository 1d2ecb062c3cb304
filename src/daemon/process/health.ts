// The app's own health check (`health` in the ecosystem file): an HTTP GET that answers 2xx/3xx, or a
// TCP port that accepts, on 127.0.0.1. Polled until it passes or its timeout ends.
import http from 'node:http';
import net from 'node:net';
import type { HealthCheck } from '../../ecosystem/types.js';

const POLL_MS = 100;
const ATTEMPT_MS = 1000;

/** The port a check aims at: its own, else the instance's PORT (port / increment_var). */
export function healthPort(check: HealthCheck, env: Readonly<Record<string, string>>): number | null {
  if ('tcp' in check) return check.tcp;
  if (check.port !== null) return check.port;
  const port = Number(env.PORT);
  return Number.isInteger(port) && port > 0 ? port : null;
}

function describe(check: HealthCheck, port: number): string {
  return 'tcp' in check ? `tcp 127.0.0.1:${port}` : `GET http://127.0.0.1:${port}${check.http}`;
}

/** One attempt: undefined when it passed, else what went wrong. */
function attempt(check: HealthCheck, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    if ('tcp' in check) {
      const socket = net.connect({ host: '127.0.0.1', port, timeout: ATTEMPT_MS });
      socket.once('connect', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once('timeout', () => {
        socket.destroy();
        resolve('timed out');
      });
      socket.once('error', (error) => resolve(error.message));
      return;
    }
    const request = http.get({ host: '127.0.0.1', port, path: check.http, agent: false, timeout: ATTEMPT_MS }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      resolve(status >= 200 && status < 400 ? undefined : `answered ${status}`);
    });
    request.once('timeout', () => request.destroy(new Error('timed out')));
    request.once('error', (error) => resolve(error.message));
  });
}

/**
 * Polls the check until it passes (resolves undefined) or `check.timeout` ends or `signal` aborts
 * (resolves why it did not pass).
 */
export async function passHealthCheck(check: HealthCheck, env: Readonly<Record<string, string>>, signal: AbortSignal): Promise<string | undefined> {
  const port = healthPort(check, env);
  if (port === null) return "health.http has no port: set health.port, the app's port, or env.PORT";
  const deadline = Date.now() + check.timeout;
  let last = 'not tried';
  while (!signal.aborted) {
    const problem = await attempt(check, port);
    if (problem === undefined) return undefined;
    last = problem;
    if (Date.now() + POLL_MS >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return `${describe(check, port)} did not pass within ${check.timeout} ms (last: ${last})`;
}
