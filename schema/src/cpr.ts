/**
 * The CPR number (personnummer) as both tiers read it, so that the form and the server
 * accept and refuse the same numbers with the same Danish words.
 *
 * A CPR number is ten digits, DDMMYY-SSSS: the birth date, then a serial whose first digit
 * (the number's 7th) gives the century of the birth year (CPR-kontoret, "Personnummeret i
 * CPR-systemet"):
 *   - 0–3: 1900–1999;
 *   - 4 and 9: 2000–2036 when YY is 00–36, else 1937–1999;
 *   - 5–8: 2000–2057 when YY is 00–57, else 1858–1899.
 * The last digit gives the legal sex; nothing here reads it.
 *
 * There is deliberately no modulus-11 check: since 1 October 2007 CPR-kontoret issues
 * numbers that do not satisfy it (the numbers with it ran out for some birth dates), so a
 * check would refuse real citizens.
 */

/** What a CPR number tells: its ten digits and the birth date, 'YYYY-MM-DD'. */
export interface Cpr {
  digits: string;
  birthDate: string;
}

export type CprResult = { ok: true; cpr: Cpr } | { ok: false; problem: string };

// A dash or one space after the 6th digit: both are how the number is written down ("010190 1234").
const CPR_INPUT = /^(\d{6})[- ]?(\d{4})$/;

/** True for what is written like a CPR number (ten digits, or six, a dash or a space and four), valid or not. */
export function looksLikeCpr(input: string): boolean {
  return CPR_INPUT.test(input.trim());
}

/** The full birth year from YY and the number's 7th digit (CPR-kontoret's rule above). */
export function cprBirthYear(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

/**
 * Reads a CPR number as typed: ten digits, a dash or a space after the 6th allowed, spaces around
 * ignored. The birth date must be a real day (29 February only in a leap year) and, when
 * `today` is given, not after it.
 */
export function parseCpr(input: string, today?: string): CprResult {
  const m = CPR_INPUT.exec(input.trim());
  if (!m) return { ok: false, problem: 'Skriv CPR-nummeret med 10 cifre, fx 010190-1234.' };
  const digits = m[1] + m[2];
  const [dd, mm, yy, seventh] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4)), Number(digits.slice(4, 6)), Number(digits[6])];
  const year = cprBirthYear(yy, seventh);
  const lastDay = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  if (mm < 1 || mm > 12 || dd < 1 || dd > lastDay) return { ok: false, problem: 'CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ).' };
  const birthDate = `${year}-${digits.slice(2, 4)}-${digits.slice(0, 2)}`;
  if (today && birthDate > today) return { ok: false, problem: 'Fødselsdatoen i CPR-nummeret ligger i fremtiden.' };
  return { ok: true, cpr: { digits, birthDate } };
}

/** 'DDMMYY-SSSS'. */
export function formatCpr(digits: string): string {
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}

/** 'DDMMYY-****': the birth date part only, for whoever may not see the whole number. */
export function maskCpr(digits: string): string {
  return `${digits.slice(0, 6)}-****`;
}
