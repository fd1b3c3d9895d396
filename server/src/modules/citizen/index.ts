/**
 * The citizen's own view ("Min plan"): the signed-in citizen reads their current plan across
 * all units in citizen view types, held to the citizen allow-list, and follows it live.
 */
import type { ServerModule } from '../../core/module';
import { registerPlanRecordType, registerRoleEventView } from '../live';
import { Role } from '../org/org.enums';
import { citizenEventFields, citizenMayReceive, citizenView } from './citizen-events';
import { CitizenIntervention, CitizenMeeting, CitizenMentorSupport, CitizenPlan, CitizenSubGoal } from './citizen-view.types';
import { citizenFieldGuard } from './citizen.allow-list';
import { CitizenPlanResolver } from './citizen.resolver';
import { guardCitizenSubscribe } from './citizen.service';

export { CITIZEN_ALLOW, allowForCitizen, citizenFieldGuard, citizenMayRead } from './citizen.allow-list';
export { citizenEventShape, citizenMayReceive, citizenRefreshWhen, citizenView } from './citizen-events';
export { CitizenActivity, CitizenContact, CitizenEndedProgramme, CitizenIntervention, CitizenMeeting, CitizenMentorSupport, CitizenPlan, CitizenSubGoal } from './citizen-view.types';

// A citizen's live event carries one of these as its `record` (citizen-events.ts).
for (const type of [CitizenPlan, CitizenSubGoal, CitizenIntervention, CitizenMeeting, CitizenMentorSupport]) registerPlanRecordType(type);

registerRoleEventView(Role.CITIZEN, {
  mayReceive: citizenMayReceive,
  view: citizenView,
  allowed: citizenEventFields,
  guardSubscribe: guardCitizenSubscribe,
});

/** Min plan; the allow-list guards every field a citizen reads. */
export const citizenModule: ServerModule = {
  name: 'citizen',
  resolvers: [CitizenPlanResolver],
  fieldGuards: [citizenFieldGuard],
};
