import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logPathsFor, safeFileName } from '../../../src/daemon/logs/paths.js';
import { logSpec } from '../../fixtures/log-apps/spec.js';

const dir = '/home/u/.tend/logs';

test('defaults: <name>-out.log, <name>-error.log, no combined log', () => {
  assert.deepEqual(logPathsFor({ pm_id: 0, name: 'api', spec: logSpec({ name: 'api' }) }, dir), {
    out: `${dir}/api-out.log`,
    err: `${dir}/api-error.log`,
    combined: null,
  });
});

test('unmerged instances get -<pm_id> before .log, custom paths included', () => {
  const spec = logSpec({ name: 'web', merge_logs: false, log_file: true, out_file: '/var/log/web.log', error_file: '/var/log/web.err' });
  assert.deepEqual(logPathsFor({ pm_id: 3, name: 'web', spec }, dir), {
    out: '/var/log/web-3.log',
    err: '/var/log/web.err-3',
    combined: `${dir}/web-3.log`,
  });
});

test('/dev/null and NULL disable one stream; disable_logs all', () => {
  const spec = logSpec({ name: 'q', out_file: '/dev/null', error_file: 'NULL', log_file: '/dev/null' });
  assert.deepEqual(logPathsFor({ pm_id: 0, name: 'q', spec }, dir), { out: null, err: null, combined: null });
  const off = logSpec({ name: 'q', disable_logs: true, log_file: '/tmp/x.log' });
  assert.deepEqual(logPathsFor({ pm_id: 0, name: 'q', spec: off }, dir), { out: null, err: null, combined: null });
});

test('a custom combined path is used as given', () => {
  const spec = logSpec({ name: 'c', log_file: '/srv/c/all.log' });
  assert.equal(logPathsFor({ pm_id: 0, name: 'c', spec }, dir).combined, '/srv/c/all.log');
});

test('names are sanitised to [A-Za-z0-9.-] in file names', () => {
  assert.equal(safeFileName('my app/v2:é'), 'my-app-v2--');
  assert.equal(logPathsFor({ pm_id: 0, name: 'a b', spec: logSpec({ name: 'a b' }) }, dir).out, `${dir}/a-b-out.log`);
});
