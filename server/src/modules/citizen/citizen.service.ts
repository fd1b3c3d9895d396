import { localDate } from '@samplan/schema';
import { recordAudit, recordReads } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { Actor } from '../../core/auth/actor';
import type { RequestContext } from '../../core/context';
import type { Queryable } from '../../core/db/queryable';
import { badInput, forbidden, notFound } from '../../core/errors/app-errors';
import { parseSeq } from '../../core/events/event-row';
import { isUuid } from '../../core/loaders';
import { unitModuleFor, type InterventionStatus } from '../intervention';
import { MeetingStatus } from '../meeting';
import { mentorGrantCoversSamtaleSql } from '../mentor';
import { agreementBookedSql } from '../mentor/mentor-next-samtale';
import { Role, type UnitKind } from '../org/org.enums';
import { citizenOfPlan, type Area, type GoalKind, type MeetingMode, type ProgrammeType, type ProgressScale, type SubGoalStatus } from '../plan';
import { underTransitionRule } from '../rules';
import { settledMark } from '../seen';
import type { ConsentBasis, ConsentRecipientKind, ConsentScope } from '../consent';
import type {
  CitizenActivity, CitizenConsent, CitizenContact, CitizenEndedProgramme, CitizenIntervention, CitizenMeeting, CitizenMentorSupport, CitizenPlan, CitizenProgramme, CitizenSubGoal,
} from './citizen-view.types';

interface CurrentPlan {
  id: string;
  citizenId: string;
  programmeId: string;
  employmentGoal: string;
  goalKind: GoalKind;
  periodStart: string;
  periodEnd: string;
  programmeType: ProgrammeType;
  programmeStart: string;
  programmeEnd: string;
  lawVersion: string;
}

function citizenActor(ctx: RequestContext): Actor & { citizenId: string } {
  const actor = actorOf(ctx);
  if (actor.role !== Role.CITIZEN || !actor.citizenId) throw forbidden();
  return actor as Actor & { citizenId: string };
}

/**
 * The citizen's current plan: the plan of their running programme (the latest, should there
 * be two), with the programme's type, days and law version, which Min plan names. Filtered by
 * the citizen and their municipality in the statement itself, so it holds on the system
 * connection too (a subscription), not only under row-level security.
 */
async function currentPlanOf(q: Queryable, actor: Actor & { citizenId: string }): Promise<CurrentPlan | null> {
  const rows: CurrentPlan[] = await q.query(
    `SELECT p.id, p.citizen_id AS "citizenId", p.programme_id AS "programmeId", p.employment_goal AS "employmentGoal", p.goal_kind AS "goalKind",
            p.period_start::text AS "periodStart", p.period_end::text AS "periodEnd",
            pr.type AS "programmeType", pr.start_date::text AS "programmeStart", pr.end_date::text AS "programmeEnd", pr.law_version AS "lawVersion"
       FROM plan p JOIN programme pr ON pr.id = p.programme_id
      WHERE p.citizen_id = $1 AND p.municipality_id = $2 AND pr.status = 'ACTIVE'
      ORDER BY pr.start_date DESC LIMIT 1`,
    [actor.citizenId, actor.municipalityId],
  );
  return rows[0] ?? null;
}

/**
 * The forløb as the citizen reads it, with whether it goes on under a transition rule (rules:
 * a ressourceforløb decided before 1 February 2026 finishes under its own rules), which is what a
 * citizen who heard that ressourceforløb were abolished needs to know.
 */
function citizenProgrammeOf(plan: CurrentPlan, today: string): CitizenProgramme {
  return {
    type: plan.programmeType,
    startDate: plan.programmeStart,
    endDate: plan.programmeEnd,
    continuesUnderTransitionRule: underTransitionRule(plan.programmeType, plan.lawVersion, today),
  };
}

type ContactRow = { contact_user_id: string | null; contact_name: string | null; contact_unit: string | null; contact_email: string | null; contact_phone: string | null };

/**
 * A member of staff as the citizen's contact, said to be the coordinator when they are the
 * person who coordinates the plan now (`coordinatorId`), so the page names them so also where
 * they are on a record in their own name.
 */
const contactOf = (r: ContactRow, coordinatorId: string | null): CitizenContact | null =>
  r.contact_name
    ? { name: r.contact_name, unitName: r.contact_unit, email: r.contact_email, phone: r.contact_phone, isCoordinator: r.contact_user_id !== null && r.contact_user_id === coordinatorId }
    : null;

