import { IMPORTED_AT_GO_LIVE, localDate, parseCpr } from '@samplan/schema';
import { validate } from 'class-validator';
import { recordAudit } from '../../core/audit';
import { createRequestContext, type AppDeps } from '../../core/context';
import type { Queryable } from '../../core/db/queryable';
import { openRequestDb } from '../../core/db/request-db';
import { AppError, badInput } from '../../core/errors/app-errors';
import { DAY_MESSAGE, everyProblem, VALIDATE_SETTINGS } from '../../core/validation';
import { insertCitizen } from './citizen.service';
import { RegisterCitizenInput } from './citizen.inputs';
import { GoalKind, ProgrammeType } from './plan.enums';
import { CreateProgrammeInput } from './plan.inputs';
import { refuseAsCoordinator } from './plan.service';
import { checkNewProgramme, checkPlanPeriod, PROGRAMME_TYPE_WORD } from './programme-law';
import { writeNewProgramme } from './programme.service';
import { lawVersionFor, typeLaw } from '../rules/law/law-version';

/**
 * The forløb a municipality brings along at go-live (`npm run import`, import-cli.ts): one row
 * of the file is one citizen's running programme. Each row is judged by the rules "Nyt forløb"
 * applies (the inputs' own validation, checkNewProgramme, checkPlanPeriod, and in the write
 * the one-running-programme and age rules) and written, when it passes, by the same
 * writeNewProgramme, in a transaction of its own under the municipality's row-level security
 * (core/db/request-db.ts): nothing of another municipality is seen or written.
 *
 * What differs from "Nyt forløb" is who writes: no caseworker registers the decision here; it
 * was taken and recorded in the old system. The row names the coordinator, who may be of any
 * unit (as after a reassignment), so the rule that an employment caseworker registers a
 * ressourceforløb or jobafklaringsforløb (checkGrantedBy) does not apply, nor the CPR
 * lookups' budget, which is a person's. The audit rows have no actor and say that the
 * forløb was imported at go-live.
 *
 * A row whose CPR number is a citizen Samplan has already puts the forløb on that citizen,
 * but only when the row names the same person (sameName): a row naming someone else is
 * refused at the CPR number, with the row's other faults, since a mistyped number would give
 * the forløb, its plan, coordinator and team to another person, and leave the row's own
 * citizen without one. The citizen's phone and address stay as Samplan has them; where the
 * row's differ, the outcome says so (`keptStored`), and the row's are not written.
 *
 * A row imported before (alreadyImported) is found first, and skipped as it stands: nothing of
 * it is written again, so nothing of it is judged again. Samplan may have changed since go-live
 * what the row once matched — the citizen's name corrected ("Jens Hansen" to "Jens Peter
 * Hansen"), the coordinator gone — and the same file must still run; the outcome then gives
 * the file's name beside Samplan's (`nameInFile`), so the operator sees the difference.
 */

/** One row of the file, as written (empty text: not given). */
export interface ImportRow {
  line: number;
  cpr: string;
  name: string;
  phone: string;
  address: string;
  type: string;
  decisionDate: string;
  startDate: string;
  endDate: string;
  teamMeetingDate: string;
  jointPlanConsentOn: string;
  citizenRequested: string;
  coordinatorEmail: string;
  units: string;
  employmentGoal: string;
  goalKind: string;
  planPeriodEnd: string;
}

/** The row's fields a problem can be about. */
export type ImportField = Exclude<keyof ImportRow, 'line'>;

export interface ImportProblem {
  /** The field it is about; null when the rule is about the forløb as a whole. */
  field: ImportField | null;
  message: string;
}

/** A citizen Samplan had already, whom a row's forløb is put on: the row's fields that differ from Samplan's and are not written. */
export interface ExistingCitizen {
  keptStored: Array<'phone' | 'address'>;
}

export type ImportOutcome =
  | { status: 'READY' | 'IMPORTED'; citizenName: string; planId?: string; existing?: ExistingCitizen }
  | { status: 'ALREADY_IMPORTED'; citizenName: string; nameInFile?: string }
  | { status: 'REFUSED'; problems: ImportProblem[] };

/** What every row of one run shares: the server's dependencies, the municipality, and the file's name for the audit rows. */
export interface ImportRun {
  deps: AppDeps;
  municipality: { id: string; name: string };
  source: string;
}

