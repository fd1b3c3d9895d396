/**
 * A booked samtale as an iCalendar file (RFC 5545) that a caseworker adds to their own
 * calendar: one VEVENT, published (METHOD:PUBLISH). The UID is the samtale's own, so a moved
 * or cancelled samtale replaces the entry it came from; SEQUENCE follows the record's version
 * (a move and a cancellation each raise it), and a cancellation is STATUS:CANCELLED.
 */

export interface CalendarMeeting {
  id: string;
  version: number;
  status: string;
  startsAt: string;
  endsAt: string;
  mode: string;
  place?: string | null;
  videoLink?: string | null;
  agenda: string;
  cancelReason?: string | null;
  staff: ReadonlyArray<{ name: string }>;
  guests: ReadonlyArray<{ name: string; relation: string }>;
}

const CRLF = '\r\n';
/** RFC 5545, 3.1: content lines are folded so no line is longer than 75 octets, excluding the line break. */
const MAX_OCTETS = 75;

/** "20260312T090000Z": a UTC date-time (RFC 5545, 3.3.5, form #2). */
export function utcStamp(at: string | Date): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma escaped, every line break as \n. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** A text's length in UTF-8 octets, the unit RFC 5545 folds by. */
export function octets(text: string): number {
  let n = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    n += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * One content line folded at 75 octets (RFC 5545, 3.1): each continuation starts with a space,
 * which counts towards its line. A character is never split across lines (UTF-8 of "æøå" is two octets each).
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const width = octets(char);
    if (size + width > MAX_OCTETS) {
      lines.push(current);
      current = ' ';
      size = 1;
    }
    current += char;
    size += width;
  }
  lines.push(current);
  return lines.join(CRLF);
}

const MODE_PLACE: Record<string, string> = { PHONE: 'Telefon', VIDEO: 'Video' };

/** Where the samtale is: the address, "Telefon", or the video link ("Video – link oplyses senere" until there is one). */
export function locationOf(meeting: Pick<CalendarMeeting, 'mode' | 'place' | 'videoLink'>): string {
  if (meeting.mode === 'IN_PERSON') return meeting.place ?? '';
  if (meeting.mode === 'VIDEO') return meeting.videoLink ? `Video: ${meeting.videoLink}` : 'Video – link oplyses senere';
  return MODE_PLACE[meeting.mode] ?? meeting.mode;
}

function descriptionOf(meeting: CalendarMeeting): string {
  const parts: string[] = [];
  if (meeting.status === 'CANCELLED') parts.push(`Aflyst${meeting.cancelReason ? `: ${meeting.cancelReason}` : '.'}`);
  parts.push(`Dagsorden:\n${meeting.agenda.trim() || 'Ikke angivet.'}`);
  const people = [...meeting.staff.map((s) => s.name), ...meeting.guests.map((g) => `${g.name} (${g.relation})`)];
  if (people.length) parts.push(`Deltagere: ${people.join(', ')}`);
  return parts.join('\n\n');
}

/**
 * The calendar file's text, lines ended by CRLF. `summary` is the entry's title: the citizen's
 * name is left out by default, since a calendar is kept outside Samplan (and its access log).
 */
export function meetingCalendar(meeting: CalendarMeeting, options: { now?: Date; summary?: string } = {}): string {
  const cancelled = meeting.status === 'CANCELLED';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Samplan//Samtaler//DA',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${meeting.id}@samplan`,
    `DTSTAMP:${utcStamp(options.now ?? new Date())}`,
    `DTSTART:${utcStamp(meeting.startsAt)}`,
    `DTEND:${utcStamp(meeting.endsAt)}`,
    // Version 1 is the booking; every move or cancellation after it is a new sequence number.
    `SEQUENCE:${Math.max(0, meeting.version - 1)}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeText(`${cancelled ? 'Aflyst: ' : ''}${options.summary ?? 'Opfølgningssamtale'}`)}`,
    `LOCATION:${escapeText(locationOf(meeting))}`,
    `DESCRIPTION:${escapeText(descriptionOf(meeting))}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** "samtale-2026-03-12.ics" (the day in Danish time). */
export function calendarFileName(meeting: Pick<CalendarMeeting, 'startsAt' | 'status'>): string {
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date(meeting.startsAt));
  return `${meeting.status === 'CANCELLED' ? 'aflyst-' : ''}samtale-${day}.ics`;
}
