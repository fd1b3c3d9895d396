import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Access, Authenticated, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Role, Unit } from '../org';
import { closeUnit, createUnit, listUnits, renameUnit, reopenUnit } from './units.service';
import { CreateUnitInput, RenameUnitInput, UnitVersionArgs } from './units.types';

/** The municipality's own units: everyone on its staff sees the open ones; its administrators run them. */
@Resolver(() => Unit)
export class UnitsResolver {
  @Access(Authenticated)
  @Query(() => [Unit], { description: 'Kommunens enheder, efter navn. Lukkede enheder kun for administratorer (includeClosed).' })
  units(@Arg('includeClosed', { defaultValue: false }) includeClosed: boolean, @Ctx() ctx: RequestContext): Promise<Unit[]> {
    return listUnits(ctx, includeClosed);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => Unit, { description: 'Opret en enhed (kun administrator).' })
  createUnit(@Arg('input') input: CreateUnitInput, @Ctx() ctx: RequestContext): Promise<Unit> {
    return createUnit(ctx, input);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => Unit, { description: 'Omdøb en enhed (kun administrator).' })
  renameUnit(@Arg('input') input: RenameUnitInput, @Ctx() ctx: RequestContext): Promise<Unit> {
    return renameUnit(ctx, input);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => Unit, { description: 'Luk en enhed; afvises, mens den har medarbejdere eller er på teamet i et igangværende forløb (kun administrator).' })
  closeUnit(@Args() args: UnitVersionArgs, @Ctx() ctx: RequestContext): Promise<Unit> {
    return closeUnit(ctx, args);
  }

  @Access(Roles(Role.ADMINISTRATOR))
  @Mutation(() => Unit, { description: 'Genåbn en lukket enhed (kun administrator).' })
  reopenUnit(@Args() args: UnitVersionArgs, @Ctx() ctx: RequestContext): Promise<Unit> {
    return reopenUnit(ctx, args);
  }
}
