import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Role, Unit } from '../org';
import { approveStaffChange, approveStaffInvitation, changeStaff, changeStaffPhone, deactivateStaff, inviteStaff, reactivateStaff, renameStaff, staffMembers, withdrawStaffChange } from './staff.service';
import { ChangeStaffInput, ChangeStaffPhoneInput, DeactivateStaffArgs, InviteStaffInput, ReactivateStaffArgs, RenameStaffInput, StaffMember, StaffVersionArgs } from './staff.types';

/** The municipality's staff: administrators only (they see no citizen data, and the others do not administer staff). */
@Resolver(() => StaffMember)
export class StaffResolver {
  @Access(Roles(Role.ADMINISTRATOR))
  @Query(() => [StaffMember], { description: 'Kommunens medarbejdere, efter navn (kun administrator).' })
  staffMembers(@Ctx() ctx: RequestContext): Promise<StaffMember[]> {
    return staffMembers(ctx);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => StaffMember, { description: 'Invitér en medarbejder pr. e-mail eller login-id (kun administrator). Invitationen kan først tages i brug ved login, når en anden administrator har godkendt den.' })
  inviteStaff(@Arg('input') input: InviteStaffInput, @Ctx() ctx: RequestContext): Promise<StaffMember> {
    return inviteStaff(ctx, input);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => StaffMember, { description: 'Godkend en anden administrators invitation af en medarbejder (fire øjne); først derefter kan den tages i brug ved login (kun administrator, ikke den, der inviterede).' })
  approveStaffInvitation(@Args() args: StaffVersionArgs, @Ctx() ctx: RequestContext): Promise<StaffMember> {
    return approveStaffInvitation(ctx, args);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => StaffMember, {
    description:
      'Skift en medarbejders rolle og enhed (kun administrator). Har medarbejderen logget ind, venter ændringen på en anden administrators godkendelse (pendingChange, approveStaffChange), ' +
      'og indtil da har medarbejderen sin nuværende rolle og enhed; en ny ændring erstatter den ventende. Før første login gælder ændringen straks, og invitationen skal godkendes igen.',
  })
  changeStaff(@Arg('input') input: ChangeStaffInput, @Ctx() ctx: RequestContext): Promise<StaffMember> {
    return changeStaff(ctx, input);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => StaffMember, { description: 'Godkend en anden administrators ændring af en medarbejders rolle og enhed (fire øjne); den gælder straks, også for åbne forbindelser (kun administrator, ikke den, der bad om den, og ikke medarbejderen selv).' })
  approveStaffChange(@Args() args: StaffVersionArgs, @Ctx() ctx: RequestContext): Promise<StaffMember> {
    return approveStaffChange(ctx, args);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => StaffMember, { description: 'Træk en ventende ændring af en medarbejders rolle og enhed tilbage; medarbejderen beholder sin nuværende rolle og enhed (kun administrator, ikke medarbejderen selv).' })
  withdrawStaffChange(@Args() args: StaffVersionArgs, @Ctx() ctx: RequestContext): Promise<StaffMember> {
    return withdrawStaffChange(ctx, args);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => StaffMember, { description: 'Ret en medarbejders navn; vises straks overalt, hvor navnet står (kun administrator).' })
  renameStaff(@Arg('input') input: RenameStaffInput, @Ctx() ctx: RequestContext): Promise<StaffMember> {
    return renameStaff(ctx, input);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => StaffMember, { description: 'Skift en medarbejders arbejdstelefon, som borgerne ser (kun administrator).' })
  changeStaffPhone(@Arg('input') input: ChangeStaffPhoneInput, @Ctx() ctx: RequestContext): Promise<StaffMember> {
    return changeStaffPhone(ctx, input);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => StaffMember, { description: 'Deaktivér en medarbejder; gælder straks, også for åbne forbindelser (kun administrator).' })
  deactivateStaff(@Args() args: DeactivateStaffArgs, @Ctx() ctx: RequestContext): Promise<StaffMember> {
    return deactivateStaff(ctx, args);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => StaffMember, { description: 'Genaktivér en deaktiveret medarbejder; løbende mentorbevillinger giver straks adgang til borgerne igen, så antallet, spørgsmålet viste, sendes med (kun administrator).' })
  reactivateStaff(@Args() args: ReactivateStaffArgs, @Ctx() ctx: RequestContext): Promise<StaffMember> {
    return reactivateStaff(ctx, args);
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Enhed.' })
  unit(@Root() s: StaffMember, @Ctx() ctx: RequestContext): Promise<Unit | null> | null {
    return s.unitId ? ctx.loaders.unit.load(s.unitId) : null;
  }
}
