/** Checks of the management API's request bodies shared by subscribers and subscriptions; failures become 400s. */

/** A request body the API refuses (400), with every problem found. */
export class ValidationError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
    this.name = 'ValidationError';
  }
}

/** Hosts to which plain `http://` URLs are accepted, so that tests can use local receivers (a simulator-only leniency). */
export const DEFAULT_INSECURE_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** Collects problems while reading a body. */
export class Problems {
  readonly messages: string[] = [];

  add(message: string): void {
    this.messages.push(message);
  }

  /** Throws a {@link ValidationError} when a problem was found. */
  throwIfAny(): void {
    if (this.messages.length > 0) throw new ValidationError(this.messages);
  }
}

/** The body as a plain object, or a 400. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new ValidationError(['the request body must be a JSON object']);
  return body;
}

/** Whether `value` is a plain (non-array) object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is a string, else records a problem (`undefined` passes when not `required`). */
export function readString(problems: Problems, value: unknown, field: string, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) problems.add(`${field} is required`);
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(`${field} must be a string`);
    return undefined;
  }
  return value;
}

/**
 * A secret of 16 to 256 characters: HTTPS `secret.primary`/`secondary` in the 2024 OpenAPI file
 * (akeneo/pim-api-docs content/swagger/aep/public-oas.yml at 056e8083^, `minLength: 16`, `maxLength: 256`) and
 * `notification_webhook_secret` in https://api.akeneo.com/event-platform/notification-webhooks.html.
 */
export function checkSecret(problems: Problems, value: string | undefined, field: string): void {
  if (value !== undefined && (value.length < 16 || value.length > 256)) problems.add(`${field} must be 16 to 256 characters long`);
}

/**
 * An `https://` URL ("HTTPS is mandatory", getting-started.html; "must be HTTPS", notification-webhooks.html), or
 * `http://` to one of `insecureHosts`.
 */
export function checkUrl(problems: Problems, value: string | undefined, field: string, insecureHosts: readonly string[]): void {
  if (value === undefined) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.add(`${field} must be a valid URL`);
    return;
  }
  const plainAllowed = url.protocol === 'http:' && insecureHosts.includes(url.hostname);
  if (url.protocol !== 'https:' && !plainAllowed) problems.add(`${field} must use the https scheme`);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A syntactically plausible email address. */
export function checkEmail(problems: Problems, value: string | undefined, field: string): void {
  if (value !== undefined && !EMAIL.test(value)) problems.add(`${field} must be a valid email address`);
}

/** Removes a trailing slash, so that `https://pim/` and `https://pim` name the same PIM. */
export function normalizePimUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
