import { appModules } from '../../app-modules';
import type { AppDeps } from '../../core/context';
import { createLogger } from '../../core/logging/logger';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { BARSEL_IN_IMPORT, importProgrammeRow, sameName, type ImportRow } from './programme-import';

/**
 * The go-live import (programme-import.ts) row by row, as import-cli.ts runs it: a running
 * ressourceforløb whose end date the old system moved later for barsel is refused as too long
 * (the file has no column for barsel), and the refusal says how to bring it in: with the end
 * date from before the barsel, and the barsel recorded on the plan page afterwards.
 */
let now = new Date();
const clock = { now: () => now };

let t: TestServer;
let dorte: string;
let run: Parameters<typeof importProgrammeRow>[0];
beforeAll(async () => {
  t = await startTestServer({ clock });
  // Tokens are checked against real time: signed before the clock moves.
  dorte = await t.login('dorte');
  now = new Date('2026-12-04T12:00:00+01:00');
  const [municipality] = await t.db.dataSource.query(`SELECT id, name FROM municipality WHERE name = 'Faaborg-Midtfyn Kommune'`);
  const deps: AppDeps = {
    dataSource: t.db.dataSource, config: t.config, clock, logger: createLogger('silent'), modules: appModules,
    tokens: { verify: () => Promise.reject(new Error('the import verifies no tokens')) },
  };
  run = { deps, municipality, source: 'forloeb.csv' };
});
afterAll(() => t.stop());

let line = 1;
const row = (over: Partial<ImportRow>): ImportRow => ({
  line: ++line, cpr: '', name: '', phone: '', address: '', type: 'ressourceforløb', decisionDate: '', startDate: '', endDate: '', teamMeetingDate: '',
  jointPlanConsentOn: '', citizenRequested: '', coordinatorEmail: 'dorte.madsen@fmk.dk', units: 'Jobcenter', employmentGoal: 'Kontorarbejde',
  goalKind: 'branche eller jobfunktion', planPeriodEnd: '', ...over,
});

it('a ressourceforløb whose end barsel moved later: the refusal names the way in, which then brings it to the same end date', async () => {
  // Under the 2022 rules at most 3 years: 15 June 2025 to 14 June 2028, moved 181 days later by barsel in the old system.
  const gry = { cpr: '130788-1235', name: 'Gry Import', decisionDate: '2025-06-01', startDate: '2025-06-15' };
  const refused = await importProgrammeRow(run, row({ ...gry, endDate: '2028-12-12', planPeriodEnd: '2028-12-12' }), false);
  expect(refused).toEqual({
    status: 'REFUSED',
    problems: [{ field: 'endDate', message: `Et ressourceforløb kan højst vare 3 år ad gangen (til og med 14. juni 2028). ${BARSEL_IN_IMPORT}` }],
  });
  expect(BARSEL_IN_IMPORT).toBe('Er slutdatoen flyttet senere for barsel i det tidligere system, så indlæs forløbet med slutdatoen fra før barslen (og planperiodens slut højst til den). Registrér derefter barslen på planen med »Registrér barsel/suspension« under Forløbet: det flytter slutdatoen senere med barslens dage, som ikke tæller med i forløbets varighed.');

  // The way the refusal names: in with the end date from before the barsel, then the barsel recorded by the coordinator.
  const imported = await importProgrammeRow(run, row({ ...gry, endDate: '2028-06-14', planPeriodEnd: '2028-06-14' }), true);
  expect(imported).toMatchObject({ status: 'IMPORTED', citizenName: 'Gry Import' });
  const [programme] = await t.db.dataSource.query(`SELECT p.id, p.version FROM programme p JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Gry Import'`);
  const barsel = await t.gql<{ addProgrammeSuspension: { endDate: string } }>(
    `mutation($input: AddProgrammeSuspensionInput!) { addProgrammeSuspension(input: $input) { endDate } }`,
    { input: { programmeId: programme.id, reason: 'BARSEL', fromDate: '2025-09-01', toDate: '2026-02-28', expectedVersion: programme.version } },
    dorte,
  );
  expect(barsel.errors).toBeUndefined();
  expect(barsel.data!.addProgrammeSuspension.endDate).toBe('2028-12-12');
});

