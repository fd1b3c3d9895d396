import type { EntityManager } from 'typeorm';
import { addDays, addMonths, endedOnWhenNoDate, extensionReasonProblem, formatDanishDate, localDate, stopsBeforeStart } from '@samplan/schema';
import { recordAudit, RefusalToLog } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { Actor } from '../../core/auth/actor';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { diffRecords } from '../../core/events/field-changes';
import { AppError, badInput, forbidden, notFound, ruleViolation } from '../../core/errors/app-errors';
import { notAUser } from '../../core/auth/authenticate';
import { Role, STAFF_ROLES } from '../../core/auth/roles';
import { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import { isUuid } from '../../core/loaders';
import type { Queryable } from '../../core/db/queryable';
import { COORDINATE, guardPlan, refuseUnseen } from './plan-guard';
import type { PlanAccess } from './plan.policy';
import { actorLabel, afterPlanChange, afterProgrammeCreated, afterProgrammeEnded, camelRow, writeInPlan } from './plan-write';
import { refuseClosedUnits } from './team-units';
import { refuseAsCoordinator } from './plan.service';
import { typeLaw, type LawVersion } from '../rules/law/law-version';
import { Plan } from './plan.entity';
import { ProgrammeStatus, ProgrammeType } from './plan.enums';
import type { CreateProgrammeInput, UpdateProgrammeInput } from './plan.inputs';
import { Programme } from './programme.entity';
import { fitToEarlierEnd } from './earlier-end';
import { checkAgeRules, checkEnding, checkEndingDay, checkGrantedBy, checkLaterEnd, checkNewProgramme, checkPlanPeriod, PROGRAMME_TYPE_WORD, updateNeed } from './programme-law';

/**
 * checkGrantedBy under the caseworker's row lock, its refusal thrown as one createProgramme logs:
 * moved out of employment while the request ran. The same check before it is a choice in the form
 * ("Nyt forløb" offers every type) answered at its field, and is not logged as a refusal.
 */
function grantedBy(actor: { unitKind: string | null }, type: ProgrammeType): void {
  try {
    checkGrantedBy(actor, type);
  } catch (error) {
    throw error instanceof AppError ? new RefusalToLog('decision needs an employment unit', error) : error;
  }
}

export async function createProgramme(ctx: RequestContext, input: CreateProgrammeInput): Promise<Plan> {
  const actor = actorOf(ctx);
  const citizen = await ctx.loaders.citizen.load(input.citizenId);
  // Another municipality's citizen or unit is invisible: refused as unseen, and logged (a
  // probe counts towards the account review; the citizen's coordinator sees the attempt).
  if (!citizen || citizen.municipalityId !== actor.municipalityId) {
    return refuseUnseen(ctx, { action: 'CREATE_PROGRAMME', entityType: 'CITIZEN', entityId: input.citizenId }, 'Borgeren');
  }
  const units = await ctx.loaders.unit.loadMany(input.teamUnits);
  const unseen = input.teamUnits.find((_, i) => !units[i] || units[i] instanceof Error);
  if (unseen !== undefined) return refuseUnseen(ctx, { action: 'CREATE_PROGRAMME', entityType: 'UNIT', entityId: unseen }, 'Enheden');
  // The law version of the decision date governs the programme to its end (modules/rules/law).
  // A third jobafklaringsforløb is not refused: as a rule there are two, but a new one may
  // follow while the citizen is still unfit for work (a warning, JOBAFKLARING_COUNT).
  try {
    checkGrantedBy(actor, input.type);
    const lawVersion = await checkNewProgramme(ctx, actor.municipalityId, input);
    checkPlanPeriod(ctx, { type: input.type, lawVersion, endDate: input.endDate }, input.startDate, input.planPeriodEnd);
    const label = await actorLabel(ctx);
    return await ctx.db.transaction((m) => writeNewProgramme(m, ctx, {
      municipalityId: actor.municipalityId, citizen, input, lawVersion, by: actor, coordinator: actor, assignmentReason: 'Oprettede forløbet',
      audit: { action: 'CREATE_PROGRAMME' }, summary: `${label} oprettede ${PROGRAMME_TYPE_WORD[input.type]} for ${citizen.name}`,
    }));
  } catch (error) {
    const told = error instanceof AppError ? otherProgrammesTold(error) : null;
    if (told) {
      // After the creation's savepoint is rolled back, as a refusal's row is, so the row stays:
      // the citizen's access log shows who was told of their other forløb.
      await recordAudit(ctx.db, { actor, action: 'READ_OTHER_PROGRAMMES', entityType: 'CITIZEN', entityId: citizen.id, citizenId: citizen.id, outcome: 'ALLOWED', detail: told });
      throw error;
    }
    if (!(error instanceof RefusalToLog)) throw error;
    // After the creation's savepoint is rolled back, so the row stays: the citizen's access log shows the attempt.
    await recordAudit(ctx.db, { actor, action: 'CREATE_PROGRAMME', entityType: 'CITIZEN', entityId: citizen.id, citizenId: citizen.id, outcome: 'DENIED', detail: error.detail });
    throw error.refusal;
  }
}

/**
 * The rules whose refusal of a new forløb tells the caller of the citizen's other forløb, with
 * what it tells: that one is running and its type (PROGRAMME_ALREADY_RUNNING, STAR’s vejledning
 * om ressourceforløb 2020, afsnit 5.1), the period of the one decided since the 50th birthday
 * (ONE_PROGRAMME_FROM_50), the time in ressourceforløb in all (FIVE_YEARS_FROM_40; both lov nr.
 * 1160 af 8. juni 2021). Any employment caseworker may open a forløb, also for a citizen whose
 * plans they have no part in, and the law's answer must say why it is refused; so the answer
 * stays as it is, and the citizen's access log records that it was given.
 */
const TELLS_OF_OTHER_PROGRAMMES: ReadonlyMap<string, string> = new Map([
  ['PROGRAMME_ALREADY_RUNNING', 'borgerens igangværende forløb og dets type'],
  ['ONE_PROGRAMME_FROM_50', 'perioden for borgerens ressourceforløb efter det fyldte 50. år'],
  ['FIVE_YEARS_FROM_40', 'borgerens samlede tid i ressourceforløb'],
]);

/**
 * The access log's detail for a refusal of createProgramme that told of the citizen's other
 * forløb, or null for any other error. Written as a disclosure (ALLOWED), not a refusal: the
 * caller asked for nothing they may not do, and a caseworker opening forløb must not be counted
 * towards the review of repeated refusals for being told the law. Written whoever asked, also a
 * caller who may read the citizen's plans anyway (their coordinator): the row records what
 * reached whom, as a read's row does, and judging standing here would mean weighing each of the
 * citizen's plans at every refusal to leave out a row that harms no one.
 */
function otherProgrammesTold(error: AppError): string | null {
  const { code, rule, source } = error.extensions as { code?: string; rule?: string; source?: string };
  const what = code === 'RULE_VIOLATION' && rule ? TELLS_OF_OTHER_PROGRAMMES.get(rule) : undefined;
  if (!what) return null;
  return `Et nyt forløb blev afvist efter reglen ${rule}${source ? ` (${source})` : ''}; afvisningen nævnte ${what}.`;
}

/** A new programme as writeNewProgramme writes it: what was decided, who coordinates, and who wrote it. */
export interface NewProgramme {
  municipalityId: string;
  citizen: { id: string; name: string; birthDate: string };
  input: Omit<CreateProgrammeInput, 'citizenId'>;
  lawVersion: LawVersion;
  /** Who wrote it: the caseworker who created it, or nobody (the import at go-live, import-cli.ts). */
  by: Actor | null;
  /** The coordinating caseworker; their unit, as it is when the programme is written, is always on the team. */
  coordinator: { userId: string };
  /** Why the coordinator holds it (the assignment's reason). */
  assignmentReason: string;
  /** The creation's audit row. */
  audit: { action: string; detail?: string };
  /** The live event's Danish sentence. */
  summary: string;
}

/**
 * Writes a programme, its plan, the coordinator's assignment and the team in the caller's
 * transaction, with its audit row, its PROGRAMME_CREATED event and the hooks a new programme
 * has (the joint-plan consent, the warnings), after the checks that need the citizen's row
 * locked: one running programme at a time, and the age rules. Both "Nyt forløb" and the
 * import at go-live write a programme through here, so both are held to the same rules.
 */
export async function writeNewProgramme(m: EntityManager, ctx: RequestContext, p: NewProgramme): Promise<Plan> {
  const { municipalityId, citizen, input, lawVersion } = p;
  const byId = p.by?.userId ?? null;
  const coordinatorUnitId = await holdCoordinator(m, p);
  await refuseSecondRunningProgramme(m, citizen.id);
  await checkAgeRules(m, citizen, input, lawVersion);
  const programme = await m.save(m.create(Programme, {
    municipalityId, citizenId: citizen.id, type: input.type, decisionDate: input.decisionDate, lawVersion, startDate: input.startDate, endDate: input.endDate,
    teamMeetingDate: input.teamMeetingDate ?? null, jointPlanConsentOn: input.type === ProgrammeType.HELHEDSORIENTERET ? input.jointPlanConsentOn ?? null : null,
    guaranteeTeamDate: null, guaranteeSpecialReasons: null, status: ProgrammeStatus.ACTIVE, endReason: null, stoppedBeforeStart: false, neverRan: false,
    registeredInErrorReason: null, registeredInErrorAt: null, registeredInErrorById: null, version: 1,
    // Recorded where it decides something: under the rules whose age limits it lifts.
    citizenRequested: input.citizenRequested === true && typeLaw(lawVersion, input.type).ageRules === true,
  }));
  const plan = await m.save(m.create(Plan, {
    municipalityId, programmeId: programme.id, citizenId: citizen.id, employmentGoal: input.employmentGoal.trim(), goalKind: input.goalKind,
    periodStart: input.startDate, periodEnd: input.planPeriodEnd, version: 1, updatedAt: ctx.deps.clock.now(), updatedById: byId,
  }));
  await m.query(
    `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, reason, citizen_consulted, assigned_by)
     VALUES ($1, $2, $3, $4, $5, NULL, $6)`,
    [municipalityId, programme.id, p.coordinator.userId, coordinatorUnitId, p.assignmentReason, byId],
  );
  await refuseClosedUnits(m, input.teamUnits, 'teamUnits');
  await m.query(
    `INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id, added_by)
     SELECT $1, u.id, $2, $3 FROM unit u WHERE u.municipality_id = $2 AND (u.id = ANY($4::uuid[]) OR u.id = $5)`,
    [plan.id, municipalityId, byId, input.teamUnits, coordinatorUnitId],
  );
  await recordAudit(m, { actor: p.by, municipalityId, action: p.audit.action, entityType: 'PROGRAMME', entityId: programme.id, citizenId: citizen.id, outcome: 'ALLOWED', detail: p.audit.detail });
  await appendEvent(m, {
    planId: plan.id, municipalityId, kind: EventKind.PROGRAMME_CREATED, entityType: 'PROGRAMME', entityId: programme.id, actor: p.by,
    summary: p.summary,
    payload: { entity: { __typename: 'Programme', ...programme } },
  });
  await afterProgrammeCreated(m, ctx, {
    planId: plan.id, programmeId: programme.id, municipalityId, citizenId: citizen.id, type: programme.type, jointPlanConsentOn: programme.jointPlanConsentOn,
    by: p.by, coordinatorId: p.coordinator.userId, auditDetail: p.audit.detail,
  });
  await afterPlanChange(m, ctx, { planId: plan.id, programmeId: programme.id, municipalityId }, 'PROGRAMME');
  return plan;
}

/**
 * The coordinator as committed now, their row held (FOR SHARE) until the programme commits, as
 * a mentor grant holds its mentor's: the request's actor (or the import's reading of the
 * coordinator) may be older than a deactivation or a move to another unit. A deactivation that
 * came first is seen here and refuses the programme; one that comes meanwhile waits for it and
 * then counts it among the forløb the person leaves behind (staff.service.ts). The assignment
 * and the team get the unit the coordinator is in now. Returns that unit.
 */
async function holdCoordinator(m: EntityManager, p: NewProgramme): Promise<string | null> {
  // The row alone: locked with a join, a move committed while this waited would be re-read
  // against the old unit's row, and the unit would be lost. Its unit is read once it is held.
  const [held]: Array<{ role: string; unit_id: string | null; deactivated_at: Date | null }> = await m.query(
    `SELECT role, unit_id, deactivated_at FROM app_user WHERE id = $1 AND municipality_id = $2 FOR SHARE`,
    [p.coordinator.userId, p.municipalityId],
  );
  const ownProgramme = p.by !== null && p.by.userId === p.coordinator.userId;
  if (ownProgramme) {
    // The caseworker creating it, deactivated or moved while the request ran.
    if (!held || held.deactivated_at) throw notAUser({ deactivated: true });
    if (!STAFF_ROLES.includes(held.role as Role) || !held.unit_id) {
      throw new RefusalToLog('no longer a caseworker', forbidden('Du er ikke længere sagsbehandler i en forvaltning, så forløbet er ikke oprettet.'));
    }
    const [unit]: Array<{ kind: string }> = await m.query(`SELECT kind FROM unit WHERE id = $1`, [held.unit_id]);
    grantedBy({ unitKind: unit?.kind ?? null }, p.input.type);
  } else {
    if (!held || held.deactivated_at) throw badInput('userId', 'Den koordinerende sagsbehandler er ikke længere aktiv.');
    refuseAsCoordinator(held, 'userId');
  }
  return held.unit_id;
}

/**
 * A citizen is in one programme at a time: one plan that every unit writes its part of, and
 * one coordinating caseworker (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1). A new
 * programme follows the running one once it has ended (a programme cannot be extended: a
 * new one is granted instead, afsnit 6.3). The citizen's row is locked before the programmes are read, so two
 * caseworkers creating a programme for the same citizen at the same moment cannot both pass.
 * The refusal names the running programme's type: createProgramme logs that it was told
 * (TELLS_OF_OTHER_PROGRAMMES).
 */
async function refuseSecondRunningProgramme(m: Queryable, citizenId: string): Promise<void> {
  await m.query(`SELECT 1 FROM citizen WHERE id = $1 FOR UPDATE`, [citizenId]);
  const [running] = await m.query(`SELECT type FROM programme WHERE citizen_id = $1 AND status = $2 LIMIT 1`, [citizenId, ProgrammeStatus.ACTIVE]);
  if (running) {
    throw ruleViolation('PROGRAMME_ALREADY_RUNNING',
      `Borgeren er allerede i et ${PROGRAMME_TYPE_WORD[running.type as ProgrammeType]}. Afslut det, før et nyt forløb oprettes.`,
      'STAR’s vejledning om ressourceforløb 2020, afsnit 5.1');
  }
}

export async function updateProgramme(ctx: RequestContext, input: UpdateProgrammeInput): Promise<Programme> {
  const programme = isUuid(input.id) ? await ctx.loaders.programme.load(input.id) : null;
  const plan = programme ? (await ctx.loaders.planByProgramme.load(programme.id))[0] : undefined;
  if (!programme || !plan) return refuseUnseen(ctx, { action: 'UPDATE_PROGRAMME', entityType: 'PROGRAMME', entityId: input.id }, 'Forløbet');
  const what = { action: 'UPDATE_PROGRAMME', entityType: 'PROGRAMME', entityId: programme.id, label: 'Forløbet' };
  const need = updateNeed(programme.type, !!(input.endDate || input.endReason));
  const access = await guardPlan(ctx, plan.id, need, what);
  // The programme's facts (the team meeting, the indsatsgaranti's follow-up, the guidance on
  // the samtale with the sundhedskoordinator) are the coordinator's, even sent along with an
  // end date that an employment caseworker may decide.
  // A fact sent as null (or an empty text) is the coordinator taking back what was recorded
  // by mistake; one left out is untouched.
  const coordinatorsFacts = input.teamMeetingDate || input.guaranteeTeamDate !== undefined || input.guaranteeSpecialReasons !== undefined || input.healthTalkGuidedOn;
  if (coordinatorsFacts && need !== COORDINATE) await guardPlan(ctx, plan.id, COORDINATE, what);
  const today = localDate(ctx.deps.clock.now());
  const sets: Record<string, unknown> = {};
  // A later end date on the municipality's own forløb, with the reason that prolongs it (checkLaterEnd).
  const prolongs = !!input.endDate && !input.endReason && input.endDate > programme.endDate;
  const extensionReason = input.extensionReason?.trim() || null;
  const reasonProblem = extensionReasonProblem(input.extensionReason, prolongs);
  if (reasonProblem) throw badInput('extensionReason', reasonProblem);
  if (input.endDate) {
    // Later only for the municipality's own forløb, within its frame (checkLaterEnd). The last
    // day of a forløb being ended is judged first, and refused in words of ending, not of
    // prolonging (checkEndingDay): its first day at the earliest.
    if (input.endReason) checkEndingDay(programme, input.endDate, today);
    if (input.endDate > programme.endDate) await checkLaterEnd(ctx, access.municipalityId, programme, input.endDate, { reason: extensionReason, ending: !!input.endReason });
    // A running forløb keeps a day after its first; ended on its first day, it ran that one day.
    if (!input.endReason && input.endDate <= programme.startDate) throw badInput('endDate', 'Slutdatoen skal ligge efter startdatoen.');
    sets.end_date = input.endDate;
  }
  if (input.endReason) {
    await checkEnding(ctx, programme, input.endReason);
    Object.assign(sets, endingColumns(today, programme, input.endReason, !!input.endDate));
  }
  if (input.teamMeetingDate) {
    if (input.teamMeetingDate > today) throw badInput('teamMeetingDate', 'Mødet i rehabiliteringsteamet kan ikke ligge frem i tiden.');
    sets.team_meeting_date = input.teamMeetingDate;
  }
  // The indsatsgaranti's follow-up (LAB §113, stk. 2): the case went before the team, or special reasons speak against it.
  if (input.guaranteeTeamDate) {
    if (input.guaranteeTeamDate > today) throw badInput('guaranteeTeamDate', 'Datoen kan ikke ligge frem i tiden.');
    // The duty to put the case before the team arises when the deadline has passed with no
    // qualifying intervention begun; a meeting before it is no follow-up of the guarantee.
    const due = addMonths(programme.startDate, 6);
    if (input.guaranteeTeamDate <= due) {
      throw badInput('guaranteeTeamDate', `Sagen forelægges rehabiliteringsteamet, når fristen for indsatsgarantien (${formatDanishDate(due)}) er overskredet uden en påbegyndt indsats. Vælg en dag efter fristen.`);
    }
    sets.guarantee_team_date = input.guaranteeTeamDate;
  } else if (input.guaranteeTeamDate !== undefined && programme.guaranteeTeamDate) {
    sets.guarantee_team_date = null;
  }
  if (input.guaranteeSpecialReasons) sets.guarantee_special_reasons = input.guaranteeSpecialReasons.trim();
  else if (input.guaranteeSpecialReasons !== undefined && programme.guaranteeSpecialReasons) sets.guarantee_special_reasons = null;
  if (input.healthTalkGuidedOn) {
    if (input.healthTalkGuidedOn > today) throw badInput('healthTalkGuidedOn', 'Vejledningen kan ikke ligge frem i tiden.');
    sets.health_talk_guided_on = input.healthTalkGuidedOn;
  }
  if (Object.keys(sets).length === 0) throw badInput('endDate', 'Intet at ændre.');
  const label = await actorLabel(ctx);
  const updated = await writeInPlan(ctx, access, {
    action: 'UPDATE_PROGRAMME', entityType: 'PROGRAMME',
    // The reason for a prolongation is on record with the change: in its audit row and its event (the plan's history).
    ...(extensionReason ? { detail: `Forlængelse: ${extensionReason}` } : {}),
  }, async (m) => {
    const row = await updateVersionedChange(m, 'programme', programme.id, input.expectedVersion, sets, () => m.findOneBy(Programme, { id: programme.id }));
    const updated = (await m.findOneBy(Programme, { id: programme.id }))!;
    const closed = updated.status === ProgrammeStatus.ENDED ? await closeAtEnd(m, ctx, access, updated) : [];
    // A running forløb's end moved earlier: what lay past the new end is fitted to it, or the move refused (earlier-end.ts).
    const before = String(row.before.end_date);
    const fitted = updated.status !== ProgrammeStatus.ENDED && updated.endDate < before
      ? await fitToEarlierEnd(m, ctx, access, updated.endDate, { field: 'endDate', lead: `Slutdatoen kan ikke flyttes til ${formatDanishDate(updated.endDate)}` })
      : null;
    return {
      result: updated,
      entityId: updated.id,
      event: {
        kind: EventKind.PROGRAMME_UPDATED,
        summary: updated.status === ProgrammeStatus.ENDED
          ? `${label} ${updated.stoppedBeforeStart ? 'stoppede forløbet, før det begyndte' : 'afsluttede forløbet'}${closed.length ? `; ${closed.join(', ')}` : ''}`
          : extensionReason ? `${label} forlængede forløbet til ${formatDanishDate(updated.endDate)}. Begrundelse: ${extensionReason}`
          : sets.end_date ? `${label} ændrede forløbets slutdato til ${updated.endDate}${fitted ? `; ${fitted}` : ''}`
          : sets.guarantee_team_date || sets.guarantee_special_reasons ? `${label} registrerede opfølgningen på indsatsgarantien`
          : 'guarantee_team_date' in sets || 'guarantee_special_reasons' in sets ? `${label} fjernede opfølgningen på indsatsgarantien`
          : sets.health_talk_guided_on ? `${label} registrerede vejledningen om samtale med sundhedskoordinator`
          : `${label} registrerede mødet i rehabiliteringsteamet`,
        entity: { __typename: 'Programme', ...updated },
        changes: diffRecords(camelRow(row.before), camelRow(row.after)),
        versions: { expected: input.expectedVersion, base: input.baseVersion },
      },
    };
  });
  // Later writes in the same request see the programme as it is now (ended: refused).
  ctx.loaders.planAccess.clear(plan.id);
  return updated;
}

/**
 * The columns that end a running programme with a reason, as of a day given (set by the caller)
 * or, with none, today, but never past the decided end (STAR’s vejledning om ressourceforløb
 * 2020, afsnit 6.3, as for a day given): a programme ended late ends on its last day. The end
 * form's question names the same day (endedOnWhenNoDate), so what is confirmed is saved. Ended on
 * its first day, it ran that day; ended before it, it is stopped before it began: stored with its
 * start day as its end (migration 40) and marked so (migration 58), for it ran on no day and
 * counts as no forløb. "Afslut forløb" and "Registreret ved en fejl" end a programme this way.
 */
export function endingColumns(today: string, programme: Pick<Programme, 'type' | 'startDate' | 'endDate'>, endReason: string, dayGiven = false): Record<string, unknown> {
  const sets: Record<string, unknown> = { status: ProgrammeStatus.ENDED, end_reason: endReason };
  if (!dayGiven) {
    sets.end_date = endedOnWhenNoDate(today, programme);
    if (stopsBeforeStart(today, programme)) sets.stopped_before_start = true;
  }
  return sets;
}

/**
 * What ran past a programme's end closes with it, in the ending's transaction (mentor grants,
 * booked samtaler: afterProgrammeEnded): past the last day it ran, which for one stopped before it
 * began is the day before its first. Says in Danish what it closed, for the ending's summary.
 */
export function closeAtEnd(m: EntityManager, ctx: RequestContext, access: Pick<PlanAccess, 'planId' | 'municipalityId'>, ended: Programme): Promise<string[]> {
  const lastDay = ended.stoppedBeforeStart ? addDays(ended.startDate, -1) : ended.endDate;
  return afterProgrammeEnded(m, ctx, { planId: access.planId, programmeId: ended.id, municipalityId: access.municipalityId, endDate: lastDay });
}
