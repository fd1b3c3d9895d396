import { formatDanishDate, formatDanishDateTime, localDate } from '@samplan/schema';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { badInput } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { FollowUpMeeting } from './follow-up.entity';
import type { Programme } from './programme.entity';
import { COORDINATE, guardPlan } from './plan-guard';
import { actorLabel, writeInPlan } from './plan-write';
import type { RecordFollowUpInput } from './plan.inputs';

const HELD_CLOCK_MARGIN_MS = 5 * 60_000;

/**
 * A held follow-up meeting. The next meeting is always agreed before one ends
 * (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5, STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8), so it is required and must lie after this one.
 */
export async function recordFollowUp(ctx: RequestContext, input: RecordFollowUpInput): Promise<FollowUpMeeting> {
  const heldAt = new Date(input.heldAt);
  const next = new Date(input.nextMeetingAt);
  if (next.getTime() <= heldAt.getTime()) throw badInput('nextMeetingAt', 'Næste samtale skal ligge efter denne.');
  // Not before it is held (it counts towards the samtaler and clears the next-samtale warning);
  // times carry their zone, so the margin is only for a browser's clock running a little fast.
  if (heldAt.getTime() > ctx.deps.clock.now().getTime() + HELD_CLOCK_MARGIN_MS) throw badInput('heldAt', 'En samtale kan først registreres, når den er holdt.');
  const access = await guardPlan(ctx, input.planId, COORDINATE, { action: 'RECORD_FOLLOW_UP', entityType: 'FOLLOW_UP' });
  const programme = await ctx.loaders.programme.load(access.programmeId);
  const before = programme ? heldBeforeForloeb(programme, localDate(heldAt)) : null;
  if (before) throw badInput('heldAt', before);
  const label = await actorLabel(ctx);
  const actor = actorOf(ctx);
  return writeInPlan(ctx, access, { action: 'RECORD_FOLLOW_UP', entityType: 'FOLLOW_UP' }, async (m) => {
    const meeting = await m.save(m.create(FollowUpMeeting, {
      municipalityId: access.municipalityId, planId: access.planId, heldAt, mode: input.mode, participants: input.participants.map((p) => p.trim()).filter(Boolean),
      summary: input.summary.trim(), nextMeetingAt: next, sharedWithMentor: input.sharedWithMentor, version: 1, createdById: actor.userId,
    }));
    const when = formatDanishDateTime(next);
    return {
      result: meeting,
      entityId: meeting.id,
      event: { kind: EventKind.FOLLOW_UP_RECORDED, summary: `${label} registrerede en opfølgningssamtale; næste samtale ${when}`, entity: { __typename: 'FollowUpMeeting', ...meeting } },
    };
  });
}

/**
 * Why a samtale held on `heldOn` (a Danish day) cannot be one of this forløb's, or null.
 *
 * The bound is the day the forløb came to be: its decision date, or its start where that is
 * earlier. Not the start alone: the first samtale goes through the rehabiliteringsteam's
 * recommendation and starts the plan, recommended at the latest a week after the team's meeting
 * (rule 7, STAR’s vejledning om ressourceforløb 2020, afsnit 5.2), so it is often held between
 * the decision and a first day fixed later; refused, it could not be recorded, and rule 7 would
 * go on asking for it. Before the decision there is no forløb to follow up (a ressourceforløb and
 * the municipality's own forløb start on their decision date or later), except a
 * jobafklaringsforløb, which follows from lov om sygedagpenge § 24 a and may have begun before
 * its decision: its samtaler count from its first day.
 *
 * Every way a samtale comes to be recorded as held asks this: "Registrér opfølgningssamtale"
 * here, and "Registrér fremmøde" of a booked samtale (meeting.service.ts).
 */
export function heldBeforeForloeb(programme: Pick<Programme, 'decisionDate' | 'startDate'>, heldOn: string): string | null {
  if (programme.startDate < programme.decisionDate) {
    return heldOn < programme.startDate ? `En samtale kan ikke være holdt, før forløbet begyndte (${formatDanishDate(programme.startDate)}).` : null;
  }
  return heldOn < programme.decisionDate ? `En samtale kan ikke være holdt før forløbets afgørelsesdato (${formatDanishDate(programme.decisionDate)}).` : null;
}
