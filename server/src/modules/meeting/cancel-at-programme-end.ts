import { In } from 'typeorm';
import { EventKind } from '../../core/events/event-kinds';
import { alsoChanged, onProgrammeEnded } from '../plan';
import { BookedMeeting } from './meeting.entity';
import { danishTime } from './meeting.service';

/**
 * When a programme ends, the samtaler still booked after now are called off, with the reason.
 * Each is a change of its own (an audit row and a MEETING_CANCELLED event), so open plan pages
 * read their samtaler again and the booking's history says why it was called off.
 */
onProgrammeEnded(async (m, ctx, ended) => {
  const now = ctx.deps.clock.now();
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  const [rows]: [Array<{ id: string; citizen_id: string }>, number] = await m.query(
    `UPDATE booked_meeting b SET status = 'CANCELLED', cancel_reason = 'Forløbet er afsluttet', version = b.version + 1, updated_at = $2, updated_by = $3
       FROM plan p WHERE p.id = b.plan_id AND b.plan_id = $1 AND b.status = 'BOOKED' AND b.starts_at > $2 RETURNING b.id, p.citizen_id`,
    [ended.planId, now, ctx.actor?.userId ?? null],
  );
  if (rows.length === 0) return null;
  const plan = { planId: ended.planId, municipalityId: ended.municipalityId, citizenId: rows[0].citizen_id };
  for (const meeting of await m.findBy(BookedMeeting, { id: In(rows.map((r) => r.id)) })) {
    await alsoChanged(m, ctx, plan, { action: 'CANCEL_MEETING', entityType: 'MEETING' }, {
      result: meeting,
      entityId: meeting.id,
      event: { kind: EventKind.MEETING_CANCELLED, summary: `Samtalen ${danishTime(meeting.startsAt)} er aflyst: forløbet er afsluttet`, entity: { __typename: 'BookedMeeting', ...meeting } },
    });
  }
  return rows.length === 1 ? '1 booket samtale er aflyst' : `${rows.length} bookede samtaler er aflyst`;
});
