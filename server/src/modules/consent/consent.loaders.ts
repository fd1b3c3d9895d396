import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { Queryable } from '../../core/db/queryable';
import { isUuid } from '../../core/loaders';
import { ConsentEntry } from './consent.entity';
import type { ActiveGrant, MentorConsentPeriod } from './consent.policy';
import { keepPrepared } from '../../core/db/statement-batch';

/** A `consent_entry` row (snake_case, from `RETURNING *` or a join) as the entity. */
export function toConsentEntry(r: Record<string, unknown>): ConsentEntry {
  return Object.assign(new ConsentEntry(), {
    id: r.id, municipalityId: r.municipality_id, citizenId: r.citizen_id, planId: r.plan_id ?? null, scope: r.scope, recipientKind: r.recipient_kind,
    recipientUnitId: r.recipient_unit_id ?? null, recipientMentorId: r.recipient_mentor_id ?? null, recipientName: r.recipient_name ?? null, recipientRelation: r.recipient_relation ?? null,
    basis: r.basis, legalReference: r.legal_reference ?? null, givenOn: dayOf(r.given_on), note: r.note ?? '', recordedAt: r.recorded_at,
    recordedById: r.recorded_by, withdrawnAt: r.withdrawn_at ?? null, withdrawnById: r.withdrawn_by ?? null, withdrawalReason: r.withdrawal_reason ?? null,
  });
}

