import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { agreementTakenUp } from '../mentor/mentor-next-samtale';
import { User } from '../org/user.entity';
import { CoordinatorAssignment, FollowUpMeeting, Plan } from '../plan';
import { BookedMeeting } from './meeting.entity';
import { BookMeetingInput, CancelMeetingInput, EditMeetingInput, MeetingPeriod, MoveMeetingInput, RecordMeetingAttendanceInput } from './meeting.inputs';
import { awaitingAttendance, bookMeeting, cancelMeeting, editMeeting, meetingsFor, meetingStaffOptions, moveMeeting, nextBooked, recordMeetingAttendance, staffComing } from './meeting.service';

@Resolver(() => BookedMeeting)
export class MeetingResolver {
  @Access(STAFF)
  @Mutation(() => BookedMeeting, { description: 'Book en samtale med borgeren (koordinator og forvaltningerne på planen).' })
  bookMeeting(@Arg('input') input: BookMeetingInput, @Ctx() ctx: RequestContext): Promise<BookedMeeting> {
    return bookMeeting(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => BookedMeeting, { description: 'Flyt en booket samtale: ny tid og nyt sted.' })
  moveMeeting(@Arg('input') input: MoveMeetingInput, @Ctx() ctx: RequestContext): Promise<BookedMeeting> {
    return moveMeeting(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => BookedMeeting, { description: 'Ret deltagerne i en booket samtale (medarbejdere, borgerens mentor, netværk og bisidder) og dens dagsorden.' })
  editMeeting(@Arg('input') input: EditMeetingInput, @Ctx() ctx: RequestContext): Promise<BookedMeeting> {
    return editMeeting(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => BookedMeeting, { description: 'Aflys en booket samtale med en begrundelse.' })
  cancelMeeting(@Arg('input') input: CancelMeetingInput, @Ctx() ctx: RequestContext): Promise<BookedMeeting> {
    return cancelMeeting(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => BookedMeeting, { description: 'Registrér fremmøde: mødt (samtalen registreres som holdt) eller udeblevet (med eller uden rimelig grund).' })
  recordMeetingAttendance(@Arg('input') input: RecordMeetingAttendanceInput, @Ctx() ctx: RequestContext): Promise<BookedMeeting> {
    return recordMeetingAttendance(ctx, input);
  }

  @FieldResolver(() => [User], { description: 'Deltagere fra kommunen, der stadig kommer: medarbejdere og borgerens mentor (ikke en, hvis konto er deaktiveret, eller en mentor, hvis bevilling ikke længere løber på dagen).' })
  staff(@Root() meeting: BookedMeeting, @Ctx() ctx: RequestContext): Promise<User[]> {
    return staffComing(ctx, meeting);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Booket af.' })
  bookedBy(@Root() meeting: BookedMeeting, @Ctx() ctx: RequestContext): Promise<User | null> {
    return ctx.loaders.user.load(meeting.bookedById);
  }

  @FieldResolver(() => FollowUpMeeting, { nullable: true, description: 'Den holdte opfølgningssamtale, når borgeren mødte.' })
  followUp(@Root() meeting: BookedMeeting, @Ctx() ctx: RequestContext): Promise<FollowUpMeeting | null> | null {
    return meeting.followUpId ? ctx.loaders.heldFollowUp.load(meeting.followUpId) : null;
  }
}

@Resolver(() => Plan)
export class PlanMeetingsResolver {
  @FieldResolver(() => [BookedMeeting], { description: 'Bookede samtaler: kommende med den næste først (standard), tidligere med den seneste først, eller alle.' })
  async meetings(
    @Root() plan: Plan,
    @Arg('period', () => MeetingPeriod, { defaultValue: MeetingPeriod.UPCOMING }) period: MeetingPeriod,
    @Ctx() ctx: RequestContext,
  ): Promise<BookedMeeting[]> {
    // On an ended programme nothing waits for its fremmøde any more (it can no longer be registered): open is what is ahead.
    const open = period === MeetingPeriod.OPEN && (await ctx.loaders.planAccess.load(plan.id))?.programmeEnded ? MeetingPeriod.UPCOMING : period;
    return meetingsFor(await ctx.loaders.bookedMeetingsByPlan.load(plan.id), open, ctx.deps.clock.now());
  }

  @FieldResolver(() => [User], {
    description: 'Dem fra kommunen, der kan deltage i en samtale om planen, efter navn: medarbejderne, der kan se planen (koordinatoren og sagsbehandlerne fra forvaltningerne i teamet), og borgerens mentor med en bevilling, der løber i dag.',
  })
  async meetingStaffOptions(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<User[]> {
    const access = await ctx.loaders.planAccess.load(plan.id);
    return access ? meetingStaffOptions(ctx, access) : [];
  }

  @FieldResolver(() => BookedMeeting, {
    nullable: true,
    description: 'Næste bookede samtale: den første bookede samtale, der ikke er slut. Tom, når ingen er booket; nextFollowUpAt er så tiden, der blev aftalt ved seneste samtale.',
  })
  async nextBookedMeeting(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<BookedMeeting | null> {
    return nextBooked(await ctx.loaders.bookedMeetingsByPlan.load(plan.id), ctx.deps.clock.now());
  }

  @FieldResolver(() => Boolean, {
    description:
      'Om samtalen, der blev aftalt ved seneste opfølgningssamtale (nextFollowUpAt), er booket som den aftalte ("Book den aftalte samtale"), uanset om bookingen siden er flyttet eller aflyst: så er tiden ikke længere aftalt og ikke booket. Falsk uden opfølgningssamtaler.',
  })
  async nextFollowUpBooked(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<boolean> {
    const [latest, bookings] = await Promise.all([ctx.loaders.latestHeldFollowUpByPlan.load(plan.id), ctx.loaders.bookedMeetingsByPlan.load(plan.id)]);
    return !!latest && agreementTakenUp(latest, bookings);
  }

  // A time, not the samtaler: the plan page reads it with every plan, and its query's cost is bounded (core/http/limits.ts).
  @FieldResolver(() => Date, {
    nullable: true,
    description: 'Starttiden for den seneste bookede samtale, der er begyndt, og hvis fremmøde ikke er registreret: den registreres med "Registrér fremmøde", ikke som en ny opfølgningssamtale.',
  })
  async bookedAwaitingAttendanceAt(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return awaitingAttendance(await ctx.loaders.bookedMeetingsByPlan.load(plan.id), ctx.deps.clock.now()).at(-1)?.startsAt ?? null;
  }
}

@Resolver(() => CoordinatorAssignment)
export class CoordinatorContactResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Arbejdsmail: hvor borgeren kan skrive til koordinatoren om samtalerne (på borgerens udskrift af planen).' })
  async contactEmail(@Root() assignment: CoordinatorAssignment, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await ctx.loaders.user.load(assignment.userId))?.email ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Arbejdstelefon: hvor borgeren kan ringe til koordinatoren (på borgerens udskrift af planen).' })
  async contactPhone(@Root() assignment: CoordinatorAssignment, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await ctx.loaders.user.load(assignment.userId))?.phone ?? null;
  }
}
