import { localDate } from '@samplan/schema';
import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import { type Clock } from '../../core/clock';
import type { RequestContext } from '../../core/context';
import type { Queryable } from '../../core/db/queryable';
import { loadFacts, lockActiveFactsPage } from './warning-facts';
import { evaluateWarnings, fingerprint, isTextFingerprint, textFingerprint, type ProgrammeFacts } from './warning-rules';
import type { Warning, WarningSeverity } from './warning.type';

/**
 * Warnings per programme, computed on read from the current data and the injectable
 * clock (so they are never stale), batched per request: `myCaseload { programme { warnings } }`
 * costs one statement for the whole caseload.
 */
// Kept with the request's loaders, so it goes when they are read afresh (after a change, before each live event).
const perRequest = new WeakMap<object, DataLoader<string, ProgrammeWarnings>>();

/**
 * A programme's warnings of the day, with the plan they are on, from the same facts: the advice
 * is said to the reader by their rights on that plan (warning-viewer.ts), with no read of the
 * plan by its programme. No plan: a programme the request cannot read, and no warnings.
 */
export interface ProgrammeWarnings {
  planId: string | null;
  warnings: Warning[];
}

async function evaluateProgrammes(q: Queryable, programmeIds: readonly string[], today: string): Promise<Map<string, ProgrammeWarnings>> {
  const facts = await loadFacts(q, programmeIds);
  return new Map([...facts].map(([id, f]) => [id, { planId: f.planId, warnings: evaluateWarnings(f, today) }]));
}

export async function computeWarnings(q: Queryable, programmeIds: readonly string[], today: string): Promise<Map<string, Warning[]>> {
  const evaluated = await evaluateProgrammes(q, programmeIds, today);
  return new Map([...evaluated].map(([id, e]) => [id, e.warnings]));
}

export function warningsLoader(ctx: RequestContext): DataLoader<string, ProgrammeWarnings> {
  let loader = perRequest.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader<string, ProgrammeWarnings>(async (ids) => {
      const today = localDate(ctx.deps.clock.now());
      const byId = await evaluateProgrammes(ctx.db, ids, today);
      return ids.map((id) => byId.get(id) ?? { planId: null, warnings: [] });
    });
    perRequest.set(ctx.loaders, loader);
  }
  return loader;
}

export function topSeverity(warnings: Warning[]): WarningSeverity | null {
  return warnings[0]?.severity ?? null; // sorted most severe first
}

/** Gets each page of the sweep's changes inside the transaction that recorded them. */
export type SweepChangeHandler = (changes: WarningChange[], m: EntityManager) => Promise<void>;

/** A programme whose warning set changed since it was last recorded. */
export interface WarningChange {
  programmeId: string;
  planId: string;
  municipalityId: string;
  warnings: Warning[];
}

const EMPTY = fingerprint([]);
/** No warnings, as recorded before the fingerprint was taken of the warnings' facts. */
const EMPTY_AS_TEXT = textFingerprint([]);

/**
 * Records the warning sets of these programmes and returns those that changed (a first
 * recording counts as a change only when there is something to show). One statement
 * for any number of programmes. This is what a WARNINGS_CHANGED event is built from.
 */
/** A programme's warnings for a day, with their fingerprint: what recordStates compares with the recorded one. */
interface Evaluated {
  facts: ProgrammeFacts;
  warnings: Warning[];
  print: string;
}

function evaluate(facts: ProgrammeFacts, today: string): Evaluated {
  const warnings = evaluateWarnings(facts, today);
  return { facts, warnings, print: fingerprint(warnings) };
}

/**
 * Whether the set recorded is this very set, recorded before fingerprints were taken of the
 * warnings' facts (of their words then): it is then recorded again in the new form, and that is
 * no change. Once per programme, at its first write or sweep after the new form came.
 */
function recordedAsText(i: Evaluated): boolean {
  const recorded = i.facts.recordedFingerprint;
  return !!recorded && isTextFingerprint(recorded) && recorded === textFingerprint(i.warnings);
}

async function recordStates(q: Queryable, all: Evaluated[], today: string): Promise<WarningChange[]> {
  // A set that is the one already recorded is no change: most writes (a title, a note) leave
  // the warnings as they were, and then cost no statement here.
  const items = all.filter((i) => i.facts.recordedFingerprint !== i.print);
  if (items.length === 0) return [];
  const prints = items.map((i) => i.print);
  // The set's subjects go with its fingerprint (migration 32): one array literal per programme,
  // since unnest would flatten an array of arrays.
  const rows: Array<{ programme_id: string; inserted: boolean }> = await q.query(
    `INSERT INTO programme_warning_state AS s (programme_id, municipality_id, plan_id, fingerprint, top_severity, computed_on, subject_ids)
     SELECT p, m, pl, f, sev, d, subjects::uuid[] FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::date[], $7::text[]) AS u(p, m, pl, f, sev, d, subjects)
     ON CONFLICT (programme_id) DO UPDATE
        SET fingerprint = EXCLUDED.fingerprint, top_severity = EXCLUDED.top_severity, computed_on = EXCLUDED.computed_on,
            subject_ids = EXCLUDED.subject_ids, updated_at = now()
      WHERE s.fingerprint <> EXCLUDED.fingerprint
     RETURNING s.programme_id, (s.xmax = 0) AS inserted`,
    [
      items.map((i) => i.facts.programmeId),
      items.map((i) => i.facts.municipalityId),
      items.map((i) => i.facts.planId),
      prints,
      items.map((i) => topSeverity(i.warnings)),
      items.map(() => today),
      items.map((i) => subjectsLiteral(i.warnings)),
    ],
  );
  const changed = new Map(rows.map((r) => [r.programme_id, r.inserted]));
  return items
    .filter((i, n) => changed.has(i.facts.programmeId) && !(changed.get(i.facts.programmeId) && prints[n] === EMPTY) && !recordedAsText(i))
    .map((i) => ({ programmeId: i.facts.programmeId, planId: i.facts.planId, municipalityId: i.facts.municipalityId, warnings: i.warnings }));
}

