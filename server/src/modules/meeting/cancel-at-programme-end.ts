import { onProgrammeEnded } from '../plan';

/** When a programme ends, the samtaler still booked after now are called off, with the reason. */
onProgrammeEnded(async (m, ctx, ended) => {
  const now = ctx.deps.clock.now();
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  const [rows]: [Array<{ id: string }>, number] = await m.query(
    `UPDATE booked_meeting SET status = 'CANCELLED', cancel_reason = 'Forløbet er afsluttet', version = version + 1, updated_at = $2, updated_by = $3
      WHERE plan_id = $1 AND status = 'BOOKED' AND starts_at > $2 RETURNING id`,
    [ended.planId, now, ctx.actor?.userId ?? null],
  );
  if (rows.length === 0) return null;
  return rows.length === 1 ? '1 booket samtale er aflyst' : `${rows.length} bookede samtaler er aflyst`;
});
