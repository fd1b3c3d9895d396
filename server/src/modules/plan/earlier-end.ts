import type { EntityManager } from 'typeorm';
import { formatDanishDate, localDate } from '@samplan/schema';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { updateVersionedChange } from '../../core/db/versioned-update';
import { badInput } from '../../core/errors/app-errors';
import { EventKind } from '../../core/events/event-kinds';
import { alsoChanged, camelRow } from './plan-write';
import { Plan } from './plan.entity';
import type { PlanAccess } from './plan.policy';

/**
 * A programme's end date moved earlier while it runs ("Ret slutdato", or a barsel period taken
 * out again): what lies past the new last day must not be left there, for the plan belongs to
 * the programme and runs no longer than it (STAR’s vejledning om ressourceforløb 2020, afsnit
 * 5.3; checkPlanPeriod), and mentor support is granted within the forløb it supports
 * (mentorGrantOutsideProgramme; afsnit 7).
 *
 * A mentor grant past the new end refuses the move, at the field, naming each grant by its
 * mentor and dates: ending it early is a change of the grant with its own rules (never before a
 * task the mentor has logged, MENTOR_GRANT_ENDS_BEFORE_TASK) and its mentor is told, so it is
 * ended or called off first ("Afslut mentorstøtte", "Aflys mentorstøtte"), and nothing the
 * mentor logged is lost. The plan period is cut back to the new end in the same transaction,
 * as its own change (an audit row and a PLAN_UPDATED event naming both days): it cannot be
 * shortened first, for a period shorter than six months that does not reach the programme's
 * end as it still stands is refused (PLAN_PERIOD_TOO_SHORT), and one that runs to the new end
 * meets the rule. One that begins after the new end cannot be cut back and refuses the move.
 *
 * Called in the move's transaction, after the programme's row is locked: every write of a grant
 * or of the plan takes that lock first, so nothing is granted past the new end meanwhile.
 * Returns what the move's own event adds to its summary, or null.
 */
export async function fitToEarlierEnd(
  m: EntityManager,
  ctx: RequestContext,
  access: Pick<PlanAccess, 'planId' | 'municipalityId' | 'citizenId'>,
  newEnd: string,
  refusal: { field: string; lead: string },
): Promise<string | null> {
  const last = formatDanishDate(newEnd);
  // A grant called off (its last day before its first) runs on no day and is left out.
  const grants: Array<{ start: string; end: string; mentor: string }> = await m.query(
    `SELECT to_char(g.start_date, 'YYYY-MM-DD') AS start, to_char(g.end_date, 'YYYY-MM-DD') AS "end", u.name AS mentor
       FROM mentor_grant g JOIN app_user u ON u.id = g.mentor_id
      WHERE g.plan_id = $1 AND g.end_date > $2::date AND g.end_date >= g.start_date
      ORDER BY g.start_date, g.end_date`,
    [access.planId, newEnd],
  );
  const listOf = (gs: typeof grants) => {
    const named = gs.map((g) => `mentorstøtten med ${g.mentor} (${formatDanishDate(g.start)}–${formatDanishDate(g.end)})`);
    return named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} og ${named[named.length - 1]}`;
  };
  // A grant begun after the new last day cannot be ended before its own first day (nor called
  // off, once begun): no way to fit it, so the refusal says how early the end can be instead.
  const today = localDate(ctx.deps.clock.now());
  const begunAfter = grants.filter((g) => g.start > newEnd && g.start <= today);
  if (begunAfter.length) {
    const earliest = begunAfter.reduce((a, g) => (g.start > a ? g.start : a), begunAfter[0].start);
    throw badInput(refusal.field,
      `${refusal.lead}: ${listOf(begunAfter)} er begyndt efter ${last} og kan ikke afsluttes før sin første dag. Slutdatoen kan tidligst blive ${formatDanishDate(earliest)}.`);
  }
  if (grants.length) {
    const list = listOf(grants);
    throw badInput(refusal.field,
      `${refusal.lead}: ${list} løber efter ${last}. Mentorstøtte bevilges inden for forløbet, så afslut først mentorstøtten senest ${last} (»Afslut mentorstøtte«, eller »Aflys mentorstøtte«, hvis den ikke er begyndt), og flyt så slutdatoen.`);
  }
  const [plan]: Array<{ version: number; period_start: string; period_end: string }> = await m.query(
    `SELECT version, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end FROM plan WHERE id = $1`,
    [access.planId],
  );
  if (!plan || plan.period_end <= newEnd) return null;
  if (plan.period_start >= newEnd) {
    throw badInput(refusal.field,
      `${refusal.lead}: planperioden begynder ${formatDanishDate(plan.period_start)}, ikke før ${last}. Ret planperioden først under »Redigér mål og planperiode«, og flyt så slutdatoen.`);
  }
  const actor = actorOf(ctx);
  const row = await updateVersionedChange(m, 'plan', access.planId, plan.version,
    { period_end: newEnd, updated_at: ctx.deps.clock.now(), updated_by: actor.userId }, () => m.findOneBy(Plan, { id: access.planId }));
  const [before, after] = [camelRow<Plan>(row.before), camelRow<Plan>(row.after)];
  const said = `planperioden er afkortet fra ${formatDanishDate(plan.period_end)} til ${last}`;
  await alsoChanged(m, ctx, access, { action: 'UPDATE_PLAN', entityType: 'PLAN' }, {
    result: after,
    entityId: access.planId,
    event: {
      kind: EventKind.PLAN_UPDATED,
      summary: `Planperioden er afkortet fra ${formatDanishDate(plan.period_end)} til ${last}: forløbets slutdato er flyttet tidligere`,
      entity: { __typename: 'Plan', ...after },
      before: { __typename: 'Plan', ...before },
    },
  });
  return said;
}
