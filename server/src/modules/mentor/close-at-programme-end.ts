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
 * Each grant so ended is a change of its own (an audit row and a MENTOR_GRANT_ENDED event,
 * as when the coordinator ends it), so the grant's history says when and why it ended, and
 * its mentor hears of it live.
 */
onProgrammeEnded(async (m, ctx, ended) => {
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  // Every write of a grant takes the programme's lock first, as this ending holds it: `before`
  // is the grant as it was.
  const [rows]: [Array<{ id: string; end_date_before: string; ended_early_before: boolean; citizen_id: string }>, number] = await m.query(
    `UPDATE mentor_grant g SET end_date = CASE WHEN g.start_date > $2::date THEN g.start_date - 1 ELSE $2::date END, ended_early = true, version = g.version + 1
       FROM (SELECT id, end_date, ended_early FROM mentor_grant WHERE plan_id = $1 AND end_date > $2::date) before, plan p
      WHERE g.id = before.id AND p.id = g.plan_id
      RETURNING g.id, to_char(before.end_date, 'YYYY-MM-DD') AS end_date_before, before.ended_early AS ended_early_before, p.citizen_id`,
    [ended.planId, ended.endDate],
  );
  if (rows.length === 0) return null;
  const plan = { planId: ended.planId, municipalityId: ended.municipalityId, citizenId: rows[0].citizen_id };
  const before = new Map(rows.map((r) => [r.id, r]));
  for (const grant of await m.findBy(MentorGrant, { id: In(rows.map((r) => r.id)) })) {
    const calledOff = grant.endDate < grant.startDate;
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
