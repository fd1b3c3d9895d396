import { genitive, localDate } from '@samplan/schema';
import type { EntityManager } from 'typeorm';
import { refuseStale } from './admin-version';
import { administratorWrite, NotInMunicipality } from './administrator-write';
import type { Actor } from '../../core/auth/actor';
import { actorOf } from '../../core/auth/access';
import { USER_RIGHTS_CHANNEL } from '../../core/auth/user-sockets';
import type { RequestContext } from '../../core/context';
import type { Queryable } from '../../core/db/queryable';
import { recordAdministrativeChange, recordPlacementChange } from './administration-changes';
import { recordAudit } from '../../core/audit';
import { AppError, badInput, conflict, ruleViolation } from '../../core/errors/app-errors';
import { isUuid } from '../../core/loaders';
import { normalPhone } from '../../core/validation';
import { uniqueViolationOf } from '../../core/db/unique-violation';
import { Role, Unit, type UnitKind } from '../org';
import { StaffMember, StaffPendingChange, StaffStatus, type ChangeStaffInput, type ChangeStaffPhoneInput, type InviteStaffInput, type DeactivateStaffArgs, type ReactivateStaffArgs, type RenameStaffInput, type StaffVersionArgs } from './staff.types';
import { DANISH_ORDER } from '../../core/db/danish-order';

interface StaffRow {
  id: string;
  name: string;
  email: string | null;
  subject: string | null;
  phone: string | null;
  role: Role;
  unit_id: string | null;
  unit_name: string | null;
  invited_at: Date;
  activated_at: Date | null;
  deactivated_at: Date | null;
  reactivated_at: Date | null;
  invited_by: string | null;
  invited_by_name: string | null;
  approved_by_name: string | null;
  approved_at: Date | null;
  pending_role: Role | null;
  pending_unit_id: string | null;
  pending_unit_name: string | null;
  pending_unit_kind: UnitKind | null;
  pending_unit_closed_at: Date | null;
  pending_unit_version: number | null;
  pending_requested_by: string | null;
  pending_requested_by_name: string | null;
  pending_requested_at: Date | null;
  coordinated: number;
  mentor_grants: number;
  version: number;
}

/** The role as it reads in a sentence of the administration log. */
const ROLE_IN_SENTENCE: Record<Role, string> = {
  [Role.CASEWORKER]: 'sagsbehandler',
  [Role.LEADER]: 'leder',
  [Role.MENTOR]: 'mentor',
  [Role.ADMINISTRATOR]: 'administrator',
  [Role.CITIZEN]: 'borger',
};

/** Staff only: a citizen's own account (role CITIZEN) is no staff member, and an administrator sees no citizen data. */
const SELECT_STAFF = `
  SELECT u.id, u.name, u.email, u.subject, u.phone, u.role, u.unit_id, un.name AS unit_name, u.invited_at, u.activated_at, u.deactivated_at, u.version,
         r.at AS reactivated_at, u.invited_by, inviter.name AS invited_by_name, approver.name AS approved_by_name, u.approved_at,
         u.pending_role, u.pending_unit_id, pu.name AS pending_unit_name, pu.kind AS pending_unit_kind, pu.closed_at AS pending_unit_closed_at,
         pu.version AS pending_unit_version, u.pending_requested_by, requester.name AS pending_requested_by_name, u.pending_requested_at,
         -- What a deactivation would leave behind, as numbers only (an administrator sees no citizen).
         (SELECT count(*)::int FROM coordinator_assignment ca JOIN programme p ON p.id = ca.programme_id
           WHERE ca.user_id = u.id AND ca.to_at IS NULL AND p.status = 'ACTIVE') AS coordinated,
         -- Counted as keepMentorsGrants counts them: one ended early still runs to its (new) last day.
         (SELECT count(*)::int FROM mentor_grant g JOIN programme p ON p.id = g.programme_id
           WHERE g.mentor_id = u.id AND g.end_date >= (now() AT TIME ZONE 'Europe/Copenhagen')::date AND g.end_date >= g.start_date AND p.status = 'ACTIVE') AS mentor_grants
    FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id
    LEFT JOIN app_user inviter ON inviter.id = u.invited_by
    LEFT JOIN app_user approver ON approver.id = u.approved_by
    LEFT JOIN unit pu ON pu.id = u.pending_unit_id
    LEFT JOIN app_user requester ON requester.id = u.pending_requested_by
    -- The latest reactivation: the row keeps no time of it (reactivateStaff clears deactivated_at), its line in
    -- the administration log does. Looked up for each person on their own (audit_log_reactivation_idx, migration
    -- 70), so a read of the list costs a lookup per person, whatever the number of reactivations in the log.
    LEFT JOIN LATERAL (SELECT a.at FROM audit_log a
                        WHERE a.entity_id = u.id::text AND a.action = 'REACTIVATE_STAFF' AND a.outcome = 'ALLOWED' AND a.entity_type = 'STAFF'
                        ORDER BY a.at DESC LIMIT 1) r ON true
   WHERE u.role <> 'CITIZEN'`;

const statusOf = (r: Pick<StaffRow, 'subject' | 'activated_at' | 'deactivated_at'>): StaffStatus =>
  r.deactivated_at ? StaffStatus.DEACTIVATED : r.subject && r.activated_at ? StaffStatus.ACTIVE : StaffStatus.INVITED;

/** An administrator's invitation that no other administrator has approved yet (migration 70): it binds at no sign-in. */
const awaitsApproval = (r: Pick<StaffRow, 'invited_by' | 'approved_at'>): boolean => r.invited_by !== null && r.approved_at === null;

