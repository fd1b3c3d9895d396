import { addDays, formatDanishDate, formatMinutes, grantRunsOn, lastDayOfPeriod, localDate, mentorGrantOutsideProgramme } from '@samplan/schema';
import { recordReads } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import { IsNull, type EntityManager } from 'typeorm';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { badInput, notFound, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { isUuid } from '../../core/loaders';
import { Role } from '../org/org.enums';
import { User } from '../org/user.entity';
import { citedFor, VEJLEDNING } from '../rules/law/sources';
import { mentorMaySeeActivitySql, mentorShareRefusal, mentorsGrantedOn } from '../consent';
import { actorLabel, camelRow, COORDINATE, DECIDE, guardPlan, refuseUnseen, writeInPlan, type PlanAccess } from '../plan';
import { MentorGrant } from './mentor-grant.entity';
import { MentorTask } from './mentor-task.entity';
import { mentorGrantCoversSamtaleSql } from './mentor-participant';
import type { CreateMentorGrantInput, LogMentorTaskInput, UpdateMentorTaskInput } from './mentor.inputs';
import type { MentorCase, MentorNextSamtale } from './mentor-view.types';
import { BOOKING_COLUMNS, BOOKINGS_READ, bookingOf, LATEST_HELD_COLUMNS, latestHeldOf, mentorNextSamtale } from './mentor-next-samtale';

const grantEntity = (g: MentorGrant) => ({ __typename: 'MentorGrant', ...g });
const taskEntity = (t: MentorTask) => ({ __typename: 'MentorTask', ...t });

const DEACTIVATED_MENTOR = 'Mentoren er deaktiveret og kan ikke få en bevilling. Vælg en aktiv mentor fra kommunens mentorliste.';

/**
 * Mentor support is granted "i en periode på op til 6 måneder": the end date is at most
 * start + 6 months − 1 day; renewal is a new grant (STAR’s vejledning om ressourceforløb 2020, afsnit 7). Granting it is a decision under
 * the employment legislation (LAB kapitel 26): an employment caseworker takes it — the
 * coordinator when from the jobcenter, else a jobcenter caseworker on the plan (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).
 */
export async function createMentorGrant(ctx: RequestContext, input: CreateMentorGrantInput): Promise<MentorGrant> {
  const access = await guardPlan(ctx, input.planId, DECIDE, { action: 'CREATE_MENTOR_GRANT', entityType: 'MENTOR_GRANT' });
  const mentor = await ctx.db.getRepository(User).findOneBy({ id: input.mentorId });
  if (!mentor || mentor.role !== Role.MENTOR || mentor.municipalityId !== access.municipalityId) throw badInput('mentorId', 'Vælg en mentor fra kommunens mentorliste.');
  if (mentor.deactivatedAt) throw badInput('mentorId', DEACTIVATED_MENTOR);
  if (input.endDate < input.startDate) throw badInput('endDate', 'Slutdatoen skal ligge efter startdatoen.');
  const programme = await ctx.loaders.programme.load(access.programmeId);
  const outside = programme ? mentorGrantOutsideProgramme(input, programme) : null;
  if (outside) throw badInput(outside.field, outside.message);
  const last = lastDayOfPeriod(input.startDate, 6);
  if (input.endDate > last) {
    throw ruleViolation('MENTOR_GRANT_TOO_LONG', `Mentorstøtte bevilges for op til 6 måneder ad gangen (til og med ${formatDanishDate(last)}). Forlæng med en ny bevilling.`,
      citedFor(programme?.type ?? '', VEJLEDNING('7')));
  }
  // "Der skal udpeges mål og indsatsområder" for the mentor (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8).
  if (input.goals.length === 0) throw badInput('goals', 'Angiv mindst ét mål for mentorstøtten.');
  if (input.focusAreas.length === 0) throw badInput('focusAreas', 'Angiv mindst ét fokusområde for mentorstøtten, fx morgenrutiner.');
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, { action: 'CREATE_MENTOR_GRANT', entityType: 'MENTOR_GRANT' }, async (m) => {
    // The mentor's row is held until the grant commits, as a coordinator's is at a handover: a
    // deactivation meanwhile waits for the grant and then counts it in what it leaves behind
    // (staff.service.ts), and a grant after a deactivation sees it and is refused.
    const [held]: Array<{ deactivated_at: Date | null }> = await m.query(`SELECT deactivated_at FROM app_user WHERE id = $1 FOR SHARE`, [mentor.id]);
    if (!held || held.deactivated_at) throw badInput('mentorId', DEACTIVATED_MENTOR);
    if (input.subGoalIds.length) {
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM sub_goal WHERE plan_id = $1 AND id = ANY($2::uuid[])`, [access.planId, input.subGoalIds]);
      if (n !== new Set(input.subGoalIds).size) throw badInput('subGoalIds', 'Et af delmålene hører ikke til planen.');
    }
    const prev = input.previousGrantId ? await m.findOneBy(MentorGrant, { id: input.previousGrantId }) : null;
    if (input.previousGrantId && (!prev || prev.planId !== access.planId)) throw badInput('previousGrantId', 'Den tidligere bevilling hører ikke til planen.');
    // "Ny periode af" says the support goes on without a break: renewal is a new period after the
    // one that runs (STAR’s vejledning om ressourceforløb 2020, afsnit 7). A grant begun later
    // leaves the citizen without support in between; linked, it would hide "Mentorstøtten udløber"
    // for the earlier grant's last day (programme_warning_facts, migration 54) and be told as an
    // extension, so the link is refused; the same grant without it stands on its own.
    const latestStart = prev ? addDays(prev.endDate, 1) : null;
    if (latestStart && input.startDate > latestStart) {
      throw badInput('previousGrantId', `En ny periode af en bevilling skal begynde senest dagen efter, at den slutter (${formatDanishDate(latestStart)}). Vælg ingen tidligere bevilling, hvis støtten begynder senere.`);
    }
    // One grant at a time per mentor and citizen: a renewal is a new period after the one that runs
    // (STAR’s vejledning om ressourceforløb 2020, afsnit 7); one called off holds no days. Read under
    // the plan's lock, so two at once cannot both pass.
    const [running]: Array<{ end_date: string }> = await m.query(
      `SELECT to_char(end_date, 'YYYY-MM-DD') AS end_date FROM mentor_grant
        WHERE plan_id = $1 AND mentor_id = $2 AND start_date <= $4 AND end_date >= $3 AND end_date >= start_date ORDER BY end_date DESC LIMIT 1`,
      [access.planId, mentor.id, input.startDate, input.endDate],
    );
    if (running) {
      throw badInput('startDate', `${mentor.name} har allerede mentorstøtte hos borgeren til og med ${formatDanishDate(running.end_date)}. En ny periode kan begynde ${formatDanishDate(addDays(running.end_date, 1))}.`);
    }
    const grant = await m.save(m.create(MentorGrant, {
      municipalityId: access.municipalityId, programmeId: access.programmeId, planId: access.planId, mentorId: mentor.id, purpose: input.purpose.trim(),
      goals: input.goals.map((g) => g.trim()), focusAreas: input.focusAreas.map((f) => f.trim()), subGoalIds: [...new Set(input.subGoalIds)],
      startDate: input.startDate, endDate: input.endDate, previousGrantId: input.previousGrantId ?? null, endedEarly: false, version: 1,
    }));
    await m.query(`UPDATE mentor_grant SET created_by = $2 WHERE id = $1`, [grant.id, actorOf(ctx).userId]);
    // The same mentor's next period renews the support; another mentor's takes it over. A linked
    // grant begins by the day after the earlier one ends (refused above otherwise), so it continues it.
    const summary = prev?.mentorId === mentor.id
      ? `${label} forlængede mentorstøtten med ${mentor.name} til ${formatDanishDate(grant.endDate)}`
      : `${label} bevilgede mentorstøtte med ${mentor.name} til ${formatDanishDate(grant.endDate)}${prev ? ', som overtager efter den tidligere mentor' : ''}`;
    return { result: grant, entityId: grant.id, event: { kind: EventKind.MENTOR_GRANT_CREATED, summary, entity: grantEntity(grant) } };
  });
}

async function loadGrant(ctx: RequestContext, id: string): Promise<MentorGrant> {
  const grant = isUuid(id) ? await ctx.db.getRepository(MentorGrant).findOneBy({ id }) : null;
  if (!grant) return refuseUnseen(ctx, { action: 'END_MENTOR_GRANT', entityType: 'MENTOR_GRANT', entityId: id }, 'Bevillingen');
  return grant;
}

/**
 * The coordinator can end a grant early; the mentor's access ends with it. A grant not begun
 * yet, or begun today, is called off by a last day before its first: it is stored as ending the
 * day before it starts, so the mentor's access ends at once (a mentor picked by mistake must not
 * read the citizen on the first day, nor for the rest of it: only what the task needs, STAR’s
 * vejledning om ressourceforløb 2020, afsnit 5.8). Begun today, it is called off only while the
 * mentor has logged nothing under it (MENTOR_GRANT_ENDS_BEFORE_TASK below, docs/domain.md §6).
 */
export async function endMentorGrant(ctx: RequestContext, id: string, expectedVersion: number, endDate?: string | null, baseVersion?: number | null): Promise<MentorGrant> {
  const grant = await loadGrant(ctx, id);
  // Ending a mentor's access is possible on an ended programme too (plan-guard.ts, evenWhenEnded).
  const what = { action: 'END_MENTOR_GRANT', entityType: 'MENTOR_GRANT', evenWhenEnded: true };
  const access = await guardPlan(ctx, grant.planId, COORDINATE, { ...what, entityId: id, label: 'Bevillingen' });
  const today = localDate(ctx.deps.clock.now());
  const chosen = endDate ?? today;
  if (chosen >= grant.endDate) throw badInput('endDate', 'En bevilling kan kun afsluttes før tid; forlæng med en ny bevilling.');
  // Begun on a day gone by, the mentor has had access on it: it can end, not be undone. Begun
  // today it can still be called off, so the access ends now rather than at midnight; a task
  // logged today keeps it (the log stays inside the grant, checked under the lock below).
  if (chosen < grant.startDate && grant.startDate < today) throw badInput('endDate', 'Slutdatoen kan ikke ligge før bevillingens start.');
  const calledOff = chosen < grant.startDate;
  const begunToday = grant.startDate === today;
  const end = calledOff ? addDays(grant.startDate, -1) : chosen;
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, what, async (m) => {
    // The mentor's log stays inside the grant: a task logged after its last day (and the reads
    // that went with it) would contradict the record. Ending it yesterday, to cut the access at
    // once, stays possible. Read under the plan's lock, as the other grant writes are. An entry
    // the mentor removed (logged by mistake) is in no log, and holds no day.
    const [{ latest }]: Array<{ latest: string | null }> = await m.query(
      `SELECT to_char(max(done_on), 'YYYY-MM-DD') AS latest FROM mentor_task WHERE grant_id = $1 AND removed_at IS NULL`,
      [grant.id],
    );
    if (latest && end < latest) {
      throw ruleViolation('MENTOR_GRANT_ENDS_BEFORE_TASK', `Mentoren har logget en opgave ${formatDanishDate(latest)} under bevillingen, så den kan tidligst slutte den dag.`, undefined, 'endDate');
    }
    const row = await updateVersionedChange(m, 'mentor_grant', grant.id, expectedVersion, { end_date: end, ended_early: true }, () => m.findOneBy(MentorGrant, { id }));
    const updated = camelRow<MentorGrant>(row.after);
    return {
      result: updated,
      entityId: id,
      event: {
        kind: EventKind.MENTOR_GRANT_ENDED,
        // Begun today, the mentor may have read the citizen already (the access log says so): the history says it was called off on its first day.
        summary: !calledOff ? `${label} afsluttede mentorstøtten pr. ${formatDanishDate(end)}`
          : begunToday ? `${label} aflyste mentorstøtten fra ${formatDanishDate(grant.startDate)} på dens første dag`
            : `${label} aflyste mentorstøtten fra ${formatDanishDate(grant.startDate)}, før den begyndte`,
        entity: grantEntity(updated),
        before: grantEntity(camelRow<MentorGrant>(row.before)),
        versions: { expected: expectedVersion, base: baseVersion },
      },
    };
  });
}

/** The coordinator marks which activities and meetings a mentor may see. */
export async function setMentorSharing(ctx: RequestContext, kind: 'ACTIVITY' | 'FOLLOW_UP', id: string, shared: boolean): Promise<boolean> {
  const table = kind === 'ACTIVITY' ? 'activity' : 'follow_up_meeting';
  const [row] = isUuid(id)
    ? await ctx.db.query(
        kind === 'ACTIVITY'
          ? `SELECT a.plan_id, a.title, i.unit_kind FROM activity a LEFT JOIN intervention i ON i.id = a.intervention_id WHERE a.id = $1`
          : `SELECT plan_id, 'opfølgningssamtale' AS title, NULL AS unit_kind FROM follow_up_meeting WHERE id = $1`,
        [id],
      )
    : [];
  if (!row) return refuseUnseen(ctx, { action: 'SET_MENTOR_SHARING', entityType: kind, entityId: id }, kind === 'ACTIVITY' ? 'Aktiviteten' : 'Samtalen');
  // Taking something back from the mentor is possible on an ended programme too; sharing more is not.
  const what = { action: 'SET_MENTOR_SHARING', entityType: kind, evenWhenEnded: !shared };
  const access = await guardPlan(ctx, row.plan_id, COORDINATE, { ...what, entityId: id, label: kind === 'ACTIVITY' ? 'Aktiviteten' : 'Samtalen' });
  // The mentor reads the title: a health or social activity only with the citizen's word (or a legal basis) for the mentor.
  const refusal = shared && row.unit_kind
    ? mentorShareRefusal(row.unit_kind, await ctx.loaders.activeGrantsByPlan.load(row.plan_id), mentorsGrantedOn(await ctx.loaders.mentorGrantsByPlan.load(row.plan_id), localDate(ctx.deps.clock.now())))
    : null;
  if (refusal) throw ruleViolation('MENTOR_SHARE_NEEDS_CONSENT', refusal, 'Databeskyttelsesforordningen art. 9; sundhedsloven §41; retssikkerhedsloven §11 c');
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, what, async (m) => {
    // The row is locked first, so "before" is the value this change replaced.
    const [was] = (await m.query(`SELECT shared_with_mentor FROM ${table} WHERE id = $1 FOR UPDATE`, [id])) as Array<{ shared_with_mentor: boolean }>;
    const [[after]] = (await m.query(`UPDATE ${table} SET shared_with_mentor = $2 WHERE id = $1 RETURNING *`, [id, shared])) as [[Record<string, unknown>]];
    return {
      result: shared,
      entityId: id,
      event: {
        kind: EventKind.MENTOR_SHARING_CHANGED,
        summary: `${label} ${shared ? 'delte' : 'fjernede'} »${row.title}« ${shared ? 'med' : 'fra'} mentor`,
        // The whole record, so a client can put it in its cache like any other event's.
        entity: { __typename: kind === 'ACTIVITY' ? 'Activity' : 'FollowUpMeeting', ...camelRow<Record<string, unknown>>(after) },
        changes: was.shared_with_mentor === shared ? [] : [{ field: 'sharedWithMentor', before: was.shared_with_mentor, after: shared }],
      },
    };
  });
}

async function myActiveGrant(ctx: RequestContext, grantId: string): Promise<MentorGrant> {
  const actor = actorOf(ctx);
  const grant = isUuid(grantId) ? await ctx.db.getRepository(MentorGrant).findOneBy({ id: grantId }) : null;
  // A grant gives access while it runs, and only to a programme that still runs.
  const running = grant ? (await ctx.loaders.programme.load(grant.programmeId))?.status === 'ACTIVE' : false;
  // Refused: in the citizen's own log when the grant exists (another mentor's, or one that has ended).
  if (!grant || grant.mentorId !== actor.userId || grant.municipalityId !== actor.municipalityId || !grantRunsOn(grant, localDate(ctx.deps.clock.now())) || !running) {
    return refuseUnseen(ctx, { action: 'MENTOR_ACCESS', entityType: 'MENTOR_GRANT', entityId: grantId }, 'Bevillingen');
  }
  return grant;
}

/**
 * The mentor's cases: one per active grant, with only the allowed facts, loaded in a
 * fixed number of statements whatever the number of grants.
 */
export async function myMentorCases(ctx: RequestContext, onlyGrantId?: string): Promise<MentorCase[]> {
  const actor = actorOf(ctx);
  const today = localDate(ctx.deps.clock.now());
  const grants = onlyGrantId
    ? [await myActiveGrant(ctx, onlyGrantId)]
    : await ctx.db.query(`SELECT g.id FROM mentor_grant g JOIN programme pr ON pr.id = g.programme_id AND pr.status = 'ACTIVE'
        WHERE g.mentor_id = $1 AND g.municipality_id = $2 AND g.start_date <= $3 AND g.end_date >= $3 ORDER BY g.start_date`, [actor.userId, actor.municipalityId, today])
        .then((rows: Array<{ id: string }>) => (rows.length ? ctx.db.getRepository(MentorGrant).findBy(rows.map((r) => ({ id: r.id }))) : []));
  if (grants.length === 0) return [];
  const planIds = [...new Set(grants.map((g) => g.planId))];
  const ds = ctx.db;
  const [plans, goals, activities, meetings, tasks, latestHeld, bookings, mine] = await Promise.all([
    ds.query(`SELECT p.id, p.employment_goal, p.citizen_id, c.name, c.phone, c.address FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE p.id = ANY($1::uuid[])`, [planIds]),
    ds.query(`SELECT id, area, text FROM sub_goal WHERE id = ANY($1::uuid[])`, [grants.flatMap((g) => g.subGoalIds)]),
    // A step still planned in an intervention that is Afsluttet or Annulleret is no longer going to
    // happen: left out, as from the plan's "Kommende" and the printed plan. The step itself is kept.
    ds.query(`SELECT a.id, a.plan_id, a.title, a.due_at, a.status, a.place FROM activity a WHERE a.plan_id = ANY($1::uuid[]) AND a.shared_with_mentor AND ${mentorMaySeeActivitySql('a', '$2')}
               AND NOT (a.status = 'PLANNED' AND EXISTS (SELECT 1 FROM intervention i WHERE i.id = a.intervention_id AND i.status IN ('COMPLETED', 'CANCELLED')))
             ORDER BY a.due_at`, [planIds, actor.userId]),
    ds.query(`SELECT id, plan_id, held_at, next_meeting_at, mode FROM follow_up_meeting WHERE plan_id = ANY($1::uuid[]) AND shared_with_mentor ORDER BY held_at`, [planIds]),
    // The mentor's own log on each plan: under the running grant and the grants of theirs on the
    // plan before it (a renewal is a new grant, STAR’s vejledning om ressourceforløb 2020, afsnit 7,
    // and the support it continues is the same), so "Min log" and the last "Næste skridt" stay.
    // Never another mentor's log (docs/domain.md, Mentor), nor an entry they removed.
    ds.getRepository(MentorTask).find({ where: grants.map((g) => ({ planId: g.planId, mentorId: actor.userId, removedAt: IsNull() })), order: { date: 'DESC', createdAt: 'DESC' } }),
    // For the next samtale (mentor-next-samtale.ts): each plan's latest held samtale, shared or not,
    // and the bookings still to end; only their time, form, status and the agreement they book are read.
    ds.query(`SELECT DISTINCT ON (plan_id) plan_id, ${LATEST_HELD_COLUMNS} FROM follow_up_meeting WHERE plan_id = ANY($1::uuid[]) ORDER BY plan_id, held_at DESC`, [planIds]),
    ds.query(`SELECT plan_id, ${BOOKING_COLUMNS} FROM booked_meeting WHERE plan_id = ANY($1::uuid[]) AND ${BOOKINGS_READ}`, [planIds, ctx.deps.clock.now()]),
    // The bookings that name the mentor among their participants (meeting.service.ts, mentorMayTakePart), still to
    // end, on a day a grant of theirs runs; one called off too, so the mentor sees it called off rather than gone.
    ds.query(`SELECT m.id, m.plan_id, m.starts_at, m.ends_at, m.mode, m.place, m.video_link, m.status FROM booked_meeting m
               WHERE m.plan_id = ANY($1::uuid[]) AND m.status IN ('BOOKED', 'CANCELLED') AND m.ends_at > $2 AND $3 = ANY(m.staff_ids)
                 AND ${mentorGrantCoversSamtaleSql('m', '$3::uuid')}
               ORDER BY m.starts_at`, [planIds, ctx.deps.clock.now(), actor.userId]),
  ]);
  const planById = new Map<string, Record<string, string>>(plans.map((p: Record<string, string>) => [p.id, p]));
  // One statement for every case shown: the list is the caseload channel, one case by id a record.
  const citizenOfPlan = new Map<string, string>(plans.map((p: Record<string, string>) => [p.id, p.citizen_id]));
  await recordReads(ds, grants.map((g) => ({
    actor, citizenId: citizenOfPlan.get(g.planId)!, channel: onlyGrantId ? 'RECORD' as const : 'CASELOAD' as const, action: 'READ_MENTOR_CASE', entityType: 'MENTOR_GRANT', entityId: g.id,
  })));
  return grants.map((grant) => {
    const plan = planById.get(grant.planId)!;
    return {
      grant,
      planId: grant.planId,
      citizen: { name: plan.name, phone: plan.phone, address: plan.address },
      employmentGoal: plan.employment_goal,
      subGoals: goals.filter((g: { id: string }) => grant.subGoalIds.includes(g.id)),
      sharedActivities: activities.filter((a: { plan_id: string }) => a.plan_id === grant.planId).map((a: Record<string, unknown>) => ({ id: a.id, title: a.title, dueAt: a.due_at, status: a.status, place: a.place })),
      sharedMeetings: meetings.filter((x: { plan_id: string }) => x.plan_id === grant.planId).map((x: Record<string, unknown>) => ({ id: x.id, heldAt: x.held_at, nextMeetingAt: x.next_meeting_at, mode: x.mode })),
      nextSamtale: nextSamtaleOf(grant.planId, latestHeld, bookings, ctx.deps.clock.now()),
      mySamtaler: mine.filter((x: { plan_id: string }) => x.plan_id === grant.planId).map((x: Record<string, unknown>) => ({
        id: x.id, startsAt: x.starts_at, endsAt: x.ends_at, mode: x.mode, place: x.place, videoLink: x.video_link, cancelled: x.status === 'CANCELLED',
      })),
      // Only those of the running grant can be corrected (updateMentorTask): the earlier are read.
      tasks: tasks.filter((t) => t.planId === grant.planId),
    } as MentorCase;
  });
}

function nextSamtaleOf(planId: string, latestHeld: Array<Record<string, unknown>>, bookings: Array<Record<string, unknown>>, now: Date): MentorNextSamtale | null {
  const held = latestHeld.find((h) => h.plan_id === planId);
  return mentorNextSamtale(held ? latestHeldOf(held) : null, bookings.filter((b) => b.plan_id === planId).map(bookingOf), now);
}

async function planAccessOf(ctx: RequestContext, planId: string): Promise<PlanAccess> {
  const access = await ctx.loaders.planAccess.load(planId);
  if (!access) throw notFound('Planen');
  return access;
}

/**
 * The day of a task, logged or corrected alike: done by today, and under its grant (not before
 * the grant's first day; the grant runs today, so not after its last either).
 */
function refuseTaskDate(date: string, grant: MentorGrant, today: string): void {
  if (date > today) throw badInput('date', 'En opgave kan først logges, når den er udført.');
  if (date < grant.startDate) throw badInput('date', 'Datoen ligger før bevillingens start.');
}

/** Logging what the mentor did: a few seconds' work, seen live by the coordinator. */
export async function logMentorTask(ctx: RequestContext, input: LogMentorTaskInput): Promise<MentorTask> {
  const grant = await myActiveGrant(ctx, input.grantId);
  const today = localDate(ctx.deps.clock.now());
  refuseTaskDate(input.date, grant, today);
  const access = await planAccessOf(ctx, grant.planId);
  const actor = actorOf(ctx);
  return refusedIfGrantEndedMeanwhile(ctx, grant.id, writeInPlan(ctx, access, { action: 'LOG_MENTOR_TASK', entityType: 'MENTOR_TASK' }, async (m) => {
    await assertGrantStillRuns(m, grant.id, today);
    const task = await m.save(m.create(MentorTask, {
      municipalityId: grant.municipalityId, grantId: grant.id, planId: grant.planId, mentorId: actor.userId, date: input.date, minutes: input.minutes,
      title: input.title.trim(), note: input.note, outcome: input.outcome, nextStep: input.nextStep?.trim() || null, version: 1, createdAt: ctx.deps.clock.now(),
    }));
    return { result: task, entityId: task.id, event: { kind: EventKind.MENTOR_TASK_LOGGED, summary: `Mentor ${actor.name} loggede »${task.title}« (${formatMinutes(task.minutes)})`, entity: taskEntity(task) } };
  }));
}

/** The grant ended (early, by the coordinator) while the mentor's write waited for the programme's lock. */
class GrantEndedMeanwhile extends Error {}

/**
 * The mentor's grant read again under the programme's lock, which endMentorGrant holds too:
 * the check before the write (myActiveGrant) may have passed just before an early end
 * committed, and a task written after it would lie outside the grant, by a mentor whose
 * access had ended.
 */
async function assertGrantStillRuns(m: EntityManager, grantId: string, today: string): Promise<void> {
  const [held]: Array<{ endDate: string }> = await m.query(`SELECT end_date::text AS "endDate" FROM mentor_grant WHERE id = $1`, [grantId]);
  if (!held || held.endDate < today) throw new GrantEndedMeanwhile();
}

/** The write rolled back, and refused as a grant that is no longer the mentor's is at the gate: NOT_FOUND, in the access log. */
async function refusedIfGrantEndedMeanwhile<T>(ctx: RequestContext, grantId: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (!(error instanceof GrantEndedMeanwhile)) throw error;
    return refuseUnseen(ctx, { action: 'MENTOR_ACCESS', entityType: 'MENTOR_GRANT', entityId: grantId }, 'Bevillingen');
  }
}

/**
 * An entry of the mentor's own log, under the grant running today: one of an earlier grant (read
 * in "Min log" after a renewal) stays as logged, inside the grant that has ended, as the
 * coordinator read it. Another mentor's, or one removed, is refused as unseen; but a removal on a
 * version read before the entry was removed (`readBefore`) goes on to the versioned write, which
 * answers CONFLICT, as any save on a version since changed is answered.
 */
async function myRunningEntry(ctx: RequestContext, id: string, action: string, readBefore?: number): Promise<{ task: MentorTask; grant: MentorGrant }> {
  const actor = actorOf(ctx);
  const task = isUuid(id) ? await ctx.db.getRepository(MentorTask).findOneBy({ id }) : null;
  if (!task || task.mentorId !== actor.userId || (task.removedAt && !(readBefore !== undefined && readBefore < task.version))) return refuseUnseen(ctx, { action, entityType: 'MENTOR_TASK', entityId: id }, 'Opgaven');
  return { task, grant: await myActiveGrant(ctx, task.grantId) };
}

/** A task's row as the API shows it: the column done_on is the field `date`. */
function taskOfRow(row: Record<string, unknown>): MentorTask {
  const { doneOn, ...task } = camelRow<MentorTask & { doneOn: string }>(row);
  return { ...task, date: doneOn };
}

/** The mentor corrects an entry of their own log: its day too, by the rules it was logged by. */
export async function updateMentorTask(ctx: RequestContext, input: UpdateMentorTaskInput): Promise<MentorTask> {
  const actor = actorOf(ctx);
  const { task, grant } = await myRunningEntry(ctx, input.id, 'UPDATE_MENTOR_TASK');
  const today = localDate(ctx.deps.clock.now());
  if (input.date != null) refuseTaskDate(input.date, grant, today);
  const sets: Record<string, unknown> = {};
  for (const [key, column] of [['date', 'done_on'], ['minutes', 'minutes'], ['title', 'title'], ['note', 'note'], ['outcome', 'outcome'], ['nextStep', 'next_step']] as const) {
    if (input[key] != null) sets[column] = typeof input[key] === 'string' ? (input[key] as string).trim() : input[key];
  }
  if (Object.keys(sets).length === 0) throw badInput('id', 'Intet at ændre.');
  sets.updated_at = ctx.deps.clock.now();
  const access = await planAccessOf(ctx, task.planId);
  return refusedIfGrantEndedMeanwhile(ctx, task.grantId, writeInPlan(ctx, access, { action: 'UPDATE_MENTOR_TASK', entityType: 'MENTOR_TASK' }, async (m) => {
    await assertGrantStillRuns(m, task.grantId, today);
    const row = await updateVersionedChange(m, 'mentor_task', task.id, input.expectedVersion, sets, () => m.findOneBy(MentorTask, { id: task.id }));
    const shaped = taskOfRow(row.after);
    return {
      result: shaped,
      entityId: task.id,
      event: {
        kind: EventKind.MENTOR_TASK_UPDATED, summary: `Mentor ${actor.name} rettede »${shaped.title}«`, entity: taskEntity(shaped), before: taskEntity(taskOfRow(row.before)),
        versions: { expected: input.expectedVersion, base: input.baseVersion },
      },
    };
  }));
}

/**
 * The mentor removes an entry of their own log, logged by mistake (on the wrong citizen's grant,
 * or twice): under the grant running today, as a correction. Nothing is lost: the entry is kept,
 * marked removed, and left out of every list; the audit log and the plan's history say what was
 * removed, and the event drops it from the plan open elsewhere (the record it carries is marked).
 */
export async function removeMentorTask(ctx: RequestContext, id: string, expectedVersion: number): Promise<MentorTask> {
  const actor = actorOf(ctx);
  const { task } = await myRunningEntry(ctx, id, 'REMOVE_MENTOR_TASK', expectedVersion);
  const access = await planAccessOf(ctx, task.planId);
  const now = ctx.deps.clock.now();
  const today = localDate(now);
  return refusedIfGrantEndedMeanwhile(ctx, task.grantId, writeInPlan(ctx, access, { action: 'REMOVE_MENTOR_TASK', entityType: 'MENTOR_TASK' }, async (m) => {
    await assertGrantStillRuns(m, task.grantId, today);
    const row = await updateVersionedChange(m, 'mentor_task', task.id, expectedVersion, { removed_at: now, removed_by: actor.userId, updated_at: now }, () => m.findOneBy(MentorTask, { id: task.id }));
    const removed = taskOfRow(row.after);
    return {
      result: removed,
      entityId: task.id,
      event: {
        kind: EventKind.MENTOR_TASK_UPDATED,
        summary: `Mentor ${actor.name} fjernede »${removed.title}« (${formatMinutes(removed.minutes)})`,
        entity: taskEntity(removed),
        // The summary says it all; the entry's fields are as they were, and the mark is not one of them to show.
        changes: [],
      },
    };
  }));
}
