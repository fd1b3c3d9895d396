import type { DataSource } from 'typeorm';
import type { Role, UnitKind } from './roles';

/** The verified caller of a request: who, in which municipality and unit. */
export interface Actor {
  userId: string;
  username: string;
  /** The identity provider's subject the actor signed in as (for demo users, the username). */
  subject: string;
  name: string;
  role: Role;
  municipalityId: string;
  unitId: string | null;
  unitKind: UnitKind | null;
  /** For a citizen's own account (role CITIZEN): the citizen they are. Null for staff. */
  citizenId?: string | null;
  /** Token expiry (seconds since epoch); a WebSocket is closed when it passes. */
  tokenExpiresAt?: number;
  /**
   * A member of staff whose login moved here from an account another municipality deactivated
   * (modules/org): that account, and when it was deactivated. A token issued before then is that
   * account's — a tab left signed in there, a token someone kept — and never acts as this one
   * (authenticate.ts refuses it as the deactivated account's). Unset for a login bound here first.
   */
  earlierAccount?: { deactivatedAt: Date; account: DeactivatedUser };
}

/**
 * The staff member behind a verified token subject, or null if unknown. Core verifies the
 * token; who the subject is comes from the module that owns the users (its manifest's
 * `loadActor`), so core does not read another module's tables.
 */
export type ActorLoader = (ds: DataSource, identity: TokenIdentity, tokenExpiresAt?: number) => Promise<LoadedUser>;

/**
 * A verified subject whose account an administrator has deactivated: no actor, and no rights.
 * The caller has just proved to the identity provider that they are this person, so they may
 * be told their own account's state (and whom to ask); nobody else learns anything from it.
 */
export interface DeactivatedUser {
  deactivated: true;
  userId: string;
  municipalityId: string;
  name: string;
  /**
   * The token's `iat` lies after the deactivation, by less than the allowance for the provider's
   * clock (tokens.ts, `issuedSurelyAfter`), and a token issued after it would have been let in
   * (a move to another municipality): a new sign-in this many seconds from now will be.
   */
  signInAgainInSeconds?: number;
}

/**
 * A verified identity that matches an invitation no other administrator has approved yet (four
 * eyes on staff invitations): no actor, and no rights, as for someone Samplan does not know. The
 * caller has proved they are the person invited, so they may be told why, and to wait.
 */
export interface AwaitingApprovalUser {
  awaitingApproval: true;
  userId: string;
  municipalityId: string;
  name: string;
}

/** What a loader finds for a verified token: the actor, an account that may not sign in and why, or nobody. */
export type LoadedUser = Actor | DeactivatedUser | AwaitingApprovalUser | null;

export const isDeactivated = (found: LoadedUser): found is DeactivatedUser => found !== null && 'deactivated' in found;

export const isAwaitingApproval = (found: LoadedUser): found is AwaitingApprovalUser => found !== null && 'awaitingApproval' in found;

/** The actor a loader found, or null for nobody who may use Samplan (unknown, deactivated, or awaiting approval). */
export const actorOrNull = (found: LoadedUser): Actor | null => (isDeactivated(found) || isAwaitingApproval(found) ? null : found);

/**
 * Who a verified token says the caller is: the identity provider's subject, and the e-mail
 * address when the token carries one (an invitation by e-mail is bound to the subject at the
 * first sign-in), and a citizen's CPR number when a MitID broker gives it.
 */
export interface TokenIdentity {
  subject: string;
  email?: string;
  /** A citizen's CPR number from a MitID broker: the first sign-in binds the citizen's own account by it. */
  cpr?: string;
  /**
   * When the token was issued (its `iat`, seconds since epoch). A deactivated member of staff's
   * sign-in follows a move to another municipality's invitation only with a token issued after the
   * deactivation (tokens.ts, `issuedSurelyAfter`): one from before (a second tab, an API client) is
   * refused as deactivated. Without it, no move is followed.
   */
  issuedAt?: number;
}
