/** The simulated PIM's product media files: store, generated contents, REST routes, links in product values. */
export * from './media-content';
export * from './media-links';
export * from './media-pacing';
export * from './media-routes';
export * from './media-store';
