import { todayInDenmark } from '@samplan/schema';
import { getFragmentData, type FragmentType } from '../../gql';
import type { ActivityRights } from './ActivityControls';
import { InterventionCardFragment } from './Interventions';
import { mentorHasAccess } from './mentorGrants';
import { MentorSectionFragment } from './MentorSection';

/** An ended programme's activities: nobody changes them (planOpen.ts). */
export const NO_ACTIVITY_RIGHTS: ActivityRights = { editableInterventionIds: new Set(), canShare: false };

/**
 * Who may change the plan's activities, by the server's rules: the unit that owns an
 * activity's intervention (its staff, while on the team: `canWorkInPlan`), and the
 * coordinator for sharing with the mentor, while a mentor has access (a grant ended early, on its last day, too:
 * what the mentor still sees can be taken back).
 */
export function activityRights(
  plan: FragmentType<typeof MentorSectionFragment> & { interventions: ReadonlyArray<FragmentType<typeof InterventionCardFragment>> },
  myUnitId: string | null | undefined,
  canWorkInPlan: boolean,
): ActivityRights {
  const mentor = getFragmentData(MentorSectionFragment, plan);
  const day = todayInDenmark();
  const editableInterventionIds = new Set(
    canWorkInPlan && myUnitId
      ? plan.interventions.map((ref) => getFragmentData(InterventionCardFragment, ref)).filter((iv) => iv.unit.id === myUnitId).map((iv) => iv.id)
      : [],
  );
  const canShare = mentor.myStanding === 'COORDINATOR' && mentorHasAccess(mentor.mentorGrants, day);
  return { editableInterventionIds, canShare };
}
