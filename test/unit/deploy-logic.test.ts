// The pure parts of deploy, table-tested: config validation, the record, revert targets, cleanup,
// known_hosts matching, locks, the default post-deploy. (Kept beside the deploy integration tests.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { validateDeployEnv } from '../../src/deploy/config.js';
import { defaultPostDeploy } from '../../src/deploy/activate.js';
import {
  fleetRevertSha,
  foldReleases,
  goodReleaseOf,
  lastGood,
  parseRecord,
  previousGood,
  releaseName,
  releasesToRemove,
  type RecordEntry,
} from '../../src/deploy/record.js';
import { staleReason, type LockOwner } from '../../src/deploy/lock.js';
import { hostKeyAlgorithms, judgeHostKey, keysFor, lookupName } from '../../src/adapters/ssh/known-hosts.js';
import { TendError } from '../../src/errors/index.js';

const base = { host: 'web1.example.com', repo: 'git@example.com:app.git', ref: 'origin/main', path: '/srv/app' };

function configError(section: unknown, env = 'production'): TendError {
  try {
    validateDeployEnv(section, env, '/work/ecosystem.config.js', { localUser: 'me' });
  } catch (error) {
    assert.ok(error instanceof TendError);
    return error;
  }
  assert.fail('expected a validation error');
}

test('a minimal PM2 deploy env gets tend defaults', () => {
  const target = validateDeployEnv({ production: base }, 'production', '/work/ecosystem.config.js', { localUser: 'me' });
  assert.deepEqual(target.hosts, [{ host: 'web1.example.com', port: 22, user: 'me', label: 'web1.example.com', portGiven: false, userGiven: false }]);
  assert.equal(target.keepReleases, 5);
  assert.equal(target.parallel, 1);
  assert.deepEqual(target.shared, []);
});

test('hosts accept user@, :port and [v6]:port; the port tells apart hosts on one name', () => {
  const target = validateDeployEnv(
    {
      p: {
        ...base,
        user: 'deploy',
        port: 2222,
        host: ['a.example', 'ops@b.example:22', '[::1]:2200', '127.0.0.1:1', '127.0.0.1:2'],
        key: '~/.ssh/deploy',
        ssh_options: ['UserKnownHostsFile=kh', 'StrictHostKeyChecking=accept-new', 'ForwardAgent yes'],
      },
    },
    'p',
    '/work/e.js',
  );
  assert.deepEqual(
    target.hosts.map((h) => [h.user, h.host, h.port, h.label]),
    [
      ['deploy', 'a.example', 2222, 'a.example'],
      ['ops', 'b.example', 22, 'b.example'],
      ['deploy', '::1', 2200, '::1'],
      ['deploy', '127.0.0.1', 1, '127.0.0.1:1'],
      ['deploy', '127.0.0.1', 2, '127.0.0.1:2'],
    ],
  );
  assert.deepEqual(target.knownHostsFiles, ['/work/kh']);
  assert.equal(target.hostKeyPolicy, 'accept-new');
  assert.match(target.identityFiles[0] ?? '', /\.ssh\/deploy$/);
  assert.match(target.warnings.join('\n'), /ForwardAgent yes.*ignored/);
});

test('every problem of an env is reported at once, with its key', () => {
  const error = configError({
    production: {
      host: [],
      path: 'rel',
      ref: '-x',
      keep_releases: 0,
      shared: ['../up'],
      env: { 'BAD-NAME': 1, OK: { no: 1 } },
      'post-deploy': 3,
      postdeploy: 'x',
    },
  });
  assert.equal(error.code, 'E_DEPLOY_CONFIG');
  for (const expected of [
    'host must be',
    'repo is required',
    'ref must not start with "-"',
    'path must be absolute',
    'keep_releases must be',
    'shared "../up"',
    'env.BAD-NAME',
    'env.OK must be',
    'post-deploy must be',
    'postdeploy unknown key (did you mean "post-deploy"?)',
  ]) {
    assert.ok(error.message.includes(expected), `${expected} in ${error.message}`);
  }
});

