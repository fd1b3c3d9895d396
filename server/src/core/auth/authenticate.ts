import { errorCodeMessage, secondsInDanish } from '@samplan/schema';
import type { DataSource } from 'typeorm';
import { recordAudit } from '../audit';
import { isDatabaseUnavailable, serviceUnavailable } from '../db/availability';
import { AppError } from '../errors/app-errors';
import { isAwaitingApproval, isDeactivated, type Actor, type ActorLoader, type DeactivatedUser, type LoadedUser } from './actor';
import { DEFAULT_CITIZEN_MIN_LEVEL, meetsLevel, type NsisLevel } from './nsis';
import { Role } from './roles';
import { IdentityProviderUnavailable, issuedSurelyAfter, secondsUntilSurelyAfter, type TokenVerifier, type VerifiedToken } from './tokens';

export interface AuthResult {
  actor: Actor | null;
  /** Set when a token was presented but not accepted. */
  failure?: string;
  /**
   * The token is valid, but names nobody who may use Samplan (no staff member with this
   * subject, no invitation to bind, or deactivated): the caller gets NOT_A_USER, not a new sign-in.
   */
  notAUser?: boolean;
  /**
   * With `notAUser`: the token's subject is an account an administrator has deactivated. Said
   * only to the holder of a genuine token for that subject, who may know their own account's state.
   */
  deactivated?: boolean;
  /**
   * With `deactivated`: the token was issued so shortly after the deactivation that it may be from
   * before it (the provider's clock may run ahead), and a sign-in after it would be let in (a move
   * to another municipality). The holder is asked to sign in again in this many seconds.
   */
  signInAgainInSeconds?: number;
  /**
   * With `notAUser`: the token matches an invitation that another administrator has yet to approve
   * (four eyes on staff invitations). Said, as `deactivated`, only to the holder of a genuine token
   * that would bind it: they learn that their invitation waits, nothing else.
   */
  awaitingApproval?: boolean;
  /**
   * With `notAUser`: the token named a citizen (a CPR number from MitID) whom Samplan cannot
   * give a plan (no programme, or their account is bound to another sign-in). Said to them as
   * a citizen, not as staff who must ask an administrator.
   */
  citizen?: boolean;
  /**
   * With `citizen`: the token's CPR number was stated below this NSIS level of assurance (or with
   * none), so it was not read; or the token names a citizen's account, and states a lower level
   * (or none). The citizen may have a plan: they are asked to sign in at this level.
   */
  citizenLevelRequired?: NsisLevel;
  /**
   * The token's signature held, but it has expired (or is older than the maximum age): a
   * client that missed its renewal, not a guess at a token. It is answered UNAUTHENTICATED
   * so the client renews, never counted as a failed login, and never locked out.
   */
  expired?: boolean;
  /**
   * The failure was one too many for the caller's address (see `authenticate`'s
   * `countFailure`): answer RATE_LIMITED, retrying after this many seconds.
   */
  lockedOutForSeconds?: number;
}

/** The failed sign-ins of the caller's address (the rate limit's, rate-limit.ts). */
export interface FailureCounter {
  /** The caller's address: a refused sign-in is counted once per token from it. */
  readonly address: string;
  /** Counts a failed sign-in now: `ok` while the address was within its limit (then it is counted), else when to retry. */
  count(): { ok: boolean; retryAfterSeconds: number };
  /** Whether the address is within its limit, counting nothing. */
  check(): { ok: boolean; retryAfterSeconds: number };
}

const NO_LIMIT = { ok: true, retryAfterSeconds: 0 };

/** The words for a genuine token of a deactivated account (see `AuthResult.deactivated`). */
export const DEACTIVATED_USER_MESSAGE = 'Din bruger er deaktiveret i Samplan — kontakt din administrator.';

/**
 * The words for a genuine token of a deactivated account issued within the allowance for the
 * provider's clock after the deactivation, when a later sign-in would be let in: most likely a
 * member of staff who has just been invited by another municipality and signed in at once.
 */
const signInAgainSoonMessage = (seconds: number) =>
  `Din bruger er deaktiveret i Samplan. Er du lige blevet inviteret i en anden kommune, så log ind igen om ${secondsInDanish(seconds)}.`;

/** The words for a genuine token of an invitation awaiting another administrator's approval (see `AuthResult.awaitingApproval`). */
export const AWAITING_APPROVAL_MESSAGE = 'Din invitation til Samplan venter på, at en anden administrator godkender den.';

