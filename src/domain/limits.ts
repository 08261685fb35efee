/** Limits of the PIM's REST API the whole service keeps to (Akeneo's REST API good practices). */

/** Default most concurrent calls to the PIM from the whole deployment: Akeneo allows 4 per connection. */
export const DEFAULT_PIM_MAX_CONCURRENCY = 4;

/** Most items Akeneo returns in one list page, and most ids one `uuid IN` search takes. */
export const PIM_LIST_MAX_LIMIT = 100;

/** PIM pages per listing activity: 1,000 entities, about 75 kB of `{id, updated, digest}`. */
export const PAGES_PER_LISTING = 10;

/** Default `MEDIA_MAX_BYTES`: media files larger than 50 MB are not transferred. */
export const DEFAULT_MEDIA_MAX_BYTES = 50_000_000;

/**
 * Default `MEDIA_KNOWN_TTL`: how long a worker remembers a media file as present at the third party (or over the
 * limit). Media codes are immutable, but a file may be removed from the third party after it was seen: after this
 * long the next sync that uses it asks again (one `HEAD`) and sends it again if it is gone, rather than at the
 * worker's next restart. At most one `HEAD` per file and hour per worker.
 */
export const DEFAULT_MEDIA_KNOWN_TTL_MS = 3_600_000;
