import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveStartupSettings } from '../../../src/startup/index.js';
import { TendError } from '../../../src/errors/index.js';
import { fakeContext } from './fixtures.js';

const isCode = (code: string) => (error: unknown) => error instanceof TendError && error.code === code;

test("defaults: the current user, their ~/.tend, tend-<user>, PATH of node's folder and the system folders", () => {
  assert.deepEqual(resolveStartupSettings({ platform: 'systemd' }, fakeContext()), {
    platform: 'systemd',
    user: 'ada',
    home: '/home/ada',
    tendHome: '/home/ada/.tend',
    serviceName: 'tend-ada',
    nodePath: '/opt/node/bin/node',
    tendBin: '/opt/tend/bin/tend.js',
    pathEnv: '/opt/node/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    waitIp: false,
  });
  // Run through npx, PATH starts with npx's private .bin folders: none of them reaches the boot unit.
  const npxPath = '/home/ada/.npm/_npx/3a01/node_modules/.bin:/home/ada/app/node_modules/.bin:/opt/node/bin:/usr/bin:/bin';
  const viaNpx = resolveStartupSettings({ platform: 'systemd' }, fakeContext({ env: { PATH: npxPath } }));
  assert.equal(viaNpx.pathEnv, '/opt/node/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  const systemNode = resolveStartupSettings({ platform: 'systemd' }, fakeContext({ nodePath: '/usr/bin/node' }));
  assert.equal(systemNode.pathEnv, '/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin:/bin', 'each folder once');
});

test('-u, --hp and --service-name are honoured; another user needs a known home or --hp', () => {
  const bob = resolveStartupSettings({ platform: 'ubuntu', user: 'bob' }, fakeContext());
  assert.equal(bob.home, '/home/bob');
  assert.equal(bob.tendHome, '/home/bob/.tend');
  assert.equal(bob.serviceName, 'tend-bob');
  const custom = resolveStartupSettings({ platform: 'systemd', user: 'carol', homePath: '/srv/carol', serviceName: 'apps' }, fakeContext());
  assert.equal(custom.tendHome, '/srv/carol/.tend');
  assert.equal(custom.serviceName, 'apps');
  assert.throws(() => resolveStartupSettings({ platform: 'systemd', user: 'carol' }, fakeContext()), isCode('E_STARTUP_USER'));
});

test('an explicit TEND_HOME wins over the default home', () => {
  const settings = resolveStartupSettings({ platform: 'systemd', homePath: '/home/ada' }, fakeContext({ env: { TEND_HOME: '/data/tend' } }));
  assert.equal(settings.tendHome, '/data/tend');
});

test('under sudo the default user is the one who ran sudo, not root', () => {
  const context = fakeContext({ uid: 0, currentUser: 'root', currentHome: '/root', env: { SUDO_USER: 'bob' } });
  const settings = resolveStartupSettings({ platform: 'systemd' }, context);
  assert.equal(settings.user, 'bob');
  assert.equal(settings.tendHome, '/home/bob/.tend');
  assert.equal(resolveStartupSettings({ platform: 'systemd', user: 'root' }, context).tendHome, '/root/.tend');
});

test('platform names and PM2 aliases; unknown names are refused', () => {
  const platformOf = (name: string): string => resolveStartupSettings({ platform: name }, fakeContext()).platform;
  assert.equal(platformOf('centos'), 'systemd');
  assert.equal(platformOf('ubuntu14'), 'upstart');
  assert.equal(platformOf('amazon'), 'systemv');
  assert.equal(platformOf('macos'), 'launchd');
  assert.equal(platformOf('freebsd'), 'rcd');
  assert.equal(platformOf('openrc'), 'openrc');
  assert.throws(() => platformOf('windows'), isCode('E_STARTUP_PLATFORM'));
});

test('detection takes the first init tool found, in PM2 order', () => {
  const detect = (tools: string[]): string => resolveStartupSettings({}, fakeContext({ hasCommand: (tool) => tools.includes(tool) })).platform;
  assert.equal(detect(['systemctl', 'update-rc.d']), 'systemd');
  assert.equal(detect(['update-rc.d', 'chkconfig']), 'upstart');
  assert.equal(detect(['chkconfig']), 'systemv');
  assert.equal(detect(['rc-update']), 'openrc');
  assert.equal(detect(['launchctl']), 'launchd');
  assert.equal(detect(['sysrc']), 'rcd');
  assert.throws(() => detect([]), isCode('E_STARTUP_PLATFORM'));
});
