/** The vocabulary both tiers share: error codes with their Danish texts, Danish calendar days, and CPR numbers. */
export * from './errors.js';
export * from './dates.js';
export * from './cpr.js';
export * from './phone.js';
export * from './words.js';
