/**
 * A Danish or international phone number as people write it: digits and spaces, an optional
 * leading + (surrounding spaces are trimmed). One rule for both tiers: the form says it
 * before sending, the server refuses anything else.
 */
export const PHONE_PATTERN = /^\s*\+?[0-9][0-9 ]{6,18}[0-9]\s*$/;

export const PHONE_MESSAGE = 'Skriv et telefonnummer med cifre, fx 72 53 10 00.';

/** "72531000" and "72 53 10 00" are one number: spaces are kept as written, runs of them made one; empty is none. */
export const normalPhone = (phone: string | null | undefined): string | null => phone?.trim().replace(/ +/g, ' ') || null;

/**
 * Whether a phone number is one, judged as it is stored (`normalPhone`): the pattern counts
 * the spaces between the digits, so "12   345" matches as written but is five digits stored.
 */
export const isPhone = (phone: string): boolean => {
  const stored = normalPhone(phone);
  return stored !== null && PHONE_PATTERN.test(stored);
};