/**
 * Whom the citizen asks about an intervention or a samtale: the caseworker named on it (for an
 * intervention who created it, else who last changed it, while an active caseworker in the unit
 * that owns it; for a samtale who booked it, while active), as the statements in `myPlan` pick
 * them; else the plan's coordinating caseworker, who owns the whole plan and can say who helps now
 * (a unit holds no phone or e-mail of its own to give); else no one, and the page tells the citizen
 * to contact the municipality. Either way a contact who is the coordinator says so (`isCoordinator`),
 * and the page shows them as "din koordinerende sagsbehandler".
 */
function contactOrCoordinator(named: ContactRow, coordinatorId: string | null, coordinator: CitizenContact | null): CitizenContact | null {
  return contactOf(named, coordinatorId) ?? coordinator;
}

/** A member of staff as the citizen's contact: active only; who (to tell the coordinator), name, unit, work e-mail and phone. */
const CONTACT_COLUMNS = `c.id AS contact_user_id, c.name AS contact_name, cu.name AS contact_unit, c.email AS contact_email, c.phone AS contact_phone`;

/**
 * The programme's coordinator as the citizen's contact, with the unit they are in now. After the
 * forløb has ended the assignment stays, but its caseworker may since have been made leader or
 * administrator (possible once their programmes have ended), who reads no citizen's case: no one
 * to ask, so the citizen is told to contact the municipality.
 */
function coordinatorOf(q: Queryable, programmeId: string): Promise<ContactRow[]> {
  return q.query(
    `SELECT ${CONTACT_COLUMNS}
       FROM coordinator_assignment ca JOIN app_user c ON c.id = ca.user_id LEFT JOIN unit cu ON cu.id = c.unit_id
      -- A coordinator who has left is no one to call: none is named until someone takes over.
      WHERE ca.programme_id = $1 AND ca.to_at IS NULL AND c.deactivated_at IS NULL AND c.role = 'CASEWORKER'`,
    [programmeId],
  );
}

/**
 * The citizen's personal jobformidler (LAB §113 a) as their contact, with the unit they are in
 * now: the current assignment, from its first day, while the person is an active caseworker.
 */
function jobFacilitatorOf(q: Queryable, programmeId: string, today: string): Promise<ContactRow[]> {
  return q.query(
    `SELECT ${CONTACT_COLUMNS}
       FROM job_facilitator_assignment j JOIN app_user c ON c.id = j.user_id LEFT JOIN unit cu ON cu.id = c.unit_id
      WHERE j.programme_id = $1 AND j.to_date IS NULL AND j.from_date <= $2 AND c.deactivated_at IS NULL AND c.role = 'CASEWORKER'`,
    [programmeId, today],
  );
}

/**
 * Kommende aftaler: the plan's steps still planned, from the start of the citizen's day (one
 * earlier today is still today's), the next first, with where they are and the unit whose
 * intervention they belong to. A step of an intervention set to Afsluttet or Annulleret is no
 * longer going to happen and is left out, as from the plan's "Kommende", the mentor's list and the
 * printed plan. Only what the citizen needs to turn up: never the notes, who is responsible or the
 * sharing with the mentor. The place is theirs whatever the consent register holds: it cuts what
 * one unit sees of another's work, and this is where the citizen's own appointment is.
 */
async function upcomingActivitiesOf(q: Queryable, planId: string, today: string): Promise<CitizenActivity[]> {
  const rows: Array<{ id: string; title: string; due_at: Date; place: string | null; unit_name: string | null }> = await q.query(
    `SELECT a.id, a.title, a.due_at, a.place, u.name AS unit_name
       FROM activity a
       LEFT JOIN intervention i ON i.id = a.intervention_id
       LEFT JOIN unit u ON u.id = i.unit_id
      WHERE a.plan_id = $1 AND a.status = 'PLANNED' AND (a.due_at AT TIME ZONE 'Europe/Copenhagen')::date >= $2::date
        AND (i.id IS NULL OR i.status NOT IN ('COMPLETED', 'CANCELLED'))
      ORDER BY a.due_at, a.title, a.id`,
    [planId, today],
  );
  return rows.map((r) => ({ id: r.id, title: r.title, dueAt: r.due_at, place: r.place, unitName: r.unit_name }));
}

/**
 * Min plan: the citizen's own plan across all units, in the citizen view types. Each part is
 * one statement, sent together in one round trip; the read is in the citizen's access log as
 * a read of the plan by the citizen.
 */
