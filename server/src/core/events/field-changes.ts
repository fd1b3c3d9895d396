/**
 * What an event says changed: raw values under the API's field names, stored in
 * `plan_event.payload.changes`. Labels and display values are made per receiver when the
 * event is read (modules/live), never stored.
 */
export interface StoredChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Another person's saved values that a save replaced (`plan_event.payload.overwrote`). */
export interface StoredOverwrite {
  userId: string;
  seq: string;
  fields: string[];
}

/** Fields that say how a record is kept, not what it says: never a change of their own. */
const BOOKKEEPING = new Set([
  '__typename', 'id', 'version', 'updatedAt', 'updatedById', 'createdAt', 'createdById', 'recordedAt', 'recordedById',
  'municipalityId', 'planId', 'unitId', 'kindLabel', 'stepLabel',
]);

/**
 * Fields that follow another of the record's fields and say nothing of their own: an
 * intervention's pause day is set with its status (Sat på pause) and goes with it, so the
 * status change says it ("Status Aktiv → Sat på pause"), not a second change beside it.
 */
const DERIVED = new Set(['pausedOn']);

export const isBookkeeping = (field: string): boolean => BOOKKEEPING.has(field) || DERIVED.has(field);

/** A value as JSON keeps it: a Date and a re-read Date of the same instant compare equal. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

/**
 * The changes between two API-shaped versions of one record: every field whose value
 * differs, bookkeeping left out, in the order the record lists its fields.
 */
export function diffRecords(before: Record<string, unknown>, after: Record<string, unknown>): StoredChange[] {
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter((f) => !isBookkeeping(f));
  const out: StoredChange[] = [];
  for (const field of fields) {
    const [b, a] = [asJson(before[field]), asJson(after[field])];
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ field, before: b, after: a });
  }
  return out;
}

/** A versioned save as the overwrite check needs it. */
export interface SaveVersions {
  planId: string;
  entityId: string;
  /** Who saves: their own earlier saves are never "overwritten". */
  actorId: string;
  /** The version the user started editing from, and the one the save was made on. */
  baseVersion: number;
  expectedVersion: number;
}

/**
 * Whose saved values this save replaced: the record's events after the version the user
 * started from, up to the one they saved on, made by other people; for each, the fields
 * this save sets to a value other than theirs. Read in the save's own transaction, where
 * the versioned update holds the record's lock, so no such event can still be on its way.
 */
export async function findOverwritten(
  m: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  save: SaveVersions,
  changes: StoredChange[],
): Promise<StoredOverwrite[]> {
  if (save.baseVersion >= save.expectedVersion || changes.length === 0) return [];
  const rows = (await m.query(
    `SELECT seq::text AS seq, actor_id, payload->'changes' AS changes FROM plan_event
      WHERE plan_id = $1 AND entity_id = $2 AND actor_id IS NOT NULL AND actor_id <> $3
        AND (payload->>'recordVersion')::int > $4 AND (payload->>'recordVersion')::int <= $5
      ORDER BY seq`,
    [save.planId, save.entityId, save.actorId, save.baseVersion, save.expectedVersion],
  )) as Array<{ seq: string; actor_id: string; changes: StoredChange[] | null }>;
  const mine = new Map(changes.map((c) => [c.field, JSON.stringify(c.after)]));
  const out: StoredOverwrite[] = [];
  for (const row of rows) {
    const fields = (row.changes ?? []).filter((c) => mine.has(c.field) && mine.get(c.field) !== JSON.stringify(c.after)).map((c) => c.field);
    if (fields.length) out.push({ userId: row.actor_id, seq: row.seq, fields: [...new Set(fields)] });
  }
  return out;
}
