import { grantRunsOn, localDate } from '@samplan/schema';
import type { Actor } from '../../core/auth/actor';
import { EventKind } from '../../core/events/event-kinds';
import { mentorConsentHeld } from '../consent';
import { planPolicy, type PlanAccess } from '../plan';
import { MENTOR_ALLOW } from './mentor.allow-list';
import { mentorGrantRunsOn } from './mentor-participant';

interface EventLike {
  kind: string;
  planId: string;
  municipalityId: string;
  /** When the change was made: the grant and the sharing are judged at this time too. */
  at: Date;
  payload: {
    entity?: Record<string, unknown>;
    changes?: ReadonlyArray<{ field: string; before: unknown; after: unknown }>;
    /** A booked samtale's write: whether it changed the next samtale the mentor sees, judged when it was made (meeting.service.ts). */
    mentorNextSamtaleChanged?: unknown;
  };
}

/**
 * An item taken back from the mentor: the mentor hears that something is no longer shared
 * (so their screen drops it now, not at the next read), and nothing of the item itself.
 */
function isWithdrawal(event: EventLike): boolean {
  // The citizen's word for the mentor withdrawn: health or social activities shared under it
  // leave the mentor's view (consent.policy.ts, mentorMaySeeActivitySql).
  if (event.kind === 'CONSENT_WITHDRAWN') return event.payload.entity?.recipientKind === 'MENTOR';
  return event.kind === 'MENTOR_SHARING_CHANGED'
    && (event.payload.changes ?? []).some((c) => c.field === 'sharedWithMentor' && c.before === true && c.after === false);
}

/**
 * The citizen's word for the mentor recorded: health or social activities the coordinator
 * shared for the mentor support may now be in the mentor's view (mentorMaySeeActivitySql), so
 * their open page reads again. Told as a bare fact, like a withdrawal: nothing of the entry
 * (its scope says what kind of help the citizen gets, its note is the citizen's own words).
 */
function isConsentForMentor(event: EventLike): boolean {
  return event.kind === 'CONSENT_RECORDED' && event.payload.entity?.recipientKind === 'MENTOR';
}

/** A consent event about an entry that names a mentor other than this one. */
function otherMentorsEntry(actor: Actor, event: EventLike): boolean {
  const named = event.kind === 'CONSENT_WITHDRAWN' || event.kind === 'CONSENT_RECORDED' ? event.payload.entity?.recipientMentorId : null;
  return typeof named === 'string' && named !== actor.userId;
}

const WITHDRAWN_SUMMARY = 'Et punkt er ikke længere delt med dig';
const CONSENT_RECORDED_SUMMARY = 'Det, der er delt med dig, er opdateret';

/**
 * The mentor's access ending: their own grant ended (also early, with a day already past),
 * or the programme ended (which ends every grant on it). Such a fact reaches a mentor whose
 * grant on the plan ran on the day it happened, though their view has just closed, so an open
 * page reads again and drops the citizen at once; a mentor whose grant ended long before hears
 * nothing of it. A grant called off before its first day gave no access: its mentor hears only
 * that (calledOffBeforeStart, mentorView), nothing of the grant; any other end of a grant is told
 * as a bare fact too (GRANT_ENDED_SUMMARY).
 */
function endsAccess(actor: Actor, event: EventLike): boolean {
  if (event.kind === 'MENTOR_GRANT_ENDED') return event.payload.entity?.mentorId === actor.userId;
  return event.kind === 'PROGRAMME_UPDATED' && (event.payload.changes ?? []).some((c) => c.field === 'status' && c.after === 'ENDED');
}

const PROGRAMME_ENDED_SUMMARY = 'Forløbet er afsluttet';

/** An intervention's statuses that end it: its steps still planned leave the mentor's list (mentor.service.ts, myMentorCases). */
const ENDED_INTERVENTION: ReadonlySet<string> = new Set(['COMPLETED', 'CANCELLED']);

/**
 * An intervention ended (Afsluttet, Annulleret) or taken up again: its planned steps shared
 * with the mentor leave their list, or come back, so their open page must read again. Another
 * status change (Planlagt, Aktiv, Sat på pause) moves nothing they see.
 */
