/**
 * Calendar days and "today" as a Danish caseworker names them: every deadline, grant
 * period and "i dag" is a day in Europe/Copenhagen, whatever time zone the server or the
 * browser runs in. Days travel as 'YYYY-MM-DD' strings; arithmetic on them is done in UTC
 * so that it never drifts across a daylight-saving change.
 */
export const DANISH_TIME_ZONE = 'Europe/Copenhagen';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

// Built once: toLocaleDateString with options builds a formatter on every call (~0.2 ms),
// and a plan page asks for many days.
const danishLocalDay = new Intl.DateTimeFormat('sv-SE', { timeZone: DANISH_TIME_ZONE });

/** 'YYYY-MM-DD' of an instant in Danish local time. */
export function localDate(at: Date): string {
  return Number.isNaN(at.getTime()) ? 'Invalid Date' : danishLocalDay.format(at);
}

/** Today in Denmark, as 'YYYY-MM-DD'. */
export function todayInDenmark(now: Date = new Date()): string {
  return localDate(now);
}

/** True for a real calendar day in 'YYYY-MM-DD' form (2024-02-29 yes, 2023-02-29 and 2024-02-31 no). */
export function isIsoDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= last;
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds whole months; the 31st of a short month becomes its last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * The last day of a period of `months` whole months that starts on `start`: the day before
 * the same date `months` later. Where that date does not exist (the 29th to 31st of a short
 * month), the period runs to the end of that month, as Danish periods are counted: 6 months
 * from 31 August run to 28 February, 3 years from 29 February 2024 to 28 February 2027.
 */
export function lastDayOfPeriod(start: string, months: number): string {
  const same = addMonths(start, months);
  // addMonths moved a missing day back to its month's last day: that day is the period's last.
  return Number(same.slice(8, 10)) < Number(start.slice(8, 10)) ? same : addDays(same, -1);
}

export function addYears(day: string, years: number): string {
  return addMonths(day, years * 12);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const danishDay = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A calendar day ('YYYY-MM-DD') as "1. marts 2025"; anything else is returned as it is. */
export function formatDanishDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  return danishDay.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

const danishDateTime = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: DANISH_TIME_ZONE });

/** An instant as a Danish clock shows it, as the client writes a time: "12. marts 2026 kl. 10.00". */
export function formatDanishDateTime(at: Date): string {
  return danishDateTime.format(at);
}

// Parts of an instant as a clock in Denmark shows it (24-hour, built once).
const danishClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: DANISH_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function danishClockParts(at: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = Object.fromEntries(danishClock.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** Minutes Danish time is ahead of UTC at an instant (60 in winter, 120 in summer). */
function danishOffsetMinutes(at: number): number {
  const p = danishClockParts(new Date(at));
  return (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(at / 60_000) * 60_000) / 60_000;
}

/**
 * 'YYYY-MM-DDTHH:mm' of an instant on a Danish clock: what a time field shows, whatever
 * time zone the browser runs in (a caseworker on a remote desktop set to UTC sees the
 * samtale at the time the citizen is told).
 */
export function danishWallTime(at: Date): string {
  if (Number.isNaN(at.getTime())) return '';
  const p = danishClockParts(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

const WALL_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The instant a Danish clock would show as 'YYYY-MM-DDTHH:mm' (which may be a time no
 * clock shows), or null for text that is no day and time.
 *
 * The hour shown twice, when the clocks are put back on the last Sunday of October
 * (02.00–02.59 first in summer time, then again in winter time), is always its first
 * instant, in summer time: the offset is read two hours before the time (still summer
 * time), and the time taken with the offset at that first guess. The text typed is all a
 * field has, so the answer follows from the text alone, never from the browser's zone or
 * the moment it is typed: the same text is the same instant on every screen. Either instant
 * shows as 02.30, so a time in the second hour, typed again, is read as the first.
 */
function danishClockInstant(local: string): Date | null {
  const m = WALL_TIME.exec(local);
  if (!m || !isIsoDay(m[1])) return null;
  const [y, mo, d] = m[1].split('-').map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, Number(m[2]), Number(m[3]));
  const first = asUtc - danishOffsetMinutes(asUtc - 120 * 60_000) * 60_000;
  return new Date(asUtc - danishOffsetMinutes(first) * 60_000);
}

/**
 * The instant a Danish clock shows as 'YYYY-MM-DDTHH:mm', or null for anything else, the
 * hour skipped when summer time begins included: at 02.00 on the last Sunday of March the
 * clocks go on to 03.00, so no clock shows 02.30 that night (danishWallTimeProblem says so).
 * Taken as the nearest real time it was read as 01.30 without a word. In the hour shown
 * twice in autumn, the first instant (danishClockInstant); a form refuses that hour too
 * (danishWallTimeProblem), as it cannot tell which of the two is meant.
 */
export function instantOfDanishWallTime(local: string): Date | null {
  const at = danishClockInstant(local);
  // A time in the skipped hour comes back from the clock as another time (an hour earlier).
  return at && danishWallTime(at) === local ? at : null;
}

/**
 * Why a Danish clock's 'YYYY-MM-DDTHH:mm' is no time to book, for its field: "Klokken 02.30
 * findes ikke den dag (sommertid begynder)." for a time in the hour skipped when summer time
 * begins; "Klokken 02.30 findes to gange den dag (sommertid slutter). Vælg et andet
 * tidspunkt." for one in the hour shown twice when it ends, which the text alone cannot tell
 * apart: read as the first, a samtale from 02.30 to 03.15 would last 1 hour 45 minutes, in
 * the calendar file and for the citizen. Null for a real time, and for text that is no day
 * and time at all (the field's own check).
 */
export function danishWallTimeProblem(local: string): string | null {
  const at = danishClockInstant(local);
  if (!at) return null;
  const clock = `Klokken ${local.slice(11, 13)}.${local.slice(14, 16)}`;
  if (danishWallTime(at) !== local) return `${clock} findes ikke den dag (sommertid begynder).`;
  // The same text an hour later: the clocks have been put back, and it is shown again.
  if (danishWallTime(new Date(at.getTime() + 60 * 60_000)) === local) return `${clock} findes to gange den dag (sommertid slutter). Vælg et andet tidspunkt.`;
  return null;
}
