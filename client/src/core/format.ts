/** Danish formatting of dates as the API sends them. */

const dateFormat = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('da-DK', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Copenhagen',
});

/** A calendar date ("YYYY-MM-DD") as "1. marts 2025", without time-zone drift. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  return dateFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** An instant (ISO 8601) in Danish time, as "1. marts 2025 kl. 14.05". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
}

const timeFormat = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' });
const shortDateFormat = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'short', timeZone: 'Europe/Copenhagen' });

/** The time of day of an instant, as "kl. 14.05" (Danish time). */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : `kl. ${timeFormat.format(date).replace(':', '.')}`;
}

/** "i dag kl. 14.05" for today, else "3. nov. kl. 14.05". */
export function formatWhen(value: string | null | undefined, now: Date = new Date()): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const day = (d: Date) => shortDateFormat.format(d);
  return day(date) === day(now) ? `i dag ${formatTime(value)}` : `${day(date)} ${formatTime(value)}`;
}

/** Days left of a programme in words: "312 dage tilbage", "1 dag tilbage", "Udløbet for 3 dage siden". */
export function formatDaysLeft(days: number): string {
  if (days < 0) return `Udløbet for ${-days} ${-days === 1 ? 'dag' : 'dage'} siden`;
  if (days === 0) return 'Slutter i dag';
  return `${days} ${days === 1 ? 'dag' : 'dage'} tilbage`;
}

/** A date-time value for `<input type="datetime-local">` in local time, from an ISO instant. */
export function toLocalInput(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO instant from `<input type="datetime-local">` (local time), or '' when empty/invalid. */
export function fromLocalInput(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}