function interventionTurn(event: EventLike): 'ENDED' | 'REOPENED' | null {
  if (event.kind !== EventKind.INTERVENTION_STATUS_CHANGED) return null;
  const status = (event.payload.changes ?? []).find((c) => c.field === 'status');
  if (!status) return null;
  const was = ENDED_INTERVENTION.has(String(status.before));
  const is = ENDED_INTERVENTION.has(String(status.after));
  return was === is ? null : is ? 'ENDED' : 'REOPENED';
}

// Told as a bare fact: nothing of the intervention (its title, kind, unit, goal or which of the
// two ends it came to are not the mentor's), only that steps they see went or came back.
const STEPS_ENDED_SUMMARY = 'En indsats med aktiviteter, der er delt med dig, er afsluttet';
const STEPS_REOPENED_SUMMARY = 'En indsats med aktiviteter, der er delt med dig, er genoptaget';

/**
 * A grant called off, before its first day or on it with nothing logged: it is stored as ending
 * the day before it starts (mentor.service.ts endMentorGrant, close-at-programme-end.ts), so it
 * runs on no day. A mentor picked by mistake must not read the citizen (STAR’s vejledning
 * om ressourceforløb 2020, afsnit 5.8: only what the task needs, and there was no task): they
 * hear at most that it was called off, nothing of the grant (its purpose, goals and focus
 * areas are free text about the citizen).
 */
function calledOffBeforeStart(event: EventLike): boolean {
  if (event.kind !== 'MENTOR_GRANT_ENDED') return false;
  const { startDate, endDate } = event.payload.entity ?? {};
  return typeof startDate === 'string' && typeof endDate === 'string' && endDate < startDate;
}

// Said alike of a grant called off before its first day and of one called off on it (nothing
// logged yet): the mentor hears that it was called off, nothing of when they had access.
const CALLED_OFF_SUMMARY = 'Din mentorbevilling er aflyst';

/**
 * Any other end of a grant (early, or as the programme ended) is a bare fact as well: the ending
 * reaches the mentor outside their view (endsAccess), a grant shortened before its first day or
 * a replay long after its last, so nothing of the grant goes with it (its purpose, goals and
 * focus areas are free text about the citizen). Their page only needs the fact to read their
 * cases again, where a grant still open shows.
 */
const GRANT_ENDED_SUMMARY = 'Din mentorbevilling er afsluttet';

/** Which stored record maps to which mentor type, and so to which allow-list entry. */
const MENTOR_SHAPE: Record<string, string> = {
  Activity: 'MentorActivity',
  FollowUpMeeting: 'MentorMeeting',
  MentorTask: 'MentorTask',
  MentorGrant: 'MentorGrant',
};


/**
 * A mentor's event stream carries only what their scoped view shows (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8): their own
 * grant's tasks and grant changes, and activities and meetings shared with them. An event
 * reaches them only if it passes twice: at the event's own time (a grant of theirs existed
 * and was in its period, and the item was shared — the record in the event is the item as
 * it was written, so it says whether it was shared then; for a health or social activity the
 * citizen's consent for the mentor held then), and at delivery time (their view is
 * open: a grant active today in a running programme, planPolicy.mentorView; and the item
 * is still shared). So a grant given later never opens what
 * was shared, renamed or unshared before it (a replay from seq 0). An unshare under their
 * grant reaches them as a bare fact (mentorView gives it no record), so their screen reads
 * again and drops the item without the event naming it. So does an intervention's ending or
 * reopening when a planned step of it is shared with them (interventionTurn): its steps leave
 * their list or come back.
 */
