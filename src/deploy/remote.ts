// The server side of a deploy: every operation on `path/` as a fixed script with positional
// arguments, run over one SSH connection. Layout:
//   path/releases/<utc>-<sha>/   exported commits (with a REVISION file)
//   path/shared/                 linked into each release
//   path/current                 → releases/<name>, switched atomically (temp link + rename)
//   path/repo/                   a mirror clone the releases are exported from
//   path/.tend/lock, path/.tend/deploys.jsonl
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TendError } from '../errors/index.js';
import type { SshConnection } from '../adapters/ssh/connection.js';
import { fixedScript, inDir, loginShell, withEnv } from '../adapters/ssh/quote.js';
import type { DeployListener } from './events.js';
import { parseRecord, type RecordEntry } from './record.js';

const posix = path.posix;

export class RemoteDeployPath {
  private constructor(
    private readonly connection: SshConnection,
    readonly host: string,
    /** Absolute path of the deploy root on the server. */
    readonly base: string,
    private readonly listen: DeployListener,
  ) {}

  /** Resolves `~/…` against the server's HOME. */
  static async open(connection: SshConnection, host: string, configured: string, listen: DeployListener): Promise<RemoteDeployPath> {
    let base = configured;
    if (configured.startsWith('~/')) {
      const home = await connection.run(fixedScript('printf %s "$HOME"', []));
      if (home.code !== 0 || !home.stdout.startsWith('/'))
        throw new TendError('E_DEPLOY_STEP', `${host}: cannot find the remote HOME to resolve ${configured}`);
      base = posix.join(home.stdout, configured.slice(2));
    }
    return new RemoteDeployPath(connection, host, base, listen);
  }

  get releases(): string {
    return posix.join(this.base, 'releases');
  }

  get current(): string {
    return posix.join(this.base, 'current');
  }

  get shared(): string {
    return posix.join(this.base, 'shared');
  }

  get repo(): string {
    return posix.join(this.base, 'repo');
  }

  releaseDir(name: string): string {
    return posix.join(this.releases, name);
  }

  private get lockFile(): string {
    return posix.join(this.base, '.tend', 'lock');
  }

  private get recordFile(): string {
    return posix.join(this.base, '.tend', 'deploys.jsonl');
  }

