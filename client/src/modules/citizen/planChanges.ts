import { formatDate, formatDateTime } from '../../core/format';
import { INTERVENTION_STATUS_LABELS, label, SUB_GOAL_STATUS_LABELS } from '../../core/labels';
import type { MyPlanQuery } from '../../gql/graphql';

type Plan = NonNullable<MyPlanQuery['myPlan']>;

/**
 * One change in the citizen's plan as their live stream tells it: what kind of change, to
 * which record, and which of the fields they may see it touched. The words are made from this
 * and the plan as read after it, so they say only what Min plan itself shows.
 */
export interface PlanChange {
  seq: string;
  kind: string;
  entityId: string;
  fields: readonly string[];
  /** Made before this visit's reading of the plan: brought again from where the citizen had seen it to. */
  earlier?: boolean;
  /**
   * For a move of the forløb's end: the day it ended before and the day it ends after, as the
   * server says them ("31. juli 2027"). Its end date is the one field of the forløb the citizen
   * is told the values of, so a move made before this visit names its day before too.
   */
  endDate?: { before: string | null; after: string | null };
}

/** What the citizen is told of a change, and where on the page it is (an element's id). */
export interface ChangeText {
  text: string;
  target: string | null;
}

/** The element ids of the page's cards and sections, which the change box jumps to. */
export const CARD_ID = {
  subGoal: (id: string) => `citizen-subgoal-${id}`,
  intervention: (id: string) => `citizen-intervention-${id}`,
  meeting: (id: string) => `citizen-meeting-${id}`,
  appointment: (id: string) => `citizen-appointment-${id}`,
} as const;
export const SECTION_ID = {
  programme: 'citizen-programme',
  goal: 'citizen-goal',
  coordinator: 'citizen-coordinator',
  jobFacilitator: 'citizen-job-facilitator',
  subGoals: 'citizen-subgoals',
  appointments: 'citizen-appointments',
  mentor: 'citizen-mentor',
  consents: 'citizen-consents',
  ownWords: 'own-words-heading',
  ownComments: 'own-comments-heading',
  ownRequest: 'own-request-heading',
} as const;

/** The next samtale not called off: "Din næste samtale" is that one. */
export const nextMeetingOf = (plan: Plan) => (plan.meetings ?? []).find((m) => m.status !== 'CANCELLED');

function meetingChange(change: PlanChange, plan: Plan): ChangeText {
  const meeting = (plan.meetings ?? []).find((m) => m.id === change.entityId);
  // Held or gone by since: no longer one of the coming samtaler.
  if (!meeting) return { text: 'En af dine samtaler er ændret.', target: SECTION_ID.appointments };
  const when = formatDateTime(meeting.startsAt);
  const target = CARD_ID.meeting(meeting.id);
  const next = nextMeetingOf(plan)?.id === meeting.id;
  switch (change.kind) {
    case 'MEETING_BOOKED':
      return { text: next ? `Din næste samtale er booket: ${when}.` : `Du har fået en ny samtale: ${when}.`, target };
    case 'MEETING_MOVED':
      return { text: `Din samtale er flyttet til ${when}.`, target };
    case 'MEETING_CANCELLED':
      return { text: `Din samtale ${when} er aflyst.`, target };
    default: {
      const what = [change.fields.includes('participants') ? 'hvem der deltager' : null, change.fields.includes('agenda') ? 'dagsordenen' : null].filter(Boolean);
      return { text: what.length ? `Der er ændret i ${what.join(' og ')} for din samtale ${when}.` : `Din samtale ${when} er ændret.`, target };
    }
  }
}

function subGoalChange(change: PlanChange, plan: Plan): ChangeText {
  const goal = (plan.subGoals ?? []).find((g) => g.id === change.entityId);
  if (!goal) return { text: 'Dine delmål er ændret.', target: SECTION_ID.subGoals };
  const target = CARD_ID.subGoal(goal.id);
  if (change.kind === 'SUBGOAL_CREATED') return { text: `Du har fået et nyt delmål: »${goal.text}«.`, target };
  if (change.fields.includes('status')) return { text: `Delmålet »${goal.text}« er nu: ${label(SUB_GOAL_STATUS_LABELS, goal.status)}.`, target };
  return { text: `Delmålet »${goal.text}« er ændret.`, target };
}

