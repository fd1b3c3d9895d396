import type { EntityManager } from 'typeorm';
import type { Queryable } from '../../core/db/queryable';
import { recordAdministrativeChange } from './administration-changes';
import { administratorWrite, NotInMunicipality } from './administrator-write';
import type { Actor } from '../../core/auth/actor';
import { actorOf, refusedForRole } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { uniqueViolationOf } from '../../core/db/unique-violation';
import { AppError, badInput, ruleViolation } from '../../core/errors/app-errors';
import { isUuid } from '../../core/loaders';
import { Role, Unit, UNIT_KIND_LABEL, type UnitKind } from '../org';
import type { CreateUnitInput, RenameUnitInput, UnitVersionArgs } from './units.types';
import { refuseStale } from './admin-version';
import { DANISH_ORDER } from '../../core/db/danish-order';

interface UnitRow {
  id: string;
  municipality_id: string;
  kind: UnitKind;
  name: string;
  closed_at: Date | null;
  version: number;
}

const UNIT_COLUMNS = 'id, municipality_id, kind, name, closed_at, version';

const toUnit = (r: UnitRow): Unit =>
  Object.assign(new Unit(), { id: r.id, municipalityId: r.municipality_id, kind: r.kind, name: r.name, closedAt: r.closed_at, version: r.version });

/** The unit as the API sends it, for a CONFLICT's `current`: what the administrator's card shows. */
const unitRecord = (r: UnitRow): Record<string, unknown> => ({ __typename: 'Unit', id: r.id, kind: r.kind, name: r.name, closedAt: r.closed_at, version: r.version });

/** The partial unique index of migration 1700000000016: one open unit per name (case-insensitive) in a municipality. */
const OPEN_NAME_INDEX = 'unit_open_name_idx';

const duplicateName = (name: string) =>
  new AppError('DUPLICATE_UNIT', `Der findes allerede en åben enhed med navnet »${name}«. Vælg et andet navn.`, { field: 'name' });

/** Two administrators creating the same name at once: the index refuses the second, with the same answer as the check. */
function refuseDuplicate(name: string) {
  return (err: unknown): never => {
    if (uniqueViolationOf(err) === OPEN_NAME_INDEX) throw duplicateName(name);
    throw err;
  };
}

async function refuseTakenName(m: EntityManager, actor: Actor, name: string, exceptId: string | null): Promise<void> {
  const taken: unknown[] = await m.query(
    `SELECT 1 FROM unit WHERE municipality_id = $1 AND closed_at IS NULL AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid`,
    [actor.municipalityId, name, exceptId],
  );
  if (taken.length) throw duplicateName(name);
}

/**
 * One unit of the caller's municipality, locked for the change: anything else (another
 * municipality's id included) is NOT_FOUND. Row-level security hides other municipalities'
 * units as well; the filter says so here too.
 */
async function lockUnit(m: EntityManager, actor: Actor, unitId: string, expectedVersion: number): Promise<UnitRow> {
  const rows: UnitRow[] = isUuid(unitId)
    ? await m.query(`SELECT ${UNIT_COLUMNS} FROM unit WHERE id = $1 AND municipality_id = $2 FOR UPDATE`, [unitId, actor.municipalityId])
    : [];
  if (!rows[0]) throw new NotInMunicipality('UNIT', unitId, 'Enheden');
  // Before any rule is judged, as for a member of staff (lockStaff). Who changed it is not said:
  // often it is the same administrator, in another window.
  refuseStale(rows[0], expectedVersion, 'Enheden er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen.', () => unitRecord(rows[0]));
  return rows[0];
}

function nameOf(typed: string): string {
  const name = typed.trim();
  if (!name) throw badInput('name', 'Skriv enhedens navn.');
  return name;
}

const audit = (m: EntityManager, actor: Actor, action: string, unitId: string, detail: string) =>
  recordAdministrativeChange(m, { actor, action, entityType: 'UNIT', entityId: unitId, detail });

/** One unit of this municipality as it is now, closed ones too, or null (none such, or of another municipality). */
export async function unitIn(q: Queryable, municipalityId: string, unitId: string): Promise<Unit | null> {
  const rows: UnitRow[] = isUuid(unitId) ? await q.query(`SELECT ${UNIT_COLUMNS} FROM unit WHERE id = $1 AND municipality_id = $2`, [unitId, municipalityId]) : [];
  return rows[0] ? toUnit(rows[0]) : null;
}

/** The municipality's units by name; closed ones only for its administrators, who may reopen them. */
export async function listUnits(ctx: RequestContext, includeClosed: boolean): Promise<Unit[]> {
  const actor = actorOf(ctx);
  if (includeClosed && actor.role !== Role.ADMINISTRATOR) throw await refusedForRole(ctx, actor, 'Query.units', 'Kun en administrator ser lukkede enheder.');
  const rows: UnitRow[] = await ctx.db.query(
    `SELECT ${UNIT_COLUMNS} FROM unit WHERE municipality_id = $1 AND ($2 OR closed_at IS NULL) ORDER BY name ${DANISH_ORDER}, id`,
    [actor.municipalityId, includeClosed],
  );
  return rows.map(toUnit);
}

