import { endsAfterEndDateMessage, endsAheadMessage, localDate } from '@samplan/schema';
import type { RequestContext } from '../../core/context';
import type { Queryable } from '../../core/db/queryable';
import { badInput, ruleViolation } from '../../core/errors/app-errors';
import { dk, inclusiveEnd, lengthProblem } from '../rules/checks';
import { ageRefusal } from '../rules/law/age-rules';
import { endReasonsFor, lawInForce, lawVersionFor, typeLaw, type LawVersion } from '../rules/law/law-version';
import { citedFor, VEJLEDNING } from '../rules/law/sources';
import { UnitKind } from '../org/org.enums';
import { EndReason, ProgrammeType } from './plan.enums';
import { COORDINATE, DECIDE, type PlanNeed } from './plan-guard';

/**
 * The law checked where a programme is written, by the law version of its decision date
 * (modules/rules/law). The same bounds are warned about after (modules/rules/checks.ts).
 */

export const PROGRAMME_TYPE_WORD: Record<ProgrammeType, string> = {
  RESSOURCEFORLOEB: 'ressourceforløb',
  JOBAFKLARINGSFORLOEB: 'jobafklaringsforløb',
  HELHEDSORIENTERET: 'helhedsorienteret forløb',
};

/** The municipality's own maximum length of a helhedsorienteret forløb, in months (null: none). */
export async function ownMaxMonths(q: Queryable, municipalityId: string): Promise<number | null> {
  const [row] = await q.query(`SELECT own_programme_max_months AS n FROM municipality WHERE id = $1`, [municipalityId]);
  return row?.n ?? null;
}

export interface NewProgrammeFacts {
  type: ProgrammeType;
  decisionDate: string;
  startDate: string;
  endDate: string;
  teamMeetingDate?: string | null;
  jointPlanConsentOn?: string | null;
}

/**
 * A new programme: its law version follows from the decision date; a type that version
 * does not grant is refused (a ressourceforløb decided from 1 February 2026:
 * RESSOURCEFORLOEB_ABOLISHED, lov nr. 1750 af 29. december 2025); its length keeps within
 * the version's bounds with an inclusive end date; a helhedsorienteret forløb records the
 * citizen's consent to a joint plan across legal areas.
 */
export async function checkNewProgramme(ctx: RequestContext, municipalityId: string, p: NewProgrammeFacts): Promise<LawVersion> {
  const today = localDate(ctx.deps.clock.now());
  if (p.decisionDate > today) throw badInput('decisionDate', 'Afgørelsesdatoen kan ikke ligge frem i tiden.');
  if (p.teamMeetingDate && p.teamMeetingDate > today) throw badInput('teamMeetingDate', 'Mødet i rehabiliteringsteamet kan ikke ligge frem i tiden.');
  const version = lawVersionFor(p.decisionDate);
  const law = typeLaw(version, p.type);
  if (law.refusal) throw ruleViolation(law.refusal.rule, law.refusal.message, law.refusal.source);
  if (p.endDate <= p.startDate) throw badInput('endDate', 'Slutdatoen skal ligge efter startdatoen.');
  if (law.length) {
    const own = law.length.maxMonths === 'MUNICIPALITY' ? await ownMaxMonths(ctx.db, municipalityId) : null;
    const problem = lengthProblem(law.length, p.startDate, p.endDate, 0, own);
    if (problem) throw ruleViolation(problem.code, problem.message, law.length.source);
  }
  if (p.type === ProgrammeType.HELHEDSORIENTERET) {
    if (!p.jointPlanConsentOn) throw badInput('jointPlanConsentOn', 'Registrér borgerens samtykke til en fælles plan på tværs af lovområder.');
    if (p.jointPlanConsentOn > today) throw badInput('jointPlanConsentOn', 'Samtykket kan ikke ligge frem i tiden.');
  }
  return version;
}

/**
 * The 2022 age rules for a ressourceforløb (rules/law/age-rules.ts), judged against the
 * citizen's earlier ressourceforløb. One ended on or before its first day never ran (its end
 * date is its start date) and is no forløb the citizen has had. Asked inside the creation's
 * transaction, after the citizen's row is locked, so no other programme of theirs is
 * registered meanwhile.
 */
