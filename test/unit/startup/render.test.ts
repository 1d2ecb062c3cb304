import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planStartup, platforms, sudoCommand } from '../../../src/startup/index.js';
import { shellWord, systemdWord } from '../../../src/startup/templates/quoting.js';
import { settings } from './fixtures.js';

test('systemd: a forking unit running tend resurrect/kill with absolute paths, as the user, with TEND_HOME', () => {
  const plan = planStartup(settings);
  assert.equal(plan.file.path, '/etc/systemd/system/tend-ada.service');
  assert.equal(plan.file.mode, 0o644);
  assert.equal(
    plan.file.content,
    [
      '# Written by `tend startup`; remove with `tend unstartup`.',
      '[Unit]',
      'Description=tend process manager for ada (TEND_HOME=/home/ada/.tend)',
      'After=network.target',
      '',
      '[Service]',
      'Type=forking',
      'User=ada',
      'LimitNOFILE=infinity',
      'LimitNPROC=infinity',
      'LimitCORE=infinity',
      'Environment=PATH=/usr/bin:/bin:/opt/node/bin',
      'Environment=TEND_HOME=/home/ada/.tend',
      'PIDFile=/home/ada/.tend/tend.pid',
      'Restart=on-failure',
      '',
      'ExecStart=/opt/node/bin/node /opt/tend/bin/tend.js resurrect --boot',
      'ExecReload=/opt/node/bin/node /opt/tend/bin/tend.js reload all',
      'ExecStop=/opt/node/bin/node /opt/tend/bin/tend.js kill --keep-state',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n'),
  );
  assert.deepEqual(plan.enable, [
    ['systemctl', 'daemon-reload'],
    ['systemctl', 'enable', 'tend-ada.service'],
  ]);
  assert.deepEqual(plan.disable, [['systemctl', 'disable', 'tend-ada.service']]);
  assert.deepEqual(plan.afterRemove, [['systemctl', 'daemon-reload']]);
  assert.ok(plan.needsRoot);
});

test('systemd: --wait-ip waits for network-online; odd paths are escaped', () => {
  const plan = planStartup({ ...settings, waitIp: true, tendHome: '/data/my tend%1', nodePath: '/opt/no de/node$x' });
  assert.match(plan.file.content, /^Wants=network-online\.target\nAfter=network-online\.target$/m);
  assert.match(plan.file.content, /^Environment="TEND_HOME=\/data\/my tend%%1"$/m);
  assert.match(plan.file.content, /^PIDFile=\/data\/my tend%%1\/tend\.pid$/m);
  assert.match(plan.file.content, /^ExecStart="\/opt\/no de\/node\$\$x" \/opt\/tend\/bin\/tend\.js resurrect --boot$/m);
});

test('upstart and systemv share an LSB init script; openrc and rcd have their own', () => {
  const upstart = planStartup({ ...settings, platform: 'upstart' });
  const systemv = planStartup({ ...settings, platform: 'systemv' });
  assert.equal(upstart.file.path, '/etc/init.d/tend-ada');
  assert.equal(upstart.file.mode, 0o755);
  assert.equal(upstart.file.content, systemv.file.content);
  assert.match(upstart.file.content, /^### BEGIN INIT INFO$/m);
  assert.match(upstart.file.content, /^# Provides: +tend-ada$/m);
  assert.match(upstart.file.content, /^# chkconfig: 2345 98 02$/m);
  assert.match(
    upstart.file.content,
    /^TEND='env PATH=\/usr\/bin:\/bin:\/opt\/node\/bin TEND_HOME=\/home\/ada\/\.tend \/opt\/node\/bin\/node \/opt\/tend\/bin\/tend\.js'$/m,
  );
  assert.match(upstart.file.content, /start\) run_as_user "\$TEND resurrect --boot"/);
  assert.match(upstart.file.content, /stop\) run_as_user "\$TEND kill --keep-state"/);
  assert.deepEqual(upstart.enable, [['update-rc.d', 'tend-ada', 'defaults']]);
  assert.deepEqual(systemv.enable, [
    ['chkconfig', '--add', 'tend-ada'],
    ['chkconfig', 'tend-ada', 'on'],
  ]);

  const openrc = planStartup({ ...settings, platform: 'openrc' });
  assert.ok(openrc.file.content.startsWith('#!/sbin/openrc-run\n'));
  assert.match(openrc.file.content, /^start\(\) \{\n.*\n {2}run_as_user "\$TEND resurrect --boot"/m);
  assert.deepEqual(openrc.enable, [['rc-update', 'add', 'tend-ada', 'default']]);

  const rcd = planStartup({ ...settings, platform: 'rcd' });
  assert.equal(rcd.file.path, '/usr/local/etc/rc.d/tend_ada');
  assert.match(rcd.file.content, /^rcvar=tend_ada_enable$/m);
  assert.match(rcd.file.content, /^tend_ada_start\(\) \{ su -m "\$tend_user" -c "\$tend_command resurrect --boot"; \}$/m);
  assert.deepEqual(rcd.enable, [['sysrc', 'tend_ada_enable=YES']]);
  assert.deepEqual(rcd.disable, [['sysrc', '-x', 'tend_ada_enable']]);
});

test('launchd: a user agent in ~/Library/LaunchAgents, no root needed, XML escaped', () => {
  const plan = planStartup({ ...settings, platform: 'launchd', tendHome: '/Users/ada/<tend> & co' });
  assert.equal(plan.file.path, '/home/ada/Library/LaunchAgents/tend-ada.plist');
  assert.ok(!plan.needsRoot);
  assert.match(plan.file.content, /<key>TEND_HOME<\/key><string>\/Users\/ada\/&lt;tend&gt; &amp; co<\/string>/);
  assert.match(
    plan.file.content,
    /<string>\/opt\/node\/bin\/node<\/string>\n {4}<string>\/opt\/tend\/bin\/tend\.js<\/string>\n {4}<string>resurrect<\/string>\n {4}<string>--boot<\/string>/,
  );
  assert.deepEqual(plan.enable, [['launchctl', 'load', '-w', plan.file.path]]);
});

test('every platform file carries the marker unstartup looks for', () => {
  for (const platform of platforms) assert.match(planStartup({ ...settings, platform }).file.content, /Written by `tend startup`/, platform);
});

test('the sudo command passes PATH, TEND_HOME, user, home and a chosen service name', () => {
  const plan = planStartup({ ...settings, tendHome: '/data/my tend' });
  assert.equal(
    sudoCommand('startup', plan, {}),
    "sudo env PATH=/usr/bin:/bin:/opt/node/bin TEND_HOME='/data/my tend' /opt/node/bin/node /opt/tend/bin/tend.js startup systemd -u ada --hp /home/ada",
  );
  const named = planStartup({ ...settings, serviceName: 'apps', waitIp: true });
  assert.match(sudoCommand('startup', named, { serviceName: 'apps' }), / --service-name apps --wait-ip$/);
  assert.match(sudoCommand('unstartup', named, { serviceName: 'apps' }), /unstartup systemd -u ada --hp \/home\/ada --service-name apps$/);
});

test('quoting', () => {
  assert.equal(shellWord('/usr/bin/node'), '/usr/bin/node');
  assert.equal(shellWord("it's here"), `'it'\\''s here'`);
  assert.equal(shellWord(''), "''");
  assert.equal(systemdWord('/a/b', true), '/a/b');
  assert.equal(systemdWord('50%$HOME', true), '50%%$$HOME');
  assert.equal(systemdWord('50%$HOME', false), '50%%$HOME');
  assert.equal(systemdWord('a "b" \\c', true), '"a \\"b\\" \\\\c"');
});
