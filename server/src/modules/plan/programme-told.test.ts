import { unitIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * "Opret forløb" refused by a rule that quotes the citizen's other forløb tells the caseworker of
 * them: that one is running and its type, the period of the ressourceforløb since the 50th
 * birthday, the years in ressourceforløb in all. Any employment caseworker may open a citizen's
 * forløb, so the answer stays; the citizen's access log records that it was given, as a
 * disclosure (allowed), not as a refusal counted towards the review of the caseworker's account.
 */
let now = new Date();
const clock = { now: () => now };
const setDay = (day: string) => (now = new Date(`${day}T12:00:00+01:00`));

let t: TestServer;
const tokens: Record<string, string> = {};
let eveId: string;

beforeAll(async () => {
  t = await startTestServer({ clock });
  // A second jobcenter, and a caseworker in it who is on no team of the citizens below.
  [{ id: eveId }] = await t.db.dataSource.query(
    `WITH unit AS (INSERT INTO unit (municipality_id, kind, name) SELECT municipality_id, 'EMPLOYMENT', 'Jobcenter Syd' FROM app_user WHERE username = 'ida' RETURNING id, municipality_id)
     INSERT INTO app_user (municipality_id, username, subject, name, role, unit_id, activated_at)
     SELECT municipality_id, 'eve', 'eve', 'Eva Eskildsen', 'CASEWORKER', id, now() FROM unit RETURNING id`,
  );
  // Tokens are checked against real time: sign them before the clock moves.
  for (const u of ['anna', 'eve']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

type Errors = { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
const first = (res: Errors) => res.errors?.[0];

const REGISTER_CITIZEN = `mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { id } }`;
const CREATE = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`;
let serial = 0;

async function citizen(name: string, born: string): Promise<string> {
  const res = await t.gql<{ registerCitizen: { id: string } }>(REGISTER_CITIZEN, { input: { name, cpr: `${born}-${String(2000 + ++serial)}` } }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!.registerCitizen.id;
}

async function create(citizenId: string, over: Record<string, unknown>, who: string) {
  const input = {
    citizenId, type: 'RESSOURCEFORLOEB', employmentGoal: 'Lønnede timer i detailhandlen', goalKind: 'SECTOR', teamUnits: [await unitIdOf(t, 'SOCIAL')],
    ...over,
  } as Record<string, unknown>;
  input.planPeriodEnd ??= input.endDate;
  return t.gql<{ createProgramme: { id: string } }>(CREATE, { input }, tokens[who]);
}

/** Anna's forløb for the citizen, granted, and its plan's id; ended at once (on `endedOn`, or its last day) unless told to run. */
async function granted(citizenId: string, dates: { decisionDate: string; startDate: string; endDate: string }, end: { running?: boolean; endedOn?: string } = {}): Promise<string> {
  const res = await create(citizenId, dates, 'anna');
  expect(res.errors).toBeUndefined();
  if (!end.running) {
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER', end_date = $2 WHERE citizen_id = $1 AND status = 'ACTIVE'`, [citizenId, end.endedOn ?? dates.endDate]);
  }
  return res.data!.createProgramme.id;
}

/** Eve's rows in the citizen's log, as written. */
const eveRows = (citizenId: string): Promise<Array<{ action: string; entity_type: string; entity_id: string; outcome: string; detail: string | null }>> => t.db.dataSource.query(
  `SELECT action, entity_type, entity_id, outcome, detail FROM audit_log WHERE actor_id = $1 AND citizen_id = $2 ORDER BY id`, [eveId, citizenId]);

const PAGE = `query($c: ID!) {
  accessLogPage(citizenId: $c, first: 100) {
    entries { actorName action entityType outcome detail }
    deniedCount people { name count deniedCount }
  }
}`;
interface Page {
  entries: Array<{ actorName: string | null; action: string; entityType: string; outcome: string; detail: string | null }>;
  deniedCount: number;
  people: Array<{ name: string; count: number; deniedCount: number }>;
}

/** The citizen's access log as their coordinator reads it. */
async function accessLog(citizenId: string): Promise<Page> {
  const res = await t.gql<{ accessLogPage: Page }>(PAGE, { c: citizenId }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!.accessLogPage;
}

const SOURCE_1160 = 'lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb)';

describe('a refusal of "Opret forløb" that quotes the citizen\'s other forløb is in the citizen\'s access log', () => {
  it('from 50: the period of the earlier ressourceforløb, told to a caseworker with no part in the plan, is logged as told, and not counted as a refusal', async () => {
    setDay('2025-01-25');
    // Born 1 May 1972: 50 on 1 May 2022.
    const id = await citizen('Borger over 50 med afsluttet forløb', '010572');
    const planId = await granted(id, { decisionDate: '2025-01-20', startDate: '2025-02-01', endDate: '2026-01-31' }, { endedOn: '2025-11-30' });
    const [{ id: earlier }] = await t.db.dataSource.query(`SELECT programme_id AS id FROM plan WHERE id = $1`, [planId]);

    setDay('2025-12-15');
    // Eve may not see the plan.
    const read = await t.gql(`query($id: ID!) { plan(id: $id) { id } }`, { id: planId }, tokens.eve);
    expect(first(read)?.extensions?.code).toBe('NOT_FOUND');
    // The law's answer to her new forløb names the earlier one. Asked three times, as a caseworker trying again might.
    for (let i = 0; i < 3; i++) {
      const refused = await create(id, { decisionDate: '2025-12-10', startDate: '2026-01-05', endDate: '2027-01-04' }, 'eve');
      expect(first(refused)?.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'ONE_PROGRAMME_FROM_50', source: SOURCE_1160 });
      expect(first(refused)?.message).toContain('har allerede haft et ressourceforløb efter det (1. februar 2025–30. november 2025)');
    }
    expect(await t.db.dataSource.query(`SELECT id FROM programme WHERE citizen_id = $1`, [id])).toEqual([{ id: earlier }]);

    const told = {
      action: 'READ_OTHER_PROGRAMMES', entity_type: 'CITIZEN', entity_id: id, outcome: 'ALLOWED',
      detail: `Et nyt forløb blev afvist efter reglen ONE_PROGRAMME_FROM_50 (${SOURCE_1160}); afvisningen nævnte perioden for borgerens ressourceforløb efter det fyldte 50. år.`,
    };
    expect(await eveRows(id)).toEqual([
      { action: 'READ_PLAN', entity_type: 'PLAN', entity_id: planId, outcome: 'DENIED', detail: 'no access to plan' },
      told, told, told,
    ]);

    // The coordinator reads who was told, as allowed; Eve's refusals are the plan read alone.
    const log = await accessLog(id);
    expect(log.entries.filter((e) => e.actorName === 'Eva Eskildsen')).toEqual([
      ...[0, 1, 2].map(() => ({ actorName: 'Eva Eskildsen', action: 'READ_OTHER_PROGRAMMES', entityType: 'CITIZEN', outcome: 'ALLOWED', detail: told.detail })),
      { actorName: 'Eva Eskildsen', action: 'READ_PLAN', entityType: 'PLAN', outcome: 'DENIED', detail: 'no access to plan' },
    ]);
    expect(log.people.find((p) => p.name === 'Eva Eskildsen')).toEqual({ name: 'Eva Eskildsen', count: 4, deniedCount: 1 });
    // Four tries in all, one refused: her account is not put up for a leader's review.
    expect(await t.db.dataSource.query(`SELECT 1 FROM account_review_flag WHERE user_id = $1`, [eveId])).toEqual([]);
  });

  it('a forløb running: its type, told to a caseworker with no part in it, is logged as told', async () => {
    setDay('2025-03-10');
    const id = await citizen('Borger i et igangværende forløb', '010485');
    await granted(id, { decisionDate: '2025-03-01', startDate: '2025-03-01', endDate: '2026-02-28' }, { running: true });
    const refused = await create(id, { type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2025-03-10', startDate: '2025-03-10', endDate: '2026-03-09' }, 'eve');
    expect(first(refused)?.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_ALREADY_RUNNING' });
    expect(first(refused)?.message).toBe('Borgeren er allerede i et ressourceforløb. Afslut det, før et nyt forløb oprettes.');
    expect(await eveRows(id)).toEqual([{
      action: 'READ_OTHER_PROGRAMMES', entity_type: 'CITIZEN', entity_id: id, outcome: 'ALLOWED',
      detail: 'Et nyt forløb blev afvist efter reglen PROGRAMME_ALREADY_RUNNING (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1); afvisningen nævnte borgerens igangværende forløb og dets type.',
    }]);
    const log = await accessLog(id);
    expect(log.entries).toContainEqual(expect.objectContaining({ actorName: 'Eva Eskildsen', action: 'READ_OTHER_PROGRAMMES', outcome: 'ALLOWED' }));
    expect(log.deniedCount).toBe(0);
  });

  it('from 40 until 50: the years in ressourceforløb in all are logged as told', async () => {
    setDay('2025-01-20');
    // Born 1 January 1980: 45 at the decision.
    const id = await citizen('Borger over 40 med tre års forløb', '010180');
    await granted(id, { decisionDate: '2022-01-10', startDate: '2022-01-10', endDate: '2025-01-08' });
    const refused = await create(id, { decisionDate: '2025-01-09', startDate: '2025-01-09', endDate: '2027-03-08' }, 'eve');
    expect(first(refused)?.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'FIVE_YEARS_FROM_40' });
    expect(first(refused)?.message).toContain('Borgeren har været i ressourceforløb i 3 år i alt');
    expect(await eveRows(id)).toEqual([expect.objectContaining({ action: 'READ_OTHER_PROGRAMMES', outcome: 'ALLOWED', detail: expect.stringContaining('FIVE_YEARS_FROM_40') })]);
  });

  it('a refusal that quotes none of the citizen\'s forløb (close to folkepension) writes no such row', async () => {
    setDay('2025-06-20');
    // Born 10 June 1963: folkepension on 10 June 2031, less than 6 years after the decision.
    const id = await citizen('Borger tæt på folkepension', '100663');
    const refused = await create(id, { decisionDate: '2025-06-11', startDate: '2025-07-01', endDate: '2026-06-30' }, 'eve');
    expect(first(refused)?.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'CLOSE_TO_FOLKEPENSION' });
    expect(await eveRows(id)).toEqual([]);
  });
});
