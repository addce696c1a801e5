import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.csv': 'text/csv; charset=utf-8',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** One request as the server saw it, for tests that count requests (e.g. "one 304, nothing else"). */
export interface ServedRequest {
  path: string;
  status: number;
  ifNoneMatch?: string;
}

export interface StaticServer {
  origin: string;
  server: Server;
  /** Every request so far, in order. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

/**
 * Serves a folder on 127.0.0.1 (never another interface), for the demo, the browser tests and the
 * feed. Like a typical static host it sends an ETag (size and modification time) and answers
 * `If-None-Match` with 304 Not Modified.
 *
 * @example const site = await serveFolder('cli/demo-site'); console.log(site.origin);
 */
export async function serveFolder(folder: string, port = 0): Promise<StaticServer> {
  const root = resolve(folder);
  const requests: ServedRequest[] = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const ifNoneMatch = request.headers['if-none-match'];
    const log = (status: number) => requests.push({ path, status, ...(ifNoneMatch ? { ifNoneMatch } : {}) });
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      log(403);
      response.writeHead(403).end();
      return;
    }
    let info;
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      info = await stat(file);
    } catch {
      log(404);
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    if (ifNoneMatch === etag) {
      log(304);
      response.writeHead(304, { etag }).end();
      return;
    }
    log(200);
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      etag,
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    origin: `http://127.0.0.1:${actualPort}`,
    server,
    requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