export async function myPlan(ctx: RequestContext): Promise<CitizenPlan | null> {
  const actor = citizenActor(ctx);
  const plan = await currentPlanOf(ctx.db, actor);
  if (!plan) return null;
  const now = ctx.deps.clock.now();
  const today = localDate(now);
  // The read enters the citizen's access log in the same round trip as the plan's parts.
  const [coordinator, goals, progress, interventions, meetings, grants, [lastHeld], consents, , [jobFacilitator], activities, seenUpTo] = await Promise.all([
    coordinatorOf(ctx.db, plan.programmeId),
    // In the order they were added to the plan (the plan's event that created each; one imported has none and comes first),
    // so a delmål changed — marked "Nået", say — stays where the citizen last saw it.
    ctx.db.query(
      `SELECT g.id, g.area, g.text, g.status FROM sub_goal g
         LEFT JOIN LATERAL (SELECT min(e.seq) AS seq FROM plan_event e WHERE e.plan_id = g.plan_id AND e.entity_id = g.id AND e.kind = 'SUBGOAL_CREATED') added ON true
        WHERE g.plan_id = $1 ORDER BY added.seq NULLS FIRST, g.id`,
      [plan.id],
    ) as Promise<
      Array<{ id: string; area: Area; text: string; status: SubGoalStatus }>
    >,
    ctx.db.query(
      `SELECT p.sub_goal_id, p.measured_on::text AS measured_on, p.scale, p.value
         FROM sub_goal_progress p JOIN sub_goal g ON g.id = p.sub_goal_id
        WHERE g.plan_id = $1 ORDER BY p.measured_on, p.recorded_at`,
      [plan.id],
    ) as Promise<Array<{ sub_goal_id: string; measured_on: string; scale: ProgressScale; value: number }>>,
    // The responsible caseworker: who created the intervention, else who last changed it, while an active caseworker in its unit
    // (one moved to another unit has left it); without one, the coordinator (contactOrCoordinator).
    ctx.db.query(
      `SELECT i.id, i.title, i.kind, i.unit_kind, i.short_term_goal, i.status, i.start_date::text AS start_date, i.end_date::text AS end_date,
              u.name AS unit_name,
              ARRAY(SELECT s.sub_goal_id::text FROM intervention_sub_goal s WHERE s.intervention_id = i.id ORDER BY s.sub_goal_id) AS supports,
              ${CONTACT_COLUMNS}
         FROM intervention i
         JOIN unit u ON u.id = i.unit_id
         LEFT JOIN LATERAL (
           SELECT a.id, a.name, a.email, a.phone, a.unit_id FROM app_user a
            WHERE a.id IN (i.created_by, i.updated_by) AND a.unit_id = i.unit_id AND a.deactivated_at IS NULL AND a.role = 'CASEWORKER'
            ORDER BY (a.id = i.created_by) DESC LIMIT 1) c ON true
         LEFT JOIN unit cu ON cu.id = c.unit_id
        WHERE i.plan_id = $1
        ORDER BY i.start_date NULLS LAST, i.title`,
      [plan.id],
    ) as Promise<Array<ContactRow & {
      id: string; title: string; kind: string; unit_kind: UnitKind; short_term_goal: string; status: InterventionStatus;
      start_date: string | null; end_date: string | null; unit_name: string; supports: string[];
    }>>,
    // Upcoming samtaler, the next first (a cancelled one stays in the list, marked, so the citizen knows); the contact is who booked it, while active.
    ctx.db.query(
      `SELECT m.id, m.starts_at, m.ends_at, m.mode, m.place, m.video_link, m.status, m.version, m.agenda,
              -- Who is coming: not someone who has left, nor a mentor whose grant does not run on the day (ended early).
              ARRAY(SELECT a.name FROM unnest(m.staff_ids) WITH ORDINALITY s(id, n) JOIN app_user a ON a.id = s.id
                     WHERE a.deactivated_at IS NULL
                       AND (a.role <> 'MENTOR' OR ${mentorGrantCoversSamtaleSql('m', 'a.id')})
                     ORDER BY s.n)
                || ARRAY(SELECT g->>'name' || CASE WHEN coalesce(g->>'relation', '') = '' THEN '' ELSE ' (' || (g->>'relation') || ')' END
                           FROM jsonb_array_elements(m.guests) g) AS participants,
              ${CONTACT_COLUMNS}
         FROM booked_meeting m
         LEFT JOIN app_user c ON c.id = m.booked_by AND c.deactivated_at IS NULL AND c.role = 'CASEWORKER'
         LEFT JOIN unit cu ON cu.id = c.unit_id
        WHERE m.plan_id = $1 AND m.status IN ('BOOKED', 'CANCELLED') AND m.ends_at >= $2
        ORDER BY m.starts_at`,
      [plan.id, now],
    ) as Promise<Array<ContactRow & {
      id: string; starts_at: Date; ends_at: Date; mode: MeetingMode; place: string | null; video_link: string | null; status: MeetingStatus; version: number; agenda: string; participants: string[];
    }>>,
    // Mentor support now or ahead: the mentor's name and the period, nothing of their task log.
    ctx.db.query(
      `SELECT g.id, u.name AS mentor_name, g.start_date::text AS start_date, g.end_date::text AS end_date
         FROM mentor_grant g LEFT JOIN app_user u ON u.id = g.mentor_id AND u.deactivated_at IS NULL -- a mentor who has left is named to no one
        WHERE g.plan_id = $1 AND g.end_date >= $2 AND g.end_date >= g.start_date -- not one called off before it began
        ORDER BY g.start_date`,
      [plan.id, today],
    ) as Promise<Array<{ id: string; mentor_name: string | null; start_date: string; end_date: string }>>,
    // The next samtale as the last one agreed it (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).
    // Booked as the agreed one, it is no longer agreed, whatever became of the booking since.
    ctx.db.query(
      `SELECT next_meeting_at, ${agreementBookedSql('f')} AS agreement_booked FROM follow_up_meeting f WHERE f.plan_id = $1 ORDER BY f.held_at DESC LIMIT 1`,
      [plan.id],
    ) as Promise<Array<{ next_meeting_at: Date; agreement_booked: boolean }>>,
    // The citizen's register of consent and legal basis, which applies to all their plans: what they share, with whom, on
    // which basis, given and withdrawn when (the General Data Protection Regulation, articles 7(3) and 13). Not the staff's
    // note, the reason for a withdrawal, nor who recorded it. Those in force first.
    ctx.db.query(
      `SELECT e.id, e.scope, e.recipient_kind, e.recipient_name, e.recipient_relation, ru.name AS recipient_unit_name, rm.name AS recipient_mentor_name, e.basis,
              e.legal_reference, e.given_on::text AS given_on, e.withdrawn_at
         FROM consent_entry e LEFT JOIN unit ru ON ru.id = e.recipient_unit_id
              -- The one mentor the citizen agreed to, named as they agreed (a register of what they said yes to).
              LEFT JOIN app_user rm ON rm.id = e.recipient_mentor_id
        WHERE e.citizen_id = $1 AND e.municipality_id = $2
        ORDER BY e.withdrawn_at IS NOT NULL, e.given_on DESC, e.recorded_at DESC, e.id`,
      [plan.citizenId, actor.municipalityId],
    ) as Promise<Array<{
      id: string; scope: ConsentScope; recipient_kind: ConsentRecipientKind; recipient_name: string | null; recipient_relation: string | null;
      recipient_unit_name: string | null; recipient_mentor_name: string | null; basis: ConsentBasis; legal_reference: string | null; given_on: string; withdrawn_at: Date | null;
    }>>,
    recordReads(ctx.db, [{ actor, citizenId: plan.citizenId, channel: 'PLAN_PAGE', action: 'READ_PLAN', entityType: 'PLAN', entityId: plan.id }]),
    jobFacilitatorOf(ctx.db, plan.programmeId, today),
    upcomingActivitiesOf(ctx.db, plan.id, today),
    // "Nyt i din plan": how far this account has seen the changes, on whichever device.
    changesSeenUpToOf(ctx.db, actor.userId, plan.id),
  ]);

  const coordinatorId = coordinator[0]?.contact_user_id ?? null;
  const coordinatorContact = coordinator[0] ? contactOf(coordinator[0], coordinatorId) : null;
  const subGoals: CitizenSubGoal[] = goals.map((g) => ({
    ...g,
    progress: progress.filter((p) => p.sub_goal_id === g.id).map((p) => ({ measuredOn: p.measured_on, scale: p.scale, value: p.value })),
  }));
  const citizenInterventions: CitizenIntervention[] = interventions.map((i) => ({
    id: i.id,
    title: i.title,
    kindLabel: unitModuleFor(i.unit_kind).kinds[i.kind] ?? i.kind,
    shortTermGoal: i.short_term_goal,
    status: i.status,
    startDate: i.start_date,
    endDate: i.end_date,
    unitName: i.unit_name,
    supports: i.supports,
    contact: contactOrCoordinator(i, coordinatorId, coordinatorContact),
  }));
  const citizenMeetings: CitizenMeeting[] = meetings.map((m) => ({
    id: m.id, startsAt: m.starts_at, endsAt: m.ends_at, mode: m.mode, place: m.place, videoLink: m.video_link, status: m.status, version: m.version, agenda: m.agenda,
    participants: m.participants, contact: contactOrCoordinator(m, coordinatorId, coordinatorContact),
  }));
  const mentorSupport: CitizenMentorSupport[] = grants.map((g) => ({ id: g.id, mentorName: g.mentor_name, startDate: g.start_date, endDate: g.end_date }));
  const citizenConsents: CitizenConsent[] = consents.map((c) => ({
    id: c.id, scope: c.scope, recipientKind: c.recipient_kind, recipientName: c.recipient_name, recipientRelation: c.recipient_relation,
    recipientUnitName: c.recipient_unit_name, recipientMentorName: c.recipient_mentor_name, basis: c.basis, legalReference: c.legal_reference, givenOn: c.given_on,
    // The day in Danish time: withdrawn at 00.30 on the 5th is withdrawn on the 5th, not the 4th (UTC).
    withdrawnOn: c.withdrawn_at ? localDate(c.withdrawn_at) : null,
    active: c.withdrawn_at === null,
  }));
  return {
    id: plan.id,
    employmentGoal: plan.employmentGoal,
    goalKind: plan.goalKind,
    programme: citizenProgrammeOf(plan, today),
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    coordinator: coordinatorContact,
    jobFacilitator: jobFacilitator ? contactOf(jobFacilitator, coordinatorId) : null,
    subGoals,
    interventions: citizenInterventions,
    meetings: citizenMeetings,
    mentorSupport,
    consents: citizenConsents,
    activities,
    agreedNextMeetingAt: agreedNotBooked(lastHeld ?? null, citizenMeetings, now),
    changesSeenUpTo: seenUpTo,
  };
}