/** The records a warning set is about, as a uuid[] literal (migration 32). */
function subjectsLiteral(warnings: Warning[]): string {
  return `{${[...new Set(warnings.flatMap((w) => (w.subjectId ? [w.subjectId] : [])))].join(',')}}`;
}

/**
 * The sweep's share of migration 32: a set recorded before it has unknown subjects (NULL),
 * and an unchanged set is not written again, so the sweep fills them in from the set it has
 * just evaluated — the recorded one, since it was not changed (or was recorded just now, and
 * then has them already). One statement per page; rows with subjects are left alone.
 */
async function recordUnknownSubjects(q: Queryable, evaluated: Evaluated[]): Promise<void> {
  const unchanged = evaluated.filter((i) => i.facts.recordedFingerprint === i.print);
  if (unchanged.length === 0) return;
  await q.query(
    `UPDATE programme_warning_state s SET subject_ids = u.subjects::uuid[]
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(p, print, subjects)
      WHERE s.programme_id = u.p AND s.subject_ids IS NULL AND s.fingerprint = u.print`,
    [unchanged.map((i) => i.facts.programmeId), unchanged.map((i) => i.facts.recordedFingerprint), unchanged.map((i) => subjectsLiteral(i.warnings))],
  );
}

/**
 * For a write: inside the writer's transaction, with the changed programme's facts read
 * after the change (loadFacts). Evaluates them for `today` and records them; a non-empty
 * answer means the caseload should hear WARNINGS_CHANGED.
 */
export function recordWarningStates(q: Queryable, facts: Map<string, ProgrammeFacts>, today: string): Promise<WarningChange[]> {
  return recordStates(q, [...facts.values()].map((f) => evaluate(f, today)), today);
}

/**
 * The nightly sweep: deadlines pass without anybody writing (a booked meeting day goes by,
 * the six months run out), so every active programme is re-evaluated for the new day, in
 * pages. `onChange` gets each page's changes (e.g. to append WARNINGS_CHANGED events).
 */
export async function sweepWarnings(
  ds: DataSource,
  clock: Clock,
  onChange: SweepChangeHandler = async () => undefined,
  pageSize = 500,
): Promise<{ programmes: number; changed: number }> {
  const today = localDate(clock.now());
  let after: string | null = null;
  let programmes = 0;
  let changed = 0;
  for (;;) {
    // The page's facts are read under the programmes' locks, and the recorded state and its
    // events commit together with them: a change to a plan waits for its page (or the page for
    // it), and a crash between state and events cannot leave a change nobody heard of.
    const done = await ds.transaction(async (m) => {
      const page = await lockActiveFactsPage(m, after, pageSize);
      if (!page) return null;
      const evaluated = page.facts.map((f) => evaluate(f, today));
      const found = await recordStates(m, evaluated, today);
      if (found.length) await onChange(found, m);
      await recordUnknownSubjects(m, evaluated);
      return { found, size: page.facts.length, last: page.lastId };
    });
    if (!done) break;
    programmes += done.size;
    changed += done.found.length;
    after = done.last;
  }
  // Programmes that ended since their warnings were recorded now have none. One that ended with
  // none recorded before the fingerprint was taken of the facts (EMPTY_AS_TEXT) has none still.
  changed += await ds.transaction(async (m) => {
    const ended: Array<{ programme_id: string; plan_id: string; municipality_id: string }> = await m.query(
      `UPDATE programme_warning_state s SET fingerprint = $1, top_severity = NULL, computed_on = $2, subject_ids = '{}', updated_at = now()
         FROM programme p
        WHERE p.id = s.programme_id AND p.status <> 'ACTIVE' AND s.fingerprint <> $1 AND s.fingerprint <> $3
       RETURNING s.programme_id, s.plan_id, s.municipality_id`,
      [EMPTY, today, EMPTY_AS_TEXT],
    );
    // UPDATE … RETURNING answers [rows, count] through TypeORM.
    const endedRows = Array.isArray(ended[0]) ? (ended[0] as unknown as typeof ended) : ended;
    if (endedRows.length) {
      await onChange(endedRows.map((r) => ({ programmeId: r.programme_id, planId: r.plan_id, municipalityId: r.municipality_id, warnings: [] })), m);
    }
    return endedRows.length;
  });
  return { programmes, changed };
}
