import { genitive } from '@samplan/schema';
import type { DataSource, EntityManager } from 'typeorm';
import { actorOrNull, type Actor, type ActorLoader, type AwaitingApprovalUser, type DeactivatedUser, type LoadedUser, type TokenIdentity } from '../../core/auth/actor';
import { earliestIssue, issuedSurelyAfter, secondsUntilSurelyAfter } from '../../core/auth/tokens';
import type { BoundActorReader, ReadsBoundActor } from '../../core/auth/user-sockets';
import { recordAudit } from '../../core/audit';
import type { Role, UnitKind } from './org.enums';

interface ActorRow {
  id: string;
  username: string;
  subject: string;
  name: string;
  email: string | null;
  role: Role;
  municipality_id: string;
  unit_id: string | null;
  unit_kind: UnitKind | null;
  citizen_id: string | null;
  activated_at: Date | null;
  deactivated_at: Date | null;
  /** An administrator's invitation that no other administrator has approved yet (migration 70): it binds at no sign-in. */
  awaiting_approval: boolean;
  /** The account the login was bound to before a move here, and when it was deactivated (migration 73); null for a login bound here first. */
  moved_from_id: string | null;
  moved_from_deactivated_at: Date | null;
  moved_from_municipality_id: string | null;
  moved_from_name: string | null;
}

const COLUMNS = `u.id, u.username, u.subject, u.name, u.email, u.role, u.municipality_id, u.unit_id, un.kind AS unit_kind, u.citizen_id, u.activated_at, u.deactivated_at,
  (u.invited_by IS NOT NULL AND u.approved_at IS NULL) AS awaiting_approval,
  u.moved_from_id, u.moved_from_deactivated_at, mf.municipality_id AS moved_from_municipality_id, mf.name AS moved_from_name`;

/** The accounts COLUMNS reads: the user, their unit, and the account their login moved here from. */
const ACCOUNTS = `app_user u LEFT JOIN unit un ON un.id = u.unit_id LEFT JOIN app_user mf ON mf.id = u.moved_from_id`;

const toActor = (row: ActorRow, tokenExpiresAt?: number): Actor => ({
  userId: row.id,
  username: row.username,
  subject: row.subject,
  name: row.name,
  role: row.role,
  municipalityId: row.municipality_id,
  unitId: row.unit_id,
  unitKind: row.unit_kind,
  citizenId: row.citizen_id,
  tokenExpiresAt,
  ...(row.moved_from_id && row.moved_from_deactivated_at
    ? {
        earlierAccount: {
          deactivatedAt: row.moved_from_deactivated_at,
          account: { deactivated: true, userId: row.moved_from_id, municipalityId: row.moved_from_municipality_id!, name: row.moved_from_name! },
        },
      }
    : {}),
});

/**
 * The account a subject names: the one bound to it (signed in with it), else the one waiting
 * invitation by that subject. Invitations by one subject from two municipalities bind neither
 * (migration 42), as for e-mail (acceptInvitation): the first must not win by being first.
 */
async function bySubject(ds: DataSource, subject: string): Promise<ActorRow | undefined> {
  const rows: ActorRow[] = await ds.query(`SELECT ${COLUMNS} FROM ${ACCOUNTS} WHERE u.subject = $1`, [subject]);
  const bound = rows.find((r) => r.activated_at);
  if (bound) return bound;
  const waiting = rows.filter((r) => !r.deactivated_at);
  return waiting.length === 1 ? waiting[0] : undefined;
}

/**
 * Accepts an invitation: binds the subject to the invitation by e-mail (or, for an invitation
 * made by subject, just marks it activated), and records it. The UPDATE is one statement that
 * only touches a row still waiting (`subject IS NULL` / `activated_at IS NULL`): when two first
 * sign-ins race, the second waits for the first's row lock, finds the row no longer waiting,
 * and changes nothing — so an invitation is bound once, with one audit row.
 *
 * The administrators see the person go from invited to active: the row's version moves, as at
 * their own changes, so a change they make on what they saw before is judged against it.
 *
 * A subject names one account, so an address invited by two municipalities (a consultant, or
 * one municipality inviting another's new hire first) binds neither: which one the person
 * meant is not Samplan's to guess, and the first invitation must not win by being first.
 */
async function acceptInvitation(ds: DataSource, subject: string, match: { email: string } | { userId: string }): Promise<boolean> {
  return ds.transaction((m) => bindInvitation(m, subject, match));
}