/** A change of role or unit waiting for another administrator's approval (migration 74), or null; its unit read with it, as the list reads it. */
const pendingChangeOf = (r: StaffRow): StaffPendingChange | null =>
  r.pending_role && r.pending_requested_by && r.pending_requested_at
    ? Object.assign(new StaffPendingChange(), {
        role: r.pending_role,
        unit: r.pending_unit_id
          ? Object.assign(new Unit(), { id: r.pending_unit_id, name: r.pending_unit_name, kind: r.pending_unit_kind, closedAt: r.pending_unit_closed_at, version: r.pending_unit_version })
          : null,
        requestedById: r.pending_requested_by, requestedByName: r.pending_requested_by_name ?? '', requestedAt: r.pending_requested_at,
      })
    : null;

const toStaffMember = (r: StaffRow): StaffMember =>
  Object.assign(new StaffMember(), {
    id: r.id, name: r.name, email: r.email, subject: r.subject, phone: r.phone, role: r.role, unitId: r.unit_id,
    status: statusOf(r), invitedAt: r.invited_at, activatedAt: r.activated_at, deactivatedAt: r.deactivated_at, reactivatedAt: r.reactivated_at,
    awaitingApproval: awaitsApproval(r), invitedById: r.invited_by, invitedByName: r.invited_by_name, approvedByName: r.approved_by_name, approvedAt: r.approved_at,
    pendingChange: pendingChangeOf(r),
    coordinatedProgrammes: r.coordinated, activeMentorGrants: r.mentor_grants, version: r.version,
  });

/** The person as the API sends them (the `unit` field resolved), for a CONFLICT's `current`: what the administrator's form shows. */
const staffRecord = (r: StaffRow): Record<string, unknown> => {
  const { unitId: _, pendingChange, ...fields } = toStaffMember(r);
  const pending = pendingChange && { __typename: 'StaffPendingChange', ...pendingChange, unit: pendingChange.unit && { __typename: 'Unit', ...pendingChange.unit } };
  return { __typename: 'StaffMember', ...fields, pendingChange: pending, unit: r.unit_id ? { __typename: 'Unit', id: r.unit_id, name: r.unit_name } : null };
};

/** "sagsbehandler i Socialpsykiatri", "mentor". */
const placement = (role: Role, unitName: string | null) => `${ROLE_IN_SENTENCE[role]}${unitName ? ` i ${unitName}` : ''}`;

/** How the log names the login an invitation was made for: "karen@fmk.dk", "login-id idp|karen"; by the login-id when one is given (it alone binds). */
const invitedLogin = (r: { email: string | null; subject: string | null }) => (r.subject ? `login-id ${r.subject}` : (r.email ?? ''));

/** The municipality's staff, by name. Row-level security and the municipality filter both keep it to the caller's own. */
export async function staffMembers(ctx: RequestContext): Promise<StaffMember[]> {
  const rows: StaffRow[] = await ctx.db.query(`${SELECT_STAFF} AND u.municipality_id = $1 ORDER BY u.name ${DANISH_ORDER}, u.id`, [actorOf(ctx).municipalityId]);
  return rows.map(toStaffMember);
}

/**
 * One staff member of the caller's municipality, locked for the change; anything else is
 * NOT_FOUND. The municipality's administrators were locked first (administratorWrite), always
 * in the same order, so that concurrent changes queue instead of deadlocking (see keepAnAdministrator).
 */
async function lockStaff(m: EntityManager, actor: Actor, userId: string, expectedVersion: number): Promise<StaffRow> {
  const rows: StaffRow[] = isUuid(userId)
    ? await m.query(`${SELECT_STAFF} AND u.id = $1 AND u.municipality_id = $2 FOR UPDATE OF u`, [userId, actor.municipalityId])
    : [];
  if (!rows[0]) throw new NotInMunicipality('STAFF', userId, 'Medarbejderen');
  // Before any rule is judged: a rule refusing a state the administrator has not seen would
  // puzzle them, where the person as they are now explains itself. Who changed them is not
  // said: often it is the same administrator, in another window.
  refuseStale(rows[0], expectedVersion, 'Medarbejderen er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen.', () => staffRecord(rows[0]));
  return rows[0];
}

/** One staff member of this municipality as its administrators see them now, or null (none such, or of another municipality). */
export async function staffMemberIn(q: Queryable, municipalityId: string, userId: string): Promise<StaffMember | null> {
  const rows: StaffRow[] = isUuid(userId) ? await q.query(`${SELECT_STAFF} AND u.id = $1 AND u.municipality_id = $2`, [userId, municipalityId]) : [];
  return rows[0] ? toStaffMember(rows[0]) : null;
}

/**
 * The person's row read again inside the change. Once lockStaff holds it, its counts are as they
 * are now: a grant or a handover that held the row first (FOR SHARE) has committed by then, and
 * the locking read's counts were taken before it waited.
 */
async function rereadRow(m: EntityManager, userId: string): Promise<StaffRow> {
  const rows: StaffRow[] = await m.query(`${SELECT_STAFF} AND u.id = $1`, [userId]);
  return rows[0];
}

async function reread(m: EntityManager, userId: string): Promise<StaffMember> {
  return toStaffMember(await rereadRow(m, userId));
}

/**
 * Which unit a role may have: a caseworker works in one open unit of the municipality;
 * mentors (external ones too, often from a company) and administrators belong to none;
 * a leader may lead one unit or all. Returns the unit's name, for the log.
 */
