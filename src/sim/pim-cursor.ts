/** Opaque `search_after` cursors for the simulated PIM's list endpoints. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts primary keys into `search_after` cursors and back. Akeneo does not expose the key it pages on: it
 * encrypts it with `openssl_encrypt` (a configured method, key and static IV, base64 output) in
 * akeneo/pim-community-dev src/Akeneo/Tool/Component/Api/Security/PrimaryKeyEncrypter.php, used by the product-model
 * list (.../Connector/UseCase/ListProductModelsQueryHandler.php); the SaaS docs show opaque cursors for products
 * too and say the cursor "should never be set manually" (https://api.akeneo.com/documentation/pagination.html).
 * The simulator uses an authenticated cipher so that a tampered cursor is always detected.
 */
export class CursorCodec {
  private readonly key = randomBytes(32);
  private readonly iv = randomBytes(12);

  /** The cursor of primary key `id`: deterministic for this codec, base64 like `openssl_encrypt`'s output. */
  encode(id: string): string {
    const cipher = createCipheriv('aes-256-gcm', this.key, this.iv);
    const body = Buffer.concat([cipher.update(id, 'utf8'), cipher.final()]);
    return Buffer.concat([body, cipher.getAuthTag()]).toString('base64');
  }

  /** The primary key of a cursor made by {@link CursorCodec.encode}, or `undefined` for anything else. */
  decode(cursor: string): string | undefined {
    const raw = Buffer.from(cursor, 'base64');
    if (raw.length < 16 || raw.toString('base64') !== cursor) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, this.iv);
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
