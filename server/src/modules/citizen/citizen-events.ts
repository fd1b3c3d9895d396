import type { Actor } from '../../core/auth/actor';
import { EventKind } from '../../core/events/event-kinds';
import { isBookkeeping } from '../../core/events/field-changes';
import { registeredUnitModules } from '../intervention';
import type { RoleEventLike, RoleEventView } from '../live';
import { Role } from '../org/org.enums';
import type { PlanAccess } from '../plan';
import { CITIZEN_ALLOW } from './citizen.allow-list';

/**
 * Which stored record maps to which citizen type, and so to which allow-list entry. A record
 * of any other type (an activity, a held samtale's summary, the access log, warnings,
 * consent) never reaches a citizen; some changes of them reach the page as a bare refresh
 * (below). A module with citizen-facing records of its own adds them with `citizenEventShape`.
 */
const SHAPE: Record<string, string> = {
  Plan: 'CitizenPlan',
  SubGoal: 'CitizenSubGoal',
  BookedMeeting: 'CitizenMeeting',
  MentorGrant: 'CitizenMentorSupport',
};

/**
 * Changes the citizen is told of without who made them: their consent register shows what they
 * agreed to and whom to ask, not the staff's note nor who recorded or withdrew an entry.
 */
const UNNAMED = new Set(['ConsentEntry']);

/**
 * Changes of a record the citizen's page does not show, sent as a bare refresh only when they
 * touch one of these fields: the programme ending (its status) empties Min plan, which shows a
 * running forløb only; its end date moved (earlier, or later by barsel) changes the day Min plan
 * says the forløb runs to; the programme's staff-only facts (the team meeting, the indsatsgaranti's
 * follow-up, the health-talk guidance) are not sent.
 */
const REFRESH_ON: Record<string, readonly string[]> = { Programme: ['status', 'endDate'] };

/**
 * The values a bare refresh carries, by event kind: none, but the day the citizen's forløb ends,
 * before and after it moved. Min plan shows that day, and says which day it was before; a change
 * made while the citizen was away has no page that showed it then. No other field of the forløb,
 * and no other kind of change, carries a value.
 */
const VALUES_OF: Record<string, { typeName: string; fields: readonly string[] }> = {
  [EventKind.PROGRAMME_UPDATED]: { typeName: 'CitizenProgramme', fields: ['endDate'] },
};

/**
 * Records the citizen's page shows in part, with no citizen type of their own, sent as a bare
 * refresh when one is added or a change touches what the page shows: an activity is one of
 * "Kommende aftaler" by its title, time, place and status. A change of its notes, who is
 * responsible or its sharing with the mentor alone is not sent.
 */
const REFRESH_ON_NEW_OR: Record<string, { added: string; fields: readonly string[] }> = {
  Activity: { added: EventKind.ACTIVITY_CREATED, fields: ['title', 'dueAt', 'place', 'status'] },
};

export function citizenEventShape(storedType: string, citizenType: string): void {
  SHAPE[storedType] = citizenType;
}

/**
 * Changes the citizen's page shows, but whose stored record has nothing a citizen type carries
 * by itself, sent as a bare refresh (no record, no changes: the page reads Min plan again), with
 * when a change is one the page shows.
 *
 * Always: a progress measurement, a new coordinator, a change of the personal jobformidler, a held samtale with the next one agreed,
 * staff handling the citizen's request for a samtale, a consent or legal basis recorded or
 * withdrawn in their register. A held samtale's summary and a consent's note are never sent.
 *
 * Told apart by the record itself (a module's own, `citizenRefreshWhen`): the description
 * module's sections are one, the citizen's own two, which staff may write before the citizen
 * has, but never the staff's sections.
 */
const always = () => true;
const REFRESH_WHEN: Record<string, (record: Record<string, unknown>) => boolean> = {
  SubGoalProgress: always, CoordinatorAssignment: always, JobFacilitatorAssignment: always, FollowUpMeeting: always, CitizenMeetingRequest: always, ConsentEntry: always,
};

