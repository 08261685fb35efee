/** pino logger factory: JSON logs, secrets redacted, ids rather than payloads. */
import pino from 'pino';

/** Paths never written to logs. */
const REDACT = [
  'req.headers.authorization',
  'req.headers["x-akeneo-request-signature"]',
  'req.headers["x-akeneo-signature-primary"]',
  'req.headers["x-akeneo-signature-secondary"]',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
];

/** Creates the process logger. */
export function createLogger(level = 'info', name = 'akeneo-sync'): pino.Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' } });
}
