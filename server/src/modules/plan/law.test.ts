import { codeOf, unitIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase } from '../rules/rules-fixtures';

/**
 * The law as it stands, through the API, with the injected clock: which programmes can be
 * created on which decision dates (lov nr. 1750 af 29. december 2025 abolished new ressourceforløb from 1 February 2026),
 * their lengths by law version, barsel moving an end date, who decides under the employment
 * legislation, and ending a programme only after the decision on what follows.
 */
let now = new Date();
const clock = { now: () => now };
const setDay = (day: string) => (now = new Date(`${day}T12:00:00+01:00`));

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer({ clock });
  // Tokens are checked against real time: sign them before the clock moves.
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'lene', 'mikkel', 'otto']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

type Errors = { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
const ext = (res: Errors) => res.errors?.[0]?.extensions;

/** A user's refused attempts at an action on one record, as the citizen's access log has them. */
const refusals = (username: string, action: string, entityId: string): Promise<Array<{ entity_type: string; citizen_id: string | null; detail: string }>> => t.db.dataSource.query(
  `SELECT a.entity_type, a.citizen_id, a.detail FROM audit_log a JOIN app_user u ON u.id = a.actor_id
    WHERE u.username = $1 AND a.action = $2 AND a.entity_id = $3 AND a.outcome = 'DENIED' ORDER BY a.id`,
  [username, action, entityId]);

const REGISTER_CITIZEN = `mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { id } }`;
let serial = 0;
const CREATE = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id programme { id type lawVersion decisionDate endDate warnings { rule severity } } } }`;

async function citizen(name: string, born = '010485'): Promise<string> {
  // Born 1 April 1985 unless told (DDMMÅÅ, 1900s): one CPR number per citizen, the serial counted up.
  const res = await t.gql<{ registerCitizen: { id: string } }>(REGISTER_CITIZEN, { input: { name, cpr: `${born}-${String(1000 + ++serial)}` } }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!.registerCitizen.id;
}

/** A citizen is in one programme at a time: a probe that was granted ends before the next is tried. */
const endRunning = (citizenId: string) => t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER' WHERE citizen_id = $1 AND status = 'ACTIVE'`, [citizenId]);

interface Created { createProgramme: { id: string; programme: { id: string; type: string; lawVersion: string; decisionDate: string; endDate: string; warnings: Array<{ rule: string; severity: string }> } } }

async function create(citizenId: string, over: Record<string, unknown>, who = 'anna') {
  const input = {
    citizenId, type: 'RESSOURCEFORLOEB', employmentGoal: 'Lønnede timer i detailhandlen', goalKind: 'SECTOR', teamUnits: [await unitIdOf(t, 'SOCIAL')],
    ...over,
  } as Record<string, unknown>;
  input.planPeriodEnd ??= input.endDate;
  return t.gql<Created>(CREATE, { input }, tokens[who]);
}

