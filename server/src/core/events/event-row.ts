import type { Queryable } from '../db/queryable';
import type { EventKind } from './event-kinds';

/** One committed row of `plan_event`, as the feed and the replay hand it to subscribers. */
export interface FeedEvent {
  /** bigint as a decimal string: JSON and GraphQL cannot carry a 64-bit integer safely. */
  seq: string;
  planId: string;
  municipalityId: string;
  kind: EventKind;
  entityType: string;
  entityId: string;
  actorId: string | null;
  unitId: string | null;
  at: Date;
  summary: string;
  payload: { entity?: Record<string, unknown>; [key: string]: unknown };
  /**
   * Records that every subscriber's fields need (e.g. the actor), loaded once for the whole
   * batch before fan-out rather than once per subscriber (see EventFeedOptions.prepare).
   */
  refs?: Record<string, unknown>;
}

/** The columns every reader selects, under the names `toFeedEvent` expects. */
export const EVENT_COLUMNS = `e.seq::text AS seq, e.plan_id, e.municipality_id, e.kind, e.entity_type, e.entity_id,
  e.actor_id, e.unit_id, e.at, e.summary, e.payload`;

export interface EventRow {
  seq: string;
  plan_id: string;
  municipality_id: string;
  kind: EventKind;
  entity_type: string;
  entity_id: string;
  actor_id: string | null;
  unit_id: string | null;
  at: Date;
  summary: string;
  payload: FeedEvent['payload'] | null;
}

export function toFeedEvent(r: EventRow): FeedEvent {
  return {
    seq: r.seq,
    planId: r.plan_id,
    municipalityId: r.municipality_id,
    kind: r.kind,
    entityType: r.entity_type,
    entityId: r.entity_id,
    actorId: r.actor_id,
    unitId: r.unit_id,
    at: r.at,
    summary: r.summary,
    payload: r.payload ?? {},
  };
}

/** The largest seq there can be: `plan_event.seq` is a PostgreSQL bigint. */
const MAX_SEQ = 2n ** 63n - 1n;

/**
 * A seq as the API takes it: a non-negative decimal integer a bigint can hold, nothing else.
 * A larger one is no position in the log: a stream after it would stay silent, and a
 * statement given it fails in PostgreSQL.
 */
export function parseSeq(value: string): bigint | null {
  if (!/^\d{1,19}$/.test(value)) return null;
  const seq = BigInt(value);
  return seq <= MAX_SEQ ? seq : null;
}

export interface RangeFilter {
  planId?: string;
  municipalityId?: string;
}

/**
 * Committed events with `after < seq <= upTo`, in seq order, one page at a time.
 * Used for replay: every position up to `upTo` (the feed's settled mark) has either
 * committed or can never appear, so this read misses nothing.
 */
export async function readEventRange(db: Queryable, after: bigint, upTo: bigint, filter: RangeFilter, limit: number): Promise<FeedEvent[]> {
  const params: unknown[] = [after.toString(), upTo.toString(), limit];
  const where = ['e.seq > $1::bigint', 'e.seq <= $2::bigint'];
  if (filter.planId) {
    params.push(filter.planId);
    where.push(`e.plan_id = $${params.length}::uuid`);
  }
  if (filter.municipalityId) {
    params.push(filter.municipalityId);
    where.push(`e.municipality_id = $${params.length}::uuid`);
  }
  const rows: EventRow[] = await db.query(
    `SELECT ${EVENT_COLUMNS} FROM plan_event e WHERE ${where.join(' AND ')} ORDER BY e.seq LIMIT $3`,
    params,
  );
  return rows.map(toFeedEvent);
}
