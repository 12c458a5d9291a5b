export * from './errors/error-codes.js';
export * from './errors/iggy-error.js';
export * from './buffer-reader.js';
export * from './buffer-writer.js';
export * from './command-codes.js';
export * from './frame.js';
export * from './limits.js';
export * from './models/identifier.js';