/**
 * acceptInvitation's work, in a transaction the caller holds (followStaffMove binds in the one that
 * releases, naming the account the login moved from: `movedFrom`). A binding records which account
 * the login was bound to before, and when that was deactivated, so that a token from before then
 * never acts as this account (core/auth/authenticate.ts); a first binding records none.
 */
async function bindInvitation(
  m: EntityManager, subject: string, match: { email: string } | { userId: string }, movedFrom?: { id: string; deactivatedAt: Date },
): Promise<boolean> {
  const [fromId, fromDeactivatedAt] = [movedFrom?.id ?? null, movedFrom?.deactivatedAt ?? null];
  // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affected].
  const [rows]: [Array<{ id: string; name: string; municipality_id: string; unit_id: string | null; username: string; role: Role; email: string | null }>, number] =
    'email' in match
      ? await m.query(
          `UPDATE app_user SET subject = $1, activated_at = now(), moved_from_id = $3, moved_from_deactivated_at = $4, version = version + 1
            WHERE id = (SELECT id FROM app_user WHERE email = $2 AND subject IS NULL AND deactivated_at IS NULL ORDER BY invited_at, id LIMIT 1)
              AND subject IS NULL AND deactivated_at IS NULL AND (invited_by IS NULL OR approved_at IS NOT NULL)
              AND (SELECT count(*) FROM app_user WHERE email = $2 AND subject IS NULL AND deactivated_at IS NULL) = 1
            RETURNING id, name, municipality_id, unit_id, username, role, email`,
          [subject, match.email, fromId, fromDeactivatedAt],
        )
      : await m.query(
          `UPDATE app_user SET activated_at = now(), moved_from_id = $2, moved_from_deactivated_at = $3, version = version + 1
            WHERE id = $1 AND activated_at IS NULL AND deactivated_at IS NULL AND (invited_by IS NULL OR approved_at IS NOT NULL)
            RETURNING id, name, municipality_id, unit_id, username, role, email`,
          [match.userId, fromId, fromDeactivatedAt],
        );
  const row = rows[0];
  if (!row) return false;
  const actor: Actor = { userId: row.id, username: row.username, subject, name: row.name, role: row.role, municipalityId: row.municipality_id, unitId: row.unit_id, unitKind: null };
  await recordAudit(m, {
    actor,
    action: 'ACCEPT_INVITATION',
    entityType: 'STAFF',
    entityId: row.id,
    outcome: 'ALLOWED',
    detail: `${row.name} loggede ind første gang og tog imod invitationen${row.email ? ` (${row.email})` : ''}`,
  });
  return true;
}

/**
 * A member of staff who left one municipality (their account there deactivated) and is invited
 * by another: their identity still names the old account, which would refuse them for good. When
 * exactly one invitation of another municipality waits for this identity — by its subject, or
 * without one, by the verified e-mail — the old account lets go of the subject and the invitation
 * is bound, in one transaction, with a row in each municipality's log that says nothing of the
 * other. The old account stays deactivated, and is an invitation again (never signed in with):
 * reactivated, it waits for a sign-in that binds it. Invitations in the same municipality are
 * no move: that is one account, deactivated.
 *
 * Only a token issued after the deactivation moves the login (`issuedAt`, its `iat`, in whole
 * seconds, more than the allowance for the provider's clock after the deactivation: core/auth/
 * tokens.ts, `issuedSurelyAfter`). One issued before it — a second tab, an API client still holding
 * the token from when the account was active — is no new sign-in by the person, and must not bind
 * them somewhere they never chose: it stays refused as the deactivated account's (NOT_A_USER,
 * DEACTIVATED), after the move too (the new account records the deactivation it followed). One
 * within the allowance after it may be either: it moves nothing, and when a later one would, its
 * holder is told so (`signInAgainInSeconds`).
 *
 * The one invitation there, still awaiting another administrator's approval, binds at no
 * sign-in: nothing moves, and the person is told it waits (AWAITING_APPROVAL), not that they
 * are deactivated, as at any sign-in to such an invitation. That answer is for a sign-in after
 * the deactivation only, by the same rule.
 *
 * 'moved': the subject names the new account now. 'stays': nothing to move. 'raced': a
 * concurrent sign-in (the page's other first requests) released or bound first: read again.
 * An invitation awaiting approval: the one the person is to be told of. The deactivated account,
 * with when to sign in again: a token within the allowance after the deactivation.
 */
