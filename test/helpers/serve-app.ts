/** Serves a request listener (a Koa app's `callback()`) on 127.0.0.1 and a free port, for route tests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A served app: its base URL (no trailing slash) and how to close it, open connections included. */
export interface ServedApp {
  base: string;
  server: http.Server;
  close(): Promise<void>;
}

/** Listens with `handle` and resolves once the port is bound. */
export async function serveApp(handle: (req: http.IncomingMessage, res: http.ServerResponse) => unknown): Promise<ServedApp> {
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
