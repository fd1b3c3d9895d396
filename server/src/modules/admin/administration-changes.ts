import type { EntityManager } from 'typeorm';
import { recordAudit } from '../../core/audit';
import type { Actor } from '../../core/auth/actor';
import type { AppError } from '../../core/errors/app-errors';
import type { EventFeed } from '../../core/events/event-feed';
import { PushedItems } from '../../core/events/pushed-items';

/**
 * Every instance LISTENs here (on its event feed's connection, as presence does); the payload
 * names the municipality and the unit or staff member an administrator changed. The change's
 * record is its row in the administration log (audit_log), written in the same transaction;
 * the notice only wakes the administration pages, and PostgreSQL delivers it at commit.
 */
export const ADMINISTRATION_CHANNEL = 'samplan_administration';

export type AdministeredEntity = 'STAFF' | 'UNIT';

interface AdministrationNotice {
  municipalityId: string;
  entityType: AdministeredEntity;
  entityId: string;
}

/**
 * A done administrative change: its row in the administration log and the notice to the
 * municipality's open administration pages, both with the change's transaction (no notice
 * without the change, and none for a change rolled back).
 */
export async function recordAdministrativeChange(
  m: EntityManager,
  change: { actor: Actor; action: string; entityType: AdministeredEntity; entityId: string; detail: string },
): Promise<void> {
  await recordAudit(m, { actor: change.actor, action: change.action, entityType: change.entityType, entityId: change.entityId, outcome: 'ALLOWED', detail: change.detail });
  const notice: AdministrationNotice = { municipalityId: change.actor.municipalityId, entityType: change.entityType, entityId: change.entityId };
  await m.query(`SELECT pg_notify($1, $2)`, [ADMINISTRATION_CHANNEL, JSON.stringify(notice)]);
}

function parseNotice(payload: string): AdministrationNotice | null {
  try {
    const n = JSON.parse(payload) as Partial<AdministrationNotice>;
    if (typeof n.municipalityId !== 'string' || typeof n.entityId !== 'string' || (n.entityType !== 'STAFF' && n.entityType !== 'UNIT')) return null;
    return n as AdministrationNotice;
  } catch {
    return null;
  }
}

/**
 * What an administration stream yields: a changed unit or staff member, word to read the page
 * again (at the start, and when notices may have been lost while the instance's LISTEN
 * connection was away), or the reason it ends (the resolver throws it).
 */
export type AdministrationItem =
  | { entityType: AdministeredEntity; entityId: string }
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
        const notice = parseNotice(payload);
        if (!notice) return;
        for (const w of this.watches) {
          if (w.actor.municipalityId === notice.municipalityId) w.offer({ entityType: notice.entityType, entityId: notice.entityId });
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