describe('the 2022 age rules when a ressourceforløb is registered (lov nr. 1160 af 8. juni 2021)', () => {
  const requested = async (programmeId: string) =>
    (await t.db.dataSource.query(`SELECT citizen_requested FROM programme WHERE id = $1`, [programmeId]))[0].citizen_requested;

  it('less than 6 years to folkepension: refused, unless the citizen wants it, which is recorded', async () => {
    setDay('2025-06-20');
    // Born 10 June 1963: folkepension on 10 June 2031.
    const id = await citizen('Borger tæt på folkepension', '100663');
    const input = { decisionDate: '2025-06-11', startDate: '2025-07-01', endDate: '2026-06-30' };
    const refused = await create(id, input);
    expect(ext(refused)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'CLOSE_TO_FOLKEPENSION' });
    expect(refused.errors?.[0]?.message).toContain('mindre end 6 år til folkepensionsalderen (10. juni 2031)');
    expect(await t.db.dataSource.query(`SELECT 1 FROM programme WHERE citizen_id = $1`, [id])).toEqual([]);
    const wanted = await create(id, { ...input, citizenRequested: true });
    expect(wanted.errors).toBeUndefined();
    expect(await requested(wanted.data!.createProgramme.programme.id)).toBe(true);
    // A day earlier it was exactly 6 years away: no wish needed (another citizen born the same day).
    const twin = await citizen('Borger født samme dag', '100663');
    const exactly = await create(twin, { ...input, decisionDate: '2025-06-10' });
    expect(exactly.errors).toBeUndefined();
    expect(await requested(exactly.data!.createProgramme.programme.id)).toBe(false);
  });

  it('from 50: a second ressourceforløb after the 50th birthday is refused unless the citizen wants it', async () => {
    setDay('2025-06-20');
    const id = await citizen('Borger over 50', '010572');
    expect((await create(id, { decisionDate: '2022-06-01', startDate: '2022-06-01', endDate: '2024-05-31' })).errors).toBeUndefined();
    await endRunning(id);
    const input = { decisionDate: '2025-06-02', startDate: '2025-07-01', endDate: '2026-06-30' };
    expect(ext(await create(id, input))).toMatchObject({ rule: 'ONE_PROGRAMME_FROM_50', source: 'lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb)' });
    expect((await create(id, { ...input, citizenRequested: true })).errors).toBeUndefined();
  });

  it('a ressourceforløb ended before its first day never ran: it is not the one forløb from 50, nor a jobafklaringsforløb counted', async () => {
    setDay('2025-06-20');
    // Ended the day before it was to start: stored as ended on its start day and marked stopped before it began, as ending it does.
    const neverRan = (citizenId: string) => t.db.dataSource.query(
      `UPDATE programme SET status = 'ENDED', end_reason = 'OTHER', end_date = start_date, stopped_before_start = true WHERE citizen_id = $1 AND status = 'ACTIVE'`, [citizenId]);
    const id = await citizen('Borger over 50 med fejlregistrering', '010572');
    expect((await create(id, { decisionDate: '2025-06-02', startDate: '2025-07-01', endDate: '2026-06-30' })).errors).toBeUndefined();
    await neverRan(id);
    const again = await create(id, { decisionDate: '2025-06-19', startDate: '2025-07-01', endDate: '2026-06-30' });
    expect(again.errors).toBeUndefined();

    setDay('2026-03-01');
    const ja = await citizen('Borger i jobafklaring med fejlregistrering');
    const base = { type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-03-01' };
    expect((await create(ja, { ...base, startDate: '2026-03-01', endDate: '2027-02-28' })).errors).toBeUndefined();
    await endRunning(ja);
    expect((await create(ja, { ...base, startDate: '2026-03-02', endDate: '2027-03-01' })).errors).toBeUndefined();
    await neverRan(ja);
    const second = await create(ja, { ...base, startDate: '2026-03-03', endDate: '2027-03-02' });
    expect(second.errors).toBeUndefined();
    expect(second.data!.createProgramme.programme.warnings).not.toContainEqual(expect.objectContaining({ rule: 'JOBAFKLARING_COUNT' }));

    // Ended on its first day, it ran that day: it is one of the two, and the next is a third.
    const oneDay = await citizen('Borger i jobafklaring én dag');
    expect((await create(oneDay, { ...base, startDate: '2026-03-01', endDate: '2027-02-28' })).errors).toBeUndefined();
    await endRunning(oneDay);
    expect((await create(oneDay, { ...base, startDate: '2026-03-02', endDate: '2027-03-01' })).errors).toBeUndefined();
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER', end_date = start_date WHERE citizen_id = $1 AND status = 'ACTIVE'`, [oneDay]);
    const third = await create(oneDay, { ...base, startDate: '2026-03-03', endDate: '2027-03-02' });
    expect(third.errors).toBeUndefined();
    expect(third.data!.createProgramme.programme.warnings).toContainEqual({ rule: 'JOBAFKLARING_COUNT', severity: 'WARNING' });
  });

  it('from 40 until 50: more than 5 years in all is refused unless the citizen wants it', async () => {
    setDay('2025-01-20');
    const id = await citizen('Borger over 40', '010180');
    expect((await create(id, { decisionDate: '2022-01-10', startDate: '2022-01-10', endDate: '2025-01-08' })).errors).toBeUndefined();
    await endRunning(id);
    const over = { decisionDate: '2025-01-09', startDate: '2025-01-09', endDate: '2027-03-08' };
    expect(ext(await create(id, over))).toMatchObject({ rule: 'FIVE_YEARS_FROM_40' });
    // Two years more makes five in all: granted without a wish.
    expect((await create(id, { ...over, endDate: '2027-01-08' })).errors).toBeUndefined();
  });

  it('the age rules are the 2022 rules only: a jobafklaringsforløb, or a ressourceforløb decided under the 2013 rules, is not judged by them', async () => {
    setDay('2025-06-20');
    const id = await citizen('Borger tæt på folkepension i jobafklaring', '100663');
    expect((await create(id, { type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2025-06-11', startDate: '2025-07-01', endDate: '2026-06-30' })).errors).toBeUndefined();
    await endRunning(id);
    // A wish given anyway is not recorded there: it lifts nothing under those rules.
    const old = await create(id, { decisionDate: '2021-06-01', startDate: '2021-06-01', endDate: '2022-05-31', citizenRequested: true });
    expect(old.errors).toBeUndefined();
    expect(await requested(old.data!.createProgramme.programme.id)).toBe(false);
  });
});

describe('a new ressourceforløb is refused with a decision date from 1 February 2026 (lov nr. 1750 af 29. december 2025)', () => {
  it('the day before is governed by the 2022 rules; on the day and after it is refused; running ones continue', async () => {
    setDay('2026-02-15');
    const id = await citizen('Ny borger efter reformen');
    const before = await create(id, { decisionDate: '2026-01-31', startDate: '2026-02-01', endDate: '2027-01-31' });
    expect(before.errors).toBeUndefined();
    expect(before.data!.createProgramme.programme).toMatchObject({ type: 'RESSOURCEFORLOEB', lawVersion: 'RULES_2022', decisionDate: '2026-01-31' });
    for (const decisionDate of ['2026-02-01', '2026-02-02']) {
      const refused = await create(id, { decisionDate, startDate: '2026-02-15', endDate: '2027-02-14' });
      expect(ext(refused)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'RESSOURCEFORLOEB_ABOLISHED', source: 'lov nr. 1750 af 29. december 2025' });
      expect(refused.errors![0].message).toContain('lov nr. 1750 af 29. december 2025');
    }
    // The one decided the day before runs on: no NOT_GRANTABLE warning, its own rules.
    expect(before.data!.createProgramme.programme.warnings.map((w) => w.rule)).not.toContain('NOT_GRANTABLE');
  });

  it('a decision date is required, and cannot lie in the future', async () => {
    setDay('2026-03-01');
    const id = await citizen('Borger uden afgørelsesdato');
    const missing = await t.gql(CREATE, { input: { citizenId: id, type: 'JOBAFKLARINGSFORLOEB', startDate: '2026-03-01', endDate: '2027-02-28', employmentGoal: 'Job', goalKind: 'JOB', planPeriodEnd: '2027-02-28', teamUnits: [] } }, tokens.anna);
    expect(missing.errors?.length).toBeGreaterThan(0);
    expect(ext(await create(id, { type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-03-02', startDate: '2026-03-02', endDate: '2027-03-01' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'decisionDate' });
  });
});

describe('lengths by the law version of the decision date, inclusive end dates', () => {
  it('2013 rules: 1 year − 1 day from the start is the shortest, 5 years − 1 day the longest', async () => {
    setDay('2021-06-01');
    const id = await citizen('Borger under 2013-reglerne');
    const base = { decisionDate: '2021-06-01', startDate: '2021-06-01' };
    expect(ext(await create(id, { ...base, endDate: '2022-05-30' }))).toMatchObject({ rule: 'PROGRAMME_TOO_SHORT' });
    const shortest = await create(id, { ...base, endDate: '2022-05-31' });
    expect(shortest.errors).toBeUndefined();
    expect(shortest.data!.createProgramme.programme.lawVersion).toBe('RULES_2013');
    await endRunning(id);
    expect((await create(id, { ...base, endDate: '2026-05-31' })).errors).toBeUndefined();
    await endRunning(id);
    expect(ext(await create(id, { ...base, endDate: '2026-06-01' }))).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_TOO_LONG' });
  });

  it('2022 rules: 3 years − 1 day is the longest', async () => {
    setDay('2024-03-01');
    const id = await citizen('Borger under 2022-reglerne');
    const base = { decisionDate: '2024-02-20', startDate: '2024-03-01' };
    expect((await create(id, { ...base, endDate: '2027-02-27' })).errors).toBeUndefined();
    await endRunning(id);
    expect((await create(id, { ...base, endDate: '2027-02-28' })).errors).toBeUndefined();
    await endRunning(id);
    expect(ext(await create(id, { ...base, endDate: '2027-03-01' }))).toMatchObject({ rule: 'PROGRAMME_TOO_LONG', source: 'lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb); STAR’s vejledning om ressourceforløb 2020, afsnit 6.3' });
  });

  it('a start on 29 February: 3 years run to 28 February, the last day of the month with no 29th', async () => {
    setDay('2024-03-01');
    const id = await citizen('Borger startet på skuddagen');
    const base = { decisionDate: '2024-02-20', startDate: '2024-02-29' };
    expect((await create(id, { ...base, endDate: '2027-02-28' })).errors).toBeUndefined();
    await endRunning(id);
    const tooLong = ext(await create(id, { ...base, endDate: '2027-03-01' }));
    expect(tooLong).toMatchObject({ rule: 'PROGRAMME_TOO_LONG' });
    expect((await create(id, { ...base, endDate: '2027-03-01' })).errors?.[0]?.message).toContain('til og med 28. februar 2027');
  });

  it('jobafklaringsforløb: up to 2 years; a third is a warning, not a block', async () => {
    setDay('2026-03-01');
    const id = await citizen('Borger i jobafklaring');
    const base = { type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-03-01', startDate: '2026-03-01' };
    expect(ext(await create(id, { ...base, endDate: '2028-03-01' }))).toMatchObject({ rule: 'PROGRAMME_TOO_LONG' });
    const first = await create(id, { ...base, endDate: '2028-02-29' });
    expect(first.errors).toBeUndefined();
    await endRunning(id);
    expect((await create(id, { ...base, decisionDate: '2026-02-27', startDate: '2026-02-28', endDate: '2027-02-27' })).errors).toBeUndefined();
    await endRunning(id);
    const third = await create(id, { ...base, startDate: '2026-03-02', endDate: '2027-03-01' });
    expect(third.errors).toBeUndefined();
    expect(third.data!.createProgramme.programme.warnings).toContainEqual({ rule: 'JOBAFKLARING_COUNT', severity: 'WARNING' });
  });

  it('helhedsorienteret forløb: only from the reform, with the citizen’s consent; its length is the municipality’s own setting', async () => {
    setDay('2026-03-01');
    const id = await citizen('Borger i helhedsorienteret forløb');
    const base = { type: 'HELHEDSORIENTERET', decisionDate: '2026-03-01', startDate: '2026-03-01', endDate: '2028-02-29' };
    expect(ext(await create(id, base))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jointPlanConsentOn' });
    expect(ext(await create(id, { ...base, decisionDate: '2026-01-31', jointPlanConsentOn: '2026-01-31' }))).toMatchObject({ rule: 'PROGRAMME_TYPE_NOT_IN_FORCE' });

    const SETTINGS = `mutation($input: SetOwnProgrammeSettingsInput!) { setOwnProgrammeSettings(input: $input) { maxLengthMonths followUpIntervalDays version } }`;
    expect(codeOf(await t.gql(SETTINGS, { input: { maxLengthMonths: 18, expectedVersion: 0 } }, tokens.anna))).toBe('FORBIDDEN');
    const set = await t.gql<{ setOwnProgrammeSettings: unknown }>(SETTINGS, { input: { maxLengthMonths: 18, followUpIntervalDays: 30, expectedVersion: 0 } }, tokens.lene);
    expect(set.data?.setOwnProgrammeSettings).toEqual({ maxLengthMonths: 18, followUpIntervalDays: 30, version: 1 });
    // A second leader saving on what they read before (version 0) does not undo it unseen: CONFLICT with the frames as they are.
    const stale = await t.gql(SETTINGS, { input: { maxLengthMonths: 24, followUpIntervalDays: null, expectedVersion: 0 } }, tokens.lene);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', current: { maxLengthMonths: 18, followUpIntervalDays: 30, version: 1 } });
    expect(ext(await create(id, { ...base, jointPlanConsentOn: '2026-02-25', endDate: '2027-09-01' }))).toMatchObject({ rule: 'PROGRAMME_TOO_LONG' });
    const ok = await create(id, { ...base, jointPlanConsentOn: '2026-02-25', endDate: '2027-08-31' });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.createProgramme.programme).toMatchObject({ type: 'HELHEDSORIENTERET', lawVersion: 'REFORM_2026' });
    const read = await t.gql<{ ownProgrammeSettings: unknown }>(`{ ownProgrammeSettings { maxLengthMonths followUpIntervalDays } }`, {}, tokens.anna);
    expect(read.data?.ownProgrammeSettings).toEqual({ maxLengthMonths: 18, followUpIntervalDays: 30 });
    expect((await t.gql(SETTINGS, { input: { expectedVersion: 1 } }, tokens.lene)).errors).toBeUndefined();
    const [audit] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'SET_OWN_PROGRAMME_SETTINGS' AND outcome = 'ALLOWED'`);
    expect(audit.n).toBe(2);

    // The frames decide the forløb's warnings: three weeks on, a samtale every 14 days is due, and none was held.
    // Mine sager filters and sorts on the recorded warning: it is recorded again with the frames, and open lists hear of it.
    setDay('2026-03-21');
    const programmeId = ok.data!.createProgramme.programme.id;
    const recorded = async () => (await t.db.dataSource.query(`SELECT top_severity FROM programme_warning_state WHERE programme_id = $1`, [programmeId]))[0]?.top_severity ?? null;
    const heard = async () => (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM plan_event e JOIN plan p ON p.id = e.plan_id WHERE p.programme_id = $1 AND e.kind = 'WARNINGS_CHANGED'`, [programmeId]))[0].n;
    expect(await recorded()).not.toBe('WARNING');
    const before = await heard();
    expect((await t.gql(SETTINGS, { input: { followUpIntervalDays: 14, expectedVersion: 2 } }, tokens.lene)).errors).toBeUndefined();
    expect(await recorded()).toBe('WARNING');
    expect(await heard()).toBe(before + 1);
  });

  it('helhedsorienteret forløb coordinated from social services, no employment unit on the team: its coordinator decides what follows and ends it', async () => {
    setDay('2026-03-01');
    const id = await citizen('Borger i forløb hos socialforvaltningen');
    const created = await create(id, { type: 'HELHEDSORIENTERET', decisionDate: '2026-03-01', startDate: '2026-03-01', endDate: '2027-02-28', jointPlanConsentOn: '2026-02-25', teamUnits: [] }, 'bent');
    expect(created.errors).toBeUndefined();
    const programmeId = created.data!.createProgramme.programme.id;
    const DECIDE = `mutation($input: DecideNextStepInput!) { decideNextStep(input: $input) { nextStep { status decidedBy { name } } } }`;
    // A jobcenter caseworker on the team only proposes: the forløb is the coordinator's.
    const planId = (await t.db.dataSource.query(`SELECT id FROM plan WHERE programme_id = $1`, [programmeId]))[0].id;
    // Ending before the decision is refused, citing the municipality's frame and the guidance as what it is for this forløb.
    const early = await t.gql(`mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { status } }`, { input: { id: programmeId, expectedVersion: 1, endReason: 'EDUCATION' } }, tokens.bent);
    expect(ext(early)).toMatchObject({ rule: 'NEXT_STEP_NOT_DECIDED', source: 'kommunens egen ramme for helhedsorienterede forløb (lov nr. 1750 af 29. december 2025); som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 6.5' });
    for (const kind of ['EMPLOYMENT', 'HEALTH']) {
      expect((await t.gql(`mutation($p: ID!, $u: ID!) { addTeamUnit(planId: $p, unitId: $u) { id } }`, { p: planId, u: await unitIdOf(t, kind) }, tokens.bent)).errors).toBeUndefined();
    }
    // A health caseworker on the team neither decides nor proposes, and is told who does on this forløb.
    const health = await t.gql(DECIDE, { input: { programmeId, step: 'FLEXJOB' } }, tokens.carla);
    expect(ext(health)).toMatchObject({ code: 'FORBIDDEN' });
    expect(health.errors?.[0].message).toBe('Koordinatoren beslutter, hvad der følger efter forløbet. En sagsbehandler fra beskæftigelse på planen kan foreslå det.');
    // Mentor support is a decision under the employment legislation on this forløb too: refused to
    // the social coordinator, citing the municipality's frame before the guidance it follows.
    const [{ id: mikkelId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    const grant = { planId, mentorId: mikkelId, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: '2026-03-01', endDate: '2026-05-31' };
    expect(ext(await t.gql(`mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id } }`, { input: grant }, tokens.bent))).toMatchObject({
      rule: 'DECISION_NEEDS_EMPLOYMENT_UNIT',
      source: 'kommunens egen ramme for helhedsorienterede forløb (lov nr. 1750 af 29. december 2025); som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 5.1',
    });
    const proposed = await t.gql<{ decideNextStep: { nextStep: { status: string } } }>(DECIDE, { input: { programmeId, step: 'FLEXJOB' } }, tokens.anna);
    expect(proposed.data?.decideNextStep.nextStep.status).toBe('PROPOSED');
    const decided = await t.gql<{ decideNextStep: { nextStep: { status: string; decidedBy: { name: string } } } }>(DECIDE, { input: { programmeId, step: 'EDUCATION', expectedVersion: 1 } }, tokens.bent);
    expect(decided.errors).toBeUndefined();
    expect(decided.data!.decideNextStep.nextStep).toEqual({ status: 'DECIDED', decidedBy: { name: 'Bent Sørensen' } });
    // Anna, on the version before Bent decided, is shown his decision (CONFLICT), and nothing counts against her.
    expect(ext(await t.gql(DECIDE, { input: { programmeId, step: 'FLEXJOB', expectedVersion: 1 } }, tokens.anna))).toMatchObject({ code: 'CONFLICT' });
    expect(await refusals('anna', 'DECIDE_NEXT_STEP', programmeId)).toEqual([]);
    // The jobcenter caseworker may not turn the coordinator's decision, seen, back into a proposal: refused, in the citizen's access log.
    const overruled = await t.gql(DECIDE, { input: { programmeId, step: 'FLEXJOB', expectedVersion: 2 } }, tokens.anna);
    expect(overruled.errors?.[0]).toMatchObject({ message: 'Koordinatoren har truffet beslutningen. Kun koordinatoren kan ændre den.', extensions: { code: 'FORBIDDEN' } });
    expect(await refusals('anna', 'DECIDE_NEXT_STEP', programmeId)).toEqual([{ entity_type: 'PROGRAMME', citizen_id: id, detail: 'only the coordinator' }]);
    expect(await t.db.dataSource.query(`SELECT step, status, version FROM programme_next_step WHERE programme_id = $1`, [programmeId])).toEqual([{ step: 'EDUCATION', status: 'DECIDED', version: 2 }]);
    const END = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { status endReason } }`;
    expect(codeOf(await t.gql(END, { input: { id: programmeId, expectedVersion: 1, endReason: 'EDUCATION' } }, tokens.anna))).toBe('FORBIDDEN');
    const ended = await t.gql<{ updateProgramme: unknown }>(END, { input: { id: programmeId, expectedVersion: 1, endReason: 'EDUCATION' } }, tokens.bent);
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.updateProgramme).toEqual({ status: 'ENDED', endReason: 'EDUCATION' });
  });
});

describe('barsel moves the end date later (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3): the only way, audited', () => {
  const SUSPEND = `mutation($input: AddProgrammeSuspensionInput!) { addProgrammeSuspension(input: $input) { endDate version suspendedDays suspensions { reason fromDate toDate days } warnings { rule } } }`;
  const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { endDate } }`;
  const version = async (id: string) => (await t.db.dataSource.query(`SELECT version FROM programme WHERE id = $1`, [id]))[0].version as number;

  it('coordinator only; the end moves by the days of the period; overlaps and other types are refused', async () => {
    setDay('2025-06-01');
    // A 3-year ressourceforløb under the 2022 rules: ends 14 January 2028.
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2028-01-14' });
    const input = { programmeId: c.programmeId, reason: 'BARSEL', fromDate: '2025-07-01', toDate: '2025-07-30' };
    expect(codeOf(await t.gql(SUSPEND, { input: { ...input, expectedVersion: await version(c.programmeId) } }, tokens.dorte))).toBe('FORBIDDEN');
    const res = await t.gql<{ addProgrammeSuspension: { endDate: string; suspendedDays: number; suspensions: unknown[]; warnings: Array<{ rule: string }> } }>(
      SUSPEND, { input: { ...input, expectedVersion: await version(c.programmeId), note: 'Barsel' } }, tokens.anna);
    expect(res.errors).toBeUndefined();
    expect(res.data!.addProgrammeSuspension).toMatchObject({ endDate: '2028-02-13', suspendedDays: 30, suspensions: [{ reason: 'BARSEL', fromDate: '2025-07-01', toDate: '2025-07-30', days: 30 }] });
    // Longer than 3 years on the calendar, but barsel does not count.
    expect(res.data!.addProgrammeSuspension.warnings.map((w) => w.rule)).not.toContain('PROGRAMME_LENGTH');
    const [event] = await t.db.dataSource.query(`SELECT kind, summary FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [c.planId]);
    expect(event).toEqual({ kind: 'PROGRAMME_UPDATED', summary: 'Anna Holm (Jobcenter) registrerede barsel 1. juli 2025–30. juli 2025; slutdatoen er flyttet fra 14. januar 2028 til 13. februar 2028' });
    const audit = await t.db.dataSource.query(`SELECT outcome FROM audit_log WHERE action = 'ADD_PROGRAMME_SUSPENSION' AND entity_id = $1 ORDER BY id`, [c.programmeId]);
    expect(audit.map((a: { outcome: string }) => a.outcome)).toEqual(['DENIED', 'ALLOWED']);

    const overlap = await t.gql(SUSPEND, { input: { ...input, fromDate: '2025-07-30', toDate: '2025-08-10', expectedVersion: await version(c.programmeId) } }, tokens.anna);
    expect(ext(overlap)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromDate' });
    // A mistyped year: a period of years would move the end as far (and past the years Samplan keeps).
    for (const toDate of ['2027-08-31', '2199-12-31']) {
      const years = await t.gql(SUSPEND, { input: { ...input, fromDate: '2025-08-01', toDate, expectedVersion: await version(c.programmeId) } }, tokens.anna);
      expect(ext(years)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toDate' });
      expect(years.errors![0].message).toContain('højst vare 2 år');
    }
    expect((await t.db.dataSource.query(`SELECT to_char(end_date, 'YYYY-MM-DD') AS e FROM programme WHERE id = $1`, [c.programmeId]))[0].e).toBe('2028-02-13');
    // Moving the end later any other way is still refused.
    // Said in words of what a ressourceforløb allows: barsel, which it has.
    const later = await t.gql(UPDATE, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endDate: '2028-02-14' } }, tokens.anna);
    expect(ext(later)).toMatchObject({ rule: 'PROGRAMME_NOT_EXTENDABLE', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3' });
    expect(later.errors![0].message).toBe('Et ressourceforløb kan ikke forlænges. Kun barsel flytter slutdatoen senere: brug »Registrér barsel/suspension«. Skal indsatsen fortsætte, så beslut det næste forløb under »Efter forløbet«.');

    const ja = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-01-14', type: 'JOBAFKLARINGSFORLOEB' });
    expect(ext(await t.gql(SUSPEND, { input: { ...input, programmeId: ja.programmeId, expectedVersion: await version(ja.programmeId) } }, tokens.anna))).toMatchObject({ rule: 'SUSPENSION_NOT_APPLICABLE' });
    // A jobafklaringsforløb is not extended either, and has no barsel to offer: the refusal says
    // what it allows instead, citing its own chapter before the guidance it follows.
    const jaLater = await t.gql(UPDATE, { input: { id: ja.programmeId, expectedVersion: await version(ja.programmeId), endDate: '2026-02-14' } }, tokens.anna);
    expect(ext(jaLater)).toMatchObject({ rule: 'PROGRAMME_NOT_EXTENDABLE', source: 'LAB kapitel 18 (jobafklaringsforløb); som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 6.3' });
    expect(jaLater.errors![0].message).toBe('Et jobafklaringsforløb kan ikke forlænges. Skal afklaringen fortsætte, så beslut et nyt jobafklaringsforløb (højst 2 år ad gangen) under »Efter forløbet«.');
    expect(jaLater.errors![0].message).not.toContain('barsel');
  });

  it('the municipality\'s own forløb is prolonged by moving its end date, within the longest length the municipality sets (lov nr. 1750 af 29. december 2025)', async () => {
    setDay('2026-06-01');
    const [{ municipality_id: fmk }] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'anna'`);
    const [{ max }] = await t.db.dataSource.query(`SELECT own_programme_max_months AS max FROM municipality WHERE id = $1`, [fmk]);
    await t.db.dataSource.query(`UPDATE municipality SET own_programme_max_months = 24 WHERE id = $1`, [fmk]);
    try {
      const own = await insertCase(t.db.dataSource, { start: '2026-03-01', end: '2027-02-28', type: 'HELHEDSORIENTERET' });
      const move = async (endDate: string, who = 'anna') => t.gql<{ updateProgramme: { endDate: string } }>(UPDATE, { input: { id: own.programmeId, expectedVersion: await version(own.programmeId), endDate } }, tokens[who]);
      expect(ext(await move('2028-03-01'))).toMatchObject({ rule: 'PROGRAMME_TOO_LONG' });
      expect(codeOf(await move('2027-08-31', 'dorte'))).toBe('FORBIDDEN');
      const prolonged = await move('2028-02-29');
      expect(prolonged.errors).toBeUndefined();
      expect(prolonged.data!.updateProgramme.endDate).toBe('2028-02-29');
      const [event] = await t.db.dataSource.query(`SELECT payload->'changes' AS changes FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [own.planId]);
      expect(event.changes).toContainEqual(expect.objectContaining({ field: 'endDate', before: '2027-02-28', after: '2028-02-29' }));
      // Barsel has no rule of its own there: the refusal says how the forløb is prolonged instead.
      const barsel = await t.gql(SUSPEND, { input: { programmeId: own.programmeId, reason: 'BARSEL', fromDate: '2026-07-01', toDate: '2026-07-30', expectedVersion: await version(own.programmeId) } }, tokens.anna);
      expect(barsel.errors?.[0]).toMatchObject({ message: 'Et helhedsorienteret forløb følger kommunens egen ramme: forlæng det i stedet ved at rette slutdatoen.', extensions: { rule: 'SUSPENSION_NOT_APPLICABLE' } });
    } finally {
      await t.db.dataSource.query(`UPDATE municipality SET own_programme_max_months = $2 WHERE id = $1`, [fmk, max]);
    }
  });
});

describe('an end moved earlier leaves nothing of the plan past it (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 and 7)', () => {
  const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { endDate } }`;
  const SUSPEND = `mutation($input: AddProgrammeSuspensionInput!) { addProgrammeSuspension(input: $input) { endDate suspensions { id } } }`;
  const REMOVE = `mutation($input: RemoveProgrammeSuspensionInput!) { removeProgrammeSuspension(input: $input) { endDate } }`;
  const version = async (id: string) => (await t.db.dataSource.query(`SELECT version FROM programme WHERE id = $1`, [id]))[0].version as number;
  const grant = async (c: { municipalityId: string; programmeId: string; planId: string }, start: string, end: string) => {
    const [row] = await t.db.dataSource.query(
      `INSERT INTO mentor_grant (municipality_id, programme_id, plan_id, mentor_id, purpose, start_date, end_date)
       SELECT $1, $2, $3, u.id, 'Struktur i hverdagen', $4, $5 FROM app_user u WHERE u.username = 'mikkel' RETURNING id`,
      [c.municipalityId, c.programmeId, c.planId, start, end]);
    return row.id as string;
  };
  const state = async (c: { programmeId: string; planId: string }) => (await t.db.dataSource.query(
    `SELECT pr.end_date::text AS "endDate", p.period_end::text AS "periodEnd", p.version AS "planVersion" FROM programme pr JOIN plan p ON p.programme_id = pr.id WHERE pr.id = $1`, [c.programmeId]))[0];

  it('"Ret slutdato" earlier: a mentor grant past the new end refuses the move at the field, naming it; the plan period is cut back to the new end, as its own audited change', async () => {
    setDay('2026-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-12-31' });
    const support = await grant(c, '2026-03-01', '2026-08-31');
    const before = await state(c);
    const refused = await t.gql(UPDATE, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endDate: '2026-06-30' } }, tokens.anna);
    expect(ext(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endDate' });
    expect(refused.errors![0].message).toBe('Slutdatoen kan ikke flyttes til 30. juni 2026: mentorstøtten med Mikkel Lund (1. marts 2026–31. august 2026) løber efter 30. juni 2026. Mentorstøtte bevilges inden for forløbet, så afslut først mentorstøtten senest 30. juni 2026 (»Afslut mentorstøtte«, eller »Aflys mentorstøtte«, hvis den ikke er begyndt), og flyt så slutdatoen.');
    expect(await state(c)).toEqual(before);

    // The grant ended on the new last day: the move goes through, and the plan period with it.
    await t.db.dataSource.query(`UPDATE mentor_grant SET end_date = '2026-06-30', ended_early = true WHERE id = $1`, [support]);
    const moved = await t.gql<{ updateProgramme: { endDate: string } }>(UPDATE, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endDate: '2026-06-30' } }, tokens.anna);
    expect(moved.errors).toBeUndefined();
    expect(await state(c)).toEqual({ endDate: '2026-06-30', periodEnd: '2026-06-30', planVersion: before.planVersion + 1 });
    const events = await t.db.dataSource.query(
      `SELECT kind, entity_type AS "entityType", summary FROM plan_event WHERE plan_id = $1 AND kind IN ('PLAN_UPDATED', 'PROGRAMME_UPDATED') ORDER BY seq`, [c.planId]);
    // The plan's change is written in the move's transaction, ahead of the move's own event (as the grants an ending closes).
    expect(events).toEqual([
      { kind: 'PLAN_UPDATED', entityType: 'PLAN', summary: 'Planperioden er afkortet fra 31. december 2026 til 30. juni 2026: forløbets slutdato er flyttet tidligere' },
      { kind: 'PROGRAMME_UPDATED', entityType: 'PROGRAMME', summary: 'Anna Holm (Jobcenter) ændrede forløbets slutdato til 2026-06-30; planperioden er afkortet fra 31. december 2026 til 30. juni 2026' },
    ]);
    const [planEvent] = await t.db.dataSource.query(`SELECT payload->'changes' AS changes FROM plan_event WHERE plan_id = $1 AND kind = 'PLAN_UPDATED'`, [c.planId]);
    expect(planEvent.changes).toContainEqual(expect.objectContaining({ field: 'periodEnd', before: '2026-12-31', after: '2026-06-30' }));
    const audit = await t.db.dataSource.query(
      `SELECT a.outcome FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE a.action = 'UPDATE_PLAN' AND a.entity_id = $1 AND u.username = 'anna'`, [c.planId]);
    expect(audit).toEqual([{ outcome: 'ALLOWED' }]);
  });

  it('a grant begun after the new end cannot be ended before its first day: the refusal says how early the end can be', async () => {
    setDay('2026-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-12-31' });
    await grant(c, '2026-05-15', '2026-08-31');
    const refused = await t.gql(UPDATE, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endDate: '2026-04-30' } }, tokens.anna);
    expect(ext(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endDate' });
    expect(refused.errors![0].message).toBe('Slutdatoen kan ikke flyttes til 30. april 2026: mentorstøtten med Mikkel Lund (15. maj 2026–31. august 2026) er begyndt efter 30. april 2026 og kan ikke afsluttes før sin første dag. Slutdatoen kan tidligst blive 15. maj 2026.');
  });

  it('a barsel period taken out again: the same, at the period', async () => {
    setDay('2025-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2028-01-14' });
    const added = await t.gql<{ addProgrammeSuspension: { endDate: string; suspensions: Array<{ id: string }> } }>(
      SUSPEND, { input: { programmeId: c.programmeId, reason: 'BARSEL', fromDate: '2025-07-01', toDate: '2025-07-30', expectedVersion: await version(c.programmeId) } }, tokens.anna);
    expect(added.data!.addProgrammeSuspension.endDate).toBe('2028-02-13');
    // The plan and a mentor grant were set to the end the barsel gave.
    await t.db.dataSource.query(`UPDATE plan SET period_end = '2028-02-13' WHERE id = $1`, [c.planId]);
    const support = await grant(c, '2027-09-01', '2028-02-13');
    const suspensionId = added.data!.addProgrammeSuspension.suspensions[0].id;
    const refused = await t.gql(REMOVE, { input: { suspensionId, expectedVersion: await version(c.programmeId) } }, tokens.anna);
    expect(ext(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'suspensionId' });
    expect(refused.errors![0].message).toMatch(/^Barslen kan ikke fjernes, for slutdatoen ville så blive 14\. januar 2028: mentorstøtten med Mikkel Lund \(1\. september 2027–13\. februar 2028\) løber efter 14\. januar 2028\./);
    expect(await state(c)).toMatchObject({ endDate: '2028-02-13', periodEnd: '2028-02-13' });
    expect(await t.db.dataSource.query(`SELECT count(*)::int AS n FROM programme_suspension WHERE id = $1`, [suspensionId])).toEqual([{ n: 1 }]);

    await t.db.dataSource.query(`UPDATE mentor_grant SET end_date = '2028-01-14', ended_early = true WHERE id = $1`, [support]);
    const removed = await t.gql(REMOVE, { input: { suspensionId, expectedVersion: await version(c.programmeId) } }, tokens.anna);
    expect(removed.errors).toBeUndefined();
    expect(await state(c)).toMatchObject({ endDate: '2028-01-14', periodEnd: '2028-01-14' });
    const [event] = await t.db.dataSource.query(`SELECT summary FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [c.planId]);
    expect(event.summary).toBe('Anna Holm (Jobcenter) fjernede barsel 1. juli 2025–30. juli 2025 (registreret ved en fejl); slutdatoen er flyttet fra 13. februar 2028 tilbage til 14. januar 2028; planperioden er afkortet fra 13. februar 2028 til 14. januar 2028');
  });
});

describe('a barsel period registered by mistake is taken out again: the end date moves back, audited, in the history', () => {
  const SUSPEND = `mutation($input: AddProgrammeSuspensionInput!) { addProgrammeSuspension(input: $input) { endDate suspensions { id fromDate toDate } } }`;
  const REMOVE = `mutation($input: RemoveProgrammeSuspensionInput!) { removeProgrammeSuspension(input: $input) { endDate version suspendedDays suspensions { fromDate } } }`;
  const version = async (id: string) => (await t.db.dataSource.query(`SELECT version FROM programme WHERE id = $1`, [id]))[0].version as number;

  it('coordinator only; the end moves back by the period\'s days; the history says what it was; twice is refused', async () => {
    setDay('2025-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2028-01-14' });
    // Two periods; the second typed a year wrong (2026 for 2025).
    for (const [fromDate, toDate] of [['2025-07-01', '2025-07-30'], ['2025-09-01', '2026-08-31']]) {
      const note = `Barsel efter fødsel, fra ${fromDate}`;
      const added = await t.gql(SUSPEND, { input: { programmeId: c.programmeId, reason: 'BARSEL', fromDate, toDate, note, expectedVersion: await version(c.programmeId) } }, tokens.anna);
      expect(added.errors).toBeUndefined();
    }
    const [{ endDate: extended }] = await t.db.dataSource.query(`SELECT end_date::text AS "endDate" FROM programme WHERE id = $1`, [c.programmeId]);
    expect(extended).toBe('2029-02-12');
    const [wrong] = await t.db.dataSource.query(`SELECT id FROM programme_suspension WHERE programme_id = $1 AND from_date = '2025-09-01'`, [c.programmeId]);

    // Not the coordinator: refused, nothing moves.
    expect(codeOf(await t.gql(REMOVE, { input: { suspensionId: wrong.id, expectedVersion: await version(c.programmeId) } }, tokens.dorte))).toBe('FORBIDDEN');
    const removed = await t.gql<{ removeProgrammeSuspension: { endDate: string; suspendedDays: number; suspensions: Array<{ fromDate: string }> } }>(
      REMOVE, { input: { suspensionId: wrong.id, expectedVersion: await version(c.programmeId) } }, tokens.anna);
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.removeProgrammeSuspension).toMatchObject({ endDate: '2028-02-13', suspendedDays: 30, suspensions: [{ fromDate: '2025-07-01' }] });

    const [event] = await t.db.dataSource.query(`SELECT summary, payload->'changes' AS changes FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [c.planId]);
    expect(event.summary).toBe('Anna Holm (Jobcenter) fjernede barsel 1. september 2025–31. august 2026 (registreret ved en fejl); slutdatoen er flyttet fra 12. februar 2029 tilbage til 13. februar 2028');
    expect(event.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'endDate', before: '2029-02-12', after: '2028-02-13' })]));
    const audit = await t.db.dataSource.query(`SELECT outcome FROM audit_log WHERE action = 'REMOVE_PROGRAMME_SUSPENSION' AND entity_id = $1 ORDER BY id`, [c.programmeId]);
    expect(audit.map((a: { outcome: string }) => a.outcome)).toEqual(['DENIED', 'ALLOWED']);

    // Nothing is lost: the period is kept whole among those removed, with its note, who removed it and when.
    expect(await t.db.dataSource.query(
      `SELECT r.from_date::text AS "fromDate", r.to_date::text AS "toDate", r.note, u.username AS "removedBy", r.removed_at IS NOT NULL AS "when"
         FROM programme_suspension_removed r JOIN app_user u ON u.id = r.removed_by WHERE r.id = $1`, [wrong.id],
    )).toEqual([{ fromDate: '2025-09-01', toDate: '2026-08-31', note: 'Barsel efter fødsel, fra 2025-09-01', removedBy: 'anna', when: true }]);
    // Gone: asking again is NOT_FOUND, and the end date stays.
    expect(codeOf(await t.gql(REMOVE, { input: { suspensionId: wrong.id, expectedVersion: await version(c.programmeId) } }, tokens.anna))).toBe('NOT_FOUND');
    // The right period can now be registered where the wrong one was.
    const again = await t.gql(SUSPEND, { input: { programmeId: c.programmeId, reason: 'BARSEL', fromDate: '2025-09-01', toDate: '2025-12-31', expectedVersion: await version(c.programmeId) } }, tokens.anna);
    expect(again.errors).toBeUndefined();
  });

  it('refused on an ended forløb, on a version read before, and for another municipality\'s period (NOT_FOUND)', async () => {
    setDay('2025-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2028-01-14' });
    const added = await t.gql<{ addProgrammeSuspension: { suspensions: Array<{ id: string }> } }>(
      SUSPEND, { input: { programmeId: c.programmeId, reason: 'BARSEL', fromDate: '2025-07-01', toDate: '2025-07-30', expectedVersion: await version(c.programmeId) } }, tokens.anna);
    const id = added.data!.addProgrammeSuspension.suspensions[0].id;
    expect(ext(await t.gql(REMOVE, { input: { suspensionId: id, expectedVersion: (await version(c.programmeId)) - 1 } }, tokens.anna))).toMatchObject({ code: 'CONFLICT' });
    expect(codeOf(await t.gql(REMOVE, { input: { suspensionId: id, expectedVersion: await version(c.programmeId) } }, tokens.otto))).toBe('NOT_FOUND');
    // The attempt on a period Otto cannot see is in its citizen's access log.
    expect(await refusals('otto', 'REMOVE_PROGRAMME_SUSPENSION', id)).toEqual([{ entity_type: 'PROGRAMME_SUSPENSION', citizen_id: c.citizenId, detail: 'not found or not visible' }]);
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER' WHERE id = $1`, [c.programmeId]);
    expect(ext(await t.gql(REMOVE, { input: { suspensionId: id, expectedVersion: await version(c.programmeId) } }, tokens.anna))).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDED' });
    expect(await t.db.dataSource.query(`SELECT count(*)::int AS n FROM programme_suspension WHERE id = $1`, [id])).toEqual([{ n: 1 }]);
  });

  it('refused when the end date was moved earlier since, so far that taking the days off would end the forløb before it began', async () => {
    setDay('2025-01-20');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2028-01-14' });
    const added = await t.gql<{ addProgrammeSuspension: { suspensions: Array<{ id: string }> } }>(
      SUSPEND, { input: { programmeId: c.programmeId, reason: 'BARSEL', fromDate: '2025-02-01', toDate: '2025-12-31', expectedVersion: await version(c.programmeId) } }, tokens.anna);
    expect(added.errors).toBeUndefined();
    const moved = await t.gql(`mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { endDate } }`, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endDate: '2025-03-31' } }, tokens.anna);
    expect(moved.errors).toBeUndefined();
    const refused = await t.gql(REMOVE, { input: { suspensionId: added.data!.addProgrammeSuspension.suspensions[0].id, expectedVersion: await version(c.programmeId) } }, tokens.anna);
    expect(refused.errors?.[0]).toMatchObject({ message: 'Perioden kan ikke fjernes: slutdatoen er flyttet tidligere, siden perioden blev registreret, og ville nu komme før startdatoen (15. januar 2025).', extensions: { code: 'BAD_USER_INPUT', field: 'suspensionId' } });
    expect(await t.db.dataSource.query(`SELECT end_date::text AS "endDate" FROM programme WHERE id = $1`, [c.programmeId])).toEqual([{ endDate: '2025-03-31' }]);
  });
});

describe('who decides: a coordinator outside the jobcenter "kan ikke træffe afgørelse efter beskæftigelseslovgivningen" (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1)', () => {
  const DECIDE = `mutation($input: DecideNextStepInput!) { decideNextStep(input: $input) { nextStep { step status version } warnings { rule message } } }`;
  const GRANT = `mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id endDate } }`;
  const END = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { status endReason } }`;
  const version = async (id: string) => (await t.db.dataSource.query(`SELECT version FROM programme WHERE id = $1`, [id]))[0].version as number;

  it('the social coordinator proposes; a jobcenter caseworker on the plan grants mentor support, decides and ends the programme', async () => {
    setDay('2026-06-01');
    // Ends 20 June 2026: after the reform no step needs the team, so the window is a month.
    const c = await insertCase(t.db.dataSource, { coordinator: 'bent', start: '2025-01-15', end: '2026-06-20' });
    await t.db.dataSource.query(
      `INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) SELECT $1, u.id, u.municipality_id FROM unit u WHERE u.id = (SELECT unit_id FROM app_user WHERE username = 'dorte')`, [c.planId]);
    const [{ id: mikkelId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
    // Within the forløb, which ends 20 June.
    const grant = { planId: c.planId, mentorId: mikkelId, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: '2026-06-01', endDate: '2026-06-20' };
    expect(ext(await t.gql(GRANT, { input: grant }, tokens.bent))).toMatchObject({ code: 'RULE_VIOLATION', rule: 'DECISION_NEEDS_EMPLOYMENT_UNIT', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.1' });
    // "op til 6 måneder": from 1 December, til og med 31 May.
    expect(ext(await t.gql(GRANT, { input: { ...grant, startDate: '2025-12-01', endDate: '2026-06-01' } }, tokens.dorte))).toMatchObject({ rule: 'MENTOR_GRANT_TOO_LONG' });
    const granted = await t.gql<{ createMentorGrant: { endDate: string } }>(GRANT, { input: grant }, tokens.dorte);
    expect(granted.errors).toBeUndefined();

    const proposed = await t.gql<{ decideNextStep: { nextStep: { status: string; version: number }; warnings: Array<{ rule: string; message: string }> } }>(
      DECIDE, { input: { programmeId: c.programmeId, step: 'FLEXJOB' } }, tokens.bent);
    expect(proposed.errors).toBeUndefined();
    expect(proposed.data!.decideNextStep.nextStep).toMatchObject({ status: 'PROPOSED', version: 1 });
    // A proposal is not a decision: the warning stays, and says so.
    expect(proposed.data!.decideNextStep.warnings.find((w) => w.rule === 'NEXT_STEP_DECISION')?.message).toContain('Fleksjob er foreslået');
    // Bent cannot end it (an afgørelse), with or without a decision.
    expect(ext(await t.gql(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'FLEXJOB' } }, tokens.bent))).toMatchObject({ rule: 'DECISION_NEEDS_EMPLOYMENT_UNIT' });
    // Dorte cannot end it before the decision is taken.
    expect(ext(await t.gql(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'FLEXJOB' } }, tokens.dorte))).toMatchObject({ rule: 'NEXT_STEP_NOT_DECIDED' });
    const decided = await t.gql<{ decideNextStep: { nextStep: { status: string }; warnings: Array<{ rule: string }> } }>(
      DECIDE, { input: { programmeId: c.programmeId, step: 'FLEXJOB', expectedVersion: 1 } }, tokens.dorte);
    expect(decided.data!.decideNextStep.nextStep.status).toBe('DECIDED');
    expect(decided.data!.decideNextStep.warnings.map((w) => w.rule)).not.toContain('NEXT_STEP_DECISION');
    // Bent may not turn the decision back into a proposal.
    expect(ext(await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'EMPLOYMENT', expectedVersion: 2 } }, tokens.bent))).toMatchObject({ rule: 'DECISION_NEEDS_EMPLOYMENT_UNIT' });
    expect(await refusals('bent', 'DECIDE_NEXT_STEP', c.programmeId)).toEqual([{ entity_type: 'PROGRAMME', citizen_id: c.citizenId, detail: 'decision needs an employment unit' }]);
    expect(await t.db.dataSource.query(`SELECT step, status FROM programme_next_step WHERE programme_id = $1`, [c.programmeId])).toEqual([{ step: 'FLEXJOB', status: 'DECIDED' }]);
    const ended = await t.gql<{ updateProgramme: unknown }>(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'FLEXJOB' } }, tokens.dorte);
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.updateProgramme).toEqual({ status: 'ENDED', endReason: 'FLEXJOB' });
  });

  it("the programme's facts stay the social coordinator's, even sent along with an end date the jobcenter caseworker may decide", async () => {
    setDay('2026-06-01');
    const c = await insertCase(t.db.dataSource, { coordinator: 'bent', start: '2025-01-15', end: '2026-06-20' });
    await t.db.dataSource.query(
      `INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) SELECT $1, u.id, u.municipality_id FROM unit u WHERE u.id = (SELECT unit_id FROM app_user WHERE username = 'dorte')`, [c.planId]);
    const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { endDate guaranteeSpecialReasons teamMeetingDate healthTalkGuidedOn } }`;
    const v = await version(c.programmeId);
    for (const fact of [{ guaranteeSpecialReasons: 'Borgeren er indlagt' }, { teamMeetingDate: '2026-05-20' }, { healthTalkGuidedOn: '2026-05-20' }]) {
      expect(codeOf(await t.gql(UPDATE, { input: { id: c.programmeId, expectedVersion: v, endDate: '2026-06-20', ...fact } }, tokens.dorte))).toBe('FORBIDDEN');
    }
    const [row] = await t.db.dataSource.query(`SELECT version, guarantee_special_reasons, team_meeting_date, health_talk_guided_on FROM programme WHERE id = $1`, [c.programmeId]);
    expect(row).toMatchObject({ version: v, guarantee_special_reasons: null, health_talk_guided_on: null });
    // The end date alone is hers to decide; the facts are Bent's.
    expect((await t.gql(UPDATE, { input: { id: c.programmeId, expectedVersion: v, endDate: '2026-06-19' } }, tokens.dorte)).errors).toBeUndefined();
    expect((await t.gql(UPDATE, { input: { id: c.programmeId, expectedVersion: v + 1, guaranteeSpecialReasons: 'Borgeren er indlagt' } }, tokens.bent)).errors).toBeUndefined();
  });

  it('the jobcenter coordinator decides alone; ending needs the decision, except when the citizen died or moved; reasons follow the law', async () => {
    setDay('2026-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-06-20' });
    expect(codeOf(await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'FLEXJOB' } }, tokens.dorte))).toBe('FORBIDDEN');
    expect(ext(await t.gql(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'EMPLOYMENT' } }, tokens.anna))).toMatchObject({ rule: 'NEXT_STEP_NOT_DECIDED', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.5' });
    // A jobafklaringsforløb's reason, and a new ressourceforløb after the reform, are not reasons to end this one.
    expect(ext(await t.gql(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'FIT_FOR_WORK' } }, tokens.anna))).toMatchObject({ rule: 'END_REASON_NOT_AVAILABLE' });
    expect(ext(await t.gql(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'RESSOURCEFORLOEB' } }, tokens.anna))).toMatchObject({ rule: 'END_REASON_NOT_AVAILABLE' });
    const died = await t.gql<{ updateProgramme: unknown }>(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'DEATH' } }, tokens.anna);
    expect(died.data?.updateProgramme).toEqual({ status: 'ENDED', endReason: 'DEATH' });
  });

  it('a jobafklaringsforløb ends when the citizen is declared fit; options follow the type and the day', async () => {
    setDay('2026-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2026-02-15', end: '2027-02-14', type: 'JOBAFKLARINGSFORLOEB' });
    const OPTIONS = `query($id: ID!) { programme(id: $id) { nextStepOptions endReasonOptions } }`;
    const options = await t.gql<{ programme: { nextStepOptions: string[]; endReasonOptions: string[] } }>(OPTIONS, { id: c.programmeId }, tokens.anna);
    expect(options.data!.programme.nextStepOptions).not.toContain('NEW_PROGRAMME');
    expect(options.data!.programme.nextStepOptions).toContain('NEW_JOBAFKLARING');
    expect(options.data!.programme.endReasonOptions).toContain('FIT_FOR_WORK');
    expect(ext(await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'NEW_PROGRAMME' } }, tokens.anna))).toMatchObject({ rule: 'NEXT_STEP_NOT_AVAILABLE' });
    expect((await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'EMPLOYMENT' } }, tokens.anna)).errors).toBeUndefined();
    const fit = await t.gql<{ updateProgramme: unknown }>(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'FIT_FOR_WORK' } }, tokens.anna);
    expect(fit.data?.updateProgramme).toEqual({ status: 'ENDED', endReason: 'FIT_FOR_WORK' });
  });

  it('two decisions in one request: the second answers with its own step, not the first one read again', async () => {
    setDay('2026-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-06-20' });
    const TWO = `mutation($a: DecideNextStepInput!, $b: DecideNextStepInput!) {
      a: decideNextStep(input: $a) { nextStep { step version } }
      b: decideNextStep(input: $b) { nextStep { step version } } }`;
    const res = await t.gql<{ a: { nextStep: { step: string } }; b: { nextStep: { step: string; version: number } } }>(
      TWO, { a: { programmeId: c.programmeId, step: 'EMPLOYMENT' }, b: { programmeId: c.programmeId, step: 'EDUCATION', expectedVersion: 1 } }, tokens.anna);
    expect(res.errors).toBeUndefined();
    expect(res.data!.a.nextStep.step).toBe('EMPLOYMENT');
    expect(res.data!.b.nextStep).toEqual({ step: 'EDUCATION', version: 2 });
  });

  it('ended late with no date given, a programme ends on its decided last day, not today', async () => {
    setDay('2026-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-06-20' });
    expect((await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'EDUCATION' } }, tokens.anna)).errors).toBeUndefined();
    setDay('2026-06-25');
    const ended = await t.gql(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'EDUCATION' } }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    const [row] = await t.db.dataSource.query(`SELECT to_char(end_date, 'YYYY-MM-DD') AS end_date, status FROM programme WHERE id = $1`, [c.programmeId]);
    expect(row).toEqual({ end_date: '2026-06-20', status: 'ENDED' });
  });

  it('ended late as of a day after its end date: refused at "Afsluttes pr." in words of ending, naming the last day it can have; that day is saved', async () => {
    setDay('2026-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-06-20' });
    expect((await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'EDUCATION' } }, tokens.anna)).errors).toBeUndefined();
    setDay('2026-06-25');
    const v = await version(c.programmeId);
    const refused = await t.gql(END, { input: { id: c.programmeId, expectedVersion: v, endReason: 'EDUCATION', endDate: '2026-06-25' } }, tokens.anna);
    expect(ext(refused)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDS_AFTER_END_DATE', field: 'endDate', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.3' });
    expect(refused.errors![0].message).toBe('Forløbet afsluttes senest pr. sin slutdato, 20. juni 2026, for dets længde er fastsat i afgørelsen og kan ikke forlænges. Vælg en dag til og med 20. juni 2026, eller lad feltet stå tomt, så afsluttes det pr. 20. juni 2026.');
    expect(refused.errors![0].message).not.toContain('forlænges. Bevilg');
    const [still] = await t.db.dataSource.query(`SELECT to_char(end_date, 'YYYY-MM-DD') AS end_date, status, version FROM programme WHERE id = $1`, [c.programmeId]);
    expect(still).toEqual({ end_date: '2026-06-20', status: 'ACTIVE', version: v });
    // A day ahead as well: the same answer, for the end date is what it can have.
    expect(ext(await t.gql(END, { input: { id: c.programmeId, expectedVersion: v, endReason: 'EDUCATION', endDate: '2026-06-30' } }, tokens.anna))).toMatchObject({ rule: 'PROGRAMME_ENDS_AFTER_END_DATE' });
    // The end date itself, or a day before it, is a day it can end on.
    expect((await t.gql(END, { input: { id: c.programmeId, expectedVersion: v, endReason: 'EDUCATION', endDate: '2026-06-20' } }, tokens.anna)).errors).toBeUndefined();
    const [ended] = await t.db.dataSource.query(`SELECT to_char(end_date, 'YYYY-MM-DD') AS end_date, status FROM programme WHERE id = $1`, [c.programmeId]);
    expect(ended).toEqual({ end_date: '2026-06-20', status: 'ENDED' });
  });

  it('a next step is judged by the law on the day it was decided: a ressourceforløb decided in January 2026 still follows, and ends the forløb "to a ressourceforløb"', async () => {
    // Recorded after 1 February 2026 (lov nr. 1750/2025), decided before it.
    setDay('2026-02-03');
    const c = await insertCase(t.db.dataSource, { start: '2025-02-15', end: '2026-02-14', type: 'JOBAFKLARINGSFORLOEB' });
    // The form offers the steps of both laws since the programme was decided; each is checked against its own day.
    const offered = await t.gql<{ programme: { nextStepOptions: string[] } }>(`query($id: ID!) { programme(id: $id) { nextStepOptions } }`, { id: c.programmeId }, tokens.anna);
    expect(offered.data!.programme.nextStepOptions).toEqual(expect.arrayContaining(['RESSOURCEFORLOEB', 'HELHEDSORIENTERET', 'NEW_JOBAFKLARING']));
    // A step the law did not have on the day given cannot be back-dated.
    expect(ext(await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'HELHEDSORIENTERET', decidedOn: '2025-12-01' } }, tokens.anna))).toMatchObject({ rule: 'NEXT_STEP_NOT_AVAILABLE' });
    expect(ext(await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'RESSOURCEFORLOEB' } }, tokens.anna))).toMatchObject({ rule: 'NEXT_STEP_NOT_AVAILABLE' });
    const decided = await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'RESSOURCEFORLOEB', decidedOn: '2026-01-29' } }, tokens.anna);
    expect(decided.errors).toBeUndefined();
    const OPTIONS = `query($id: ID!) { programme(id: $id) { endReasonOptions } }`;
    expect((await t.gql<{ programme: { endReasonOptions: string[] } }>(OPTIONS, { id: c.programmeId }, tokens.anna)).data!.programme.endReasonOptions).toContain('RESSOURCEFORLOEB');
    setDay('2026-02-14');
    const ended = await t.gql<{ updateProgramme: unknown }>(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'RESSOURCEFORLOEB' } }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    expect(ended.data?.updateProgramme).toEqual({ status: 'ENDED', endReason: 'RESSOURCEFORLOEB' });
  });

  it('a step the reform ended is offered with its last day, and a decision dated after it is refused saying so: 31 January 2026 is in time, 1 February not', async () => {
    setDay('2026-12-04');
    const c = await insertCase(t.db.dataSource, { start: '2026-01-17', end: '2029-01-16', decision: '2026-01-15' });
    const LAST = `query($id: ID!) { programme(id: $id) { nextStepOptions nextStepLastDays { step lastDay } } }`;
    const offered = await t.gql<{ programme: { nextStepOptions: string[]; nextStepLastDays: Array<{ step: string; lastDay: string }> } }>(LAST, { id: c.programmeId }, tokens.anna);
    expect(offered.errors).toBeUndefined();
    expect(offered.data!.programme.nextStepOptions).toEqual(expect.arrayContaining(['NEW_PROGRAMME', 'REVALIDERING', 'HELHEDSORIENTERET']));
    expect(offered.data!.programme.nextStepLastDays).toEqual([{ step: 'NEW_PROGRAMME', lastDay: '2026-01-31' }, { step: 'REVALIDERING', lastDay: '2026-01-31' }]);
    for (const decidedOn of ['2026-02-01', '2026-12-04']) {
      const refused = await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'NEW_PROGRAMME', decidedOn } }, tokens.anna);
      expect(ext(refused)).toMatchObject({ rule: 'NEXT_STEP_NOT_AVAILABLE', source: 'lov nr. 1750 af 29. december 2025' });
      expect(refused.errors![0].message).toBe('Nyt ressourceforløb kan kun besluttes til og med 31. januar 2026 (lov nr. 1750 af 29. december 2025). Vælg en anden indsats, eller ret datoen, hvis beslutningen blev truffet før.');
    }
    expect((await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'NEW_PROGRAMME', decidedOn: '2026-01-31' } }, tokens.anna)).errors).toBeUndefined();
  });

  it('a new ressourceforløb decided in January 2026 ends the running one "to a ressourceforløb" also after 1 February', async () => {
    setDay('2026-02-03');
    const c = await insertCase(t.db.dataSource, { start: '2025-02-15', end: '2026-02-14' });
    expect((await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'NEW_PROGRAMME', decidedOn: '2026-01-20' } }, tokens.anna)).errors).toBeUndefined();
    setDay('2026-02-14');
    const ended = await t.gql<{ updateProgramme: unknown }>(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'RESSOURCEFORLOEB' } }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    expect(ended.data?.updateProgramme).toEqual({ status: 'ENDED', endReason: 'RESSOURCEFORLOEB' });
  });

  it('from 1 February 2026 a programme ends "to a helhedsorienteret forløb" when that follows; before, the reason did not exist', async () => {
    const OPTIONS = `query($id: ID!) { programme(id: $id) { endReasonOptions } }`;
    setDay('2026-01-20');
    const before = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-06-20' });
    expect((await t.gql<{ programme: { endReasonOptions: string[] } }>(OPTIONS, { id: before.programmeId }, tokens.anna)).data!.programme.endReasonOptions).not.toContain('HELHEDSORIENTERET');
    setDay('2026-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-06-20' });
    expect((await t.gql<{ programme: { endReasonOptions: string[] } }>(OPTIONS, { id: c.programmeId }, tokens.anna)).data!.programme.endReasonOptions).toContain('HELHEDSORIENTERET');
    expect((await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'HELHEDSORIENTERET' } }, tokens.anna)).errors).toBeUndefined();
    const ended = await t.gql<{ updateProgramme: unknown }>(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'HELHEDSORIENTERET' } }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    expect(ended.data?.updateProgramme).toEqual({ status: 'ENDED', endReason: 'HELHEDSORIENTERET' });
  });

  it('every step that may follow has its end reason: a new jobafklaringsforløb, kontanthjælp, and revalidering decided before the reform', async () => {
    const OPTIONS = `query($id: ID!) { programme(id: $id) { endReasonOptions } }`;
    const endAs = async (programmeId: string, endReason: string) =>
      t.gql<{ updateProgramme: unknown }>(END, { input: { id: programmeId, expectedVersion: await version(programmeId), endReason } }, tokens.anna);
    setDay('2026-06-01');
    const ja = await insertCase(t.db.dataSource, { start: '2025-06-15', end: '2027-06-14', type: 'JOBAFKLARINGSFORLOEB' });
    expect((await t.gql(DECIDE, { input: { programmeId: ja.programmeId, step: 'NEW_JOBAFKLARING' } }, tokens.anna)).errors).toBeUndefined();
    expect((await endAs(ja.programmeId, 'JOBAFKLARINGSFORLOEB')).data?.updateProgramme).toEqual({ status: 'ENDED', endReason: 'JOBAFKLARINGSFORLOEB' });

    const rf = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-06-20' });
    expect((await t.gql(DECIDE, { input: { programmeId: rf.programmeId, step: 'CASH_BENEFIT' } }, tokens.anna)).errors).toBeUndefined();
    expect((await endAs(rf.programmeId, 'CASH_BENEFIT')).data?.updateProgramme).toEqual({ status: 'ENDED', endReason: 'CASH_BENEFIT' });

    // Revalidering: none new from 1 February 2026, but one decided in January still ends the forløb "to revalidering".
    const reval = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-06-20' });
    expect((await t.gql<{ programme: { endReasonOptions: string[] } }>(OPTIONS, { id: reval.programmeId }, tokens.anna)).data!.programme.endReasonOptions).not.toContain('REVALIDERING');
    expect((await t.gql(DECIDE, { input: { programmeId: reval.programmeId, step: 'REVALIDERING', decidedOn: '2026-01-28' } }, tokens.anna)).errors).toBeUndefined();
    expect((await endAs(reval.programmeId, 'REVALIDERING')).data?.updateProgramme).toEqual({ status: 'ENDED', endReason: 'REVALIDERING' });
    const other = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2026-06-20' });
    expect((await t.gql(DECIDE, { input: { programmeId: other.programmeId, step: 'EMPLOYMENT' } }, tokens.anna)).errors).toBeUndefined();
    expect(ext(await endAs(other.programmeId, 'REVALIDERING'))).toMatchObject({ rule: 'END_REASON_NOT_AVAILABLE' });
  });

  it('a jobafklaringsforløb ends when the citizen is declared fit, with no decision on what follows; the refusal of a reason cites the law in force', async () => {
    setDay('2026-06-01');
    const c = await insertCase(t.db.dataSource, { start: '2025-06-15', end: '2027-06-14', type: 'JOBAFKLARINGSFORLOEB' });
    expect(ext(await t.gql(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'RESSOURCEFORLOEB' } }, tokens.anna)))
      .toMatchObject({ rule: 'END_REASON_NOT_AVAILABLE', source: 'Reglerne fra 1. februar 2026 (lov nr. 1750 af 29. december 2025)' });
    const fit = await t.gql<{ updateProgramme: unknown }>(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'FIT_FOR_WORK' } }, tokens.anna);
    expect(fit.errors).toBeUndefined();
    expect(fit.data?.updateProgramme).toEqual({ status: 'ENDED', endReason: 'FIT_FOR_WORK' });
  });

  it('a next step cannot be dated before the programme was decided, and the old law allows only the reason of the step decided', async () => {
    setDay('2026-04-10');
    // Decided under the 2026 rules: back-dating its next step to January would bring the 2022 rules back.
    const later = await insertCase(t.db.dataSource, { start: '2026-03-10', end: '2027-03-09', type: 'JOBAFKLARINGSFORLOEB' });
    const backDated = await t.gql(DECIDE, { input: { programmeId: later.programmeId, step: 'RESSOURCEFORLOEB', decidedOn: '2026-01-31' } }, tokens.anna);
    expect(codeOf(backDated)).toBe('BAD_USER_INPUT');
    expect(ext(backDated)).toMatchObject({ field: 'decidedOn' });
    // A flexjob decided in January 2026: the old law's "to a ressourceforløb" is no reason to end with.
    const c = await insertCase(t.db.dataSource, { start: '2025-02-15', end: '2026-05-14', type: 'JOBAFKLARINGSFORLOEB' });
    expect((await t.gql(DECIDE, { input: { programmeId: c.programmeId, step: 'FLEXJOB', decidedOn: '2026-01-20' } }, tokens.anna)).errors).toBeUndefined();
    expect(ext(await t.gql(END, { input: { id: c.programmeId, expectedVersion: await version(c.programmeId), endReason: 'RESSOURCEFORLOEB' } }, tokens.anna))).toMatchObject({ rule: 'END_REASON_NOT_AVAILABLE' });
  });
});


