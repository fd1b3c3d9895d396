import { Client } from 'pg';
import { systemClock } from '../clock';
import { seedDemoIfEmpty } from '../../seed/demo-seed';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { APP_ROLE, openRequestDb, RequestRolledBack } from './request-db';
import { keepPrepared, sendStatements } from './statement-batch';

// Tenant isolation in PostgreSQL itself (README.md, Database roles): whatever SQL the application sends as the
// app role, it sees and writes only the municipality set for the connection.
let db: TestDatabase;
let fmk: string;
let svb: string;
let client: Client;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 4 });
  await seedDemoIfEmpty(db.dataSource, systemClock);
  const rows: Array<{ id: string; code: string }> = await db.dataSource.query(`SELECT id, code FROM municipality`);
  fmk = rows.find((r) => r.code === '0430')!.id;
  svb = rows.find((r) => r.code === '0479')!.id;
  client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(`SET ROLE ${APP_ROLE}`);
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

const one = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0];
const asMunicipality = (id: string | null) => client.query(`SELECT set_config('samplan.municipality_id', $1, false)`, [id ?? '']);

const TENANT_TABLES_WITH_DATA = ['citizen', 'programme', 'plan', 'intervention', 'activity', 'sub_goal', 'follow_up_meeting', 'app_user', 'unit', 'audit_log'];