async function followStaffMove(
  ds: DataSource, row: ActorRow, subject: string, email: string | undefined, issuedAt: number | undefined,
): Promise<'moved' | 'stays' | 'raced' | AwaitingApprovalUser | DeactivatedUser> {
  if (issuedAt === undefined || !row.deactivated_at) return 'stays';
  const tooSoon = secondsUntilSurelyAfter(issuedAt, row.deactivated_at);
  if (!tooSoon && !issuedSurelyAfter(issuedAt, row.deactivated_at)) return 'stays';
  // Read outside a transaction: most such sign-ins have nothing waiting and are refused at once.
  // What is read is checked again by the writes below (the release by its subject, the binding
  // by the invitation's state), so a change in between ends as 'raced' and is read again.
  const invitations: Array<{ id: string; subject: string | null; name: string; municipality_id: string; awaiting_approval: boolean }> = await ds.query(
    `SELECT id, subject, name, municipality_id, (invited_by IS NOT NULL AND approved_at IS NULL) AS awaiting_approval FROM app_user
      WHERE activated_at IS NULL AND deactivated_at IS NULL AND role <> 'CITIZEN' AND municipality_id <> $3
        AND (subject = $1 OR (subject IS NULL AND email = $2::text))`,
    [subject, email ?? null, row.municipality_id],
  );
  const waiting = invitations.filter((i) => !i.awaiting_approval);
  const awaits = waiting.length === 0 && invitations.length === 1;
  if (waiting.length !== 1 && !awaits) return 'stays';
  // A sign-in a moment later would move, or be told its invitation waits: this one is asked to be that sign-in.
  if (tooSoon) return { ...deactivated(row), signInAgainInSeconds: tooSoon };
  if (awaits) return awaitingApproval(invitations[0]!);
  return ds.transaction(async (m): Promise<'moved' | 'stays' | 'raced'> => {
    // The rule above, again where it counts: the row as it is when released, the token by the earliest it may have been issued.
    const [[released]]: [Array<{ id: string; deactivated_at: Date }>, number] = await m.query(
      `UPDATE app_user SET subject = NULL, activated_at = NULL, version = version + 1
        WHERE id = $1 AND subject = $2 AND deactivated_at < to_timestamp($3) RETURNING id, deactivated_at`,
      [row.id, subject, earliestIssue(issuedAt)],
    );
    if (!released) return 'raced';
    const before: Actor = { userId: row.id, username: row.username, subject, name: row.name, role: row.role, municipalityId: row.municipality_id, unitId: row.unit_id, unitKind: null };
    await recordAudit(m, {
      actor: before, action: 'STAFF_SIGN_IN_RELEASED', entityType: 'STAFF', entityId: row.id, outcome: 'ALLOWED',
      detail: `${row.name} loggede ind til en invitation fra en anden kommune: den deaktiverede bruger her er ikke længere bundet til log ind'et`,
    });
    const match = waiting[0]!.subject ? { userId: waiting[0]!.id } : { email: email! };
    if (!(await bindInvitation(m, subject, match, { id: row.id, deactivatedAt: released.deactivated_at }))) throw Object.assign(new Error('the invitation was bound meanwhile'), { code: '23505' });
    return 'moved';
  }).catch((e: { code?: string }) => {
    // A concurrent sign-in released or bound first (bound subjects are unique).
    if (e.code !== '23505') throw e;
    return 'raced' as const;
  });
}

/**
 * A citizen's first sign-in through a MitID broker: the token's CPR number names the citizen,
 * and their own account (role CITIZEN) is made and bound to the subject. Only a citizen who has
 * a programme in Samplan gets one — the one whose programme is running, else the latest —
 * and only once: a citizen whose account is bound to another subject is not re-bound by a new
 * one (that is for the municipality to look into), so the sign-in is refused. So is one to a
 * citizen whose access the coordinator has closed (`sign_in_closed_at`, migration 72). An account
 * the municipality unbound (a CPR number corrected, the access closed) is no longer the
 * citizen's: the next sign-in after it binds a new one.
 */
