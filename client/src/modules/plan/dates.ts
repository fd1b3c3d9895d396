/** Calendar arithmetic on "YYYY-MM-DD" days, as the server does it (server: core/time/dates.ts). */

/** The day `months` later; the 31st becomes the month's last day when it has fewer. */
export function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}

/** A real calendar day written as YYYY-MM-DD (what a date field gives, or ''). */
export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && addMonths(value, 0) === value;
}
