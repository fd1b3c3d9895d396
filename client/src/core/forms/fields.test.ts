import { fromText, problemOf, toText, type EditField } from './fields';

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

  it('says what is wrong in Danish before anything is sent', () => {
    expect(problemOf(hours, 'mange')).toBe('Skriv et tal, fx 1,5.');
    expect(problemOf(sessions, '4,5')).toBe('Skriv et helt tal.');
    expect(problemOf(hours, '40')).toBe('Timer om ugen skal være mellem 0 og 37.');
    expect(problemOf(status, '')).toBe('Vælg status.');
    expect(problemOf(hours, '37')).toBeNull();
  });
});
