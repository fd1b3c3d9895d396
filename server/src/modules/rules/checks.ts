import { addDays, addMonths, daysBetween, formatDanishDate, lastDayOfPeriod, lengthProblem, type ProgrammeLength } from '@samplan/schema';
import { Warning, WarningActor, WarningRule, WarningSeverity, type WarningAdvice, type WarningFacts, type WarningPart } from './warning.type';

/**
 * The building blocks of the deadline rules, as pure functions of a programme's facts and
 * the Danish calendar day. Each law version (./law) composes the blocks that apply to each
 * programme type with its own parameters and sources, so a new law is a new composition and
 * never an edit of an old one. No I/O here: warning-facts.ts loads the facts for many
 * programmes in one statement, and the tests walk each block across its boundaries.
 *
 * Conventions (the same for every rule, so boundaries are predictable):
 *  - days are 'YYYY-MM-DD' in Danish local time; a deadline day is still in time, the day
 *    after it is overdue (deadlines are inclusive calendar dates);
 *  - a period of N months from S ends on S + N months − 1 day ("inclusive end"): a 2-year
 *    forløb from 1 January 2021 runs til og med 31 December 2022; "the first 6 months" of a
 *    programme starting on S are S … S + 6 months − 1 day;
 *  - "senest 6 måneder efter" a day D is D + 6 months (that day is still in time);
 *  - an ENDED programme has no warnings.
 */

export interface MeetingFact {
  /** Day the samtale was held. */
  held: string;
  /** Day of the next samtale agreed at it. */
  next: string;
  /**
   * Whether that next samtale was booked as the agreed one ("Book den aftalte samtale"), whatever
   * became of the booking since: moved, called off or missed (agreementTakenUp, mentor-next-samtale.ts).
   * Then the bookings stand for it, and the agreed day no longer does. Absent: never booked as such.
   */
  agreementBooked?: boolean;
}

export interface InterventionFact {
  id: string;
  title: string;
  /** The unit that owns it, whom a warning about it advises (absent in facts read before migration 68). */
  unitId?: string;
  unitKind: string;
  kind: string;
  status: string;
  startDate: string | null;
  endDate: string | null;
  internshipPurpose: string | null;
  /** The day the citizen asked for a samtale with the sundhedskoordinator about this offer (LAB §113, stk. 3); absent in facts read before migration 60. */
  healthTalkAskedOn?: string | null;
  /** Whether the offer had not begun when they asked: then it is not begun until the jobcenter's decision. */
  healthTalkBeforeStart?: boolean | null;
  /** The day the jobcenter decided whether the offer is adjusted. */
  healthTalkDecidedOn?: string | null;
}

export interface MentorGrantFact {
  id: string;
  startDate: string;
  endDate: string;
  endedEarly: boolean;
  /**
   * A later grant continues this one (programme_warning_facts, migrations 52 and 54): one linked to
   * it ("Ny periode af") that begins by the day after its end, or the same mentor's next grant from
   * the day after its end at the latest that runs past it. Renewal is a new grant (STAR’s vejledning
   * om ressourceforløb 2020, afsnit 7); a grant begun later, linked or not, leaves the support to lapse.
   */
  renewed: boolean;
}

export interface ProgrammeFacts {
  programmeId: string;
  planId: string;
  municipalityId: string;
  type: string;
  status: string;
  /** The law version of the decision date (./law/law-version.ts). */
  lawVersion: string;
  decisionDate: string;
  /** The Danish day the forløb was registered in Samplan (a decision taken before may be registered late); null or absent: not known. */
  registeredOn?: string | null;
  startDate: string;
  /** The end date in force: the decision's end plus any suspension (barsel). */
  endDate: string;
  /** Days of suspension recorded; they moved endDate later and do not count toward the length. */
  suspendedDays: number;
  /** The rehabiliteringsteam's meeting, when there was one. */
  teamMeetingDate: string | null;
  /** Indsatsgaranti followed up: the case was put before the rehabiliteringsteam on this day … */
  guaranteeTeamDate: string | null;
  /** … or special reasons (særlige grunde) were recorded. */
  guaranteeSpecialReasons: string | null;
  /** The citizen was told in writing of the right to a samtale with the sundhedskoordinator (LAB §113, stk. 3). */
  healthTalkGuidedOn: string | null;
  planPeriodEnd: string;
  /** The decision (or proposal) on what follows. */
  nextStep: { step: string; status: 'PROPOSED' | 'DECIDED' } | null;
  /** The citizen's programmes of the same type that started before this one. */
  earlierSameType: number;
  /** The municipality's own settings for its cross-disciplinary forløb (null: none). */
  own: { maxMonths: number | null; followUpDays: number | null };
  /** Oldest first. */
  meetings: MeetingFact[];
  /** Days of the samtaler booked and neither cancelled nor held yet (absent: none known). */
  bookedMeetings?: string[];
  interventions: InterventionFact[];
  mentorGrants: MentorGrantFact[];
  /** The fingerprint of the warning set last recorded for the programme (null: none recorded yet). */
  recordedFingerprint?: string | null;
}

