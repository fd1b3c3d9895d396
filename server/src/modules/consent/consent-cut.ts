import { isNonNullType, type GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../core/context';
import type { FieldGuard } from '../../core/field-guards';
import { Role, UnitKind } from '../org/org.enums';
import { loadActiveGrants } from './consent.loaders';
import { detailsVisible, governedByConsent, type ActiveGrant, type DetailsOwner } from './consent.policy';

/**
 * Where the consent policy (consent.policy.ts) is applied, precisely:
 *
 * - on `HealthIntervention` and `SocialIntervention`: the unit's own fields (provider,
 *   sessionsPerMonth, focus; legalBasis, provider, hoursPerWeek) answer null, and the free
 *   text the intervention shares with the plan (`shortTermGoal`, `notes`) answers "" — its
 *   reason for an end or annulment (`endReason`, free text too: "indlagt", "i behandling") null;
 *   what stays: that it exists, its id, title, kind, status, period, owning unit, who last
 *   changed it, its sub-goals and its activities' dates and status (the contact and the
 *   plan's shape). `detailsWithheld` says so, `detailsWithheldReason` says why, in Danish;
 * - on an `Activity` of such an intervention: `title` answers "Aktivitet", `notes` and `assignee` "",
 *   `place` null;
 * - on a plan event whose record is one of these: the record is cut the same way, its
 *   `changes` and `overwrote` leave out the cut fields, and an activity's title is taken
 *   out of the summary.
 *
 * Queries read the register through the request's loader (fresh per request); live events
 * read it once per event, when it is delivered, so a withdrawal cuts the next event.
 */

/** The cut fields per type, and what a cut non-null text answers. */
export const WITHHELD_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  HealthIntervention: new Set(['provider', 'sessionsPerMonth', 'focus', 'shortTermGoal', 'notes', 'endReason']),
  SocialIntervention: new Set(['legalBasis', 'provider', 'hoursPerWeek', 'shortTermGoal', 'notes', 'endReason']),
  // Who is responsible says what kind of help it is as plainly as its title ("Misbrugskonsulent …"),
  // and so does where it is ("Psykiatrisk ambulatorium", "Alkoholbehandlingen"): the place is a
  // detail, cut from another unit's staff as the notes are. Never from the citizen: it is where
  // their own appointment is (openWithoutRegister; Min plan reads CitizenActivity, which no cut
  // covers), nor from a mentor the activity is shared with, who reads its title too (the
  // citizen's word for the mentor, mentorMaySeeActivitySql) and may have to get the citizen there.
  Activity: new Set(['title', 'notes', 'assignee', 'place']),
};
/** What a withheld activity's title answers, on the plan and in the access log (access-log-titles.ts). */
export const ACTIVITY_TITLE_WITHHELD = 'Aktivitet';
const SUMMARY_TITLE_WITHHELD = '[detaljer tilbageholdt]';

/** A record the event cut already decided for this receiver: whether its details are withheld. */
const DECIDED = Symbol('consentDecided');
type Decided = { [DECIDED]?: boolean };

type Root = Record<string, unknown> & Decided;

/** The unit kind each unit's own intervention type stands for (their unit modules register the same). */
const KIND_OF_TYPE: Readonly<Record<string, UnitKind>> = {
  JobcenterIntervention: UnitKind.EMPLOYMENT,
  SocialIntervention: UnitKind.SOCIAL,
  HealthIntervention: UnitKind.HEALTH,
};

/**
 * Who owns an intervention record, and the unit kind that governs its details. A unit's own
 * type says the kind (a HealthIntervention is the health unit's, whatever the record holds, as
 * its fields are); the shared `Intervention` type reads it from the record. A record that does
 * not say (a stored event written without it) has no kind: the policy cuts it.
 */
function interventionOwner(typename: string, root: Root): DetailsOwner {
  return { unitId: root.unitId as string, unitKind: KIND_OF_TYPE[typename] ?? (root.unitKind as string | undefined) };
}

/** Who owns an intervention or an activity's intervention; null when the record is governed by nothing. */
async function ownerOf(ctx: RequestContext, typename: string, root: Root): Promise<DetailsOwner | null> {
  if (typename === 'Activity') {
    const interventionId = root.interventionId as string | null | undefined;
    if (!interventionId) return null;
    // The plan's interventions: on a plan page already loaded for its cards, so no statement of its own.
    // A subscription's loaders live as long as it does: an intervention created since is read by id.
    const intervention =
      (await ctx.loaders.interventionsByPlan.load(root.planId as string)).find((i) => i.id === interventionId) ??
      (await ctx.loaders.intervention.load(interventionId));
    // Deny by default: an activity whose intervention cannot be read is treated as another unit's health details.
    return intervention ? { unitId: intervention.unitId, unitKind: intervention.unitKind } : { unitId: '', unitKind: 'HEALTH' };
  }
  return interventionOwner(typename, root);
}

/**
 * Details the register does not decide on: a unit not governed by consent, the caller's own
 * unit, the citizen's own view. True when the details are open to the caller whatever the
 * register holds.
 */
function openWithoutRegister(ctx: RequestContext, owner: DetailsOwner): boolean {
  return !governedByConsent(owner.unitKind) || ctx.actor?.role === Role.CITIZEN || (!!ctx.actor?.unitId && ctx.actor.unitId === owner.unitId);
}

