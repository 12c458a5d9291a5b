export * from './json-value.js';
export * from './json-fields.js';
export * from './f32-text.js';
export * from './byte-size-text.js';
export * from './json-models.js';
export * from './json-messages.js';
export * from './http-identifier.js';
