// One SSH connection per host, reused for every step of a deploy. Verifies the host key against
// known_hosts before authenticating, authenticates with the configured key, the agent or the
// user's default keys, and runs argv commands (quoted by quote.ts) with line-by-line output.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, ClientChannel, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { TendError } from '../../errors/index.js';
import { fingerprint, hostKeyAlgorithms, judgeHostKey, keysFor, knownHostsLine, lookupName, type HostKeyVerdict, type KnownHostKey } from './known-hosts.js';
import type { HostKeyPolicy } from './options.js';
import { quoteArgv } from './quote.js';

const { Client, utils } = ssh2;

export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Private keys named by the config (`key`, IdentityFile); tried before the agent. */
  readonly identityFiles: readonly string[];
  /** Default: ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts. */
  readonly knownHostsFiles?: readonly string[];
  /** Default 'yes': unknown or changed host keys are refused. */
  readonly hostKeyPolicy?: HostKeyPolicy;
  /** Default 15 s. */
  readonly connectTimeoutMs?: number;
  /** Reach the host through this one first (ProxyJump). */
  readonly jump?: SshTarget;
}

export type OutputStream = 'stdout' | 'stderr';

export interface RunOptions {
  /** Written to the command's stdin, which is then closed (it is always closed). */
  readonly stdin?: string;
  /** Each complete output line, as it arrives. */
  readonly onLine?: (stream: OutputStream, line: string) => void;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const defaultKeyNames = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const outputCap = 4 * 1024 * 1024;

function defaultKnownHostsFiles(): string[] {
  return [path.join(os.homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
}

function readIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function keyTypeOf(blob: Buffer): string {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  return blob.subarray(4, 4 + length).toString('latin1');
}

function authMethods(target: SshTarget): AnyAuthMethod[] {
  const methods: AnyAuthMethod[] = [];
  for (const file of target.identityFiles) {
    let contents: Buffer;
    try {
      contents = readFileSync(file);
    } catch (error) {
      throw new TendError('E_SSH_KEY', `cannot read SSH key ${file}: ${(error as Error).message}`);
    }
    const parsed = utils.parseKey(contents);
    if (parsed instanceof Error) throw new TendError('E_SSH_KEY', `cannot use SSH key ${file}: ${parsed.message}`);
    methods.push({ type: 'publickey', username: target.user, key: contents });
  }
  const agent = process.env.SSH_AUTH_SOCK;
  if (agent) methods.push({ type: 'agent', username: target.user, agent });
  if (target.identityFiles.length === 0) {
    for (const name of defaultKeyNames) {
      const file = path.join(os.homedir(), '.ssh', name);
      if (!existsSync(file)) continue;
      const contents = readFileSync(file);
      // Encrypted default keys are skipped silently: the agent is the way to use them.
      if (utils.parseKey(contents) instanceof Error) continue;
      methods.push({ type: 'publickey', username: target.user, key: contents });
    }
  }
  return methods;
}

/** Splits a byte stream into lines, keeping a bounded copy of everything. */
class LineCollector {
  private partial = '';
  text = '';
  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-outputCap);
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.emit(line.replace(/\r$/, ''));
  }

  end(): void {
    if (this.partial !== '') this.emit(this.partial);
    this.partial = '';
  }
}

export class SshConnection {
  private closed = false;
  private lostReason: string | undefined;

  private constructor(
    readonly target: SshTarget,
    private readonly client: InstanceType<typeof Client>,
    private readonly via: SshConnection | undefined,
  ) {
    client.on('close', () => {
      this.closed = true;
    });
    client.on('error', (error: Error) => {
      this.lostReason = error.message;
    });
  }

  /** Where this connection goes, as `user@host:port`. */
  get label(): string {
    return `${this.target.user}@${this.target.host}:${this.target.port}`;
  }

  static async open(target: SshTarget): Promise<SshConnection> {
    if (target.jump === undefined) return SshConnection.connect(target, undefined, undefined);
    const via = await SshConnection.open(target.jump);
    try {
      const sock = await via.forward(target.host, target.port);
      return await SshConnection.connect(target, via, sock);
    } catch (error) {
      via.close();
      throw error;
    }
  }

