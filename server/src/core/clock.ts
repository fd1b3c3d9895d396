/**
 * Time comes from here, so tests can move it (deadlines, grant periods, token expiry). The
 * Danish calendar day of an instant is `localDate` from @samplan/schema, shared with the client.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
