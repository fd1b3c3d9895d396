import { registeredInErrorReasonProblem } from './programme-correction.js';

/**
 * The reason the coordinator gives for correcting a citizen's CPR number, or for closing or
 * opening the citizen's access to Min plan: kept in the citizen's access log. The rule and the
 * words of a forløb's correction (trimmed, 1 to 500 characters), at the field Begrundelse on
 * both tiers: the form before sending, the server on refusal (BAD_USER_INPUT at `reason`).
 */
export const citizenAccessReasonProblem: (reason: string | null | undefined) => string | null = registeredInErrorReasonProblem;
