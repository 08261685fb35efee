/** Reads the PEM files named by the configuration (TLS certificates and keys), with errors that name the env key. */
import { readFileSync } from 'node:fs';
import { ConfigError } from './config';

/** A PEM block starts with this line prefix; any other content is refused before a TLS library sees it. */
const PEM_BEGIN = '-----BEGIN ';

/**
 * Reads the PEM file at `path`, set by the env key `key`. Throws a {@link ConfigError} naming the key and
 * the path when the file is missing, unreadable or holds no PEM block; never quotes the file's content.
 */
export function readPemFile(key: string, path: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    throw new ConfigError([key], `${key}: cannot read ${path} (${code})`);
  }
  if (!content.includes(PEM_BEGIN)) {
    throw new ConfigError([key], `${key}: ${path} holds no PEM block (expected "${PEM_BEGIN}…")`);
  }
  return content;
}
