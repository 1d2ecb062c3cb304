// The process list, as `tend ls` draws it and `tend jlist` prints it. Shared by the commands (with
// options, through commander) and by the entry point's bare `tend ls` / `tend jlist` (bare.ts).
import { withDaemon } from './daemon-session.js';
import { printProcessTable } from './views/list.js';
import { printRaw } from './views/output.js';
import { parseListSort, sortRecords } from './views/list-sort.js';

export interface ListOptions {
  all?: boolean;
  sort?: string;
}

export async function runList(options: ListOptions = {}): Promise<void> {
  const sort = options.sort === undefined ? undefined : parseListSort(options.sort);
  const records = await withDaemon((client) => client.request('list', {}));
  printProcessTable(sort === undefined ? records : sortRecords(records, sort, Date.now()), options.all === true ? { all: true } : {});
}

export async function runJlist(): Promise<void> {
  const records = await withDaemon((client) => client.request('list', {}));
  printRaw(`${JSON.stringify(records)}\n`);
}
