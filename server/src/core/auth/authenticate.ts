import type { DataSource } from 'typeorm';
import { isDatabaseUnavailable, serviceUnavailable } from '../db/availability';
import type { Actor, ActorLoader } from './actor';
import type { TokenVerifier } from './tokens';

export interface AuthResult {
  actor: Actor | null;
  /** Set when a token was presented but not accepted. */
  failure?: string;
}

/** Reads `Bearer <jwt>` (or a bare token) and resolves the staff member it names. */
export async function authenticate(ds: DataSource, tokens: TokenVerifier, loadActor: ActorLoader, header: unknown): Promise<AuthResult> {
  if (typeof header !== 'string' || header.trim() === '') return { actor: null };
  const token = header.replace(/^Bearer\s+/i, '').trim();
  try {
    const verified = await tokens.verify(token);
    const actor = await loadActor(ds, { subject: verified.subject, email: verified.email }, verified.expiresAt);
    return actor ? { actor } : { actor: null, failure: 'unknown subject' };
  } catch (err) {
    // The database is away: not the caller's fault, and not a failed login to count.
    if (isDatabaseUnavailable(err)) throw serviceUnavailable();
    return { actor: null, failure: err instanceof Error ? err.message : 'invalid token' };
  }
}
