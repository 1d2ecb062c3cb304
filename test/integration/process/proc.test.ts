import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { descendantsOf, isSameProcess, readStat, startTimeOf } from '../../../src/daemon/process/proc.js';
import { KeyedLock } from '../../../src/daemon/keyed-lock.js';

test('/proc stat: parent, group and start time; a pid with another start time is another process', async () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: true });
  await once(child, 'spawn');
  try {
    const pid = child.pid as number;
    const stat = readStat(pid);
    assert.equal(stat?.ppid, process.pid);
    assert.equal(stat?.pgid, pid, 'detached: leads its own group');
    const start = startTimeOf(pid);
    assert.ok(start !== null && /^\d+$/.test(start));
    assert.ok(isSameProcess(pid, start));
    assert.equal(isSameProcess(pid, '1'), false);
    assert.ok(descendantsOf(process.pid).some((d) => d.pid === pid));
  } finally {
    child.kill('SIGKILL');
  }
  assert.equal(readStat(2 ** 22 + 7), null);
});

test('KeyedLock runs operations of one key in order, other keys alongside, and survives failures', async () => {
  const lock = new KeyedLock<string>();
  const log: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const first = lock.run('a', async () => {
    await gate;
    log.push('a1');
    throw new Error('a1 failed');
  });
  const second = lock.run('a', () => Promise.resolve(log.push('a2')));
  await lock.run('b', () => Promise.resolve(log.push('b1')));
  release();
  await assert.rejects(first, /a1 failed/);
  await second;
  assert.deepEqual(log, ['b1', 'a1', 'a2']);
});