async function checkPlacement(m: EntityManager, actor: Actor, role: Role, unitId: string | null | undefined): Promise<string | null> {
  // A citizen's account comes with the citizen's own sign-in, never from the staff administration.
  if (role === Role.CITIZEN) throw badInput('role', 'En borger kan ikke inviteres som medarbejder.');
  if (role === Role.MENTOR || role === Role.ADMINISTRATOR) {
    if (unitId) throw badInput('unitId', `En ${ROLE_IN_SENTENCE[role]} hører ikke til en enhed.`);
    return null;
  }
  if (!unitId) {
    if (role === Role.CASEWORKER) throw badInput('unitId', 'En sagsbehandler skal høre til en enhed.');
    return null;
  }
  // Under the unit's share lock: a closing under way (closeUnit, which locks the row and then
  // counts the unit's staff) is waited for and then seen, and a closing that comes after waits
  // for this placement and counts it.
  const [unit]: Array<{ name: string; closed_at: Date | null }> = await m.query(
    `SELECT name, closed_at FROM unit WHERE id = $1 AND municipality_id = $2 FOR SHARE`, [unitId, actor.municipalityId]);
  if (!unit) throw new NotInMunicipality('UNIT', unitId, 'Enheden');
  if (unit.closed_at) throw badInput('unitId', `Enheden »${unit.name}« er lukket.`);
  return unit.name;
}

/**
 * Refuses a change that would leave the municipality without an active administrator (who
 * else could invite the next one?). administratorWrite holds all its administrators' rows, so two
 * administrators demoting each other at once cannot both pass: the second reads after the first commits.
 */
async function keepAnAdministrator(m: EntityManager, actor: Actor, target: StaffRow): Promise<void> {
  const others: Array<{ id: string }> = await m.query(
    `SELECT id FROM app_user
      WHERE municipality_id = $1 AND role = 'ADMINISTRATOR' AND deactivated_at IS NULL AND activated_at IS NOT NULL`,
    [actor.municipalityId],
  );
  if (!others.some((o) => o.id !== target.id)) {
    throw ruleViolation('LAST_ADMINISTRATOR', 'Du er den sidste aktive administrator i kommunen. Gør en anden til administrator først.');
  }
}

/**
 * Four eyes on an administrator's own rights: their role and unit are changed by another
 * administrator, never by themself. An administrator sees no citizen data; one who could make
 * themself a caseworker in a unit would read its citizens' plans the next moment, with no one
 * else having agreed. Deactivating themself gives them nothing, so it stays theirs (while
 * another administrator remains, keepAnAdministrator).
 */
function refuseOwnPlacement(actor: Actor, target: StaffRow, message = 'Du kan ikke ændre din egen rolle eller enhed. Bed en anden administrator om det.'): void {
  if (target.id !== actor.userId) return;
  throw ruleViolation('OWN_ROLE_OR_UNIT', message);
}

const wasActiveAdministrator = (r: StaffRow) => r.role === Role.ADMINISTRATOR && !r.deactivated_at && r.activated_at !== null;

/**
 * Coordinating a programme is a caseworker's function (STAR’s vejledning om ressourceforløb
 * 2020, afsnit 5.1): someone who coordinates a running programme stays a caseworker, in the
 * unit they coordinate from, until another coordinator has taken over. Their unit decides
 * who takes the decisions under the employment legislation on the plan (plan.policy.ts), so
 * a move to another unit would leave no one who may take them. A coordinator who leaves is
 * deactivated instead; a caseworker on the team then takes over (reassignCoordinator).
 */
