// The commands run most often, given with no arguments (`tend ls`, `tend jlist`, `tend ping`): the entry
// point runs
// them without the command registry, commander or the ES module graph of the rest of the CLI, from the
// small CommonJS bundle bin/tend.js loads first (start-up time; docs/benchmarks.md).

/** The other names of `tend list` (the registry lists them too). */
export const listAliases = ['ls', 'l', 'ps', 'status'] as const;

// Loaded lazily, so that every other command does not run the process list's modules.
const runList = async () => (await import('./process-list.js')).runList();
const runJlist = async () => (await import('./process-list.js')).runJlist();
const runPing = async () => (await import('./commands/ping.js')).runPing();

const bareCommands: ReadonlyMap<string, () => Promise<void>> = new Map([
  ...['list', ...listAliases].map((name) => [name, runList] as const),
  ['jlist', runJlist],
  // Scripts and health checks call it often, and the first command of a session starts the daemon.
  ['ping', runPing],
]);

/** What runs `argv` (`node tend.js <word>`) when it is one of these commands with no arguments. */
export function bareCommand(argv: readonly string[]): (() => Promise<void>) | undefined {
  return argv.length === 3 ? bareCommands.get(argv[2] ?? '') : undefined;
}
