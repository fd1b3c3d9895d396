import { onProgrammeEnded } from '../plan';

/**
 * A mentor supports the citizen in carrying out the plan: when the programme ends, a grant
 * that runs past its last day ends on that day (as ended early), so the mentor's access to
 * the citizen ends with the programme. A grant that had not begun by then is called off: it
 * ends the day before its first (migration 39), so it runs on no day.
 */
onProgrammeEnded(async (m, _ctx, ended) => {
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  const [rows]: [Array<{ id: string }>, number] = await m.query(
    `UPDATE mentor_grant SET end_date = CASE WHEN start_date > $2::date THEN start_date - 1 ELSE $2::date END, ended_early = true, version = version + 1
      WHERE plan_id = $1 AND end_date > $2::date RETURNING id`,
    [ended.planId, ended.endDate],
  );
  return rows.length ? 'mentorstøtten er afsluttet' : null;
});
