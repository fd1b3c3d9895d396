import { recordAudit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import { localDate } from '../../core/clock';
import type { RequestContext } from '../../core/context';
import { updateVersioned } from '../../core/db/versioned-update';
import { badInput, notFound, ruleViolation } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import { isUuid } from '../../core/loaders';
import { addMonths, addYears } from '../../core/time/dates';
import { validateInput } from '../../core/validation';
import { Citizen } from './citizen.entity';
import { guardPlan, COORDINATE, refuseUnseen } from './plan-guard';
import { actorLabel, afterPlanChange, writeInPlan } from './plan-write';
import { Plan } from './plan.entity';
import { ProgrammeStatus, ProgrammeType } from './plan.enums';
import type { CreateCitizenInput, CreateProgrammeInput, UpdateProgrammeInput } from './plan.inputs';
import { Programme } from './programme.entity';

export async function createCitizen(ctx: RequestContext, input: CreateCitizenInput): Promise<Citizen> {
  await validateInput(input);
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (m) => {
    const citizen = await m.save(m.create(Citizen, { municipalityId: actor.municipalityId, name: input.name.trim(), birthDate: input.birthDate, phone: input.phone ?? null, address: input.address ?? null }));
    await recordAudit(m, { actor, action: 'CREATE_CITIZEN', entityType: 'CITIZEN', entityId: citizen.id, citizenId: citizen.id, outcome: 'ALLOWED' });
    return citizen;
  });
}