test('an unknown env lists the known ones and suggests the closest', () => {
  const error = configError({ production: base, staging: base }, 'prodution');
  assert.equal(error.code, 'E_DEPLOY_ENV_UNKNOWN');
  assert.match(error.message, /known: production, staging/);
  assert.match(error.hint, /production/);
  assert.equal(configError(undefined).code, 'E_DEPLOY_ENV_UNKNOWN');
});

test('release names sort by time and name the commit', () => {
  const name = releaseName(new Date('2025-03-14T10:15:02.123Z'), 'abcdef0123456789');
  assert.equal(name, '20250314T101502.123Z-abcdef0');
  assert.ok(releaseName(new Date('2025-03-14T10:15:02.124Z'), '0000000') > name);
});

function entry(release: string, status: RecordEntry['status'], event: RecordEntry['event'] = 'deploy'): RecordEntry {
  return { event, release, sha: `${release}sha`, ref: 'main', time: '2025-01-01T00:00:00Z', by: 'me@here', ...(status === undefined ? {} : { status }) };
}

test('the record folds to releases with their last status; revert skips failed ones', () => {
  const entries = [
    entry('r1', 'pending'),
    entry('r1', 'good'),
    entry('r2', 'pending'),
    entry('r2', 'failed'),
    entry('r1', undefined, 'rollback'),
    entry('r3', 'pending'),
    entry('r3', 'good'),
    entry('r4', 'pending'),
  ];
  const text = `${entries.map((e) => JSON.stringify(e)).join('\n')}\n{"torn`;
  const releases = foldReleases(parseRecord(text));
  assert.deepEqual(
    releases.map((r) => [r.release, r.status]),
    [
      ['r1', 'good'],
      ['r2', 'failed'],
      ['r3', 'good'],
      ['r4', 'pending'],
    ],
  );
  assert.equal(previousGood(releases, 'r3')?.release, 'r1');
  assert.equal(previousGood(releases, 'r3', 2), undefined);
  assert.equal(previousGood(releases, 'unknown'), undefined);
  assert.equal(lastGood(releases)?.release, 'r3');
});

test('cleanup keeps the newest releases, current and the last good one', () => {
  const dirs = ['r5', 'r1', 'r2', 'r3', 'r4'];
  assert.deepEqual(releasesToRemove(dirs, 2, [], ['r5', 'r5']), ['r1', 'r2', 'r3']);
  assert.deepEqual(releasesToRemove(dirs, 2, [], ['r1', 'r2']), ['r3']);
  assert.deepEqual(releasesToRemove(dirs, 1, [], [undefined, undefined]), ['r1', 'r2', 'r3', 'r4']);
  assert.deepEqual(releasesToRemove(['r1'], 5, [], []), []);
});

test('keep_releases counts only good releases: failed and pending ones never push a good one out', () => {
  const entries: RecordEntry[] = [
    { event: 'deploy', release: 'r1', sha: 'a', ref: 'main', status: 'good', time: 't', by: 'u' },
    { event: 'deploy', release: 'r2', sha: 'b', ref: 'main', status: 'failed', time: 't', by: 'u' },
    { event: 'deploy', release: 'r3', sha: 'c', ref: 'main', status: 'pending', time: 't', by: 'u' },
    { event: 'deploy', release: 'r4', sha: 'd', ref: 'main', status: 'good', time: 't', by: 'u' },
  ];
  const releases = foldReleases(entries);
  assert.deepEqual(releasesToRemove(['r1', 'r2', 'r3', 'r4'], 3, releases, ['r4', 'r4']), ['r2', 'r3']);
  assert.deepEqual(releasesToRemove(['r1', 'r2', 'r3', 'r4'], 1, releases, ['r4', 'r4']), ['r1', 'r2', 'r3']);
});

