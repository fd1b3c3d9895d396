import { createContext, useContext } from 'react';

/**
 * Whether the plan on the page can still be changed: an ended programme's plan is the record
 * of what was done, read by the same people and changed by nobody (the server answers
 * PROGRAMME_ENDED). The plan page provides it; its sections offer their forms only while it
 * is true. A consent can still be withdrawn: that is possible at any time.
 */
export const PlanOpenContext = createContext(true);

export const usePlanOpen = (): boolean => useContext(PlanOpenContext);
