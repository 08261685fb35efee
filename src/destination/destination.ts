/** The third-party system products are written to. One interface; one file per adapter. */
import type { EntityRef } from '../domain/entity';
import type { Readable } from 'node:stream';
import type { WriteOutcome } from '../domain/write-outcome';

/** What identifies the version an upsert writes. */
export interface UpsertMeta {
  /** The PIM's `updated` of the entity, as the PIM gave it. */
  version: string;
  /**
   * Content digest of the PIM's JSON: tells apart two saves within the same second (same `updated`).
   * Absent from writes scheduled by workflows that predate it.
   */
  digest?: string;
}

/** What identifies a removal. */
export interface RemoveMeta {
  /** When the entity was removed, ISO-8601 UTC. */
  version: string;
}

/** What describes a media file's bytes on upload. */
export interface MediaMeta {
  /** `Content-Type` as the PIM gave it. */
  contentType: string;
  /** Size in bytes, when known beforehand. */
  size?: number;
}

/** Writes entities to the third party. Implementations are idempotent. */
export interface Destination {
  /** Creates or replaces the entity with the PIM's JSON; `superseded` when the third party keeps a newer version. */
  upsert(ref: EntityRef, data: unknown, meta: UpsertMeta, signal?: AbortSignal): Promise<WriteOutcome>;
  /** Deletes the entity; deleting one the third party does not know counts as done (`written`). */
  remove(ref: EntityRef, meta: RemoveMeta, signal?: AbortSignal): Promise<WriteOutcome>;
  /** Whether the media file `code` is at the third party (codes are immutable: present means complete). */
  hasMedia(code: string, signal?: AbortSignal): Promise<boolean>;
  /** Stores the media file `code` from `body`, streamed; a body that errors leaves nothing stored. */
  putMedia(code: string, body: Readable, meta: MediaMeta, signal?: AbortSignal): Promise<void>;
  /** Creates or replaces a structure item (key: see `domain/structure.ts`) with the PIM's JSON. */
  upsertStructure(key: string, data: unknown, meta: { digest: string }, signal?: AbortSignal): Promise<WriteOutcome>;
  /** Deletes a structure item; one the third party does not know counts as done. */
  removeStructure(key: string, signal?: AbortSignal): Promise<WriteOutcome>;
}