async function bindCitizen(ds: DataSource, subject: string, cpr: string): Promise<void> {
  await ds.transaction(async (m) => {
    // Locked against the coordinator's change (a CPR number corrected, the access closed): one
    // under way is waited for, and the citizen is judged as it committed, so a sign-in with the
    // old number, or during the closing, binds no login that the change would have unbound.
    const citizens: Array<{ id: string; name: string; municipality_id: string; closed: boolean }> = await m.query(
      `SELECT c.id, c.name, c.municipality_id, c.sign_in_closed_at IS NOT NULL AS closed
         FROM citizen c JOIN programme pr ON pr.citizen_id = c.id
        WHERE c.cpr = $1
        ORDER BY (pr.status = 'ACTIVE') DESC, pr.start_date DESC
        LIMIT 1
        FOR SHARE OF c`,
      [cpr],
    );
    const citizen = citizens[0];
    if (!citizen || citizen.closed) return;
    const [made]: Array<{ id: string }> = await m.query(
      `INSERT INTO app_user (municipality_id, username, subject, name, role, citizen_id, activated_at)
       SELECT $1, $2, $2, $3, 'CITIZEN', $4, now()
        WHERE NOT EXISTS (SELECT 1 FROM app_user WHERE citizen_id = $4 AND unbound_at IS NULL)
       RETURNING id`,
      [citizen.municipality_id, subject, citizen.name, citizen.id],
    );
    if (!made) return;
    const actor: Actor = { userId: made.id, username: subject, subject, name: citizen.name, role: 'CITIZEN' as Role, municipalityId: citizen.municipality_id, unitId: null, unitKind: null, citizenId: citizen.id };
    await recordAudit(m, {
      actor, action: 'CITIZEN_FIRST_SIGN_IN', entityType: 'CITIZEN', entityId: citizen.id, citizenId: citizen.id, outcome: 'ALLOWED',
      detail: `${citizen.name} loggede ind første gang med MitID`,
    });
  });
}

/**
 * A citizen who has moved: their account is bound to the citizen of the municipality they
 * signed in with first, but a municipality Samplan also serves now runs their programme (the
 * old one ended, typically with "flyttet"). Their MitID sign-in (the token's CPR number, the
 * old citizen's own) follows the programme, by bindCitizen's rule: the citizen whose programme
 * is running. Only when the account's own citizen has no running programme and the other one
 * has, and the other citizen has no open account: otherwise the account stays as it is, and a
 * case for the municipalities to look into is not decided here. The old account is closed
 * (deactivated, its subject released, so the subject names the new one only); the other
 * citizen's account closed so before (the citizen moved back) is opened again, else one is
 * made; all in one transaction, with a row in each municipality's log that says nothing of the
 * other municipality. The citizen's access to the old municipality's plan ends with it, as that
 * municipality's part of the case has.
 *
 * 'moved': the subject names the new account now. 'stays': nothing to move. 'raced': a
 * concurrent sign-in changed the account meanwhile: it is to be read again.
 */
