// Installs what the integration tests need and the machine lacks, when it can (root with apt-get);
// otherwise the tests that need it skip themselves with the reason (test/support/tools.ts). Runs after
// the build; returns one line per tool it could not provide, for the run's summary.
import { spawnSync } from 'node:child_process';
import { testTools, whyMissing, hiddenTools } from '../dist/test/support/tools.js';

export function provisionTests() {
  const hidden = hiddenTools();
  const missing = Object.keys(testTools).filter((tool) => !hidden.has(tool) && whyMissing(tool));
  if (missing.length === 0) return [];
  const cannot = whyCannotInstall();
  if (cannot) return missing.map((tool) => `${tool}: not installed, and ${cannot}`);
  const packages = missing.map((tool) => testTools[tool].apt);
  console.log(`provisioning the tests: apt-get install ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] };
  const update = spawnSync('apt-get', ['update', '-qq'], quiet);
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], quiet) : update;
  if (install.status !== 0) return missing.map((tool) => `${tool}: apt-get failed: ${(install.stderr || install.stdout || '').trim().split('\n').pop()}`);
  return missing.filter((tool) => whyMissing(tool)).map((tool) => `${tool}: still missing after apt-get install ${testTools[tool].apt}`);
}

function whyCannotInstall() {
  if (process.env.TEND_TEST_PROVISION === '0') return 'TEND_TEST_PROVISION=0 forbids installing';
  if (process.getuid?.() !== 0) return 'installing needs root';
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).error) return 'apt-get is not available';
  return null;
}
