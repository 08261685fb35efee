/** Temporal connection options (address, TLS, API key) from {@link TemporalConfig}, for every process. */
import type { TLSConfig } from '@temporalio/client';
import { ConfigError, type TemporalConfig } from './config';
import { readPemFile } from './pem-file';

/**
 * Options accepted as they are by `Connection.connect`/`Connection.lazy` (`@temporalio/client`) and by
 * `NativeConnection.connect` (`@temporalio/worker`).
 */
export interface TemporalConnectionOptions {
  address: string;
  /** Absent: plaintext (a local dev server). `true`: TLS with the system's roots (Temporal Cloud). */
  tls?: TLSConfig | boolean;
  /** Sent as `Authorization: Bearer …` (Temporal Cloud API key). */
  apiKey?: string;
  /** gRPC headers sent with every call. */
  metadata?: Record<string, string>;
}

/** The env keys behind {@link TemporalConfig.tls}, named in errors. */
export const TemporalTlsEnv = {
  CERT: 'TEMPORAL_TLS_CERT_FILE',
  KEY: 'TEMPORAL_TLS_KEY_FILE',
  CA: 'TEMPORAL_TLS_CA_FILE',
} as const;

/**
 * Builds the connection options of `t`, reading its PEM files now: mTLS client pair from the cert and key
 * files, root CA from the CA file, SNI from the server name. An API key alone implies TLS (Temporal Cloud).
 * Throws a {@link ConfigError} naming the env key of a missing or unreadable file, or of half a client pair.
 */
export function temporalConnectionOptions(t: TemporalConfig): TemporalConnectionOptions {
  const tls = t.tls ? tlsConfig(t.tls) : t.apiKey ? true : undefined;
  return {
    address: t.address,
    ...(tls !== undefined && { tls }),
    // The namespace header routes API-key calls on Temporal Cloud's regional endpoints; harmless elsewhere.
    ...(t.apiKey && { apiKey: t.apiKey, metadata: { 'temporal-namespace': t.namespace } }),
  };
}

function tlsConfig(files: NonNullable<TemporalConfig['tls']>): TLSConfig {
  if (Boolean(files.certFile) !== Boolean(files.keyFile)) {
    const missing = files.certFile ? TemporalTlsEnv.KEY : TemporalTlsEnv.CERT;
    throw new ConfigError([missing], `${missing}: set both ${TemporalTlsEnv.CERT} and ${TemporalTlsEnv.KEY}, or neither`);
  }
  return {
    ...(files.serverName && { serverNameOverride: files.serverName }),
    ...(files.caFile && { serverRootCACertificate: readPemFile(TemporalTlsEnv.CA, files.caFile) }),
    ...(files.certFile &&
      files.keyFile && {
        clientCertPair: { crt: readPemFile(TemporalTlsEnv.CERT, files.certFile), key: readPemFile(TemporalTlsEnv.KEY, files.keyFile) },
      }),
  };
}
