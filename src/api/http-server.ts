/** The API's Node HTTP(S) server, with the timeouts that cut off slow clients. */
import http from 'node:http';
import https from 'node:https';

/** Longest a client may take to send a request's headers. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Longest a client may take to send a whole request. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** How often Node looks for requests past those timeouts. */
export const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** The slow-client timeouts (tests lower them). */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  checkIntervalMs: number;
}

/** The production values. */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: HEADERS_TIMEOUT_MS,
  requestMs: REQUEST_TIMEOUT_MS,
  checkIntervalMs: TIMEOUT_CHECK_INTERVAL_MS,
};

/**
 * Creates the server, over HTTPS when `tls` is given. Akeneo sends a whole request within its own 0.5 s (legacy)
 * or 5 s (Event Platform) timeout, so a client still sending headers after 10 s, or a request after 60 s (a
 * 32 MiB body at 0.5 MB/s), is answered 408 and cut off (Node's defaults: 60 s and 300 s). Node only looks for
 * such requests every `connectionsCheckingInterval` (30 s by default, which would stretch the 10 s to 40 s).
 */
export function createHttpServer(tls: https.ServerOptions | undefined, timeouts: HttpTimeouts = DEFAULT_HTTP_TIMEOUTS): http.Server {
  const options: http.ServerOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
  };
  return tls ? https.createServer({ ...tls, ...options }) : http.createServer(options);
}
