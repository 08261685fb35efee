/**
 * What a product-model code, a product identifier (SKU) and a product uuid may be: checked on every way in (the
 * webhooks, PIM listings and searches, the CLI, the history route) and again wherever one becomes a URL path
 * segment. Pure and workflow-safe.
 *
 * Akeneo's rules (akeneo/pim-community-dev, src/Akeneo/Pim/Enrichment/...):
 * - a product model's `code`: NotBlank, Regex `/^(?!\s)[^,;]+(?<!\s)$/`, Length max 255
 *   (Bundle/Resources/config/validation/productmodel.yml);
 * - a product's `identifier`: the same Regex, no line break (`/^[^\r\n\f\v]+$/D`), Length max 255
 *   (Bundle/Resources/config/validation/product.yml, Component/Product/Validator/ConstraintGuesser/
 *   IdentifierFormatGuesser.php). Length counts characters (code points), as here.
 * Slashes are allowed: the REST routes take `{code}` as `.+` (Bundle/Resources/config/routing/external_api/
 * product_model.yml, product.yml), so a code always travels as one percent-encoded segment.
 *
 * Where this service differs, and why:
 * - Leading or trailing spaces are accepted (a blank value is not): Akeneo forbade them only in 2019 and left
 *   the existing ones in the database (PIM-8894, https://github.com/akeneo/pim-community-dev/pull/10963).
 * - Every control character is refused, not only line breaks: none is typable in the PIM's UI, and they end up
 *   in logs, workflow ids and search attributes.
 * - A `.` or `..` path segment is refused, even percent-encoded (`%2e`, `%2f`, `%5c`, `%25` decoded as often as
 *   they nest) or behind `/` or `\`: URL resolution collapses dot segments, so `GET …/product-models/..` would
 *   reach `/api/rest/v1/` with the PIM token and `DELETE {DESTINATION_URL}/product-models/..` the third party's
 *   root, and a proxy that decodes before normalizing does the same to `%2e%2e`. Akeneo's own REST API cannot
 *   serve such a code either (every HTTP client collapses it), so no catalogue that syncs can depend on one.
 */
import type { EntityKind } from './entity';

/** Most characters (code points) of a product-model code or a product identifier: Akeneo's `Length(max: 255)`. */
export const MAX_ENTITY_CODE_LENGTH = 255;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTROL = /\p{Cc}/u;
const COMMA_OR_SEMICOLON = /[,;]/;
const SEPARATORS = /[/\\]/;
const ENCODED = /%(2e|2f|5c|25)/gi;
const DECODED: Record<string, string> = { '2e': '.', '2f': '/', '5c': '\\', '25': '%' };

/** An id that cannot name an entity, refused before it reaches a URL. */
export class InvalidEntityIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEntityIdError';
  }
}

/** Whether `value` holds a `.` or `..` path segment, as is or once percent-decoded (nested encodings included). */
export function hasDotSegment(value: string): boolean {
  let s = value;
  // Each pass only shortens the string, so this ends; a dot segment, once there, survives further passes.
  for (let next = decodeDots(s); next !== s; next = decodeDots(s)) s = next;
  return s.split(SEPARATORS).some((segment) => segment === '.' || segment === '..');
}

function decodeDots(s: string): string {
  return s.replace(ENCODED, (_, hex: string) => DECODED[hex.toLowerCase()]);
}

function codePointsOver(s: string, max: number): boolean {
  // A UTF-16 string holds at least length / 2 code points: only a string in between needs counting.
  if (s.length <= max) return false;
  if (s.length > 2 * max) return true;
  return [...s].length > max;
}

/** Why `value` cannot be a product-model code or a product identifier (a phrase), or `undefined` when it can. */
export function entityCodeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim() === '') return 'must not be empty or blank';
  if (codePointsOver(value, MAX_ENTITY_CODE_LENGTH)) return `must be at most ${MAX_ENTITY_CODE_LENGTH} characters`;
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (COMMA_OR_SEMICOLON.test(value)) return 'must not contain a comma or a semicolon';
  if (hasDotSegment(value)) return "must not be or contain a '.' or '..' path segment";
  return undefined;
}

/** Whether `value` is a product uuid (any case; the service lower-cases them). */
export function isProductUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Why `id` cannot name an entity of `kind` (a product uuid, a product-model code), or `undefined` when it can. */
export function entityIdProblem(kind: EntityKind, id: unknown): string | undefined {
  if (kind === 'product') return isProductUuid(id) ? undefined : 'must be a uuid';
  return entityCodeProblem(id);
}

/** A quoted, shortened form of an untrusted id for messages and logs. */
export function shownId(value: unknown): string {
  const points = [...(typeof value === 'string' ? value : String(value))];
  return points.length > 40 ? `${JSON.stringify(points.slice(0, 40).join(''))}… (${points.length} characters)` : JSON.stringify(points.join(''));
}

/**
 * `value` as one URL path segment: percent-encoded, so a `/` stays inside it. Throws {@link InvalidEntityIdError}
 * when it is empty or holds a dot segment, which URL resolution would collapse into the parent path.
 */
export function pathSegment(value: string): string {
  if (value === '' || hasDotSegment(value)) throw new InvalidEntityIdError(`refusing to put ${shownId(value)} in a URL path: empty or a dot segment`);
  return encodeURIComponent(value);
}
