import { charCount, citizenAccessReasonProblem, extensionReasonProblem, interventionEndReasonProblem, registeredInErrorReasonProblem } from '@samplan/schema';
import { MaxLength, ValidateNested, validateSync } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { asBadInput, IsFilledText, isInstant, IsPhone, MaxChars, VALIDATE_SETTINGS } from './validation';

describe('an instant is a day, a time and its time zone', () => {
  it.each([
    ['2026-03-12T10:00:00Z', true],
    ['2026-03-12T10:00:00.123Z', true],
    ['2026-03-12T10:00+01:00', true],
    ['2026-03-12T23:59:59-05:30', true],
    // Read in whatever zone the server runs in: refused.
    ['2026-03-12T10:00:00', false],
    ['2026-03-12T10:00', false],
    ['2026-03-12', false],
    // Not a real day or time.
    ['2026-02-30T10:00:00Z', false],
    ['2026-03-12T24:00:00Z', false],
    ['2026-03-12T10:00:00+1:00', false],
    ['tomorrow', false],
  ])('%s: %s', (value, ok) => {
    expect(isInstant(value)).toBe(ok);
  });
});

describe('characters are counted as PostgreSQL counts them (char_length: code points)', () => {
  // "❤️" is a heart and U+FE0F: two characters to the database, one to class-validator's MaxLength.
  // "😀" is one character to the database, two to String's length.
  const check = (Input: new () => object, value: unknown) => validateSync(Object.assign(new Input(), { text: value }), VALIDATE_SETTINGS).map((e) => Object.values(e.constraints ?? {})[0]);

  class AsSent { @MaxChars(4, { message: 'Højst 4 tegn.' }) text: unknown }
  class Trimmed { @MaxChars(4, { trimmed: true }) text: unknown }
  class Filled { @IsFilledText(4, 'Skriv højst 4 tegn.') text: unknown }

  it.each([
    ['❤️❤️', []],
    ['❤️❤️x', ['Højst 4 tegn.']],
    ['😀😀😀😀', []],
    ['😀😀😀😀😀', ['Højst 4 tegn.']],
    [' abcd', ['Højst 4 tegn.']],
    [null, ['Højst 4 tegn.']],
  ])('MaxChars, as sent: %j', (value, problems) => {
    expect(check(AsSent, value)).toEqual(problems);
  });

  it('MaxChars, trimmed as the service stores it: spaces around do not count; its own message names the limit', () => {
    expect(check(Trimmed, ' abcd\n')).toEqual([]);
    expect(check(Trimmed, ' ❤️❤️x ')).toEqual(['Teksten må højst være 4 tegn.']);
  });

  it('IsFilledText counts the same way', () => {
    expect(check(Filled, ' 😀😀😀😀 ')).toEqual([]);
    expect(check(Filled, '❤️❤️x')).toEqual(['Skriv højst 4 tegn.']);
    expect(check(Filled, '   ')).toEqual(['Skriv højst 4 tegn.']);
  });

  it('IsFilledText with a subject says what is wrong: empty or too long, not both in one sentence', () => {
    class Titled { @IsFilledText(4, { subject: 'Titlen' }) text: unknown }
    class Listed { @IsFilledText(4, { each: true, subject: 'Et mål' }) text: unknown }
    expect(check(Titled, '   ')).toEqual(['Titlen skal udfyldes.']);
    expect(check(Titled, null)).toEqual(['Titlen skal udfyldes.']);
    expect(check(Titled, 'abcde')).toEqual(['Titlen må højst være 4 tegn.']);
    expect(check(Titled, ' abcd ')).toEqual([]);
    // A list speaks of its first text refused.
    expect(check(Listed, ['abc', 'abcdef', ''])).toEqual(['Et mål må højst være 4 tegn.']);
    expect(check(Listed, ['abc', ' ', 'abcdef'])).toEqual(['Et mål skal udfyldes.']);
  });

  it('charCount is the count both tiers use, also in the reasons the form checks before sending (@samplan/schema)', () => {
    expect([charCount('❤️'), charCount('😀'), charCount('æøå'), charCount('')]).toEqual([2, 1, 3, 0]);
    // 500 characters are allowed: 500 "😀" are 500, 251 "❤️" are 502.
    expect(registeredInErrorReasonProblem('😀'.repeat(500))).toBeNull();
    // Over the limit with what was typed counted, as the other forms say it; the citizen-access reason is held to the same.
    expect(registeredInErrorReasonProblem('❤️'.repeat(251))).toBe('Begrundelsen må højst være 500 tegn (du har skrevet 502).');
    expect(citizenAccessReasonProblem(' x'.repeat(260))).toBe('Begrundelsen må højst være 500 tegn (du har skrevet 519).');
    expect(interventionEndReasonProblem('CANCELLED', '😀'.repeat(500))).toBeNull();
    expect(extensionReasonProblem('😀'.repeat(500), true)).toBeNull();
    expect(extensionReasonProblem('❤️'.repeat(251), true)).toBe('Begrundelsen må højst være 500 tegn (du har skrevet 502).');
    expect(interventionEndReasonProblem('COMPLETED', ` ${'x'.repeat(1000)} `)).toBe('Begrundelsen må højst være 500 tegn (du har skrevet 1.000).');
  });
});