export function mentorMayReceive(actor: Actor, event: EventLike, access: PlanAccess | null, now: Date): boolean {
  if (!access || access.municipalityId !== actor.municipalityId || event.municipalityId !== actor.municipalityId) return false;
  const mine = access.mentorGrants.filter((g) => g.mentorId === actor.userId);
  const at = event.at.getTime();
  // Their own grant's ending is theirs to hear (ended early, its last day may be past; called
  // off before it began), as a bare fact only (mentorView); the programme's ending only while
  // their view was open: a grant of theirs running on its day.
  if (endsAccess(actor, event)) {
    return mine.some((g) => g.createdAt <= at && (event.kind === 'MENTOR_GRANT_ENDED' || grantRunsOn(g, localDate(event.at))));
  }
  if (!planPolicy.mentorView(actor, access, localDate(now))) return false;
  const eventDay = localDate(event.at);
  if (!mine.some((g) => g.createdAt <= at && grantRunsOn(g, eventDay))) return false;
  // An entry naming another mentor gave this one nothing: its withdrawal takes nothing from
  // them, and its recording gives them nothing to read again.
  if (isWithdrawal(event) || isConsentForMentor(event)) return !otherMentorsEntry(actor, event);
  const entity = event.payload.entity ?? {};
  // An intervention ended or taken up again: only when a step of it that is still planned is
  // shared with this mentor now (their list changes), judged as that step's own events are.
  // Whether it was shared when the status changed is not stored; a replay may tell a mentor
  // of a turn that moved nothing of theirs then, as a bare fact (mentorView) that names nothing.
  if (interventionTurn(event)) {
    const steps = typeof entity.id === 'string' ? access.mentorPlannedStepsByIntervention?.[entity.id] ?? [] : [];
    return steps.some((step) => sharedStepReaches(actor, step, access, now.getTime(), at));
  }
  switch (entity.__typename) {
    case 'MentorTask':
    case 'MentorGrant':
      return entity.mentorId === actor.userId;
    case 'Activity':
    case 'FollowUpMeeting': {
      if (entity.sharedWithMentor !== true || typeof entity.id !== 'string') return false;
      return sharedStepReaches(actor, entity.id, access, now.getTime(), at);
    }
    case 'BookedMeeting':
      // Put on or taken off a samtale: either way, their list of samtaler changes. An edit of
      // its agenda or of the other participants alone is nothing they see.
      if (event.kind === EventKind.MEETING_EDITED) return putOnOrTakenOff(event, actor.userId, access);
      // A booking, move or cancellation that changed the next samtale the mentor sees (judged
      // when it was written, by the rule in mentor-next-samtale.ts; they see one only while the
      // plan's latest held samtale is shared with them), and only while that is still so.
      // Another samtale booked after the one they see, moved or called off, changed nothing
      // they can see and is not told. An event stored without that judgement (written before
      // it was stored) reaches them while the samtale is shared, as every booking's did. It
      // reaches them as a bare fact (mentorView): their page reads the case again, and the
      // rule gives them its time and form only.
      if (!NEXT_SAMTALE_KINDS.has(event.kind)) return false;
      // A samtale they are booked to take part in, on a day a grant of theirs runs: told of its
      // booking, moves and call-off, shared or not.
      if (namesParticipant(event, actor.userId, access)) return true;
      return event.payload.mentorNextSamtaleChanged !== false && access.mentorNextSamtaleShared === true;
    default:
      return false;
  }
}

/**
 * An activity or follow-up samtale shared with the mentor now (mentorSharedIds), and for a
 * health or social activity under the citizen's word that covers this mentor now and covered
 * them when the change was made (mentorSharedIds holds it under an entry for any mentor; one
 * that names another mentor gives this one nothing).
 */
function sharedStepReaches(actor: Actor, id: string, access: PlanAccess, now: number, at: number): boolean {
  if (!(access.mentorSharedIds ?? []).includes(id)) return false;
  const scope = access.mentorConsentScopes?.[id];
  const periods = access.mentorConsentPeriods ?? [];
  return !scope || (mentorConsentHeld(periods, scope, now, actor.userId) && mentorConsentHeld(periods, scope, at, actor.userId));
}

/**
 * Whether a booking's event names the mentor among its participants, on a day one of their
 * grants on the plan runs (mentor-participant.ts: a grant cut short before it takes them out).
 * A booking's participants are set when it is booked; a move or call-off carries them as they are.
 */
