// Issue 25: PM2's serve(path, port, opts, [commander], cb) starts tend's static file server as an
// app that answers HTTP on 127.0.0.1 — with callbacks, then with promises (a named SPA).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeHome, type TestHome } from '../support/daemon.js';
import { ApiProject } from '../support/api-project.js';
import { freePort } from '../support/sshd.js';

/** `fetchText(port, path)`: the body once the server answers (it starts in its own process), within 15 s. */
const fetcher = `
const http = require('node:http');
function fetchOnce(port, path) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    }).on('error', reject);
  });
}
async function fetchText(port, path) {
  for (const deadline = Date.now() + 15000; ; ) {
    try {
      return await fetchOnce(port, path);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
`;

describe('API serve', () => {
  let t: TestHome;
  let project: ApiProject;
  before(() => {
    t = makeHome('tend-api-');
    project = new ApiProject(t);
    project.write('site/index.html', '<h1>home</h1>\n');
    project.write('site/hello.txt', 'hello from serve\n');
  });
  after(() => t.cleanup());

  test('CommonJS with callbacks: serve(path, port, opts, cb) answers HTTP; the app is static-page-server-<port>', async () => {
    const port = await freePort();
    const run = await project.run(
      'serve.cjs',
      `
      const pm2 = require('pm2');
      ${fetcher}
      pm2.serve('./site', ${port}, { host: '127.0.0.1' }, (err, procs) => {
        report('served', { err, names: procs.map((p) => p.name), status: procs[0].pm2_env.status });
        fetchText(${port}, '/hello.txt').then((answer) => {
          report('answer', answer);
          pm2.serve('./missing-folder', ${port}, {}, { name: 'broken' }, (err, procs) => {
            report('missing', { err: err && err.code, procs: procs === undefined });
            pm2.killDaemon(() => pm2.disconnect(() => report('done', true)));
          });
        });
      });
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.reports.served, { err: null, names: [`static-page-server-${port}`], status: 'online' });
    assert.deepEqual(run.reports.answer, { status: 200, body: 'hello from serve\n' });
    assert.deepEqual(run.reports.missing, { err: 'E_SPEC_INVALID', procs: true });
    assert.equal(run.reports.done, true);
  });

  test('ES modules with promises: a named single-page app answers unknown paths with index.html', async () => {
    const port = await freePort();
    const run = await project.run(
      'serve.mjs',
      `
      import pm2 from 'pm2';
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url); // the fetch helper's http
      ${fetcher}
      const [proc] = await pm2.serve('site', String(${port}), { name: 'site', spa: true, host: '127.0.0.1' });
      report('name', proc.name);
      report('spa', await fetchText(${port}, '/some/route'));
      await pm2.killDaemon();
      await pm2.disconnect();
      `,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.reports.name, 'site');
    assert.deepEqual(run.reports.spa, { status: 200, body: '<h1>home</h1>\n' });
  });
});
