// PM2's env rules, as the guide states them ("the environment is conservative"): the shell env an app
// was started with is kept; `restart FILE` / `reload FILE` do not re-read the shell; `--update-env`
// merges the new shell over the captured env (a PORT given at start and absent now stays), and the
// plan names the shell keys it changes. The file's own `env` still applies on every restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/cli.js';
import { makeHome } from '../support/daemon.js';

test('restart/reload FILE keep the captured env; --update-env merges the shell over it', async () => {
  const t = makeHome('tend-guide-env-');
  try {
    const file = join(t.dir, 'ecosystem.config.js');
    const app = { name: 'envapp', script: join(repoRoot, 'test/fixtures/monitor/idle.js') };
    writeFileSync(file, `module.exports = { apps: [${JSON.stringify({ ...app, env: { FROM_FILE: 'one' } })}] };\n`);
    const env = async (): Promise<Record<string, string>> => {
      const [record] = await t.jlist();
      assert.ok(record);
      return record.pm2_env.env;
    };
    const started = await t.tend(['start', file], { env: { GUIDE_PORT: '4100', GUIDE_GREETING: 'one' } });
    assert.equal(started.code, 0, started.stderr);

    // No --update-env: the shell is not read again, for a file as for a name.
    for (const verb of ['restart', 'reload']) {
      const again = await t.tend([verb, file], { env: { GUIDE_GREETING: verb } });
      assert.equal(again.code, 0, again.stderr);
      assert.doesNotMatch(again.stdout, /GUIDE_GREETING/);
      const seen = await env();
      assert.equal(seen.GUIDE_GREETING, 'one', `${verb} FILE kept the captured env`);
      assert.equal(seen.GUIDE_PORT, '4100');
    }

    // --update-env by name: merged, PORT from the start stays.
    const byName = await t.tend(['restart', 'envapp', '--update-env'], { env: { GUIDE_GREETING: 'two' } });
    assert.equal(byName.code, 0, byName.stderr);
    assert.deepEqual([(await env()).GUIDE_GREETING, (await env()).GUIDE_PORT], ['two', '4100']);

    // --update-env with the file: merged too, the file's env applies, and the plan says what the shell changes.
    writeFileSync(file, `module.exports = { apps: [${JSON.stringify({ ...app, env: { FROM_FILE: 'two' } })}] };\n`);
    const byFile = await t.tend(['restart', file, '--update-env'], { env: { GUIDE_GREETING: 'three' } });
    assert.equal(byFile.code, 0, byFile.stderr);
    assert.match(byFile.stdout, /GUIDE_GREETING/);
    const last = await env();
    assert.deepEqual([last.GUIDE_GREETING, last.GUIDE_PORT, last.FROM_FILE], ['three', '4100', 'two']);
  } finally {
    await t.cleanup();
  }
});
