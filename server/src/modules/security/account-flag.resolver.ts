import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Mutation, Query, Resolver } from 'type-graphql';
import { Access, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Role } from '../org/org.enums';
import { flaggedAccounts, resolveAccountFlag } from './account-flag.service';
import { AccountReviewFlag } from './account-flag.types';

/** Leaders review accounts flagged for repeated denied accesses. */
@Resolver()
export class AccountFlagResolver {
  @Access(Roles(Role.LEADER))
  @Query(() => [AccountReviewFlag], {
    description: 'Konti til gennemsyn i min kommune: brugere med mindst 3 afviste adgangsforsøg inden for 24 timer (kun ledere).',
  })
  flaggedAccounts(
    @Arg('includeResolved', { defaultValue: false }) includeResolved: boolean,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AccountReviewFlag[]> {
    return flaggedAccounts(ctx, includeResolved, info.schema);
  }

  @Access(Roles(Role.LEADER))
  @Mutation(() => AccountReviewFlag, { description: 'Afslut en markering efter gennemsyn, med en bemærkning (kun ledere).' })
  resolveAccountFlag(
    @Arg('id', () => ID) id: string,
    @Arg('resolution') resolution: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AccountReviewFlag> {
    return resolveAccountFlag(ctx, id, resolution, info.schema);
  }
}
