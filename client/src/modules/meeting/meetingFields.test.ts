import { fromLocalInput } from '../../core/format';
import { anHourAfter, endFollowingStart, minutesBetween, whenWhereFieldsFor, whenWhereProblems } from './meetingFields';

describe('the end a samtale gets when only its start is chosen', () => {
  it('is an hour later on the Danish clock', () => {
    expect(anHourAfter('2026-11-24T10:00')).toBe('2026-11-24T11:00');
    expect(anHourAfter('2026-11-24T09:45')).toBe('2026-11-24T10:45');
  });

  it('stays on the day it begins, so it is never refused as ending another day', () => {
    expect(anHourAfter('2026-11-24T23:30')).toBe('2026-11-24T23:59');
    expect(whenWhereProblems({ startsAt: '2099-11-24T23:30', endsAt: anHourAfter('2099-11-24T23:30'), mode: 'PHONE' }, new Date('2026-01-01'))).toEqual({});
  });

  it('on the days the clock changes: after the start, and an hour that exists', () => {
    // 25 October 2026: 02.00–03.00 comes twice. The end is after the start, not the same 02.30 again.
    const autumn = anHourAfter('2026-10-25T02:30');
    expect(new Date(fromLocalInput(autumn)!).getTime()).toBeGreaterThan(new Date(fromLocalInput('2026-10-25T02:30')!).getTime());
    // 28 March 2027: 02.00–03.00 does not exist.
    expect(anHourAfter('2027-03-28T01:30')).toBe('2027-03-28T03:30');
    expect(fromLocalInput(anHourAfter('2027-03-28T01:30'))).not.toBeNull();
  });

  it('is empty while the start is not a time', () => {
    expect(anHourAfter('')).toBe('');
  });
});

describe('"Slutter" following a new "Starter" (booking and "Flyt" alike)', () => {
  it('keeps the samtale’s length, on the new day', () => {
    const minutes = minutesBetween('2026-12-10T13:00', '2026-12-10T14:30')!;
    expect(minutes).toBe(90);
    expect(endFollowingStart('startsAt', '2026-12-07T13:00', minutes, false)).toEqual({ endsAt: '2026-12-07T14:30' });
  });
  it('leaves an end the user has chosen, and follows no start that is not a time yet', () => {
    expect(endFollowingStart('startsAt', '2026-12-07T13:00', 60, true)).toEqual({});
    expect(endFollowingStart('startsAt', '', 60, false)).toEqual({});
    expect(endFollowingStart('endsAt', '2026-12-07T15:00', 60, false)).toEqual({});
  });
});

describe('a move of a samtale under way', () => {
  const now = new Date('2026-11-24T09:05:00.000Z');
  const values = { startsAt: '2026-11-24T10:00', endsAt: '2026-11-24T11:00', mode: 'VIDEO', videoLink: 'https://møde.dk/per' };
  it('keeps its start: no move into the past', () => {
    expect(whenWhereProblems(values, now, '2026-11-24T09:00:00.000Z')).toEqual({});
  });
  it('moved to another time that has passed is refused', () => {
    expect(whenWhereProblems({ ...values, startsAt: '2026-11-24T09:30' }, new Date('2026-11-24T09:45:00.000Z'), '2026-11-24T09:00:00.000Z')).toEqual({ startsAt: 'En samtale kan ikke lægges i fortiden.' });
  });
});

describe('the link to a video samtale', () => {
  const now = new Date('2026-11-24T09:05:00.000Z');
  const values = { startsAt: '2026-11-25T10:00', endsAt: '2026-11-25T11:00', mode: 'VIDEO' };
  // An invitation link of Teams as people paste it: its meeting id and context make it long.
  const teams = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${'N2QxZTk4'.repeat(8)}%40thread.v2/0?context=%7b%22Tid%22%3a%22${'a1b2c3d4'.repeat(12)}%22%7d`;
  it('takes an invitation link of Teams (over 200 characters)', () => {
    expect(teams.length).toBeGreaterThan(200);
    expect(whenWhereProblems({ ...values, videoLink: teams }, now)).toEqual({});
  });
  it('refuses one over 2.000 characters, as the server does', () => {
    expect(whenWhereProblems({ ...values, videoLink: `https://møde.dk/${'x'.repeat(2000)}` }, now)).toEqual({ videoLink: 'Linket må højst være 2.000 tegn.' });
  });
});

describe('the fields of time and place, as "Book samtale" and "Flyt" show them for the form chosen', () => {
  const labels = (mode: string) => whenWhereFieldsFor(mode).map((f) => f.label);
  it('a place only in person, a link only for video, neither by phone', () => {
    expect(labels('IN_PERSON')).toEqual(['Starter', 'Slutter', 'Form', 'Sted (adresse)']);
    expect(labels('VIDEO')).toEqual(['Starter', 'Slutter', 'Form', 'Link til video']);
    expect(labels('PHONE')).toEqual(['Starter', 'Slutter', 'Form']);
  });
});
