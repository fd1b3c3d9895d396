import { localDate } from '@samplan/schema';
import type { Actor } from '../../core/auth/actor';
import { Role } from '../../core/auth/roles';
import type { Queryable } from '../../core/db/queryable';
import { mayShareWithMentor, mentorMaySeeActivitySql, type ActiveGrant } from '../consent';
import { planPolicy, type PlanAccess } from '../plan';

/**
 * Who may be present in a plan, and so see who else is: staff who may read the plan
 * (plan.policy.ts), and a mentor while their scoped view is open (planPolicy.mentorView:
 * a grant active today, in a programme that still runs).
 */
export function mayBePresent(actor: Actor, access: PlanAccess | null, now: Date): boolean {
  if (!access || access.municipalityId !== actor.municipalityId) return false;
  if (actor.role !== Role.MENTOR) return planPolicy.read(actor, access);
  return planPolicy.mentorView(actor, access, localDate(now));
}

/**
 * The records of a plan in mentors' views, per mentor: meetings shared with mentors
 * (`mentorId` null: any mentor of the plan), activities shared with them, per mentor with a
 * grant on the plan (a health or social activity reaches only a mentor its consent covers),
 * and each mentor's own tasks. A mentor
 * sees `editing` only for these; anything else (a health intervention, a sub-goal) would
 * tell them what the team is working on.
 */
export async function mentorRecordIds(db: Queryable, planId: string): Promise<Array<{ id: string; mentorId: string | null }>> {
  const rows: Array<{ id: string; mentor_id: string | null }> = await db.query(
    `SELECT a.id::text AS id, g.mentor_id::text FROM activity a JOIN (SELECT DISTINCT mentor_id FROM mentor_grant WHERE plan_id = $1) g ON true
      WHERE a.plan_id = $1 AND a.shared_with_mentor AND ${mentorMaySeeActivitySql('a', 'g.mentor_id')}
     UNION ALL SELECT id::text, NULL FROM follow_up_meeting WHERE plan_id = $1 AND shared_with_mentor
     UNION ALL SELECT id::text, mentor_id::text FROM mentor_task WHERE plan_id = $1 AND removed_at IS NULL`,
    [planId],
  );
  return rows.map((r) => ({ id: r.id, mentorId: r.mentor_id }));
}

/** May this viewer see that `recordId` is being edited? Staff on the plan: any record; a mentor: only records in their view. */
export function mayKnowOf(actor: Actor, recordId: string, mentorRecords: ReadonlyArray<{ id: string; mentorId: string | null }>): boolean {
  if (actor.role !== Role.MENTOR) return true;
  return mentorRecords.some((r) => r.id === recordId && (r.mentorId === null || r.mentorId === actor.userId));
}

/**
 * May this viewer see that this person has the plan open? Staff on the plan: everyone. A
 * mentor: not another mentor (a mentor's view is their own grant and tasks, and that the
 * citizen has a second mentor, perhaps a social one, is not theirs to know), and not the staff
 * of a health or social unit unless the citizen shares that kind's details with this mentor
 * (mayShareWithMentor, the rule for shared activities): that such a unit works with the citizen
 * is itself health or social information.
 */
export function mayBeSeenBy(viewer: Actor, present: { userId: string; unitKind: string | null; role: string }, grants: readonly ActiveGrant[]): boolean {
  if (viewer.role !== Role.MENTOR || present.userId === viewer.userId) return true;
  if (present.role === Role.MENTOR) return false;
  return present.unitKind === null || mayShareWithMentor(present.unitKind, grants, viewer.userId);
}
