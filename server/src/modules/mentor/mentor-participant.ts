import { grantRunsOn } from '@samplan/schema';
import type { PlanAccess } from '../plan';

/**
 * A mentor takes part in a booked samtale (meeting.service.ts) only on a day a grant of theirs
 * on the plan runs: a grant cut short before the samtale takes them out of it — from their own
 * list (MentorCase.mySamtaler), from what they are told of it (mentor-events.ts), from those
 * the citizen is told are coming (Min plan) and from those staff see (meeting.service.ts,
 * staffComing) — though the booking still names them.
 *
 * In memory: mentorGrantRunsOn, over the plan's access. As SQL: `meeting` is the booked_meeting row's alias, `mentor` the mentor's id (a column or a
 * parameter). The samtale's day is its Danish date.
 */
export function mentorGrantCoversSamtaleSql(meeting: string, mentor: string): string {
  return `EXISTS (SELECT 1 FROM mentor_grant g WHERE g.plan_id = ${meeting}.plan_id AND g.mentor_id = ${mentor}
            AND (${meeting}.starts_at AT TIME ZONE 'Europe/Copenhagen')::date BETWEEN g.start_date AND g.end_date)`;
}

/** Whether a grant of the mentor's on the plan runs on `day` (a Danish date, YYYY-MM-DD): the rule above, in memory. */
export function mentorGrantRunsOn(access: Pick<PlanAccess, 'mentorGrants'> | null | undefined, mentorId: string, day: string): boolean {
  return !!access?.mentorGrants.some((g) => g.mentorId === mentorId && grantRunsOn(g, day));
}
