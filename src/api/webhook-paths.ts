/**
 * Spelling tolerance for the Event Platform paths. A 404 suspends a subscription at once, so a URL
 * registered with a trailing or doubled slash, or another letter case, still reaches its route
 * (the router alone already forgives one trailing slash and the case, not a doubled slash).
 */
import type { Middleware } from 'koa';

/** The path `path` stands for: slashes collapsed, trailing ones dropped, lower case. */
export function canonicalPath(path: string): string {
  return path.replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1').toLowerCase();
}

/** Rewrites the request path to the one of `paths` it spells differently; other requests pass untouched. */
export function canonicalWebhookPaths(paths: readonly string[]): Middleware {
  const known = new Set(paths);
  return async (ctx, next) => {
    const canonical = canonicalPath(ctx.path);
    if (canonical !== ctx.path && known.has(canonical)) ctx.path = canonical;
    await next();
  };
}