/** What a rule may ask beyond the facts: the law in force on another day than the decision date. */
export interface RuleEnv {
  /** Next steps that need the rehabiliteringsteam under the law in force on that day. */
  teamStepsOn(day: string): readonly string[];
}

export type RuleFn = (f: ProgrammeFacts, today: string, env: RuleEnv) => Warning[];

/** Interventions that have begun. */
export const STARTED_STATUSES = ['ACTIVE', 'PAUSED', 'COMPLETED'];
const OPEN_STATUSES = ['PLANNED', 'ACTIVE', 'PAUSED'];

/** A day in a message as the UI writes every date ("18. december 2026", formatDanishDate); dueDate keeps the ISO day. */
export const dk = (day: string): string => formatDanishDate(day);

/** The last day of a period of `months` months that starts on `start` (inclusive end; see lastDayOfPeriod). */
export const inclusiveEnd = lastDayOfPeriod;

/** Last day of the first six months of a programme. */
export const firstSixMonthsEnd = (start: string): string => inclusiveEnd(start, 6);

/**
 * A warning. Its message may be given in parts, some of them advice to act (`advise`): the
 * message records each as said to those who can act; the reader gets the form that fits them.
 * `facts` are what the message is made from beyond the rule, severity, due date and subject
 * (counts, other days, titles): the fingerprint is taken of them, not of the words, so every
 * value a message shows from the programme must be among them.
 */
export function warning(
  rule: WarningRule, severity: WarningSeverity, dueDate: string | null, source: string, message: string | readonly WarningPart[],
  subjectId: string | null = null, facts: WarningFacts = {},
): Warning {
  const said = typeof message === 'string' ? message : message.map((p) => (typeof p === 'string' ? p : p.act)).join('');
  const advises = typeof message !== 'string' && message.some((p) => typeof p !== 'string');
  return Object.assign(new Warning(), { rule, severity, dueDate, source, message: said, subjectId, facts, ...(advises ? { parts: message } : {}) });
}

/** Advice `act` for those who can take it (`who`), told to the rest of the team as `others`: who takes it. */
export const advise = (who: WarningActor | readonly WarningActor[], act: string, others: string): WarningAdvice => ({ who: [who].flat(), act, others });

/**
 * Who decides on the forløb itself, its end and what follows: in the municipality's own forløb
 * the coordinator; otherwise employment (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).
 */
const decider = (type: string) => (type === 'HELHEDSORIENTERET' ? 'den koordinerende sagsbehandler' : 'en sagsbehandler fra beskæftigelse');

const COORDINATOR_DOES = 'Den koordinerende sagsbehandler';

// ─── Length ──────────────────────────────────────────────────────────────────────────────

/**
 * Length bounds of a programme type under one law version (@samplan/schema PROGRAMME_LENGTHS,
 * which "Nyt forløb" checks too), with the source a warning cites.
 */
export interface LengthSpec extends ProgrammeLength {
  source: string;
}

/** The length check both tiers share (@samplan/schema): inclusive end dates, barsel not counted. */
export { lengthProblem };

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Rule 4: the length fixed in the decision keeps within the bounds of the programme's law
 * version: a warning for one that runs too long (data from before the check, or a suspension
 * ended). Not for one too short: a programme may end earlier than granted (its end date moved
 * earlier), and a warning to lengthen what cannot be lengthened could never be cleared.
 */