/** The seq of the newest change in the plan the citizen has said they have seen, or null: never marked. */
async function changesSeenUpToOf(q: Queryable, userId: string, planId: string): Promise<string | null> {
  const rows: Array<{ seq: string }> = await q.query(`SELECT seq::text AS seq FROM citizen_seen_position WHERE user_id = $1 AND plan_id = $2`, [userId, planId]);
  return rows[0]?.seq ?? null;
}

/**
 * "Jeg har set det" on Min plan: moves the citizen's position in their current plan forward to
 * `seq`, kept with their account so their phone and their PC mark the same changes "Nyt". Never
 * back: an older seq (a page on another device, open since before) changes nothing and is no
 * error. Only the citizen's own current plan: any other answers NOT_FOUND, as a made-up id does,
 * and the attempt is audited (as the staff's own marking, MARK_PLAN_SEEN). The position is the citizen's own state, not a change to their
 * plan (no event, no audit row, as the staff's read position); the answer is the position held.
 */
export async function markMyPlanChangesSeen(ctx: RequestContext, planId: string, seq: string): Promise<string> {
  const actor = citizenActor(ctx);
  const plan = await currentPlanOf(ctx.db, actor);
  if (!plan || plan.id !== planId) {
    await recordAudit(ctx.db, {
      actor, action: 'MARK_PLAN_SEEN', entityType: 'PLAN', entityId: isUuid(planId) ? planId : null, citizenId: await citizenOfPlan(ctx, planId), outcome: 'DENIED', detail: 'not the citizen\'s own plan',
    });
    throw notFound('Planen');
  }
  const wanted = parseSeq(seq);
  if (wanted === null) throw badInput('seq', 'seq skal være et løbenummer (et heltal).');
  // As the staff's read position (modules/seen): a change still committing below the seq is not
  // passed over (the position stands at the settled mark), and a seq beyond the plan's newest
  // change is refused, since it would hide changes not yet made.
  const at = ctx.deps.feed ? await settledMark(ctx, plan.id, wanted, ctx.deps.feed) : wanted;
  const [row]: Array<{ seq: string | null }> = await ctx.db.query(
    `WITH newest AS (SELECT COALESCE(max(seq), 0) AS seq FROM plan_event WHERE plan_id = $2),
          up AS (INSERT INTO citizen_seen_position (user_id, plan_id, municipality_id, seq, seen_at)
                 SELECT $1, $2, $3, $5::bigint, $6 FROM newest WHERE $4::bigint <= newest.seq
                 ON CONFLICT (user_id, plan_id) DO UPDATE
                   SET seq = GREATEST(citizen_seen_position.seq, EXCLUDED.seq),
                       seen_at = CASE WHEN EXCLUDED.seq > citizen_seen_position.seq THEN EXCLUDED.seen_at ELSE citizen_seen_position.seen_at END
                 RETURNING seq)
     SELECT (SELECT seq::text FROM up) AS seq`,
    [actor.userId, plan.id, actor.municipalityId, wanted.toString(), at.toString(), ctx.deps.clock.now()],
  );
  if (row.seq === null) throw badInput('seq', 'Løbenummeret ligger efter planens seneste ændring.');
  return row.seq;
}

