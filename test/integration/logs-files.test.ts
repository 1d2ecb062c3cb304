// Log files with real processes: paths, /dev/null, partial and long lines, flush, reopen after an
// external rename, backpressure through a FIFO, and a failing file that recovers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Writable } from 'node:stream';
import { MAX_LINE_BYTES } from '../../src/daemon/logs/index.js';
import { CONTINUATION_MARK } from '../../src/protocol/events.js';
import { checkFloodLines, createHarness, echoApp, fileLines, floodApp, runAttached } from '../support/log-apps.js';
import { waitFor } from '../support/wait.js';
import { logSpec } from '../fixtures/log-apps/spec.js';

const read = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');

function say(stdin: Writable | null, line: string): void {
  stdin?.write(`${line}\n`);
}

test('default paths: <name>-out.log and <name>-error.log, -<id> unless merged, combined log', async () => {
  const harness = createHarness();
  try {
    const spec = logSpec({ name: 'my app', merge_logs: false, log_file: true });
    const target = { pm_id: 4, name: 'my app', spec };
    const paths = harness.hub.pathsFor(target);
    assert.deepEqual(paths, {
      out: join(harness.logsDir, 'my-app-out-4.log'),
      err: join(harness.logsDir, 'my-app-error-4.log'),
      combined: join(harness.logsDir, 'my-app-4.log'),
    });
    const { done } = runAttached(harness, target, ['-e', 'console.log("to out"); console.error("to err")']);
    assert.equal(await done, 0);
    assert.equal(read(paths.out ?? ''), 'to out\n');
    assert.equal(read(paths.err ?? ''), 'to err\n');
    assert.match(read(paths.combined ?? ''), /^(to out\nto err\n|to err\nto out\n)$/u);
  } finally {
    await harness.cleanup();
  }
});

test('/dev/null, NULL and disable_logs write nothing; custom paths are used as given', async () => {
  const harness = createHarness();
  try {
    const custom = join(harness.home, 'custom', 'app.out');
    const spec = logSpec({ name: 'quiet', out_file: custom, error_file: '/dev/null' });
    const { done } = runAttached(harness, { pm_id: 0, name: 'quiet', spec }, ['-e', 'console.log("kept"); console.error("gone")']);
    assert.equal(await done, 0);
    assert.equal(read(custom), 'kept\n');

    const nullSpec = logSpec({ name: 'null', out_file: 'NULL', error_file: 'NULL' });
    assert.deepEqual(harness.hub.pathsFor({ pm_id: 1, name: 'null', spec: nullSpec }), { out: null, err: null, combined: null });
    const disabled = logSpec({ name: 'off', disable_logs: true, log_file: true });
    assert.deepEqual(harness.hub.pathsFor({ pm_id: 2, name: 'off', spec: disabled }), { out: null, err: null, combined: null });
    const run = runAttached(harness, { pm_id: 2, name: 'off', spec: disabled }, ['-e', 'console.log("x"); console.error("y")']);
    assert.equal(await run.done, 0);
    assert.equal(existsSync(harness.logsDir), false);
  } finally {
    await harness.cleanup();
  }
});

test('a partial last line is written when the process exits; a long line is split at the bound and marked', async () => {
  const harness = createHarness({ keepLines: true });
  try {
    const spec = logSpec({ name: 'long' });
    const size = Math.floor(MAX_LINE_BYTES * 2.5);
    const script = `process.stdout.write("é".repeat(${size / 2}) + "\\n" + "no newline at the end")`;
    const { done } = runAttached(harness, { pm_id: 0, name: 'long', spec }, ['-e', script]);
    assert.equal(await done, 0);
    const lines = fileLines(join(harness.logsDir, 'long-out.log'));
    assert.equal(lines.length, 4);
    const [first, second, third, last] = lines;
    assert.equal(Buffer.byteLength(first ?? ''), MAX_LINE_BYTES);
    assert.ok(second?.startsWith(CONTINUATION_MARK) && third?.startsWith(CONTINUATION_MARK));
    // Pieces are cut between characters: joined back they are the original line.
    const joined = [first, second, third].map((piece, index) => (index === 0 ? piece : piece?.slice(CONTINUATION_MARK.length))).join('');
    assert.equal(joined, 'é'.repeat(size / 2));
    assert.equal(last, 'no newline at the end');
    assert.deepEqual(
      harness.lines.map((line) => line.continued ?? false),
      [false, true, true, false],
    );
  } finally {
    await harness.cleanup();
  }
});

