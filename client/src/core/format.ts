import { addDays, DANISH_TIME_ZONE, danishWallTime, formatDanishDate, instantOfDanishWallTime, localDate } from '@samplan/schema';

/** Danish formatting of dates as the API sends them, in Danish time (Europe/Copenhagen) whatever the browser's zone. */

const dateTimeFormat = new Intl.DateTimeFormat('da-DK', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: DANISH_TIME_ZONE,
});

/** A calendar date ("YYYY-MM-DD") as "1. marts 2025", without time-zone drift (the formatter both tiers share). */
export const formatDate = formatDanishDate;

/** An instant (ISO 8601) in Danish time, as "1. marts 2025 kl. 14.05". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
}

const timeFormat = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', timeZone: DANISH_TIME_ZONE });
const shortDateFormat = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'short', timeZone: DANISH_TIME_ZONE });
const shortDateYearFormat = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'short', year: 'numeric', timeZone: DANISH_TIME_ZONE });

/** The time of day of an instant, as "kl. 14.05" (Danish time). */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : `kl. ${timeFormat.format(date).replace(':', '.')}`;
}

/**
 * When something happened, as short as is still exact (Danish days): "i dag kl. 14.05", "i går
 * kl. 14.05", "3. nov. kl. 14.05" this year, "3. nov. 2025 kl. 14.05" in another.
 */
export function formatWhen(value: string | null | undefined, now: Date = new Date()): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const day = localDate(date);
  const today = localDate(now);
  if (day === today) return `i dag ${formatTime(value)}`;
  if (day === addDays(today, -1)) return `i går ${formatTime(value)}`;
  const shown = day.slice(0, 4) === today.slice(0, 4) ? shortDateFormat.format(date) : shortDateYearFormat.format(date);
  return `${shown} ${formatTime(value)}`;
}

/** A calendar day ("YYYY-MM-DD") at noon UTC: the same day on a Danish clock, for the formatters above. */
const calendarDay = (day: string) => new Date(`${day.slice(0, 10)}T12:00:00Z`);

/**
 * Two calendar days ("YYYY-MM-DD") as a period, short: "3. mar. – 14. apr. 2026", the year once
 * when both are in it, else with each ("3. dec. 2025 – 14. jan. 2026").
 */
export function formatDayRange(from: string, to: string): string {
  if (from === to) return shortDateYearFormat.format(calendarDay(from));
  const first = from.slice(0, 4) === to.slice(0, 4) ? shortDateFormat : shortDateYearFormat;
  return `${first.format(calendarDay(from))} – ${shortDateYearFormat.format(calendarDay(to))}`;
}

/**
 * Days left of a programme as the value under the label "Tid tilbage", which says "tilbage"
 * already: "312 dage", "1 dag", "Slutter i dag", "Udløbet for 3 dage siden".
 */
export function formatTimeLeft(days: number): string {
  if (days < 0) return `Udløbet for ${-days} ${-days === 1 ? 'dag' : 'dage'} siden`;
  if (days === 0) return 'Slutter i dag';
  return `${days} ${days === 1 ? 'dag' : 'dage'}`;
}

/**
 * A value for `<input type="datetime-local">` from an ISO instant: the time on a Danish clock,
 * as every other time in Samplan is shown, whatever time zone the browser runs in.
 */
export function toLocalInput(value: string | null | undefined): string {
  if (!value) return '';
  return danishWallTime(new Date(value));
}

/** An ISO instant from `<input type="datetime-local">` (a Danish clock's time), or '' when empty/invalid. */
export function fromLocalInput(value: string): string {
  return instantOfDanishWallTime(value)?.toISOString() ?? '';
}

/** A time spent, as the mentor's log says it to the mentor, on the plan and in the live feed alike: "1 time", "1,5 timer". */
export { formatMinutes } from '@samplan/schema';

/**
 * Someone's own words followed by a full stop, as a sentence: "Per kan selv handle ind." – with
 * no second stop when the words already end a sentence (. ! ? or …), nor one after a closing
 * quote or bracket that follows such a mark.
 */
export function asSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…]["'»«”’)]*$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * A phone number as it is shown: a Danish eight-digit number in pairs, as it is read aloud
 * ("72531099" and "7253 1099" as "72 53 10 99"; "+4572531099" as "+45 72 53 10 99"). Any other
 * number (abroad, or not eight digits) shows as it was written. Only for showing: the number is
 * stored as it was typed.
 */
export function formatPhone(phone: string | null | undefined): string {
  const written = phone?.trim() ?? '';
  const danish = /^(\+45|0045)?(\d{8})$/.exec(written.replace(/ /g, ''));
  if (!danish) return written;
  const pairs = danish[2]!.replace(/(\d\d)(?=\d)/g, '$1 ');
  return danish[1] ? `${danish[1]} ${pairs}` : pairs;
}
