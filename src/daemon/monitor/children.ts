// Descendants of a process, read from /proc/<pid>/task/<tid>/children (Linux). Elsewhere, or when
// the kernel does not offer the file, a process is counted alone.
import { readdirSync, readFileSync } from 'node:fs';

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const task of tasks) {
    try {
      for (const word of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ')) {
        const child = Number(word);
        if (child > 0) children.push(child);
      }
    } catch {
      // the thread ended while we read
    }
  }
  return children;
}

/** Every descendant of `pid` (children, their children, …), not including pid itself. */
export function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const queue = childrenOf(pid);
  const seen = new Set<number>([pid]);
  while (queue.length > 0) {
    const next = queue.shift() as number;
    if (seen.has(next)) continue;
    seen.add(next);
    found.push(next);
    queue.push(...childrenOf(next));
  }
  return found;
}
