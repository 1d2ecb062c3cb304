// How ignore_watch entries read (names, paths, globs, absolute paths, regular expressions, the
// defaults) and how a burst of changes becomes one call. Pure: no daemon.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp, ignoreTest } from '../../src/daemon/watch/ignore.js';
import { Burst } from '../../src/daemon/watch/burst.js';

const root = '/srv/app';
const at = (rel: string): string => `${root}/${rel}`;

describe('ignore_watch', () => {
  test('defaults: node_modules and dotfiles below the watched root, not above it', () => {
    const ignored = ignoreTest([], ['/home/u/.apps/app'], [], '/home/u/.apps/app');
    assert.equal(ignored('/home/u/.apps/app/server.js'), false, 'a dot-directory above the root does not count');
    assert.equal(ignored('/home/u/.apps/app/node_modules/x/index.js'), true);
    assert.equal(ignored('/home/u/.apps/app/.git/HEAD'), true);
    assert.equal(ignored('/home/u/.apps/app/src/.server.js.swp'), true);
    assert.equal(ignored('/home/u/.apps/app/src/server.js'), false);
  });

  test('names, relative paths, globs, absolute paths and regular expressions', () => {
    const cases: Array<[string, string, boolean]> = [
      ['uploads', at('uploads/a.png'), true],
      ['uploads', at('public/uploads/a.png'), true],
      ['uploads', at('uploads-old/a.png'), false],
      ['public/cache', at('public/cache/x'), true],
      ['public/cache', at('cache/x'), false],
      ['*.log', at('logs/today.log'), true],
      ['*.log', at('logs/today.txt'), false],
      ['dist/**', at('dist/a/b.js'), true],
      ['dist/**', at('src/dist.js'), false],
      ['**/*.test.js', at('src/a.test.js'), true],
      ['*.{png,jpg}', at('img/a.jpg'), true],
      ['/var/shared', '/var/shared/file', true],
      ['[\\/\\\\]\\.', at('.env'), true],
      ['\\.tmp$', at('x.tmp'), true],
      ['\\.tmp$', at('x.tmpl'), false],
      ['node_modules', at('.git/HEAD'), false],
    ];
    for (const [pattern, path, expected] of cases) assert.equal(ignoreTest([pattern], [root], [], root)(path), expected, `${pattern} on ${path}`);
  });

  test('a path with a slash is read from the app folder, not from each watched folder', () => {
    const ignored = ignoreTest(['node_modules', 'client/img', 'client/**/*.map'], [at('server'), at('client')], [], root);
    assert.equal(ignored(at('client/img/logo.png')), true);
    assert.equal(ignored(at('client/img')), true);
    assert.equal(ignored(at('client/js/app.js.map')), true);
    assert.equal(ignored(at('client/app.js')), false);
    assert.equal(ignored(at('server/img/logo.png')), false);
    assert.equal(ignored(at('server/node_modules/x.js')), true);
  });

  test('always-ignored paths hold whatever ignore_watch says', () => {
    const ignored = ignoreTest(['nothing'], [root], ['/home/u/.tend/logs', at('out.log')], root);
    assert.equal(ignored('/home/u/.tend/logs/app-out.log'), true);
    assert.equal(ignored(at('out.log')), true);
    assert.equal(ignored(at('out.log.1')), false);
  });

  test('globToRegExp', () => {
    assert.equal(globToRegExp('a/*.js').test('a/b.js'), true);
    assert.equal(globToRegExp('a/*.js').test('a/b/c.js'), false);
    assert.equal(globToRegExp('a/**/c.js').test('a/c.js'), true);
    assert.equal(globToRegExp('a/**/c.js').test('a/b/d/c.js'), true);
    assert.equal(globToRegExp('file?.txt').test('file1.txt'), true);
    assert.equal(globToRegExp('[!a]x').test('bx'), true);
    assert.equal(globToRegExp('[!a]x').test('ax'), false);
  });
});

describe('burst', () => {
  test('changes close together make one call with every file; a quiet gap starts another', async () => {
    const calls: string[][] = [];
    let resolveCall: () => void = () => undefined;
    const burst = new Burst(50, 10_000, (files) => {
      calls.push(files);
      resolveCall();
    });
    const called = (): Promise<void> => new Promise((resolve) => (resolveCall = resolve));
    let next = called();
    for (let i = 0; i < 100; i++) burst.add(`f${i % 60}`);
    await next;
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.length, 60, 'each file once');
    next = called();
    burst.add('later');
    await next;
    assert.deepEqual(calls[1], ['later']);
  });

  test('a burst that never goes quiet still fires after maxWait', async () => {
    let timer: NodeJS.Timeout | undefined;
    const fired = new Promise<string[]>((resolve) => {
      const burst = new Burst(200, 300, resolve);
      const started = Date.now();
      // A change every 20 ms never leaves 200 ms of quiet; stop after 2 s in any case.
      timer = setInterval(() => {
        burst.add(`f${Date.now() - started}`);
        if (Date.now() - started > 2000) clearInterval(timer);
      }, 20);
    });
    const files = await fired;
    clearInterval(timer);
    assert.ok(files.length > 5);
  });

  test('cancel drops what was collected', async () => {
    const calls: string[][] = [];
    const fired = new Promise<void>((resolve) => {
      const burst = new Burst(20, 1000, (files) => {
        calls.push(files);
        resolve();
      });
      burst.add('dropped');
      burst.cancel();
      burst.add('kept');
    });
    await fired;
    assert.deepEqual(calls, [['kept']]);
  });
});
