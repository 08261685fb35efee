/**
 * A TCP load balancer on 127.0.0.1 in front of the Temporal cluster test bed's frontends, as a Kubernetes Service
 * or a cloud load balancer stands in front of a production cluster: each new connection goes to the next backend
 * in turn that accepts it. A backend that dies takes its connections with it; the gRPC clients reconnect
 * and land on a live one. It can also slow every answer down (`answerDelayMs`), as a Temporal that takes its
 * time to confirm does. Test bed only.
 */
import net from 'node:net';

/** A running balancer. */
export interface TcpBalancer {
  /** `127.0.0.1:<port>`. */
  address: string;
  /** Connections handed to each backend so far, by backend address. */
  readonly connections: Map<string, number>;
  close(): Promise<void>;
}

function connectTo(address: string): Promise<net.Socket> {
  const at = address.lastIndexOf(':');
  const socket = net.connect({ host: address.slice(0, at), port: Number(address.slice(at + 1)) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Options of {@link startTcpBalancer}. */
export interface TcpBalancerOptions {
  /** Every byte from a backend reaches its client this many milliseconds late (default 0: piped as it comes). */
  answerDelayMs?: number;
}

/** Writes what `from` sends to `to`, each chunk `ms` late; equal delays keep the chunks in order. */
function pipeLate(from: net.Socket, to: net.Socket, ms: number): void {
  from.on('data', (chunk: Buffer) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, ms);
  });
}

/** Starts a balancer over `backends` (`host:port` each) on a free port of 127.0.0.1. */
export async function startTcpBalancer(backends: readonly string[], options: TcpBalancerOptions = {}): Promise<TcpBalancer> {
  if (backends.length === 0) throw new Error('startTcpBalancer: no backend');
  const connections = new Map(backends.map((b) => [b, 0]));
  const open = new Set<net.Socket>();
  let next = 0;

  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    void (async () => {
      // Every backend once, starting with the next in turn.
      for (let tried = 0; tried < backends.length; tried++) {
        const backend = backends[next++ % backends.length];
        let upstream: net.Socket;
        try {
          upstream = await connectTo(backend);
        } catch {
          continue;
        }
        if (client.destroyed) return void upstream.destroy();
        connections.set(backend, (connections.get(backend) ?? 0) + 1);
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        if (options.answerDelayMs) pipeLate(upstream, client, options.answerDelayMs);
        else upstream.pipe(client);
        client.resume();
        return;
      }
      client.destroy();
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