export async function checkAgeRules(
  q: Queryable,
  citizen: { id: string; birthDate: string },
  p: NewProgrammeFacts & { citizenRequested?: boolean | null },
  version: LawVersion,
): Promise<void> {
  if (!typeLaw(version, p.type).ageRules || p.citizenRequested) return;
  const earlier: Array<{ decisionDate: string; startDate: string; endDate: string }> = await q.query(
    `SELECT decision_date::text AS "decisionDate", start_date::text AS "startDate", end_date::text AS "endDate"
       FROM programme WHERE citizen_id = $1 AND type = $2 AND end_date > start_date ORDER BY start_date`,
    [citizen.id, ProgrammeType.RESSOURCEFORLOEB],
  );
  const refusal = ageRefusal({ birthDate: citizen.birthDate, decisionDate: p.decisionDate, startDate: p.startDate, endDate: p.endDate, earlier });
  if (refusal) throw ruleViolation(refusal.rule, refusal.message, refusal.source);
}

/**
 * A ressourceforløb or jobafklaringsforløb is granted by a decision under the employment
 * legislation, which a caseworker of an employment unit takes (STAR’s vejledning om
 * ressourceforløb 2020, afsnit 5.1); registering one records that decision. The
 * municipality's own forløb is tied to no unit (lov nr. 1750 af 29. december 2025). Whoever
 * registers it coordinates it first; a coordinator from another unit is appointed after.
 */
export function checkGrantedBy(actor: { unitKind: string | null }, type: ProgrammeType): void {
  if (type === ProgrammeType.HELHEDSORIENTERET || actor.unitKind === UnitKind.EMPLOYMENT) return;
  throw ruleViolation('DECISION_NEEDS_EMPLOYMENT_UNIT',
    `Et ${PROGRAMME_TYPE_WORD[type]} bevilges efter beskæftigelseslovgivningen af en sagsbehandler fra beskæftigelse, som opretter det. Vælg et helhedsorienteret forløb, eller bed beskæftigelse oprette forløbet; koordineringen kan derefter gives videre.`,
    citedFor(type, VEJLEDNING('5.1')));
}

/**
 * A later end date. A ressourceforløb's or jobafklaringsforløb's length is fixed in its
 * decision: it cannot be extended, a new one is granted instead, and only barsel moves its end
 * later (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3). The municipality's own forløb
 * follows the municipality's own frame (lov nr. 1750 af 29. december 2025): its coordinator
 * may prolong it, within the longest length the municipality sets today.
 */
export async function checkLaterEnd(ctx: RequestContext, municipalityId: string, programme: { type: string; lawVersion: string; startDate: string }, endDate: string): Promise<void> {
  if (programme.type !== ProgrammeType.HELHEDSORIENTERET) {
    throw ruleViolation('PROGRAMME_NOT_EXTENDABLE', 'Et forløb kan ikke forlænges. Bevilg et nyt forløb i stedet; kun barsel flytter slutdatoen senere.', citedFor(programme.type, VEJLEDNING('6.3')));
  }
  const length = typeLaw(programme.lawVersion, programme.type).length;
  if (!length) return;
  const problem = lengthProblem(length, programme.startDate, endDate, 0, await ownMaxMonths(ctx.db, municipalityId));
  if (problem) throw ruleViolation(problem.code, problem.message, length.source);
}

/**
 * The day a forløb is ended as of ("Afsluttes pr."), when one is given.
 *
 * A ressourceforløb or jobafklaringsforløb whose end date has passed ends on that day at the
 * latest: its length is fixed in the decision and cannot be extended (STAR’s vejledning om
 * ressourceforløb 2020, afsnit 6.3), also when the decision on what follows came after it. A
 * later day is refused in words of ending, at the field, before checkLaterEnd would speak of
 * prolonging. The municipality's own forløb may be prolonged within its frame (checkLaterEnd).
 *
 * Ending takes effect at once: the plan is closed, the samtaler booked after now are called off
 * and the mentor's access ends. A day ahead would close all that while the forløb still runs,
 * so it is ended as of today or a day gone by; one that is to end on a later day has its end
 * date moved ("Ret slutdato") and is ended on that day.
 */