it('a forløb that has no barsel is refused as too long without the word about barsel', async () => {
  // A jobafklaringsforløb lasts up to 2 years; barsel does not move its end.
  const refused = await importProgrammeRow(run, row({
    cpr: '070775-4419', name: 'Dea Import', type: 'jobafklaringsforløb', decisionDate: '2026-09-01', startDate: '2026-09-15', endDate: '2029-09-14', planPeriodEnd: '2029-09-14',
  }), false);
  expect(refused.status).toBe('REFUSED');
  const [problem] = (refused as { problems: Array<{ field: string | null; message: string }> }).problems;
  expect(problem.field).toBe('endDate');
  expect(problem.message).toMatch(/^Et jobafklaringsforløb kan højst vare 2 år/);
  expect(problem.message).not.toContain('barsel');
});

it('a forløb whose start lies before its decision date is refused at the start, as "Nyt forløb" refuses it (STAR’s vejledning om ressourceforløb 2020, afsnit 3, 5.2 og 6.3)', async () => {
  const ivan = { cpr: '210391-2247', name: 'Ivan Import', decisionDate: '2025-06-15', endDate: '2028-06-13', planPeriodEnd: '2028-06-13' };
  const refused = await importProgrammeRow(run, row({ ...ivan, startDate: '2025-06-14' }), false);
  expect(refused).toEqual({
    status: 'REFUSED',
    problems: [{
      field: 'startDate',
      message: 'Forløbet kan tidligst starte på afgørelsesdatoen, 15. juni 2025. Et ressourceforløb bevilges ved kommunens afgørelse og kan ikke løbe, før det er bevilget. Ret startdatoen, eller afgørelsesdatoen, hvis den er skrevet forkert.',
    }],
  });
  expect(await t.db.dataSource.query(`SELECT 1 FROM citizen WHERE name = 'Ivan Import'`)).toEqual([]);
  // Started on the decision's day, the row is taken.
  expect(await importProgrammeRow(run, row({ ...ivan, startDate: '2025-06-15', endDate: '2028-06-14', planPeriodEnd: '2028-06-14' }), false)).toMatchObject({ status: 'READY', citizenName: 'Ivan Import' });
});

it('a row imported before is not imported twice, unless the forløb it made was marked "Registreret ved en fejl": then the corrected file brings it in anew', async () => {
  const ib = { cpr: '220381-2207', name: 'Ib Import', decisionDate: '2025-10-01', startDate: '2025-10-15', endDate: '2027-10-14', planPeriodEnd: '2027-10-14' };
  expect(await importProgrammeRow(run, row(ib), true)).toMatchObject({ status: 'IMPORTED', citizenName: 'Ib Import' });
  expect(await importProgrammeRow(run, row(ib), true)).toEqual({ status: 'ALREADY_IMPORTED', citizenName: 'Ib Import' });

  const [first] = await t.db.dataSource.query(`SELECT p.id, p.version FROM programme p JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Ib Import'`);
  const marked = await t.gql(
    `mutation($input: ProgrammeCorrectionInput!) { markProgrammeRegisteredInError(input: $input) { id } }`,
    { input: { id: first.id, expectedVersion: first.version, reason: 'Indlæst med forkert afgørelse i det tidligere system' } },
    dorte,
  );
  expect(marked.errors).toBeUndefined();
  expect(await importProgrammeRow(run, row(ib), true)).toMatchObject({ status: 'IMPORTED', citizenName: 'Ib Import' });
  const programmes = await t.db.dataSource.query(
    `SELECT p.status, p.never_ran AS "neverRan" FROM programme p JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Ib Import' ORDER BY p.created_at`);
  expect(programmes).toEqual([{ status: 'ENDED', neverRan: true }, { status: 'ACTIVE', neverRan: false }]);
});

