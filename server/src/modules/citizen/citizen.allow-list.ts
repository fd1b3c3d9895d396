import { accessRules } from '../../core/auth/access';
import { recordFieldRefusal } from '../../core/audit';
import type { RequestContext } from '../../core/context';
import type { FieldGuard } from '../../core/field-guards';
import { forbidden } from '../../core/errors/app-errors';
import { Role } from '../org/org.enums';

/**
 * Everything a citizen may read, type by type: their own plan in the citizen view types
 * (citizen-view.types.ts), their own identity, and their plan's live events cut to these
 * types. Deny by default: a field not listed here answers FORBIDDEN with no data to a
 * citizen, whatever type it is on — so a field added later stays hidden from citizens
 * until someone decides to list it. citizen.allow-list.test.ts walks the schema from the
 * citizen's entry points and fails on any reachable field not listed.
 *
 * A module adding more of the citizen's own view adds its types' entries with
 * `allowForCitizen` from its manifest (or a line here); nothing is ever removed from
 * another module's entry.
 */
const allow: Record<string, string[]> = {
  // Min plan (myPlan).
  CitizenPlan: ['id', 'employmentGoal', 'goalKind', 'programme', 'periodStart', 'periodEnd', 'coordinator', 'jobFacilitator', 'subGoals', 'interventions', 'meetings', 'mentorSupport', 'consents', 'activities', 'agreedNextMeetingAt', 'liveFrom', 'changesSeenUpTo'],
  // The forløb the plan belongs to: its kind, its days and whether it goes on under a transition rule; not its decision, law version or the staff's facts.
  CitizenProgramme: ['type', 'startDate', 'endDate', 'continuesUnderTransitionRule'],
  // Min plan after the end (myEndedProgramme): the day it ended and whom to ask, nothing else.
  CitizenEndedProgramme: ['endDate', 'stoppedBeforeStart', 'coordinator'],
  CitizenContact: ['name', 'unitName', 'email', 'phone', 'isCoordinator'],
  CitizenSubGoal: ['id', 'area', 'text', 'status', 'progress'],
  CitizenProgress: ['measuredOn', 'scale', 'value'],
  CitizenIntervention: ['id', 'title', 'kindLabel', 'shortTermGoal', 'status', 'startDate', 'endDate', 'unitName', 'supports', 'contact'],
  CitizenMeeting: ['id', 'startsAt', 'endsAt', 'mode', 'place', 'videoLink', 'status', 'version', 'agenda', 'participants', 'contact'],
  CitizenMentorSupport: ['id', 'mentorName', 'startDate', 'endDate'],
  // Kommende aftaler: what, when, where and with which unit; never the notes, who is responsible or the sharing with the mentor.
  CitizenActivity: ['id', 'title', 'dueAt', 'place', 'unitName'],
  CitizenConsent: ['id', 'scope', 'recipientKind', 'recipientName', 'recipientRelation', 'recipientUnitName', 'recipientMentorName', 'basis', 'legalReference', 'givenOn', 'withdrawnOn', 'active'],
  // Their own identity (`me`, login), and who made a change in their plan.
  User: ['id', 'name', 'role', 'unit', 'municipality'],
  Unit: ['id', 'kind', 'name'],
  Municipality: ['id', 'code', 'name'],
  AuthPayload: ['token', 'user'],
  // The live stream of their own plan: `record` is one of the citizen types above, cut to
  // their lists; `changes` names only fields on them (citizen-events.ts). Not `overwrote`:
  // whose saved value replaced whose is staff work.
  PlanEvent: ['seq', 'kind', 'planId', 'entityType', 'entityId', 'at', 'summary', 'actor', 'unit', 'title', 'changes', 'record'],
  FieldChange: ['field', 'label', 'before', 'after'],
};

export const CITIZEN_ALLOW: Readonly<Record<string, readonly string[]>> = allow;

/** Adds a type's fields to the citizen's list (a module's own citizen-facing types). */
export function allowForCitizen(typeName: string, fields: readonly string[]): void {
  const list = (allow[typeName] ??= []);
  for (const f of fields) if (!list.includes(f)) list.push(f);
}

/**
 * Root fields open to every signed-in user that a citizen may call too: their own identity,
 * their plan's live stream (gated to their own current plan, citizen-events.ts), and the
 * staff fields whose own row guard answers a citizen NOT_FOUND, an empty list or a refusal
 * (each called as a citizen in citizen.allow-list.test.ts). Any other such root field —
 * one added later included — is refused to a citizen. Root fields whose rule names the
 * CITIZEN role, and public ones (sign-in), need no line here.
 */
export const CITIZEN_GENERAL_ROOTS: readonly string[] = [
  'me', 'planEvents',
  'plan', 'programme', 'intervention', 'planHistory', 'myCaseload', 'caseload', 'caseloadEvents', 'planPresence', 'setEditing',
];

function citizenMayCall(fieldName: string): boolean {
  const rule = accessRules.get(fieldName);
  if (!rule) return false;
  if (rule.kind === 'PUBLIC') return true;
  if (rule.kind === 'ROLES') return rule.roles.includes(Role.CITIZEN);
  return CITIZEN_GENERAL_ROOTS.includes(fieldName);
}

export function citizenMayRead(typeName: string, fieldName: string): boolean {
  return CITIZEN_ALLOW[typeName]?.includes(fieldName) ?? false;
}

/**
 * Field guard: enforces the allow-list on every field resolved for a citizen, root fields
 * included, and on a record no field resolves (a CONFLICT's `current`).
 */
export const citizenFieldGuard: FieldGuard<RequestContext> = {
  allows: (context, typeName, fieldName) => context.actor?.role !== Role.CITIZEN || citizenMayRead(typeName, fieldName),
  check({ context, info }, next) {
    if (context.actor?.role !== Role.CITIZEN) return next();
    const type = info.parentType.name;
    const root = type === 'Query' || type === 'Mutation' || type === 'Subscription';
    if (root ? citizenMayCall(info.fieldName) : citizenMayRead(type, info.fieldName)) return next();
    recordFieldRefusal(context, `${type}.${info.fieldName}`);
    throw forbidden(root ? 'Du har ikke adgang til at gøre dette.' : 'Feltet er ikke tilgængeligt for borgere.');
  },
};
