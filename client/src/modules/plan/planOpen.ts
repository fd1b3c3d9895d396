import { createContext, useContext, type RefObject } from 'react';

/**
 * Whether the plan on the page can still be changed: an ended programme's plan is the record
 * of what was done, read by the same people and changed by nobody (the server answers
 * RULE_VIOLATION PROGRAMME_ENDED, "Forløbet er afsluttet. Planen kan læses, men ikke længere
 * ændres."). The plan page provides it; its sections offer their forms only while it is true.
 * A consent can still be withdrawn: that is possible at any time.
 */
export const PlanOpenContext = createContext(true);

export const usePlanOpen = (): boolean => useContext(PlanOpenContext);

/**
 * The plan was taken from the user while they had it open (their unit off the team, the
 * coordinatorship handed on): the server answers every save NOT_FOUND. The page keeps the plan
 * as it was, and PlanOpenContext is false, as after the end; this says why, and stops what the
 * server would still take after an end (a hand-over, a unit removed, a consent withdrawn).
 */
export const PlanAccessLostContext = createContext(false);

export const usePlanAccessLost = (): boolean => useContext(PlanAccessLostContext);

/**
 * Said in a plan page's form still open when the programme ends (by the user's own "Afslut
 * forløb", or by someone else, the change arriving live): the form stays with what was typed
 * in it, cannot be saved, and is closed with "Luk".
 */
export const PROGRAMME_ENDED_NOTICE = 'Forløbet er afsluttet, så det, du har skrevet her, kan ikke længere gemmes. Det står stadig i felterne, så du kan kopiere det, før du lukker.';

/** Said in a plan page's form still open when the user loses access to the plan (see PlanAccessLostContext). */
export const PLAN_ACCESS_LOST_NOTICE = 'Du har ikke længere adgang til planen, så det, du har skrevet her, kan ikke gemmes. Det står stadig i felterne, så du kan kopiere det, før du lukker.';

/**
 * Why a form on the plan page can no longer be saved: PLAN_ACCESS_LOST_NOTICE once the plan
 * has been taken from the user, PROGRAMME_ENDED_NOTICE once the programme has ended, else null.
 * For a form whose change the server still takes after the end (a samtale called off, a consent
 * withdrawn, the coordinator changed, a unit taken off the team) the end does not apply.
 */
export function usePlanCannotSave(): string | null {
  const open = usePlanOpen();
  const accessLost = usePlanAccessLost();
  return accessLost ? PLAN_ACCESS_LOST_NOTICE : open ? null : PROGRAMME_ENDED_NOTICE;
}

/**
 * A section's heading by its id, as the place focus goes when a form kept open after the end
 * closes: the button that opened it went with the end. The heading needs tabIndex -1.
 */
export function headingById(id: string): RefObject<HTMLElement | null> {
  return {
    get current() {
      return document.getElementById(id);
    },
  };
}
