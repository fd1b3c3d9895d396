import { endedInterventionEndProblem, interventionEndReasonProblem, lastDayOfPeriod, formatDanishDate, localDate } from '@samplan/schema';
import type { EntityManager } from 'typeorm';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange, type VersionedChange } from '../../core/db/versioned-update';
import { badInput, conflict, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { diffRecords, type StoredChange } from '../../core/events/field-changes';
import type { UnitKind } from '../org/org.enums';
import { actorLabel, camelRow, changeInPlan, guardPlan, readWithPlanFacts, refuseUnseen, unitWork, writeInPlan, type ChangeOutcome } from '../plan';
import { INTERVENTION_STATUS_LABEL, InterventionStatus } from './intervention.enums';
import { toIntervention, type Intervention } from './intervention.interface';
import type { CreateInterventionBase, UpdateInterventionInput } from './intervention.inputs';
import { InterventionRecord } from './intervention.record';
import { unitModuleFor, type PeriodLimit, type UnitInterventionModule, type WrittenIntervention } from './unit-modules';

/**
 * The period's dates in order; for a kind granted a limited period at a time (`limit`), a
 * period with a start has an end, at most `limit.months` months later.
 */
function checkPeriod(start: string | null | undefined, end: string | null | undefined, limit?: PeriodLimit): void {
  if (start && end && end < start) throw badInput('endDate', 'Slutdatoen skal ligge efter startdatoen.');
  if (!start || !limit) return;
  const last = lastDayOfPeriod(start, limit.months);
  const most = `${limit.what} gives for op til ${limit.months} måneder ad gangen (til og med ${formatDanishDate(last)})`;
  if (!end) throw ruleViolation(limit.rule, `Angiv slutdatoen. ${most}.`, limit.source);
  if (end > last) throw ruleViolation(limit.rule, `${most}. Forlæng med en ny periode.`, limit.source);
}

/** Statuses of an intervention that has begun (the rules' and the key figures' STARTED_STATUSES). */
const BEGUN: readonly string[] = [InterventionStatus.ACTIVE, InterventionStatus.PAUSED, InterventionStatus.COMPLETED];

/**
 * An intervention that has begun took place: it is ended (Afsluttet, with its end date), never
 * annulled, which would tell the indsatsgaranti (LAB §113, stk. 2) and the key figures that it
 * never began. One marked begun by mistake is set back to Planlagt first, which says so.
 */
function refuseAnnullingBegun(before: string, after: string): void {
  if (after !== InterventionStatus.CANCELLED || !BEGUN.includes(before)) return;
  throw ruleViolation('INTERVENTION_BEGUN',
    'Indsatsen er påbegyndt og kan ikke annulleres: sæt status til Afsluttet med slutdatoen, så planen viser, at den fandt sted. Blev den aldrig påbegyndt, så ret først status til Planlagt.',
    'LAB §113, stk. 2');
}

/**
 * LAB §113, stk. 3: "Gør personen brug af retten til at få en samtale, inden tilbuddet er
 * påbegyndt, skal personen ikke påbegynde tilbuddet, før jobcenteret har taget stilling til, om
 * tilbuddet skal tilpasses." An offer whose citizen asked for the samtale with the
 * sundhedskoordinator before it began (recorded on it, jobcenter/health-talk.service.ts) is not
 * set begun (Aktiv, Sat på pause, Afsluttet) until the jobcenter's decision is recorded. Judged
 * on the row this write replaced and the row as written, so the refusal rolls the write back.
 */
function refuseBeginningOnHold(before: Record<string, unknown>, after: Record<string, unknown>): void {
  if (!BEGUN.includes(String(after.status)) || BEGUN.includes(String(before.status))) return;
  if (after.health_talk_before_start !== true || after.health_talk_decided_on != null) return;
  throw ruleViolation('HEALTH_TALK_PENDING',
    'Borgeren har bedt om en samtale med sundhedskoordinator om tilbuddet, før det blev påbegyndt. Tilbuddet kan ikke påbegyndes, før jobcenteret har taget stilling til, om det skal tilpasses (LAB §113, stk. 3).',
    'LAB §113, stk. 3', 'status');
}

/**
 * An intervention marked Afsluttet has its end date, today or a day gone by
 * (`endedInterventionEndProblem`, the same words as the form's). Refused at the field rather
 * than filled in with today, as the forms propose it: an intervention is often marked ended
 * after the fact (the internship ended on Friday, the caseworker records it on Monday), and only
 * the caseworker knows the day. The form shows its proposal for them to correct; the server has
 * no one to show a date it made up, and a made-up day would stand in the plan, the citizen's
 * Min plan and the key figures as the day it ended.
 */
function refuseEndedWithoutEnd(status: string, endDate: string | null | undefined, now: Date): void {
  const problem = endedInterventionEndProblem(status, endDate, localDate(now));
  if (problem) throw badInput('endDate', problem);
}

const ENDED: readonly string[] = [InterventionStatus.COMPLETED, InterventionStatus.CANCELLED];

/**
 * The day an intervention Sat på pause was paused: the key figures count ordinary hours as no
 * longer in force from that day (modules/figures). Kept as it was set, so a later change of the
 * paused intervention (its notes, its title) does not move it and a month gone by keeps its
 * figure; today (in Denmark) when it is set paused now; none for any other status.
 */
function pausedOnAfter(statusAfter: string, statusBefore: string | null, had: string | null, now: Date): string | null {
  if (statusAfter !== InterventionStatus.PAUSED) return null;
  return statusBefore === InterventionStatus.PAUSED ? had : localDate(now);
}

/**
 * Every pause is kept as a period of its own (`intervention_pause`, migration 63), written with
 * the status change in its transaction: set to Sat på pause, a period opens on the day it keeps
 * (`pausedOn`); leaving it (Aktiv, Afsluttet, Annulleret, Planlagt), the open period closes
 * today. The key figures count ordinary hours as out of force on the days of any period, so a
 * month gone by keeps its figure when the intervention is set going and paused again later.
 */
async function followPause(
  m: EntityManager,
  turn: { id: string; municipalityId: string; before: string | null; after: string; pausedOn: string | null },
  userId: string,
  now: Date,
): Promise<void> {
  if (turn.before === turn.after) return;
  if (turn.before === InterventionStatus.PAUSED) {
    await m.query(`UPDATE intervention_pause SET resumed_on = GREATEST($2::date, paused_on), resumed_by = $3 WHERE intervention_id = $1 AND resumed_on IS NULL`,
      [turn.id, localDate(now), userId]);
  }
  if (turn.after === InterventionStatus.PAUSED) {
    await m.query(`INSERT INTO intervention_pause (municipality_id, intervention_id, paused_on, paused_by) VALUES ($1, $2, $3, $4)`,
      [turn.municipalityId, turn.id, turn.pausedOn, userId]);
  }
}

/**
 * The reason an intervention carries after a change (`interventionEndReasonProblem`): the one
 * sent, trimmed (empty is none); else, while it stays Afsluttet or Annulleret, the one it had
 * (Annulleret corrected to Afsluttet keeps its words); else none, for the reason belongs to
 * the ending and goes when the intervention is set going again.
 */
function endReasonAfter(statusAfter: string, sent: string | null | undefined, had: string | null): { reason: string | null; problem: string | null } {
  const reason = sent !== undefined ? sent?.trim() || null : ENDED.includes(statusAfter) ? had : null;
  return { reason, problem: interventionEndReasonProblem(statusAfter, reason) };
}

/** The unit module's own rule on the intervention as written (`writtenProblem`). */
function refuseWritten(module: UnitInterventionModule, written: WrittenIntervention, sent: (field: string) => boolean): void {
  const problem = module.writtenProblem?.(written, sent);
  if (problem) throw badInput(problem.field, problem.message);
}

/** A sub-goal as a change of an intervention's links names it: its id and its text at the time. */
interface NamedSubGoal {
  id: string;
  text: string;
}

/** The sub-goals to link, with their texts as they are now; refused unless every one is the plan's. */
async function checkSubGoals(m: EntityManager, planId: string, ids: string[]): Promise<NamedSubGoal[]> {
  if (ids.length === 0) return [];
  const goals: NamedSubGoal[] = await m.query(`SELECT id, text FROM sub_goal WHERE plan_id = $1 AND id = ANY($2::uuid[])`, [planId, ids]);
  if (goals.length !== new Set(ids).size) throw badInput('subGoalIds', 'Et af delmålene hører ikke til planen.');
  return goals;
}

/** The sub-goals an intervention serves with their texts, in a stable order (the conflict view and the event compare them). */
async function linkedSubGoals(m: EntityManager, interventionId: string): Promise<NamedSubGoal[]> {
  return m.query(
    `SELECT l.sub_goal_id AS id, g.text FROM intervention_sub_goal l JOIN sub_goal g ON g.id = l.sub_goal_id WHERE l.intervention_id = $1 ORDER BY l.sub_goal_id`,
    [interventionId],
  );
}

/**
 * The stored change of the sub-goals an intervention serves keeps, beside their ids, their
 * texts as they were when the links changed (`texts`, by id): the plan's history shows what
 * was linked and unlinked then, though a sub-goal is renamed or deleted later
 * (live/plan-event-record.resolver.ts). The texts are the plan's sub-goals, which everyone on
 * the plan reads; the change reaches only those who may see the intervention's links.
 */
function withSubGoalTexts(changes: StoredChange[], named: NamedSubGoal[]): StoredChange[] {
  const texts = Object.fromEntries(named.map((g) => [g.id, g.text]));
  return changes.map((c) => (c.field === 'subGoalIds' ? { ...c, texts } : c));
}

async function linkSubGoals(m: EntityManager, interventionId: string, municipalityId: string, ids: string[]): Promise<void> {
  await m.query(`DELETE FROM intervention_sub_goal WHERE intervention_id = $1`, [interventionId]);
  if (ids.length) {
    await m.query(
      `INSERT INTO intervention_sub_goal (intervention_id, sub_goal_id, municipality_id) SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING`,
      [interventionId, [...new Set(ids)], municipalityId],
    );
  }
}

const entityOf = (i: Intervention) => ({ __typename: unitModuleFor(i.unitKind).typeName, ...i });

/**
 * A unit creates an intervention of its own kind in a plan its unit is on the team of.
 * The unit module passes its validated details; the kind must be one of the module's.
 */
export async function createIntervention(
  ctx: RequestContext,
  unitKind: UnitKind,
  input: CreateInterventionBase & { kind: string },
  details: Record<string, unknown>,
): Promise<Intervention> {
  const actor = actorOf(ctx);
  const module = unitModuleFor(unitKind);
  // Staff of another unit can never pass: 'none' matches no unit id.
  const ownUnit = actor.unitKind === unitKind && actor.unitId ? actor.unitId : 'none';
  const access = await guardPlan(ctx, input.planId, unitWork(ownUnit), {
    action: 'CREATE_INTERVENTION',
    entityType: 'INTERVENTION',
    forbiddenMessage: 'Du kan kun oprette indsatser for din egen forvaltning, og kun når den er med i planens team.',
  });
  if (!module.kinds[input.kind]) throw badInput('kind', 'Ukendt indsatstype.');
  checkPeriod(input.startDate, input.endDate, module.periodLimits?.[input.kind]);
  refuseEndedWithoutEnd(input.status, input.endDate, ctx.deps.clock.now());
  refuseWritten(module, { kind: input.kind, status: input.status, details }, () => true);
  // Annulleret asks why; no other status than an ending takes a reason. At the field Begrundelse.
  const { reason: endReason, problem } = endReasonAfter(input.status, input.endReason, null);
  if (problem) throw badInput('endReason', problem);
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, { action: 'CREATE_INTERVENTION', entityType: 'INTERVENTION' }, async (m) => {
    await checkSubGoals(m, access.planId, input.subGoalIds);
    const now = ctx.deps.clock.now();
    const record = await m.save(m.create(InterventionRecord, {
      municipalityId: access.municipalityId, planId: access.planId, unitId: ownUnit, unitKind, kind: input.kind, title: input.title.trim(),
      shortTermGoal: input.shortTermGoal.trim(), status: input.status, startDate: input.startDate ?? null, endDate: input.endDate ?? null,
      details, notes: input.notes, endReason, pausedOn: pausedOnAfter(input.status, null, null, now),
      version: 1, updatedAt: now, updatedById: actor.userId,
    }));
    await m.query(`UPDATE intervention SET created_by = $2 WHERE id = $1`, [record.id, actor.userId]);
    await followPause(m, { id: record.id, municipalityId: record.municipalityId, before: null, after: record.status, pausedOn: record.pausedOn }, actor.userId, now);
    await linkSubGoals(m, record.id, access.municipalityId, input.subGoalIds);
    const intervention = toIntervention(record);
    return {
      result: intervention,
      entityId: record.id,
      event: { kind: EventKind.INTERVENTION_CREATED, summary: `${label} tilføjede indsatsen ${record.title}`, entity: entityOf(intervention) },
    };
  });
}

