import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, Roles, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Role } from '../org/org.enums';
import { OwnProgrammeSettings, readOwnProgrammeSettings, setOwnProgrammeSettings, SetOwnProgrammeSettingsInput } from './own-programme-settings';
import { Programme } from './programme.entity';
import { addProgrammeSuspension, AddProgrammeSuspensionInput, ProgrammeSuspension, removeProgrammeSuspension, RemoveProgrammeSuspensionInput, suspensionsLoader } from './programme-suspension';

/** Suspensions (barsel) on a programme, and the municipality's own frame for its helhedsorienterede forløb. */
@Resolver(() => Programme)
export class ProgrammeLawResolver {
  @Access(STAFF)
  @Mutation(() => Programme, {
    description: 'Registrér en periode med barsel, der ikke tæller med i forløbets varighed: slutdatoen flyttes de dage senere (kun koordinator; STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).',
  })
  addProgrammeSuspension(@Arg('input') input: AddProgrammeSuspensionInput, @Ctx() ctx: RequestContext): Promise<Programme> {
    return addProgrammeSuspension(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => Programme, {
    description: 'Fjern en periode med barsel, der blev registreret ved en fejl: slutdatoen flyttes de dage tilbage (kun koordinator). Ændringen står i planens historik.',
  })
  removeProgrammeSuspension(@Arg('input') input: RemoveProgrammeSuspensionInput, @Ctx() ctx: RequestContext): Promise<Programme> {
    return removeProgrammeSuspension(ctx, input);
  }

  @FieldResolver(() => [ProgrammeSuspension], { description: 'Perioder (barsel), der ikke tæller med i varigheden, ældste først.' })
  suspensions(@Root() p: Programme, @Ctx() ctx: RequestContext): Promise<ProgrammeSuspension[]> {
    return suspensionsLoader(ctx).load(p.id);
  }

  @FieldResolver(() => Int, { description: 'Dage i alt, slutdatoen er flyttet af suspensioner (barsel).' })
  async suspendedDays(@Root() p: Programme, @Ctx() ctx: RequestContext): Promise<number> {
    return (await suspensionsLoader(ctx).load(p.id)).reduce((sum, s) => sum + s.days, 0);
  }

  // Read by the staff who create and run these forløb (a caseworker, coordinating or not) and by leaders.
  @Access(Roles(Role.CASEWORKER, Role.LEADER))
  @Query(() => OwnProgrammeSettings, { description: 'Kommunens egne rammer for helhedsorienterede forløb (længde og samtaler); tomme, indtil en leder sætter dem.' })
  ownProgrammeSettings(@Ctx() ctx: RequestContext): Promise<OwnProgrammeSettings> {
    return readOwnProgrammeSettings(ctx);
  }

  @Access(Roles(Role.LEADER))
  @Mutation(() => OwnProgrammeSettings, { description: 'Sæt kommunens egne rammer for helhedsorienterede forløb (kun leder). Tom fjerner en ramme.' })
  setOwnProgrammeSettings(@Arg('input') input: SetOwnProgrammeSettingsInput, @Ctx() ctx: RequestContext): Promise<OwnProgrammeSettings> {
    return setOwnProgrammeSettings(ctx, input);
  }
}
