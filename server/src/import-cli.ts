import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appModules } from './app-modules';
import type { TokenVerifier } from './core/auth/tokens';
import { systemClock } from './core/clock';
import { configFromEnv, type EnvConfig } from './core/config';
import { createLogger } from './core/logging/logger';
import { entitiesOf } from './core/module';
import { exitWhenDone } from './core/exit-when-done';
import { exitForOperator, openOperatorDatabase, Refusal, UsageError } from './core/operator-cli';
import { importProgrammeRow, type ExistingCitizen, type ImportField, type ImportOutcome, type ImportRow } from './modules/plan/programme-import';

/**
 * `npm run import -- --municipality "Faaborg-Midtfyn Kommune" --file forloeb.csv [--commit]`: the forløb
 * a municipality has running in its old systems, brought into Samplan at go-live, one row of
 * the file per citizen's running forløb. Without --commit it only checks every row by the
 * rules "Nyt forløb" applies and says what it would refuse; with it, each accepted row is
 * written in a transaction of its own (modules/plan/programme-import.ts). A row imported
 * before (the citizen has a programme of that type with that decision date) is skipped, so
 * the same file can be run again after its refused rows are mended, also once a citizen's
 * name has been corrected in Samplan (the line gives both names). A row whose CPR number
 * is a citizen Samplan has already is told by its line, with the citizen's name, in both runs:
 * the forløb is put on that citizen, whose phone and address are kept. A row naming another
 * person than the one Samplan has by its number, and not imported before, is refused.
 *
 * It runs against DATABASE_URL, or the embedded PostgreSQL the server uses when that is unset.
 * Exit code 0 when no row is refused, 1 when any is (or the municipality is unknown), 2 for a
 * mistake in the arguments or in the file's columns.
 */

/** The file's columns: the header's name, the row's field, whether the header must be there, and what it holds. */
const COLUMNS: ReadonlyArray<{ header: string; field: ImportField; required: boolean; what: string }> = [
  { header: 'cpr', field: 'cpr', required: true, what: 'CPR-nummer, DDMMÅÅ-LLLL' },
  { header: 'navn', field: 'name', required: true, what: 'borgerens navn' },
  { header: 'telefon', field: 'phone', required: false, what: 'borgerens telefon' },
  { header: 'adresse', field: 'address', required: false, what: 'borgerens adresse' },
  { header: 'forløbstype', field: 'type', required: true, what: 'ressourceforløb, jobafklaringsforløb eller helhedsorienteret forløb' },
  { header: 'afgørelsesdato', field: 'decisionDate', required: true, what: 'dato; afgør hvilke regler der gælder' },
  { header: 'startdato', field: 'startDate', required: true, what: 'dato' },
  { header: 'slutdato', field: 'endDate', required: true, what: 'dato, til og med' },
  { header: 'teammøde', field: 'teamMeetingDate', required: false, what: 'dato for mødet i rehabiliteringsteamet, når der var et' },
  { header: 'samtykke', field: 'jointPlanConsentOn', required: false, what: 'dato for samtykke til en fælles plan; skal udfyldes for et helhedsorienteret forløb' },
  { header: 'borgerens_ønske', field: 'citizenRequested', required: false, what: 'ja, når borgeren selv ønskede ressourceforløbet (2022-reglerne); tom: nej' },
  { header: 'koordinator', field: 'coordinatorEmail', required: true, what: 'e-mail på den koordinerende sagsbehandler, aktiv i kommunen' },
  { header: 'enheder', field: 'units', required: true, what: 'enhederne på planen, ved navn, adskilt af komma' },
  { header: 'mål', field: 'employmentGoal', required: true, what: 'beskæftigelses- eller uddannelsesmålet' },
  { header: 'måltype', field: 'goalKind', required: true, what: 'konkret job, branche eller jobfunktion, eller uddannelse' },
  { header: 'planperiode_slut', field: 'planPeriodEnd', required: true, what: 'dato for planperiodens slut' },
];

const HEADER_OF = Object.fromEntries(COLUMNS.map((c) => [c.field, c.header])) as Record<ImportField, string>;

const USAGE = [
  'usage: npm run import -- --municipality "<name>" --file <path.csv> [--commit]',
  '',
  'Without --commit the file is only checked: each refused row is told with its line and column, nothing is written.',
  'With --commit every accepted row is imported; a row imported before is skipped.',
  'Either way, an accepted row whose citizen Samplan has already is told with the name Samplan has (its phone and address are kept);',
  'a row whose name is not that of the citizen Samplan has by its CPR number is refused, unless it was imported before.',
  '',
  'The file: UTF-8, columns separated by semicolons, a header row naming them (in any order; dates as 2026-01-31 or 31-01-2026):',
  ...COLUMNS.map((c) => `  ${c.header.padEnd(17)} ${c.required ? '' : '(kan udelades) '}${c.what}`),
].join('\n');

/** The settings once parsed: a failure shows its stack only with LOG_LEVEL=debug. */
let settings: EnvConfig | undefined;

export interface ImportRequest {
  municipality: string;
  file: string;
  commit: boolean;
}

export function parseImportArgs(argv: readonly string[]): ImportRequest {
  let values: { municipality?: string; file?: string; commit?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { municipality: { type: 'string' }, file: { type: 'string' }, commit: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const municipality = values.municipality?.trim() ?? '';
  const file = values.file?.trim() ?? '';
  if (!municipality) throw new UsageError(`--municipality needs the municipality's name\n${USAGE}`);
  if (!file) throw new UsageError(`--file needs the path of the CSV file\n${USAGE}`);
  return { municipality, file, commit: values.commit === true };
}

/**
 * Semicolon-separated values as a Danish spreadsheet exports them: fields in double quotes
 * may hold semicolons, line breaks and doubled quotes. Each record with the line it starts on.
 */
export function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ';') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      start = ++line;
    } else field += c;
  }
  if (field !== '' || fields.length) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  // Blank lines, and the empty rows a spreadsheet exports as ";;;;", are no rows.
  return records.filter((r) => r.fields.some((f) => f.trim() !== ''));
}

