import { formatDanishDate, localDate } from './dates.js';

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

/** The most people a registered opfølgningssamtale names as taking part; each name is a title (TEXT_LIMITS.title). */
export const FOLLOW_UP_PARTICIPANTS_MAX = 20;

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

/**
 * The first day a samtale of a forløb can have been held, and why one before it cannot be one of
 * its samtaler.
 *
 * The bound is the day the forløb came to be: its decision date, or its start where that is
 * earlier. Not the start alone: the first samtale goes through the rehabiliteringsteam's
 * recommendation and starts the plan, recommended at the latest a week after the team's meeting
 * (rule 7, STAR’s vejledning om ressourceforløb 2020, afsnit 5.2), so it is often held between
 * the decision and a first day fixed later; refused, it could not be recorded, and rule 7 would
 * go on asking for it. Before the decision there is no forløb to follow up (a ressourceforløb and
 * the municipality's own forløb start on their decision date or later), except a
 * jobafklaringsforløb, which follows from lov om sygedagpenge § 24 a and may have begun before
 * its decision: its samtaler count from its first day.
 */
export function firstSamtaleDay(programme: { decisionDate: string; startDate: string }): { day: string; message: string } {
  return programme.startDate < programme.decisionDate
    ? { day: programme.startDate, message: `En samtale kan ikke være holdt, før forløbet begyndte (${formatDanishDate(programme.startDate)}).` }
    : { day: programme.decisionDate, message: `En samtale kan ikke være holdt før forløbets afgørelsesdato (${formatDanishDate(programme.decisionDate)}).` };
}

/**
 * Why a samtale held on `heldOn` (a Danish day) cannot be one of this forløb's (firstSamtaleDay),
 * or null. Every way a samtale comes to be recorded as held asks this, on both tiers, in these
 * words: "Registrér opfølgningssamtale" at Afholdt, "Registrér fremmøde" of a booked samtale at
 * Fremmøde (the choice that records it as held); the form before sending, the server on refusal.
 */
export function heldBeforeForloeb(programme: { decisionDate: string; startDate: string }, heldOn: string): string | null {
  const first = firstSamtaleDay(programme);
  return heldOn < first.day ? first.message : null;
}

/**
 * What the booked samtale refused by heldBeforeForloeb at "Registrér fremmøde" can become instead:
 * it cannot be moved back to the day it was held (a samtale is not booked in the past), so it is
 * called off ("Aflys"); held on another day of the forløb, it is then registered as held on that
 * day with "Registrér opfølgningssamtale".
 */
export const HELD_BEFORE_FORLOEB_WAY_FORWARD =
  'Aflys samtalen, hvis den ikke blev holdt i forløbet. Blev den holdt på en anden dag, så aflys den, og registrér den med »Registrér opfølgningssamtale«.';

/**
 * heldBeforeForloeb for a booked samtale at "Registrér fremmøde", with the way forward. Both tiers
 * say it in these words at Fremmøde: the form before sending, the server on refusal.
 */
export function attendedBeforeForloeb(programme: { decisionDate: string; startDate: string }, heldOn: string): string | null {
  const before = heldBeforeForloeb(programme, heldOn);
  return before ? `${before} ${HELD_BEFORE_FORLOEB_WAY_FORWARD}` : null;
}