test('flush truncates the files of the given targets, running or not', async () => {
  const harness = createHarness();
  try {
    const spec = logSpec({ name: 'flushed' });
    const target = { pm_id: 0, name: 'flushed', spec };
    const { child, done } = runAttached(harness, target, [echoApp], 'pipe');
    const out = harness.hub.pathsFor(target).out ?? '';
    say(child.stdin, 'before flush');
    await waitFor('the first line', () => read(out) === 'before flush\n');
    await harness.hub.flush([target]);
    assert.equal(read(out), '');
    say(child.stdin, 'after flush');
    await waitFor('the line after flush', () => read(out) === 'after flush\n');
    child.stdin?.end();
    assert.equal(await done, 0);
    // The app has stopped: flush still empties its files.
    await harness.hub.flush([target]);
    assert.equal(read(out), '');
  } finally {
    await harness.cleanup();
  }
});

test('reopen after an external rename: the next line goes to a new file at the same path', async () => {
  const harness = createHarness();
  try {
    const spec = logSpec({ name: 'rotated-outside' });
    const target = { pm_id: 0, name: 'rotated-outside', spec };
    const { child, done } = runAttached(harness, target, [echoApp], 'pipe');
    const out = harness.hub.pathsFor(target).out ?? '';
    say(child.stdin, 'one');
    await waitFor('line one', () => read(out) === 'one\n');
    renameSync(out, `${out}.moved`);
    await harness.hub.reopen();
    say(child.stdin, 'two');
    await waitFor('line two in a new file', () => read(out) === 'two\n');
    assert.equal(read(`${out}.moved`), 'one\n');
    child.stdin?.end();
    assert.equal(await done, 0);
  } finally {
    await harness.cleanup();
  }
});

test('reconfigure applies a new format and new paths to a running app from its next line', async () => {
  const harness = createHarness();
  try {
    const spec = logSpec({ name: 'live' });
    const target = { pm_id: 0, name: 'live', spec };
    const { child, done } = runAttached(harness, target, [echoApp], 'pipe');
    const out = harness.hub.pathsFor(target).out ?? '';
    say(child.stdin, 'plain');
    await waitFor('the plain line', () => read(out) === 'plain\n');
    harness.hub.reconfigure({ ...target, spec: logSpec({ name: 'live', log_type: 'json' }) });
    say(child.stdin, 'as json');
    await waitFor('the json line', () => read(out).split('\n').length === 3);
    const record = JSON.parse(read(out).split('\n')[1] ?? '') as { message: string };
    assert.equal(record.message, 'as json');
    const elsewhere = join(harness.home, 'elsewhere.log');
    harness.hub.reconfigure({ ...target, spec: logSpec({ name: 'live', out_file: elsewhere }) });
    say(child.stdin, 'moved');
    await waitFor('the line in the new file', () => read(elsewhere) === 'moved\n');
    assert.equal(read(out).split('\n').length, 3, 'the old file gets no more lines');
    child.stdin?.end();
    assert.equal(await done, 0);
  } finally {
    await harness.cleanup();
  }
});

