// A git repository served over HTTP behind basic auth, on 127.0.0.1: what a sync source at
// `http://user:password@host/repo.git` reaches. It serves git's "dumb" protocol (the repository's
// files as they are, after `git update-server-info`), so no git server needs installing.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { git } from './sync-fixture.js';

export interface GitHttpServer {
  /** The repository's address with these credentials in it. */
  url(user: string, password: string): string;
  /** The password the server accepts from now on. */
  password: string;
  /** Requests that carried the right credentials. */
  authorized: number;
  /** Publishes the work repository's current refs (after a commit). */
  publish(): void;
  close(): Promise<void>;
}

export async function serveGitOverHttp(workDir: string, user: string, password: string): Promise<GitHttpServer> {
  const gitDir = join(workDir, '.git');
  let port = 0;
  const served: GitHttpServer = {
    url: (name, secret) => `http://${encodeURIComponent(name)}:${encodeURIComponent(secret)}@127.0.0.1:${port}/repo.git`,
    password,
    authorized: 0,
    publish: () => void git(workDir, ['update-server-info']),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    const expected = `Basic ${Buffer.from(`${user}:${served.password}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="repo"' }).end();
      return;
    }
    served.authorized += 1;
    const path = new URL(request.url ?? '/', 'http://repo').pathname;
    const inside = normalize(path.replace(/^\/repo\.git\//, ''));
    if (!path.startsWith('/repo.git/') || inside.startsWith('..')) {
      response.writeHead(404).end();
      return;
    }
    readFile(join(gitDir, inside)).then(
      (body) => response.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  served.publish();
  return served;
}
