import {
  CONSENT_AHEAD_MESSAGE, DECISION_DATE_AHEAD_MESSAGE, decisionDateProblem, END_REASONS_WITHOUT_NEXT_STEP, endsAfterEndDateMessage, endsAheadMessage, endsBeforeStartMessage,
  EXTENSION_NEEDS_REASON_MESSAGE, frameLengthProblem, lengthSourceFor, localDate, NEXT_STEP_NOT_DECIDED_MESSAGE, notExtendableMessage, planPeriodProblem,
} from '@samplan/schema';
import type { RequestContext } from '../../core/context';
import type { Queryable } from '../../core/db/queryable';
import { badInput, ruleViolation } from '../../core/errors/app-errors';
import type { LengthSpec } from '../rules/checks';
import { ageRefusal } from '../rules/law/age-rules';
import { endReasonsFor, lawInForce, lawVersionFor, typeLaw, type LawVersion } from '../rules/law/law-version';
import { citedFor, LAB_JOBAFKLARING, OWN_FRAME, VEJLEDNING } from '../rules/law/sources';
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
 * RESSOURCEFORLOEB_ABOLISHED, lov nr. 1750 af 29. december 2025); it does not run before the
 * decision that grants it (checkDecisionDate); its length keeps within the version's bounds
 * with an inclusive end date (the municipality's own forløb within its frame, or, with none
 * set, the widest frame there can be: checkLength); a helhedsorienteret forløb
 * records the citizen's consent to a joint plan across legal areas. "Nyt forløb" and the import
 * at go-live (programme-import.ts) are both judged here.
 */
export async function checkNewProgramme(ctx: RequestContext, municipalityId: string, p: NewProgrammeFacts): Promise<LawVersion> {
  const today = localDate(ctx.deps.clock.now());
  if (p.decisionDate > today) throw badInput('decisionDate', DECISION_DATE_AHEAD_MESSAGE);
  if (p.teamMeetingDate && p.teamMeetingDate > today) throw badInput('teamMeetingDate', 'Mødet i rehabiliteringsteamet kan ikke ligge frem i tiden.');
  const version = lawVersionFor(p.decisionDate);
  const law = typeLaw(version, p.type);
  if (law.refusal) throw ruleViolation(law.refusal.rule, law.refusal.message, law.refusal.source);
  if (p.endDate <= p.startDate) throw badInput('endDate', 'Slutdatoen skal ligge efter startdatoen.');
  checkDecisionDate(p);
  if (law.length) {
    const own = law.length.maxMonths === 'MUNICIPALITY' ? await ownMaxMonths(ctx.db, municipalityId) : null;
    checkLength(law.length, p.startDate, p.endDate, own);
  }
  if (p.type === ProgrammeType.HELHEDSORIENTERET) {
    if (!p.jointPlanConsentOn) throw badInput('jointPlanConsentOn', 'Registrér borgerens samtykke til en fælles plan på tværs af lovområder.');
    if (p.jointPlanConsentOn > today) throw badInput('jointPlanConsentOn', CONSENT_AHEAD_MESSAGE);
  }
  return version;
}

/**
 * A forløb and the decision that grants it (decisionDateProblem, @samplan/schema). A
 * ressourceforløb is granted by the municipality's decision after the rehabiliteringsteam, which
 * fixes its period (STAR’s vejledning om ressourceforløb 2020, afsnit 3, 5.2 and 6.3): it starts
 * on the decision's day or later, never before it was granted; the municipality's own forløb
 * likewise. A jobafklaringsforløb follows from lov om sygedagpenge when the sygedagpenge cannot be
 * extended, from the day that law sets (§ 24 a; STAR’s vejledning nr. 9078 af 13. februar 2020 om
 * sygedagpengeperioden og forlængelse, afsnit 7.3), so it may have begun before the decision; the
 * decision is still taken while it runs, not after its last day. Only creation and the import
 * write these dates: neither the decision date nor the start is changed afterwards.
 */
function checkDecisionDate(p: { type: ProgrammeType; decisionDate: string; startDate: string; endDate: string }): void {
  const problem = decisionDateProblem(p.type, p);
  if (!problem) return;
  const source = p.type === ProgrammeType.JOBAFKLARINGSFORLOEB
    ? `lov om sygedagpenge § 24 a; ${LAB_JOBAFKLARING}`
    : citedFor(p.type, VEJLEDNING('3, 5.2 og 6.3'));
  throw ruleViolation(problem.rule, problem.message, source, problem.field);
}

/**
 * A forløb's length as "Nyt forløb" judges it before sending (frameLengthProblem, @samplan/schema):
 * the law's bounds, and the municipality's own forløb within the municipality's frame (`own`).
 * Where the municipality has set no longest length (lov nr. 1750 af 29. december 2025 leaves the
 * length to it), it is held to the widest frame a leader can set (OWN_PROGRAMME_LONGEST_MONTHS),
 * so a forløb without a frame is never longer than one under any frame, and a mistyped year is
 * refused rather than granted: Samplan's own bound, not the law's, cited as the own frame.
 */
function checkLength(length: LengthSpec, startDate: string, endDate: string, own: number | null): void {
  const problem = frameLengthProblem(length, startDate, endDate, own);
  if (!problem) return;
  throw problem.widest ? ruleViolation(problem.code, problem.message, OWN_FRAME, 'endDate') : ruleViolation(problem.code, problem.message, length.source);
}

