/**
 * The times a mentor picks for a task, in minutes: quarter hours up to an hour, then half hours
 * up to a working day of 8 hours. A longer task is stated as "Anden tid" (LogTaskForm).
 */
export const MINUTES: readonly number[] = [15, 30, 45, ...Array.from({ length: 15 }, (_, i) => 60 + i * 30)];

/** The longest task the server takes, in minutes (LogMentorTaskInput.minutes: "Højst 24 timer."). */
export const MAX_MINUTES = 1440;

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
  if (!t) return { problem: 'Skriv, hvor mange minutter opgaven tog.' };
  if (!/^\d+$/.test(t)) return { problem: 'Skriv tiden i hele minutter, fx 600 for 10 timer.' };
  const minutes = Number(t);
  if (minutes < 1) return { problem: 'Mindst 1 minut.' };
  if (minutes > MAX_MINUTES) return { problem: `Højst 24 timer (${MAX_MINUTES} minutter).` };
  return { minutes };
}