describe('row-level security as the app role', () => {
  it('the role really is subject to it: not a superuser, no BYPASSRLS', async () => {
    expect(await one(`SELECT current_user AS who, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`)).toEqual({ who: APP_ROLE, rolsuper: false, rolbypassrls: false });
  });

  it('without a municipality set, a hand-written query sees no rows at all', async () => {
    await asMunicipality(null);
    for (const table of TENANT_TABLES_WITH_DATA) {
      expect({ table, n: (await one(`SELECT count(*)::int AS n FROM ${table}`)).n }).toEqual({ table, n: 0 });
    }
    expect((await one(`SELECT count(*)::int AS n FROM municipality`)).n).toBe(0);
  });

  it('with Faaborg-Midtfyn set, a query asking for Svendborg by name gets nothing', async () => {
    await asMunicipality(fmk);
    expect((await one(`SELECT count(*)::int AS n FROM citizen`)).n).toBeGreaterThan(0);
    expect(await one(`SELECT count(*)::int AS n FROM citizen WHERE municipality_id = $1`, [svb])).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM citizen WHERE name = 'Sofie Andersen'`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM plan p JOIN programme pr ON pr.id = p.programme_id WHERE pr.municipality_id <> $1`, [fmk])).toEqual({ n: 0 });
    // The superuser connection sees both: the rows exist, the role just may not see them.
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM citizen WHERE municipality_id = $1`, [svb]);
    expect(n).toBeGreaterThan(0);
  });

  it('the facts functions (migration 30) run as the caller: another municipality\'s plan and programme give no facts', async () => {
    const [svbPlan] = await db.dataSource.query(`SELECT id, programme_id FROM plan WHERE municipality_id = $1 LIMIT 1`, [svb]);
    await asMunicipality(svb);
    expect((await client.query(`SELECT * FROM plan_access_facts($1::uuid[])`, [[svbPlan.id]])).rows).toHaveLength(1);
    expect((await client.query(`SELECT * FROM programme_warning_facts($1::uuid[])`, [[svbPlan.programme_id]])).rows).toHaveLength(1);
    await asMunicipality(fmk);
    expect((await client.query(`SELECT * FROM plan_access_facts($1::uuid[])`, [[svbPlan.id]])).rows).toEqual([]);
    expect((await client.query(`SELECT * FROM programme_warning_facts($1::uuid[])`, [[svbPlan.programme_id]])).rows).toEqual([]);
  });

  it('the read functions (migration 31) run as the caller: no access-log row into another municipality, no read position of its plans', async () => {
    const [svbPlan] = await db.dataSource.query(`SELECT p.id, p.citizen_id, u.id AS user_id FROM plan p JOIN app_user u ON u.municipality_id = p.municipality_id WHERE p.municipality_id = $1 LIMIT 1`, [svb]);
    const read = (m: string) => JSON.stringify([{ m, a: svbPlan.user_id, u: null, action: 'READ_PLAN', et: 'PLAN', eid: svbPlan.id, c: svbPlan.citizen_id, ch: 'PLAN_PAGE', n: 1 }]);
    await asMunicipality(fmk);
    await expect(client.query(`SELECT record_reads($1::jsonb, 900)`, [read(svb)])).rejects.toThrow(/row-level security/);
    await asMunicipality(svb);
    await client.query(`SELECT record_reads($1::jsonb, 900)`, [read(svb)]);
    const positions = async () => (await client.query(`SELECT * FROM plan_read_positions($1::uuid, $2::uuid[], $3::boolean[])`, [svbPlan.user_id, [svbPlan.id], [true]])).rows;
    expect(await positions()).toEqual([{ plan_id: svbPlan.id, last_seen: null, unseen: expect.any(Number) }]);
    await db.dataSource.query(`INSERT INTO plan_read_position (user_id, plan_id, municipality_id, seq) VALUES ($1, $2, $3, 1) ON CONFLICT DO NOTHING`, [svbPlan.user_id, svbPlan.id, svb]);
    expect((await positions())[0].last_seen).not.toBeNull();
    // Another municipality sees neither the position nor the plan's events.
    await asMunicipality(fmk);
    expect(await positions()).toEqual([{ plan_id: svbPlan.id, last_seen: null, unseen: 0 }]);
  });

  it('a statement kept prepared on one connection answers for the municipality set at each run, also once its plan is generic', async () => {
    const names = keepPrepared(`SELECT name FROM citizen WHERE birth_date > $1::date ORDER BY name`);
    const read = async () => (await sendStatements(client, [{ sql: names, params: ['1900-01-01'] }], { prepare: true }))[0].rows.map((r) => (r as { name: string }).name);
    await asMunicipality(svb);
    const svbNames = await read();
    expect(svbNames).toEqual(['Sofie Andersen']);
    await asMunicipality(fmk);
    const fmkNames = await read();
    expect(fmkNames.length).toBeGreaterThan(0);
    expect(fmkNames).not.toContain('Sofie Andersen');
    // The generic plan, as PostgreSQL may choose it after five runs: forced here, alternating municipalities.
    await client.query(`SET plan_cache_mode = force_generic_plan`);
    for (let i = 0; i < 6; i++) {
      await asMunicipality(i % 2 ? svb : fmk);
      expect(await read()).toEqual(i % 2 ? svbNames : fmkNames);
    }
    await asMunicipality(null);
    expect(await read()).toEqual([]);
    await client.query(`RESET plan_cache_mode`);
    const [kept] = (await client.query(`SELECT count(*)::int AS n, sum(generic_plans)::int AS generic FROM pg_prepared_statements WHERE statement = $1`, [names])).rows;
    expect(kept.n).toBe(1);
    expect(kept.generic).toBeGreaterThanOrEqual(7);
  });

  it('cannot write into, change or delete another municipality\'s rows', async () => {
    await asMunicipality(fmk);
    await expect(client.query(`INSERT INTO citizen (municipality_id, name, birth_date) VALUES ($1, 'Indsmuglet', '1990-01-01')`, [svb]))
      .rejects.toThrow(/row-level security/);
    const updated = await client.query(`UPDATE citizen SET name = 'Ændret' WHERE municipality_id = $1`, [svb]);
    const deleted = await client.query(`DELETE FROM plan_event WHERE municipality_id = $1`, [svb]);
    expect([updated.rowCount, deleted.rowCount]).toEqual([0, 0]);
    // Moving one's own row to another municipality is refused as well.
    await expect(client.query(`UPDATE citizen SET municipality_id = $1 WHERE municipality_id = $2`, [svb, fmk])).rejects.toThrow(/row-level security/);
    const [{ name }] = await db.dataSource.query(`SELECT name FROM citizen WHERE municipality_id = $1 LIMIT 1`, [svb]);
    expect(name).toBe('Sofie Andersen');
  });

  it('a request runs in one transaction as the app role with the caller\'s municipality, and nothing of it outlives the transaction', async () => {
    const request = openRequestDb(db.dataSource, svb);
    const [who] = await request.manager.query(
      `SELECT current_user AS role, current_setting('samplan.municipality_id') AS municipality`,
    );
    expect(who).toEqual({ role: APP_ROLE, municipality: svb });
    const names: Array<{ name: string }> = await request.manager.query(`SELECT name FROM citizen ORDER BY name`);
    expect(names.map((r) => r.name)).toEqual(['Sofie Andersen']);
    // Both statements ran in the one transaction: its start is before the second statement's.
    const [{ inside }] = await request.manager.query(`SELECT now() < statement_timestamp() AS inside`);
    expect(inside).toBe(true);
    await request.commit();
    // Every pooled connection is back to the system role with no municipality.
    const after: Array<{ role: string; m: string | null }> = await Promise.all(
      [1, 2, 3, 4].map(() => db.dataSource.query(`SELECT current_user AS role, current_setting('samplan.municipality_id', true) AS m`).then((r) => r[0])),
    );
    for (const row of after) expect(row.role).not.toBe(APP_ROLE);
    for (const row of after) expect(row.m ?? '').toBe('');
  });

  it('a request that touches no data takes no connection', async () => {
    const request = openRequestDb(db.dataSource, svb);
    await request.commit();
    expect(request.used).toBe(false);
  });

  it('a module\'s transaction is a savepoint of the request\'s: a failed write is undone, what came before it commits', async () => {
    const request = openRequestDb(db.dataSource, fmk);
    const tag = `rls-savepoint-${Date.now()}`;
    await request.manager.query(`INSERT INTO audit_log (municipality_id, action, entity_type, outcome, detail) VALUES ($1, 'TEST', 'TEST', 'ALLOWED', $2)`, [fmk, `${tag}-kept`]);
    await expect(
      request.manager.transaction(async (m) => {
        await m.query(`INSERT INTO audit_log (municipality_id, action, entity_type, outcome, detail) VALUES ($1, 'TEST', 'TEST', 'ALLOWED', $2)`, [fmk, `${tag}-undone`]);
        // Another municipality's row: refused by row-level security.
        await m.query(`INSERT INTO citizen (municipality_id, name, birth_date) VALUES ($1, 'Indsmuglet', '1990-01-01')`, [svb]);
      }),
    ).rejects.toThrow(/row-level security/);
    await request.commit();
    const rows: Array<{ detail: string }> = await db.dataSource.query(`SELECT detail FROM audit_log WHERE detail LIKE $1 ORDER BY detail`, [`${tag}%`]);
    expect(rows.map((r) => r.detail)).toEqual([`${tag}-kept`]);
  });

  it('when a statement fails outside any savepoint, the commit says so and nothing of the request is kept', async () => {
    const request = openRequestDb(db.dataSource, fmk);
    const tag = `rls-failed-${Date.now()}`;
    await request.manager.query(`INSERT INTO audit_log (municipality_id, action, entity_type, outcome, detail) VALUES ($1, 'TEST', 'TEST', 'ALLOWED', $2)`, [fmk, tag]);
    await expect(request.manager.query(`SELECT 1 / 0`)).rejects.toThrow(/division by zero/);
    await expect(request.commit()).rejects.toBeInstanceOf(RequestRolledBack);
    expect(await db.dataSource.query(`SELECT 1 FROM audit_log WHERE detail = $1`, [tag])).toEqual([]);
  });

  it('statements queued together in a module\'s transaction go in one round trip; behind a failed one, each gets its own answer', async () => {
    const request = openRequestDb(db.dataSource, fmk);
    const tag = `rls-batch-${Date.now()}`;
    const insert = (m: { query(sql: string, params: unknown[]): Promise<unknown> }, detail: string) =>
      m.query(`INSERT INTO audit_log (municipality_id, action, entity_type, outcome, detail) VALUES ($1, 'TEST', 'TEST', 'ALLOWED', $2)`, [fmk, detail]);
    await insert(request.manager, `${tag}-begun`);
    const messages = jest.spyOn(Client.prototype, 'query');
    const outcomes = await request.manager
      .transaction(async (m) => {
        const answers = await Promise.allSettled([
          insert(m, `${tag}-first`),
          m.query(`INSERT INTO citizen (municipality_id, name, birth_date) VALUES ($1, 'Indsmuglet', '1990-01-01')`, [svb]),
          insert(m, `${tag}-behind`),
        ]);
        // The savepoint and the three statements: one message to PostgreSQL.
        expect(messages).toHaveBeenCalledTimes(1);
        messages.mockRestore();
        throw Object.assign(new Error('rolled back'), { answers });
      })
      .catch((err: { answers: PromiseSettledResult<unknown>[] }) => err.answers);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    // The refused row is refused by row-level security; the one behind it was not run, and says so.
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/row-level security/);
    expect(((outcomes[2] as PromiseRejectedResult).reason as { driverError?: { code?: string } }).driverError?.code).toBe('25P02');
    await insert(request.manager, `${tag}-after`);
    await request.commit();
    const rows: Array<{ detail: string }> = await db.dataSource.query(`SELECT detail FROM audit_log WHERE detail LIKE $1 ORDER BY detail`, [`${tag}%`]);
    expect(rows.map((r) => r.detail)).toEqual([`${tag}-after`, `${tag}-begun`]);
  });

  it('a request given back without commit is rolled back', async () => {
    const request = openRequestDb(db.dataSource, fmk);
    const tag = `rls-rolled-back-${Date.now()}`;
    await request.manager.query(`INSERT INTO audit_log (municipality_id, action, entity_type, outcome, detail) VALUES ($1, 'TEST', 'TEST', 'ALLOWED', $2)`, [fmk, tag]);
    await request.release();
    await expect(request.manager.query(`SELECT 1`)).rejects.toThrow(/released|ended/);
    expect(await db.dataSource.query(`SELECT 1 FROM audit_log WHERE detail = $1`, [tag])).toEqual([]);
  });
});