/**
 * The 2022 age rules for a ressourceforløb (rules/law/age-rules.ts), judged against the
 * citizen's earlier ressourceforløb. One stopped before its first day or registered by mistake
 * never ran (never_ran, migration 62) and is no forløb the citizen has had; one ended on its first
 * day ran that day and is one. Asked inside the creation's transaction, after the citizen's row is
 * locked, so no other programme of theirs is registered meanwhile. A refusal that quotes the
 * earlier ones (their period, the time in all) is logged by createProgramme as told to the caller
 * (TELLS_OF_OTHER_PROGRAMMES in programme.service.ts).
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
       FROM programme WHERE citizen_id = $1 AND type = $2 AND NOT never_ran ORDER BY start_date`,
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
 * decision: it cannot be extended, and what follows is decided instead. Only barsel moves a
 * ressourceforløb's end later (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3); a
 * jobafklaringsforløb has no suspension (LAB kapitel 18), so a new one is decided instead. The municipality's own forløb
 * follows the municipality's own frame (lov nr. 1750 af 29. december 2025): its coordinator
 * may prolong it, within the longest length the municipality sets today. Where the
 * municipality has set none, nothing bounds such a forløb but Samplan's widest frame
 * (checkLength), so each prolongation states its reason (`reason`,
 * PROGRAMME_EXTENSION_NEEDS_REASON at the field), kept in the plan's history with the change:
 * the decision on the length is on record, for a leader, the next caseworker or an appeal. A
 * forløb ended late, as of a day gone by after its end date (`ending`), is not kept running by
 * it: that day is its last, and no reason is asked.
 */
export async function checkLaterEnd(
  ctx: RequestContext,
  municipalityId: string,
  programme: { type: string; lawVersion: string; startDate: string },
  endDate: string,
  later: { reason?: string | null; ending?: boolean } = {},
): Promise<void> {
  if (programme.type !== ProgrammeType.HELHEDSORIENTERET) {
    // Said for the type: barsel only where its law has suspension, else what follows instead.
    const suspends = !!typeLaw(programme.lawVersion, programme.type).suspension;
    throw ruleViolation('PROGRAMME_NOT_EXTENDABLE', notExtendableMessage(programme.type, suspends), lengthSourceFor(programme.type));
  }
  const length = typeLaw(programme.lawVersion, programme.type).length;
  if (!length) return;
  const own = await ownMaxMonths(ctx.db, municipalityId);
  checkLength(length, programme.startDate, endDate, own);
  if (length.maxMonths !== 'MUNICIPALITY' || own != null) return;
  if (!later.ending && !later.reason?.trim()) throw ruleViolation('PROGRAMME_EXTENSION_NEEDS_REASON', EXTENSION_NEEDS_REASON_MESSAGE, OWN_FRAME, 'extensionReason');
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
 *
 * The earliest day is its first: ended then, it ran that day, a forløb of one day, counted as
 * one (the age rules, the key figures). A day before it would say that a forløb which has begun
 * never ran; one not begun yet is stopped before it begins with the day left empty
 * (stopsBeforeStart, @samplan/schema).
 */
export function checkEndingDay(programme: { type: string; startDate: string; endDate: string }, endDate: string, today: string): void {
  if (programme.type !== ProgrammeType.HELHEDSORIENTERET && endDate > programme.endDate && programme.endDate < today) {
    throw ruleViolation('PROGRAMME_ENDS_AFTER_END_DATE', endsAfterEndDateMessage(programme.endDate), citedFor(programme.type, VEJLEDNING('6.3')), 'endDate');
  }
  if (endDate > today) throw badInput('endDate', endsAheadMessage(endDate));
  if (endDate < programme.startDate) throw badInput('endDate', endsBeforeStartMessage(programme.startDate));
}

/**
 * When a plan period is set, it covers at least the months the programme's law sets (for a
 * ressourceforløb 6, "mindst 6 måneder ad gangen", STAR’s vejledning om ressourceforløb 2020, afsnit 5.3) from today or its
 * start, whichever is later — or it runs to the programme's end. A period set today for
 * exactly 6 months ends on today + 6 months − 1 day.
 */
export function checkPlanPeriod(ctx: RequestContext, programme: { type: string; lawVersion: string; endDate: string }, periodStart: string, periodEnd: string): void {
  // The plan is the programme's: it runs no longer than the programme (a suspension moves both).
  // Judged as "Nyt forløb" judges it before sending (planPeriodProblem, @samplan/schema).
  const law = typeLaw(programme.lawVersion, programme.type);
  const problem = planPeriodProblem({ periodStart, periodEnd, programmeEnd: programme.endDate, minMonths: law?.minPlanMonths ?? null }, localDate(ctx.deps.clock.now()));
  if (!problem) return;
  if (problem.rule) throw ruleViolation(problem.rule, problem.message, law.planPeriodSource);
  throw badInput('periodEnd', problem.message);
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
 * The shared list (@samplan/schema), which "Afslut forløb" reads to say it before the question.
 */
const NO_NEXT_STEP: readonly string[] = END_REASONS_WITHOUT_NEXT_STEP;

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
    throw ruleViolation('NEXT_STEP_NOT_DECIDED', NEXT_STEP_NOT_DECIDED_MESSAGE, citedFor(programme.type, VEJLEDNING('6.5')));
  }
}