function interventionChange(change: PlanChange, plan: Plan): ChangeText {
  const intervention = (plan.interventions ?? []).find((i) => i.id === change.entityId);
  if (!intervention) return { text: 'En af dine indsatser er ændret.', target: null };
  const target = CARD_ID.intervention(intervention.id);
  const who = intervention.unitName ?? 'Kommunen';
  if (change.kind === 'INTERVENTION_CREATED') return { text: `${who} har tilføjet »${intervention.title}« til din plan.`, target };
  if (change.fields.includes('status')) return { text: `»${intervention.title}« er nu: ${label(INTERVENTION_STATUS_LABELS, intervention.status)}.`, target };
  return { text: `${who} har opdateret »${intervention.title}«.`, target };
}

function appointmentChange(change: PlanChange, plan: Plan): ChangeText {
  const appointment = (plan.activities ?? []).find((a) => a.id === change.entityId);
  // Done, called off or moved into the past: it has left the coming appointments.
  if (!appointment) return { text: 'En af dine aftaler er ændret eller er ikke længere på listen over kommende aftaler.', target: SECTION_ID.appointments };
  const target = CARD_ID.appointment(appointment.id);
  const when = formatDateTime(appointment.dueAt);
  return change.kind === 'ACTIVITY_CREATED'
    ? { text: `Du har fået en ny aftale: »${appointment.title}« ${when}.`, target }
    : { text: `Aftalen »${appointment.title}« er ændret: ${when}.`, target };
}

function goalChange(change: PlanChange): ChangeText {
  const goal = change.fields.includes('employmentGoal') || change.fields.includes('goalKind');
  const period = change.fields.includes('periodStart') || change.fields.includes('periodEnd');
  if (goal && period) return { text: 'Dit mål og din planperiode er ændret.', target: SECTION_ID.goal };
  if (period) return { text: 'Din planperiode er ændret.', target: SECTION_ID.goal };
  return { text: 'Dit mål er ændret.', target: SECTION_ID.goal };
}

/**
 * A new grant names the mentor when the plan does ("Din mentor er …" in Mentorstøtte); an ended
 * grant, or one no longer on the plan, is said as a change.
 */
function mentorChange(change: PlanChange, plan: Plan): ChangeText {
  const grants = plan.mentorSupport ?? [];
  const target = grants.length ? SECTION_ID.mentor : null;
  const grant = grants.find((g) => g.id === change.entityId);
  if (change.kind !== 'MENTOR_GRANT_CREATED' || !grant) return { text: 'Din mentorstøtte er ændret.', target };
  return { text: grant.mentorName ? `Du har fået mentorstøtte. Din mentor er ${grant.mentorName}.` : 'Du har fået mentorstøtte.', target };
}

/**
 * A change of the forløb that reaches a running Min plan moves its end (earlier, or later by
 * barsel); its ending empties the page instead. Said as the forløb's sentence at the top of the
 * page says its days, with the day it ended before. A move the end has been moved on from since
 * is said as what it did then, so it does not name a day the page no longer shows as the end.
 */
function programmeChange(change: PlanChange, plan: Plan): ChangeText {
  const end = formatDate(plan.programme.endDate);
  const { before, after } = change.endDate ?? { before: null, after: null };
  const was = before && before !== after ? ` (før ${before})` : '';
  if (after && after !== end) return { text: `Dit forløbs slutdato blev flyttet til ${after}${was}.`, target: SECTION_ID.programme };
  return { text: `Dit forløb slutter nu den ${end}${was}.`, target: SECTION_ID.programme };
}