/** The words for a citizen's genuine sign-in when Samplan holds no programme for them (see `AuthResult.citizen`). */
export const CITIZEN_WITHOUT_PROGRAMME_MESSAGE = 'Samplan har ikke en plan, der kan knyttes til dit log ind. Har du et forløb, så kontakt din kommune eller dit jobcenter.';

/** The words for a citizen whose sign-in stated too low an NSIS level for their CPR number to count, or for their account (see `AuthResult.citizenLevelRequired`). */
export const citizenLevelTooLowMessage = (required: NsisLevel) =>
  `Log ind med MitID på ${required === 'High' ? 'højt' : 'betydeligt'} niveau for at se din plan.`;

/**
 * A deactivated account's refusal; with `signInAgainInSeconds` (`AuthResult`), when to sign in
 * again (`retryAfterSeconds`, as other answers that ask the caller to wait say it). The reason stays
 * DEACTIVATED, which every client knows: the token is treated as the deactivated account's.
 */
const deactivatedUser = (signInAgainInSeconds?: number) =>
  signInAgainInSeconds
    ? new AppError('NOT_A_USER', signInAgainSoonMessage(signInAgainInSeconds), { reason: 'DEACTIVATED', retryAfterSeconds: signInAgainInSeconds, http: { status: 403 } })
    : new AppError('NOT_A_USER', DEACTIVATED_USER_MESSAGE, { reason: 'DEACTIVATED', http: { status: 403 } });

/**
 * Why a valid token is refused: a member of staff has to be created (or reactivated) by an
 * administrator; a citizen has no programme in Samplan, or signed in at too low a level for
 * their CPR number to count. The code is the same; `reason` tells the holder of the token which
 * it is (`DEACTIVATED`, `AWAITING_APPROVAL`, `CITIZEN`), and `levelRequired` with CITIZEN the NSIS level to sign in at.
 */
export const notAUser = (result: Pick<AuthResult, 'deactivated' | 'signInAgainInSeconds' | 'awaitingApproval' | 'citizen' | 'citizenLevelRequired'> = {}) =>
  result.deactivated
    ? deactivatedUser(result.signInAgainInSeconds)
    : result.awaitingApproval
      ? new AppError('NOT_A_USER', AWAITING_APPROVAL_MESSAGE, { reason: 'AWAITING_APPROVAL', http: { status: 403 } })
      : result.citizen && result.citizenLevelRequired
        ? new AppError('NOT_A_USER', citizenLevelTooLowMessage(result.citizenLevelRequired), { reason: 'CITIZEN', levelRequired: result.citizenLevelRequired, http: { status: 403 } })
        : result.citizen
          ? new AppError('NOT_A_USER', CITIZEN_WITHOUT_PROGRAMME_MESSAGE, { reason: 'CITIZEN', http: { status: 403 } })
          : new AppError('NOT_A_USER', errorCodeMessage('NOT_A_USER'), { http: { status: 403 } });

/**
 * The same refusal as the reason a WebSocket is closed with (4403), read by the web client: the
 * code, and as on HTTP why (`reason`), and with a citizen's level the level to sign in at
 * (`levelRequired`): NOT_A_USER_CITIZEN_LEVEL_SUBSTANTIAL or _HIGH; with a deactivated account's
 * `signInAgainInSeconds` the seconds (`retryAfterSeconds`): NOT_A_USER_DEACTIVATED_RETRY_12, so a
 * page whose socket is refused first counts down to "Log ind igen" as after an HTTP answer.
 */
export const notAUserCloseReason = (result: Pick<AuthResult, 'deactivated' | 'signInAgainInSeconds' | 'awaitingApproval' | 'citizen' | 'citizenLevelRequired'>): string =>
  result.deactivated
    ? `NOT_A_USER_DEACTIVATED${result.signInAgainInSeconds ? `_RETRY_${result.signInAgainInSeconds}` : ''}`
    : result.awaitingApproval
      ? 'NOT_A_USER_AWAITING_APPROVAL'
      : result.citizen && result.citizenLevelRequired
        ? `NOT_A_USER_CITIZEN_LEVEL_${result.citizenLevelRequired.toUpperCase()}`
        : result.citizen
          ? 'NOT_A_USER_CITIZEN'
          : 'NOT_A_USER';

