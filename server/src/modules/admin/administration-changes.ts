import type { EntityManager } from 'typeorm';
import { recordAudit } from '../../core/audit';
import type { Actor } from '../../core/auth/actor';
import type { Role } from '../../core/auth/roles';
import type { AppError } from '../../core/errors/app-errors';
import type { EventFeed } from '../../core/events/event-feed';
import { PushedItems } from '../../core/events/pushed-items';

/**
 * Every instance LISTENs here (on its event feed's connection, as presence does). PostgreSQL
 * itself notifies, at commit, for every row of the administration log (audit rows about a
 * unit, a member of staff or the municipality; migration 47's trigger, in step with
 * ADMINISTRATION_ENTITY_TYPES): the row's municipality, entity and outcome. The row is the
 * record; the notice only wakes the administration pages.
 */
export const ADMINISTRATION_CHANNEL = 'samplan_administration';

export type AdministeredEntity = 'STAFF' | 'UNIT';

interface AdministrationNotice {
  municipalityId: string;
  entityType: string;
  entityId: string | null;
  outcome: string;
}

/**
 * A done administrative change: its row in the administration log, in the change's
 * transaction, which also tells the municipality's open administration pages (no notice
 * without the change, and none for a change rolled back).
 */
export async function recordAdministrativeChange(
  m: EntityManager,
  change: { actor: Actor; action: string; entityType: AdministeredEntity; entityId: string; detail: string },
): Promise<void> {
  await recordAudit(m, { actor: change.actor, action: change.action, entityType: change.entityType, entityId: change.entityId, outcome: 'ALLOWED', detail: change.detail });
}

/**
 * A done change of a member of staff's role or unit (`CHANGE_STAFF`): as recordAdministrativeChange,
 * and the row also says the role before and after (migration 69). Only a change of role explains
 * the person's refusals by role in the week after it (an operation or field the new role may not
 * use, asked for by a screen left open); a move to another unit, in the same role, explains none.
 */
export async function recordPlacementChange(
  m: EntityManager,
  change: { actor: Actor; userId: string; detail: string; roleBefore: Role; roleAfter: Role },
): Promise<void> {
  await recordAudit(m, {
    actor: change.actor, action: 'CHANGE_STAFF', entityType: 'STAFF', entityId: change.userId, outcome: 'ALLOWED', detail: change.detail,
    roleBefore: change.roleBefore, roleAfter: change.roleAfter,
  });
}

/**
 * What a page is told of a log row: every row is a new line of the log; a done change of a
 * unit or a member of staff (an administrator's, or an invitation accepted at a first
 * sign-in) is also that unit or person to show as they are now. A refusal changed nothing.
 */
function itemOf(payload: string): { municipalityId: string; item: AdministrationItem } | null {
  try {
    const n = JSON.parse(payload) as Partial<AdministrationNotice>;
    if (typeof n.municipalityId !== 'string') return null;
    const changed = n.outcome === 'ALLOWED' && typeof n.entityId === 'string' && (n.entityType === 'STAFF' || n.entityType === 'UNIT');
    return { municipalityId: n.municipalityId, item: changed ? { entityType: n.entityType as AdministeredEntity, entityId: n.entityId as string, logChanged: true } : { logChanged: true } };
  } catch {
    return null;
  }
}

/**
 * What an administration stream yields: a changed unit or staff member (and so a new line of
 * the log), a new line of the log alone, word to read the page again (at the start, and when
 * notices may have been lost while the instance's LISTEN connection was away), or the reason
 * it ends (the resolver throws it).
 */
export type AdministrationItem =
  | { entityType: AdministeredEntity; entityId: string; logChanged: true }
  | { logChanged: true }
  | { readAgain: true }
  | { end: AppError };

export const isAdministrationEnd = (item: AdministrationItem): item is { end: AppError } => 'end' in item;

/** One open `administrationChanges` subscription: an administrator's page, for their own municipality only. */
export class AdministrationWatch extends PushedItems<AdministrationItem> {
  constructor(
    private readonly hub: AdministrationHub,
    readonly actor: Actor,
  ) {
    super();
  }

  offer(item: AdministrationItem): void {
    this.push(item);
  }

  /** The subscription ended (the client completed it, or its socket closed). */
  protected left(): void {
    this.hub.leave(this);
  }
}

/**
 * This instance's open administration pages. A notice goes to the pages of its own
 * municipality only: deny by default, another municipality's staff are never named to them.
 */
export class AdministrationHub {
  private readonly watches = new Set<AdministrationWatch>();
  /** Resolves once the channel is listened to: a page that joins after that misses no change committed later. */
  readonly ready: Promise<void>;

  constructor(feed: Pick<EventFeed<unknown>, 'listen'>) {
    this.ready = feed.listen(ADMINISTRATION_CHANNEL, {
      notify: (payload) => {
        const notice = itemOf(payload);
        if (!notice) return;
        for (const w of this.watches) {
          if (w.actor.municipalityId === notice.municipalityId) w.offer(notice.item);
        }
      },
      // Notices may have been lost while the connection was away: every page reads itself again.
      resync: () => {
        for (const w of this.watches) w.offer({ readAgain: true });
      },
    });
  }

  /**
   * The page follows from now on. Its first item says to read the page again: a change
   * committed while the page was being read and the subscription was on its way is in
   * neither, and the item also tells the page that its stream runs.
   */
  async join(watch: AdministrationWatch): Promise<void> {
    await this.ready;
    this.watches.add(watch);
    watch.offer({ readAgain: true });
  }

  leave(watch: AdministrationWatch): void {
    this.watches.delete(watch);
  }
}

const hubs = new WeakMap<object, AdministrationHub>();

/** The instance's hub, one per event feed (its LISTEN connection carries the channel). */
export function administrationHubOf(feed: Pick<EventFeed<unknown>, 'listen'>): AdministrationHub {
  let hub = hubs.get(feed);
  if (!hub) hubs.set(feed, (hub = new AdministrationHub(feed)));
  return hub;
}
