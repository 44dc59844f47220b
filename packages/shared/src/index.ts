/** Public entry of @throughline/shared: everything server and web must agree on. */
export * from './enums';
export * from './errors';
export * from './health';
export * from './documents';
export * from './strategy-import';
export * from './format';
export * from './glossary';
export * from './company-sign-in';
export * from './passwords';