/** Tokens whose refusals are remembered per verifier (an instance); beyond this the oldest goes first. */
const REFUSED_TOKENS_KEPT = 5_000;

/**
 * The refusals already written, per token, per verifier (one per instance): a client asks several
 * things at once at sign-in (the page's queries, its live connection), each with the same token,
 * and the log must say "forsøgte at logge ind" once per attempt, not once per request. A token is
 * remembered by its exact text until it expires; a new sign-in brings a new token, so a new line.
 * The same token refused for another reason, or about another account (an invitation withdrawn
 * meanwhile), is written again. Another instance answering the same token writes its own line.
 * So too the addresses the token's refusal was counted against as a failed sign-in (`counted`):
 * once per attempt, or a few people's refused sign-ins would lock out an office's shared address.
 */
/** How many addresses one refused token is counted once against; beyond them, every request counts. */
const ADDRESSES_KEPT_PER_TOKEN = 16;
const refusalsWritten = new WeakMap<TokenVerifier, Map<string, { expiresAt: number; written: Set<string>; counted: Set<string> }>>();

/** What is remembered of the token's refusals, kept from now until it expires. */
function refusalsOf(tokens: TokenVerifier, token: string, expiresAt: number) {
  let byToken = refusalsWritten.get(tokens);
  if (!byToken) refusalsWritten.set(tokens, (byToken = new Map()));
  const now = Math.floor(Date.now() / 1000);
  let kept = byToken.get(token);
  if (!kept || kept.expiresAt <= now) {
    byToken.delete(token);
    byToken.set(token, (kept = { expiresAt, written: new Set(), counted: new Set() }));
    if (byToken.size > REFUSED_TOKENS_KEPT) byToken.delete(byToken.keys().next().value as string);
  }
  return kept;
}

/** Writes a refused sign-in's line for the token, unless the same refusal of it was written already. */
type RefusalRecorder = (entry: Parameters<typeof recordAudit>[1]) => Promise<void>;

function refusalRecorder(ds: DataSource, tokens: TokenVerifier, token: string, expiresAt: number): RefusalRecorder {
  return async (entry) => {
    const kept = refusalsOf(tokens, token, expiresAt);
    const key = `${entry.action} ${entry.entityId ?? ''}`;
    if (kept.written.has(key)) return;
    // Marked before the write, so requests sent at once write one line between them; a write
    // that fails is unmarked, for the next request to write.
    const { written } = kept;
    written.add(key);
    try {
      await recordAudit(ds, entry);
    } catch (err) {
      written.delete(key);
      throw err;
    }
  };
}

/** Counts a refused sign-in against the caller's address, once per token: the token's further requests only ask whether the address is locked out. */
type RefusalCounter = () => { ok: boolean; retryAfterSeconds: number };

function refusalCounter(tokens: TokenVerifier, token: string, expiresAt: number, countFailure: FailureCounter): RefusalCounter {
  return () => {
    const { counted } = refusalsOf(tokens, token, expiresAt);
    if (counted.has(countFailure.address)) return countFailure.check();
    // Checked, counted and marked in one step: of requests sent at once, one counts. Past a few
    // addresses the token is no one person's sign-in at a desk (one token sent from address after
    // address): each request counts again, and the memory stays small.
    const decision = countFailure.count();
    if (decision.ok && counted.size < ADDRESSES_KEPT_PER_TOKEN) counted.add(countFailure.address);
    return decision;
  };
}

/** The identity provider cannot be reached: retry later, as when the database is away. */
const providerUnavailable = () =>
  new AppError('SERVICE_UNAVAILABLE', 'Log ind-tjenesten kan ikke nås lige nu. Prøv igen om lidt.', {
    retryAfterSeconds: 5,
    http: { status: 503, headers: new Map([['retry-after', '5']]) },
  });

/**
 * Reads `Bearer <jwt>` (or a bare token) and resolves the staff member it names. A valid token
 * of someone who is not an active staff member is audited and answered `notAUser`: an unknown
 * subject as SIGN_IN_UNKNOWN_USER (DENIED; no municipality, since none is known), a deactivated
 * account as SIGN_IN_DEACTIVATED_USER in its municipality's log, about that member of staff. A
 * citizen's account is let in only by a token at the citizens' NSIS level (`citizenBelowLevel`);
 * below it, SIGN_IN_LEVEL_TOO_LOW (`refuseBelowLevel`).
 */
