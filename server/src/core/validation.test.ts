import { isInstant } from './validation';

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
