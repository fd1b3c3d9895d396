/**
 * The citizen's own words in their plan: the citizen, signed in, writes "Mine ønsker og mål"
 * and "Det vil jeg gerne have hjælp til" (stored as description sections, author CITIZEN),
 * comments on each held samtale, asks for a samtale, and marks that they have seen the plan.
 * Staff on the plan read it all; the coordinator marks a request handled.
 */
import type { ServerModule } from '../../core/module';
import { allowForCitizen, citizenRefreshWhen } from '../citizen';
import { CITIZEN_KINDS, type DescriptionKind } from '../description';
import { registerPlanRecordType } from '../live';
import { CitizenMeetingComment, CitizenMeetingRequest, CitizenPlanSeen } from './citizen-words.entity';
import { citizenWordsLoaders } from './citizen-words.loaders';
import { CitizenMeetingRequestResolver, CitizenWordsResolver, FollowUpCitizenCommentResolver, PlanCitizenWordsResolver } from './citizen-words.resolver';

export { CitizenHeldMeeting, CitizenMeetingComment, CitizenMeetingRequest, CitizenOwnWords, CitizenPlanSeen } from './citizen-words.entity';

// The events' `record`: the comment, the request, the mark.
registerPlanRecordType(CitizenMeetingComment);
registerPlanRecordType(CitizenMeetingRequest);
registerPlanRecordType(CitizenPlanSeen);

// What the citizen reads of their own words (myOwnWords and the answers of their mutations);
// deny by default for everything else (citizen.allow-list.ts).
allowForCitizen('CitizenOwnWords', ['id', 'sections', 'heldMeetings', 'meetingRequests', 'lastSeen']);
allowForCitizen('DescriptionSection', ['id', 'planId', 'kind', 'title', 'text', 'inCitizensOwnWords', 'authorKind', 'version', 'updatedAt', 'updatedBy']);
allowForCitizen('CitizenHeldMeeting', ['followUpId', 'heldAt', 'mode', 'comment']);
allowForCitizen('CitizenMeetingComment', ['id', 'planId', 'followUpId', 'text', 'version', 'createdAt', 'updatedAt']);
allowForCitizen('CitizenMeetingRequest', ['id', 'planId', 'text', 'wishedTime', 'wishedMode', 'requestedAt', 'handledAt', 'handledBy', 'version']);
allowForCitizen('CitizenPlanSeen', ['id', 'planId', 'seenAt']);

// The citizen's own sections, written by staff (before the citizen has written in them) or by
// the citizen on another device: their open page reads them again. The staff's sections never reach them.
citizenRefreshWhen('DescriptionSection', (section) => CITIZEN_KINDS.includes(section.kind as DescriptionKind));

export const citizenWordsModule: ServerModule = {
  name: 'citizen-words',
  entities: [CitizenMeetingComment, CitizenMeetingRequest, CitizenPlanSeen],
  resolvers: [CitizenWordsResolver, CitizenMeetingRequestResolver, PlanCitizenWordsResolver, FollowUpCitizenCommentResolver],
  loaders: citizenWordsLoaders,
};