/** Length bounds per programme type are settings (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3 says 1–5 years, målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023: up to 3; jobafklaring up to 2). */
function checkLength(ctx: RequestContext, type: ProgrammeType, start: string, end: string): void {
  const rules = ctx.deps.config.rules;
  if (end <= start) throw badInput('endDate', 'Slutdatoen skal ligge efter startdatoen.');
  if (type === ProgrammeType.RESSOURCEFORLOEB) {
    if (end < addYears(start, rules.ressourceforloebMinYears)) {
      throw ruleViolation('PROGRAMME_TOO_SHORT', `Et ressourceforløb skal vare mindst ${rules.ressourceforloebMinYears} år.`, 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3');
    }
    if (end > addYears(start, rules.ressourceforloebMaxYears)) {
      throw ruleViolation('PROGRAMME_TOO_LONG', `Et ressourceforløb kan højst vare ${rules.ressourceforloebMaxYears} år.`, 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3');
    }
  } else if (end > addYears(start, rules.jobafklaringMaxYears)) {
    throw ruleViolation('PROGRAMME_TOO_LONG', `Et jobafklaringsforløb kan højst vare ${rules.jobafklaringMaxYears} år.`, 'målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023');
  }
}

/** The plan must cover at least the next 6 months (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3). */
export function checkPlanPeriod(ctx: RequestContext, periodStart: string, periodEnd: string): void {
  if (periodEnd <= periodStart) throw badInput('periodEnd', 'Planperioden skal slutte efter den starter.');
  const today = localDate(ctx.deps.clock.now());
  if (periodEnd < addMonths(today, 6)) {
    throw ruleViolation('PLAN_PERIOD_TOO_SHORT', 'Planen skal dække mindst de næste 6 måneder.', 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.3');
  }
}

export async function createProgramme(ctx: RequestContext, input: CreateProgrammeInput): Promise<Plan> {
  await validateInput(input);
  const actor = actorOf(ctx);
  const citizen = await ctx.loaders.citizen.load(input.citizenId);
  if (!citizen || citizen.municipalityId !== actor.municipalityId) throw notFound('Borgeren');
  checkLength(ctx, input.type, input.startDate, input.endDate);
  checkPlanPeriod(ctx, input.startDate, input.planPeriodEnd);
  const label = await actorLabel(ctx);
  return ctx.db.transaction(async (m) => {
    if (input.type === ProgrammeType.JOBAFKLARINGSFORLOEB) {
      // Lock the citizen's programmes so two concurrent grants cannot both pass the count.
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM programme WHERE citizen_id = $1 AND type = 'JOBAFKLARINGSFORLOEB' FOR UPDATE) x`,
        [citizen.id],
      );
      if (n >= ctx.deps.config.rules.jobafklaringMaxPerCitizen) {
        throw ruleViolation('JOBAFKLARING_LIMIT_REACHED', `En borger kan højst få ${ctx.deps.config.rules.jobafklaringMaxPerCitizen} jobafklaringsforløb.`, 'målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023');
      }
    }
    const programme = await m.save(m.create(Programme, {
      municipalityId: actor.municipalityId, citizenId: citizen.id, type: input.type, startDate: input.startDate, endDate: input.endDate, status: ProgrammeStatus.ACTIVE, endReason: null, version: 1,
    }));
    const plan = await m.save(m.create(Plan, {
      municipalityId: actor.municipalityId, programmeId: programme.id, citizenId: citizen.id, employmentGoal: input.employmentGoal.trim(), goalKind: input.goalKind,
      periodStart: input.startDate, periodEnd: input.planPeriodEnd, version: 1, updatedAt: ctx.deps.clock.now(), updatedById: actor.userId,
    }));
    await m.query(
      `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, reason, citizen_consulted, assigned_by)
       VALUES ($1, $2, $3, $4, 'Oprettede forløbet', true, $3)`,
      [actor.municipalityId, programme.id, actor.userId, actor.unitId],
    );
    await m.query(
      `INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id, added_by)
       SELECT $1, u.id, $2, $3 FROM unit u WHERE u.municipality_id = $2 AND (u.code = ANY($4::text[]) OR u.id = $5)`,
      [plan.id, actor.municipalityId, actor.userId, input.teamUnits, actor.unitId],
    );
    await recordAudit(m, { actor, action: 'CREATE_PROGRAMME', entityType: 'PROGRAMME', entityId: programme.id, citizenId: citizen.id, outcome: 'ALLOWED' });
    await appendEvent(m, {
      planId: plan.id, municipalityId: actor.municipalityId, kind: EventKind.PROGRAMME_CREATED, entityType: 'PROGRAMME', entityId: programme.id, actor,
      summary: `${label} oprettede ${input.type === ProgrammeType.RESSOURCEFORLOEB ? 'ressourceforløb' : 'jobafklaringsforløb'} for ${citizen.name}`,
      payload: { entity: { __typename: 'Programme', ...programme } },
    });
    await afterPlanChange(m, ctx, { planId: plan.id, programmeId: programme.id, municipalityId: actor.municipalityId });
    return plan;
  });
}

export async function updateProgramme(ctx: RequestContext, input: UpdateProgrammeInput): Promise<Programme> {
  await validateInput(input);
  const programme = isUuid(input.id) ? await ctx.loaders.programme.load(input.id) : null;
  const plan = programme ? (await ctx.loaders.planByProgramme.load(programme.id))[0] : undefined;
  if (!programme || !plan) return refuseUnseen(ctx, { action: 'UPDATE_PROGRAMME', entityType: 'PROGRAMME', entityId: input.id }, 'Forløbet');
  const access = await guardPlan(ctx, plan.id, COORDINATE, { action: 'UPDATE_PROGRAMME', entityType: 'PROGRAMME', entityId: programme.id });
  const sets: Record<string, unknown> = {};
  if (input.endDate) {
    // A programme's length is fixed in the decision: it can end earlier, never later. A new programme is granted instead (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).
    if (input.endDate > programme.endDate) {
      throw ruleViolation('PROGRAMME_NOT_EXTENDABLE', 'Et forløb kan ikke forlænges. Bevilg et nyt forløb i stedet.', 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3');
    }
    if (input.endDate <= programme.startDate) throw badInput('endDate', 'Slutdatoen skal ligge efter startdatoen.');
    sets.end_date = input.endDate;
  }
  if (input.endReason) {
    sets.status = ProgrammeStatus.ENDED;
    sets.end_reason = input.endReason;
    if (!input.endDate) sets.end_date = localDate(ctx.deps.clock.now()) > programme.startDate ? localDate(ctx.deps.clock.now()) : programme.endDate;
  }
  if (Object.keys(sets).length === 0) throw badInput('endDate', 'Intet at ændre.');
  const label = await actorLabel(ctx);
  return writeInPlan(ctx, access, { action: 'UPDATE_PROGRAMME', entityType: 'PROGRAMME' }, async (m) => {
    await updateVersioned(m, 'programme', programme.id, input.expectedVersion, sets, () => m.findOneBy(Programme, { id: programme.id }));
    const updated = (await m.findOneBy(Programme, { id: programme.id }))!;
    return {
      result: updated,
      entityId: updated.id,
      event: {
        kind: EventKind.PROGRAMME_UPDATED,
        summary: updated.status === ProgrammeStatus.ENDED ? `${label} afsluttede forløbet` : `${label} ændrede forløbets slutdato til ${updated.endDate}`,
        entity: { __typename: 'Programme', ...updated },
      },
    };
  });
}
