import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readServeConfig } from '../../../src/serve/static/config.js';
import { TendError } from '../../../src/errors/index.js';

test('defaults: current folder, port 8080, every interface, no spa, no auth', () => {
  assert.deepEqual(readServeConfig({}, [], '/srv'), { root: '/srv', port: 8080, host: '0.0.0.0', spa: false, homepage: '/index.html', auth: null });
});

test('TEND_SERVE_* wins over PM2_SERVE_*, which wins over arguments', () => {
  const config = readServeConfig(
    {
      TEND_SERVE_PATH: 'site',
      PM2_SERVE_PATH: '/pm2',
      PM2_SERVE_PORT: '9000',
      TEND_SERVE_HOST: '127.0.0.1',
      PM2_SERVE_SPA: 'true',
      PM2_SERVE_HOMEPAGE: 'app.html',
    },
    ['/arg', '7000'],
    '/srv',
  );
  assert.deepEqual(config, { root: '/srv/site', port: 9000, host: '127.0.0.1', spa: true, homepage: '/app.html', auth: null });
});

test('arguments are [path] [port] [host]', () => {
  const config = readServeConfig({}, ['dist', '3000', '::1'], '/srv');
  assert.equal(config.root, '/srv/dist');
  assert.equal(config.port, 3000);
  assert.equal(config.host, '::1');
});

test('basic auth from either naming, and both parts are required', () => {
  assert.deepEqual(readServeConfig({ PM2_SERVE_BASIC_AUTH: 'true', PM2_SERVE_BASIC_AUTH_USERNAME: 'u', PM2_SERVE_BASIC_AUTH_PASSWORD: 'p' }, [], '/').auth, {
    username: 'u',
    password: 'p',
  });
  assert.deepEqual(readServeConfig({ TEND_SERVE_BASIC_AUTH_USERNAME: 'u', TEND_SERVE_BASIC_AUTH_PASSWORD: 'p' }, [], '/').auth, {
    username: 'u',
    password: 'p',
  });
  assert.throws(
    () => readServeConfig({ TEND_SERVE_BASIC_AUTH_USERNAME: 'u' }, [], '/'),
    (error: unknown) => error instanceof TendError && error.code === 'E_SERVE_CONFIG',
  );
  assert.throws(
    () => readServeConfig({ PM2_SERVE_BASIC_AUTH: 'true' }, [], '/'),
    (error: unknown) => error instanceof TendError && error.code === 'E_SERVE_CONFIG',
  );
});

test('bad ports are refused', () => {
  for (const port of ['http', '-1', '65536', '80.5', '0x50']) {
    assert.throws(
      () => readServeConfig({ TEND_SERVE_PORT: port }, [], '/'),
      (error: unknown) => error instanceof TendError && error.code === 'E_SERVE_CONFIG',
      port,
    );
  }
  assert.equal(readServeConfig({ TEND_SERVE_PORT: '0' }, [], '/').port, 0);
});
