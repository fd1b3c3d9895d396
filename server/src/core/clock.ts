/** Time comes from here, so tests can move it (deadlines, grant periods, token expiry). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** 'YYYY-MM-DD' of an instant, in Danish local time (the day a caseworker would name). */
export function localDate(at: Date): string {
  return at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
}