export const programmeLength = (spec: LengthSpec): RuleFn => (f) => {
  const problem = lengthProblem(spec, f.startDate, f.endDate, f.suspendedDays, f.own.maxMonths);
  if (!problem || problem.code !== 'PROGRAMME_TOO_LONG') return [];
  return [warning(WarningRule.PROGRAMME_LENGTH, WarningSeverity.WARNING, null, spec.source, [
    `${problem.message} Et forløb kan ikke forlænges; `,
    advise(WarningActor.PROGRAMME_DECISION, 'ret slutdatoen, og bevilg et nyt forløb, hvis der er behov.', `${decider(f.type)} retter slutdatoen og bevilger et nyt forløb, hvis der er behov.`),
  ], null, { type: f.type, months: problem.months, lastDay: problem.lastDay, suspended: f.suspendedDays > 0 })];
};

/** A type that cannot be granted under the rules of the programme's decision date (data from before the check existed). */
export const notGrantable = (message: string, source: string): RuleFn => () => [
  warning(WarningRule.NOT_GRANTABLE, WarningSeverity.WARNING, null, source, message),
];

// ─── Indsatsgaranti ──────────────────────────────────────────────────────────────────────

export interface GuaranteeSpec {
  /** The interventions that count, by unit code: kinds. */
  qualifying: Readonly<Record<string, readonly string[]>>;
  /** Kinds that count when begun on or before a day (`unit:kind` to the last day). */
  qualifyingUntil?: Readonly<Record<string, string>>;
  /** Days before the deadline from which INFO becomes WARNING. */
  warnDays: number;
  source: string;
}

/**
 * Rule 1 (indsatsgaranti): the case goes to the rehabiliteringsteam when the citizen has not
 * begun a qualifying intervention "senest 6 måneder efter, at ressourceforløbet er
 * påbegyndt", unless special reasons apply. Met only by an intervention of a qualifying kind
 * that has begun on or before the deadline; a later start does not clear it. After the
 * deadline the action is to put the case before the team or to record the special reasons.
 */
export const interventionGuarantee = (spec: GuaranteeSpec): RuleFn => (f, today) => {
  if (f.guaranteeTeamDate || f.guaranteeSpecialReasons) return [];
  const due = addMonths(f.startDate, 6);
  const lastDay = (i: InterventionFact) => spec.qualifyingUntil?.[`${i.unitKind}:${i.kind}`];
  const qualifies = (i: InterventionFact) =>
    (spec.qualifying[i.unitKind] ?? []).includes(i.kind) || (!!lastDay(i) && i.startDate !== null && i.startDate <= lastDay(i)!);
  const met = f.interventions.some((i) => qualifies(i) && STARTED_STATUSES.includes(i.status) && i.startDate !== null && i.startDate <= due && i.startDate <= today);
  if (met) return [];
  const what = 'et tilbud efter LAB kapitel 11, 12 eller 14, en indsats efter serviceloven eller en kommunal indsats efter sundhedsloven';
  // A qualifying intervention marked as begun without a start date cannot show when it began:
  // said, and the warning points at it, since its date may be all that is missing.
  const undated = f.interventions.find((i) => qualifies(i) && STARTED_STATUSES.includes(i.status) && i.startDate === null);
  // The start date is the intervention's unit's to give.
  const missingDate: WarningPart[] = undated
    ? [` »${undated.title}« står som påbegyndt, men har ingen startdato og tæller derfor ikke`,
      advise(WarningActor.INTERVENTION_UNIT, ': angiv startdatoen.', '. Den enhed, der ejer indsatsen, angiver startdatoen.')]
    : [];
  if (today > due) {
    // The team meeting and the special reasons are the coordinator's to record (programme.service.ts).
    return [warning(WarningRule.INTERVENTION_GUARANTEE, WarningSeverity.OVERDUE, due, spec.source, [
      `Borgeren påbegyndte ikke ${what} senest ${dk(due)}. `,
      advise(WarningActor.COORDINATOR, 'Forelæg sagen for rehabiliteringsteamet, eller registrér de særlige grunde, der taler imod.',
        `${COORDINATOR_DOES} forelægger sagen for rehabiliteringsteamet eller registrerer de særlige grunde, der taler imod.`),
      ...missingDate,
    ], undated?.id, { undatedTitle: undated?.title ?? null })];
  }
  const severity = daysBetween(today, due) <= spec.warnDays ? WarningSeverity.WARNING : WarningSeverity.INFO;
  return [warning(WarningRule.INTERVENTION_GUARANTEE, severity, due, spec.source, [
    `Borgeren har endnu ikke påbegyndt ${what}. Er det ikke sket senest ${dk(due)}, skal sagen forelægges for rehabiliteringsteamet, medmindre særlige grunde taler imod.`,
    ...missingDate,
  ], undated?.id, { undatedTitle: undated?.title ?? null })];
};

