/** The vocabulary both tiers share: error codes and refusal reasons with their Danish texts, Danish calendar days, the days a mentor grant runs, CPR numbers, and the law versions' first days. */
export * from './errors.js';
export * from './dates.js';
export * from './cpr.js';
export * from './phone.js';
export * from './words.js';
export * from './law.js';
export * from './denials.js';
export * from './meetings.js';
export * from './programme-correction.js';
export * from './citizen-access.js';
export * from './new-programme.js';
export * from './programme-sources.js';
export * from './mentor-grants.js';