export async function authenticate(
  ds: DataSource,
  tokens: TokenVerifier,
  loadActor: ActorLoader,
  header: unknown,
  /**
   * Counts a token that fails (not one that merely expired), right when it is known to fail,
   * and before anything is written: checking the address's limit and counting the failure in
   * one step, so that requests sent at once cannot all pass the check before any of them is
   * counted. A token that is no token of the provider's counts on every request; a genuine one
   * refused (`notAUser`) once per address, however many requests bring it (`refusalCounter`).
   * A locked-out address's refusals are answered, not written again.
   */
  countFailure: FailureCounter = { address: '', count: () => NO_LIMIT, check: () => NO_LIMIT },
): Promise<AuthResult> {
  if (typeof header !== 'string' || header.trim() === '') return { actor: null };
  const token = header.replace(/^Bearer\s+/i, '').trim();
  let verified: Awaited<ReturnType<TokenVerifier['verify']>>;
  try {
    verified = await tokens.verify(token);
  } catch (err) {
    // The identity provider (or a key set at AUTH_JWKS_URL) is away: not the caller's fault, and not a failed login to count.
    if (isDatabaseUnavailable(err)) throw serviceUnavailable();
    if (err instanceof IdentityProviderUnavailable) throw providerUnavailable();
    // jose checks the claims only after the signature: ERR_JWT_EXPIRED is a genuine token, too old.
    const failure = err instanceof Error ? err.message : 'invalid token';
    if ((err as { code?: unknown }).code === 'ERR_JWT_EXPIRED') return { actor: null, failure, expired: true };
    const counted = countFailure.count();
    return { actor: null, failure, ...(counted.ok ? {} : { lockedOutForSeconds: counted.retryAfterSeconds }) };
  }
  // From here the token is genuine: a failure is the server's (the database away, a table a
  // migration should have made), never the caller's. It is not answered UNAUTHENTICATED,
  // which would sign the user out, nor counted against their address as a guessed token.
  const recordRefusal = refusalRecorder(ds, tokens, token, verified.expiresAt);
  const countRefusal = refusalCounter(tokens, token, verified.expiresAt, countFailure);
  try {
    const loaded = await loadActor(ds, { subject: verified.subject, email: verified.email, cpr: verified.cpr, issuedAt: verified.issuedAt }, verified.expiresAt);
    const found = earlierAccountOf(loaded, verified) ?? loaded;
    if (found && !isDeactivated(found) && !isAwaitingApproval(found)) {
      const required = citizenBelowLevel(found, verified);
      return required ? await refuseBelowLevel(recordRefusal, found, verified, required, countRefusal) : { actor: found };
    }
    const deactivated = isDeactivated(found)
      ? { deactivated: true, ...(found.signInAgainInSeconds ? { signInAgainInSeconds: found.signInAgainInSeconds } : {}) }
      : isAwaitingApproval(found)
        ? { awaitingApproval: true }
        : verified.cpr
          ? { citizen: true }
          : verified.cprBelowLevel
            ? { citizen: true, citizenLevelRequired: verified.cprBelowLevel.required }
            : {};
    const counted = countRefusal();
    if (!counted.ok) return { actor: null, failure: 'NOT_A_USER', notAUser: true, ...deactivated, lockedOutForSeconds: counted.retryAfterSeconds };
    // An invitation awaiting approval is answered as someone unknown is (NOT_A_USER), but the
    // municipality's log says why, as for a deactivated account: its administrators see who waits.
    if (isDeactivated(found) || isAwaitingApproval(found)) {
      await recordRefusal({
        actor: null,
        municipalityId: found.municipalityId,
        action: isDeactivated(found) ? 'SIGN_IN_DEACTIVATED_USER' : 'SIGN_IN_AWAITING_APPROVAL',
        entityType: 'STAFF',
        entityId: found.userId,
        outcome: 'DENIED',
        detail: isDeactivated(found)
          ? `${found.name} forsøgte at logge ind, men er deaktiveret (login-id ${verified.subject})`
          : `${found.name} forsøgte at logge ind, men invitationen venter på en anden administrators godkendelse (login-id ${verified.subject})`,
      });
      return { actor: null, failure: 'NOT_A_USER', notAUser: true, ...deactivated };
    }
    await recordRefusal({
      actor: null,
      action: 'SIGN_IN_UNKNOWN_USER',
      entityType: 'USER',
      outcome: 'DENIED',
      detail: `login-id ${verified.subject} fra ${verified.issuer}${verified.email ? ` (${verified.email})` : ''}${belowLevel(verified.cprBelowLevel)}`,
    });
    return { actor: null, failure: 'NOT_A_USER', notAUser: true, ...deactivated };
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw serviceUnavailable();
    throw err;
  }
}