export function checkEndingDay(programme: { type: string; endDate: string }, endDate: string, today: string): void {
  if (programme.type !== ProgrammeType.HELHEDSORIENTERET && endDate > programme.endDate && programme.endDate < today) {
    throw ruleViolation('PROGRAMME_ENDS_AFTER_END_DATE', endsAfterEndDateMessage(programme.endDate), citedFor(programme.type, VEJLEDNING('6.3')), 'endDate');
  }
  if (endDate > today) throw badInput('endDate', endsAheadMessage(endDate));
}

/**
 * When a plan period is set, it covers at least the months the programme's law sets (for a
 * ressourceforløb 6, "mindst 6 måneder ad gangen", STAR’s vejledning om ressourceforløb 2020, afsnit 5.3) from today or its
 * start, whichever is later — or it runs to the programme's end. A period set today for
 * exactly 6 months ends on today + 6 months − 1 day.
 */
export function checkPlanPeriod(ctx: RequestContext, programme: { type: string; lawVersion: string; endDate: string }, periodStart: string, periodEnd: string): void {
  if (periodEnd <= periodStart) throw badInput('periodEnd', 'Planperioden skal slutte efter den starter.');
  // The plan is the programme's: it runs no longer than the programme (a suspension moves both).
  if (periodEnd > programme.endDate) throw badInput('periodEnd', `Planperioden kan ikke slutte efter forløbet (${dk(programme.endDate)}).`);
  const law = typeLaw(programme.lawVersion, programme.type);
  const months = law?.minPlanMonths;
  if (!months) return;
  const today = localDate(ctx.deps.clock.now());
  const needed = inclusiveEnd(periodStart > today ? periodStart : today, months);
  if (periodEnd < needed && periodEnd < programme.endDate) {
    throw ruleViolation('PLAN_PERIOD_TOO_SHORT',
      `Planen skal fastsættes for mindst ${months} måneder ad gangen (til og med ${dk(needed)}) eller til forløbets slutning (${dk(programme.endDate)}).`,
      law.planPeriodSource);
  }
}

/**
 * Who may change what on a programme: ending it or moving its end earlier is a decision
 * under the employment legislation for a ressourceforløb or jobafklaringsforløb (an
 * employment caseworker, planPolicy.decide); the municipality's own forløb, and recording
 * the team meeting or the indsatsgaranti's follow-up, are the coordinator's.
 */
export function updateNeed(type: string, changesEnd: boolean): PlanNeed {
  return changesEnd && type !== ProgrammeType.HELHEDSORIENTERET ? DECIDE : COORDINATE;
}

/**
 * End reasons that need no decision on what follows: there is nothing to follow here, or the
 * law ends the programme itself (a jobafklaringsforløb ends when the citizen is declared fit,
 * LAB kapitel 18; the sickness benefit it replaced is over, with no municipal decision to take).
 */
const NO_NEXT_STEP: EndReason[] = [EndReason.DEATH, EndReason.MOVED, EndReason.FIT_FOR_WORK];

/**
 * Ending a programme: the reason must be one endReasonsFor allows, and the decision on what
 * follows must have been taken (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5) — a proposal is not
 * a decision — except when the citizen died or moved.
 */
export async function checkEnding(ctx: RequestContext, programme: { id: string; type: string }, reason: EndReason): Promise<void> {
  const today = localDate(ctx.deps.clock.now());
  const [decision]: Array<{ status: string; step: string; decided_on: string }> = await ctx.db.query(
    `SELECT status, step, to_char(decided_on, 'YYYY-MM-DD') AS decided_on FROM programme_next_step WHERE programme_id = $1`,
    [programme.id],
  );
  const decided = decision?.status === 'DECIDED' ? { step: decision.step, decidedOn: decision.decided_on } : null;
  if (!endReasonsFor(programme.type, today, decided).includes(reason)) {
    throw ruleViolation('END_REASON_NOT_AVAILABLE', 'Afslutningsårsagen findes ikke for denne forløbstype efter de gældende regler.', lawInForce(today).title);
  }
  if (NO_NEXT_STEP.includes(reason)) return;
  if (decision?.status !== 'DECIDED') {
    throw ruleViolation('NEXT_STEP_NOT_DECIDED', 'Træf beslutning om indsatsen efter forløbet, før forløbet afsluttes.', citedFor(programme.type, VEJLEDNING('6.5')));
  }
}
