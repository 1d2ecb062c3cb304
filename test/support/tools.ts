// The outside tools some integration tests need. A test that lacks one is skipped with `whyMissing`'s
// reason, never failed; scripts/provision-tests.js installs them first when it can.
// TEND_TEST_WITHOUT=sshd,tmux hides tools from both, to see the run a machine without them gets.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export type TestTool = 'sshd' | 'tmux' | 'git' | 'chromium';

/** Debian's Chromium, driven by puppeteer-core in the web console tests. */
export const chromiumPath = '/usr/bin/chromium';

function runs(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).error === undefined;
}

/** Each tool: the apt package that provides it, and whether it is here. */
export const testTools: Record<TestTool, { apt: string; present: () => boolean }> = {
  sshd: { apt: 'openssh-server', present: () => existsSync('/usr/sbin/sshd') && runs('ssh-keygen', ['-?']) },
  tmux: { apt: 'tmux', present: () => runs('tmux', ['-V']) },
  git: { apt: 'git', present: () => runs('git', ['--version']) },
  chromium: { apt: 'chromium', present: () => existsSync(chromiumPath) },
};

export function hiddenTools(): Set<string> {
  return new Set(
    (process.env.TEND_TEST_WITHOUT ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
}

/** Why `tool` is unavailable to the tests, or false when it is there. */
export function whyMissing(tool: TestTool): string | false {
  if (hiddenTools().has(tool)) return `${tool} is hidden by TEND_TEST_WITHOUT`;
  if (testTools[tool].present()) return false;
  return `${tool} is not installed (npm test installs ${testTools[tool].apt} when it runs as root with apt-get)`;
}
