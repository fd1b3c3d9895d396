/**
 * The times a mentor picks for a task, in minutes: quarter hours up to an hour, then half hours
 * up to a working day of 8 hours. A longer task is stated as "Anden tid", when it is logged
 * (LogTaskForm) and when it is corrected (MentorTaskEditForm) alike.
 */
export const MINUTES: readonly number[] = [15, 30, 45, ...Array.from({ length: 15 }, (_, i) => 60 + i * 30)];

/** "Anden tid" among the choices of "Tid": a number of minutes typed, for a task longer than the choices. */
export const OTHER_TIME = 'other';

/**
 * The longest task the server takes, in minutes, logged or corrected, and its words for the
 * bounds (server/src/modules/mentor/mentor.inputs.ts, TASK_MINUTES): said here before sending.
 */
export const MAX_MINUTES = 1440;
export const TOO_FEW_MINUTES = 'Mindst 1 minut.';
export const TOO_MANY_MINUTES = `Højst 24 timer (${MAX_MINUTES} minutter).`;

/** The hint at "Antal minutter", in both forms. */
export const OTHER_TIME_HINT = `Fx 600 for 10 timer. ${TOO_MANY_MINUTES}`;

/** Asked for when "Anden tid" is chosen and nothing is typed. */
export const NO_MINUTES = 'Skriv, hvor mange minutter opgaven tog.';

/** The choices for a logged task: the usual ones, plus its own time when that is not one of them. */
export function minuteChoices(current: number): number[] {
  return MINUTES.includes(current) ? [...MINUTES] : [...MINUTES, current].sort((a, b) => a - b);
}

/**
 * "Anden tid": whole minutes from 1 to MAX_MINUTES, as the server takes them (its own words for
 * the bounds). The minutes, or what is wrong with the text in Danish.
 */
export function otherMinutes(text: string): { minutes: number } | { problem: string } {
  const t = text.trim();
  if (!t) return { problem: NO_MINUTES };
  if (!/^\d+$/.test(t)) return { problem: 'Skriv tiden i hele minutter, fx 600 for 10 timer.' };
  const minutes = Number(t);
  if (minutes < 1) return { problem: TOO_FEW_MINUTES };
  if (minutes > MAX_MINUTES) return { problem: TOO_MANY_MINUTES };
  return { minutes };
}
