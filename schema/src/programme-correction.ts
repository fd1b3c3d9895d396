import { charCount, tooLongMessage } from './words.js';

/**
 * "Registreret ved en fejl": a forløb registered by mistake (the wrong citizen, the wrong type, a
 * duplicate) is marked as never having run, with a reason; the mark can be taken back, with a
 * reason too. Both reasons are kept as typed, trimmed, between 1 and 500 characters. Both tiers
 * say a problem in these words, at the field Begrundelse: the form before sending, the server on
 * refusal (BAD_USER_INPUT at `reason`).
 */
export const REGISTERED_IN_ERROR_REASON_MAX = 500;

/** A reason checked as it will be stored (trimmed); null when it may be sent. */
export function registeredInErrorReasonProblem(reason: string | null | undefined): string | null {
  const text = (reason ?? '').trim();
  if (!text) return 'Skriv begrundelsen.';
  // Over the limit, with what was typed counted, as the other forms say it.
  if (charCount(text) > REGISTERED_IN_ERROR_REASON_MAX) return tooLongMessage('Begrundelsen', REGISTERED_IN_ERROR_REASON_MAX, text);
  return null;
}