// ─── Samtaler ────────────────────────────────────────────────────────────────────────────

/**
 * Rule 7: the first samtale is recommended at the latest a week after the
 * rehabiliteringsteam's meeting. Counted from that meeting, shown only where one is
 * recorded, and always as a recommendation (INFO), never overdue. A forløb registered in
 * Samplan after that week had passed (a decision registered late) is not nudged: the week was
 * over before the plan was here, so "hold samtalen snarest" would speak of a time long gone,
 * and the samtaler booked from now on are the next-samtale rule's. A registration day after
 * today is no fact (a clock set back): then the recommendation shows as before.
 */
export const firstFollowUp = (spec: { days: number; source: string }): RuleFn => (f, today) => {
  const team = f.teamMeetingDate;
  if (!team || f.meetings.some((m) => m.held >= team)) return [];
  const due = addDays(team, spec.days);
  if (f.registeredOn && f.registeredOn <= today && due < f.registeredOn) return [];
  const message = today > due
    ? [`Det anbefales at holde første samtale senest en uge efter mødet i rehabiliteringsteamet (${dk(due)}). `,
      advise(WarningActor.COORDINATOR, 'Hold samtalen snarest, og gennemgå teamets indstilling med borgeren.', `${COORDINATOR_DOES} holder samtalen snarest og gennemgår teamets indstilling med borgeren.`)]
    : `Det anbefales at holde første samtale senest ${dk(due)} – en uge efter mødet i rehabiliteringsteamet – og gennemgå teamets indstilling med borgeren.`;
  // Always INFO: whether the week has passed is a fact of its own.
  return [warning(WarningRule.FIRST_FOLLOW_UP, WarningSeverity.INFO, due, spec.source, message, null, { passed: today > due })];
};

/** Whether a samtale is booked, neither cancelled nor held, for `today` or later. */
const bookedFrom = (f: Pick<ProgrammeFacts, 'bookedMeetings'>, today: string): boolean => (f.bookedMeetings ?? []).some((day) => day >= today);

/**
 * Samtaler still to come before `until`, the larger of two counts: the samtaler booked from
 * today on (booked_meeting, neither cancelled nor held), and the next one agreed at the last
 * samtale followed by the same interval again (the coordinator's own rhythm). The larger, not
 * the sum: the agreed next samtale is usually one of those booked. An agreed samtale booked as
 * such and with no booking left gives no rhythm: nothing is agreed then (agreementTakenUp).
 */
export function projectedMeetings(f: Pick<ProgrammeFacts, 'meetings' | 'bookedMeetings'>, today: string, until: string): number {
  const booked = new Set((f.bookedMeetings ?? []).filter((day) => day >= today && day <= until)).size;
  const last = f.meetings[f.meetings.length - 1];
  if (!last || last.next < today) return booked;
  // Booked as the agreed samtale and no booking left: nothing is agreed, so no rhythm runs from it.
  if (last.agreementBooked && !bookedFrom(f, today)) return booked;
  const gap = Math.max(1, daysBetween(last.held, last.next));
  let n = 0;
  for (let day = last.next; day <= until; day = addDays(day, gap)) n++;
  return Math.max(n, booked);
}

/**
 * Rule 2: at least `required` samtaler in the first 6 months, held and projected. Every
 * mode counts (in person, phone, video: lov nr. 295 af 20. marts 2023). No warning during the
 * first `graceDays` days while nothing is booked yet; shown for `shownForDays` after.
 */