/** A citizen written straight in: the CPR lookups' budget (20 an hour per caseworker) is spent by the tests above. */
async function registered(name: string, birthDate = '1985-04-01'): Promise<string> {
  const [row] = await t.db.dataSource.query(
    `INSERT INTO citizen (municipality_id, name, birth_date) SELECT municipality_id, $1, $2 FROM app_user WHERE username = 'anna' RETURNING id`, [name, birthDate]);
  return row.id;
}

describe('a forløb runs from the decision that grants it (STAR’s vejledning om ressourceforløb 2020, afsnit 3, 5.2 og 6.3)', () => {
  it('a ressourceforløb cannot start before its decision date; on the decision date it can', async () => {
    setDay('2025-06-20');
    const id = await registered('Borger med for tidlig startdato');
    const refused = await create(id, { decisionDate: '2025-06-10', startDate: '2025-06-09', endDate: '2026-06-08' });
    expect(ext(refused)).toMatchObject({
      code: 'RULE_VIOLATION', rule: 'PROGRAMME_STARTS_BEFORE_DECISION', field: 'startDate', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 3, 5.2 og 6.3',
    });
    expect(refused.errors![0].message).toBe(
      'Forløbet kan tidligst starte på afgørelsesdatoen, 10. juni 2025. Et ressourceforløb bevilges ved kommunens afgørelse og kan ikke løbe, før det er bevilget. Ret startdatoen, eller afgørelsesdatoen, hvis den er skrevet forkert.');
    expect(await t.db.dataSource.query(`SELECT 1 FROM programme WHERE citizen_id = $1`, [id])).toEqual([]);
    expect((await create(id, { decisionDate: '2025-06-10', startDate: '2025-06-10', endDate: '2026-06-09' })).errors).toBeUndefined();
  });

  it('the municipality’s own forløb likewise, citing its frame', async () => {
    setDay('2026-03-10');
    const id = await registered('Borger i eget forløb med for tidlig start');
    const refused = await create(id, { type: 'HELHEDSORIENTERET', decisionDate: '2026-03-02', startDate: '2026-03-01', endDate: '2027-02-28', jointPlanConsentOn: '2026-03-02' });
    expect(ext(refused)).toMatchObject({
      rule: 'PROGRAMME_STARTS_BEFORE_DECISION', field: 'startDate',
      source: 'kommunens egen ramme for helhedsorienterede forløb (lov nr. 1750 af 29. december 2025); som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 3, 5.2 og 6.3',
    });
  });

  it('a jobafklaringsforløb may have begun before its decision (lov om sygedagpenge § 24 a), but is not decided after its last day', async () => {
    setDay('2026-03-20');
    const begun = await registered('Borger overgået til jobafklaring før afgørelsen');
    const before = await create(begun, { type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-03-10', startDate: '2026-03-01', endDate: '2027-02-28' });
    expect(before.errors).toBeUndefined();
    expect(before.data!.createProgramme.programme).toMatchObject({ decisionDate: '2026-03-10', lawVersion: 'REFORM_2026' });

    const over = await registered('Borger med jobafklaring afgjort efter slutdatoen');
    const after = await create(over, { type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-03-02', startDate: '2025-03-01', endDate: '2026-02-28' });
    expect(ext(after)).toMatchObject({ rule: 'PROGRAMME_DECIDED_AFTER_END', field: 'decisionDate' });
    expect(after.errors![0].message).toMatch(/^Afgørelsen om jobafklaringsforløbet kan ikke ligge efter forløbets slutdato, 28\. februar 2026\./);
  });
});

describe('a forløb ended on its first day ran that day; one stopped before it never ran', () => {
  const END = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { status startDate endDate stoppedBeforeStart } }`;
  const row = async (id: string) => (await t.db.dataSource.query(
    `SELECT status, end_date::text AS "endDate", stopped_before_start AS stopped FROM programme WHERE id = $1`, [id]))[0];

  it('ended as of its first day: a forløb of one day, which is the one ressourceforløb from 50', async () => {
    setDay('2025-07-01');
    const id = await registered('Borger over 50 der fik job første dag', '1972-05-01');
    const created = await create(id, { decisionDate: '2025-06-02', startDate: '2025-07-01', endDate: '2026-06-30' });
    expect(created.errors).toBeUndefined();
    const programmeId = created.data!.createProgramme.programme.id;
    // Left empty on the first day: today, the first day, and it ran.
    const ended = await t.gql<{ updateProgramme: unknown }>(END, { input: { id: programmeId, expectedVersion: 1, endReason: 'MOVED' } }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.updateProgramme).toEqual({ status: 'ENDED', startDate: '2025-07-01', endDate: '2025-07-01', stoppedBeforeStart: false });
    const [event] = await t.db.dataSource.query(
      `SELECT e.summary FROM plan_event e JOIN plan p ON p.id = e.plan_id WHERE p.programme_id = $1 AND e.kind = 'PROGRAMME_UPDATED' ORDER BY e.seq DESC LIMIT 1`, [programmeId]);
    expect(event.summary).toMatch(/afsluttede forløbet$/);
    // It was a forløb: a second one from 50 is the citizen's own wish.
    setDay('2025-08-01');
    const again = { decisionDate: '2025-08-01', startDate: '2025-08-01', endDate: '2026-07-31' };
    expect(ext(await create(id, again))).toMatchObject({ rule: 'ONE_PROGRAMME_FROM_50' });
    expect((await create(id, { ...again, citizenRequested: true })).errors).toBeUndefined();
  });

  it('"Afsluttes pr." its first day, given later, is taken; a day before it is refused in words of ending', async () => {
    setDay('2025-07-03');
    const c = await insertCase(t.db.dataSource, { start: '2025-07-01', end: '2026-06-30', decision: '2025-06-20' });
    const before = await t.gql(END, { input: { id: c.programmeId, expectedVersion: 1, endReason: 'DEATH', endDate: '2025-06-30' } }, tokens.anna);
    expect(ext(before)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endDate' });
    expect(before.errors![0].message).toBe('Et forløb afsluttes tidligst pr. sin første dag, 1. juli 2025; afsluttet den dag har det varet én dag. Er forløbet ikke begyndt endnu, så lad feltet stå tomt: så stoppes det, før det begynder.');
    expect(await row(c.programmeId)).toEqual({ status: 'ACTIVE', endDate: '2026-06-30', stopped: false });
    const first = await t.gql(END, { input: { id: c.programmeId, expectedVersion: 1, endReason: 'DEATH', endDate: '2025-07-01' } }, tokens.anna);
    expect(first.errors).toBeUndefined();
    expect(await row(c.programmeId)).toEqual({ status: 'ENDED', endDate: '2025-07-01', stopped: false });
  });

  it('ended before its first day: stopped before it began, marked so, and not one the citizen has had', async () => {
    setDay('2025-06-20');
    const id = await registered('Borger over 50 stoppet før start', '1972-05-01');
    const created = await create(id, { decisionDate: '2025-06-02', startDate: '2025-07-01', endDate: '2026-06-30' });
    const programmeId = created.data!.createProgramme.programme.id;
    const stopped = await t.gql<{ updateProgramme: unknown }>(END, { input: { id: programmeId, expectedVersion: 1, endReason: 'MOVED' } }, tokens.anna);
    expect(stopped.errors).toBeUndefined();
    expect(stopped.data!.updateProgramme).toEqual({ status: 'ENDED', startDate: '2025-07-01', endDate: '2025-07-01', stoppedBeforeStart: true });
    const [event] = await t.db.dataSource.query(
      `SELECT e.summary, e.payload->'changes' AS changes FROM plan_event e JOIN plan p ON p.id = e.plan_id WHERE p.programme_id = $1 AND e.kind = 'PROGRAMME_UPDATED' ORDER BY e.seq DESC LIMIT 1`, [programmeId]);
    expect(event.summary).toMatch(/stoppede forløbet, før det begyndte$/);
    expect(event.changes).toContainEqual(expect.objectContaining({ field: 'stoppedBeforeStart', before: false, after: true }));
    expect((await create(id, { decisionDate: '2025-06-19', startDate: '2025-07-01', endDate: '2026-06-30' })).errors).toBeUndefined();
  });
});

describe('the municipality’s own forløb without a longest length (lov nr. 1750 af 29. december 2025): prolonged with a stated reason, within the widest frame', () => {
  const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { endDate } }`;
  const version = async (id: string) => (await t.db.dataSource.query(`SELECT version FROM programme WHERE id = $1`, [id]))[0].version as number;
  let fmk: string;
  let max: number | null;
  beforeAll(async () => {
    [{ municipality_id: fmk }] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'anna'`);
    [{ max }] = await t.db.dataSource.query(`SELECT own_programme_max_months AS max FROM municipality WHERE id = $1`, [fmk]);
    await t.db.dataSource.query(`UPDATE municipality SET own_programme_max_months = NULL WHERE id = $1`, [fmk]);
  });
  afterAll(() => t.db.dataSource.query(`UPDATE municipality SET own_programme_max_months = $2 WHERE id = $1`, [fmk, max]));

  it('a later end without a reason is refused at the reason; with one it is saved, and the reason is in the history and the audit row', async () => {
    setDay('2026-06-01');
    const own = await insertCase(t.db.dataSource, { start: '2026-03-01', end: '2027-02-28', type: 'HELHEDSORIENTERET' });
    const move = async (input: Record<string, unknown>) => t.gql<{ updateProgramme: { endDate: string } }>(UPDATE, { input: { id: own.programmeId, expectedVersion: await version(own.programmeId), ...input } }, tokens.anna);

    const bare = await move({ endDate: '2027-08-31' });
    expect(ext(bare)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_EXTENSION_NEEDS_REASON', field: 'extensionReason' });
    expect(bare.errors![0].message).toBe('Kommunen har ikke fastsat en længste varighed for helhedsorienterede forløb, så forlængelsen skal begrundes: skriv, hvorfor borgeren har brug for mere tid. Begrundelsen står i planens historik.');
    expect(ext(await move({ endDate: '2027-08-31', extensionReason: '   ' }))).toMatchObject({ rule: 'PROGRAMME_EXTENSION_NEEDS_REASON' });
    expect((await t.db.dataSource.query(`SELECT end_date::text AS e FROM programme WHERE id = $1`, [own.programmeId]))[0].e).toBe('2027-02-28');

    const reason = 'Behandlingen i psykiatrien er forsinket; praktikken kan først begynde til foråret.';
    const prolonged = await move({ endDate: '2027-08-31', extensionReason: ` ${reason} ` });
    expect(prolonged.errors).toBeUndefined();
    expect(prolonged.data!.updateProgramme.endDate).toBe('2027-08-31');
    const [event] = await t.db.dataSource.query(`SELECT summary FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [own.planId]);
    expect(event.summary).toBe(`Anna Holm (Jobcenter) forlængede forløbet til 31. august 2027. Begrundelse: ${reason}`);
    const audit = await t.db.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'UPDATE_PROGRAMME' AND entity_id = $1 AND outcome = 'ALLOWED'`, [own.programmeId]);
    expect(audit).toEqual([{ detail: `Forlængelse: ${reason}` }]);

    // Earlier needs no reason, and a reason with no prolongation is refused rather than lost.
    expect(ext(await move({ endDate: '2027-06-30', extensionReason: reason }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'extensionReason' });
    expect((await move({ endDate: '2027-06-30' })).errors).toBeUndefined();
  });

  it('ended late, as of a day after its end date, it is not prolonged: no reason is asked', async () => {
    setDay('2026-06-10');
    const own = await insertCase(t.db.dataSource, { start: '2026-03-01', end: '2026-05-31', type: 'HELHEDSORIENTERET' });
    const ended = await t.gql<{ updateProgramme: { endDate: string } }>(UPDATE, { input: { id: own.programmeId, expectedVersion: await version(own.programmeId), endReason: 'MOVED', endDate: '2026-06-05' } }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.updateProgramme.endDate).toBe('2026-06-05');
  });

  it('no longer than the widest frame a leader can set (10 years), at creation and when prolonged; a frame set lifts the reason', async () => {
    setDay('2026-06-01');
    const own = await insertCase(t.db.dataSource, { start: '2026-03-01', end: '2027-02-28', type: 'HELHEDSORIENTERET' });
    const tooLong = await t.gql(UPDATE, { input: { id: own.programmeId, expectedVersion: await version(own.programmeId), endDate: '2036-03-01', extensionReason: 'Skrevet 2036 for 2026' } }, tokens.anna);
    expect(ext(tooLong)).toMatchObject({ rule: 'PROGRAMME_TOO_LONG', field: 'endDate' });
    expect(tooLong.errors![0].message).toBe('Kommunen har ikke fastsat en længste varighed for helhedsorienterede forløb. Et helhedsorienteret forløb kan højst vare 10 år (til og med 29. februar 2036), den længste ramme en kommune kan fastsætte.');
    expect((await t.gql(UPDATE, { input: { id: own.programmeId, expectedVersion: await version(own.programmeId), endDate: '2036-02-29', extensionReason: 'Et langt forløb' } }, tokens.anna)).errors).toBeUndefined();

    const id = await registered('Borger i eget forløb uden ramme');
    const base = { type: 'HELHEDSORIENTERET', decisionDate: '2026-06-01', startDate: '2026-06-01', jointPlanConsentOn: '2026-06-01' };
    expect(ext(await create(id, { ...base, endDate: '2036-06-01' }))).toMatchObject({ rule: 'PROGRAMME_TOO_LONG', field: 'endDate' });
    const created = await create(id, { ...base, endDate: '2027-05-31' });
    expect(created.errors).toBeUndefined();

    // With the municipality's frame, the frame bounds it and no reason is asked.
    await t.db.dataSource.query(`UPDATE municipality SET own_programme_max_months = 24 WHERE id = $1`, [fmk]);
    try {
      const programmeId = created.data!.createProgramme.programme.id;
      expect((await t.gql(UPDATE, { input: { id: programmeId, expectedVersion: await version(programmeId), endDate: '2028-05-31' } }, tokens.anna)).errors).toBeUndefined();
    } finally {
      await t.db.dataSource.query(`UPDATE municipality SET own_programme_max_months = NULL WHERE id = $1`, [fmk]);
    }
  });
});