describe('a phone number is judged as it is stored', () => {
  class Phone { @IsPhone() phone: unknown }
  const ok = (phone: unknown) => validateSync(Object.assign(new Phone(), { phone }), VALIDATE_SETTINGS).length === 0;

  it.each([
    ['72 53 10 00', true],
    [' 72   53 10 00 ', true],
    ['+45 72531000', true],
    // Five and two digits once runs of spaces are made one: the pattern alone counts the spaces.
    ['12   345', false],
    ['1      2', false],
    ['ring til Bent', false],
    ['', false],
  ])('%j: %s', (phone, valid) => {
    expect(ok(phone)).toBe(valid);
  });
});

describe('a refused input is answered with every field that is wrong', () => {
  class Details { @MaxChars(3, { message: 'Lovgrundlaget er for langt.' }) legalBasis: unknown }
  class Input {
    @IsFilledText(4, { subject: 'Titlen' }) title: unknown;
    @MaxChars(4, { message: 'Noterne må højst være 4 tegn.' }) notes: unknown;
    @ValidateNested() details: unknown;
  }
  const refusal = (input: object) => asBadInput(new ArgumentValidationError(validateSync(Object.assign(new Input(), input), VALIDATE_SETTINGS)));

  it('each field with its message, nested ones by their dotted path; the first as `field` and the message', () => {
    const error = refusal({ title: 'abcdefg', notes: 'abcdefg', details: Object.assign(new Details(), { legalBasis: 'SEL §85' }) });
    expect(error?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'title',
      problems: [
        { field: 'title', message: 'Titlen må højst være 4 tegn.' },
        { field: 'notes', message: 'Noterne må højst være 4 tegn.' },
        { field: 'details.legalBasis', message: 'Lovgrundlaget er for langt.' },
      ],
    });
    expect(error?.message).toBe('Titlen må højst være 4 tegn.');
  });

  it('a text refused by a check without Danish words of its own is told its limit, not only that it is too long', () => {
    class Plain { @MaxLength(5) text: unknown; @MaxLength(3, { each: true }) names: unknown }
    const error = asBadInput(new ArgumentValidationError(validateSync(Object.assign(new Plain(), { text: 'abcdef', names: ['ab', 'abcd'] }), VALIDATE_SETTINGS)));
    expect(error?.extensions.problems).toEqual([
      { field: 'text', message: 'Teksten må højst være 5 tegn.' },
      { field: 'names', message: 'Teksten må højst være 3 tegn.' },
    ]);
  });

  it('one field wrong: one problem', () => {
    const error = refusal({ title: '', notes: '', details: Object.assign(new Details(), { legalBasis: 'SEL' }) });
    expect(error?.extensions).toMatchObject({ field: 'title', problems: [{ field: 'title', message: 'Titlen skal udfyldes.' }] });
  });
});