/**
 * Partial update of an intervention, by its own unit only. `detailsPatch` comes from a unit
 * module's own update mutation; `expectUnit` makes sure that mutation only touches its unit's records.
 */
export async function updateIntervention(
  ctx: RequestContext,
  input: UpdateInterventionInput,
  detailsPatch?: Record<string, unknown>,
  expectUnit?: UnitKind,
): Promise<Intervention> {
  const record = await readWithPlanFacts(ctx, 'intervention', input.id, ctx.loaders.intervention.load(input.id));
  if (!record) return refuseUnseen(ctx, { action: 'UPDATE_INTERVENTION', entityType: 'INTERVENTION', entityId: input.id }, 'Indsatsen');
  const access = await guardPlan(ctx, record.planId, unitWork(record.unitId), { action: 'UPDATE_INTERVENTION', entityType: 'INTERVENTION', entityId: record.id, label: 'Indsatsen' });
  if (expectUnit && record.unitKind !== expectUnit) throw badInput('id', 'Indsatsen hører til en anden forvaltning.');
  const sets: Record<string, unknown> = {};
  if (input.title != null) sets.title = input.title.trim();
  if (input.shortTermGoal != null) sets.short_term_goal = input.shortTermGoal.trim();
  if (input.status != null) sets.status = input.status;
  if (input.startDate !== undefined) sets.start_date = input.startDate;
  if (input.endDate !== undefined) sets.end_date = input.endDate;
  if (input.notes != null) sets.notes = input.notes;
  // The day it was paused and the reason it ended follow the status it has after the change.
  // Decided on `record`, the row as this request read it: the update applies only on the version
  // the caller read, which this request read too or moved past (a CONFLICT), so `record` is the
  // row it replaces; the check after the update holds it to that.
  const statusAfter = input.status ?? record.status;
  const pausedOn = pausedOnAfter(statusAfter, record.status, record.pausedOn, ctx.deps.clock.now());
  if (pausedOn !== record.pausedOn) sets.paused_on = pausedOn;
  // Judged when the caller sets the status or the reason, as the end date is: one annulled before
  // the rule keeps its title and notes editable, and is asked its reason with its next change of either.
  // A refusal waits for the update, so that one refused for a weightier rule (a begun intervention
  // is not annulled) says that first; a reason refused is not written, so the table's check
  // (a reason only on an ended intervention) never has to refuse it.
  let endReasonProblem: string | null = null;
  if (input.status != null || input.endReason !== undefined) {
    const { reason, problem } = endReasonAfter(statusAfter, input.endReason, record.endReason);
    endReasonProblem = problem;
    if (!problem && reason !== record.endReason) sets.end_reason = reason;
  }
  if (detailsPatch && Object.keys(detailsPatch).length) sets.details = JSON.stringify({ ...record.details, ...detailsPatch });
  if (Object.keys(sets).length === 0 && input.subGoalIds == null) throw endReasonProblem ? badInput('endReason', endReasonProblem) : badInput('id', 'Intet at ændre.');
  // The limit of the kind holds for a period being set now; one stored before the limit stays editable.
  const datesChange = input.startDate !== undefined || input.endDate !== undefined;
  checkPeriod(input.startDate !== undefined ? input.startDate : record.startDate, input.endDate !== undefined ? input.endDate : record.endDate,
    datesChange ? unitModuleFor(record.unitKind).periodLimits?.[record.kind] : undefined);
  const actor = actorOf(ctx);
  // The columns the caller changes (the hooks ask: a change of notes cannot move a warning).
  const columns = Object.keys(sets);
  sets.updated_at = ctx.deps.clock.now();
  sets.updated_by = actor.userId;
  const label = await actorLabel(ctx);
  const what = { action: 'UPDATE_INTERVENTION', entityType: 'INTERVENTION', entityId: record.id, columns };
  const endingChanges = input.status != null || input.endDate !== undefined;
  const change = async (m: EntityManager) => {
    const row = await updateVersionedChange(m, 'intervention', record.id, input.expectedVersion, sets, async () => {
      const now = await m.findOneBy(InterventionRecord, { id: record.id });
      // The conflict view compares the sub-goals it serves too.
      return now ? { ...entityOf(toIntervention(now)), subGoalIds: (await linkedSubGoals(m, record.id)).map((g) => g.id) } : null;
    });
    if (row.before.version !== record.version) {
      throw conflict('Posten er ændret af en anden, siden du hentede den. Se den nye version.', entityOf(toIntervention(camelRow<InterventionRecord>(row.before))));
    }
    // Judged on the row this write replaced; the refusal rolls the write back.
    refuseAnnullingBegun(String(row.before.status), String(row.after.status));
    refuseBeginningOnHold(row.before, row.after);
    // Judged on the row as written, when the caller sets its status or end date: one stored
    // ended without an end date before this rule keeps its title and notes editable (as a
    // period longer than its kind's limit does), and gets its end date with its next change of either.
    if (endingChanges) refuseEndedWithoutEnd(String(row.after.status), row.after.end_date as string | null, ctx.deps.clock.now());
    if (endReasonProblem) throw badInput('endReason', endReasonProblem);
    refuseWritten(unitModuleFor(record.unitKind), { kind: record.kind, status: String(row.after.status), details: row.after.details as Record<string, unknown> },
      (field) => (detailsPatch !== undefined && field in detailsPatch) || (input as unknown as Record<string, unknown>)[field] != null);
    await followPause(m, {
      id: record.id, municipalityId: record.municipalityId, before: String(row.before.status), after: String(row.after.status), pausedOn: row.after.paused_on as string | null,
    }, actor.userId, ctx.deps.clock.now());
    return row;
  };
  const outcome = (row: VersionedChange): ChangeOutcome<Intervention> => {
    const before = toIntervention(camelRow<InterventionRecord>(row.before));
    const intervention = toIntervention(camelRow<InterventionRecord>(row.after));
    const statusChanged = intervention.status !== before.status;
    const changed = { entity: entityOf(intervention), before: entityOf(before), versions: { expected: input.expectedVersion, base: input.baseVersion } };
    return {
      result: intervention,
      entityId: record.id,
      event: statusChanged
        ? { kind: EventKind.INTERVENTION_STATUS_CHANGED, summary: `${label} ændrede status på ${intervention.title} til ${INTERVENTION_STATUS_LABEL[intervention.status]}`, ...changed }
        : { kind: EventKind.INTERVENTION_UPDATED, summary: columns.length ? `${label} opdaterede ${intervention.title}` : `${label} ændrede, hvilke delmål ${intervention.title} understøtter`, ...changed },
    };
  };
  // Without new sub-goal links the change is the one versioned update.
  if (input.subGoalIds == null) return changeInPlan(ctx, access, what, change, outcome);
  const subGoalIds = input.subGoalIds;
  return writeInPlan(ctx, access, what, async (m) => {
    const row = await change(m);
    const linked = await checkSubGoals(m, access.planId, subGoalIds);
    const served = await linkedSubGoals(m, record.id);
    await linkSubGoals(m, record.id, access.municipalityId, subGoalIds);
    // The links are replaced, not kept: the event keeps which sub-goals the intervention
    // served before and after, with their texts then, so the plan's history can always tell (nothing is lost).
    const done = outcome(row);
    const entity = { ...done.event.entity, subGoalIds: [...new Set(subGoalIds)].sort() };
    const before = { ...done.event.before, subGoalIds: served.map((g) => g.id) };
    const changes = withSubGoalTexts(diffRecords(before, entity), [...served, ...linked]);
    return { ...done, event: { ...done.event, entity, before, changes } };
  });
}
