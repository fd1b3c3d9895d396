/** The times a mentor picks for a task, in minutes. */
export const MINUTES: readonly number[] = [15, 30, 45, 60, 90, 120];

/** The choices for a logged task: the usual ones, plus its own time when that is not one of them. */
export function minuteChoices(current: number): number[] {
  return MINUTES.includes(current) ? [...MINUTES] : [...MINUTES, current].sort((a, b) => a - b);
}
