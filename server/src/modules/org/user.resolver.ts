import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { In, IsNull } from 'typeorm';
import { Access, Authenticated, Roles, actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { DANISH_ORDER } from '../../core/db/danish-order';
import { notFound } from '../../core/errors/app-errors';
import { Municipality } from './municipality.entity';
import { Role } from './org.enums';
import { Unit } from './unit.entity';
import { User } from './user.entity';

@Resolver(() => User)
export class UserResolver {
  @Access(Authenticated)
  @Query(() => User, { description: 'Mig: the signed-in user.' })
  me(@Ctx() ctx: RequestContext): User {
    // The actor was read (or taken from the actor cache, which a rights change empties at
    // once) to authenticate this very request: answering from it spares a round trip.
    const actor = actorOf(ctx);
    return Object.assign(new User(), {
      id: actor.userId,
      municipalityId: actor.municipalityId,
      username: actor.username,
      name: actor.name,
      role: actor.role,
      unitId: actor.unitId,
    });
  }

  /**
   * The people a coordinator picks from when reassigning a case or granting a mentor: staff
   * of the caller's own municipality only (row-level security holds it there as well), and
   * not those deactivated. Any caseworker may be made coordinator (STAR’s vejledning om
   * ressourceforløb 2020, afsnit 5.1), so caseworkers pick among caseworkers; mentors and
   * administrators do not get a staff list (administrators have staffMembers).
   */
  @Access(Roles(Role.CASEWORKER, Role.LEADER))
  @Query(() => [User], { description: 'Kolleger: brugere i min kommune, evt. kun med de nævnte roller (fx MENTOR), sorteret efter navn.' })
  colleagues(@Ctx() ctx: RequestContext, @Arg('roles', () => [Role], { nullable: true }) roles?: Role[] | null): Promise<User[]> {
    const actor = actorOf(ctx);
    // Staff only: a citizen's own account is nobody's colleague.
    const staffRoles = (roles?.length ? roles : Object.values(Role)).filter((r) => r !== Role.CITIZEN);
    // In the order the staff list has (staff.service.ts), not the database's own collation, which
    // may put "anna" after "Zenia" and Å before Æ: a picker is read as a Danish list of names.
    return ctx.db
      .getRepository(User)
      .createQueryBuilder('u')
      .where({ municipalityId: actor.municipalityId, deactivatedAt: IsNull(), role: In(staffRoles) })
      .orderBy(`u.name ${DANISH_ORDER}`)
      .addOrderBy('u.id')
      .getMany();
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Forvaltning the user works in.' })
  unit(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Unit | null> | null {
    return user.unitId ? ctx.loaders.unit.load(user.unitId) : null;
  }

  /**
   * A citizen's account is named by their MitID login (its subject): staff reading who wrote in
   * the citizen's own words, or who acted in an event, get no login of theirs, only their name.
   * (The citizen's own allow-list does not give them the field at all.)
   */
  @FieldResolver(() => String, { nullable: true, description: 'Brugernavn: a display and login name (for invited staff their e-mail or subject), unique within the municipality. Empty for a citizen’s account.' })
  username(@Root() user: User, @Ctx() ctx: RequestContext): string | null {
    // Before sign-in a User is reached only through demo mode's list of its demo logins.
    const demoLoginPage = !ctx.actor && ctx.deps.config.demo;
    if (user.role === Role.CITIZEN && !demoLoginPage) return null;
    return user.username;
  }

  @FieldResolver(() => Municipality, { description: 'Kommune.' })
  async municipality(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Municipality> {
    const m = await ctx.loaders.municipality.load(user.municipalityId);
    if (!m) throw notFound('Kommunen');
    return m;
  }
}
