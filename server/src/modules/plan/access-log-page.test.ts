import { codeOf, count, interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * A coordinator answering a citizen's request for access (aktindsigt: "who has seen my health
 * information in the past year?") reads the whole period, not only the newest rows: every
 * caseload listing, live delivery and plan read adds rows, so a thousand rows may cover weeks.
 * The log is read a page at a time, newest first, filtered by period (Danish days), person and
 * refusals, with counts for the whole filter, and each row names what was read.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
let per: string;
let users: Record<string, string>;
/** Statements that read the titles of the logged records (access-log-titles.ts). */
let titleReads = 0;

beforeAll(async () => {
  t = await startTestServer({ onQuery: (sql) => void (sql.includes('FROM intervention x WHERE x.id = ANY') && titleReads++) });
  for (const u of ['anna', 'bent', 'carla', 'otto', 'per']) tokens[u] = await t.login(u);
  [{ id: per }] = await t.db.dataSource.query(`SELECT id FROM citizen WHERE name = 'Per Hansen'`);
  users = Object.fromEntries(
    (await t.db.dataSource.query(`SELECT username, id FROM app_user WHERE username = ANY($1)`, [['anna', 'bent', 'carla', 'otto']])).map((u: { username: string; id: string }) => [u.username, u.id]),
  );
});
afterAll(() => t.stop());

interface Entry { id: string; at: string; actorName: string | null; action: string; entityType: string; entityId: string | null; entityTitle: string | null; outcome: string }
interface Page {
  entries: Entry[];
  nextCursor: string | null;
  totalCount: number;
  deniedCount: number;
  people: Array<{ id: string; name: string; count: number; deniedCount: number; isCitizen: boolean }>;
}

const PAGE = `query($c: ID!, $f: AccessLogFilter, $first: Int, $after: String) {
  accessLogPage(citizenId: $c, filter: $f, first: $first, after: $after) {
    entries { id at actorName action entityType entityId entityTitle outcome }
    nextCursor totalCount deniedCount people { id name count deniedCount isCitizen }
  }
}`;

type Filter = { from?: string; to?: string; actorId?: string; onlyDenied?: boolean; withoutCitizen?: boolean };
const ask = (vars: { f?: Filter; first?: number; after?: string | null }, who = 'anna') =>
  t.gql<{ accessLogPage: Page }>(PAGE, { c: per, f: vars.f ?? null, first: vars.first ?? 100, after: vars.after ?? null }, tokens[who]);

async function page(vars: { f?: Filter; first?: number; after?: string | null }): Promise<Page> {
  const res = await ask(vars);
  expect(res.errors).toBeUndefined();
  return res.data!.accessLogPage;
}

/** Rows as the server writes them, at chosen times: the log is append-only, so a test cannot age real rows. */
async function logRows(rows: Array<{ who: string; at: string; outcome?: 'ALLOWED' | 'DENIED'; action?: string; entityType?: string; entityId?: string }>): Promise<void> {
  await t.db.dataSource.query(
    `INSERT INTO audit_log (municipality_id, at, actor_id, actor_unit_id, action, entity_type, entity_id, citizen_id, outcome, detail, channel)
     SELECT u.municipality_id, r.at, u.id, u.unit_id, r.action, r.entity_type, r.entity_id, $2, r.outcome,
            CASE WHEN r.outcome = 'DENIED' THEN 'no access to plan' END, CASE WHEN r.outcome = 'ALLOWED' THEN 'PLAN_PAGE' END
       FROM jsonb_to_recordset($1::jsonb) AS r(who text, at timestamptz, action text, entity_type text, entity_id text, outcome text)
       JOIN app_user u ON u.username = r.who`,
    [JSON.stringify(rows.map((r) => ({ who: r.who, at: r.at, action: r.action ?? 'READ_PLAN', entity_type: r.entityType ?? 'PLAN', entity_id: r.entityId ?? null, outcome: r.outcome ?? 'ALLOWED' }))), per],
  );
}

describe('the whole log, not only its newest rows', () => {
  beforeAll(async () => {
    // A year ago Otto (another municipality) was refused once; since, 1,500 reads of Bent's, all newer.
    await logRows([{ who: 'otto', at: '2025-05-02T08:00:00Z', outcome: 'DENIED' }]);
    await logRows(Array.from({ length: 1500 }, (_, i) => ({ who: 'bent', at: new Date(Date.parse('2025-06-01T06:00:00Z') + i * 3_600_000).toISOString() })));
  });

  it('finds a refusal older than the newest thousand rows, and counts every refusal of the filter', async () => {
    const refused = await page({ f: { onlyDenied: true } });
    expect(refused.entries.map((e) => e.actorName)).toContain('Otto Berg');
    expect(refused.entries.every((e) => e.outcome === 'DENIED')).toBe(true);
    const denied = await count(t, `SELECT 1 FROM audit_log WHERE citizen_id = $1 AND outcome = 'DENIED'`, [per]);
    expect(refused.deniedCount).toBe(denied);
    expect(denied).toBeGreaterThan(0);
    // Unfiltered, the counts are of the whole log, not of the page (the read's own row commits with its answer).
    const rows = await count(t, `SELECT 1 FROM audit_log WHERE citizen_id = $1`, [per]);
    const all = await page({ first: 10 });
    expect(all.entries).toHaveLength(10);
    expect(all.totalCount).toBe(rows);
    expect(all.totalCount).toBeGreaterThan(1500);
    expect(all.deniedCount).toBe(denied);
  });

  it('"Vis ældre" walks the whole log by its cursor, newest first: no row skipped, none twice, though each read adds a row', async () => {
    const first = await page({ first: 400 });
    const newest = Number(first.entries[0].id);
    const seen = first.entries.map((e) => Number(e.id));
    for (let cursor = first.nextCursor; cursor; ) {
      const older = await page({ first: 400, after: cursor });
      seen.push(...older.entries.map((e) => Number(e.id)));
      cursor = older.nextCursor;
    }
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    const there: Array<{ id: string }> = await t.db.dataSource.query(`SELECT id FROM audit_log WHERE citizen_id = $1 AND id <= $2 ORDER BY id DESC`, [per, newest]);
    expect(seen).toEqual(there.map((r) => Number(r.id)));
  });

  it('a period is Danish days, from and to both included', async () => {
    // 1 April 2024 in Denmark (summer time since 31 March): from 31 March 22:00 to 1 April 22:00 UTC.
    await logRows([
      { who: 'carla', at: '2024-03-31T21:59:59Z' },
      { who: 'carla', at: '2024-03-31T22:00:00Z' },
      { who: 'carla', at: '2024-04-01T21:59:59Z' },
      { who: 'carla', at: '2024-04-01T22:00:00Z' },
    ]);
    const day = await page({ f: { from: '2024-04-01', to: '2024-04-01' } });
    expect(day.entries.map((e) => e.at).sort()).toEqual(['2024-03-31T22:00:00.000Z', '2024-04-01T21:59:59.000Z']);
    expect(day.totalCount).toBe(2);
    expect((await page({ f: { to: '2024-03-31' } })).entries.map((e) => e.at)).toEqual(['2024-03-31T21:59:59.000Z']);
    expect((await page({ f: { from: '2024-04-02', to: '2024-04-30' } })).totalCount).toBe(1);
  });

  it('by person: their rows only, counted, and everyone of the period to choose from, by name', async () => {
    const otto = await page({ f: { actorId: users.otto, from: '2025-01-01', to: '2025-12-31' } });
    expect(new Set(otto.entries.map((e) => e.actorName))).toEqual(new Set(['Otto Berg']));
    expect(otto).toMatchObject({ totalCount: 1, deniedCount: 1 });
    expect(otto.people.map((p) => p.name)).toEqual(['Bent Sørensen', 'Otto Berg']);
    expect(otto.people.find((p) => p.name === 'Bent Sørensen')).toMatchObject({ id: users.bent, count: 1500, deniedCount: 0 });
    // Refusals of one person in a period where they had none: none, and the page says so by its counts.
    expect(await page({ f: { actorId: users.bent, onlyDenied: true, from: '2025-01-01', to: '2025-12-31' } })).toMatchObject({ entries: [], totalCount: 1500, deniedCount: 0, nextCursor: null });
  });
});

describe('who may read it, and that reading it is logged', () => {
  const reads = (who: string, outcome: string) =>
    count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = $1 AND a.action = 'READ_ACCESS_LOG' AND a.outcome = $2 AND a.citizen_id = $3`, [who, outcome, per]);

  it('a caseworker on the team who is not the coordinator gets NOT_FOUND, logged as a refusal; the coordinator\'s every page is logged', async () => {
    const refusedBefore = await reads('bent', 'DENIED');
    const res = await ask({}, 'bent');
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(res.data?.accessLogPage).toBeUndefined();
    expect(await reads('bent', 'DENIED')).toBe(refusedBefore + 1);
    const before = await reads('anna', 'ALLOWED');
    const first = await page({ first: 5 });
    await page({ first: 5, after: first.nextCursor });
    expect(await reads('anna', 'ALLOWED')).toBe(before + 2);
  });

  it('refuses a period that ends before it starts, a day that is none or outside the kept years, and a cursor it did not give, by field', async () => {
    const field = async (vars: Parameters<typeof ask>[0]) => {
      const res = await ask(vars);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      return { field: res.errors![0].extensions!.field, message: res.errors![0].message };
    };
    expect(await field({ f: { from: '2025-06-02', to: '2025-06-01' } })).toEqual({ field: 'to', message: 'Til-datoen kan ikke ligge før fra-datoen.' });
    expect(await field({ f: { from: '2025-02-30' } })).toEqual({ field: 'from', message: 'Skal være en dato (ÅÅÅÅ-MM-DD).' });
    expect(await field({ f: { to: '0999-12-31' } })).toMatchObject({ field: 'to', message: expect.stringContaining('mellem år 1900 og 2199') });
    expect(await field({ f: { actorId: 'Bent' } })).toMatchObject({ field: 'actorId' });
    expect((await field({ after: 'MTIz' })).field).toBe('after');
    expect((await field({ first: 0 })).field).toBe('first');
    expect((await field({ first: 1001 })).field).toBe('first');
  });
});

describe('what was read', () => {
  it('names the record where the reader may see it: an intervention by its title, a refused field by its name, in one statement a page', async () => {
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    expect((await t.gql(`query($id: ID!) { intervention(id: $id) { id } }`, { id: bostotte.id }, tokens.bent)).errors).toBeUndefined();
    // Per, signed in to his own plan, asks for a staff member's work phone, which is not his to read.
    expect(codeOf(await t.gql(`{ me { name phone } }`, {}, tokens.per))).toBe('FORBIDDEN');
    const [{ id: kimsIntervention }] = await t.db.dataSource.query(
      `SELECT i.id FROM intervention i JOIN plan p ON p.id = i.plan_id JOIN citizen c ON c.id = p.citizen_id WHERE c.name LIKE 'Kim%' LIMIT 1`);
    // A refused attempt may carry any id: another citizen's record is not named in Per's log.
    await logRows([{ who: 'carla', at: new Date().toISOString(), outcome: 'DENIED', action: 'READ_INTERVENTION', entityType: 'INTERVENTION', entityId: kimsIntervention }]);
    const [{ id: otherIntervention }] = await t.db.dataSource.query(
      `SELECT i.id FROM intervention i JOIN plan p ON p.id = i.plan_id WHERE p.id = $1 AND i.id <> $2 LIMIT 1`, [await planIdOf(t, 'Per'), bostotte.id]);
    await logRows([{ who: 'bent', at: new Date().toISOString(), action: 'READ_INTERVENTION', entityType: 'INTERVENTION', entityId: otherIntervention }]);

    titleReads = 0;
    const { entries } = await page({ first: 20 });
    expect(titleReads).toBe(1);
    expect(entries.find((e) => e.action === 'READ_INTERVENTION' && e.entityId === bostotte.id)).toMatchObject({ entityType: 'INTERVENTION', entityTitle: 'Bostøtte' });
    expect(entries.find((e) => e.entityId === otherIntervention)?.entityTitle).toEqual(expect.any(String));
    expect(entries.find((e) => e.action === 'READ_FIELD')).toMatchObject({ entityType: 'FIELD', entityId: 'User.phone', entityTitle: 'Arbejdstelefon', outcome: 'DENIED' });
    expect(entries.find((e) => e.entityId === kimsIntervention)).toMatchObject({ entityType: 'INTERVENTION', entityTitle: null });
    expect(entries.find((e) => e.action === 'READ_ACCESS_LOG')).toMatchObject({ entityType: 'CITIZEN', entityTitle: null });
  });

  it('does not name a record on a plan of the citizen that the reader may not read', async () => {
    // Per's ended plan, coordinated by Carla, with none of Anna's unit on its team.
    const [ended] = await t.db.dataSource.query(
      `SELECT p.id, p.programme_id FROM plan p JOIN programme pr ON pr.id = p.programme_id WHERE pr.citizen_id = $1 AND pr.status = 'ENDED'`, [per]);
    await t.db.dataSource.query(
      `UPDATE coordinator_assignment ca SET user_id = u.id, unit_id = u.unit_id FROM app_user u WHERE ca.programme_id = $1 AND ca.to_at IS NULL AND u.username = 'carla'`, [ended.programme_id]);
    await t.db.dataSource.query(`DELETE FROM plan_team_unit WHERE plan_id = $1 AND unit_id = (SELECT unit_id FROM app_user WHERE username = 'anna')`, [ended.id]);
    const [{ id: hidden }] = await t.db.dataSource.query(
      `INSERT INTO intervention (municipality_id, plan_id, unit_id, unit_kind, kind, title)
       SELECT p.municipality_id, p.id, u.id, u.kind, 'PHYSIOTHERAPY', 'Genoptræning efter rygoperation' FROM plan p, unit u
        WHERE p.id = $1 AND u.id = (SELECT unit_id FROM app_user WHERE username = 'carla') RETURNING id`, [ended.id]);
    await logRows([{ who: 'carla', at: new Date().toISOString(), action: 'READ_INTERVENTION', entityType: 'INTERVENTION', entityId: hidden }]);
    const { entries } = await page({ first: 5 });
    expect(entries.find((e) => e.entityId === hidden)).toMatchObject({ actorName: 'Carla Nielsen', entityType: 'INTERVENTION', entityTitle: null });
  });
});

describe('what the consent register withholds (docs/domain.md, rule 15)', () => {
  const SECRET = 'Samtale med misbrugskonsulenten om tilbagefald';
  const ACTIVITIES = `query($id: ID!) { plan(id: $id) { interventions { id title activities { id title } } } }`;
  const OLD_LOG = `query($c: ID!) { accessLog(citizenId: $c, limit: 1000) { action entityType entityId entityTitle } }`;

  /** The Bostøtte (Socialforvaltningen) and its activity as the plan shows them to Anna, the jobcenter's coordinator. */
  async function bostotteAsAnna(): Promise<{ id: string; title: string; activity: { id: string; title: string } }> {
    const res = await t.gql<{ plan: { interventions: Array<{ id: string; title: string; activities: Array<{ id: string; title: string }> }> } }>(
      ACTIVITIES, { id: await planIdOf(t, 'Per') }, tokens.anna);
    expect(res.errors).toBeUndefined();
    const bostotte = res.data!.plan.interventions.find((i) => i.title === 'Bostøtte')!;
    return { id: bostotte.id, title: bostotte.title, activity: bostotte.activities[0] };
  }

  /** How both reads of the log, the page and the deprecated newest rows, name a record to Anna. */
  async function namedInLog(action: string, entityId: string): Promise<Array<string | null>> {
    const { entries } = await page({ first: 200 });
    const old = await t.gql<{ accessLog: Array<{ action: string; entityId: string | null; entityTitle: string | null }> }>(OLD_LOG, { c: per }, tokens.anna);
    expect(old.errors).toBeUndefined();
    const fromPage = entries.find((e) => e.action === action && e.entityId === entityId);
    const fromOld = old.data!.accessLog.find((e) => e.action === action && e.entityId === entityId);
    expect(fromPage).toBeDefined();
    expect(fromOld).toBeDefined();
    return [fromPage!.entityTitle, fromOld!.entityTitle];
  }

  it('names another unit\'s withheld activity "Aktivitet" to the coordinator, as the plan does, and by its title once a consent shares it again', async () => {
    const planId = await planIdOf(t, 'Per');
    // Anna withdraws Per's whole-team consent for social details.
    const REGISTER = `query($id: ID!) { plan(id: $id) { consents { id scope recipientKind active } } }`;
    const register = await t.gql<{ plan: { consents: Array<{ id: string; scope: string; recipientKind: string; active: boolean }> } }>(REGISTER, { id: planId }, tokens.anna);
    const social = register.data!.plan.consents.find((e) => e.scope === 'SOCIAL_DETAILS' && e.recipientKind === 'WHOLE_TEAM' && e.active)!;
    const withdrawn = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { active } }`,
      { input: { id: social.id, reason: 'Per vil ikke længere dele det med hele teamet' } }, tokens.anna);
    expect(withdrawn.errors).toBeUndefined();

    // Bent (Socialforvaltningen, the Bostøtte's own unit) renames its activity.
    const [activity] = await t.db.dataSource.query(
      `SELECT a.id, a.version FROM activity a JOIN intervention i ON i.id = a.intervention_id WHERE a.plan_id = $1 AND i.title = 'Bostøtte' ORDER BY a.id LIMIT 1`, [planId]);
    const updated = await t.gql(`mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id } }`,
      { input: { id: activity.id, expectedVersion: activity.version, title: SECRET } }, tokens.bent);
    expect(updated.errors).toBeUndefined();
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    await logRows([{ who: 'bent', at: new Date().toISOString(), action: 'READ_INTERVENTION', entityType: 'INTERVENTION', entityId: bostotte.id }]);

    // The plan shows Anna that the activity exists, not what it is; the log says no more.
    const cut = await bostotteAsAnna();
    expect(cut.activity).toEqual({ id: activity.id, title: 'Aktivitet' });
    expect(await namedInLog('UPDATE_ACTIVITY', activity.id)).toEqual([cut.activity.title, cut.activity.title]);
    // The intervention's own title is not withheld, in the plan nor in the log.
    expect(cut.title).toBe('Bostøtte');
    expect(await namedInLog('READ_INTERVENTION', bostotte.id)).toEqual(['Bostøtte', 'Bostøtte']);
    expect(JSON.stringify(await page({ first: 200 }))).not.toContain(SECRET);

    // Per consents again: the plan and the log both name the activity by its title.
    const again = await t.gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { active } }`,
      { input: { planId, scope: 'SOCIAL_DETAILS', recipientKind: 'WHOLE_TEAM', basis: 'CONSENT', givenOn: new Date().toISOString().slice(0, 10) } }, tokens.anna);
    expect(again.errors).toBeUndefined();
    expect((await bostotteAsAnna()).activity.title).toBe(SECRET);
    expect(await namedInLog('UPDATE_ACTIVITY', activity.id)).toEqual([SECRET, SECRET]);
  });
});

describe('without the citizen\'s own reads', () => {
  it('leaves out what the citizen read and wrote on Min plan, counted so, and names the citizen among the people', async () => {
    // Per follows his own plan: every read of his is a row of his log.
    for (let i = 0; i < 3; i++) expect((await t.gql(`{ myPlan { id } }`, {}, tokens.per)).errors).toBeUndefined();
    const [{ id: perAccount }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE citizen_id = $1`, [per]);
    await logRows([{ who: 'bent', at: new Date().toISOString() }]);

    const all = await page({ first: 1000 });
    const hisOwn = all.people.find((p) => p.id === perAccount)!;
    expect(hisOwn).toMatchObject({ name: 'Per Hansen', isCitizen: true });
    expect(hisOwn.count).toBeGreaterThan(0);
    expect(all.people.filter((p) => p.isCitizen)).toHaveLength(1);

    const others = await page({ first: 1000, f: { withoutCitizen: true } });
    expect(others.entries.length).toBeGreaterThan(0);
    expect(others.entries.some((e) => e.actorName === 'Per Hansen')).toBe(false);
    expect(others.entries.some((e) => e.actorName === 'Bent Sørensen')).toBe(true);
    // The counts are of the same rows: everything but his (this read's own row is Anna's, and counted too).
    const allAfter = await page({ first: 1 });
    const hisAfter = allAfter.people.find((p) => p.id === perAccount)!;
    expect((await page({ first: 1, f: { withoutCitizen: true } })).totalCount).toBe(allAfter.totalCount + 1 - hisAfter.count);
    // A refused attempt by someone else stays: only the citizen's own rows go.
    expect((await page({ first: 1000, f: { withoutCitizen: true, onlyDenied: true } })).entries.some((e) => e.actorName === 'Otto Berg')).toBe(true);
  });
});
