import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TendError } from '../../../src/errors/index.js';
import { resolveIdentity } from '../../../src/daemon/process/user.js';

const dir = mkdtempSync(join(tmpdir(), 'tend-user-'));
const files = { passwd: join(dir, 'passwd'), group: join(dir, 'group') };
writeFileSync(files.passwd, 'root:x:0:0:root:/root:/bin/bash\n# comment\napp:x:1001:1002:App:/home/app:/bin/sh\n');
writeFileSync(files.group, 'root:x:0:\nstaff:x:50:app\n');
test.after(() => rmSync(dir, { recursive: true, force: true }));

const code =
  (expected: string) =>
  (error: unknown): boolean =>
    error instanceof TendError && error.code === expected;

test('names resolve through passwd and group; a user brings its primary group and home', () => {
  assert.deepEqual(resolveIdentity('app', null, true, files), { uid: 1001, gid: 1002, user: { name: 'app', home: '/home/app' } });
  assert.deepEqual(resolveIdentity('app', 'staff', true, files), { uid: 1001, gid: 50, user: { name: 'app', home: '/home/app' } });
  assert.deepEqual(resolveIdentity(4242, '77', true, files), { uid: 4242, gid: 77 });
  assert.deepEqual(resolveIdentity(null, null, false, files), {});
});

test('unknown names and a daemon that is not root are coded errors', () => {
  assert.throws(() => resolveIdentity('ghost', null, true, files), code('E_USER_NOT_FOUND'));
  assert.throws(() => resolveIdentity(null, 'ghosts', true, files), code('E_USER_NOT_FOUND'));
  assert.throws(() => resolveIdentity('app', null, false, files), code('E_UID_REQUIRES_ROOT'));
});
