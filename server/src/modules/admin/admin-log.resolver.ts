import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Access, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Role } from '../org';
import { administrationLog } from './admin-log.service';
import { AdministrationLogPage } from './admin-log.types';

@Resolver()
export class AdministrationLogResolver {
  @Access(Roles(Role.ADMINISTRATOR))
  @Query(() => AdministrationLogPage, { description: 'Administrationsloggen: enheder, medarbejdere og kommunens oprettelse, nyeste først (kun administrator).' })
  administrationLog(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AdministrationLogPage> {
    return administrationLog(ctx, first, after);
  }
}