/** The input fields of the app's forms, as the row's fields. */
const FIELD_OF_INPUT: Record<string, ImportField> = {
  cpr: 'cpr', name: 'name', phone: 'phone', address: 'address', type: 'type', decisionDate: 'decisionDate', startDate: 'startDate', endDate: 'endDate',
  teamMeetingDate: 'teamMeetingDate', jointPlanConsentOn: 'jointPlanConsentOn', citizenRequested: 'citizenRequested', employmentGoal: 'employmentGoal',
  goalKind: 'goalKind', planPeriodEnd: 'planPeriodEnd', periodEnd: 'planPeriodEnd', teamUnits: 'units', userId: 'coordinatorEmail',
};

/** A rule refused without a field, by the field it is most about. */
const FIELD_OF_RULE: Record<string, ImportField> = {
  RESSOURCEFORLOEB_ABOLISHED: 'type',
  PROGRAMME_TOO_LONG: 'endDate',
  PROGRAMME_TOO_SHORT: 'endDate',
  PLAN_PERIOD_TOO_SHORT: 'planPeriodEnd',
  PROGRAMME_ALREADY_RUNNING: 'cpr',
};

/** "ressourceforløb", "Jobafklaringsforløb", "helhedsorienteret forløb", "helhedsorienteret" or the API's own name. */
export function programmeTypeOf(text: string): ProgrammeType | null {
  const word = simple(text);
  for (const type of Object.values(ProgrammeType)) {
    if (word === simple(type) || word === simple(PROGRAMME_TYPE_WORD[type])) return type;
  }
  return word === 'helhedsorienteret' ? ProgrammeType.HELHEDSORIENTERET : null;
}

/** The goal's kind by the words of the form ("konkret job", "branche eller jobfunktion", "uddannelse"), a short form of them, or the API's name. */
const GOAL_WORDS: Record<string, GoalKind> = {
  'konkret job': GoalKind.JOB, job: GoalKind.JOB,
  'branche eller jobfunktion': GoalKind.SECTOR, branche: GoalKind.SECTOR, jobfunktion: GoalKind.SECTOR, sector: GoalKind.SECTOR,
  uddannelse: GoalKind.EDUCATION, education: GoalKind.EDUCATION,
};

export function goalKindOf(text: string): GoalKind | null {
  return GOAL_WORDS[simple(text)] ?? null;
}

/** Lower case, single spaces, ø and oe alike (RESSOURCEFORLOEB is ressourceforløb). */
function simple(text: string): string {
  return text.trim().toLowerCase().replace(/_/g, ' ').replace(/\s+/g, ' ').replace(/ø/g, 'oe');
}

/** A name as written, for comparing: single spaces, one Unicode form (å typed as a + ring is å). */
const nameOf = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ');

/**
 * Whether two names are the same person's name as a Danish reader would read them: case and
 * spacing aside, and Aa as Å ("Aase" is "Åse"), but ø is not o, nor é e.
 */
export function sameName(a: string, b: string): boolean {
  return nameOf(a).localeCompare(nameOf(b), 'da', { sensitivity: 'accent' }) === 0;
}

/** A citizen's number in Samplan belongs to someone the row does not name. */
const otherPersonsNumber = (stored: string, written: string) =>
  `CPR-nummeret tilhører ${nameOf(stored)} i Samplan, ikke ${nameOf(written)}. Ret CPR-nummeret, eller navnet, hvis det er skrevet forkert.`;

/** A phone number as written, for comparing: its digits (and a leading +), spacing aside. */
const phoneOf = (text: string | null) => (text ?? '').replace(/[^\d+]/g, '');