async function followMove(ds: DataSource, row: ActorRow, subject: string, cpr: string): Promise<'moved' | 'stays' | 'raced'> {
  // Most citizens' own programme runs: one read by key, and nothing more.
  const [own]: Array<{ running: boolean }> = await ds.query(
    `SELECT EXISTS (SELECT 1 FROM programme WHERE citizen_id = $1 AND status = 'ACTIVE') AS running`,
    [row.citizen_id],
  );
  if (own?.running) return 'stays';
  return ds.transaction(async (m): Promise<'moved' | 'stays' | 'raced'> => {
    const [target]: Array<{ id: string; name: string; municipality_id: string; closed_account: string | null }> = await m.query(
      `SELECT c.id, c.name, c.municipality_id,
              (SELECT u.id FROM app_user u WHERE u.citizen_id = c.id AND u.deactivated_at IS NOT NULL AND u.subject IS NULL AND u.unbound_at IS NULL) AS closed_account
         FROM citizen c JOIN programme pr ON pr.citizen_id = c.id AND pr.status = 'ACTIVE'
        WHERE c.cpr = $1 AND c.id <> $2 AND c.sign_in_closed_at IS NULL
          AND EXISTS (SELECT 1 FROM citizen own WHERE own.id = $2 AND own.cpr = $1)
          AND NOT EXISTS (SELECT 1 FROM programme own WHERE own.citizen_id = $2 AND own.status = 'ACTIVE')
          AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.citizen_id = c.id AND (u.deactivated_at IS NULL OR u.subject IS NOT NULL))
        ORDER BY pr.start_date DESC
        LIMIT 1`,
      [cpr, row.citizen_id],
    );
    if (!target) return 'stays';
    // Only the sign-in that finds the account still bound moves it: a concurrent one finds it released.
    const [closed]: Array<{ id: string }> = await m.query(
      `UPDATE app_user SET subject = NULL, deactivated_at = now(), version = version + 1
        WHERE id = $1 AND subject = $2 AND deactivated_at IS NULL RETURNING id`,
      [row.id, subject],
    );
    if (!closed) return 'raced';
    const [bound]: Array<{ id: string }> = target.closed_account
      ? await m.query(
          `UPDATE app_user SET subject = $2, username = $2, name = $3, deactivated_at = NULL, version = version + 1
            WHERE id = $1 AND subject IS NULL RETURNING id`,
          [target.closed_account, subject, target.name],
        )
      : await m.query(
          `INSERT INTO app_user (municipality_id, username, subject, name, role, citizen_id, activated_at)
           VALUES ($1, $2, $2, $3, 'CITIZEN', $4, now()) RETURNING id`,
          [target.municipality_id, subject, target.name, target.id],
        );
    if (!bound) throw Object.assign(new Error('the account to open was taken meanwhile'), { code: '23505' });
    const before: Actor = { userId: row.id, username: row.username, subject, name: row.name, role: row.role, municipalityId: row.municipality_id, unitId: null, unitKind: null, citizenId: row.citizen_id };
    await recordAudit(m, {
      actor: before, action: 'CITIZEN_ACCOUNT_CLOSED', entityType: 'CITIZEN', entityId: row.citizen_id, citizenId: row.citizen_id, outcome: 'ALLOWED',
      detail: `${genitive(row.name)} login til Samplan er lukket her: forløbet er slut`,
    });
    const after: Actor = { ...before, userId: bound.id, name: target.name, municipalityId: target.municipality_id, citizenId: target.id };
    // Their account here opened again (they moved back), or their first sign-in here.
    await recordAudit(m, target.closed_account
      ? { actor: after, action: 'CITIZEN_ACCOUNT_REOPENED', entityType: 'CITIZEN', entityId: target.id, citizenId: target.id, outcome: 'ALLOWED', detail: `${genitive(target.name)} login til Samplan er åbnet igen: et nyt forløb er i gang` }
      : { actor: after, action: 'CITIZEN_FIRST_SIGN_IN', entityType: 'CITIZEN', entityId: target.id, citizenId: target.id, outcome: 'ALLOWED', detail: `${target.name} loggede ind med MitID` });
    return 'moved';
  }).catch((e: { code?: string }) => {
    // A concurrent sign-in moved it, or bound the other citizen, first (both are unique).
    if (e.code !== '23505') throw e;
    return 'raced' as const;
  });
}

/**
 * The invitation this identity would bind at its first sign-in, were it not deactivated or
 * awaiting another administrator's approval: one never signed in with, named by the token's
 * subject or — an invitation without a subject — by its verified e-mail, by the same rules as a
 * waiting invitation is bound. Only when it is the one such invitation: the person it was meant
 * for has proved who they are and may be told their user is deactivated, or that it waits,
 * while anyone else (another subject, another address, an address invited twice) matches
 * nothing and is answered as someone Samplan does not know.
 */
async function unboundInvitation(ds: DataSource, subject: string, email: string | undefined): Promise<ActorRow | undefined> {
  const rows: ActorRow[] = await ds.query(
    `SELECT ${COLUMNS} FROM ${ACCOUNTS}
      WHERE u.activated_at IS NULL
        AND (u.subject = $1 OR (u.subject IS NULL AND u.email = $2::text))`,
    [subject, email ?? null],
  );
  return rows.length === 1 ? rows[0] : undefined;
}

const deactivated = (row: ActorRow): DeactivatedUser => ({ deactivated: true, userId: row.id, municipalityId: row.municipality_id, name: row.name });

const awaitingApproval = (row: Pick<ActorRow, 'id' | 'municipality_id' | 'name'>): AwaitingApprovalUser => ({ awaitingApproval: true, userId: row.id, municipalityId: row.municipality_id, name: row.name });

/**
 * The active account bound to a subject (one signed in with it), read without acting on it: no
 * invitation is bound, no move to another municipality followed, nothing logged. For re-reading a
 * user who is not signing in just now — an open socket when their row changed (core/auth/
 * user-sockets.ts) — for whom `identify` would sign them in somewhere they never chose to: its
 * bindings and moves write "loggede ind" rows that must be true. Null when the subject names no
 * active bound account (deactivated, released by a move, or never bound).
 */
export const readBoundActor: BoundActorReader = async (ds, subject) => {
  const rows: ActorRow[] = await ds.query(
    `SELECT ${COLUMNS} FROM ${ACCOUNTS} WHERE u.subject = $1 AND u.activated_at IS NOT NULL`,
    [subject],
  );
  const row = rows[0];
  return row && !row.deactivated_at ? toActor(row) : null;
};

