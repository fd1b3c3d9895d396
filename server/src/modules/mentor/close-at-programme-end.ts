import { formatDanishDate } from '@samplan/schema';
import { In } from 'typeorm';
import { EventKind } from '../../core/events/event-kinds';
import { alsoChanged, onProgrammeEnded } from '../plan';
import { MentorGrant } from './mentor-grant.entity';

/**
 * A mentor supports the citizen in carrying out the plan: when the programme ends, a grant
 * that runs past its last day ends on that day (as ended early), so the mentor's access to
 * the citizen ends with the programme. A grant that had not begun by then is called off: it
 * ends the day before its first (migration 39), so it runs on no day.
 *
 * A grant already called off runs on no day: it is not ended again (a second audit row, event
 * and notice to its mentor, and "mentorstøtten er afsluttet" in the ending's summary, would
 * tell of support that never ran).
 *
 * A programme ended as of a day gone by may end before work its mentor logged: the mentor's log
 * stays inside the grant, as when the coordinator ends it early (MENTOR_GRANT_ENDS_BEFORE_TASK,
 * docs/domain.md §6), so such a grant ends on the day of its latest task, not before it, and one
 * begun after the programme's last day with a task logged is ended on that day, not stored as
 * called off before it began. Its mentor's access ends now all the same: a grant gives access only
 * to a programme that runs (mentor.service.ts, myActiveGrant; mentor-events.ts).
 *
 * Each grant so ended is a change of its own (an audit row and a MENTOR_GRANT_ENDED event,
 * as when the coordinator ends it), so the grant's history says when and why it ended, and
 * its mentor hears of it live.
 */
onProgrammeEnded(async (m, ctx, ended) => {
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  // Every write of a grant and of a mentor's task takes the programme's lock first, as this
  // ending holds it: `before` is the grant as it was, and no task is logged meanwhile.
  // The new last day: the programme's (the day before its first for a grant begun after it),
  // or the latest task's when that is later. A grant called off (ending before its first day)
  // is left as it is, and so is one whose latest task lies on its own last day.
  const [rows]: [Array<{ id: string; end_date_before: string; ended_early_before: boolean; citizen_id: string }>, number] = await m.query(
    `UPDATE mentor_grant g SET end_date = before.new_end, ended_early = true, version = g.version + 1
       FROM (SELECT b.id, b.end_date, b.ended_early,
                    GREATEST(CASE WHEN b.start_date > $2::date THEN b.start_date - 1 ELSE $2::date END,
                             (SELECT max(k.done_on) FROM mentor_task k WHERE k.grant_id = b.id AND k.removed_at IS NULL)) AS new_end
               FROM mentor_grant b
              WHERE b.plan_id = $1 AND b.end_date > $2::date AND b.end_date >= b.start_date) before, plan p
      WHERE g.id = before.id AND p.id = g.plan_id AND before.new_end < before.end_date
      RETURNING g.id, to_char(before.end_date, 'YYYY-MM-DD') AS end_date_before, before.ended_early AS ended_early_before, p.citizen_id`,
    [ended.planId, ended.endDate],
  );
  if (rows.length === 0) return null;
  const plan = { planId: ended.planId, municipalityId: ended.municipalityId, citizenId: rows[0].citizen_id };
  const before = new Map(rows.map((r) => [r.id, r]));
  for (const grant of await m.findBy(MentorGrant, { id: In(rows.map((r) => r.id)) })) {
    const calledOff = grant.endDate < grant.startDate;
    // The audit row and the event go with `m`, the ending's transaction, as the grant's write
    // does: the grant never ends without its audit row, and an ending rolled back (refused
    // further on, or a conflict) takes both away with the write.
    await alsoChanged(m, ctx, plan, { action: 'END_MENTOR_GRANT', entityType: 'MENTOR_GRANT' }, {
      result: grant,
      entityId: grant.id,
      event: {
        kind: EventKind.MENTOR_GRANT_ENDED,
        summary: calledOff
          ? `Mentorstøtten fra ${formatDanishDate(grant.startDate)} er aflyst: forløbet er afsluttet`
          : `Mentorstøtten er afsluttet pr. ${formatDanishDate(grant.endDate)}: forløbet er afsluttet`,
        entity: { __typename: 'MentorGrant', ...grant },
        before: { __typename: 'MentorGrant', ...grant, endDate: before.get(grant.id)!.end_date_before, endedEarly: before.get(grant.id)!.ended_early_before, version: grant.version - 1 },
      },
    });
  }
  return 'mentorstøtten er afsluttet';
});
