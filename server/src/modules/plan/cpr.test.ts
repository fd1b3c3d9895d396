import { cprBirthYear, formatCpr, looksLikeCpr, maskCpr, parseCpr } from '@samplan/schema';

const birthDate = (input: string, today?: string) => {
  const r = parseCpr(input, today);
  return r.ok ? r.cpr.birthDate : r.problem;
};

describe('CPR numbers (the rule server and client share)', () => {
  it('reads ten digits, with or without a dash or a space after the 6th, into the digits and the birth date', () => {
    expect(parseCpr('010190-1234')).toEqual({ ok: true, cpr: { digits: '0101901234', birthDate: '1990-01-01' } });
    expect(parseCpr('010190 1234')).toEqual({ ok: true, cpr: { digits: '0101901234', birthDate: '1990-01-01' } });
    expect(parseCpr(' 0101901234 ')).toEqual({ ok: true, cpr: { digits: '0101901234', birthDate: '1990-01-01' } });
  });

  it('refuses letters, other lengths and a dash anywhere else', () => {
    const format = 'Skriv CPR-nummeret med 10 cifre, fx 010190-1234.';
    for (const bad of ['01019O-1234', 'abcdefghij', '010190-123', '01019012345', '0101-901234', '010190  1234', '010190- 1234', '', '010190--1234']) expect(birthDate(bad)).toBe(format);
  });

  it('refuses a birth date that does not exist', () => {
    const date = 'CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ).';
    for (const bad of ['000190-1234', '320190-1234', '310490-1234', '011390-1234', '010090-1234']) expect(birthDate(bad)).toBe(date);
  });

  it('takes 29 February only in a leap year of the century the 7th digit gives', () => {
    expect(birthDate('290200-4123')).toBe('2000-02-29'); // 2000 is a leap year (divisible by 400)
    expect(birthDate('290200-5123')).toBe('2000-02-29');
    expect(birthDate('290200-0123')).toBe('CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ).'); // 1900 is not
    expect(birthDate('290296-1123')).toBe('1996-02-29');
    expect(birthDate('290297-1123')).toBe('CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ).');
    expect(birthDate('290296-5123')).toBe('1896-02-29'); // 5–8 with YY over 57: the 1800s
    expect(birthDate('290258-5123')).toBe('CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ).'); // 1858 is not a leap year
  });

  it('gives the century from the 7th digit by CPR-kontoret’s rule', () => {
    // 0–3: the 1900s, whatever YY.
    for (const d of [0, 1, 2, 3]) expect([cprBirthYear(5, d), cprBirthYear(99, d)]).toEqual([1905, 1999]);
    // 4 and 9: the 2000s up to YY 36, else the 1900s.
    for (const d of [4, 9]) expect([cprBirthYear(0, d), cprBirthYear(36, d), cprBirthYear(37, d), cprBirthYear(99, d)]).toEqual([2000, 2036, 1937, 1999]);
    // 5–8: the 2000s up to YY 57, else the 1800s.
    for (const d of [5, 6, 7, 8]) expect([cprBirthYear(0, d), cprBirthYear(57, d), cprBirthYear(58, d), cprBirthYear(99, d)]).toEqual([2000, 2057, 1858, 1899]);
    expect(birthDate('150736-9871')).toBe('2036-07-15');
    expect(birthDate('150737-9871')).toBe('1937-07-15');
    expect(birthDate('150758-5871')).toBe('1858-07-15');
  });

  it('has no modulus-11 check: numbers issued since 2007 need not satisfy it', () => {
    // 010190-1235 fails modulus 11 (its weighted sum, 85, is not divisible by 11) and is a valid number.
    const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
    const mod11 = (digits: string) => [...digits].reduce((s, c, i) => s + Number(c) * weights[i], 0) % 11;
    expect(mod11('0101901235')).not.toBe(0);
    expect(parseCpr('010190-1235').ok).toBe(true);
  });

  it('refuses a birth date after today when today is given', () => {
    expect(birthDate('010130-4123', '2026-11-24')).toBe('Fødselsdatoen i CPR-nummeret ligger i fremtiden.');
    expect(birthDate('241126-4123', '2026-11-24')).toBe('2026-11-24');
  });

  it('formats and masks', () => {
    expect(formatCpr('0101901234')).toBe('010190-1234');
    expect(maskCpr('0101901234')).toBe('010190-****');
    expect([looksLikeCpr('010190-1234'), looksLikeCpr('0101901234'), looksLikeCpr('010190 1234'), looksLikeCpr('010190-12'), looksLikeCpr('Hansen')]).toEqual([true, true, true, false, false]);
  });
});
