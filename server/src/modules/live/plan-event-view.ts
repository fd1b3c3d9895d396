import type { FeedEvent } from '../../core/events/event-row';
import { isBookkeeping } from '../../core/events/field-changes';
import { MENTOR_ALLOW, mentorView } from '../mentor';
import { Role } from '../org/org.enums';
import { roleEventView } from './role-views';

/**
 * What one receiver may see of an event: the record (a mentor's cut to their type and
 * allow-list, STAR’s vejledning om ressourceforløb 2020, afsnit 5.8) and which of its
 * fields may be named in `changes` and `overwrote`. Depends only on the event and the
 * receiver's role, so the live delivery may share one execution per role.
 */
export interface EventView {
  record: (Record<string, unknown> & { __typename: string }) | null;
  mayShow: (field: string) => boolean;
}

export function viewOf(e: Pick<FeedEvent, 'payload' | 'kind' | 'planId' | 'municipalityId' | 'at'>, role: Role | undefined): EventView {
  if (role === Role.MENTOR) {
    const record = mentorView(e).entity as EventView['record'];
    const allowed = new Set(record ? MENTOR_ALLOW[record.__typename] ?? [] : []);
    return { record, mayShow: (field) => allowed.has(field) && !isBookkeeping(field) };
  }
  const own = roleEventView(role);
  if (own) {
    const record = own.view(e).entity;
    const allowed = new Set(record ? own.allowed(record.__typename) : []);
    return { record, mayShow: (field) => allowed.has(field) && !isBookkeeping(field) };
  }
  const record = (e.payload.entity as EventView['record']) ?? null;
  return { record, mayShow: (field) => !isBookkeeping(field) };
}

/** What a change was about, as a person names it ("Bostøtte", "Planen"). */
const TITLE_OF_TYPE: Readonly<Record<string, string>> = {
  Plan: 'Planen',
  Programme: 'Forløbet',
  FollowUpMeeting: 'Opfølgningssamtale',
  MentorMeeting: 'Opfølgningssamtale',
  CoordinatorAssignment: 'Koordinator',
  NextStepDecision: 'Indsatsen efter forløbet',
  MentorGrant: 'Mentorbevilling',
  SubGoalProgress: 'Progression på delmål',
};

export function titleOf(record: EventView['record']): string | null {
  if (!record) return null;
  if (typeof record.title === 'string' && record.title) return record.title;
  if (record.__typename === 'SubGoal' && typeof record.text === 'string') return record.text;
  return TITLE_OF_TYPE[record.__typename] ?? null;
}
