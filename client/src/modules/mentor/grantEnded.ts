import { describeError } from '../../core/errors';

/**
 * Said in a form on the mentor's page still open when the mentor's access to the citizen ends
 * (the grant ended, early or on its last day, or the programme ended, which ends the grant):
 * the form stays with what was typed in it, cannot be saved, and is closed with "Luk".
 */
export const MENTOR_GRANT_ENDED_NOTICE = 'Mentorstøtten er afsluttet, så det, du har skrevet her, kan ikke længere gemmes. Det står stadig i felterne, så du kan kopiere det, før du lukker.';

/**
 * Said in the form of an entry of "Min log" still open when a renewal (or another grant on the
 * plan) took over from the grant it was logged under: the support goes on, but only the running
 * grant's entries can be corrected. What was typed stays, to copy, and the form closes with "Luk".
 */
export const EARLIER_GRANT_ENTRY_NOTICE =
  'Mentorstøtten fortsætter under en ny bevilling, og opgaver fra den tidligere bevilling kan ikke rettes, så det, du har skrevet her, kan ikke gemmes. Det står stadig i felterne, så du kan kopiere det, før du lukker.';

/** Said on a citizen's card when the grant has ended while the page was open: why the citizen's details went. */
export const grantEndedOnCard = (citizenName: string) =>
  `Mentorstøtten til ${citizenName} er afsluttet. Du kan ikke længere se det, der er delt med dig, eller logge og rette opgaver.`;

/**
 * Whether a refused save may mean that the mentor's access has ended: the server answers
 * NOT_FOUND for a grant no longer active (as for one never theirs), and PROGRAMME_ENDED when
 * the programme ended between its checks. The page then reads the cases again to learn which.
 */
export function mayMeanAccessEnded(error: unknown): boolean {
  const { kind, rule } = describeError(error);
  return kind === 'NOT_FOUND' || (kind === 'RULE_VIOLATION' && rule === 'PROGRAMME_ENDED');
}
