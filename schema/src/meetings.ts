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

/**
 * The longest link to a video samtale: an invitation link of Teams carries its meeting id and a
 * context, often 250–400 characters, so a short text limit would refuse the link people paste.
 */
export const VIDEO_LINK_MAX = 2000;
export const VIDEO_LINK_TOO_LONG = `Linket må højst være ${VIDEO_LINK_MAX.toLocaleString('da-DK')} tegn.`;

/** A person from outside the municipality on a samtale: the citizen's network or a bisidder. */
export interface MeetingGuestName {
  name: string;
  relation: string;
}

/**
 * Who of a samtale's network came and went between two lists, counted (the same name and
 * relation twice is two people). One rule for both tiers: the server's "tilføjet …; taget af …",
 * and the form's word to tell those taken off.
 */
export function networkDiff<G extends MeetingGuestName>(before: readonly G[], after: readonly G[]): { joined: G[]; left: G[] } {
  const left = [...before];
  const joined: G[] = [];
  for (const g of after) {
    const i = left.findIndex((k) => k.name === g.name && k.relation === g.relation);
    if (i >= 0) left.splice(i, 1);
    else joined.push(g);
  }
  return { joined, left };
}