export async function createUnit(ctx: RequestContext, input: CreateUnitInput): Promise<Unit> {
  const actor = actorOf(ctx);
  const name = nameOf(input.name);
  return administratorWrite(ctx, 'CREATE_UNIT', async (m) => {
    await refuseTakenName(m, actor, name, null);
    const [row]: UnitRow[] = await m
      .query(`INSERT INTO unit (municipality_id, kind, name) VALUES ($1, $2, $3) RETURNING ${UNIT_COLUMNS}`, [actor.municipalityId, input.kind, name])
      .catch(refuseDuplicate(name));
    await audit(m, actor, 'CREATE_UNIT', row.id, `Oprettede enheden »${name}« (${UNIT_KIND_LABEL[input.kind]})`);
    return toUnit(row);
  });
}

export async function renameUnit(ctx: RequestContext, input: RenameUnitInput): Promise<Unit> {
  const actor = actorOf(ctx);
  const name = nameOf(input.name);
  return administratorWrite(ctx, 'RENAME_UNIT', async (m) => {
    const unit = await lockUnit(m, actor, input.unitId, input.expectedVersion);
    if (unit.name === name) return toUnit(unit);
    if (!unit.closed_at) await refuseTakenName(m, actor, name, unit.id);
    const [[row]]: [UnitRow[]] = await m
      .query(`UPDATE unit SET name = $2, version = version + 1 WHERE id = $1 RETURNING ${UNIT_COLUMNS}`, [unit.id, name])
      .catch(refuseDuplicate(name));
    await audit(m, actor, 'RENAME_UNIT', unit.id, `Omdøbte enheden »${unit.name}« til »${name}«`);
    return toUnit(row);
  });
}

/** Why a unit with staff (invited or active) does not close: how many, and what to do with them first. */
const stillStaffed = (name: string, staff: number) =>
  staff === 1
    ? `Enheden ${name} har 1 medarbejder. Flyt eller deaktivér vedkommende under Medarbejdere, før enheden lukkes.`
    : `Enheden ${name} har ${staff} medarbejdere. Flyt eller deaktivér dem under Medarbejdere, før enheden lukkes.`;

/**
 * A closed unit takes no new staff and joins no plan. It cannot close while people still
 * work in it or while it is on the team of a running programme: the administrator moves
 * them first, so no caseworker is left in a unit that no longer exists and no citizen's plan
 * loses a unit that delivers to it. The unit's row is locked, and adding it to a team or
 * placing staff in it reads it under a lock too, so neither slips past this check.
 */
export async function closeUnit(ctx: RequestContext, { unitId, expectedVersion }: UnitVersionArgs): Promise<Unit> {
  const actor = actorOf(ctx);
  return administratorWrite(ctx, 'CLOSE_UNIT', async (m) => {
    const unit = await lockUnit(m, actor, unitId, expectedVersion);
    if (unit.closed_at) return toUnit(unit);
    const [{ staff, programmes }]: Array<{ staff: number; programmes: number }> = await m.query(
      `SELECT (SELECT count(*)::int FROM app_user WHERE unit_id = $1 AND deactivated_at IS NULL) AS staff,
              (SELECT count(*)::int FROM plan_team_unit t JOIN plan p ON p.id = t.plan_id JOIN programme pr ON pr.id = p.programme_id
                WHERE t.unit_id = $1 AND pr.status = 'ACTIVE') AS programmes`,
      [unit.id],
    );
    if (staff > 0) throw ruleViolation('UNIT_HAS_STAFF', stillStaffed(unit.name, staff));
    if (programmes > 0) {
      throw ruleViolation('UNIT_ON_ACTIVE_TEAM', `Enheden ${unit.name} er på teamet i ${programmes} igangværende forløb. Fjern den fra ${programmes === 1 ? 'teamet' : 'teamene'}, før enheden lukkes.`);
    }
    const [[row]]: [UnitRow[]] = await m.query(`UPDATE unit SET closed_at = now(), version = version + 1 WHERE id = $1 RETURNING ${UNIT_COLUMNS}`, [unit.id]);
    await audit(m, actor, 'CLOSE_UNIT', unit.id, `Lukkede enheden »${unit.name}« (${UNIT_KIND_LABEL[unit.kind]})`);
    return toUnit(row);
  });
}

/** A reopened unit takes its name back, unless an open unit has taken it meanwhile. */
export async function reopenUnit(ctx: RequestContext, { unitId, expectedVersion }: UnitVersionArgs): Promise<Unit> {
  const actor = actorOf(ctx);
  return administratorWrite(ctx, 'REOPEN_UNIT', async (m) => {
    const unit = await lockUnit(m, actor, unitId, expectedVersion);
    if (!unit.closed_at) return toUnit(unit);
    await refuseTakenName(m, actor, unit.name, unit.id);
    const [[row]]: [UnitRow[]] = await m
      .query(`UPDATE unit SET closed_at = NULL, version = version + 1 WHERE id = $1 RETURNING ${UNIT_COLUMNS}`, [unit.id])
      .catch(refuseDuplicate(unit.name));
    await audit(m, actor, 'REOPEN_UNIT', unit.id, `Genåbnede enheden »${unit.name}« (${UNIT_KIND_LABEL[unit.kind]})`);
    return toUnit(row);
  });
}
