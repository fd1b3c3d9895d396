/** The vocabulary both tiers share: error codes with their Danish texts, and Danish calendar days. */
export * from './errors.js';
export * from './dates.js';
