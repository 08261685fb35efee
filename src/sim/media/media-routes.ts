/**
 * The media file routes of the simulated PIM, as MediaFileController serves them (akeneo/pim-community-dev
 * src/Akeneo/Pim/Enrichment/Bundle/Controller/ExternalApi/MediaFileController.php): the list (offset pagination,
 * no search, no sort: creation order), one file's metadata with `_links.download`, and the download itself,
 * streamed with `Content-Type` as stored and `Content-Disposition: attachment; filename="<original name>"`, and no
 * `Content-Length` (a Symfony StreamedResponse: chunked). Codes come raw in the path, slashes included; the
 * controller also `urldecode`s them, so an encoded code works too.
 */
import { akeneoError, type SimResponse } from '../http-server';
import { checkOffsetParameters, offsetListResponse } from '../structure/offset-list';
import type { MediaStore, SimMediaFile } from './media-store';

/** Path of the media file collection. */
export const MEDIA_FILES_PATH = '/api/rest/v1/media-files';

/** `GET` URL of one media file: the code's slashes stay raw, as Symfony's router keeps them for this route. */
export function mediaFileHref(origin: string, code: string): string {
  return `${origin}${MEDIA_FILES_PATH}/${code.split('/').map(encodeURIComponent).join('/')}`;
}

/** Download URL of one media file, as product values and media metadata link it. */
export function mediaDownloadHref(origin: string, code: string): string {
  return `${mediaFileHref(origin, code)}/download`;
}

/** Answers a GET on a media path (no trailing slash), or `undefined` when `path` is not one. */
export function routeMedia(url: URL, path: string, media: MediaStore): SimResponse | undefined {
  if (path === MEDIA_FILES_PATH) return list(url, media);
  if (!path.startsWith(`${MEDIA_FILES_PATH}/`)) return undefined;
  const rest = path.slice(MEDIA_FILES_PATH.length + 1);
  const isDownload = rest.endsWith('/download');
  const raw = isDownload ? rest.slice(0, -'/download'.length) : rest;
  const code = urldecode(raw);
  if (code === undefined || raw === '') return undefined;
  if (!isDownload) {
    const file = media.get(code);
    return file ? { status: 200, body: withLinks(url.origin, file) } : akeneoError(404, `Media file "${raw}" does not exist.`);
  }
  const file = media.get(code);
  const stream = media.open(code);
  if (!file || !stream) return akeneoError(404, `Media file "${code}" does not exist.`);
  media.countDownload(code);
  return {
    status: 200,
    headers: { 'Content-Type': file.mime_type, 'Content-Disposition': `attachment; filename="${file.original_filename}"` },
    stream,
  };
}

function list(url: URL, media: MediaStore): SimResponse {
  const bad = checkOffsetParameters(url.searchParams);
  if (bad) return bad;
  return offsetListResponse(url, {
    codes: media.codes(),
    get: (code) => {
      const file = media.get(code);
      return file && withLinks(url.origin, file);
    },
    itemHref: (code) => mediaFileHref(url.origin, code),
  });
}

/** The metadata with `_links.download` (FileNormalizer for `external_api`). */
function withLinks(origin: string, file: SimMediaFile): SimMediaFile & { _links: { download: { href: string } } } {
  return { ...file, _links: { download: { href: mediaDownloadHref(origin, file.code) } } };
}

/** PHP's `urldecode`: `+` is a space, then percent-decoding; `undefined` for a malformed escape. */
function urldecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
