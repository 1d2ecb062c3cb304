import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appCommand } from '../../../src/daemon/process/command.js';
import { makeSpec } from '../../support/make-spec.js';

test("node apps run on tend's own Node, with interpreter args, source maps when asked, then script and args", () => {
  const spec = makeSpec('web', 'app.js', { interpreter_args: ['--max-old-space-size=100'], args: ['--port', '1'], source_map_support: true });
  assert.deepEqual(appCommand(spec), {
    file: process.execPath,
    args: ['--enable-source-maps', '--max-old-space-size=100', spec.script, '--port', '1'],
    node: true,
  });
  assert.equal(appCommand({ ...spec, source_map_support: false }).args[0], '--max-old-space-size=100');
  assert.equal(appCommand({ ...spec, interpreter: '/opt/node18/bin/node' }).file, '/opt/node18/bin/node');
});

test('other interpreters get no IPC and no node flags; none runs the script or a shell command line', () => {
  assert.deepEqual(appCommand(makeSpec('py', 'a.py', { interpreter: 'python3', source_map_support: true, script: '/srv/a.py' })), {
    file: 'python3',
    args: ['/srv/a.py'],
    node: false,
  });
  assert.deepEqual(appCommand(makeSpec('bin', 'x', { interpreter: 'none', script: '/srv/bin/server', args: ['-v'] })), {
    file: '/srv/bin/server',
    args: ['-v'],
    node: false,
  });
  assert.deepEqual(appCommand(makeSpec('sh', 'x', { interpreter: 'none', script: 'npm run serve', args: ['--', 'a b'] })), {
    file: 'bash',
    args: ['-c', "npm run serve -- 'a b'"],
    node: false,
  });
});
