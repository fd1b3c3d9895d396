import { isUnionType, type GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/context';
import type { FeedEvent } from '../../core/events/event-row';
import type { StoredChange, StoredOverwrite } from '../../core/events/field-changes';
import { Role, User } from '../org';
import { FieldChange, OverwrittenChange } from './field-change.type';
import { displayValue, fieldLabel, isApiField } from './field-display';
import { titleOf, viewFor } from './plan-event-view';
import { unitNamedToMentor } from './live.policy';
import { PlanEvent } from './plan-event.type';
import { PlanRecord } from './plan-record.union';

/**
 * What an event says changed, per receiver: the record as one typed union, its title, the
 * changed fields with Danish labels and display values, and whose saved values it replaced.
 * Every value comes from the event's payload, the receiver's role (plan-event-view.ts) and,
 * for another unit's health and social details, the citizen's consent register read at
 * delivery (consent module), so one execution serves every receiver of a role and unit
 * (core/http/shared-delivery.ts).
 *
 * The root is typed as the feed's event (an interface), not the PlanEvent class: for a root
 * typed with a class, type-graphql hands each field resolver a fresh copy of a plain object,
 * and the view, read once per event and receiver (plan-event-view.ts), and the consent
 * register, read once per delivered event, are kept by the very event object.
 */

@Resolver(() => PlanEvent)
export class PlanEventRecordResolver {
  @FieldResolver(() => PlanRecord, { nullable: true, description: 'Den ændrede post, som API’et viser den; klienten skriver den i sin cache uden at hente igen.' })
  async record(@Root() e: FeedEvent, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Record<string, unknown> | null> {
    const record = (await viewFor(e, ctx)).record;
    // A record of a type the union does not hold (a module that did not register it) is left out, not an error.
    const union = info.schema.getType('PlanRecord');
    return record && isUnionType(union) && union.getTypes().some((t) => t.name === record.__typename) ? record : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Hvad ændringen drejede sig om, fx "Bostøtte" (tom, når modtageren ikke må se det).' })
  async title(@Root() e: FeedEvent, @Ctx() ctx: RequestContext): Promise<string | null> {
    return titleOf((await viewFor(e, ctx)).record);
  }

  @FieldResolver(() => [FieldChange], { description: 'De ændrede felter, før og efter; tom for en oprettelse.' })
  async changes(@Root() e: FeedEvent, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<FieldChange[]> {
    const { record, mayShow, changesOf } = await viewFor(e, ctx);
    const type = record?.__typename ?? changesOf;
    if (!type) return [];
    const stored = (e.payload.changes as StoredChange[] | undefined) ?? [];
    const shown = stored.filter((c) => mayShow(c.field) && (isApiField(info.schema, type, c.field) || c.field === SUB_GOAL_LINKS));
    // Which sub-goals an intervention serves is stored as their ids: shown as the sub-goals' texts.
    const links = shown.find((c) => c.field === SUB_GOAL_LINKS);
    const subGoalText = links ? await subGoalTexts(ctx, e.planId, links) : null;
    return shown.map((c) => ({
      field: c.field,
      label: fieldLabel(info.schema, type, c.field),
      before: subGoalText && c.field === SUB_GOAL_LINKS ? subGoalText(c.before) : displayValue(info.schema, type, c.field, c.before),
      after: subGoalText && c.field === SUB_GOAL_LINKS ? subGoalText(c.after) : displayValue(info.schema, type, c.field, c.after),
    }));
  }

  @FieldResolver(() => [OverwrittenChange], { description: 'Andres gemte værdier, som denne gemning erstattede.' })
  async overwrote(@Root() e: FeedEvent, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<OverwrittenChange[]> {
    const { record, mayShow } = await viewFor(e, ctx);
    const stored = (e.payload.overwrote as StoredOverwrite[] | undefined) ?? [];
    if (!record || stored.length === 0) return [];
    const type = record.__typename;
    const out: OverwrittenChange[] = [];
    for (const o of stored) {
      const fields = o.fields.filter((f) => mayShow(f) && isApiField(info.schema, type, f)).map((f) => fieldLabel(info.schema, type, f));
      const user: User | null = fields.length ? await ctx.loaders.user.load(o.userId) : null;
      if (user && (ctx.actor?.role !== Role.MENTOR || unitNamedToMentor(user.unitId ? await ctx.loaders.unit.load(user.unitId) : null))) out.push({ user, seq: o.seq, fields });
    }
    return out;
  }
}

/**
 * The stored change of the sub-goals an intervention serves (intervention.service.ts): their
 * ids before and after, and their texts as they were when the links changed (`texts`, by id).
 */
const SUB_GOAL_LINKS = 'subGoalIds';
type StoredSubGoalLinks = StoredChange & { texts?: Record<string, unknown> };

const idsOf = (ids: unknown): string[] => (Array.isArray(ids) ? ids.map(String) : []);

/**
 * The sub-goals of a change of links, as the history shows a list of them (their texts,
 * comma-separated; an empty list: null): the texts stored with the change, so an old change
 * reads as it was made, whatever was renamed or deleted since. A change stored without them
 * (written before they were kept) reads the plan's sub-goals as they are now.
 */
async function subGoalTexts(ctx: RequestContext, planId: string, change: StoredSubGoalLinks): Promise<(ids: unknown) => string | null> {
  const then = new Map(Object.entries(change.texts ?? {}).filter((t): t is [string, string] => typeof t[1] === 'string'));
  const named = [...idsOf(change.before), ...idsOf(change.after)];
  const now = named.every((id) => then.has(id)) ? new Map<string, string>() : new Map((await ctx.loaders.subGoalsByPlan.load(planId)).map((g) => [g.id, g.text]));
  return (ids) => {
    const list = idsOf(ids).map((id) => then.get(id) ?? now.get(id) ?? 'et slettet delmål');
    return list.length ? list.join(', ') : null;
  };
}