/**
 * The users module's loader (its manifest's `loadActor`): `identify` for the requests and sockets
 * a token opens, where a first sign-in binds its invitation or follows a move; `readBound` for
 * re-reading a user who is not signing in.
 */
export const signInLoader: ActorLoader & ReadsBoundActor = Object.assign(
  (ds: DataSource, identity: TokenIdentity, tokenExpiresAt?: number) => identify(ds, identity, tokenExpiresAt),
  { readBound: readBoundActor },
);

/** The active staff member behind a verified token, or null (see `identify`). */
export async function loadActor(ds: DataSource, identity: TokenIdentity, tokenExpiresAt?: number): Promise<Actor | null> {
  return actorOrNull(await identify(ds, identity, tokenExpiresAt));
}

/**
 * Who a verified token names: the active staff member, or an account that has been
 * deactivated — one that signed in before, or an invitation to this person that was deactivated
 * before they ever signed in (told so at sign-in) — or an invitation to this person that no
 * administrator other than the one who made it has approved yet (told it waits) — or null: an
 * unknown subject, or no invitation to bind. A user is found by the identity provider's subject; at the first
 * sign-in of someone invited by e-mail, the token's e-mail binds that invitation to the subject.
 */
export async function identify(ds: DataSource, identity: TokenIdentity, tokenExpiresAt?: number): Promise<LoadedUser> {
  let row = await bySubject(ds, identity.subject);
  // An invitation by e-mail first: a broker for staff (MitID Erhverv) sends the person's CPR
  // number too, and a member of staff who is also a citizen in Samplan must get the invitation
  // they were sent, not a citizen's account bound to their work identity.
  const email = identity.email?.trim().toLowerCase();
  if (!row && email) {
    await acceptInvitation(ds, identity.subject, { email }).catch((e: { code?: string }) => {
      // The subject was bound to another invitation by a concurrent sign-in (subject is unique).
      if (e.code !== '23505') throw e;
    });
    // Whether this sign-in bound it or a concurrent one did, the subject now names the user (or nobody).
    row = await bySubject(ds, identity.subject);
  }
  // An invitation awaiting approval is theirs all the same: they are told it waits, and no
  // citizen's account is bound to their work identity meanwhile (as for an invitation by e-mail above).
  const invitation = row ? undefined : await unboundInvitation(ds, identity.subject, email);
  if (invitation?.awaiting_approval && !invitation.deactivated_at) return awaitingApproval(invitation);
  if (!row && identity.cpr) {
    await bindCitizen(ds, identity.subject, identity.cpr).catch((e: { code?: string }) => {
      // A concurrent first sign-in bound the citizen or the subject already (both are unique).
      if (e.code !== '23505') throw e;
    });
    row = await bySubject(ds, identity.subject);
  }
  if (!row) return invitation?.deactivated_at ? deactivated(invitation) : null;
  const move = row.deactivated_at && row.role !== 'CITIZEN' ? await followStaffMove(ds, row, identity.subject, email, identity.issuedAt) : 'stays';
  // Invited by another municipality, whose invitation waits for approval: told so, not that the old account is deactivated.
  // Or signed in within the clock allowance after the deactivation: told to sign in again in a moment.
  if (typeof move === 'object') return move;
  if (move !== 'stays') {
    // Moved to another municipality's invitation, by this sign-in or a concurrent one: the subject names it now.
    row = await bySubject(ds, identity.subject);
    if (!row) return null;
  }
  if (row.deactivated_at) return deactivated(row);
  if (row.role === 'CITIZEN' && row.citizen_id && identity.cpr && (await followMove(ds, row, identity.subject, identity.cpr)) !== 'stays') {
    // Moved, by this sign-in or a concurrent one: the subject names the account as it is now.
    row = await bySubject(ds, identity.subject);
    if (!row) return null;
    if (row.deactivated_at) return deactivated(row);
  }
  if (!row.activated_at) {
    if (row.awaiting_approval) return awaitingApproval(row);
    const accepted = await acceptInvitation(ds, identity.subject, { userId: row.id }).catch((e: { code?: string }) => {
      // Another invitation by this subject was bound meanwhile (bound subjects are unique): it names the user now.
      if (e.code !== '23505') throw e;
      return false;
    });
    if (!accepted) {
      row = await bySubject(ds, identity.subject);
      if (!row?.activated_at) return null;
      if (row.deactivated_at) return deactivated(row);
    }
  }
  return toActor(row, tokenExpiresAt);
}
