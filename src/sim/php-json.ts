/** JSON as PHP's `json_encode` writes it with default flags: compact, `/` as `\/`, non-ASCII as `\uXXXX`. */

/** Serializes `value` byte for byte like Akeneo's webhook bodies (keys keep their insertion order). */
export function phpJsonEncode(value: unknown): string {
  // In JSON text, `/` and non-ASCII characters can only occur inside strings, so escaping them
  // everywhere is safe.
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