it('a row imported before is told so as it stands, though its coordinator has left since and the citizen\'s name was corrected', async () => {
  await t.db.dataSource.query(
    `INSERT INTO app_user (municipality_id, username, name, email, role, unit_id) SELECT municipality_id, 'kim-koordinator', 'Kim Koordinator', 'kim.koordinator@fmk.dk', 'CASEWORKER', unit_id FROM app_user WHERE username = 'dorte'`);
  const jens = { cpr: '210379-1447', name: 'Jens Hansen', coordinatorEmail: 'kim.koordinator@fmk.dk', decisionDate: '2025-10-01', startDate: '2025-10-15', endDate: '2027-10-14', planPeriodEnd: '2027-10-14' };
  expect(await importProgrammeRow(run, row(jens), true)).toMatchObject({ status: 'IMPORTED', citizenName: 'Jens Hansen' });
  await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'kim-koordinator'`);
  await t.db.dataSource.query(`UPDATE citizen SET name = 'Jens Peter Hansen' WHERE cpr = '2103791447'`);
  for (const commit of [false, true]) {
    expect(await importProgrammeRow(run, row(jens), commit)).toEqual({ status: 'ALREADY_IMPORTED', citizenName: 'Jens Peter Hansen', nameInFile: 'Jens Hansen' });
  }
  // Another forløb under the old name is a new row: refused at the number, and for its coordinator.
  expect(await importProgrammeRow(run, row({ ...jens, decisionDate: '2025-10-02' }), false)).toMatchObject({
    status: 'REFUSED', problems: expect.arrayContaining([expect.objectContaining({ field: 'cpr' }), expect.objectContaining({ field: 'coordinatorEmail' })]),
  });
});

describe('a row whose CPR number is a citizen Samplan has already', () => {
  const bo = { cpr: '150682-1337', type: 'jobafklaringsforløb', decisionDate: '2026-09-01', startDate: '2026-09-15', endDate: '2027-09-14', planPeriodEnd: '2027-09-14' };
  const stored = () => t.db.dataSource.query(
    `SELECT c.name, c.phone, c.address, (SELECT count(*)::int FROM programme p WHERE p.citizen_id = c.id) AS programmes FROM citizen c WHERE c.cpr = '1506821337'`);
  beforeAll(async () => {
    // Registered in Samplan before the import, with no forløb.
    await t.db.dataSource.query(
      `INSERT INTO citizen (municipality_id, cpr, name, birth_date, phone, address) VALUES ($1, '1506821337', 'Bo Eksisterende', '1982-06-15', '20304050', 'Torvet 2, 5600 Faaborg')`,
      [run.municipality.id],
    );
  });

  it('is refused at the CPR number when the row names someone else, and nothing is put on the citizen Samplan has', async () => {
    // "Anna Anden" written with Bo's number (a typo in the old system's export).
    const anna = row({ ...bo, name: 'Anna Anden', phone: '11223344', address: 'Annas Vej 1' });
    const refusal = {
      status: 'REFUSED',
      problems: [{ field: 'cpr', message: 'CPR-nummeret tilhører Bo Eksisterende i Samplan, ikke Anna Anden. Ret CPR-nummeret, eller navnet, hvis det er skrevet forkert.' }],
    };
    expect(await importProgrammeRow(run, anna, false)).toEqual(refusal);
    expect(await importProgrammeRow(run, anna, true)).toEqual(refusal);
    expect(await stored()).toEqual([{ name: 'Bo Eksisterende', phone: '20304050', address: 'Torvet 2, 5600 Faaborg', programmes: 0 }]);
    expect(await t.db.dataSource.query(`SELECT 1 FROM citizen WHERE name = 'Anna Anden'`)).toEqual([]);
    // A name that differs by a Danish letter is another name: Søren is not Soren.
    expect(sameName('Søren Ålund', 'Soren Alund')).toBe(false);
    expect(sameName('Bo Eksisterende', 'Bo Eksisterende-Hansen')).toBe(false);
  });

  it('is put on that citizen when it names them, written in any case or spacing; Samplan\'s phone and address are kept, and the outcome says the row\'s differ', async () => {
    expect(sameName('Søren Ålund', '  søren   aalund ')).toBe(true);
    expect(sameName('Åse Ørum', 'A\u030Ase ørum')).toBe(true);
    const same = row({ ...bo, name: '  bo   EKSISTERENDE ', phone: '11 22 33 44', address: 'torvet 2,  5600 faaborg' });
    expect(await importProgrammeRow(run, same, false)).toEqual({ status: 'READY', citizenName: 'Bo Eksisterende', existing: { keptStored: ['phone'] } });
    expect(await importProgrammeRow(run, row({ ...bo, name: 'Bo Eksisterende', phone: '20 30 40 50', address: 'Torvet 2' }), false))
      .toEqual({ status: 'READY', citizenName: 'Bo Eksisterende', existing: { keptStored: ['address'] } });
    expect(await importProgrammeRow(run, row({ ...bo, name: 'Bo Eksisterende' }), false)).toEqual({ status: 'READY', citizenName: 'Bo Eksisterende', existing: { keptStored: [] } });
    expect(await importProgrammeRow(run, same, true)).toMatchObject({ status: 'IMPORTED', citizenName: 'Bo Eksisterende', existing: { keptStored: ['phone'] } });
    expect(await stored()).toEqual([{ name: 'Bo Eksisterende', phone: '20304050', address: 'Torvet 2, 5600 Faaborg', programmes: 1 }]);
  });
});
