import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Access, Authenticated, actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { notFound } from '../../core/errors/app-errors';
import { Municipality } from './municipality.entity';
import { Unit } from './unit.entity';
import { User } from './user.entity';

@Resolver(() => User)
export class UserResolver {
  @Access(Authenticated)
  @Query(() => User, { description: 'Mig: the signed-in user.' })
  async me(@Ctx() ctx: RequestContext): Promise<User> {
    const user = await ctx.loaders.user.load(actorOf(ctx).userId);
    if (!user) throw notFound('Brugeren');
    return user;
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Forvaltning the user works in.' })
  unit(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Unit | null> | null {
    return user.unitId ? ctx.loaders.unit.load(user.unitId) : null;
  }

  @FieldResolver(() => Municipality, { description: 'Kommune.' })
  async municipality(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Municipality> {
    const m = await ctx.loaders.municipality.load(user.municipalityId);
    if (!m) throw notFound('Kommunen');
    return m;
  }
}
