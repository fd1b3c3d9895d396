import type { JWTPayload } from 'jose';
import { NSIS_LOA_CLAIM } from '../core/auth/nsis';
import { signToken } from '../core/auth/tokens';
import type { AuthConfig } from '../core/config';

/**
 * A token as NemLog-in or a MitID broker issues it when a citizen signs in: a pseudonymous
 * subject, the CPR number in `claims` when the match is agreed, and the NSIS level of the
 * sign-in, Substantial (MitID's app) unless `claims` states one, as a citizen's binding needs
 * (core/auth/nsis.ts). Signed with the test server's secret, as its provider would sign.
 */
export function mitIdToken(auth: AuthConfig, subject: string, claims: JWTPayload = {}): Promise<string> {
  return signToken(auth, subject, new Date(), undefined, { [NSIS_LOA_CLAIM]: 'Substantial', ...claims });
}
