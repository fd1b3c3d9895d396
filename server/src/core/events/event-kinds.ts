import { registerEnumType } from 'type-graphql';

/** What happened in a plan. Every change writes exactly one of these, in its own transaction. */
export enum EventKind {
  PROGRAMME_CREATED = 'PROGRAMME_CREATED',
  PROGRAMME_UPDATED = 'PROGRAMME_UPDATED',
  PLAN_UPDATED = 'PLAN_UPDATED',
  TEAM_CHANGED = 'TEAM_CHANGED',
  COORDINATOR_ASSIGNED = 'COORDINATOR_ASSIGNED',
  /** The citizen's personal jobformidler was named, changed or ended (LAB §113 a; jobcenter module). */
  JOB_FACILITATOR_CHANGED = 'JOB_FACILITATOR_CHANGED',
  SUBGOAL_CREATED = 'SUBGOAL_CREATED',
  SUBGOAL_UPDATED = 'SUBGOAL_UPDATED',
  SUBGOAL_PROGRESS_RECORDED = 'SUBGOAL_PROGRESS_RECORDED',
  INTERVENTION_CREATED = 'INTERVENTION_CREATED',
  INTERVENTION_UPDATED = 'INTERVENTION_UPDATED',
  INTERVENTION_STATUS_CHANGED = 'INTERVENTION_STATUS_CHANGED',
  ACTIVITY_CREATED = 'ACTIVITY_CREATED',
  ACTIVITY_UPDATED = 'ACTIVITY_UPDATED',
  FOLLOW_UP_RECORDED = 'FOLLOW_UP_RECORDED',
  MENTOR_GRANT_CREATED = 'MENTOR_GRANT_CREATED',
  MENTOR_GRANT_ENDED = 'MENTOR_GRANT_ENDED',
  MENTOR_SHARING_CHANGED = 'MENTOR_SHARING_CHANGED',
  MENTOR_TASK_LOGGED = 'MENTOR_TASK_LOGGED',
  MENTOR_TASK_UPDATED = 'MENTOR_TASK_UPDATED',
  MEETING_BOOKED = 'MEETING_BOOKED',
  MEETING_MOVED = 'MEETING_MOVED',
  MEETING_CANCELLED = 'MEETING_CANCELLED',
  /** A booked samtale's participants (staff, the mentor, the citizen's network) or agenda were changed. */
  MEETING_EDITED = 'MEETING_EDITED',
  MEETING_ATTENDANCE_RECORDED = 'MEETING_ATTENDANCE_RECORDED',
  DESCRIPTION_UPDATED = 'DESCRIPTION_UPDATED',
  /** The citizen's phone or address was corrected by staff on the plan. */
  CITIZEN_CONTACT_UPDATED = 'CITIZEN_CONTACT_UPDATED',
  /** The coordinator corrected the citizen's CPR number (the event never carries it); a login bound through the old number was closed with it. */
  CITIZEN_CPR_CORRECTED = 'CITIZEN_CPR_CORRECTED',
  /** The coordinator closed the citizen's access to Min plan: no login is bound to them until it is opened again. */
  CITIZEN_ACCESS_CLOSED = 'CITIZEN_ACCESS_CLOSED',
  /** The coordinator opened the citizen's closed access again: their next MitID sign-in binds a login. */
  CITIZEN_ACCESS_REOPENED = 'CITIZEN_ACCESS_REOPENED',
  /** A consent or legal basis was recorded in the citizen's register (consent module); it may widen what staff see. */
  CONSENT_RECORDED = 'CONSENT_RECORDED',
  /** A consent or legal basis was withdrawn; staff lose the details it shared at once. */
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  /** The citizen commented on a held samtale, or changed their comment (citizen-words module). */
  MEETING_COMMENT_WRITTEN = 'MEETING_COMMENT_WRITTEN',
  /** The citizen asked for a samtale. */
  MEETING_REQUESTED = 'MEETING_REQUESTED',
  /** Staff marked the citizen's request for a samtale handled. */
  MEETING_REQUEST_HANDLED = 'MEETING_REQUEST_HANDLED',
  /** The citizen marked that they have seen the plan ("Jeg har set planen"). */
  PLAN_SEEN_BY_CITIZEN = 'PLAN_SEEN_BY_CITIZEN',
  /** A programme's deadline warnings changed: after a write, or when a day passed (rules module). */
  WARNINGS_CHANGED = 'WARNINGS_CHANGED',
}

registerEnumType(EventKind, { name: 'EventKind', description: 'Hændelsestype: what changed in a plan.' });
