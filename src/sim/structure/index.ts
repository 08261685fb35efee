/** The simulated PIM's catalogue structure: the catalogue, its seed, its REST routes. */
export * from './catalogue';
export * from './offset-list';
export * from './represent';
export * from './routes';
export * from './search';
export * from './seed';
export { ENABLED_LOCALES } from './seed-baseline';
export * from './types';
