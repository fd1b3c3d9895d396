import type { RequestContext } from '../../core/context';
import type { FeedEvent } from '../../core/events/event-row';
import { isBookkeeping } from '../../core/events/field-changes';
import { consentEventView } from '../consent';
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
  /** The sentence this receiver reads: staff the stored one, a mentor or a citizen a neutral one of their own view. */
  summary: string;
  /** Who made the change is not this receiver's to know: `actor` and `unit` are null. */
  anonymous?: boolean;
  /** With no record: the type whose fields `changes` names (a citizen's forløb, whose end date alone they are told the values of). */
  changesOf?: string;
}

export function viewOf(e: ViewedEvent, role: Role | undefined): EventView {
  if (role === Role.MENTOR) {
    const view = mentorView(e);
    const record = view.entity as EventView['record'];
    const allowed = new Set(record ? MENTOR_ALLOW[record.__typename] ?? [] : []);
    return { record, mayShow: (field) => allowed.has(field) && !isBookkeeping(field), summary: view.summary };
  }
  const own = roleEventView(role);
  if (own) {
    const view = own.view(e);
    const allowed = new Set(view.entity ? own.allowed(view.entity.__typename) : view.valuesOf?.fields ?? []);
    const changesOf = view.entity ? undefined : view.valuesOf?.typeName;
    return { record: view.entity, changesOf, mayShow: (field) => allowed.has(field) && !isBookkeeping(field), summary: view.summary, anonymous: view.anonymous };
  }
  const record = (e.payload.entity as EventView['record']) ?? null;
  return { record, mayShow: (field) => !isBookkeeping(field), summary: e.summary };
}

type ViewedEvent = Pick<FeedEvent, 'payload' | 'kind' | 'planId' | 'municipalityId' | 'at' | 'summary'>;

/** One view per receiver's execution and event: record, title, changes, overwrote and summary all read it. */
const viewsOf = new WeakMap<RequestContext, WeakMap<object, Promise<EventView>>>();

/**
 * The receiver's view of an event, cut further by the citizen's consent register (another
 * unit's health and social details, read at delivery): what every field of PlanEvent shows.
 */
export function viewFor(e: ViewedEvent, ctx: RequestContext): Promise<EventView> {
  let ofContext = viewsOf.get(ctx);
  if (!ofContext) viewsOf.set(ctx, (ofContext = new WeakMap()));
  return ofContext.get(e) ?? viewOnce(ofContext, e, ctx);
}

function viewOnce(kept: WeakMap<object, Promise<EventView>>, e: ViewedEvent, ctx: RequestContext): Promise<EventView> {
  const view = consentEventView(ctx, e, viewOf(e, ctx.actor?.role));
  kept.set(e, view);
  // A failed read is not kept: the event's delivery may run again (core/http/shared-delivery.ts).
  view.catch(() => kept.get(e) === view && kept.delete(e));
  return view;
}

/**
 * What a change was about, as a person names it ("Bostøtte", "planen"). A record without a
 * title of its own is named by a common noun in small letters: the name is read inside a
 * sentence ("Anna Holm (Jobcenter) ændrede forløbet: …", "… gemte oven i din ændring af planen").
 */
const TITLE_OF_TYPE: Readonly<Record<string, string>> = {
  Plan: 'planen',
  Programme: 'forløbet',
  FollowUpMeeting: 'opfølgningssamtalen',
  MentorMeeting: 'opfølgningssamtalen',
  CoordinatorAssignment: 'koordinatoren',
  JobFacilitatorAssignment: 'den personlige jobformidler',
  NextStepDecision: 'indsatsen efter forløbet',
  MentorGrant: 'mentorbevillingen',
  SubGoalProgress: 'progression på delmål',
  Citizen: 'borgerens kontaktoplysninger',
};

export function titleOf(record: EventView['record']): string | null {
  if (!record) return null;
  if (typeof record.title === 'string' && record.title) return record.title;
  if (record.__typename === 'SubGoal' && typeof record.text === 'string') return record.text;
  return TITLE_OF_TYPE[record.__typename] ?? null;
}