/**
 * Min plan once no forløb runs: the latest one's end day and its coordinator to ask. Only
 * that: why it ended and what follows are the staff's, and the ended plan is no longer the
 * citizen's to follow. Null while a forløb runs (Min plan shows it), and for a citizen who
 * never had one. The read is in the citizen's access log, as Min plan's is.
 */
export async function myEndedProgramme(ctx: RequestContext): Promise<CitizenEndedProgramme | null> {
  const actor = citizenActor(ctx);
  // One stopped before its first day is marked so (programme.service.ts): it never ran. One ended on its first day ran that day.
  // One registered by mistake (programme-correction.service.ts) was never the citizen's: it is passed over.
  const [latest]: Array<{ id: string; end_date: string; never_ran: boolean }> = await ctx.db.query(
    `SELECT pr.id, pr.end_date::text AS end_date, pr.never_ran FROM programme pr
      WHERE pr.citizen_id = $1 AND pr.municipality_id = $2 AND pr.registered_in_error_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM programme r WHERE r.citizen_id = $1 AND r.municipality_id = $2 AND r.status = 'ACTIVE')
      ORDER BY pr.start_date DESC, pr.id DESC LIMIT 1`,
    [actor.citizenId, actor.municipalityId],
  );
  if (!latest) return null;
  const [[coordinator]] = await Promise.all([
    coordinatorOf(ctx.db, latest.id),
    recordReads(ctx.db, [{ actor, citizenId: actor.citizenId, channel: 'PLAN_PAGE', action: 'READ_PROGRAMME', entityType: 'PROGRAMME', entityId: latest.id }]),
  ]);
  return { endDate: latest.end_date, stoppedBeforeStart: latest.never_ran, coordinator: coordinator ? contactOf(coordinator, coordinator.contact_user_id) : null };
}