export const followUpCount = (spec: { required: number; graceDays: number; shownForDays: number; source: string }): RuleFn => (f, today) => {
  const end = firstSixMonthsEnd(f.startDate);
  const held = f.meetings.filter((m) => m.held >= f.startDate && m.held <= end).length;
  if (held >= spec.required) return [];
  if (today > end) {
    if (daysBetween(end, today) > spec.shownForDays) return [];
    // Registering a held samtale is the coordinator's (follow-up.service.ts); booking one is the team's.
    return [warning(WarningRule.FOLLOW_UP_COUNT, WarningSeverity.OVERDUE, end, spec.source, [
      `Kun ${held} af de ${spec.required} krævede samtaler blev holdt i de første 6 måneder (til ${dk(end)}). `,
      advise(WarningActor.COORDINATOR, 'Registrér samtaler, der mangler, og aftal det videre kontaktforløb med borgeren.',
        `${COORDINATOR_DOES} registrerer samtaler, der mangler, og aftaler det videre kontaktforløb med borgeren.`),
    ], null, { held, required: spec.required })];
  }
  if (f.meetings.length === 0 && today <= addDays(f.startDate, spec.graceDays)) return [];
  const projected = held + projectedMeetings(f, today, end);
  if (projected >= spec.required) return [];
  return [warning(WarningRule.FOLLOW_UP_COUNT, WarningSeverity.WARNING, end, spec.source,
    `${held} af ${spec.required} samtaler er holdt; med de aftalte samtaler når I ${projected} inden ${dk(end)}. Aftal de næste samtaler tættere.`,
    null, { held, required: spec.required, projected })];
};

/**
 * Rule 2: a next samtale is always booked; WARNING when the booked day passes unrecorded, OVERDUE after `overdueAfterDays`.
 * A samtale booked for today or later is the next samtale agreed; a cancelled one is not. The day
 * agreed at the last samtale stands for it only until it is booked as the agreed samtale: then
 * the booking does (moved, its new day), and once that booking is called off or missed nothing
 * is agreed, as the plan, Mine sager, Min plan and the mentor say (agreementTakenUp), so the
 * warning is shown at once, counted from the agreed day as before.
 */
export const nextMeeting = (spec: { overdueAfterDays: number; source: string }): RuleFn => (f, today) => {
  const last = f.meetings[f.meetings.length - 1];
  if (!last || bookedFrom(f, today)) return [];
  const agreedAhead = last.next >= today;
  if (agreedAhead && !last.agreementBooked) return [];
  const late = daysBetween(last.next, today) > spec.overdueAfterDays;
  // Booked as the agreed samtale and no booking left ahead: called off, missed, or its (moved) day gone by unrecorded.
  const said = agreedAhead
    ? `Samtalen aftalt til ${dk(last.next)} blev booket, men der er ikke længere en samtale booket. `
    : `Den aftalte samtale ${dk(last.next)} er ikke registreret som holdt, og der er ingen ny samtale booket. `;
  // Whether the agreed day is ahead is a fact of its own: the message says another thing once it has passed.
  return [warning(WarningRule.NEXT_MEETING, late ? WarningSeverity.OVERDUE : WarningSeverity.WARNING, last.next, spec.source, [said,
    advise(WarningActor.COORDINATOR, 'Registrér samtalen, hvis den blev holdt, ellers aftal og book en ny tid med borgeren.',
      `${COORDINATOR_DOES} registrerer samtalen, hvis den blev holdt; ellers aftales og bookes en ny tid med borgeren.`),
  ], null, agreedAhead ? { agreedDayAhead: true } : {})];
};

/** The municipality's own follow-up cadence (its own setting, none by default): a samtale at least every N days. */
export const followUpCadence = (spec: { source: string }): RuleFn => (f, today) => {
  const every = f.own.followUpDays;
  if (!every) return [];
  const held = f.meetings.length ? f.meetings[f.meetings.length - 1].held : null;
  // With no samtale yet the interval runs from the start, which is then named as the start, not as a samtale.
  const last = held ?? f.startDate;
  const due = addDays(last, every);
  if (today <= due) return [];
  const since = held ? `den seneste var ${dk(held)}` : `der er ikke holdt en samtale, siden forløbet startede ${dk(f.startDate)}`;
  return [warning(WarningRule.FOLLOW_UP_CADENCE, WarningSeverity.WARNING, due, spec.source, [
    `Kommunen holder samtaler mindst hver ${every}. dag i helhedsorienterede forløb; ${since}. `,
    advise(WarningActor.COORDINATOR, 'Hold en samtale med borgeren.', `${COORDINATOR_DOES} holder en samtale med borgeren.`),
  ], null, { everyDays: every, lastHeld: held, startDate: held ? null : f.startDate })];
};

// ─── The plan ────────────────────────────────────────────────────────────────────────────

/**
 * Rule 3: a plan period, once set, covers at least `minMonths` (or runs to the programme's
 * end) — checked where it is written; here: warn `warnDays` before the period runs out,
 * OVERDUE after its last day. Not a rolling horizon: a period set today for exactly six
 * months is in order until its last day.
 */
