import { createServer, request as httpRequest, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** One request the browser made through the proxy: for https only the host it tunnelled to. */
export interface Recorded {
  method: string;
  url: string;
  body: string;
}

export interface RecordingProxy {
  port: number;
  recorded: Recorded[];
  close(): Promise<void>;
}

/**
 * A network capture for a browser whose own tools cannot see every request (Firefox's WebDriver
 * BiDi does not report the background page's): the browser is configured to send everything
 * through this HTTP proxy, loopback included. Plain http is recorded with its body and forwarded;
 * https is recorded as the host it tunnels to (CONNECT) and refused, since a test must not reach
 * the internet.
 */
export async function startRecordingProxy(): Promise<RecordingProxy> {
  const recorded: Recorded[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = incoming.url ?? '';
      recorded.push({ method: incoming.method ?? '', url, body: body.toString('utf8') });
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        outgoing.writeHead(400).end();
        return;
      }
      if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
        outgoing.writeHead(502).end();
        return;
      }
      const forward = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: incoming.method,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.on('error', () => outgoing.writeHead(502).end());
      forward.end(body);
    });
  });
  server.on('connect', (req, socket) => {
    recorded.push({ method: 'CONNECT', url: `https://${req.url ?? ''}/`, body: '' });
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  // Keep-alive sockets would hold close() open.
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    recorded,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Firefox preferences that send every request, loopback too, through the proxy on `port`. */
export function proxyPrefs(port: number): Record<string, string | number | boolean> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': port,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.share_proxy_settings': true,
  };
}
