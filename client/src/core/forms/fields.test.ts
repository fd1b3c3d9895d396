import { fromText, phoneProblems, problemOf, sameNumber, textFor, toText, type EditField } from './fields';

const hours: EditField = { key: 'hoursPerWeek', label: 'Timer om ugen', input: 'decimal', min: 0, max: 37 };
const sessions: EditField = { key: 'sessionsPerMonth', label: 'Sessioner om måneden', input: 'integer', min: 0, max: 31 };
const status: EditField = { key: 'status', label: 'Status', input: 'select', required: true, options: [] };

describe('form values', () => {
  it('reads Danish decimals and whole numbers, and empty as no value', () => {
    expect(fromText(hours, ' 1,5 ')).toBe(1.5);
    expect(fromText(hours, '')).toBeNull();
    expect(fromText(hours, 'mange')).toBeUndefined();
    expect(fromText(sessions, '4')).toBe(4);
    expect(fromText(sessions, '4,5')).toBeUndefined();
    expect(toText(null)).toBe('');
    expect(toText(3)).toBe('3');
  });

  it('shows a decimal with the Danish comma, and compares numbers as numbers', () => {
    expect(textFor(hours, 7.5)).toBe('7,5');
    expect(textFor(hours, null)).toBe('');
    expect(textFor(sessions, 4)).toBe('4');
    for (const typed of ['7,5', '7.5', ' 7,50 ']) expect(sameNumber(hours, typed, 7.5)).toBe(true);
    expect(sameNumber(hours, '7', 7.5)).toBe(false);
    expect(sameNumber(hours, '', null)).toBe(true);
    expect(sameNumber(hours, '0', null)).toBe(false);
    expect(sameNumber(hours, '', 0)).toBe(false);
    // Text that is no number is a change, and its problem is shown.
    expect(sameNumber(hours, 'mange', 7.5)).toBe(false);
    expect(sameNumber(sessions, '04', 4)).toBe(true);
  });

  it('says what is wrong in Danish before anything is sent', () => {
    expect(problemOf(hours, 'mange')).toBe('Skriv et tal i timer om ugen, fx 1,5.');
    expect(problemOf(sessions, '4,5')).toBe('Skriv et helt tal i sessioner om måneden.');
    expect(problemOf(hours, '40')).toBe('Timer om ugen skal være mellem 0 og 37.');
    expect(problemOf(status, '')).toBe('Vælg status.');
    expect(problemOf(hours, '37')).toBeNull();
  });

  it('judges a phone number as the server stores it: runs of spaces are one, so "12   345" is too short', () => {
    expect(phoneProblems('72 53 10 00')).toEqual({});
    expect(phoneProblems('72   53   10   98')).toEqual({});
    expect(phoneProblems('12   345')).toEqual({ phone: 'Skriv et telefonnummer med cifre, fx 72 53 10 00.' });
    expect(phoneProblems('  ')).toEqual({});
  });
});
