import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, Roles, STAFF } from '../../core/auth/access';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { DescriptionSection } from '../description';
import { User } from '../org/user.entity';
import { FollowUpMeeting, Plan } from '../plan';
import { CitizenMeetingComment, CitizenMeetingRequest, CitizenOwnWords, CitizenPlanSeen } from './citizen-words.entity';
import { HandleMeetingRequestInput, RequestMeetingInput, WriteMyDescriptionSectionInput, WriteMyMeetingCommentInput } from './citizen-words.inputs';
import {
  citizenOwnWordsForStaff, commentOnFollowUp, handleMeetingRequest, markMyPlanSeen, myOwnWords, requestMeeting, writeMyDescriptionSection, writeMyMeetingComment,
} from './citizen-words.service';

const CITIZEN = Roles(Role.CITIZEN);

/** The citizen's own words: what the citizen writes in their own plan (role CITIZEN only; staff may not write them). */
@Resolver(() => CitizenOwnWords)
export class CitizenWordsResolver {
  @Access(CITIZEN)
  @Query(() => CitizenOwnWords, { description: 'Mine egne ord i min plan: mine afsnit, mine kommentarer til samtaler, mine ønsker om samtale, og hvornår jeg sidst har set planen (kun borgeren selv).' })
  myOwnWords(@Arg('planId', () => ID) planId: string, @Ctx() ctx: RequestContext): Promise<CitizenOwnWords> {
    return myOwnWords(ctx, planId);
  }

  @Access(CITIZEN)
  @Mutation(() => DescriptionSection, { description: 'Skriv i "Mine ønsker og mål" eller "Det vil jeg gerne have hjælp til" i min egen plan (kun borgeren selv).' })
  writeMyDescriptionSection(@Arg('input') input: WriteMyDescriptionSectionInput, @Ctx() ctx: RequestContext): Promise<DescriptionSection> {
    return writeMyDescriptionSection(ctx, input);
  }

  @Access(CITIZEN)
  @Mutation(() => CitizenMeetingComment, { description: 'Skriv eller ret min kommentar til en holdt samtale (én pr. samtale; kun borgeren selv).' })
  writeMyMeetingComment(@Arg('input') input: WriteMyMeetingCommentInput, @Ctx() ctx: RequestContext): Promise<CitizenMeetingComment> {
    return writeMyMeetingComment(ctx, input);
  }

  @Access(CITIZEN)
  @Mutation(() => CitizenMeetingRequest, { description: 'Bed om en samtale (kun borgeren selv).' })
  requestMeeting(@Arg('input') input: RequestMeetingInput, @Ctx() ctx: RequestContext): Promise<CitizenMeetingRequest> {
    return requestMeeting(ctx, input);
  }

  @Access(CITIZEN)
  @Mutation(() => CitizenPlanSeen, { description: 'Jeg har set planen (kun borgeren selv; hver markering gemmes med tidspunktet).' })
  markMyPlanSeen(@Arg('planId', () => ID) planId: string, @Ctx() ctx: RequestContext): Promise<CitizenPlanSeen> {
    return markMyPlanSeen(ctx, planId);
  }

  @Access(STAFF)
  @Mutation(() => CitizenMeetingRequest, { description: 'Markér borgerens ønske om en samtale som behandlet (koordinerende sagsbehandler).' })
  handleMeetingRequest(@Arg('input') input: HandleMeetingRequestInput, @Ctx() ctx: RequestContext): Promise<CitizenMeetingRequest> {
    return handleMeetingRequest(ctx, input);
  }
}

@Resolver(() => CitizenMeetingRequest)
export class CitizenMeetingRequestResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Behandlet af.' })
  handledBy(@Root() request: CitizenMeetingRequest, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return request.handledById ? ctx.loaders.user.load(request.handledById) : null;
  }
}

@Resolver(() => Plan)
export class PlanCitizenWordsResolver {
  @FieldResolver(() => CitizenOwnWords, { nullable: true, description: 'Borgerens egne ord i planen (for medarbejdere på planen).' })
  citizenOwnWords(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<CitizenOwnWords | null> {
    return citizenOwnWordsForStaff(ctx, plan.id);
  }
}

@Resolver(() => FollowUpMeeting)
export class FollowUpCitizenCommentResolver {
  @FieldResolver(() => CitizenMeetingComment, { nullable: true, description: 'Borgerens kommentar til samtalen, med borgerens egne ord.' })
  citizenComment(@Root() followUp: FollowUpMeeting, @Ctx() ctx: RequestContext): Promise<CitizenMeetingComment | null> {
    return commentOnFollowUp(ctx, followUp);
  }
}
