/** JSON as PHP's `json_encode` writes it with default flags: compact, `/` as `\/`, non-ASCII as `\uXXXX`. */

/**
 * Serializes `value` byte for byte like Akeneo's webhook bodies (keys keep their insertion order). Zero fractions
 * survive where the PIM writes decimals, because it writes them as strings (`"amount": "800.0000"`: number, metric
 * and price values with decimals allowed, https://api.akeneo.com/concepts/products.html, akeneo/pim-api-docs
 * content/concepts/products.md); a float-typed number loses it, as with PHP's `json_encode` without
 * `JSON_PRESERVE_ZERO_FRACTION` (https://wiki.php.net/rfc/json_preserve_fractional_part), and so does a JS number.
 */
export function phpJsonEncode(value: unknown): string {
  // In JSON text, `/` and non-ASCII characters can only occur inside strings, so escaping them
  // everywhere is safe.
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