/**
 * The next samtale agreed at the last one, for the citizen to see before someone books it:
 * null once it has passed, or while a samtale is booked (the booking, with its place and
 * form, is then the next samtale, also when it was moved to another day), or once it was
 * booked as the agreed samtale at all (agreementTakenUp): a booking of it moved and called
 * off leaves nothing agreed, not the time it was first agreed for.
 */
function agreedNotBooked(lastHeld: { next_meeting_at: Date; agreement_booked: boolean } | null, meetings: readonly CitizenMeeting[], now: Date): Date | null {
  const agreed = lastHeld?.next_meeting_at;
  if (!agreed || agreed.getTime() < now.getTime() || lastHeld.agreement_booked) return null;
  return meetings.some((m) => m.status !== MeetingStatus.CANCELLED) ? null : agreed;
}

/**
 * The gate into a plan's live stream for a citizen: their own current plan, nothing else.
 * Anything else answers NOT_FOUND, as a made-up id does, and the attempt is audited.
 */
export async function guardCitizenSubscribe(ctx: RequestContext, planId: string): Promise<{ citizenId: string }> {
  const actor = citizenActor(ctx);
  const plan = await currentPlanOf(ctx.deps.dataSource, actor);
  if (!plan || plan.id !== planId) {
    await recordAudit(ctx.deps.dataSource, {
      actor, action: 'SUBSCRIBE_PLAN_EVENTS', entityType: 'PLAN', entityId: isUuid(planId) ? planId : null, citizenId: await citizenOfPlan(ctx, planId), outcome: 'DENIED', detail: 'not the citizen\'s own plan',
    });
    throw notFound('Planen');
  }
  return { citizenId: plan.citizenId };
}
