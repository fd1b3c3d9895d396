import { Ctx, Resolver, Root, Subscription } from 'type-graphql';
import { Access, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Role } from '../org';
import { isAdministrationEnd, type AdministrationItem } from './administration-changes';
import { changeAsSeen, subscribeAdministrationChanges } from './administration-changes.service';
import { AdministrationChange } from './administration-changes.types';

/** The administration page, live: what the municipality's administrators change, as they change it. */
@Resolver(() => AdministrationChange)
export class AdministrationChangesResolver {
  @Access(Roles(Role.ADMINISTRATOR))
  @Subscription(() => AdministrationChange, {
    description: 'Ændringer af kommunens enheder og medarbejdere, live (kun administrator, kun egen kommune). Først readAgain, så hver ændring.',
    subscribe: ({ context }) => subscribeAdministrationChanges(context as RequestContext),
  })
  administrationChanges(@Root() item: AdministrationItem, @Ctx() ctx: RequestContext): Promise<AdministrationChange> {
    if (isAdministrationEnd(item)) throw item.end;
    return changeAsSeen(ctx, item);
  }
}
