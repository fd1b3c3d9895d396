import { calendarFileName, escapeText, foldLine, locationOf, meetingCalendar, octets, utcStamp, type CalendarMeeting } from './ics';

const meeting = (overrides: Partial<CalendarMeeting> = {}): CalendarMeeting => ({
  id: '5b0c3f8e-2f1e-4c1a-9a57-0d5c7f1d2e11',
  version: 1,
  status: 'BOOKED',
  startsAt: '2026-03-12T09:00:00.000Z',
  endsAt: '2026-03-12T10:00:00.000Z',
  mode: 'IN_PERSON',
  place: 'Jobcentret, Østergade 5, 5750 Ringe',
  videoLink: null,
  agenda: 'Status på praktikken; næste skridt',
  cancelReason: null,
  staff: [{ name: 'Anna Holm' }],
  guests: [{ name: 'Hanne Hansen', relation: 'Pers mor' }],
  ...overrides,
});

/** The file's content lines, unfolded (RFC 5545, 3.1: a CRLF followed by one space is removed). */
const unfolded = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');
const valueOf = (ics: string, name: string) => unfolded(ics).find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1);

describe('a booked samtale as a calendar file (RFC 5545)', () => {
  const now = new Date('2026-03-01T08:30:05.123Z');

  it('is one published event with the samtale\'s UID, times in UTC, place and agenda', () => {
    const ics = meetingCalendar(meeting(), { now });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Samplan//Samtaler//DA\r\n')).toBe(true);
    expect(ics.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(ics.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
    expect(valueOf(ics, 'METHOD')).toBe('PUBLISH');
    expect(valueOf(ics, 'UID')).toBe('5b0c3f8e-2f1e-4c1a-9a57-0d5c7f1d2e11@samplan');
    expect(valueOf(ics, 'DTSTAMP')).toBe('20260301T083005Z');
    expect(valueOf(ics, 'DTSTART')).toBe('20260312T090000Z');
    expect(valueOf(ics, 'DTEND')).toBe('20260312T100000Z');
    expect(valueOf(ics, 'SEQUENCE')).toBe('0');
    expect(valueOf(ics, 'STATUS')).toBe('CONFIRMED');
    expect(valueOf(ics, 'SUMMARY')).toBe('Opfølgningssamtale');
    expect(valueOf(ics, 'LOCATION')).toBe('Jobcentret\\, Østergade 5\\, 5750 Ringe');
    expect(valueOf(ics, 'DESCRIPTION')).toBe('Dagsorden:\\nStatus på praktikken\\; næste skridt\\n\\nDeltagere: Anna Holm\\, Hanne Hansen (Pers mor)');
  });

  it('a cancellation keeps the UID, raises SEQUENCE above the booking and the move, and is CANCELLED', () => {
    const booked = meetingCalendar(meeting(), { now });
    const moved = meetingCalendar(meeting({ version: 2, startsAt: '2026-03-13T09:00:00.000Z', endsAt: '2026-03-13T10:00:00.000Z' }), { now });
    const cancelled = meetingCalendar(meeting({ version: 3, status: 'CANCELLED', cancelReason: 'Per er syg' }), { now });
    expect([booked, moved, cancelled].map((ics) => valueOf(ics, 'UID'))).toEqual(Array(3).fill(valueOf(booked, 'UID')));
    expect([booked, moved, cancelled].map((ics) => Number(valueOf(ics, 'SEQUENCE')))).toEqual([0, 1, 2]);
    expect(valueOf(cancelled, 'STATUS')).toBe('CANCELLED');
    expect(valueOf(cancelled, 'SUMMARY')).toBe('Aflyst: Opfølgningssamtale');
    expect(valueOf(cancelled, 'DESCRIPTION')).toMatch(/^Aflyst: Per er syg\\n\\nDagsorden:/);
    expect(calendarFileName({ startsAt: '2026-03-12T23:30:00.000Z', status: 'CANCELLED' })).toBe('aflyst-samtale-2026-03-13.ics');
  });

  it('escapes backslashes, semicolons, commas and every kind of line break', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('folds lines at 75 octets, continuation lines starting with a space, never inside a character', () => {
    expect(['x', 'æ', '€', '😀'].map(octets)).toEqual([1, 2, 3, 4]);
    const long = `DESCRIPTION:${'æ'.repeat(100)}`;
    const folded = foldLine(long);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);

    const ics = meetingCalendar(meeting({ agenda: 'Gennemgang af praktikken, bostøtten og økonomien; aftale om næste skridt med Pers mor og bisidder' }), { now });
    for (const line of ics.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(valueOf(ics, 'DESCRIPTION')).toContain('aftale om næste skridt med Pers mor og bisidder');
  });

  it('names phone and video samtaler, and a video link still to come', () => {
    expect(locationOf({ mode: 'PHONE' })).toBe('Telefon');
    expect(locationOf({ mode: 'VIDEO', videoLink: null })).toBe('Video – link oplyses senere');
    expect(locationOf({ mode: 'VIDEO', videoLink: 'https://video.example/mode' })).toBe('Video: https://video.example/mode');
    expect(utcStamp('2026-06-01T12:00:00+02:00')).toBe('20260601T100000Z');
  });
});
