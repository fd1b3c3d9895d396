import { assertAccess, enforceAccess, Roles } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { AppError, forbidden } from '../../core/errors/app-errors';
import { Role } from '../org';
import { administrationHubOf, AdministrationWatch, type AdministrationItem } from './administration-changes';
import { AdministrationChange } from './administration-changes.types';
import { staffMemberIn } from './staff.service';
import { unitIn } from './units.service';

/** The administration page follows its municipality's changes: administrators only, as the page itself. */
export async function subscribeAdministrationChanges(ctx: RequestContext): Promise<AsyncIterableIterator<AdministrationItem>> {
  // @Access runs as field middleware, which does not wrap the subscribe step: check here too.
  const actor = (await enforceAccess(Roles(Role.ADMINISTRATOR), ctx, 'Subscription.administrationChanges'))!;
  const { feed } = ctx.deps;
  if (!feed) throw new AppError('SERVICE_UNAVAILABLE', 'Live-opdateringer er ikke startet.');
  const hub = administrationHubOf(feed);
  const watch = new AdministrationWatch(hub, actor);
  await hub.join(watch);
  return watch;
}

/**
 * The changed unit or staff member, read now for this subscriber. Judged again for every
 * change: the socket keeps the actor it was opened with, and one who is no longer an active
 * administrator of the municipality (the rights notice closes their sockets too, but may come
 * after this) is told FORBIDDEN and sent nothing. Both reads hold to the subscriber's municipality.
 */
export async function changeAsSeen(ctx: RequestContext, item: Exclude<AdministrationItem, { end: unknown }>): Promise<AdministrationChange> {
  const actor = assertAccess(Roles(Role.ADMINISTRATOR), ctx)!;
  ctx.readAfresh();
  const ds = ctx.deps.dataSource;
  const still: unknown[] = await ds.query(
    `SELECT 1 FROM app_user WHERE id = $1 AND municipality_id = $2 AND role = 'ADMINISTRATOR' AND deactivated_at IS NULL`,
    [actor.userId, actor.municipalityId],
  );
  if (still.length === 0) throw forbidden('Du er ikke længere administrator.');
  const change = new AdministrationChange();
  change.readAgain = 'readAgain' in item;
  change.logChanged = 'logChanged' in item;
  change.staffMember = 'entityType' in item && item.entityType === 'STAFF' ? await staffMemberIn(ds, actor.municipalityId, item.entityId) : null;
  change.unit = 'entityType' in item && item.entityType === 'UNIT' ? await unitIn(ds, actor.municipalityId, item.entityId) : null;
  return change;
}
