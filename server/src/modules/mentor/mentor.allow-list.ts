import { recordFieldRefusal } from '../../core/audit';
import type { RequestContext } from '../../core/context';
import type { FieldGuard } from '../../core/field-guards';
import { forbidden } from '../../core/errors/app-errors';
import { Role } from '../org/org.enums';

/**
 * Everything a mentor may read, type by type (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8: only what the task needs).
 * Deny by default: a field that is not listed here answers FORBIDDEN with no data to a
 * mentor, whatever type it is on — so a field added later stays hidden from mentors
 * until someone decides to list it. mentor.allow-list.test.ts walks the schema from the
 * mentor's entry points and fails on any reachable field not listed.
 */
export const MENTOR_ALLOW: Readonly<Record<string, readonly string[]>> = {
  MentorCase: ['grant', 'citizen', 'employmentGoal', 'subGoals', 'sharedActivities', 'sharedMeetings', 'nextSamtale', 'mySamtaler', 'tasks'],
  // Time and form only: a booked samtale's agenda, participants and notes are not the mentor's.
  MentorNextSamtale: ['status', 'startsAt', 'endsAt', 'mode'],
  // A samtale the mentor is booked to take part in: also where, to get the citizen there; never its agenda, the other participants or notes.
  MentorSamtale: ['id', 'startsAt', 'endsAt', 'mode', 'place', 'videoLink', 'cancelled'],
  MentorGrant: ['id', 'planId', 'purpose', 'goals', 'focusAreas', 'startDate', 'endDate', 'previousGrantId', 'endedEarly', 'version'],
  MentorCitizen: ['name', 'phone', 'address'],
  MentorSubGoal: ['id', 'area', 'text'],
  // A step shared with the mentor: also where, to get the citizen there (as a samtale's place); never its notes or who is responsible.
  MentorActivity: ['id', 'title', 'dueAt', 'status', 'place'],
  MentorMeeting: ['id', 'heldAt', 'nextMeetingAt', 'mode'],
  // `removedAt`: their own removal, as it reaches another screen of theirs.
  MentorTask: ['id', 'grantId', 'planId', 'date', 'minutes', 'title', 'note', 'outcome', 'nextStep', 'version', 'createdAt', 'removedAt'],
  // Their own identity (`me`) and who did what; not `username`: staff's is their work e-mail (as `email`, not the mentor's to read).
  User: ['id', 'name', 'role', 'unit', 'municipality'],
  Unit: ['id', 'kind', 'name'],
  Municipality: ['id', 'code', 'name'],
  AuthPayload: ['token', 'user'],
  // The live stream: events about their own grants' tasks and what is shared with them,
  // with the payload cut to the fields above (see mentor-events.ts).
  // `record` is the mentor type above; `changes` and `overwrote` name only fields on its list.
  PlanEvent: ['seq', 'kind', 'planId', 'entityType', 'entityId', 'at', 'summary', 'actor', 'unit', 'title', 'changes', 'record', 'overwrote'],
  FieldChange: ['field', 'label', 'before', 'after'],
  OverwrittenChange: ['user', 'seq', 'fields'],
  PlanHistoryPage: ['items', 'olderCursor'],
  // Who has the plan open: `editing` is cut to records in the mentor's view (modules/presence).
  PlanPresence: ['planId', 'present'],
  PresentUser: ['user', 'unit', 'editing', 'since'],
};

export function mentorMayRead(typeName: string, fieldName: string): boolean {
  return MENTOR_ALLOW[typeName]?.includes(fieldName) ?? false;
}

const allows = (context: RequestContext, typeName: string, fieldName: string) => context.actor?.role !== Role.MENTOR || mentorMayRead(typeName, fieldName);

/**
 * Field guard: enforces the allow-list on every non-root field resolved for a mentor (root
 * fields have their own rules), and on a record no field resolves (a CONFLICT's `current`).
 */
export const mentorFieldGuard: FieldGuard<RequestContext> = {
  covers: (type) => type !== 'Query' && type !== 'Mutation' && type !== 'Subscription',
  allows,
  check({ context, info }, next) {
    if (allows(context, info.parentType.name, info.fieldName)) return next();
    recordFieldRefusal(context, `${info.parentType.name}.${info.fieldName}`);
    throw forbidden('Feltet er ikke tilgængeligt for mentorer.');
  },
};