export function citizenRefreshWhen(storedType: string, shown: (record: Record<string, unknown>) => boolean): void {
  REFRESH_WHEN[storedType] = shown;
}

function shapeOf(storedType: unknown): string | undefined {
  if (typeof storedType !== 'string') return undefined;
  if (SHAPE[storedType]) return SHAPE[storedType];
  // Every unit module's own intervention type is a CitizenIntervention to the citizen.
  return registeredUnitModules().some((m) => m.typeName === storedType) ? 'CitizenIntervention' : undefined;
}

/**
 * Stored fields the citizen's page shows under another name: a booked samtale's staff and
 * network are its `participants` (by name, for the citizen), so a change of either is one of those.
 */
const SHOWN_AS: Record<string, Readonly<Record<string, string>>> = { BookedMeeting: { staffIds: 'participants', guests: 'participants' } };

const changedFields = (e: RoleEventLike): string[] => {
  const shownAs = SHOWN_AS[String(e.payload.entity?.__typename)] ?? {};
  return Array.isArray(e.payload.changes) ? (e.payload.changes as Array<{ field?: unknown }>).map((c) => shownAs[String(c.field)] ?? String(c.field)) : [];
};

/**
 * A citizen receives events about their own plan only, and of those only the ones about
 * something their page shows: a record of a citizen type whose change touches a field on
 * the citizen's list (a creation has no field list and is sent), or a refresh-only change.
 * A change of a note, a legal basis or a unit's health or social details alone is not sent.
 */
export function citizenMayReceive(actor: Actor, event: RoleEventLike, access: PlanAccess | null): boolean {
  if (actor.role !== Role.CITIZEN || !actor.citizenId) return false;
  if (!access || access.planId !== event.planId || access.citizenId !== actor.citizenId) return false;
  if (access.municipalityId !== actor.municipalityId || event.municipalityId !== actor.municipalityId) return false;
  const type = event.payload.entity?.__typename;
  // An ended forløb is followed no more (Min plan then reads itself on "Hent siden igen"): its
  // ending is the last event a stream opened while it ran is sent, not a new coordinator, a
  // samtale called off or a consent withdrawn afterwards.
  if (access.programmeEnded) return type === 'Programme' && changedFields(event).includes('status');
  if (typeof type === 'string' && REFRESH_WHEN[type]) return REFRESH_WHEN[type](event.payload.entity ?? {});
  const changed = changedFields(event);
  if (typeof type === 'string' && REFRESH_ON[type]) return changed.some((f) => REFRESH_ON[type].includes(f));
  if (typeof type === 'string' && REFRESH_ON_NEW_OR[type]) {
    const shown = REFRESH_ON_NEW_OR[type];
    return event.kind === shown.added || changed.some((f) => shown.fields.includes(f));
  }
  const shape = shapeOf(type);
  if (!shape) return false;
  if (changed.length === 0) return true;
  const allowed = CITIZEN_ALLOW[shape] ?? [];
  return changed.some((f) => allowed.includes(f) && !isBookkeeping(f));
}

/** The event as a citizen may see it: the record cut to the citizen type's list, and a plain sentence. */
export function citizenView(event: RoleEventLike): ReturnType<RoleEventView['view']> {
  const entity = event.payload.entity ?? {};
  const shape = shapeOf(entity.__typename);
  if (!shape) return { entity: null, summary: 'Din plan er opdateret', anonymous: UNNAMED.has(String(entity.__typename)), valuesOf: VALUES_OF[event.kind] };
  const cut: Record<string, unknown> & { __typename: string } = { __typename: shape };
  for (const field of CITIZEN_ALLOW[shape] ?? []) if (field in entity) cut[field] = entity[field];
  const title = typeof entity.title === 'string' && entity.title ? entity.title : typeof entity.text === 'string' ? entity.text : null;
  return { entity: cut, summary: title ? `${title} er opdateret` : 'Din plan er opdateret' };
}

/** Which fields of a citizen type may be named in an event's `changes`. */
export const citizenEventFields = (typeName: string): readonly string[] => CITIZEN_ALLOW[typeName] ?? [];
