// One chokidar watcher per app with `watch` set. The daemon calls sync() with every app whenever its
// table changes: a watcher whose paths, ignores or options changed is replaced, a new watch_delay is
// taken as is, and apps that stopped watching (or have no wanted instance) lose their watcher. The
// app itself is never restarted by a change of its watch settings.
import { isAbsolute } from 'node:path';
import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';
import { TendError } from '../../errors/index.js';
import type { AppSpec } from '../../ecosystem/types.js';
import { Burst } from './burst.js';
import { ignoreTest } from './ignore.js';

export type WatchSettings = Pick<
  AppSpec,
  'cwd' | 'watch' | 'ignore_watch' | 'watch_delay' | 'watch_options' | 'out_file' | 'error_file' | 'log_file' | 'pid_file'
>;

export interface WatchedApp {
  name: string;
  spec: WatchSettings;
  /** False while no instance of the app is wanted (stopped apps are not restarted by changes). */
  active: boolean;
}

export interface AppWatchersOptions {
  /** Called once per burst of changes, with the changed paths. */
  onChange: (appName: string, files: string[]) => void;
  /** Called once per watcher and kind of problem (a full inotify table would otherwise repeat it per directory). */
  onError: (appName: string, error: TendError) => void;
  /** Called when a watcher has scanned its paths: changes from now on are seen. */
  onReady?: (appName: string, paths: string[]) => void;
  /** Paths no app ever watches: tend's own log directory. */
  alwaysIgnore: readonly string[];
  /** The shortest quiet time that ends a burst, whatever watch_delay says (ms). */
  minQuietMs?: number;
  /** The longest a burst can postpone its restart (ms). */
  maxWaitMs?: number;
}

interface Watching {
  key: string;
  watcher: FSWatcher;
  burst: Burst;
  reported: Set<string>;
}

const limitCodes = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

/** What decides whether a watcher must be replaced (watch_delay does not). */
function watcherKey(spec: WatchSettings, always: readonly string[]): string {
  const { watch: paths, ignore_watch, watch_options, cwd, out_file, error_file, log_file, pid_file } = spec;
  return JSON.stringify([paths, ignore_watch, watch_options, cwd, out_file, error_file, log_file, pid_file, always]);
}

/** The app's own files: a log written inside a watched directory must not restart the app. */
function ownFiles(spec: WatchSettings): string[] {
  return [spec.out_file, spec.error_file, typeof spec.log_file === 'string' ? spec.log_file : null, spec.pid_file].filter(
    (path): path is string => path !== null && isAbsolute(path),
  );
}

export class AppWatchers {
  private readonly apps = new Map<string, Watching>();
  private readonly minQuietMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: AppWatchersOptions) {
    this.minQuietMs = options.minQuietMs ?? 300;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
  }

  sync(apps: readonly WatchedApp[]): void {
    const wanted = new Map(apps.filter((app) => app.active && app.spec.watch !== false).map((app) => [app.name, app]));
    for (const [name, watching] of this.apps) {
      const app = wanted.get(name);
      if (!app || watching.key !== watcherKey(app.spec, this.options.alwaysIgnore)) this.unwatch(name);
    }
    for (const [name, app] of wanted) {
      const current = this.apps.get(name);
      if (current) current.burst.setQuiet(this.quietFor(app.spec));
      else this.apps.set(name, this.start(app));
    }
  }

  async close(): Promise<void> {
    const closing = [...this.apps.values()].map((watching) => {
      watching.burst.cancel();
      return watching.watcher.close();
    });
    this.apps.clear();
    await Promise.allSettled(closing);
  }

  private quietFor(spec: WatchSettings): number {
    return Math.max(this.minQuietMs, spec.watch_delay);
  }

  private start(app: WatchedApp): Watching {
    const paths = app.spec.watch === false ? [] : app.spec.watch;
    const ignored = ignoreTest(app.spec.ignore_watch, paths, [...this.options.alwaysIgnore, ...ownFiles(app.spec)], app.spec.cwd);
    const burst = new Burst(this.quietFor(app.spec), this.maxWaitMs, (files) => this.options.onChange(app.name, files));
    // Paths stay absolute (no `cwd`) for the ignore test; initial scans never count as changes.
    const given: ChokidarOptions = { ...(app.spec.watch_options ?? {}) };
    const userIgnored = given.ignored;
    delete given.cwd;
    delete given.ignored;
    const extraIgnored = userIgnored === undefined ? [] : Array.isArray(userIgnored) ? userIgnored : [userIgnored];
    const watcher = watch(paths, { ...given, ignoreInitial: true, persistent: true, ignored: [ignored, ...extraIgnored] });
    const watching: Watching = { key: watcherKey(app.spec, this.options.alwaysIgnore), watcher, burst, reported: new Set() };
    watcher.on('all', (_event, path) => burst.add(path));
    watcher.on('error', (error) => this.report(app.name, watching, error));
    watcher.on('ready', () => this.options.onReady?.(app.name, paths));
    return watching;
  }

  private report(name: string, watching: Watching, error: unknown): void {
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
    const kind = limitCodes.has(code) ? 'limit' : code;
    if (watching.reported.has(kind)) return;
    watching.reported.add(kind);
    const detail = error instanceof Error ? error.message : String(error);
    const problem =
      kind === 'limit'
        ? new TendError('E_WATCH_LIMIT', `watching ${name}: the system limit on watched files was reached (${code}); changes to some files will not restart it`)
        : new TendError('E_WATCH_FAILED', `watching ${name}: ${detail}`);
    this.options.onError(name, problem);
  }

  private unwatch(name: string): void {
    const watching = this.apps.get(name);
    if (!watching) return;
    this.apps.delete(name);
    watching.burst.cancel();
    void watching.watcher.close();
  }
}