function namesParticipant(event: EventLike, userId: string, access: PlanAccess): boolean {
  return onTheDay(event.payload.entity?.staffIds, event.payload.entity?.startsAt, userId, access);
}

/** Whether an edit of a samtale's participants put the mentor on it or took them off, on a day a grant of theirs runs. */
function putOnOrTakenOff(event: EventLike, userId: string, access: PlanAccess): boolean {
  const change = event.payload.changes?.find((c) => c.field === 'staffIds');
  if (!change) return false;
  const named = (ids: unknown) => Array.isArray(ids) && ids.includes(userId);
  return named(change.before) !== named(change.after) && onTheDay([userId], event.payload.entity?.startsAt, userId, access);
}

function onTheDay(staffIds: unknown, startsAt: unknown, userId: string, access: PlanAccess): boolean {
  if (!Array.isArray(staffIds) || !staffIds.includes(userId)) return false;
  const at = typeof startsAt === 'string' || startsAt instanceof Date ? new Date(startsAt) : null;
  return !!at && !Number.isNaN(at.getTime()) && mentorGrantRunsOn(access, userId, localDate(at));
}

/** The writes of a booked samtale that move the next samtale: booked, moved, called off. */
const NEXT_SAMTALE_KINDS: ReadonlySet<string> = new Set([EventKind.MEETING_BOOKED, EventKind.MEETING_MOVED, EventKind.MEETING_CANCELLED]);

const NEXT_SAMTALE_SUMMARY = 'Den næste samtale er ændret';
/** A booking that did not change the next samtale reaches only a mentor taking part in it (mentorMayReceive). */
const PARTICIPANT_SAMTALE_SUMMARY = 'En samtale, du deltager i, er ændret';
/** Taken on or off a samtale: said alike, so the words do not say which, nor who else is coming. */
const PARTICIPANTS_CHANGED_SUMMARY = 'Deltagerne i en samtale er ændret';

/** The event as a mentor may see it: the record cut to the allow-list and a neutral summary. */
export function mentorView(event: EventLike): { entity: Record<string, unknown> | null; summary: string } {
  if (isWithdrawal(event)) return { entity: null, summary: WITHDRAWN_SUMMARY };
  if (isConsentForMentor(event)) return { entity: null, summary: CONSENT_RECORDED_SUMMARY };
  if (event.kind === 'PROGRAMME_UPDATED') return { entity: null, summary: PROGRAMME_ENDED_SUMMARY };
  if (calledOffBeforeStart(event)) return { entity: null, summary: CALLED_OFF_SUMMARY };
  if (event.kind === 'MENTOR_GRANT_ENDED') return { entity: null, summary: GRANT_ENDED_SUMMARY };
  const turn = interventionTurn(event);
  if (turn) return { entity: null, summary: turn === 'ENDED' ? STEPS_ENDED_SUMMARY : STEPS_REOPENED_SUMMARY };
  const entity = event.payload.entity ?? {};
  // Nothing of the booking itself: not its agenda, participants or place.
  if (entity.__typename === 'BookedMeeting') {
    const summary = event.kind === EventKind.MEETING_EDITED ? PARTICIPANTS_CHANGED_SUMMARY
      : event.payload.mentorNextSamtaleChanged === false ? PARTICIPANT_SAMTALE_SUMMARY : NEXT_SAMTALE_SUMMARY;
    return { entity: null, summary };
  }
  const shape = MENTOR_SHAPE[entity.__typename as string];
  if (!shape) return { entity: null, summary: 'Ændring' };
  const cut: Record<string, unknown> = { __typename: shape };
  for (const field of MENTOR_ALLOW[shape]) if (field in entity) cut[field] = entity[field];
  const title = typeof entity.title === 'string' ? ` »${entity.title}«` : '';
  const summary =
    shape === 'MentorActivity' ? `Aktivitet${title} er opdateret`
      : shape === 'MentorMeeting' ? 'En opfølgningssamtale er delt med dig'
        : shape === 'MentorTask' ? `Opgave${title} er ${entity.removedAt ? 'fjernet' : 'logget'}`
          : 'Din mentorbevilling er ændret';
  return { entity: cut, summary };
}
