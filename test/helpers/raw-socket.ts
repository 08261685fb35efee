/** A raw TCP client for HTTP tests that must send a request slowly, or only part of it. */
import net from 'node:net';

/** An open connection: what it received so far, and when the server closed it. */
export interface RawSocket {
  socket: net.Socket;
  /** Everything received so far, as latin1 text. */
  received(): string;
  /** Resolves with the elapsed milliseconds once the server has closed the connection (or it broke). */
  closed: Promise<number>;
  /** Writes `text`, ignoring a connection the server has already closed. */
  write(text: string | Buffer): void;
}

/** Connects to `url`'s host and port and resolves once connected. */
export async function openRawSocket(url: string): Promise<RawSocket> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const started = performance.now();
  let text = '';
  socket.on('data', (b: Buffer) => void (text += b.toString('latin1')));
  // A reset after the server's answer is a close like any other here.
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - started)));
  return {
    socket,
    received: () => text,
    closed,
    write: (chunk) => void (socket.writable && socket.write(chunk)),
  };
}

/** The status code of the first HTTP answer in `text`, or 0 when none came. */
export function statusOf(text: string): number {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return m ? Number(m[1]) : 0;
}
