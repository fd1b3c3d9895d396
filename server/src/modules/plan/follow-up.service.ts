import { formatDanishDateTime, heldBeforeForloeb, localDate } from '@samplan/schema';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { uniqueViolationOf } from '../../core/db/unique-violation';
import { badInput, conflict } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { FollowUpMeeting } from './follow-up.entity';
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
  // Not one held before the forløb came to be, in the words the form says it in (heldBeforeForloeb, @samplan/schema).
  const before = programme ? heldBeforeForloeb(programme, localDate(heldAt)) : null;
  if (before) throw badInput('heldAt', before);
  const label = await actorLabel(ctx);
  const actor = actorOf(ctx);
  return writeInPlan(ctx, access, { action: 'RECORD_FOLLOW_UP', entityType: 'FOLLOW_UP' }, async (m) => {
    const meeting = await m.save(m.create(FollowUpMeeting, {
      municipalityId: access.municipalityId, planId: access.planId, heldAt, mode: input.mode, participants: input.participants.map((p) => p.trim()).filter(Boolean),
      summary: input.summary.trim(), nextMeetingAt: next, sharedWithMentor: input.sharedWithMentor, version: 1, createdById: actor.userId,
    })).catch(refuseHeldTwice(heldAt));
    const when = formatDanishDateTime(next);
    return {
      result: meeting,
      entityId: meeting.id,
      event: { kind: EventKind.FOLLOW_UP_RECORDED, summary: `${label} registrerede en opfølgningssamtale; næste samtale ${when}`, entity: { __typename: 'FollowUpMeeting', ...meeting } },
    };
  });
}

/** The unique index that holds one held samtale per plan and time (migration 80). */
export const HELD_ONCE_INDEX = 'follow_up_held_once_uq';

/**
 * A samtale is registered once (migration 80): a second registration of the plan's samtale at
 * the same time — a colleague's at the same moment, or one typed again — is refused by the
 * index, and told so in Danish, with nothing written.
 */
function refuseHeldTwice(heldAt: Date) {
  return (err: unknown): never => {
    if (uniqueViolationOf(err) !== HELD_ONCE_INDEX) throw err;
    throw conflict(`En opfølgningssamtale holdt ${formatDanishDateTime(heldAt)} er allerede registreret på planen. Se planens opfølgningssamtaler.`, null);
  };
}
