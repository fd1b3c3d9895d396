import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { Queryable } from '../db/queryable';
import { writeWithRequest, type RequestDb } from '../db/request-db';
import { keepPrepared, type Statement } from '../db/statement-batch';
import type { EventKind } from './event-kinds';

/** The channel whose notifications carry only a seq; the rows are the record. */
export const EVENT_CHANNEL = 'samplan_plan_event';

export interface NewEvent {
  planId: string;
  municipalityId: string;
  kind: EventKind;
  entityType: string;
  entityId: string;
  /** Who made the change; null for the system's own events (the daily warning sweep). */
  actor: Actor | null;
  /** Short Danish sentence, e.g. "Bent Sørensen (Socialforvaltningen) ændrede status på Bostøtte til Aktiv". */
  summary: string;
  /**
   * Small JSON: `entity` is the changed record as the API shows it (with `__typename`),
   * so subscribers can update their cache without a refetch and delivery needs no reads;
   * for an update also `changes` (raw, core/events/field-changes.ts), `recordVersion` and
   * `overwrote` (modules/plan/plan-write.ts).
   */
  payload?: { entity?: Record<string, unknown>; [key: string]: unknown };
}

/**
 * Appends an event in the caller's transaction: no change without its event and no
 * event without its change. The NOTIFY is delivered by PostgreSQL only at commit and
 * carries the seq (listeners read every new row anyway).
 */
export async function appendEvent(m: EntityManager, e: NewEvent): Promise<string> {
  const { sql, params } = eventStatement(e);
  const rows: Array<{ seq: string }> = await m.query(sql, params as unknown[]);
  return rows[0].seq;
}

/**
 * The same event, written with the request's COMMIT (RequestDb.writeWithCommit) instead of in
 * a round trip of its own, for a writer that needs no seq back; outside a request's
 * transaction, written at once through `db`. An event appended after it (in the same
 * transaction) still takes a later seq: the owed write goes ahead of the next statement.
 */
export function appendEventWithCommit(target: { requestDb?: RequestDb; db: Queryable }, e: NewEvent): Promise<void> {
  return writeWithRequest(target, eventStatement(e));
}

const EVENT_INSERT = keepPrepared(`WITH ins AS (INSERT INTO plan_event (plan_id, municipality_id, kind, entity_type, entity_id, actor_id, unit_id, summary, payload)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq)
     SELECT seq, pg_notify($10, seq::text) FROM ins`);

function eventStatement(e: NewEvent): Statement {
  // One statement, one round trip. The INSERT locks plan_event before its seq's default
  // (nextval) is computed, and the lock is held to the transaction's end: readers rely on
  // "every holder of a seq I cannot see yet holds a writer's lock on plan_event" (feed-cursor.ts).
  // The NOTIFY is delivered by PostgreSQL at commit, never before; it carries only the seq
  // (the row is the record). One per event: a request's connection serves several
  // transactions, so "once per transaction" cannot be keyed on the connection.
  return {
    sql: EVENT_INSERT,
    params: [e.planId, e.municipalityId, e.kind, e.entityType, e.entityId, e.actor?.userId ?? null, e.actor?.unitId ?? null, e.summary, JSON.stringify(e.payload ?? {}), EVENT_CHANNEL],
  };
}
