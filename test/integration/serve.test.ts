// The static server as tend runs it: a real child process on a free port, requested over 127.0.0.1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveScriptPath } from '../../src/ecosystem/builtin-scripts.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Server {
  child: ChildProcess;
  port: number;
  get(path: string, headers?: Record<string, string>, method?: string): Promise<Reply>;
}

const servers: ChildProcess[] = [];

/** Starts serve.js with the given env and waits (bounded) for the line that names its port. */
function startServer(env: Record<string, string>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serveScriptPath], {
      env: { PATH: process.env.PATH ?? '', TEND_SERVE_HOST: '127.0.0.1', TEND_SERVE_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    servers.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${output}`)), 10_000);
    const onData = (chunk: string): void => {
      output += chunk;
      const match = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      const port = Number(match[1]);
      resolve({ child, port, get: (path, headers = {}, method = 'GET') => fetchRaw(port, path, headers, method) });
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr?.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

/** node:http sends the path exactly as given (no dot-segment normalization, unlike fetch/URL). */
function fetchRaw(port: number, path: string, headers: Record<string, string>, method: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serveScriptPath], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    servers.push(child);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => reject(new Error('serve did not exit in time')), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

const base = mkdtempSync(join(tmpdir(), 'tend-serve-'));
const www = join(base, 'www');

before(() => {
  mkdirSync(join(www, 'docs', 'guide'), { recursive: true });
  mkdirSync(join(www, 'empty'));
  mkdirSync(join(www, '.git'));
  mkdirSync(join(www, '.well-known'));
  writeFileSync(join(www, 'index.html'), '<h1>home</h1>');
  writeFileSync(join(www, 'app.js'), 'console.log(1)');
  writeFileSync(join(www, 'style.css'), 'body{}');
  writeFileSync(join(www, 'data.json'), '{}');
  writeFileSync(join(www, 'logo.svg'), '<svg/>');
  writeFileSync(join(www, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(www, 'blob.unknownext'), 'x');
  writeFileSync(join(www, 'docs', 'index.html'), '<h1>docs</h1>');
  writeFileSync(join(www, 'docs', 'guide', 'intro.txt'), 'intro');
  writeFileSync(join(www, '.git', 'config'), 'secret');
  writeFileSync(join(www, '.well-known', 'security.txt'), 'Contact: x');
  writeFileSync(join(www, 'empty.txt'), '');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  symlinkSync(join(base, 'secret.txt'), join(www, 'escape.txt'));
  symlinkSync(base, join(www, 'escape-dir'));
  symlinkSync(join(www, 'app.js'), join(www, 'alias.js'));
  utimesSync(join(www, 'style.css'), new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:00:00Z'));
});

after(() => {
  for (const child of servers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

describe('tend serve', () => {
  let server: Server;
  before(async () => {
    server = await startServer({ TEND_SERVE_PATH: www });
  });

  test('answers files with the right content types', async () => {
    const expected: Record<string, string> = {
      '/': 'text/html; charset=utf-8',
      '/app.js': 'text/javascript; charset=utf-8',
      '/style.css': 'text/css; charset=utf-8',
      '/data.json': 'application/json; charset=utf-8',
      '/logo.svg': 'image/svg+xml',
      '/image.png': 'image/png',
      '/blob.unknownext': 'application/octet-stream',
    };
    for (const [path, type] of Object.entries(expected)) {
      const reply = await server.get(path);
      assert.equal(reply.status, 200, path);
      assert.equal(reply.headers['content-type'], type, path);
      assert.equal(reply.headers['x-content-type-options'], 'nosniff');
    }
    assert.equal((await server.get('/')).body, '<h1>home</h1>');
    const empty = await server.get('/empty.txt');
    assert.equal(empty.status, 200);
    assert.equal(empty.headers['content-length'], '0');
  });

  test('sends ETag and Last-Modified and answers 304 to either validator', async () => {
    const first = await server.get('/style.css');
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/".+"$/);
    assert.equal(first.headers['last-modified'], 'Mon, 01 Jan 2024 00:00:00 GMT');

    const byEtag = await server.get('/style.css', { 'If-None-Match': etag });
    assert.equal(byEtag.status, 304);
    assert.equal(byEtag.body, '');
    assert.equal(byEtag.headers.etag, etag);
    assert.equal((await server.get('/style.css', { 'If-Modified-Since': 'Mon, 01 Jan 2024 00:00:00 GMT' })).status, 304);
    assert.equal((await server.get('/style.css', { 'If-Modified-Since': 'Sun, 31 Dec 2023 23:59:59 GMT' })).status, 200);
    assert.equal((await server.get('/style.css', { 'If-None-Match': '"stale"' })).status, 200);
  });

  test('a changed file gets a new ETag and no 304', async () => {
    const path = join(www, 'changing.txt');
    writeFileSync(path, 'one');
    utimesSync(path, new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:00:00Z'));
    const before = await server.get('/changing.txt');
    writeFileSync(path, 'two!');
    const after = await server.get('/changing.txt', { 'If-None-Match': String(before.headers.etag) });
    assert.equal(after.status, 200);
    assert.equal(after.body, 'two!');
    assert.notEqual(after.headers.etag, before.headers.etag);
  });

  test('HEAD sends the headers without a body', async () => {
    const reply = await server.get('/app.js', {}, 'HEAD');
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-length'], String('console.log(1)'.length));
    assert.equal(reply.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(reply.body, '');
  });

  test('folders: index.html, a redirect to the trailing slash, 404 without an index', async () => {
    const docs = await server.get('/docs/');
    assert.equal(docs.status, 200);
    assert.equal(docs.body, '<h1>docs</h1>');
    const redirect = await server.get('/docs?x=1');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, '/docs/?x=1');
    assert.equal((await server.get('/empty/')).status, 404);
    assert.equal((await server.get('//evil.example')).status, 404);
  });

  test('a missing file is 404, and so is a hidden one', async () => {
    assert.equal((await server.get('/missing.html')).status, 404);
    assert.equal((await server.get('/app.js/')).status, 404);
    assert.equal((await server.get('/.git/config')).status, 404);
    assert.equal((await server.get('/.well-known/security.txt')).body, 'Contact: x');
  });

  test('refuses path traversal in every form', async () => {
    const attempts = [
      '/../secret.txt',
      '/docs/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/.%2e/secret.txt',
      '/docs/..%2f..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/%252e%252e/secret.txt',
      '/%252e%252e%252fsecret.txt',
      '/..\\secret.txt',
      '/docs%5c..%5c..%5csecret.txt',
      '/secret.txt%00.html',
      '/escape.txt',
      '/escape-dir/secret.txt',
      '/escape-dir/',
    ];
    for (const path of attempts) {
      const reply = await server.get(path);
      assert.ok(reply.status === 403 || reply.status === 404, `${path} → ${reply.status}`);
      assert.doesNotMatch(reply.body, /outside/, path);
    }
    assert.equal((await server.get('/escape.txt')).status, 403);
    assert.equal((await server.get('/alias.js')).status, 200, 'a symlink that stays inside is served');
  });

  test('only GET and HEAD are allowed', async () => {
    const reply = await server.get('/app.js', {}, 'POST');
    assert.equal(reply.status, 405);
    assert.equal(reply.headers.allow, 'GET, HEAD');
  });

  test('SIGTERM stops it cleanly', async () => {
    const other = await startServer({ TEND_SERVE_PATH: www });
    const exited = new Promise<number | null>((resolve) => other.child.on('exit', (code) => resolve(code)));
    other.child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});

describe('tend serve --spa', () => {
  test('extension-less unknown paths fall back to index.html; missing assets stay 404', async () => {
    const server = await startServer({ PM2_SERVE_PATH: www, PM2_SERVE_SPA: 'true' });
    const route = await server.get('/users/42?tab=1');
    assert.equal(route.status, 200);
    assert.equal(route.body, '<h1>home</h1>');
    assert.equal(route.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal((await server.get('/missing.js')).status, 404);
    assert.equal((await server.get('/docs/guide/intro.txt')).body, 'intro');
    assert.equal((await server.get('/../secret.txt')).status, 403);
  });
});

describe('tend serve with basic auth', () => {
  test('asks for credentials and accepts only the right ones', async () => {
    const server = await startServer({ TEND_SERVE_PATH: www, TEND_SERVE_BASIC_AUTH_USERNAME: 'ada', TEND_SERVE_BASIC_AUTH_PASSWORD: 's3cret' });
    const basic = (text: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(text).toString('base64')}` });
    const anonymous = await server.get('/');
    assert.equal(anonymous.status, 401);
    assert.match(String(anonymous.headers['www-authenticate']), /^Basic realm=/);
    assert.equal((await server.get('/', basic('ada:wrong'))).status, 401);
    assert.equal((await server.get('/', basic('eve:s3cret'))).status, 401);
    assert.equal((await server.get('/missing', basic('ada:wrong'))).status, 401, 'no existence leak before auth');
    const ok = await server.get('/', basic('ada:s3cret'));
    assert.equal(ok.status, 200);
    assert.equal(ok.body, '<h1>home</h1>');
  });
});

describe('tend serve with bad settings', () => {
  test('a missing folder exits 1 with E_SERVE_CONFIG', async () => {
    const result = await runToExit({ TEND_SERVE_PATH: join(base, 'nope'), TEND_SERVE_PORT: '0' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error E_SERVE_CONFIG: cannot serve/);
  });

  test('a port in use exits 1 with E_SERVE_LISTEN', async () => {
    const holder = await startServer({ TEND_SERVE_PATH: www });
    const result = await runToExit({ TEND_SERVE_PATH: www, TEND_SERVE_HOST: '127.0.0.1', TEND_SERVE_PORT: String(holder.port) });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error E_SERVE_LISTEN: .*EADDRINUSE/);
  });
});
