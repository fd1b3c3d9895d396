import type { Actor } from '../../core/auth/actor';
import { localDate } from '../../core/clock';
import type { PlanAccess } from '../plan';
import { MENTOR_ALLOW } from './mentor.allow-list';

interface EventLike {
  kind: string;
  planId: string;
  municipalityId: string;
  payload: { entity?: Record<string, unknown> };
}

/** Which stored record maps to which mentor type, and so to which allow-list entry. */
const MENTOR_SHAPE: Record<string, string> = {
  Activity: 'MentorActivity',
  FollowUpMeeting: 'MentorMeeting',
  MentorTask: 'MentorTask',
  MentorGrant: 'MentorGrant',
};

/**
 * A mentor's event stream carries only what their scoped view shows (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8): their own
 * grant's tasks and grant changes, and activities and meetings shared with them — and only
 * while a grant of theirs on the plan is active at delivery time.
 */
export function mentorMayReceive(actor: Actor, event: EventLike, access: PlanAccess | null, now = new Date()): boolean {
  if (!access || access.municipalityId !== actor.municipalityId || event.municipalityId !== actor.municipalityId) return false;
  const today = localDate(now);
  const active = access.mentorGrants.some((g) => g.mentorId === actor.userId && g.startDate <= today && today <= g.endDate);
  if (!active) return false;
  const entity = event.payload.entity ?? {};
  switch (entity.__typename) {
    case 'MentorTask':
    case 'MentorGrant':
      return entity.mentorId === actor.userId;
    case 'Activity':
    case 'FollowUpMeeting':
      return entity.sharedWithMentor === true || event.kind === 'MENTOR_SHARING_CHANGED';
    default:
      return false;
  }
}

/** The event as a mentor may see it: the record cut to the allow-list and a neutral summary. */
export function mentorView(event: EventLike): { entity: Record<string, unknown> | null; summary: string } {
  const entity = event.payload.entity ?? {};
  const shape = MENTOR_SHAPE[entity.__typename as string];
  if (!shape) return { entity: null, summary: 'Ændring' };
  const cut: Record<string, unknown> = { __typename: shape };
  for (const field of MENTOR_ALLOW[shape]) if (field in entity) cut[field] = entity[field];
  const title = typeof entity.title === 'string' ? ` "${entity.title}"` : '';
  const summary =
    shape === 'MentorActivity' ? `Aktivitet${title} er opdateret`
      : shape === 'MentorMeeting' ? 'En opfølgningssamtale er delt med dig'
        : shape === 'MentorTask' ? `Opgave${title} er logget`
          : 'Din mentorbevilling er ændret';
  return { entity: cut, summary };
}
