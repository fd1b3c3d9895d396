import { formatDate, formatDateTime } from './format';

describe('Danish dates', () => {
  it('formats calendar dates without time-zone drift', () => {
    expect(formatDate('2025-03-01')).toBe('1. marts 2025');
    expect(formatDate('2026-12-31')).toBe('31. december 2026');
    expect(formatDate('')).toBe('');
  });

  it('formats instants in Danish time', () => {
    expect(formatDateTime('2025-06-30T22:30:00Z')).toMatch(/^1\. juli 2025.*00[.:]30$/);
  });
});

describe('Danish days left and times', () => {
  it('days left in words', () => {
    const { formatDaysLeft, formatTime } = jest.requireActual('./format') as typeof import('./format');
    expect(formatDaysLeft(517)).toBe('517 dage tilbage');
    expect(formatDaysLeft(1)).toBe('1 dag tilbage');
    expect(formatDaysLeft(0)).toBe('Slutter i dag');
    expect(formatDaysLeft(-3)).toBe('Udløbet for 3 dage siden');
    expect(formatTime('2026-11-23T09:41:00Z')).toBe('kl. 10.41');
  });
});
