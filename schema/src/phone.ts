/**
 * A Danish or international phone number as people write it: digits and spaces, an optional
 * leading + (surrounding spaces are trimmed). One rule for both tiers: the form says it
 * before sending, the server refuses anything else.
 */
export const PHONE_PATTERN = /^\s*\+?[0-9][0-9 ]{6,18}[0-9]\s*$/;

export const PHONE_MESSAGE = 'Skriv et telefonnummer med cifre, fx 72 53 10 00.';
