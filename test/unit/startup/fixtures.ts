// A fixed StartupContext and settings for pure tests: no real users, paths or tools are consulted.
import type { StartupContext, StartupSettings } from '../../../src/startup/index.js';

export function fakeContext(overrides: Partial<StartupContext> = {}): StartupContext {
  return {
    env: { PATH: '/usr/bin:/bin' },
    uid: 1000,
    currentUser: 'ada',
    currentHome: '/home/ada',
    nodePath: '/opt/node/bin/node',
    tendBin: '/opt/tend/bin/tend.js',
    homeOf: (user) => (user === 'bob' ? '/home/bob' : null),
    hasCommand: () => false,
    ...overrides,
  };
}

export const settings: StartupSettings = {
  platform: 'systemd',
  user: 'ada',
  home: '/home/ada',
  tendHome: '/home/ada/.tend',
  serviceName: 'tend-ada',
  nodePath: '/opt/node/bin/node',
  tendBin: '/opt/tend/bin/tend.js',
  pathEnv: '/usr/bin:/bin:/opt/node/bin',
  waitIp: false,
};