test('backpressure: a reader that does not read pauses the app instead of growing memory', async (t) => {
  const highWaterMark = 256 * 1024;
  const harness = createHarness({ highWaterMark });
  try {
    const fifo = join(harness.home, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const count = 100_000;
    const spec = logSpec({ name: 'slow', out_file: fifo });
    const { child, done } = runAttached(harness, { pm_id: 0, name: 'slow', spec }, [floodApp, 'b', String(count), 'out']);
    // Nobody reads the FIFO yet: the hub fills its queue, pauses the pipe, and the app blocks.
    await waitFor('a paused source', () => (harness.hub.stats?.().pauses ?? 0) > 0);
    const queued = (): number => harness.hub.stats?.().files.reduce((sum, file) => sum + file.queuedBytes, 0) ?? 0;
    const heldAtPause = queued();
    await new Promise((resolve) => setTimeout(resolve, 300)); // give a runaway queue the chance to show itself
    t.diagnostic(`queued while paused: ${heldAtPause} then ${queued()} bytes (high-water mark ${highWaterMark})`);
    assert.ok(queued() <= highWaterMark + 128 * 1024, `queue grew to ${queued()}`);
    assert.equal(child.exitCode, null, 'the app is blocked, not finished');
    const chunks: Buffer[] = [];
    const reader = createReadStream(fifo);
    reader.on('data', (chunk) => chunks.push(chunk as Buffer));
    const readerDone = new Promise<void>((resolve) => reader.once('close', () => resolve()));
    assert.equal(await done, 0);
    await harness.hub.close();
    await readerDone;
    const lines = Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '');
    const check = checkFloodLines(lines, (line) => line);
    assert.equal(check.firstProblem, null);
    assert.deepEqual(check.counts, { b: count });
  } finally {
    await harness.cleanup();
  }
});

test('a file that cannot be written is reported once, the app keeps running, and writing resumes', async () => {
  const harness = createHarness({ retryDelayMs: 50 });
  try {
    const blocker = join(harness.home, 'blocked');
    writeFileSync(blocker, 'a file where a directory should be');
    const out = join(blocker, 'app-out.log');
    const spec = logSpec({ name: 'failing', out_file: out });
    const { child, done } = runAttached(harness, { pm_id: 0, name: 'failing', spec }, [echoApp], 'pipe');
    say(child.stdin, 'while broken');
    say(child.stdin, 'still broken');
    await waitFor('the error report', () => harness.errors.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200)); // several retries fail meanwhile
    assert.deepEqual(
      harness.errors.map((error) => error.code),
      ['E_LOG_WRITE'],
    );
    assert.equal(child.exitCode, null);
    rmSync(blocker);
    mkdirSync(blocker);
    say(child.stdin, 'fixed');
    await waitFor('every line after recovery', () => read(out) === 'while broken\nstill broken\nfixed\n');
    child.stdin?.end();
    assert.equal(await done, 0);
  } finally {
    await harness.cleanup();
  }
});

test('a full disk (/dev/full) drops lines past the buffer, counts them, and never blocks the app', async () => {
  const harness = createHarness({ retryDelayMs: 50, highWaterMark: 64 * 1024 });
  try {
    const spec = logSpec({ name: 'full', out_file: '/dev/full' });
    const { done } = runAttached(harness, { pm_id: 0, name: 'full', spec }, [floodApp, 'f', '20000', 'out']);
    const stats = (): { dropped: number; failing: boolean } | undefined => harness.hub.stats?.().files[0];
    await waitFor('dropped lines', () => (stats()?.dropped ?? 0) > 0);
    assert.equal(await done, 0);
    assert.deepEqual(
      harness.errors.map((error) => error.code),
      ['E_LOG_WRITE'],
    );
    assert.match(harness.errors[0]?.message ?? '', /ENOSPC/u);
  } finally {
    await harness.cleanup();
  }
});

test('rotated files beyond log_retain are deleted; numbering never overwrites', async () => {
  const harness = createHarness();
  try {
    const spec = logSpec({ name: 'retain', log_max_size: 64 * 1024, log_retain: 3 });
    const { done } = runAttached(harness, { pm_id: 0, name: 'retain', spec }, [floodApp, 'k', '20000', 'out']);
    assert.equal(await done, 0);
    const names = readdirSync(harness.logsDir).sort();
    assert.deepEqual(names, ['retain-out.log', 'retain-out.log.1', 'retain-out.log.2', 'retain-out.log.3']);
    const series = ['retain-out.log.3', 'retain-out.log.2', 'retain-out.log.1', 'retain-out.log'].map((name) => join(harness.logsDir, name));
    for (const file of series) assert.ok(statSync(file).size <= 64 * 1024);
    // The newest lines survive, contiguous up to the last one.
    const lines = series.flatMap(fileLines);
    const check = checkFloodLines(lines, (line) => line);
    assert.equal(check.damaged, 0);
    assert.ok(lines[lines.length - 1]?.startsWith('k 20000 '));
  } finally {
    await harness.cleanup();
  }
});