/** What changed, in the citizen's own words, and where on Min plan it is. */
export function describeChange(change: PlanChange, plan: Plan): ChangeText {
  switch (change.kind) {
    case 'PROGRAMME_UPDATED':
      return programmeChange(change, plan);
    case 'PLAN_UPDATED':
      return goalChange(change);
    case 'SUBGOAL_CREATED':
    case 'SUBGOAL_UPDATED':
      return subGoalChange(change, plan);
    case 'SUBGOAL_PROGRESS_RECORDED':
      return { text: 'Der er målt, hvor langt du er nået med et af dine delmål.', target: SECTION_ID.subGoals };
    case 'INTERVENTION_CREATED':
    case 'INTERVENTION_UPDATED':
    case 'INTERVENTION_STATUS_CHANGED':
      return interventionChange(change, plan);
    case 'MEETING_BOOKED':
    case 'MEETING_MOVED':
    case 'MEETING_CANCELLED':
    case 'MEETING_EDITED':
    case 'MEETING_ATTENDANCE_RECORDED':
      return meetingChange(change, plan);
    case 'ACTIVITY_CREATED':
    case 'ACTIVITY_UPDATED':
      return appointmentChange(change, plan);
    case 'FOLLOW_UP_RECORDED':
      return plan.agreedNextMeetingAt
        ? { text: `Din samtale er skrevet ind i planen. Næste samtale er aftalt til ${formatDateTime(plan.agreedNextMeetingAt)}.`, target: SECTION_ID.appointments }
        : { text: 'Din samtale er skrevet ind i planen. Du kan skrive en kommentar til den.', target: SECTION_ID.ownComments };
    case 'COORDINATOR_ASSIGNED':
      return { text: plan.coordinator ? `Din koordinerende sagsbehandler er nu ${plan.coordinator.name}.` : 'Du har ikke længere en koordinerende sagsbehandler.', target: SECTION_ID.coordinator };
    case 'JOB_FACILITATOR_CHANGED':
      // With none now, the page shows no jobformidler to point to.
      return plan.jobFacilitator
        ? { text: `Din personlige jobformidler er nu ${plan.jobFacilitator.name}.`, target: SECTION_ID.jobFacilitator }
        : { text: 'Din personlige jobformidler er ændret.', target: null };
    case 'MENTOR_GRANT_CREATED':
    case 'MENTOR_GRANT_ENDED':
      return mentorChange(change, plan);
    case 'CONSENT_RECORDED':
    case 'CONSENT_WITHDRAWN':
      return { text: 'Oversigten over, hvad der deles om dig, er ændret.', target: SECTION_ID.consents };
    case 'MEETING_REQUEST_HANDLED':
      return { text: 'Dit ønske om en samtale er behandlet.', target: SECTION_ID.ownRequest };
    case 'DESCRIPTION_UPDATED':
      return { text: 'En medarbejder har skrevet i et af dine afsnit under "Med mine egne ord".', target: SECTION_ID.ownWords };
    default:
      return { text: 'Din plan er opdateret.', target: null };
  }
}

/**
 * The lines of "Nyt i din plan", newest first. Each is said from the plan as it is now, so two
 * changes of one record (an indsats paused and started again, a consent given and withdrawn) may
 * read alike: a line saying the same of the same place is shown once, where its newest change is.
 */
export function changeLines(changes: readonly PlanChange[], plan: Plan): Array<ChangeText & { seq: string }> {
  const lines: Array<ChangeText & { seq: string }> = [];
  const said = new Set<string>();
  for (const change of [...changes].reverse()) {
    const line = describeChange(change, plan);
    const key = JSON.stringify([line.text, line.target]);
    if (said.has(key)) continue;
    said.add(key);
    lines.push({ seq: change.seq, ...line });
  }
  return lines;
}

/**
 * The records a change is about, marked "Nyt" on their cards until the citizen has seen it:
 * the ids of delmål, indsatser, samtaler and aftaler, and of the sections a change is in (the goal, the coordinator, …).
 */
export function changedCards(changes: readonly PlanChange[], plan: Plan): Set<string> {
  const cards = new Set<string>();
  for (const change of changes) {
    const target = describeChange(change, plan).target;
    if (target) cards.add(target);
  }
  return cards;
}
