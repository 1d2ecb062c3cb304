// A real OpenSSH server for tests: /usr/sbin/sshd on 127.0.0.1 on a free port, with a generated
// host key and an authorized user key, its config, pid file and keys in a temp dir. Started in the
// foreground (-D) so the test owns the pid and stops it. The user's ~/.ssh is never touched: tests
// pass the key and a known_hosts file through the deploy config.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const sshdBinary = '/usr/sbin/sshd';

export interface SshKeyPair {
  /** Private key file. */
  readonly file: string;
  /** `type base64` of the public key. */
  readonly publicKey: string;
}

export interface Sshd {
  readonly port: number;
  readonly pid: number;
  /** The server's host key (public part). */
  readonly hostKey: SshKeyPair;
  /** The HOME the server gives sessions: one per server, so two servers are two "hosts". */
  readonly home: string;
  /** A known_hosts line that trusts this server. */
  readonly knownHostsLine: string;
  stop(): Promise<void>;
}

/** An ed25519 key pair generated with ssh-keygen into `dir`. */
export function generateKey(dir: string, name: string): SshKeyPair {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  const publicKey = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  return { file, publicKey };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server sends its SSH banner. */
async function waitForBanner(port: number, child: ChildProcess, deadlineMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`);
    const banner = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (banner) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd on port ${port} did not answer within ${deadlineMs} ms: ${log()}`);
}

export interface SshdOptions {
  /** Temp dir for this server's files (created by the caller). */
  readonly dir: string;
  /** Public keys allowed to log in. */
  readonly authorizedKeys: readonly string[];
}

export async function startSshd(options: SshdOptions): Promise<Sshd> {
  const { dir } = options;
  const port = await freePort();
  const hostKey = generateKey(dir, 'host_ed25519');
  const home = path.join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const authorizedKeysFile = path.join(dir, 'authorized_keys');
  writeFileSync(authorizedKeysFile, `${options.authorizedKeys.join('\n')}\n`, { mode: 0o600 });
  const configFile = path.join(dir, 'sshd_config');
  writeFileSync(
    configFile,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey.file}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeysFile}`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'StrictModes no',
      'UsePAM no',
      // Each server is its own "host": sessions get their own HOME (and so their own ~/.tend).
      `SetEnv HOME=${home}`,
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  // sshd refuses to start without its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn(sshdBinary, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const pid = child.pid;
  if (pid === undefined) throw new Error('sshd did not start');
  try {
    await waitForBanner(port, child, 10_000, () => log);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    port,
    pid,
    hostKey,
    home,
    knownHostsLine: `[127.0.0.1]:${port} ${hostKey.publicKey}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
