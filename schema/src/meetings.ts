import { localDate } from './dates.js';

/**
 * A samtale ends on the Danish day it begins: one that runs over days is a slip (a samtale
 * moved to an earlier day with only its start changed keeps its old end), which the citizen
 * would see as "kl. 10.00–11.00" while their calendar file blocks the days between. One rule
 * for both tiers: the form says it before sending, the server refuses anything else.
 */
export function endsOnItsDay(startsAt: Date, endsAt: Date): boolean {
  return localDate(startsAt) === localDate(endsAt);
}

export const SAME_DAY_MESSAGE = 'Samtalen skal slutte samme dag, som den begynder.';
