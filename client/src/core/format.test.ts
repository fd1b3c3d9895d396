import { danishWallTimeProblem } from '@samplan/schema';
import { asSentence, formatDate, formatDateTime, formatPhone, fromLocalInput, toLocalInput } from './format';

describe('Danish dates', () => {
  it('formats calendar dates without time-zone drift', () => {
    expect(formatDate('2025-03-01')).toBe('1. marts 2025');
    expect(formatDate('2026-12-31')).toBe('31. december 2026');
    expect(formatDate('')).toBe('');
  });

  it('formats a period of calendar days short, the year once when both are in it', () => {
    const { formatDayRange } = jest.requireActual('./format') as typeof import('./format');
    expect(formatDayRange('2026-03-03', '2026-04-14')).toBe('3. mar. – 14. apr. 2026');
    expect(formatDayRange('2025-12-31', '2026-01-01')).toBe('31. dec. 2025 – 1. jan. 2026');
    expect(formatDayRange('2026-03-03', '2026-03-03')).toBe('3. mar. 2026');
  });

  it('formats instants in Danish time', () => {
    expect(formatDateTime('2025-06-30T22:30:00Z')).toMatch(/^1\. juli 2025.*00[.:]30$/);
  });
});

describe('Danish days left and times', () => {
  it('a time of day in Danish', () => {
    const { formatTime } = jest.requireActual('./format') as typeof import('./format');
    expect(formatTime('2026-11-23T09:41:00Z')).toBe('kl. 10.41');
  });

  it('days left under the label "Tid tilbage" do not say "tilbage" again', () => {
    const { formatTimeLeft } = jest.requireActual('./format') as typeof import('./format');
    expect(formatTimeLeft(370)).toBe('370 dage');
    expect(formatTimeLeft(1)).toBe('1 dag');
    expect(formatTimeLeft(0)).toBe('Slutter i dag');
    expect(formatTimeLeft(-1)).toBe('Udløbet for 1 dag siden');
  });

  it('when: today and yesterday by the Danish day, the year only when it is not this one', () => {
    const { formatWhen } = jest.requireActual('./format') as typeof import('./format');
    const now = new Date('2026-11-03T12:00:00Z');
    expect(formatWhen('2026-11-03T08:00:00Z', now)).toBe('i dag kl. 09.00');
    // 23.30 UTC on 2 November is 00.30 on 3 November in Denmark: today.
    expect(formatWhen('2026-11-02T23:30:00Z', now)).toBe('i dag kl. 00.30');
    expect(formatWhen('2026-11-02T08:00:00Z', now)).toBe('i går kl. 09.00');
    expect(formatWhen('2026-10-20T08:00:00Z', now)).toBe('20. okt. kl. 10.00');
    // The same day and month a year ago is not "i dag".
    expect(formatWhen('2025-11-03T08:00:00Z', now)).toBe('3. nov. 2025 kl. 09.00');
  });
});