export const planPeriod = (spec: { warnDays: number; minMonths: number | null; source: string }): RuleFn => (f, today) => {
  if (f.planPeriodEnd >= f.endDate) return [];
  const due = f.planPeriodEnd;
  const ahead = spec.minMonths ? `for mindst ${spec.minMonths} måneder frem eller til forløbets slutning` : 'for en ny periode';
  // The plan period is the coordinator's to set (plan.service.ts, updatePlan).
  const extend = (when: string) => advise(WarningActor.COORDINATOR, `Fastlæg indsatsen ${ahead}, og forlæng planperioden${when}.`,
    `${COORDINATOR_DOES} fastlægger indsatsen ${ahead} og forlænger planperioden${when}.`);
  if (today > due) {
    return [warning(WarningRule.PLAN_PERIOD, WarningSeverity.OVERDUE, due, spec.source, [`Planperioden sluttede ${dk(due)}. `, extend('')], null, { minMonths: spec.minMonths })];
  }
  if (daysBetween(today, due) > spec.warnDays) return [];
  return [warning(WarningRule.PLAN_PERIOD, WarningSeverity.WARNING, due, spec.source, [`Planperioden slutter ${dk(due)}. `, extend(' senest da')], null, { minMonths: spec.minMonths })];
};

/** An intervention is changed by the unit that owns it alone (intervention.service.ts). */
const UNIT_DOES = 'Den enhed, der ejer indsatsen,';
const END_IT = advise(WarningActor.INTERVENTION_UNIT, 'Afslut den, eller ret slutdatoen.', `${UNIT_DOES} afslutter den eller retter slutdatoen.`);

/**
 * What the plan says of an open intervention whose end date has passed, by its status: one begun
 * (Aktiv, Sat på pause) ended then; one still Planlagt never started, or started unrecorded, or
 * was put off.
 */
const PAST_END_WORDS: Readonly<Record<string, (title: string, end: string) => WarningPart[]>> = {
  ACTIVE: (title, end) => [`Indsatsen »${title}« står stadig som aktiv, men sluttede ${end}. `, END_IT],
  PAUSED: (title, end) => [`Indsatsen »${title}« står stadig som sat på pause, men sluttede ${end}. `, END_IT],
  PLANNED: (title, end) => [`Indsatsen »${title}« skulle være slut ${end}, men er ikke startet. `,
    advise(WarningActor.INTERVENTION_UNIT, 'Ret status og datoer, eller annullér den, hvis den ikke bliver til noget.',
      `${UNIT_DOES} retter status og datoer eller annullerer den, hvis den ikke bliver til noget.`)],
};

/** An open intervention (Planlagt, Aktiv, Sat på pause) after its end date: the plan says something that is no longer true. */
export const interventionPastEnd = (spec: { source: string }): RuleFn => (f, today) =>
  f.interventions
    .filter((i) => OPEN_STATUSES.includes(i.status) && i.endDate !== null && today > i.endDate)
    .map((i) => warning(WarningRule.INTERVENTION_PAST_END, WarningSeverity.WARNING, i.endDate, spec.source, PAST_END_WORDS[i.status](i.title, dk(i.endDate!)), i.id,
      { title: i.title, status: i.status }));

/** Rule 8: an internship states its purpose before it is set up. */
export const internshipPurpose = (spec: { source: string }): RuleFn => (f, today) =>
  f.interventions
    .filter((i) => i.unitKind === 'EMPLOYMENT' && i.kind === 'INTERNSHIP' && OPEN_STATUSES.includes(i.status) && !i.internshipPurpose)
    .map((i) => {
      const begun = i.startDate !== null && today >= i.startDate;
      const purpose = `om den primært skal have fokus på opnåelse af ordinære løntimer, optræning af specifikke kompetencer eller afklaring af jobmål og kompetencer${begun ? '' : ', før den starter'}.`;
      return warning(WarningRule.INTERNSHIP_PURPOSE, begun ? WarningSeverity.OVERDUE : WarningSeverity.WARNING, i.startDate, spec.source, [
        `Praktikken »${i.title}« mangler et formål. `,
        advise(WarningActor.INTERVENTION_UNIT, `Angiv, ${purpose}`, `Jobcenteret angiver, ${purpose}`),
      ], i.id, { title: i.title, begun });
    });