/** The file's rows by its header; a column missing or unknown is the operator's mistake (exit 2). */
export function rowsOf(text: string): ImportRow[] {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new UsageError(`the file is empty; it needs a header row\n${USAGE}`);
  const names = header.fields.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const unknown = names.filter((n) => !COLUMNS.some((c) => c.header === n));
  if (unknown.length) throw new UsageError(`the file has columns Samplan does not know: ${unknown.join(', ')}\n${USAGE}`);
  const missing = COLUMNS.filter((c) => c.required && !names.includes(c.header)).map((c) => c.header);
  if (missing.length) throw new UsageError(`the file lacks the columns ${missing.join(', ')}\n${USAGE}`);
  return records.map(({ line, fields }) => {
    const row = { line } as ImportRow;
    for (const c of COLUMNS) {
      const at = names.indexOf(c.header);
      row[c.field] = at >= 0 ? (fields[at] ?? '').trim() : '';
    }
    return row;
  });
}

/** One Danish line per problem of a refused row: "Linje 4, forløbstype: …". */
function refusalLines(line: number, outcome: Extract<ImportOutcome, { status: 'REFUSED' }>): string[] {
  return outcome.problems.map((p) => `Linje ${line}${p.field ? `, ${HEADER_OF[p.field]}` : ''}: ${p.message}`);
}

/** An accepted row put on a citizen Samplan had already: "Linje 4: eksisterende borger i Samplan, Bo Nielsen." and what of the row is not written. */
function existingLine(line: number, citizenName: string, existing: ExistingCitizen): string {
  const kept = existing.keptStored.map((f) => HEADER_OF[f]).join(' og ');
  return `Linje ${line}: eksisterende borger i Samplan, ${citizenName}.${kept ? ` Filens ${kept} er ikke skrevet: Samplans kontaktoplysninger beholdes, også hvor de er tomme.` : ''}`;
}

/** The import signs nobody in: a row is written by no one (programme-import.ts). */
const NO_TOKENS: TokenVerifier = {
  verify: () => Promise.reject(new Error('the import verifies no tokens')),
};

/** The CPR number's digits, to find a citizen named twice in one file. */
const cprKey = (cpr: string) => cpr.replace(/\D/g, '');

/** The exit code: 1 when any row is refused. */
async function main(): Promise<number> {
  const req = parseImportArgs(process.argv.slice(2));
  let text: string;
  try {
    text = readFileSync(req.file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${req.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const rows = rowsOf(text);
  const out = (m: string) => process.stdout.write(`${m}\n`);
  const config = (settings = configFromEnv(process.env, { verifiesTokens: false }));
  const { ds, target, close } = await openOperatorDatabase(config, entitiesOf(appModules));
  try {
    const [municipality]: Array<{ id: string; name: string }> = await ds.query(`SELECT id, name FROM municipality WHERE lower(name) = lower($1)`, [req.municipality]);
    if (!municipality) throw new Refusal(`No municipality is named "${req.municipality}"; nothing was read or written.`);
    const deps = {
      dataSource: ds, config: { ...config, databaseUrl: target.url }, clock: systemClock, logger: createLogger(config.logLevel), tokens: NO_TOKENS, modules: appModules,
    };
    const run = { deps, municipality, source: path.basename(req.file) };
    const counts = { ok: 0, refused: 0, already: 0 };
    const firstLineOf = new Map<string, number>();
    for (const row of rows) {
      // A citizen is in one forløb at a time, so one row per citizen: a second is refused here, as
      // the first's would be running by then (a dry run writes nothing for the first to meet).
      const first = firstLineOf.get(cprKey(row.cpr));
      const outcome: ImportOutcome = first && cprKey(row.cpr)
        ? { status: 'REFUSED', problems: [{ field: 'cpr', message: `Borgeren står også på linje ${first}. En borger er i ét forløb ad gangen: én række pr. borger.` }] }
        : await importProgrammeRow(run, row, req.commit);
      if (!first && cprKey(row.cpr)) firstLineOf.set(cprKey(row.cpr), row.line);
      if (outcome.status === 'REFUSED') {
        counts.refused++;
        for (const l of refusalLines(row.line, outcome)) out(l);
      } else if (outcome.status === 'ALREADY_IMPORTED') {
        counts.already++;
        // Named otherwise in the file than in Samplan (a name corrected since): both, so the operator sees it is the same citizen.
        out(`Linje ${row.line}: allerede indlæst (${outcome.citizenName}${outcome.nameInFile ? `; i filen ${outcome.nameInFile}` : ''}); springes over.`);
      } else {
        counts.ok++;
        if (outcome.existing) out(existingLine(row.line, outcome.citizenName, outcome.existing));
      }
    }
    const parts = [`${counts.ok} ${req.commit ? 'indlæst' : 'kan indlæses'}`, `${counts.refused} afvist`, ...(counts.already ? [`${counts.already} allerede indlæst`] : [])];
    out(`${rows.length} ${rows.length === 1 ? 'række' : 'rækker'}: ${parts.join(', ')}${req.commit ? '' : ' (prøvekørsel: intet er skrevet; indlæs med --commit)'}.`);
    return counts.refused ? 1 : 0;
  } finally {
    await close();
  }
}

if (require.main === module) {
  exitWhenDone(main, (err) => exitForOperator('import', err, settings?.logLevel));
}