async function keepCoordinatorsCaseworkers(m: EntityManager, target: StaffRow, role: Role, unitId: string | null): Promise<void> {
  // A deactivated coordinator has left already: their plans show it, and a caseworker on the
  // team takes over (plan.service.ts, coordinatorHasLeft). Where they are placed meanwhile
  // decides nothing on those plans; their coming back is judged by keepCoordinatingUnit.
  if (target.deactivated_at) return;
  if (target.role !== Role.CASEWORKER || (role === Role.CASEWORKER && unitId === target.unit_id)) return;
  const [{ n }]: Array<{ n: number }> = await m.query(
    `SELECT count(*)::int AS n FROM coordinator_assignment ca JOIN programme p ON p.id = ca.programme_id
      WHERE ca.user_id = $1 AND ca.to_at IS NULL AND p.status = 'ACTIVE'`,
    [target.id],
  );
  if (n > 0) {
    // Said to the administrator, who sees no plan and so cannot hand a coordination over: who can, and what the administrator can do.
    throw ruleViolation('COORDINATES_PROGRAMMES', `${target.name} er koordinerende sagsbehandler for ${n} igangværende forløb. ${target.name} skal først give koordineringen videre på planerne ("Skift koordinator"); det kan en administrator ikke. Er ${target.name} stoppet, så deaktivér i stedet: en sagsbehandler på teamet kan så overtage.`, 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.1');
  }
}

/**
 * A coordinator placed in another unit while deactivated, and coming back a caseworker: the
 * plans they still coordinate (nobody on the team has taken over) were given to them in their
 * former unit, whose kind decides who takes the decisions under the employment legislation
 * on the plan (plan.policy.ts, coordinatorUnitKind). Active again in another unit, they would
 * hold the plans from there, and from a unit of another kind no one could take those
 * decisions. So, as keepCoordinatorsCaseworkers does for a move, they come back only in the
 * unit they coordinate from, or once the team has taken over. In another role they hold no
 * plan (plan.policy.ts, standing), and the team takes over as for anyone who left; made a
 * caseworker again later, the same holds for that change ('moved').
 */
async function keepCoordinatingUnit(m: EntityManager, target: StaffRow, placed: { role: Role; unitId: string | null; unitName: string | null; coming: 'back' | 'moved' }): Promise<void> {
  if (placed.role !== Role.CASEWORKER) return;
  const elsewhere: Array<{ unit_name: string; n: number }> = await m.query(
    `SELECT un.name AS unit_name, count(*)::int AS n
       FROM coordinator_assignment ca JOIN programme p ON p.id = ca.programme_id JOIN unit un ON un.id = ca.unit_id
      WHERE ca.user_id = $1 AND ca.to_at IS NULL AND p.status = 'ACTIVE' AND ca.unit_id IS DISTINCT FROM $2
      GROUP BY un.name ORDER BY un.name ${DANISH_ORDER}`,
    [target.id, placed.unitId],
  );
  if (elsewhere.length === 0) return;
  const n = elsewhere.reduce((sum, u) => sum + u.n, 0);
  const units = elsewhere.map((u) => u.unit_name).join(', ');
  // Back to the one unit they coordinate from is the administrator's own way out; from several there is none.
  const way = placed.coming === 'back' ? `Du kan også flytte ${target.name} tilbage til ${units} og så genaktivere.` : `Du kan også gøre ${target.name} til sagsbehandler i ${units}.`;
  const now = placed.coming === 'back' ? `men hører nu til ${placed.unitName}` : `og kan ikke blive sagsbehandler i ${placed.unitName}`;
  throw ruleViolation('COORDINATES_PROGRAMMES', `${target.name} er stadig koordinerende sagsbehandler for ${n} igangværende forløb fra ${units}, ${now}. En sagsbehandler på teamet skal først overtage koordineringen på planerne ("Skift koordinator"); det kan en administrator ikke.${elsewhere.length === 1 ? ` ${way}` : ''}`, 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.1');
}

/**
 * A mentor's grants are the mentor's own (only a mentor logs tasks on them and sees the
 * citizen through them), so a mentor with grants still running keeps the role until the
 * coordinator has ended them or given them to another mentor: a change of role would leave
 * the citizen's plan naming a mentor who can no longer act.
 */
async function keepMentorsGrants(m: EntityManager, target: StaffRow, role: Role, today: string): Promise<void> {
  if (target.role !== Role.MENTOR || role === Role.MENTOR) return;
  const [{ n }]: Array<{ n: number }> = await m.query(
    `SELECT count(*)::int AS n FROM mentor_grant g JOIN programme p ON p.id = g.programme_id
      WHERE g.mentor_id = $1 AND g.end_date >= $2::date AND g.end_date >= g.start_date AND p.status = 'ACTIVE'`,
    [target.id, today],
  );
  if (n > 0) {
    // As above: the grants are ended or given to another mentor by the coordinator, on the plan.
    throw ruleViolation('MENTOR_HAS_GRANTS', n === 1
      ? `${target.name} er mentor i 1 bevilling, der løber. Koordinatoren på forløbet skal først afslutte bevillingen eller bevilge mentorstøtten til en anden mentor; det kan en administrator ikke.`
      : `${target.name} er mentor i ${n} bevillinger, der løber. Koordinatorerne på forløbene skal først afslutte bevillingerne eller bevilge mentorstøtten til en anden mentor; det kan en administrator ikke.`, 'STAR’s vejledning om ressourceforløb 2020, afsnit 7');
  }
}

/**
 * Unique violations of app_user as the field the administrator typed. Only the municipality's
 * own staff count: whether a login-id is used elsewhere (another municipality, a citizen) is
 * not the administrator's to learn (migration 42). An invitation by login-id alone has the
 * login-id as its user name, so a clash of user names is a clash of login-ids.
 */
function duplicateStaff(byEmail: boolean) {
  return (err: unknown): never => {
    const constraint = uniqueViolationOf(err);
    if (constraint === 'app_user_staff_subject_key' || (constraint === 'app_user_municipality_username_key' && !byEmail)) {
      throw new AppError('DUPLICATE_STAFF', 'Der findes allerede en medarbejder i kommunen med dette login-id.', { field: 'subject' });
    }
    if (constraint === 'app_user_municipality_email_key' || constraint === 'app_user_municipality_username_key') {
      throw new AppError('DUPLICATE_STAFF', 'Der findes allerede en medarbejder i kommunen med denne e-mail.', { field: 'email' });
    }
    throw err;
  };
}

/**
 * Someone who left and comes back is already among the staff, deactivated: a new invitation
 * under their e-mail or login-id is a duplicate, and the administrator is told whom to
 * reactivate instead (the list's default filter may not show them). The municipality's own
 * staff only, as duplicateStaff.
 */
async function refuseDeactivatedDuplicate(m: EntityManager, actor: Actor, email: string | null, subject: string | null): Promise<void> {
  const [found]: Array<{ name: string; by_email: boolean }> = await m.query(
    `SELECT name, email IS NOT DISTINCT FROM $2 AS by_email FROM app_user
      WHERE municipality_id = $1 AND role <> 'CITIZEN' AND deactivated_at IS NOT NULL
        AND ((email = $2 AND $2 IS NOT NULL) OR (subject = $3 AND $3 IS NOT NULL))
      LIMIT 1`,
    [actor.municipalityId, email, subject],
  );
  if (!found) return;
  const what = found.by_email ? 'denne e-mail' : 'dette login-id';
  throw new AppError('DUPLICATE_STAFF', `${found.name} har allerede ${what}, men er deaktiveret. Genaktivér ${found.name} under Medarbejdere i stedet.`, { field: found.by_email ? 'email' : 'subject' });
}

/**
 * An invitation made by an administrator waits for another administrator's approval before any
 * sign-in binds it (approveStaffInvitation): the inviter alone could otherwise invite a login they
 * hold themself, and read citizens' plans as the caseworker they made.
 */
export async function inviteStaff(ctx: RequestContext, input: InviteStaffInput): Promise<StaffMember> {
  const actor = actorOf(ctx);
  const email = input.email?.trim().toLowerCase() || null;
  const subject = input.subject?.trim() || null;
  const name = input.name.trim();
  if (!email && !subject) throw badInput('email', 'Skriv en e-mail eller et login-id.');
  if (!name) throw badInput('name', 'Skriv et navn.');
  return administratorWrite(ctx, 'INVITE_STAFF', async (m) => {
    const unitName = await checkPlacement(m, actor, input.role, input.unitId);
    await refuseDeactivatedDuplicate(m, actor, email, subject);
    const [{ id }]: Array<{ id: string }> = await m
      .query(
        `INSERT INTO app_user (municipality_id, username, name, role, unit_id, email, subject, phone, invited_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [actor.municipalityId, email ?? subject, name, input.role, input.unitId ?? null, email, subject, normalPhone(input.phone), actor.userId],
      )
      .catch(duplicateStaff(!!email));
    await recordAdministrativeChange(m, {
      actor, action: 'INVITE_STAFF', entityType: 'STAFF', entityId: id,
      detail: `Inviterede ${name} (${invitedLogin({ email, subject })}) som ${placement(input.role, unitName)}`,
    });
    return reread(m, id);
  });
}

/** Thrown inside an approval by the administrator who made the invitation: refused, and logged once the approval has rolled back. */
class OwnInvitation extends Error {}

/** Thrown inside an approval of a withdrawn (deactivated) invitation: refused, and logged once the approval has rolled back. */
class InvitationWithdrawn extends Error {
  constructor(readonly invitee: string) {
    super('the invitation is withdrawn');
  }
}

/**
 * Four eyes on an invitation: another active administrator of the municipality than the one who
 * made it says yes to it (to the person, the login and the role as the card shows them, on that
 * version), and only then does a sign-in with the login bind it. The inviter's own yes is refused
 * and logged. A withdrawn (deactivated) invitation is reactivated first, so no one approves what
 * the list shows as gone. Until it is approved, the invitation is changed, renamed, withdrawn and
 * reactivated as any other: each change moves the version, so an approval always is of what the
 * approver saw. Any account given another role or unit before its first sign-in (an approved
 * invitation, or one the operations made) is the placing administrator's invitation from then
 * on, and waits for another administrator's approval (changeStaff). A municipality with one
 * active administrator has no one to approve; the operations add a second one, approved by them
 * (`npm run setup -- --add-admin`, README).
 */
export async function approveStaffInvitation(ctx: RequestContext, { userId, expectedVersion }: StaffVersionArgs): Promise<StaffMember> {
  const actor = actorOf(ctx);
  try {
    return await administratorWrite(ctx, 'APPROVE_STAFF_INVITATION', async (m) => {
      const target = await lockStaff(m, actor, userId, expectedVersion);
      if (!awaitsApproval(target)) return toStaffMember(target);
      if (target.invited_by === actor.userId) throw new OwnInvitation();
      if (target.deactivated_at) throw new InvitationWithdrawn(target.name);
      await m.query(`UPDATE app_user SET approved_by = $2, approved_at = now(), version = version + 1 WHERE id = $1`, [target.id, actor.userId]);
      await recordAdministrativeChange(m, {
        actor, action: 'APPROVE_STAFF_INVITATION', entityType: 'STAFF', entityId: target.id,
        detail: `Godkendte ${target.invited_by_name ? genitive(target.invited_by_name) : 'en anden administrators'} invitation af ${target.name} (${invitedLogin(target)}) som ${placement(target.role, target.unit_name)}`,
      });
      return reread(m, target.id);
    });
  } catch (error) {
    if (error instanceof InvitationWithdrawn) {
      await recordAudit(ctx.db, { actor, action: 'APPROVE_STAFF_INVITATION', entityType: 'STAFF', entityId: userId, outcome: 'DENIED', detail: 'invitation withdrawn' });
      throw ruleViolation('INVITATION_WITHDRAWN', `Invitationen af ${error.invitee} er trukket tilbage (deaktiveret). Genaktivér den først, hvis den skal godkendes.`);
    }
    if (!(error instanceof OwnInvitation)) throw error;
    await recordAudit(ctx.db, { actor, action: 'APPROVE_STAFF_INVITATION', entityType: 'STAFF', entityId: userId, outcome: 'DENIED', detail: 'own invitation' });
    throw ruleViolation('OWN_INVITATION', 'Du kan ikke godkende din egen invitation. Bed en anden administrator om det.');
  }
}

/**
 * The rules a placement is judged by: when an administrator asks for it, and again when another
 * approves it, for the person and the municipality may have moved on meanwhile (a unit closed, a
 * forløb handed to the person, the other administrators gone). Returns the unit's name, for the log.
 */
async function judgePlacement(ctx: RequestContext, m: EntityManager, actor: Actor, target: StaffRow, role: Role, unitId: string | null): Promise<string | null> {
  const unitName = await checkPlacement(m, actor, role, unitId);
  if (wasActiveAdministrator(target) && role !== Role.ADMINISTRATOR) await keepAnAdministrator(m, actor, target);
  await keepCoordinatorsCaseworkers(m, target, role, unitId);
  // Someone in another role may still hold coordinations from their time as a caseworker (made
  // leader while deactivated, say): as a caseworker again, only in the unit they coordinate from.
  if (!target.deactivated_at) await keepCoordinatingUnit(m, target, { role, unitId, unitName, coming: 'moved' });
  await keepMentorsGrants(m, target, role, localDate(ctx.deps.clock.now()));
  return unitName;
}

/** A change of one's own role waiting for another's approval is not one's own to take back either (refuseOwnPlacement). */
const OWN_WITHDRAWAL = 'Du kan ikke trække en ændring af din egen rolle eller enhed tilbage. Bed en anden administrator om det.';

/** Clears what is written of a change waiting for approval (migration 74). */
const NO_PENDING_CHANGE = `pending_role = NULL, pending_unit_id = NULL, pending_requested_by = NULL, pending_requested_at = NULL`;

/**
 * A change of role or unit. Before the first sign-in it is made at once, and the account is the
 * changing administrator's invitation from then on (below). Once the account has signed in, one
 * administrator's change would give the login its new rights with no one else having agreed: a
 * login the administrator holds themself, invited as a mentor who sees no citizen and approved as
 * such, could be made a caseworker who reads a unit's plans, or an administrator who approves the
 * next invitations. So the change waits for another administrator's approval (approveStaffChange),
 * and until then the account works in the role and unit it has. A new change replaces the one
 * waiting, and waits anew; the role and unit it has already withdraw the one waiting. Deactivation
 * stays immediate: it is how access is taken away at once.
 */
export async function changeStaff(ctx: RequestContext, input: ChangeStaffInput): Promise<StaffMember> {
  const actor = actorOf(ctx);
  return administratorWrite(ctx, 'CHANGE_STAFF', async (m) => {
    const target = await lockStaff(m, actor, input.userId, input.expectedVersion);
    // As at an invitation (checkPlacement), but in words about a change: a citizen's account
    // comes only with the citizen's own sign-in, so no member of staff becomes one.
    if (input.role === Role.CITIZEN) throw badInput('role', 'En medarbejder kan ikke gøres til borger. Vælg en anden rolle.');
    const unitId = input.unitId ?? null;
    // The same role and unit is no change: nothing written, logged or versioned, and the rights
    // trigger stays quiet (the person's open connections stay). Judged before the placement, which
    // is a new one's rule: a deactivated caseworker's unit may have closed since, and staying is no placement.
    if (target.role === input.role && target.unit_id === unitId) {
      if (!target.pending_role) return toStaffMember(target);
      // Staying as they are needs no approval: the change waiting is withdrawn.
      refuseOwnPlacement(actor, target, OWN_WITHDRAWAL);
      await withdrawPendingChange(m, actor, target);
      return reread(m, target.id);
    }
    // Asked for again as it waits: nothing new to approve.
    if (target.pending_role === input.role && target.pending_unit_id === unitId) return toStaffMember(target);
    refuseOwnPlacement(actor, target);
    const unitName = await judgePlacement(ctx, m, actor, target, input.role, unitId);
    if (target.activated_at) {
      await m.query(
        `UPDATE app_user SET pending_role = $2, pending_unit_id = $3, pending_requested_by = $4, pending_requested_at = now(), version = version + 1 WHERE id = $1`,
        [target.id, input.role, unitId, actor.userId],
      );
      const replaced = target.pending_role ? ` i stedet for til ${placement(target.pending_role, target.pending_unit_name)}` : '';
      await recordAdministrativeChange(m, {
        actor, action: 'REQUEST_STAFF_CHANGE', entityType: 'STAFF', entityId: target.id,
        detail: `Bad om at ændre ${target.name} fra ${placement(target.role, target.unit_name)} til ${placement(input.role, unitName)}${replaced}; ændringen gælder, når en anden administrator har godkendt den`,
      });
      return reread(m, target.id);
    }
    // The rights trigger (migration 1700000000015) re-checks the user's open sockets on every instance at commit.
    // An account never signed in with binds at a sign-in as the role and unit it has then: an
    // administrator's invitation was approved as its card showed, and one the operations made
    // (`npm run setup`, `--add-admin`) was approved by them as an administrator. Placed anew, it is
    // the placing administrator's invitation, and waits for another administrator's approval
    // before a sign-in binds it: else the role it binds as would be one administrator's choice alone.
    // A change left waiting from before (an account whose login has moved to another municipality
    // is no longer signed in with) goes with it.
    await m.query(
      `UPDATE app_user SET role = $2, unit_id = $3, version = version + 1, invited_by = $4::uuid, approved_by = NULL, approved_at = NULL, ${NO_PENDING_CHANGE}
        WHERE id = $1`,
      [target.id, input.role, unitId, actor.userId],
    );
    await recordPlacementChange(m, {
      actor, userId: target.id, roleBefore: target.role, roleAfter: input.role,
      detail: `Ændrede ${target.name} fra ${placement(target.role, target.unit_name)} til ${placement(input.role, unitName)}; invitationen skal nu godkendes af en anden administrator`,
    });
    return reread(m, target.id);
  });
}

/** The change waiting, as a sentence of the log: "Ida Holms ændring af Lars Lund fra mentor til sagsbehandler i Jobcenter". */
const pendingChangeText = (actor: Actor, target: StaffRow): string => {
  const whose = target.pending_requested_by === actor.userId ? 'sin' : genitive(target.pending_requested_by_name ?? 'en anden administrator');
  return `${whose} ændring af ${target.name} fra ${placement(target.role, target.unit_name)} til ${placement(target.pending_role!, target.pending_unit_name)}`;
};

async function withdrawPendingChange(m: EntityManager, actor: Actor, target: StaffRow): Promise<void> {
  await m.query(`UPDATE app_user SET ${NO_PENDING_CHANGE}, version = version + 1 WHERE id = $1`, [target.id]);
  await recordAdministrativeChange(m, {
    actor, action: 'WITHDRAW_STAFF_CHANGE', entityType: 'STAFF', entityId: target.id,
    detail: `Trak ${pendingChangeText(actor, target)} tilbage; ${target.name} er fortsat ${placement(target.role, target.unit_name)}`,
  });
}

/** Thrown inside an approval by the administrator who asked for the change: refused, and logged once the approval has rolled back. */
class OwnStaffChange extends Error {}

/**
 * Four eyes on a change of role or unit of an account that has signed in: another active
 * administrator of the municipality than the one who asked says yes to it (on the version the
 * card showed), and the new role and unit take effect at once. The rights trigger (migration 15)
 * makes every instance forget the person's cached identity and judge their open connections
 * again at commit, as for any change of role. The asking administrator's own yes is refused and
 * logged, and the database refuses it too (migration 74); nor does the person approve a change of
 * their own role. The rules of a placement are judged again, as they are now. A municipality
 * with one active administrator has no one to approve; the operations add a second one (README).
 */
export async function approveStaffChange(ctx: RequestContext, { userId, expectedVersion }: StaffVersionArgs): Promise<StaffMember> {
  const actor = actorOf(ctx);
  try {
    return await administratorWrite(ctx, 'APPROVE_STAFF_CHANGE', async (m) => {
      const target = await lockStaff(m, actor, userId, expectedVersion);
      if (!target.pending_role) return toStaffMember(target);
      if (target.pending_requested_by === actor.userId) throw new OwnStaffChange();
      refuseOwnPlacement(actor, target, 'Du kan ikke godkende en ændring af din egen rolle eller enhed. Bed en anden administrator om det.');
      const role = target.pending_role;
      await judgePlacement(ctx, m, actor, target, role, target.pending_unit_id);
      await m.query(
        `UPDATE app_user SET role = pending_role, unit_id = pending_unit_id,
                placement_requested_by = pending_requested_by, placement_approved_by = $2, placement_approved_at = now(), ${NO_PENDING_CHANGE}, version = version + 1
          WHERE id = $1`,
        [target.id, actor.userId],
      );
      // The change of rights is this row (CHANGE_STAFF, with the roles): a refusal the new role meets is explained by it (migrations 64, 69).
      await recordPlacementChange(m, { actor, userId: target.id, roleBefore: target.role, roleAfter: role, detail: `Godkendte ${pendingChangeText(actor, target)}` });
      return reread(m, target.id);
    });
  } catch (error) {
    if (!(error instanceof OwnStaffChange)) throw error;
    await recordAudit(ctx.db, { actor, action: 'APPROVE_STAFF_CHANGE', entityType: 'STAFF', entityId: userId, outcome: 'DENIED', detail: 'own staff change' });
    throw ruleViolation('OWN_STAFF_CHANGE', 'Du kan ikke godkende din egen ændring af en medarbejders rolle eller enhed. Bed en anden administrator om det.');
  }
}

/** A change waiting for approval taken back, by any administrator but the person themself: the person stays in the role and unit they have. */
export async function withdrawStaffChange(ctx: RequestContext, { userId, expectedVersion }: StaffVersionArgs): Promise<StaffMember> {
  const actor = actorOf(ctx);
  return administratorWrite(ctx, 'WITHDRAW_STAFF_CHANGE', async (m) => {
    const target = await lockStaff(m, actor, userId, expectedVersion);
    if (!target.pending_role) return toStaffMember(target);
    refuseOwnPlacement(actor, target, OWN_WITHDRAWAL);
    await withdrawPendingChange(m, actor, target);
    return reread(m, target.id);
  });
}

/**
 * The name as the municipality's people and its citizens read it (caseloads, plans, the
 * citizen's contact, the printed plan): a name misspelt at the invitation, or changed at a
 * marriage, is corrected here. How they sign in, their role and unit stay as they are.
 */
export async function renameStaff(ctx: RequestContext, input: RenameStaffInput): Promise<StaffMember> {
  const actor = actorOf(ctx);
  const name = input.name.trim();
  if (!name) throw badInput('name', 'Skriv et navn.');
  return administratorWrite(ctx, 'RENAME_STAFF', async (m) => {
    const target = await lockStaff(m, actor, input.userId, input.expectedVersion);
    if (target.name === name) return toStaffMember(target);
    await m.query(`UPDATE app_user SET name = $2, version = version + 1 WHERE id = $1`, [target.id, name]);
    // No right changes, so the rights trigger stays quiet; its notice at commit still makes every
    // instance read the person afresh, or what they do next would go out under the old name
    // (their plan events say who did it) until the actor cache let go of them.
    await m.query(`SELECT pg_notify($1, $2)`, [USER_RIGHTS_CHANNEL, target.id]);
    await recordAdministrativeChange(m, {
      actor, action: 'RENAME_STAFF', entityType: 'STAFF', entityId: target.id,
      detail: `Rettede navnet »${target.name}« til »${name}«`,
    });
    return reread(m, target.id);
  });
}

/** The number citizens call: shown as the contact on their plan and its printout. */
export async function changeStaffPhone(ctx: RequestContext, input: ChangeStaffPhoneInput): Promise<StaffMember> {
  const actor = actorOf(ctx);
  const phone = normalPhone(input.phone);
  return administratorWrite(ctx, 'CHANGE_STAFF_PHONE', async (m) => {
    const target = await lockStaff(m, actor, input.userId, input.expectedVersion);
    if (target.phone === phone) return toStaffMember(target);
    await m.query(`UPDATE app_user SET phone = $2, version = version + 1 WHERE id = $1`, [target.id, phone]);
    await recordAdministrativeChange(m, {
      actor, action: 'CHANGE_STAFF_PHONE', entityType: 'STAFF', entityId: target.id,
      detail: phone ? `Satte ${target.name}s arbejdstelefon til ${phone}` : `Fjernede ${target.name}s arbejdstelefon`,
    });
    return reread(m, target.id);
  });
}

/**
 * Takes effect at once: the rights trigger closes the user's open sockets on every instance, and their tokens find no actor.
 * The question the administrator said yes to told them what the deactivation leaves behind (forløb coordinated, mentor
 * grants running); a coordination or a grant given to the person since is no version of theirs, so those numbers are
 * compared too: more now than the question said, the yes is refused like one on an older version, with the person as
 * they are now. A grant or a handover holds the person's row until it commits, so one made at the same moment is counted too.
 */
export async function deactivateStaff(ctx: RequestContext, { userId, expectedVersion, seenCoordinatedProgrammes, seenActiveMentorGrants }: DeactivateStaffArgs): Promise<StaffMember> {
  const actor = actorOf(ctx);
  return administratorWrite(ctx, 'DEACTIVATE_STAFF', async (m) => {
    const target = await lockStaff(m, actor, userId, expectedVersion);
    if (target.deactivated_at) return toStaffMember(target);
    const now = seenCoordinatedProgrammes == null && seenActiveMentorGrants == null ? target : await rereadRow(m, target.id);
    // More left behind than the question said is news to the administrator; less (a grant run out at midnight) is not.
    const told = (seen: number | null | undefined, count: number) => seen === null || seen === undefined || count <= seen;
    if (!told(seenCoordinatedProgrammes, now.coordinated) || !told(seenActiveMentorGrants, now.mentor_grants)) {
      throw conflict('Det, en deaktivering efterlader, er ændret, siden spørgsmålet blev vist. Læs det igen, før du deaktiverer.', staffRecord(now));
    }
    if (wasActiveAdministrator(target)) await keepAnAdministrator(m, actor, target);
    await m.query(`UPDATE app_user SET deactivated_at = now(), version = version + 1 WHERE id = $1`, [target.id]);
    await recordAdministrativeChange(m, {
      actor, action: 'DEACTIVATE_STAFF', entityType: 'STAFF', entityId: target.id,
      detail: `Deaktiverede ${target.name} (${placement(target.role, target.unit_name)})`,
    });
    return reread(m, target.id);
  });
}

/**
 * A mentor's grants outlive a deactivation: each still running gives the mentor their citizen
 * again the moment they are back, which the administrator (and the coordinators who granted
 * them) may not expect of someone gone for months. So, as at a deactivation, the question says
 * how many, and the yes carries that number: more running now than it said (none, when it says
 * nothing) is refused with the person as they are now, and the question is asked again.
 */
export async function reactivateStaff(ctx: RequestContext, { userId, expectedVersion, seenActiveMentorGrants }: ReactivateStaffArgs): Promise<StaffMember> {
  const actor = actorOf(ctx);
  return administratorWrite(ctx, 'REACTIVATE_STAFF', async (m) => {
    const target = await lockStaff(m, actor, userId, expectedVersion);
    if (!target.deactivated_at) return toStaffMember(target);
    const now = await rereadRow(m, target.id);
    if (now.mentor_grants > (seenActiveMentorGrants ?? 0)) {
      const n = now.mentor_grants;
      throw conflict(n === 1
        ? `${target.name} er mentor i 1 bevilling, der ikke er udløbet, og får adgang igen til den borger, bevillingen gælder, når ${target.name} er genaktiveret. Læs spørgsmålet igen, før du genaktiverer.`
        : `${target.name} er mentor i ${n} bevillinger, der ikke er udløbet, og får adgang igen til de borgere, bevillingerne gælder, når ${target.name} er genaktiveret. Læs spørgsmålet igen, før du genaktiverer.`, staffRecord(now));
    }
    // A caseworker's unit may have closed meanwhile: they come back only to an open unit.
    await checkPlacement(m, actor, target.role, target.unit_id);
    await keepCoordinatingUnit(m, target, { role: target.role, unitId: target.unit_id, unitName: target.unit_name, coming: 'back' });
    await m.query(`UPDATE app_user SET deactivated_at = NULL, version = version + 1 WHERE id = $1`, [target.id]);
    await recordAdministrativeChange(m, {
      actor, action: 'REACTIVATE_STAFF', entityType: 'STAFF', entityId: target.id,
      detail: `Genaktiverede ${target.name} (${placement(target.role, target.unit_name)})`,
    });
    return reread(m, target.id);
  });
}