  /** A TCP stream to host:port opened from the server's side (what ProxyJump rides on). */
  private forward(host: string, port: number): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, host, port, (error: Error | undefined, channel: ClientChannel) => {
        if (error) reject(new TendError('E_SSH_CONNECT', `${this.label}: cannot reach ${host}:${port} through this jump host: ${error.message}`));
        else resolve(channel);
      });
    });
  }

  private static connect(target: SshTarget, via: SshConnection | undefined, sock: ClientChannel | undefined): Promise<SshConnection> {
    const name = lookupName(target.host, target.port);
    const knownHostsFiles = target.knownHostsFiles ?? defaultKnownHostsFiles();
    const known: KnownHostKey[] = knownHostsFiles.flatMap((file) => keysFor(readIfExists(file), name));
    const policy = target.hostKeyPolicy ?? 'yes';
    const methods = authMethods(target);
    const where = `${target.user}@${target.host}:${target.port}`;

    return new Promise((resolve, reject) => {
      const client = new Client();
      let verdict: { verdict: HostKeyVerdict; presented: Buffer } | undefined;
      let settled = false;
      const fail = (error: TendError): void => {
        if (settled) return;
        settled = true;
        client.end();
        reject(error);
      };

      const hostVerifier = (key: Buffer, verify: (valid: boolean) => void): void => {
        const judged = judgeHostKey(known, key);
        verdict = { verdict: judged, presented: key };
        if (judged === 'match' || policy === 'no') return verify(true);
        if (judged === 'unknown' && policy === 'accept-new') {
          const file = knownHostsFiles[0];
          if (file !== undefined) appendFileSync(file, knownHostsLine(name, keyTypeOf(key), key));
          return verify(true);
        }
        verify(false);
      };

      const algorithms = hostKeyAlgorithms(known);
      const config: ConnectConfig = {
        host: target.host,
        port: target.port,
        username: target.user,
        authHandler: methods,
        hostVerifier,
        readyTimeout: target.connectTimeoutMs ?? 15_000,
        keepaliveInterval: 15_000,
        keepaliveCountMax: 4,
        ...(sock === undefined ? {} : { sock }),
        ...(algorithms.length > 0 && policy !== 'no' ? { algorithms: { serverHostKey: algorithms as ServerHostKeyAlgorithm[] } } : {}),
      };

      client.on('ready', () => {
        if (settled) return;
        settled = true;
        resolve(new SshConnection(target, client, via));
      });
      client.on('error', (error: Error & { level?: string; code?: string }) => {
        if (verdict !== undefined && verdict.verdict !== 'match' && /Host denied/.test(error.message)) {
          const print = fingerprint(verdict.presented);
          const type = keyTypeOf(verdict.presented);
          if (verdict.verdict === 'unknown') {
            fail(new TendError('E_SSH_HOSTKEY_UNKNOWN', `${where}: host key ${type} ${print} is not in known_hosts (${knownHostsFiles.join(', ')})`));
          } else {
            fail(
              new TendError(
                'E_SSH_HOSTKEY',
                `${where}: host key ${type} ${print} does not match known_hosts${verdict.verdict === 'revoked' ? ' (the key is revoked)' : ''}`,
              ),
            );
          }
          return;
        }
        if (error.level === 'client-authentication') {
          fail(
            new TendError(
              'E_SSH_AUTH',
              `${where}: authentication failed (${methods.length === 0 ? 'no key or agent to offer' : `tried ${methods.map((m) => m.type).join(', ')}`})`,
            ),
          );
          return;
        }
        if (error.level === 'client-timeout') {
          fail(new TendError('E_SSH_CONNECT', `${where}: no SSH handshake within ${(target.connectTimeoutMs ?? 15_000) / 1000}s`));
          return;
        }
        fail(new TendError('E_SSH_CONNECT', `${where}: ${error.code ?? ''}${error.code ? ' ' : ''}${error.message}`.trim()));
      });
      client.on('close', () => fail(new TendError('E_SSH_CONNECT', `${where}: connection closed during the handshake`)));
      client.connect(config);
    });
  }

  /** Runs `argv` on the server. Resolves with the exit code; rejects only if the connection fails. */
  run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const command = quoteArgv(argv);
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(this.lostError());
        return;
      }
      this.client.exec(command, (error: Error | undefined, channel: ClientChannel) => {
        if (error) {
          reject(new TendError('E_SSH_CONNECT', `${this.label}: cannot run a command: ${error.message}`));
          return;
        }
        const out = new LineCollector((line) => options.onLine?.('stdout', line));
        const err = new LineCollector((line) => options.onLine?.('stderr', line));
        channel.setEncoding('utf8');
        channel.stderr.setEncoding('utf8');
        channel.on('data', (chunk: string) => out.push(chunk));
        channel.stderr.on('data', (chunk: string) => err.push(chunk));
        let exitCode: number | undefined;
        channel.on('exit', (code: number | null, signal?: string) => {
          exitCode = code ?? (signal ? 128 : 1);
        });
        channel.on('close', () => {
          out.end();
          err.end();
          if (exitCode === undefined) reject(this.lostError());
          else resolve({ code: exitCode, stdout: out.text, stderr: err.text });
        });
        channel.end(options.stdin ?? '');
      });
    });
  }

  private lostError(): TendError {
    return new TendError('E_SSH_CONNECT', `${this.label}: connection lost${this.lostReason ? ` (${this.lostReason})` : ''}`);
  }

  close(): void {
    this.client.end();
    this.via?.close();
  }
}
