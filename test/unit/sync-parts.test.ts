// The pure parts of git sync: webhook signatures, poll jitter, and pinning untouched apps to the
// release directory they run from.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nextDelay, minimumDelayMs } from '../../src/daemon/sync/schedule.js';
import { pinUntouched } from '../../src/daemon/sync/pin.js';
import { signBody, verifySignature } from '../../src/daemon/sync/webhook.js';
import type { AppSpec } from '../../src/ecosystem/types.js';

describe('webhook signatures', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');
  test('accepts the HMAC of the raw body, with or without the sha256= prefix', () => {
    const signature = signBody('s3cret', body);
    assert.equal(verifySignature('s3cret', body, signature), true);
    assert.equal(verifySignature('s3cret', body, signature.slice('sha256='.length)), true);
  });
  test('refuses another secret, another body, a missing or malformed header', () => {
    const signature = signBody('s3cret', body);
    assert.equal(verifySignature('other', body, signature), false);
    assert.equal(verifySignature('s3cret', Buffer.from(`${body.toString()} `), signature), false);
    assert.equal(verifySignature('s3cret', body, undefined), false);
    assert.equal(verifySignature('s3cret', body, 'sha256=abc'), false);
    assert.equal(verifySignature('s3cret', body, `sha1=${'0'.repeat(40)}`), false);
  });
});

describe('poll schedule', () => {
  test('the interval plus at most 10 % jitter, never below the minimum', () => {
    assert.equal(nextDelay(60_000, 0), 60_000);
    assert.equal(nextDelay(60_000, 0.999), 65_994);
    assert.equal(nextDelay(10, 0.5), minimumDelayMs);
  });
});

describe('pinning untouched apps', () => {
  const oldRev = 'a'.repeat(40);
  const newRev = 'b'.repeat(40);
  const oldDir = `/home/s/releases/${oldRev}`;
  const newDir = `/home/s/releases/${newRev}`;
  const spec = (name: string, dir: string, revision: string, extra: Partial<AppSpec> = {}): AppSpec =>
    ({
      name,
      cwd: `${dir}/${name}`,
      script: `${dir}/${name}/index.js`,
      revision,
      instances: 1,
      env: { DATA: `${dir}/data` },
      code_paths: [],
      ...extra,
    }) as unknown as AppSpec;
  const run = (changed: string[], specs: AppSpec[]) =>
    pinUntouched({
      specs,
      revision: newRev,
      releaseDir: newDir,
      ecosystemPath: 'ecosystem.yaml',
      appliedSpec: (name) => spec(name, oldDir, oldRev),
      releaseDirOf: (revision) => (revision === oldRev ? oldDir : undefined),
      changedFiles: () => Promise.resolve(changed),
    });

  test("by default an app's code is the whole commit: a change anywhere (../lib) reloads it", async () => {
    const result = await run(['lib/common.js'], [spec('web', newDir, newRev), spec('api', newDir, newRev)]);
    assert.deepEqual(result.pinned, []);
    const unchanged = await run(['ecosystem.yaml'], [spec('web', newDir, newRev, { instances: 3 })]);
    assert.deepEqual(unchanged.pinned, ['web']);
  });

  test('an app whose code_paths did not change keeps its release; only its config changes remain', async () => {
    const narrowed = { code_paths: ['web', 'lib'] };
    const result = await run(
      ['ecosystem.yaml', 'api/index.js'],
      [spec('web', newDir, newRev, { instances: 3, ...narrowed }), spec('api', newDir, newRev, { code_paths: ['api'] })],
    );
    assert.deepEqual(result.pinned, ['web']);
    const [web, api] = result.specs;
    assert.equal(web?.cwd, `${oldDir}/web`);
    assert.equal(web?.env.DATA, `${oldDir}/data`);
    assert.equal(web?.revision, oldRev);
    assert.equal(web?.instances, 3);
    assert.equal(api?.cwd, `${newDir}/api`);
    assert.equal(api?.revision, newRev);
  });

  test('an app is not pinned when its old release is gone', async () => {
    const result = await pinUntouched({
      specs: [spec('web', newDir, newRev)],
      revision: newRev,
      releaseDir: newDir,
      ecosystemPath: 'ecosystem.yaml',
      appliedSpec: (name) => spec(name, oldDir, oldRev),
      releaseDirOf: () => undefined,
      changedFiles: () => Promise.resolve([]),
    });
    assert.deepEqual(result.pinned, []);
  });
});
