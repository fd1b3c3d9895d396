import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BARSEL_IN_IMPORT } from '../../server/src/modules/plan/programme-import';
import { typeLaw, LawVersion } from '../../server/src/modules/rules/law/law-version';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { WsClient } from '../../server/src/test-support/ws-client';
import { ensureServerBuilt, REPO } from '../support/spawn-server';

/**
 * The forløb a municipality brings along at go-live, as an operator imports them:
 * `node server/dist/import-cli.js` (what `npm run import --` calls after building) in a
 * process of its own, against the demo municipality's database. A dry run says which rows it
 * refuses and why, and writes nothing; a commit writes the accepted rows, which their
 * coordinator then has in Mine sager, with their access log; a second commit adds nothing.
 */
jest.setTimeout(180_000);

let t: TestServer;
let dir: string;

beforeAll(async () => {
  await ensureServerBuilt();
  t = await startTestServer();
  dir = mkdtempSync(path.join(tmpdir(), 'samplan-import-'));
});
afterAll(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'cpr;navn;telefon;adresse;forløbstype;afgørelsesdato;startdato;slutdato;teammøde;samtykke;koordinator;enheder;mål;måltype;planperiode_slut';
const ROWS = [
  // 2: accepted, Danish dates as a spreadsheet writes them.
  '120485-1123;Ane Import;20 30 40 50;Torvet 1, 5600 Faaborg;Jobafklaringsforløb;01-10-2026;15-10-2026;14-10-2027;;;dorte.madsen@fmk.dk;Jobcenter, Sundhedsforvaltningen;Lagerarbejde;konkret job;14-10-2027',
  // 3: accepted, the municipality's own forløb with the joint-plan consent.
  '030390-2213;Bo Import;;;helhedsorienteret forløb;2026-03-01;2026-03-15;2027-03-14;;2026-03-01;Dorte.Madsen@fmk.dk;Socialforvaltningen;Uddannelse som tømrer;uddannelse;2027-03-14',
  // 4: a ressourceforløb decided after 1 February 2026.
  '050580-3317;Cai Import;;;ressourceforløb;2026-02-10;2026-03-01;2027-02-28;;;dorte.madsen@fmk.dk;Jobcenter;Fleksjob;branche eller jobfunktion;2027-02-28',
  // 5: a coordinator of another municipality.
  '070775-4419;Dea Import;;;jobafklaringsforløb;2026-09-01;2026-09-15;2027-09-14;;;otto.berg@svendborg.dk;Jobcenter;Kontor;branche;2027-09-14',
  // 6: a day that does not exist, and a unit the municipality does not have.
  '090992-1521;Eik Import;;;jobafklaringsforløb;2026-09-01;31-02-2026;2027-09-14;;;dorte.madsen@fmk.dk;Jobcenter, Borgerservice;Kontor;branche;2027-09-14',
  // 7: accepted, a ressourceforløb under the 2022 rules.
  '110685-2613;Fie Import;;;RESSOURCEFORLØB;2025-06-01;2025-06-15;2028-06-14;2025-05-20;;dorte.madsen@fmk.dk;Jobcenter,Socialforvaltningen;Pædagogmedhjælper;branche eller jobfunktion;2028-06-14',
  // 8: a ressourceforløb whose end the old system moved later for barsel: longer than 3 years.
  '130788-1235;Gry Import;;;ressourceforløb;2025-06-01;2025-06-15;2028-12-14;2025-05-20;;dorte.madsen@fmk.dk;Jobcenter;Kontorarbejde;branche eller jobfunktion;2028-12-14',
];

function importFile(name: string, lines: string[], ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const file = path.join(dir, name);
  writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  const out = spawnSync(process.execPath, [path.join(REPO, 'server/dist/import-cli.js'), '--municipality', 'Faaborg-Midtfyn Kommune', '--file', file, ...args], {
    cwd: REPO,
    // Only what an operator sets for this: the database (NODE_ENV production: no demo anything).
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATABASE_URL: t.db.url, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

const query = <T>(sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params) as Promise<T[]>;
const written = () => query<{ c: number; p: number; a: number; e: number }>(
  `SELECT (SELECT count(*)::int FROM citizen) AS c, (SELECT count(*)::int FROM programme) AS p, (SELECT count(*)::int FROM audit_log) AS a, (SELECT count(*)::int FROM plan_event) AS e`,
);

const ABOLISHED = typeLaw(LawVersion.REFORM_2026, 'RESSOURCEFORLOEB').refusal!.message;

it('a dry run tells each refused row by its line and column, and writes nothing', async () => {
  const before = await written();
  const run = importFile('forloeb.csv', [HEADER, ...ROWS]);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: '' });
  expect(run.stdout.trim().split('\n')).toEqual([
    `Linje 4, forløbstype: ${ABOLISHED}`,
    'Linje 5, koordinator: Ingen aktiv medarbejder i Faaborg-Midtfyn Kommune har e-mailen otto.berg@svendborg.dk.',
    'Linje 6, startdato: Skal være en dato, fx 31-01-2026 eller 2026-01-31.',
    'Linje 6, enheder: Faaborg-Midtfyn Kommune har ingen enhed ved navn »Borgerservice«.',
    `Linje 8, slutdato: Et ressourceforløb kan højst vare 3 år ad gangen (til og med 14. juni 2028). ${BARSEL_IN_IMPORT}`,
    '7 rækker: 3 kan indlæses, 4 afvist (prøvekørsel: intet er skrevet; indlæs med --commit).',
  ]);
  expect(await written()).toEqual(before);
});

it('a commit imports the accepted rows: the coordinator has them in Mine sager, with the import in their access log', async () => {
  const token = await t.login('dorte');
  // The coordinator's Mine sager open meanwhile: its live stream hears of each imported forløb.
  const [{ seq: before }] = await query<{ seq: string }>(`SELECT COALESCE(max(seq), 0)::text AS seq FROM plan_event`);
  const socket = await WsClient.connect(t.url, token);
  const heard = new Promise<string[]>((resolve, reject) => {
    const summaries: string[] = [];
    socket.subscribe(`subscription($after: String) { caseloadEvents(afterSeq: $after) { ... on PlanEvent { kind summary } } }`, { after: before }, (r) => {
      if (r.errors) reject(new Error(JSON.stringify(r.errors)));
      const event = (r.data as { caseloadEvents?: { kind?: string; summary?: string } } | undefined)?.caseloadEvents;
      if (event?.kind === 'PROGRAMME_CREATED') summaries.push(event.summary!);
      if (summaries.length === 3) resolve(summaries);
    });
  });

  const run = importFile('forloeb.csv', [HEADER, ...ROWS], '--commit');
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('7 rækker: 3 indlæst, 4 afvist.');
  expect((await heard).sort()).toEqual([
    'Indlæst ved idriftsættelse: helhedsorienteret forløb for Bo Import',
    'Indlæst ved idriftsættelse: jobafklaringsforløb for Ane Import',
    'Indlæst ved idriftsættelse: ressourceforløb for Fie Import',
  ]);
  await socket.close();
  const caseload = await t.gql<{ myCaseload: Array<{ id: string; citizen: { id: string; name: string }; programme: { type: string; decisionDate: string; lawVersion: string }; team: Array<{ name: string }>; coordinator: { user: { name: string } } }> }>(
    `{ myCaseload { id citizen { id name } programme { type decisionDate lawVersion } team { name } coordinator { user { name } } } }`, {}, token,
  );
  expect(caseload.errors).toBeUndefined();
  const imported = caseload.data!.myCaseload.filter((p) => p.citizen.name.endsWith(' Import'));
  expect(imported.map((p) => ({ name: p.citizen.name, ...p.programme, team: p.team.map((u) => u.name).sort(), coordinator: p.coordinator.user.name })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
    { name: 'Ane Import', type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-10-01', lawVersion: 'REFORM_2026', team: ['Jobcenter', 'Sundhedsforvaltningen'], coordinator: 'Dorte Madsen' },
    { name: 'Bo Import', type: 'HELHEDSORIENTERET', decisionDate: '2026-03-01', lawVersion: 'REFORM_2026', team: ['Jobcenter', 'Socialforvaltningen'], coordinator: 'Dorte Madsen' },
    { name: 'Fie Import', type: 'RESSOURCEFORLOEB', decisionDate: '2025-06-01', lawVersion: 'RULES_2022', team: ['Jobcenter', 'Socialforvaltningen'], coordinator: 'Dorte Madsen' },
  ]);

  const ane = imported.find((p) => p.citizen.name === 'Ane Import')!;
  const log = await t.gql<{ accessLog: Array<{ actorName: string | null; action: string; outcome: string; detail: string | null }> }>(
    `query ($id: ID!) { accessLog(citizenId: $id) { actorName action outcome detail } }`, { id: ane.citizen.id }, token,
  );
  expect(log.errors).toBeUndefined();
  expect(log.data!.accessLog.filter((r) => r.action.startsWith('IMPORT_')).reverse()).toEqual([
    { actorName: null, action: 'IMPORT_CITIZEN', outcome: 'ALLOWED', detail: 'Indlæst ved idriftsættelse fra forloeb.csv, linje 2' },
    { actorName: null, action: 'IMPORT_PROGRAMME', outcome: 'ALLOWED', detail: 'Indlæst ved idriftsættelse fra forloeb.csv, linje 2; koordinerende sagsbehandler Dorte Madsen' },
  ]);
  // The live event a new programme writes, so an open Mine sager hears of it.
  expect(await query(`SELECT kind, actor_id, summary FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_CREATED'`, [ane.id])).toEqual([
    { kind: 'PROGRAMME_CREATED', actor_id: null, summary: 'Indlæst ved idriftsættelse: jobafklaringsforløb for Ane Import' },
  ]);
  // The consent given at the decision is in the register, as when the forløb is created by hand.
  const bo = imported.find((p) => p.citizen.name === 'Bo Import')!;
  expect(await query(`SELECT scope, given_on::text FROM consent_entry WHERE plan_id = $1`, [bo.id])).toEqual([{ scope: 'JOINT_PLAN', given_on: '2026-03-01' }]);
  // Nothing written claims a person wrote it: every write's audit row and every event of the imported plans names no one.
  expect(await query(`SELECT action, actor_id, detail FROM audit_log WHERE citizen_id = $1 AND channel IS NULL ORDER BY id`, [bo.citizen.id])).toEqual([
    { action: 'IMPORT_CITIZEN', actor_id: null, detail: 'Indlæst ved idriftsættelse fra forloeb.csv, linje 3' },
    { action: 'IMPORT_PROGRAMME', actor_id: null, detail: 'Indlæst ved idriftsættelse fra forloeb.csv, linje 3; koordinerende sagsbehandler Dorte Madsen' },
    {
      action: 'RECORD_CONSENT', actor_id: null,
      detail: 'Samtykke til den fælles plan, givet ved afgørelsen. Indlæst ved idriftsættelse fra forloeb.csv, linje 3; koordinerende sagsbehandler Dorte Madsen',
    },
  ]);
  expect(await query(`SELECT DISTINCT actor_id FROM plan_event WHERE plan_id = ANY($1::uuid[])`, [imported.map((p) => p.id)])).toEqual([{ actor_id: null }]);
  // Nothing in the other municipality.
  expect(await query(`SELECT c.name FROM citizen c JOIN municipality m ON m.id = c.municipality_id WHERE c.name LIKE '% Import' AND m.name <> 'Faaborg-Midtfyn Kommune'`)).toEqual([]);
});

it('a second commit of the same file adds nothing, and says which rows were imported before', async () => {
  const before = await written();
  const run = importFile('forloeb.csv', [HEADER, ...ROWS], '--commit');
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('Linje 2: allerede indlæst (Ane Import); springes over.');
  expect(run.stdout).toContain('7 rækker: 0 indlæst, 4 afvist, 3 allerede indlæst.');
  expect(await written()).toEqual(before);
  // Without the refused rows, nothing is refused: exit code 0.
  const again = importFile('forloeb-rettet.csv', [HEADER, ROWS[0], ROWS[1], ROWS[5]], '--commit');
  expect({ status: again.status, last: again.stdout.trim().split('\n').pop() }).toEqual({ status: 0, last: '3 rækker: 0 indlæst, 0 afvist, 3 allerede indlæst.' });
  expect(await written()).toEqual(before);
});

it('a row naming another person than the one Samplan has by its CPR number is refused; one naming them is told with their name, and Samplan\'s phone is kept', async () => {
  // Registered in Samplan before the import.
  await query(
    `INSERT INTO citizen (municipality_id, cpr, name, birth_date, phone) SELECT id, '1506821337', 'Bo Eksisterende', '1982-06-15', '20304050' FROM municipality WHERE name = 'Faaborg-Midtfyn Kommune'`,
  );
  const bo = (name: string) => `150682-1337;${name};11223344;;jobafklaringsforløb;2026-09-01;2026-09-15;2027-09-14;;;dorte.madsen@fmk.dk;Jobcenter;Kontor;branche;2027-09-14`;
  const lines = (name: string, ...args: string[]) => {
    const run = importFile('eksisterende.csv', [HEADER, bo(name)], ...args);
    // The number is never printed.
    expect(run.stdout).not.toMatch(/150682|1506821337/);
    return { status: run.status, stdout: run.stdout.trim().split('\n') };
  };
  const dryRun = '(prøvekørsel: intet er skrevet; indlæs med --commit).';
  const told = 'Linje 2: eksisterende borger i Samplan, Bo Eksisterende. Filens telefon er ikke skrevet: Samplans kontaktoplysninger beholdes, også hvor de er tomme.';
  expect(lines('Anna Anden')).toEqual({
    status: 1,
    stdout: [
      'Linje 2, cpr: CPR-nummeret tilhører Bo Eksisterende i Samplan, ikke Anna Anden. Ret CPR-nummeret, eller navnet, hvis det er skrevet forkert.',
      `1 række: 0 kan indlæses, 1 afvist ${dryRun}`,
    ],
  });
  expect(lines('bo eksisterende')).toEqual({ status: 0, stdout: [told, `1 række: 1 kan indlæses, 0 afvist ${dryRun}`] });
  expect(lines('bo eksisterende', '--commit')).toEqual({ status: 0, stdout: [told, '1 række: 1 indlæst, 0 afvist.'] });
  expect(await query(`SELECT c.name, c.phone, (SELECT count(*)::int FROM programme p WHERE p.citizen_id = c.id) AS programmes FROM citizen c WHERE c.cpr = '1506821337'`))
    .toEqual([{ name: 'Bo Eksisterende', phone: '20304050', programmes: 1 }]);
  expect(await query(`SELECT 1 FROM citizen WHERE name = 'Anna Anden'`)).toEqual([]);
});

it('a row imported before is told as imported before, also once the citizen\'s name is corrected in Samplan; a new row under the old name is still refused', async () => {
  const jens = (decisionDate: string) => `210379-1447;Jens Hansen;;;jobafklaringsforløb;${decisionDate};2026-09-15;2027-09-14;;;dorte.madsen@fmk.dk;Jobcenter;Lagerarbejde;branche;2027-09-14`;
  const lines = (file: string, row: string, ...args: string[]) => {
    const run = importFile(file, [HEADER, row], ...args);
    expect(run.stdout).not.toMatch(/210379|2103791447/);
    return { status: run.status, stdout: run.stdout.trim().split('\n') };
  };
  expect(lines('jens.csv', jens('2026-09-01'), '--commit')).toEqual({ status: 0, stdout: ['1 række: 1 indlæst, 0 afvist.'] });
  // After go-live the citizen's name is corrected in Samplan; the file still has the old one.
  await query(`UPDATE citizen SET name = 'Jens Peter Hansen' WHERE cpr = '2103791447'`);
  const before = await written();
  const skipped = 'Linje 2: allerede indlæst (Jens Peter Hansen; i filen Jens Hansen); springes over.';
  expect(lines('jens.csv', jens('2026-09-01'))).toEqual({
    status: 0, stdout: [skipped, '1 række: 0 kan indlæses, 0 afvist, 1 allerede indlæst (prøvekørsel: intet er skrevet; indlæs med --commit).'],
  });
  expect(lines('jens.csv', jens('2026-09-01'), '--commit')).toEqual({ status: 0, stdout: [skipped, '1 række: 0 indlæst, 0 afvist, 1 allerede indlæst.'] });
  // A forløb not imported before, under the name Samplan no longer has: another person's number, as far as the file says.
  expect(lines('jens-ny.csv', jens('2026-09-02'), '--commit')).toEqual({
    status: 1,
    stdout: [
      'Linje 2, cpr: CPR-nummeret tilhører Jens Peter Hansen i Samplan, ikke Jens Hansen. Ret CPR-nummeret, eller navnet, hvis det er skrevet forkert.',
      '1 række: 0 indlæst, 1 afvist.',
    ],
  });
  expect(await written()).toEqual(before);
});

it('refuses a mistake in the arguments or the columns with exit code 2, and an unknown municipality with 1', async () => {
  const missing = importFile('mangler.csv', ['cpr;navn', '120485-1123;Ane Import']);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('Samplan import refused: the file lacks the columns forløbstype, afgørelsesdato, startdato, slutdato, koordinator, enheder, mål, måltype, planperiode_slut');
  const noFile = spawnSync(process.execPath, [path.join(REPO, 'server/dist/import-cli.js'), '--municipality', 'Faaborg-Midtfyn Kommune'], { cwd: REPO, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect(noFile.status).toBe(2);
  expect(noFile.stderr).toContain('--file needs the path of the CSV file');
  const file = path.join(dir, 'forloeb.csv');
  const other = spawnSync(process.execPath, [path.join(REPO, 'server/dist/import-cli.js'), '--municipality', 'Ingenby', '--file', file], {
    cwd: REPO, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATABASE_URL: t.db.url, LOG_LEVEL: 'silent' },
  });
  expect({ status: other.status, stderr: other.stderr }).toEqual({ status: 1, stderr: 'Samplan import refused: No municipality is named "Ingenby"; nothing was read or written.\n' });
});