/**
 * The account a token is of when the login it names has moved since (a member of staff who left
 * another municipality, modules/org): one not issued after the old account's deactivation
 * (tokens.ts, `issuedSurelyAfter`) was that account's — a tab left signed in there, a token someone
 * captured — and is answered as that account's token was before the move (NOT_A_USER,
 * DEACTIVATED; logged in that municipality, once per token), never let into the new account and
 * its municipality's data. Judged per token, never per account: the actor may come from the actor cache.
 */
function earlierAccountOf(found: LoadedUser, token: VerifiedToken): DeactivatedUser | undefined {
  const earlier = found && !isDeactivated(found) && !isAwaitingApproval(found) ? found.earlierAccount : undefined;
  if (!earlier || issuedSurelyAfter(token.issuedAt, earlier.deactivatedAt)) return undefined;
  const wait = secondsUntilSurelyAfter(token.issuedAt, earlier.deactivatedAt);
  return { ...earlier.account, ...(wait ? { signInAgainInSeconds: wait } : {}) };
}

/**
 * The level a citizen's account needs and this token does not state, or undefined when it may
 * be let in. Min plan holds the citizen's social case and data about their health (a special
 * category, GDPR art. 9): NSIS Substantial, or OIDC_CITIZEN_MIN_LOA, on every request, not only
 * at the sign-in that bound the account. An account bound at Substantial is no licence for a
 * later sign-in at Low by the same subject (MitID's username and password alone). Judged per
 * token, never per account: the actor may come from the actor cache, the level never does.
 * Staff are not judged by it: their provider's level is their municipality's affair.
 */
function citizenBelowLevel(actor: Actor, token: VerifiedToken): NsisLevel | undefined {
  if (actor.role !== Role.CITIZEN) return undefined;
  const required = token.citizenMinLevel ?? DEFAULT_CITIZEN_MIN_LEVEL;
  return meetsLevel(token.level, required) ? undefined : required;
}

/**
 * A citizen's account, named by a token below the level (`citizenBelowLevel`): answered as the
 * binding refusal is (NOT_A_USER, reason CITIZEN, `levelRequired`), counted as a failed sign-in
 * from the address (once per token), and logged as SIGN_IN_LEVEL_TOO_LOW, about the account: the login and the
 * levels, never a CPR number. Not SIGN_IN_UNKNOWN_USER: the account is known, and whoever reads the
 * log must see a citizen asked to sign in at a higher level, not a stranger. The row names no
 * actor, for a citizen at too low a level is not probing (an actor's refusals flag the account for
 * review, migration 10); it is the account's municipality's.
 */
async function refuseBelowLevel(recordRefusal: RefusalRecorder, actor: Actor, token: VerifiedToken, required: NsisLevel, countRefusal: RefusalCounter): Promise<AuthResult> {
  const refused = { actor: null, failure: 'NOT_A_USER', notAUser: true, citizen: true, citizenLevelRequired: required } as const;
  const counted = countRefusal();
  if (!counted.ok) return { ...refused, lockedOutForSeconds: counted.retryAfterSeconds };
  await recordRefusal({
    actor: null,
    municipalityId: actor.municipalityId,
    action: 'SIGN_IN_LEVEL_TOO_LOW',
    entityType: 'USER',
    entityId: actor.userId,
    // The citizen's own account: the line stands in their adgangslog, where their coordinator finds it.
    citizenId: actor.citizenId ?? null,
    outcome: 'DENIED',
    detail: `login-id ${token.subject} fra ${token.issuer}; borgerens konto ikke åbnet: sikringsniveau ${token.level ?? 'ikke angivet'}, kræver ${required}`,
  });
  return refused;
}

/**
 * For the log: a CPR number was sent at too low a level and not read. The number itself is
 * never written; the levels tell whether the broker sent a staff identity's attribute or MitID at Low.
 */
function belowLevel(below: { stated?: NsisLevel; required: NsisLevel } | undefined): string {
  if (!below) return '';
  return `; CPR-nummer ikke brugt: sikringsniveau ${below.stated ?? 'ikke angivet'}, kræver ${below.required}`;
}