  /** Runs argv; streams its output when `stream`; a non-zero exit becomes E_DEPLOY_STEP (or `code`). */
  private async check(
    what: string,
    argv: string[],
    options: { stream?: boolean; stdin?: string; code?: 'E_DEPLOY_STEP' | 'E_DEPLOY_HOOK' } = {},
  ): Promise<string> {
    const result = await this.connection.run(argv, {
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      ...(options.stream ? { onLine: (stream, line) => this.listen({ type: 'output', host: this.host, stream, line }) } : {}),
    });
    if (result.code !== 0) {
      const tail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-3).join(' | ');
      throw new TendError(options.code ?? 'E_DEPLOY_STEP', `${this.host}: ${what} exited with ${result.code}${tail ? `: ${tail}` : ''}`);
    }
    return result.stdout;
  }

  async isSetUp(): Promise<boolean> {
    const result = await this.connection.run(fixedScript('test -d "$1/repo" && test -d "$1/releases" && test -d "$1/.tend"', [this.base]));
    return result.code === 0;
  }

  async requireSetUp(env: string): Promise<void> {
    if (!(await this.isSetUp()))
      throw new TendError('E_DEPLOY_NOT_SETUP', `${this.host}: ${this.base} is not set up`, { hint: `Run \`tend deploy ${env} setup\` first.` });
  }

  async makeLayout(): Promise<void> {
    await this.check('mkdir', fixedScript('mkdir -p -- "$1/releases" "$1/shared" "$1/.tend"', [this.base]));
  }

  /** Clones `repo` as a mirror, or points an existing mirror at `repo` and fetches. */
  async cloneOrFetch(repo: string): Promise<void> {
    const script = [
      'if [ -d "$1" ]; then',
      '  git -C "$1" remote set-url origin "$2" && git -C "$1" fetch --prune --tags --quiet origin',
      'else',
      '  git clone --mirror --quiet -- "$2" "$1"',
      'fi',
    ].join('\n');
    await this.check('git clone', fixedScript(script, [this.repo, repo]), { stream: true });
  }

  async fetch(): Promise<void> {
    await this.check('git fetch', fixedScript('git -C "$1" fetch --prune --tags --quiet origin', [this.repo]), { stream: true });
  }

  /** The commit `ref` names: a branch, a tag, a sha, or PM2's `origin/<branch>`. */
  async resolveRef(ref: string): Promise<string> {
    const candidates = ref.startsWith('origin/') ? [ref, ref.slice('origin/'.length)] : [ref];
    for (const candidate of candidates) {
      const result = await this.connection.run(['git', '-C', this.repo, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${candidate}^{commit}`]);
      const sha = result.stdout.trim();
      if (result.code === 0 && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    }
    throw new TendError('E_DEPLOY_REF', `${this.host}: ref "${ref}" is not in the repository the server fetched`);
  }

  /** Exports `sha` into a new release directory with a REVISION file. */
  async exportRelease(name: string, sha: string): Promise<void> {
    const script = [
      'set -e',
      'mkdir -- "$2"',
      'git -C "$1" archive --format=tar --output="$2.tar" "$3"',
      'tar -xf "$2.tar" -C "$2"',
      'rm -f -- "$2.tar"',
      'printf "%s\\n" "$3" > "$2/REVISION"',
    ].join('\n');
    await this.check('export', fixedScript(script, [this.repo, this.releaseDir(name), sha]));
  }

  /** Links each shared path into the release; a path missing from shared/ is seeded from the release, or created as a directory. */
  async linkShared(name: string, paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return;
    const script = [
      'set -e',
      'shared="$1"; release="$2"; shift 2',
      'for p in "$@"; do',
      '  if [ ! -e "$shared/$p" ] && [ ! -L "$shared/$p" ]; then',
      '    mkdir -p -- "$(dirname -- "$shared/$p")"',
      '    if [ -e "$release/$p" ]; then cp -R -- "$release/$p" "$shared/$p"; else mkdir -p -- "$shared/$p"; fi',
      '  fi',
      '  rm -rf -- "$release/$p"',
      '  mkdir -p -- "$(dirname -- "$release/$p")"',
      '  ln -s -- "$shared/$p" "$release/$p"',
      'done',
    ].join('\n');
    await this.check('link shared', fixedScript(script, [this.shared, this.releaseDir(name), ...paths]));
  }

  /** Points `current` at a release: a temp link renamed over `current`, never a moment without it. */
  async switchCurrent(name: string): Promise<void> {
    const script = 'tmp="$1/.current-$$" && ln -s -- "releases/$2" "$tmp" && mv -T -- "$tmp" "$1/current"';
    await this.check('switch current', fixedScript(script, [this.base, name]));
  }

  async removeCurrent(): Promise<void> {
    await this.check('remove current', ['rm', '-f', '--', this.current]);
  }

  /** The release `current` points at, or undefined. */
  async readCurrent(): Promise<string | undefined> {
    const result = await this.connection.run(fixedScript('readlink -- "$1" || true', [this.current]));
    const target = result.stdout.trim();
    return target === '' ? undefined : posix.basename(target);
  }

  async releaseExists(name: string): Promise<boolean> {
    return (await this.connection.run(['test', '-d', this.releaseDir(name)])).code === 0;
  }

  async listReleaseDirs(): Promise<string[]> {
    const out = await this.check('list releases', fixedScript('ls -1 -- "$1"', [this.releases]));
    return out.split('\n').filter((line) => line !== '');
  }

  async removeReleaseDirs(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.check('remove releases', inDir(this.releases, ['rm', '-rf', '--', ...names]));
  }

  /**
   * Runs a user's hook in a login shell, in `dir`, with `vars` exported; output is streamed. When
   * `signal` aborts while it runs, its whole process group on the server is stopped (Ctrl-C must not
   * leave a hook reloading apps behind the user's back) and it fails with E_DEPLOY_CANCELLED. A
   * signal already aborted does not stop it: the caller runs it on purpose (a rollback).
   */
  async runHook(hook: string, script: string, dir: string, vars: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<void> {
    const argv = inDir(dir, withEnv(vars, loginShell(script)));
    if (signal === undefined || signal.aborted) {
      await this.check(hook, argv, { stream: true, code: 'E_DEPLOY_HOOK' });
      return;
    }
    // The hook's process group is written where a second command can find and signal it.
    const groupFile = posix.join(this.base, '.tend', `hook-${process.pid}-${randomUUID()}.pgid`);
    const wrapped = fixedScript('f="$1"; shift; ps -o pgid= -p $$ | tr -d " " > "$f"; "$@"; code=$?; rm -f -- "$f"; exit $code', [groupFile, ...argv]);
    const stop = (): void => {
      void this.connection
        .run(fixedScript('g=$(cat -- "$1" 2>/dev/null) && [ -n "$g" ] && rm -f -- "$1" && kill -TERM "-$g"', [groupFile]))
        .catch(() => undefined);
    };
    signal.addEventListener('abort', stop, { once: true });
    try {
      await this.check(hook, wrapped, { stream: true, code: 'E_DEPLOY_HOOK' });
    } catch (error) {
      if (signal.aborted) throw new TendError('E_DEPLOY_CANCELLED', `${this.host}: ${hook} cancelled`, { cause: error });
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  /** Takes the lock atomically (a hard link fails if the lock exists); returns the holder's text when taken by someone else. */
  async tryLock(owner: string): Promise<{ taken: true } | { taken: false; holder: string }> {
    const script = 'tmp="$1.$$" && cat > "$tmp" && if ln -- "$tmp" "$1" 2>/dev/null; then rm -f -- "$tmp"; else rm -f -- "$tmp"; cat -- "$1"; exit 3; fi';
    const result = await this.connection.run(fixedScript(script, [this.lockFile]), { stdin: owner });
    if (result.code === 0) return { taken: true };
    if (result.code === 3) return { taken: false, holder: result.stdout };
    throw new TendError('E_DEPLOY_STEP', `${this.host}: cannot write the lock ${this.lockFile}: ${result.stderr.trim()}`);
  }

  /** Removes the lock if it is still the one holding `id`. */
  async unlock(id: string): Promise<void> {
    await this.connection.run(fixedScript('grep -qF -- "$2" "$1" 2>/dev/null && rm -f -- "$1"; true', [this.lockFile, id]));
  }

  async breakLock(): Promise<void> {
    await this.check('remove lock', ['rm', '-f', '--', this.lockFile]);
  }

  async appendRecord(entry: RecordEntry): Promise<void> {
    await this.check('record', fixedScript('cat >> "$1"', [this.recordFile]), { stdin: `${JSON.stringify(entry)}\n` });
  }

  async readRecord(): Promise<RecordEntry[]> {
    const out = await this.check('read record', fixedScript('if [ -f "$1" ]; then cat -- "$1"; fi', [this.recordFile]));
    return parseRecord(out);
  }
}