describe('time fields on a Danish clock, whatever time zone the browser runs in', () => {
  // The test runs in the machine's zone (UTC here and on CI): the answers must not depend on it.
  it.each([
    ['2026-03-12T10:00', '2026-03-12T09:00:00.000Z'], // winter: UTC + 1
    ['2026-07-01T10:00', '2026-07-01T08:00:00.000Z'], // summer: UTC + 2
    ['2026-03-29T03:00', '2026-03-29T01:00:00.000Z'], // the first hour of summer time
    ['2026-10-25T02:30', '2026-10-25T00:30:00.000Z'], // shown twice when the clocks go back: the first
    ['2026-10-25T03:00', '2026-10-25T02:00:00.000Z'],
  ])('%s typed is the instant %s, and shows as typed', (typed, instant) => {
    expect(fromLocalInput(typed)).toBe(instant);
    expect(toLocalInput(instant)).toBe(typed);
  });

  it('a time in the hour skipped when summer time begins is no time, and says why: no clock in Denmark shows it', () => {
    // The last Sunday of March 2027: at 02.00 the clocks go on to 03.00.
    for (const skipped of ['2027-03-28T02:00', '2027-03-28T02:30', '2027-03-28T02:59']) expect(fromLocalInput(skipped)).toBe('');
    expect(danishWallTimeProblem('2027-03-28T02:30')).toBe('Klokken 02.30 findes ikke den dag (sommertid begynder).');
    expect(danishWallTimeProblem('2027-03-28T02:00')).toBe('Klokken 02.00 findes ikke den dag (sommertid begynder).');
    // Either side of the gap, and the same time on any other day, are times.
    for (const fine of ['2027-03-28T01:59', '2027-03-28T03:00', '2027-03-27T02:30', '2027-10-30T02:30', '', 'i morgen']) expect(danishWallTimeProblem(fine)).toBeNull();
    expect(fromLocalInput('2027-03-28T01:59')).toBe('2027-03-28T00:59:00.000Z');
    expect(fromLocalInput('2027-03-28T03:00')).toBe('2027-03-28T01:00:00.000Z');
  });

  it('every time in the hour shown twice when the clocks go back is its first instant, in summer time', () => {
    // The last Sunday of October 2027: 02.00–02.59 comes first in summer time (UTC + 2), then again in winter time.
    expect(fromLocalInput('2027-10-31T02:00')).toBe('2027-10-31T00:00:00.000Z');
    expect(fromLocalInput('2027-10-31T02:59')).toBe('2027-10-31T00:59:00.000Z');
    expect(fromLocalInput('2027-10-31T03:00')).toBe('2027-10-31T02:00:00.000Z');
    // The second 02.30 (winter time) shows as the same text, and is read back as the first.
    expect(toLocalInput('2027-10-31T01:30:00.000Z')).toBe('2027-10-31T02:30');
  });

  it('a time in the hour shown twice when summer time ends is refused, and says why: the text cannot tell which is meant', () => {
    // The last Sunday of October 2027: 02.30–03.15 read as the first 02.30 would last 1 hour 45 minutes.
    expect(danishWallTimeProblem('2027-10-31T02:30')).toBe('Klokken 02.30 findes to gange den dag (sommertid slutter). Vælg et andet tidspunkt.');
    expect(danishWallTimeProblem('2027-10-31T02:00')).toBe('Klokken 02.00 findes to gange den dag (sommertid slutter). Vælg et andet tidspunkt.');
    expect(danishWallTimeProblem('2027-10-31T02:59')).toBe('Klokken 02.59 findes to gange den dag (sommertid slutter). Vælg et andet tidspunkt.');
    // Either side of the repeated hour, and the same time the day before, are times.
    for (const fine of ['2027-10-31T01:59', '2027-10-31T03:00', '2027-10-30T02:30', '2027-11-01T02:30']) expect(danishWallTimeProblem(fine)).toBeNull();
  });

  it('anything but a whole day and time is no time', () => {
    for (const bad of ['', '2026-02-30T10:00', '2026-03-12T24:00', '2026-03-12', 'i morgen']) expect(fromLocalInput(bad)).toBe('');
    expect(toLocalInput('ikke en dato')).toBe('');
  });
});

describe('own words as a sentence', () => {
  it.each([
    ['Anna går på barsel; Dorte overtager', 'Anna går på barsel; Dorte overtager.'],
    ['Anna går på barsel; Dorte overtager.', 'Anna går på barsel; Dorte overtager.'],
    ['Kan Per selv handle ind?', 'Kan Per selv handle ind?'],
    ['Per skal handle ind (v2)', 'Per skal handle ind (v2).'],
    ['Per sagde »nu går det!«', 'Per sagde »nu går det!«'],
    ['og så videre… ', 'og så videre…'],
  ])('%j is written %j', (text, sentence) => {
    expect(asSentence(text)).toBe(sentence);
  });
});

describe('phone numbers as shown', () => {
  it('shows a Danish eight-digit number in pairs, however it was typed', () => {
    expect(formatPhone('72531099')).toBe('72 53 10 99');
    expect(formatPhone(' 7253 1099 ')).toBe('72 53 10 99');
    expect(formatPhone('72 53 10 10')).toBe('72 53 10 10');
    expect(formatPhone('+4572531099')).toBe('+45 72 53 10 99');
    expect(formatPhone('0045 72531099')).toBe('0045 72 53 10 99');
  });

  it('shows any other number as it was written, and no number as nothing', () => {
    expect(formatPhone('+46 8 123 456 78')).toBe('+46 8 123 456 78');
    expect(formatPhone('7253109')).toBe('7253109');
    expect(formatPhone(null)).toBe('');
    expect(formatPhone(undefined)).toBe('');
  });
});
