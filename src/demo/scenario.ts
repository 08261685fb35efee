/** The demo's event stream: realistic PIM activity with variants, duplicates, reordering, removals and a burst. */
import type { Catalog } from '../sim/catalog';
import { value } from '../sim/catalog-values';
import type { EventPlatformSimulator } from '../sim/event-platform';
import type { MediaStore } from '../sim/media/media-store';
import { EventSender, acceptedEventIds, type SendRecord } from '../sim/event-sender';
import type { LOCAL_SECRETS } from '../dev/local-stack';

/** What the scenario sent and how the API answered. */
export interface ScenarioResult {
  records: SendRecord[];
  /** Distinct event ids the API acknowledged with 2xx. */
  accepted: number;
  /** Extra deliveries of an already-sent event id (duplicates the PIM sent on purpose). */
  duplicatesSent: number;
  /** Old events re-delivered after newer ones (out of order on purpose). */
  staleSent: number;
  /** Product uuids the scenario touched, removed ones included. */
  productIds: string[];
  modelCodes: string[];
  /** Media files the scenario gave products and models (images on `picture`, one PDF on `manual`). */
  mediaCodes: string[];
}

/** Distinct product photos: each is shared by several products, and transferred once. */
const PHOTOS = 5;

/** The demo's media files in the PIM: product photos, a model photo and a manual (none without `media`). */
function addMedia(media: MediaStore | undefined): { photos: string[]; modelPhoto?: string; manual?: string } {
  if (!media) return { photos: [] };
  const photos = Array.from({ length: PHOTOS }, (_, i) => media.add({ originalFilename: `photo_${i + 1}.jpg`, size: 150_000 + i * 25_000 }).code);
  const modelPhoto = media.add({ originalFilename: 'model front.png', size: 300_000 }).code;
  const manual = media.add({ originalFilename: 'care instructions.pdf', size: 400_000 }).code;
  return { photos, modelPhoto, manual };
}

/**
 * Runs the scenario against the API at `apiUrl`. With `platform` (the default demo), the Event Platform
 * delivers every change and the legacy Events API runs beside it for the import and the burst, as during a
 * migration: each of those changes arrives twice, under two event ids. With `media` (the PIM's media files, its
 * structure seeded so that `picture` and `manual` are image and file attributes), every other product has a photo.
 */
export async function runScenario(catalog: Catalog, apiUrl: string, secrets: typeof LOCAL_SECRETS, size: number, platform?: EventPlatformSimulator, media?: MediaStore): Promise<ScenarioResult> {
  const chaotic = new EventSender({
    catalog,
    eventsApi: { url: `${apiUrl}/akeneo/events`, secret: secrets.events },
    eventPlatform: { url: `${apiUrl}/akeneo/event-platform`, primary: secrets.platform, secondary: secrets.platformSecondary },
    chaos: { duplicateRate: 0.15, shuffle: true },
    concurrency: 4,
  });
  const start = catalog.lastSeq;

  // 1. The connection's "Test" button, then an import: creations in bulks of 10 (legacy Events API).
  await chaotic.ping();
  const files = addMedia(media);
  const mediaOf = (i: number) => ({
    ...(i % 2 === 0 && files.photos.length > 0 && { picture: [value(files.photos[(i / 2) % files.photos.length])] }),
    ...(i === 0 && files.manual && { manual: [value(files.manual)] }),
  });
  const products = Array.from({ length: size }, (_, i) => catalog.createProduct({ values: mediaOf(i) }));
  const models = [catalog.createProductModel(files.modelPhoto ? { values: { picture: [value(files.modelPhoto)] } } : {}), catalog.createProductModel()];
  // Variant products of the first model: they show its values, and hear of its changes only through it.
  const variants = Array.from({ length: 3 }, () => catalog.createProduct({ parent: models[0].code }));
  await chaotic.flush('events-api');
  await platform?.deliver();

  // 2. Editors at work, seen through the Event Platform: updates, and a few removals.
  for (const p of products.slice(0, Math.ceil(size / 3))) catalog.updateProduct(p.uuid);
  // One event for the model; its variants inherit the new value without their `updated` moving.
  catalog.updateProductModel(models[0].code, { values: { collection: [value('winter_2026')] } });
  for (const p of products.slice(-3)) catalog.removeProduct(p.uuid);
  if (platform) await platform.deliver();
  else await chaotic.flush('event-platform');

  // 3. A burst: one product edited 20 times in a row (a rule or an API client).
  const hot = products[0];
  for (let i = 0; i < 20; i++) catalog.updateProduct(hot.uuid);
  await chaotic.flush('events-api');
  await platform?.deliver();

  // 4. Late deliveries: the first changes of the updated products arrive again, after newer ones.
  const late = catalog
    .changes(start)
    .filter((c) => c.action === 'created' && c.kind === 'product')
    .slice(0, Math.ceil(size / 3));
  const ordered = new EventSender({
    catalog,
    eventPlatform: { url: `${apiUrl}/akeneo/event-platform`, primary: secrets.platform },
  });
  await ordered.sendEventPlatform(late);

  const all = [...chaotic.records, ...ordered.records];
  const sentIds = all.flatMap((r) => r.eventIds);
  return {
    records: all,
    accepted: acceptedEventIds(all).size,
    duplicatesSent: sentIds.length - new Set(sentIds).size,
    staleSent: late.length,
    productIds: [...products, ...variants].map((p) => p.uuid),
    modelCodes: models.map((m) => m.code),
    mediaCodes: [...files.photos, ...(files.modelPhoto ? [files.modelPhoto] : []), ...(files.manual ? [files.manual] : [])],
  };
}