/** The decision when it needs nothing read: already decided, no intervention behind an activity, or details open without the register; undefined otherwise. */
function withheldWithoutReading(ctx: RequestContext, typename: string, root: Root): boolean | undefined {
  if (root[DECIDED] !== undefined) return root[DECIDED];
  if (typename === 'Activity') return root.interventionId ? undefined : false;
  return openWithoutRegister(ctx, interventionOwner(typename, root)) ? false : undefined;
}

/** Whether the caller is kept from the details of this record (query path: the request's loaders). */
export async function isWithheld(ctx: RequestContext, typename: string, root: Root): Promise<boolean> {
  const known = withheldWithoutReading(ctx, typename, root);
  if (known !== undefined) return known;
  const owner = await ownerOf(ctx, typename, root);
  if (!owner || openWithoutRegister(ctx, owner)) return false;
  const grants = await ctx.loaders.activeGrantsByPlan.load(root.planId as string);
  return !detailsVisible(ctx.actor, owner, grants);
}

function cutValue(typename: string, field: string, info: GraphQLResolveInfo): unknown {
  if (typename === 'Activity' && field === 'title') return ACTIVITY_TITLE_WITHHELD;
  return isNonNullType(info.returnType) ? '' : null;
}

/**
 * The field guard (registered in the manifest): a cut field of a withheld record answers
 * its cut value; every other field passes untouched. Mentors never reach these types. A
 * record no field resolves (a CONFLICT's `current`) is cut as a plan event's record is.
 */
export const consentFieldGuard: FieldGuard<RequestContext> = {
  covers: (type, field) => WITHHELD_FIELDS[type]?.has(field) ?? false,
  async cut(context, typeName, record) {
    if (!WITHHELD_FIELDS[typeName]) return record;
    return (await isWithheld(context, typeName, record)) ? cutRecord({ ...record, __typename: typeName }, true) : record;
  },
  check({ root, context, info }, next) {
    // Synchronous where the answer needs no reading (the caller's own unit's record, one not
    // governed by consent, one already decided): no promise on those fields.
    if (!root || typeof root !== 'object') return next();
    const known = withheldWithoutReading(context, info.parentType.name, root as Root);
    if (known !== undefined) return known ? cutValue(info.parentType.name, info.fieldName, info) : next();
    return isWithheld(context, info.parentType.name, root as Root).then((withheld) => (withheld ? cutValue(info.parentType.name, info.fieldName, info) : next()));
  },
};

/** A record copy with its cut fields blanked and the decision on it. */
function cutRecord<R extends Record<string, unknown> & { __typename: string }>(record: R, withheld: boolean): R {
  const copy = { ...record } as R & Decided;
  copy[DECIDED] = withheld;
  if (!withheld) return copy;
  const fields = WITHHELD_FIELDS[record.__typename] ?? new Set<string>();
  for (const f of fields) {
    if (!(f in copy)) continue;
    (copy as Record<string, unknown>)[f] = record.__typename === 'Activity' && f === 'title' ? ACTIVITY_TITLE_WITHHELD : typeof record[f] === 'string' && (f === 'shortTermGoal' || f === 'notes' || f === 'assignee') ? '' : null;
  }
  (copy as Record<string, unknown>).detailsWithheld = true;
  return copy;
}

/** The register's active grants for an event, read once per delivered event (the feed's batch objects are fresh). */
const grantsOfEvent = new WeakMap<object, Promise<ActiveGrant[]>>();
function eventGrants(ctx: RequestContext, event: { planId: string }): Promise<ActiveGrant[]> {
  // A query (planHistory) reads through the request's batched loader; a subscription has no
  // request: its event is read fresh, once for all its receivers on this instance.
  if (ctx.requestDb) return ctx.loaders.activeGrantsByPlan.load(event.planId);
  let grants = grantsOfEvent.get(event);
  if (!grants) {
    grants = loadActiveGrants(ctx.deps.dataSource, [event.planId]).then((m) => m.get(event.planId) ?? []);
    grantsOfEvent.set(event, grants);
    grants.catch(() => grantsOfEvent.delete(event));
  }
  return grants;
}

export interface CuttableView {
  record: (Record<string, unknown> & { __typename: string }) | null;
  mayShow: (field: string) => boolean;
  summary: string;
}

/**
 * A plan event as this receiver may see it under the register: the record cut, the cut
 * fields left out of `changes` and `overwrote`, and the summary without an activity's title.
 * Called by the live module's event resolvers for every delivery and every history read.
 */
export async function consentEventView<V extends CuttableView>(ctx: RequestContext, event: { planId: string; payload?: Record<string, unknown> }, view: V): Promise<V> {
  const record = view.record;
  if (!record || !WITHHELD_FIELDS[record.__typename] || ctx.actor?.role === Role.MENTOR) return view;
  const owner = await ownerOf(ctx, record.__typename, record);
  const withheld = !!owner && !openWithoutRegister(ctx, owner) && !detailsVisible(ctx.actor, owner, await eventGrants(ctx, event));
  const cut = cutRecord(record, withheld);
  if (!withheld) return { ...view, record: cut };
  const fields = WITHHELD_FIELDS[record.__typename];
  let summary = view.summary;
  if (record.__typename === 'Activity') {
    const before = ((event.payload?.changes as Array<{ field: string; before: unknown }> | undefined) ?? []).find((c) => c.field === 'title')?.before;
    for (const title of [record.title, before]) if (typeof title === 'string' && title) summary = summary.split(title).join(SUMMARY_TITLE_WITHHELD);
  }
  return { ...view, record: cut, mayShow: (field: string) => !fields.has(field) && view.mayShow(field), summary };
}