/**
 * The right to a samtale with the region's sundhedskoordinator and the coordinator (LAB
 * §113, stk. 3): the municipality tells the citizen of it in writing at the latest when it
 * gives the first concrete employment offer (bekendtgørelse nr. 2409 af 13. december 2021,
 * §2). Warns, about the first such offer, while no guidance is recorded.
 */
export const healthTalkGuidance = (spec: { offers: readonly string[]; source: string }): RuleFn => (f) => {
  if (f.healthTalkGuidedOn) return [];
  const offers = f.interventions
    .filter((i) => i.unitKind === 'EMPLOYMENT' && spec.offers.includes(i.kind) && i.status !== 'CANCELLED')
    .sort((a, b) => (a.startDate ?? '9999').localeCompare(b.startDate ?? '9999'));
  const first = offers[0];
  if (!first) return [];
  const right = 'om retten til en samtale med sundhedskoordinator og koordinerende sagsbehandler';
  // The day of the guidance is the coordinator's to record on the forløb (programme.service.ts).
  return [warning(WarningRule.HEALTH_TALK_GUIDANCE, WarningSeverity.WARNING, first.startDate, spec.source, [
    `Borgeren har fået et beskæftigelsesrettet tilbud (»${first.title}«). `,
    advise(WarningActor.COORDINATOR, `Vejled borgeren skriftligt ${right}, og registrér dagen på forløbet.`, `${COORDINATOR_DOES} vejleder borgeren skriftligt ${right} og registrerer dagen på forløbet.`),
  ],
    // It names the offer: a change of the offer alone (its title) must move the warning too.
    first.id, { title: first.title })];
};

/**
 * The second sentence of LAB §113, stk. 3: a citizen who asks for the samtale with the
 * sundhedskoordinator before the offer has begun does not begin it "før jobcenteret har taget
 * stilling til, om tilbuddet skal tilpasses". Warns about each offer still open (Planlagt, Aktiv,
 * Sat på pause) whose request has no decision recorded; asked before the start, it says the offer
 * waits, due by its planned start. Asked after it began, the jobcenter still owes the decision.
 */
export const healthTalkDecision = (spec: { offers: readonly string[]; source: string }): RuleFn => (f) =>
  f.interventions
    .filter((i) => i.unitKind === 'EMPLOYMENT' && spec.offers.includes(i.kind) && OPEN_STATUSES.includes(i.status) && i.healthTalkAskedOn && !i.healthTalkDecidedOn)
    .map((i) => {
      const before = i.healthTalkBeforeStart === true;
      // Recorded by the offer's unit or the coordinator (health-talk.service.ts); the sentence already says that the jobcenter decides.
      const record = advise([WarningActor.INTERVENTION_UNIT, WarningActor.COORDINATOR], ': registrér stillingtagen på tilbuddet.', '.');
      return warning(WarningRule.HEALTH_TALK_DECISION, WarningSeverity.WARNING, before ? i.startDate : null, spec.source,
        before
          ? [`Borgeren har bedt om en samtale med sundhedskoordinator om tilbuddet »${i.title}«, før det blev påbegyndt. Tilbuddet påbegyndes ikke, før jobcenteret har taget stilling til, om det skal tilpasses`, record]
          : [`Borgeren har bedt om en samtale med sundhedskoordinator om tilbuddet »${i.title}«. Jobcenteret har endnu ikke taget stilling til, om tilbuddet skal tilpasses`, record],
        i.id, { title: i.title, beforeStart: before });
    });

const RENEWAL = 'om der skal bevilges en ny periode (op til 6 måneder) med opdaterede mål.';

/**
 * Rule 6: a mentor grant lasts up to 6 months; renewal is a new grant. Warns `days` before a grant
 * no later grant continues runs out. Not for a grant that runs to the forløb's last day (or past
 * it): mentor support is granted within the forløb it supports (mentorGrantOutsideProgramme), so
 * no new period can follow it, and what comes after the forløb is the decision on what follows
 * (NEXT_STEP_DECISION, STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).
 */