test('revert picks one commit for the whole fleet, good on every host', () => {
  const good = (release: string, sha: string) => ({ event: 'deploy' as const, release, sha, ref: 'main', status: 'good' as const, time: 't', by: 'u' });
  const failed = (release: string, sha: string) => ({ ...good(release, sha), status: 'failed' as const });
  // Host b's deploy of commit b failed: "one back" for the fleet is commit a, not b on one host and a on the other.
  const a = foldReleases([good('r1', 'a'), good('r2', 'b'), good('r3', 'c')]);
  const b = foldReleases([good('r1', 'a'), failed('r2', 'b'), good('r3', 'c')]);
  assert.equal(
    fleetRevertSha(
      [
        { releases: a, current: 'r3' },
        { releases: b, current: 'r3' },
      ],
      1,
    ),
    'a',
  );
  assert.equal(fleetRevertSha([{ releases: a, current: 'r3' }], 1), 'b');
  assert.equal(
    fleetRevertSha(
      [
        { releases: a, current: 'r3' },
        { releases: b, current: 'r3' },
      ],
      2,
    ),
    undefined,
  );
  assert.equal(goodReleaseOf(b, 'r3', 'a')?.release, 'r1');
});

test('locks are stale when their process is gone on this machine, or after a day', () => {
  const owner: LockOwner = { id: 'x', by: 'a@m', machine: 'm', pid: 42, time: '2025-01-01T00:00:00Z', command: 'tend deploy p' };
  const soon = new Date('2025-01-01T01:00:00Z');
  assert.equal(
    staleReason(owner, 'm', () => true, soon),
    undefined,
  );
  assert.match(staleReason(owner, 'm', () => false, soon) ?? '', /process 42 on m is gone/);
  assert.equal(
    staleReason(owner, 'other', () => false, soon),
    undefined,
  );
  assert.match(staleReason(owner, 'other', () => true, new Date('2025-01-03T00:00:00Z')) ?? '', /48 hours old/);
});

test('known_hosts: plain, [host]:port, wildcard, negation, hashed, revoked', () => {
  const key = randomBytes(32).toString('base64');
  const other = randomBytes(32).toString('base64');
  const salt = randomBytes(20);
  const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[h.example]:2222').digest('base64')}`;
  const contents = [
    '# comment',
    `plain.example,10.0.0.1 ssh-ed25519 ${key}`,
    `[10.0.0.2]:2222 ssh-rsa ${key}`,
    `*.wild.example,!bad.wild.example ecdsa-sha2-nistp256 ${key}`,
    `${hashed} ssh-ed25519 ${key}`,
    `@revoked plain.example ssh-ed25519 ${other}`,
    `@cert-authority *.example ssh-ed25519 ${other}`,
  ].join('\n');
  assert.equal(keysFor(contents, 'plain.example').length, 2);
  assert.equal(keysFor(contents, lookupName('10.0.0.1', 22)).length, 1);
  assert.equal(keysFor(contents, lookupName('10.0.0.2', 22)).length, 0);
  assert.deepEqual(hostKeyAlgorithms(keysFor(contents, lookupName('10.0.0.2', 2222))), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  assert.equal(keysFor(contents, 'a.wild.example').length, 1);
  assert.equal(keysFor(contents, 'bad.wild.example').length, 0);
  assert.equal(keysFor(contents, lookupName('h.example', 2222)).length, 1);
  const known = keysFor(contents, 'plain.example');
  assert.equal(judgeHostKey(known, Buffer.from(key, 'base64')), 'match');
  assert.equal(judgeHostKey(known, Buffer.from(other, 'base64')), 'revoked');
  assert.equal(judgeHostKey(known, randomBytes(32)), 'mismatch');
  assert.equal(judgeHostKey([], randomBytes(32)), 'unknown');
});

test("the default post-deploy is PM2's, with tend and the file named through current", () => {
  assert.equal(
    defaultPostDeploy('/srv/my app/current/ecosystem.config.js', 'production'),
    "${TEND_BIN:-tend} startOrReload '/srv/my app/current/ecosystem.config.js' --env production",
  );
});
