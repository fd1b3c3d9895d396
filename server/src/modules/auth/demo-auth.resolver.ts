import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { In, IsNull } from 'typeorm';
import { Access, Public } from '../../core/auth/access';
import { signToken } from '../../core/auth/tokens';
import type { RequestContext } from '../../core/context';
import { AppError } from '../../core/errors/app-errors';
import { User } from '../org/user.entity';
import { DEMO_USERNAMES } from '../../seed/demo-seed';

@ObjectType({ description: 'Login-svar: a signed token and the user it belongs to.' })
export class AuthPayload {
  @Field({ description: 'Signed JWT to send as `Authorization: Bearer …` and in the WebSocket connectionParams.' })
  token: string;

  @Field(() => User, { description: 'Brugeren.' })
  user: User;
}

/**
 * Demo login: pick a seeded user by name. Only part of the schema in demo mode
 * (the embedded database, or DEMO=1); elsewhere the field does not exist.
 */
@Resolver()
export class DemoAuthResolver {
  @Access(Public)
  @Mutation(() => AuthPayload, { description: 'Demo-login (kun i demotilstand): log ind som en af demobrugerne.' })
  async devLogin(@Arg('username') username: string, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    // The seeded demo users only: a demo instance pointed at a database with real people in
    // it (an administrator set up by login-id, a citizen signed in with MitID) must not let
    // anyone sign in as them without a password.
    const name = username.trim().toLowerCase();
    const user = DEMO_USERNAMES.has(name) ? await ctx.deps.dataSource.getRepository(User).findOneBy({ username: name }) : null;
    if (!user) throw new AppError('UNAUTHENTICATED', 'Ukendt demobruger.');
    const token = await signToken(ctx.deps.config.auth, user.username, ctx.deps.clock.now());
    return { token, user };
  }

  @Access(Public)
  @Query(() => [User], { description: 'Demobrugerne (kun i demotilstand), til login-siden.' })
  async demoUsers(@Ctx() ctx: RequestContext): Promise<User[]> {
    // Anonymous, on the system connection: so only the seeded demo users, never anybody
    // else who was added to a demo database. Nor a closed account: one deactivated, or a citizen's
    // login taken from them when their CPR number was corrected (unbound, so deactivated too),
    // which nobody can use Samplan with.
    return ctx.deps.dataSource
      .getRepository(User)
      .find({ where: { username: In([...DEMO_USERNAMES]), deactivatedAt: IsNull() }, order: { username: 'ASC' } });
  }
}