export const mentorGrantEnding = (spec: { days: number; source: string }): RuleFn => (f, today) =>
  f.mentorGrants
    .filter((g) => !g.endedEarly && !g.renewed && g.endDate < f.endDate && g.endDate >= today && daysBetween(today, g.endDate) <= spec.days)
    .map((g) => warning(WarningRule.MENTOR_GRANT_ENDING, WarningSeverity.WARNING, g.endDate, spec.source, [
      `Mentorstøtten udløber ${dk(g.endDate)}. `,
      // A new grant is a decision under the employment legislation (mentor.service.ts).
      advise(WarningActor.EMPLOYMENT_DECISION, `Vurdér, ${RENEWAL}`, `Jobcenteret vurderer, ${RENEWAL}`),
    ], g.id));

// ─── What follows ────────────────────────────────────────────────────────────────────────

/**
 * Rule 5: before the programme ends the municipality decides what follows; until then the
 * programme and its benefit continue (Ankestyrelsen 82-16). The warning window depends on
 * the chosen step: a step that needs the rehabiliteringsteam (under the law in force at the
 * end date) needs the case there in good time, so its window is `teamWindowMonths`; other
 * steps `windowMonths`. Without a proposal the team may be needed whenever the law has one.
 * A proposal (from a coordinator outside the jobcenter) does not clear it: a decision does.
 */
export const nextStepDecision = (spec: { windowMonths: number; teamWindowMonths: number; labels: Readonly<Record<string, string>>; source: string }): RuleFn => (f, today, env) => {
  if (f.nextStep?.status === 'DECIDED') return [];
  const proposed = f.nextStep?.status === 'PROPOSED' ? f.nextStep.step : null;
  const teamSteps = env.teamStepsOn(f.endDate);
  const needsTeam = proposed ? teamSteps.includes(proposed) : teamSteps.length > 0;
  const from = addMonths(f.endDate, -(needsTeam ? spec.teamWindowMonths : spec.windowMonths));
  if (today < from) return [];
  const who = decider(f.type);
  const proposal = proposed ? `${spec.labels[proposed] ?? proposed} er foreslået; ${who} skal træffe beslutningen. ` : '';
  const team = needsTeam ? ' Forelæg sagen for rehabiliteringsteamet i så god tid, at beslutningen kan træffes, før forløbet slutter.' : '';
  const teamOthers = needsTeam ? ' Sagen skal forelægges for rehabiliteringsteamet i så god tid, at beslutningen kan træffes, før forløbet slutter.' : '';
  if (today > f.endDate) {
    return [warning(WarningRule.NEXT_STEP_DECISION, WarningSeverity.OVERDUE, f.endDate, spec.source, [
      `${proposal}Forløbet skulle være afsluttet ${dk(f.endDate)}, men der er ikke truffet beslutning om den videre indsats. Forløbet og ydelsen fortsætter, indtil `,
      advise(WarningActor.PROGRAMME_DECISION, 'beslutningen er truffet – træf den nu.', `${who} har truffet beslutningen.`),
    ], null, { type: f.type, proposed, needsTeam })];
  }
  return [warning(WarningRule.NEXT_STEP_DECISION, WarningSeverity.WARNING, f.endDate, spec.source, [
    `${proposal}Forløbet slutter ${dk(f.endDate)}. `,
    advise(WarningActor.PROGRAMME_DECISION, `Vurdér resultatet, og træf beslutning om indsatsen bagefter.${team}`,
      `${capital(who)} vurderer resultatet og træffer beslutning om indsatsen bagefter.${teamOthers}`),
  ], null, { type: f.type, proposed, needsTeam })];
};

/** A third (or later) jobafklaringsforløb: as a rule a citizen has two; a new one may follow while the citizen is still unfit for work. */
export const jobafklaringCount = (spec: { asARule: number; source: string }): RuleFn => (f) => {
  if (f.earlierSameType < spec.asARule) return [];
  return [warning(WarningRule.JOBAFKLARING_COUNT, WarningSeverity.WARNING, null, spec.source, [
    `Dette er borgerens jobafklaringsforløb nr. ${f.earlierSameType + 1}. Som udgangspunkt gives ${spec.asARule}; et nyt forløb forudsætter, at borgeren fortsat er uarbejdsdygtig. `,
    // The assessment is part of the decision that grants it, employment's (checkGrantedBy).
    advise(WarningActor.EMPLOYMENT_DECISION, 'Dokumentér vurderingen.', 'Jobcenteret dokumenterer vurderingen.'),
  ], null, { number: f.earlierSameType + 1, asARule: spec.asARule })];
};