/** An address as written, for comparing: case and spacing aside. */
const addressOf = (text: string | null) => (text ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('da');

/** A day as a Danish spreadsheet writes it (31-01-2026, 31.01.2026, 31/1/2026) or as ISO (2026-01-31); anything else is left for the validator to refuse. */
export function isoDayOf(text: string): string {
  const t = text.trim();
  const danish = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(t);
  return danish ? `${danish[3]}-${danish[2].padStart(2, '0')}-${danish[1].padStart(2, '0')}` : t;
}

const FILE_DAY_MESSAGE = 'Skal være en dato, fx 31-01-2026 eller 2026-01-31.';

const YES = new Set(['ja', 'j', 'x', 'true', '1']);
const NO = new Set(['', 'nej', 'n', 'false', '0']);

/** Placeholder for the citizen's id while the row's fields are checked: the citizen is found or registered after. */
const NO_CITIZEN_YET = '00000000-0000-4000-8000-000000000000';

/** Checks one row and, with `commit`, writes it; without, everything it would write is rolled back. */
export async function importProgrammeRow(run: ImportRun, row: ImportRow, commit: boolean): Promise<ImportOutcome> {
  const problems: ImportProblem[] = [];
  const type = programmeTypeOf(row.type);
  if (!type) problems.push({ field: 'type', message: `Ukendt forløbstype »${row.type}«. Skriv ressourceforløb, jobafklaringsforløb eller helhedsorienteret forløb.` });
  const goalKind = goalKindOf(row.goalKind);
  if (!goalKind) problems.push({ field: 'goalKind', message: `Ukendt måltype »${row.goalKind}«. Skriv konkret job, branche eller jobfunktion, eller uddannelse.` });
  const requested = row.citizenRequested.trim().toLowerCase();
  if (!YES.has(requested) && !NO.has(requested)) problems.push({ field: 'citizenRequested', message: 'Skriv ja eller nej (tom: nej).' });
  const units = row.units.split(',').map((u) => u.trim()).filter(Boolean);
  const optionalDay = (text: string) => (text.trim() ? isoDayOf(text) : null);

  const citizenInput = Object.assign(new RegisterCitizenInput(), { cpr: row.cpr.trim(), name: row.name, phone: row.phone.trim() || null, address: row.address.trim() || null });
  const input = Object.assign(new CreateProgrammeInput(), {
    citizenId: NO_CITIZEN_YET, type: type ?? ProgrammeType.JOBAFKLARINGSFORLOEB, decisionDate: isoDayOf(row.decisionDate), startDate: isoDayOf(row.startDate), endDate: isoDayOf(row.endDate),
    teamMeetingDate: optionalDay(row.teamMeetingDate), jointPlanConsentOn: optionalDay(row.jointPlanConsentOn), citizenRequested: YES.has(requested),
    employmentGoal: row.employmentGoal, goalKind: goalKind ?? GoalKind.JOB, planPeriodEnd: isoDayOf(row.planPeriodEnd), teamUnits: [] as string[],
  });
  // The forms' own validation (class-validator, as type-graphql runs it for every request).
  for (const errors of [await validate(citizenInput, VALIDATE_SETTINGS), await validate(input, VALIDATE_SETTINGS)]) {
    // The form's date message names the API's form only; the file also takes the spreadsheet's.
    for (const p of everyProblem(errors)) problems.push({ field: FIELD_OF_INPUT[p.field] ?? null, message: p.message === DAY_MESSAGE ? FILE_DAY_MESSAGE : p.message });
  }
  const email = row.coordinatorEmail.trim().toLowerCase();
  if (!email) problems.push({ field: 'coordinatorEmail', message: 'Skriv den koordinerende sagsbehandlers e-mail.' });

  const { deps, municipality } = run;
  const requestDb = openRequestDb(deps.dataSource, municipality.id);
  try {
    const db = requestDb.manager;
    // Read under the municipality's row-level security: staff and units of another municipality are not there.
    const [coordinator]: Array<{ id: string; name: string; role: string; unit_id: string | null; deactivated_at: Date | null }> = await db.query(
      `SELECT id, name, role, unit_id, deactivated_at FROM app_user WHERE municipality_id = $1 AND email = $2`,
      [municipality.id, email],
    );
    const active = coordinator && !coordinator.deactivated_at ? coordinator : null;
    if (email && !active) problems.push({ field: 'coordinatorEmail', message: `Ingen aktiv medarbejder i ${municipality.name} har e-mailen ${email}.` });
    if (active) {
      try {
        refuseAsCoordinator(active, 'userId');
      } catch (err) {
        problems.push(problemOf(err));
      }
    }
    // By name: an open unit before a closed one of the same name (names are unique among open units).
    const found: Array<{ id: string; key: string }> = await db.query(
      `SELECT DISTINCT ON (lower(name)) id, lower(name) AS key FROM unit WHERE municipality_id = $1 AND lower(name) = ANY($2::text[]) ORDER BY lower(name), closed_at NULLS FIRST`,
      [municipality.id, units.map((u) => u.toLowerCase())],
    );
    const unitIds = new Map(found.map((u) => [u.key, u.id]));
    const unknown = units.filter((u) => !unitIds.has(u.toLowerCase()));
    if (unknown.length) problems.push({ field: 'units', message: `${municipality.name} har ingen enhed ved navn ${unknown.map((u) => `»${u}«`).join(', ')}.` });
    // The number's form was told by the validation; here only a birth date after today is left.
    const parsed = parseCpr(citizenInput.cpr, localDate(deps.clock.now()));
    if (!parsed.ok && !problems.some((p) => p.field === 'cpr')) problems.push({ field: 'cpr', message: parsed.problem });
    // The citizen Samplan has by the number, who must be the one the row names.
    const [stored]: Array<{ id: string; name: string; birthDate: string; phone: string | null; address: string | null }> = parsed.ok
      ? await db.query(`SELECT id, name, birth_date::text AS "birthDate", phone, address FROM citizen WHERE municipality_id = $1 AND cpr = $2`, [municipality.id, parsed.cpr.digits])
      : [];
    // A row imported before is told so before any fault: the row's number, type and decision date are enough to know it.
    if (stored && type && !problems.some((p) => p.field === 'decisionDate') && (await alreadyImported(db, stored.id, { type, decisionDate: input.decisionDate }))) {
      return importedBefore(stored.name, citizenInput.name);
    }
    if (stored && !problems.some((p) => p.field === 'name') && !sameName(stored.name, citizenInput.name)) {
      problems.push({ field: 'cpr', message: otherPersonsNumber(stored.name, citizenInput.name) });
    }
    // Every fault of the row's own fields, the coordinator and the units is told at once; the law's rules after.
    if (problems.length || !active || !parsed.ok) return { status: 'REFUSED', problems };
    input.teamUnits = [...new Set(units.map((u) => unitIds.get(u.toLowerCase())!))];

    const { digits, birthDate } = parsed.cpr;
    const name = citizenInput.name.trim();
    const existing = stored && { id: stored.id, name: stored.name, birthDate: stored.birthDate };
    // Samplan's phone and address are kept: the row's, where they differ, are told and not written.
    const keptFrom = (c: { phone: string | null; address: string | null }): ExistingCitizen => ({
      keptStored: [
        ...(citizenInput.phone && phoneOf(citizenInput.phone) !== phoneOf(c.phone) ? ['phone' as const] : []),
        ...(citizenInput.address && addressOf(citizenInput.address) !== addressOf(c.address) ? ['address' as const] : []),
      ],
    });
    let existingCitizen = stored ? keptFrom(stored) : null;

    // No one is the context's actor: nothing the import writes claims a person wrote it.
    const ctx = createRequestContext(deps, `import:${run.source}:${row.line}`, null, undefined, requestDb);
    const detail = `${IMPORTED_AT_GO_LIVE} fra ${run.source}, linje ${row.line}`;
    const written = await (async () => {
      const lawVersion = await checkNewProgramme(ctx, municipality.id, input);
      checkPlanPeriod(ctx, { type: input.type, lawVersion, endDate: input.endDate }, input.startDate, input.planPeriodEnd);
      return ctx.db.transaction(async (m) => {
        let citizen = existing;
        if (!citizen) {
          const id = await insertCitizen(m, municipality.id, { digits, name, birthDate, phone: citizenInput.phone, address: citizenInput.address }, null);
          if (id) {
            citizen = { id, name, birthDate };
            await recordAudit(m, { actor: null, municipalityId: municipality.id, action: 'IMPORT_CITIZEN', entityType: 'CITIZEN', entityId: id, citizenId: id, outcome: 'ALLOWED', detail });
          } else {
            // Registered meanwhile (by hand, or by another run of the file): the row must name them too.
            const [meanwhile]: Array<{ id: string; name: string; birthDate: string; phone: string | null; address: string | null }> = await m.query(
              `SELECT id, name, birth_date::text AS "birthDate", phone, address FROM citizen WHERE municipality_id = $1 AND cpr = $2`,
              [municipality.id, digits],
            );
            // Unless that run imported this very row: then it is told as imported before, as above.
            if (!sameName(meanwhile.name, name) && !(await alreadyImported(m, meanwhile.id, input))) throw badInput('cpr', otherPersonsNumber(meanwhile.name, name));
            citizen = { id: meanwhile.id, name: meanwhile.name, birthDate: meanwhile.birthDate };
            existingCitizen = keptFrom(meanwhile);
          }
        }
        // Under the citizen's lock (which writeNewProgramme takes again): a second run of the same file at the same moment finds this one's programme.
        await m.query(`SELECT 1 FROM citizen WHERE id = $1 FOR UPDATE`, [citizen.id]);
        if (await alreadyImported(m, citizen.id, input)) return { citizen, plan: null };
        const plan = await writeNewProgramme(m, ctx, {
          municipalityId: municipality.id, citizen, input, lawVersion, by: null, coordinator: { userId: active.id },
          assignmentReason: IMPORTED_AT_GO_LIVE, audit: { action: 'IMPORT_PROGRAMME', detail: `${detail}; koordinerende sagsbehandler ${active.name}` },
          summary: `${IMPORTED_AT_GO_LIVE}: ${PROGRAMME_TYPE_WORD[input.type]} for ${citizen.name}`,
        });
        return { citizen, plan };
      });
    })().catch((err: unknown) => {
      if (err instanceof AppError) return { refused: problemOf(err, barselMovesEnd(input)) };
      throw err;
    });
    if ('refused' in written) return { status: 'REFUSED', problems: [written.refused] };
    if (!written.plan) return importedBefore(written.citizen.name, name);
    const matched = existingCitizen ? { existing: existingCitizen } : {};
    if (!commit) return { status: 'READY', citizenName: written.citizen.name, ...matched };
    await requestDb.commit();
    return { status: 'IMPORTED', citizenName: written.citizen.name, planId: written.plan.id, ...matched };
  } finally {
    // After a commit, nothing is left to roll back; in a dry run, everything is.
    await requestDb.release();
  }
}

/** A row imported before, told by the name Samplan has, and by the file's too where that is another (corrected in Samplan since). */
function importedBefore(storedName: string, rowName: string): ImportOutcome {
  const renamed = nameOf(rowName) !== '' && !sameName(storedName, rowName);
  return { status: 'ALREADY_IMPORTED', citizenName: storedName, ...(renamed ? { nameInFile: nameOf(rowName) } : {}) };
}

/**
 * The row was imported before: the citizen has a programme of its type with its decision date.
 * One marked "Registreret ved en fejl" is none: the corrected file imports it anew.
 */
async function alreadyImported(q: Queryable, citizenId: string, input: { type: ProgrammeType; decisionDate: string }): Promise<boolean> {
  const rows: unknown[] = await q.query(
    `SELECT 1 FROM programme WHERE citizen_id = $1 AND type = $2 AND decision_date = $3 AND registered_in_error_at IS NULL`,
    [citizenId, input.type, input.decisionDate],
  );
  return rows.length > 0;
}

/**
 * Whether barsel moves the end date of the row's forløb later (a ressourceforløb under the rules
 * of 2013 and 2022, STAR’s vejledning om ressourceforløb 2020, afsnit 6.3): only then can an end
 * too far off be one the old system moved for barsel.
 */
function barselMovesEnd(input: { type: ProgrammeType; decisionDate: string }): boolean {
  return typeLaw(lawVersionFor(input.decisionDate), input.type)?.suspension != null;
}

/**
 * An error of the app's rules as a problem of the row: its message, at the field it names (or
 * the field its rule is about). The file has no column for barsel: an end the old system moved
 * later for barsel reads as too long, so where barsel can have moved it, the refusal says how to
 * bring such a forløb in (BARSEL_IN_IMPORT).
 */
function problemOf(err: unknown, barselMayExplain = false): ImportProblem {
  if (!(err instanceof AppError)) throw err;
  const { field, rule } = err.extensions as { field?: string; rule?: string };
  const message = rule === 'PROGRAMME_TOO_LONG' && barselMayExplain ? `${err.message} ${BARSEL_IN_IMPORT}` : err.message;
  return { field: (field && FIELD_OF_INPUT[field]) || (rule && FIELD_OF_RULE[rule]) || null, message };
}

/**
 * What to do with a ressourceforløb whose end date barsel moved later in the old system: bring it
 * in with the end date it had before the barsel (and the plan period no later), then record the
 * barsel on the plan page, which moves the end date later by its days (addProgrammeSuspension;
 * the form "Registrér barsel/suspension" under Forløbet, the coordinator's).
 */
export const BARSEL_IN_IMPORT = 'Er slutdatoen flyttet senere for barsel i det tidligere system, så indlæs forløbet med slutdatoen fra før barslen (og planperiodens slut højst til den). Registrér derefter barslen på planen med »Registrér barsel/suspension« under Forløbet: det flytter slutdatoen senere med barslens dage, som ikke tæller med i forløbets varighed.';