/** A `date` column as 'YYYY-MM-DD' (pg may hand it over as a string or, unconfigured, a Date). */
function dayOf(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

/**
 * An ended forløb's plan reads the register as that forløb and those before it built it: not the
 * entries recorded in a later forløb's plan, whose recipients and notes its former team has no
 * need to know, nor do those entries open anything on it (the consent cut). A withdrawal of an
 * entry it knew of shows there. "Later" is by start, then by creation: a forløb stopped on its
 * first day and followed by another that day. For a join of `plan p` and `consent_entry c`.
 */
const NOT_FROM_A_LATER_FORLOEB = `NOT EXISTS (
         SELECT 1 FROM programme pr, plan later JOIN programme lp ON lp.id = later.programme_id
          WHERE pr.id = p.programme_id AND pr.status = 'ENDED' AND later.id = c.plan_id
            AND (lp.start_date, lp.created_at) > (pr.start_date, pr.created_at))`;

/**
 * The plans whose register shows an entry, the one that governs it first: the running forløb's
 * plan, else the latest ended one (by start, then creation, as NOT_FROM_A_LATER_FORLOEB orders
 * them). Either shows every entry of the citizen, so it shows this one. The others are the
 * ended forløb's plans from the one the entry was recorded in on (all of them for an entry
 * recorded in no plan). A withdrawal is the governing plan's coordinator's, and every plan
 * listed hears of it.
 */
export async function plansShowingEntry(q: Queryable, entryId: string): Promise<string[]> {
  return (await plansShowingEntries(q, [entryId])).get(entryId) ?? [];
}

/** plansShowingEntry for many entries, in one statement: a register's entries ask together (governingPlanOfEntry). */
export async function plansShowingEntries(q: Queryable, entryIds: readonly string[]): Promise<Map<string, string[]>> {
  const valid = [...new Set(entryIds.filter(isUuid))];
  const out = new Map<string, string[]>(valid.map((id) => [id, []]));
  if (valid.length === 0) return out;
  const rows: Array<{ entry_id: string; plan_id: string }> = await q.query(
    `SELECT c.id AS entry_id, p.id AS plan_id
       FROM consent_entry c
       JOIN plan p ON p.citizen_id = c.citizen_id AND p.municipality_id = c.municipality_id
       JOIN programme g ON g.id = p.programme_id
      WHERE c.id = ANY($1::uuid[]) AND ${NOT_FROM_A_LATER_FORLOEB}
      ORDER BY c.id, g.status = 'ENDED', g.start_date DESC, g.created_at DESC, p.id`,
    [valid],
  );
  for (const r of rows) out.get(r.entry_id)?.push(r.plan_id);
  return out;
}

/**
 * The active grants of the citizens of many plans, in one statement. Read fresh for every
 * request and, for live events, for every event batch (consent-events.ts): a withdrawal
 * takes effect with the next read.
 */
export async function loadActiveGrants(q: Queryable, planIds: readonly string[]): Promise<Map<string, ActiveGrant[]>> {
  const valid = [...new Set(planIds.filter(isUuid))];
  const out = new Map<string, ActiveGrant[]>(valid.map((id) => [id, []]));
  if (valid.length === 0) return out;
  const rows: Array<{ plan_id: string; scope: string; recipient_kind: string; recipient_unit_id: string | null; recipient_mentor_id: string | null }> = await q.query(
    keepPrepared(`SELECT p.id AS plan_id, c.scope, c.recipient_kind, c.recipient_unit_id, c.recipient_mentor_id
       FROM plan p JOIN consent_entry c ON c.citizen_id = p.citizen_id AND c.municipality_id = p.municipality_id
      WHERE p.id = ANY($1::uuid[]) AND c.withdrawn_at IS NULL AND ${NOT_FROM_A_LATER_FORLOEB}`),
    [valid],
  );
  for (const r of rows) {
    out.get(r.plan_id)?.push({
      scope: r.scope as ActiveGrant['scope'], recipientKind: r.recipient_kind as ActiveGrant['recipientKind'], recipientUnitId: r.recipient_unit_id, recipientMentorId: r.recipient_mentor_id,
    });
  }
  return out;
}

/**
 * Every entry that shares health or social details with the mentor, for the citizens of many
 * plans, withdrawn ones too: when each held (mentorConsentHeld). One statement.
 */
export async function loadMentorConsentPeriods(q: Queryable, planIds: readonly string[]): Promise<Map<string, MentorConsentPeriod[]>> {
  const valid = [...new Set(planIds.filter(isUuid))];
  const out = new Map<string, MentorConsentPeriod[]>(valid.map((id) => [id, []]));
  if (valid.length === 0) return out;
  const rows: Array<{ plan_id: string; scope: string; recipient_mentor_id: string | null; recorded_at: Date; withdrawn_at: Date | null }> = await q.query(
    `SELECT p.id AS plan_id, c.scope, c.recipient_mentor_id, c.recorded_at, c.withdrawn_at
       FROM plan p JOIN consent_entry c ON c.citizen_id = p.citizen_id AND c.municipality_id = p.municipality_id
      WHERE p.id = ANY($1::uuid[]) AND c.recipient_kind = 'MENTOR'`,
    [valid],
  );
  for (const r of rows) {
    out.get(r.plan_id)?.push({ scope: r.scope, mentorId: r.recipient_mentor_id, from: new Date(r.recorded_at).getTime(), until: r.withdrawn_at ? new Date(r.withdrawn_at).getTime() : null });
  }
  return out;
}

/** The consent module's per-request loaders (registered in its manifest, index.ts). */
export const consentLoaders = (db: EntityManager) => ({
  activeGrantsByPlan: new DataLoader<string, ActiveGrant[]>(async (planIds) => {
    const map = await loadActiveGrants(db, planIds);
    return planIds.map((id) => map.get(id) ?? []);
  }),
  /** The plan that governs each entry today (plansShowingEntry's first), whose coordinator may withdraw it. */
  governingPlanOfEntry: new DataLoader<string, string | undefined>(async (entryIds) => {
    const map = await plansShowingEntries(db, entryIds);
    return entryIds.map((id) => map.get(id)?.[0]);
  }),
  /** The whole register of each plan's citizen, active and withdrawn, newest first. */
  consentEntriesByPlan: new DataLoader<string, ConsentEntry[]>(async (planIds) => {
    const valid = planIds.filter(isUuid);
    const rows: Array<Record<string, unknown>> = valid.length
      ? await db.query(
          `SELECT p.id AS for_plan, c.* FROM plan p JOIN consent_entry c ON c.citizen_id = p.citizen_id AND c.municipality_id = p.municipality_id
            WHERE p.id = ANY($1::uuid[]) AND ${NOT_FROM_A_LATER_FORLOEB}
            ORDER BY c.recorded_at DESC, c.id`,
          [valid],
        )
      : [];
    const entries = rows.map((r) => ({ forPlan: r.for_plan as string, entry: toConsentEntry(r) }));
    return planIds.map((id) => entries.filter((e) => e.forPlan === id).map((e) => e.entry));
  }),
});

// Adds these names to `ctx.loaders` (core/loaders.ts explains why by augmentation).
declare module '../../core/loaders' {
  interface Loaders extends ReturnType<typeof consentLoaders> {}
}
