import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createAppDataSource } from '../../app-modules';
import { adminUrl, createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { poolQueryable, queryOnPool } from './pool-query';
import { keepPrepared } from './statement-batch';

// Statements run off the request path (the live feed's reads) on the pool's connections:
// the same rows as DataSource.query, kept prepared when marked, and a connection that
// failed is never handed out again.
let db: TestDatabase;
let ds: DataSource;
beforeAll(async () => {
  db = await createTestDatabase();
  // One connection in the pool: every call below runs on the same session while it lives.
  ds = createAppDataSource(db.url, { poolSize: 1 });
  await ds.initialize();
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const KEPT = keepPrepared(`SELECT $1::bigint AS n, $2::jsonb AS j, $3::timestamptz AS at, 'kept' AS tag, pg_backend_pid() AS pid`);
const PARAMS = ['9007199254740993', JSON.stringify({ a: ["it's", null] }), new Date('2026-02-01T10:00:00.123Z')];
const preparedCount = async (sql: string) => Number((await ds.query(`SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1`, [sql]))[0].n);

describe('queryOnPool', () => {
  it('answers with the rows DataSource.query gives', async () => {
    const [plain] = await ds.query(KEPT, PARAMS);
    const [kept] = await queryOnPool(ds, KEPT, PARAMS, { prepare: true });
    expect(kept).toEqual(plain);
    expect(kept.n).toBe('9007199254740993');
    expect(kept.at).toEqual(new Date('2026-02-01T10:00:00.123Z'));
  });

  it('prepares a marked statement once on its connection, and an unmarked one never', async () => {
    const unmarked = `SELECT $1::int + 1 AS n`;
    for (let i = 0; i < 3; i++) {
      await queryOnPool(ds, KEPT, PARAMS, { prepare: true });
      expect((await queryOnPool(ds, unmarked, [i], { prepare: true }))[0].n).toBe(i + 1);
    }
    expect(await preparedCount(KEPT)).toBe(1);
    expect(await preparedCount(unmarked)).toBe(0);
  });

  it('sends as text, preparing nothing, when the server does not keep statements', async () => {
    const other = keepPrepared(`SELECT $1::text AS t, 'not kept' AS tag`);
    expect(await poolQueryable(ds, { prepare: false }).query(other, ['x'])).toEqual([{ t: 'x', tag: 'not kept' }]);
    expect(await preparedCount(other)).toBe(0);
  });

  it('rejects with what PostgreSQL answered, and the connection serves the next call', async () => {
    const divide = keepPrepared(`SELECT 1 / $1::int AS q, pg_backend_pid() AS pid`);
    const [before] = await queryOnPool(ds, divide, [1], { prepare: true });
    await expect(queryOnPool(ds, divide, [0], { prepare: true })).rejects.toMatchObject({ code: '22012' });
    const [after] = await queryOnPool(ds, divide, [1], { prepare: true });
    expect(after).toEqual({ q: 1, pid: before.pid });
  });

  it('drops a connection that was lost during the statement; the next call gets a new one', async () => {
    const slow = keepPrepared(`SELECT pg_sleep($1::float8) AS slept, pg_backend_pid() AS pid`);
    const [{ pid }] = await queryOnPool(ds, slow, [0], { prepare: true });
    const running = queryOnPool(ds, slow, [30], { prepare: true });
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      // Terminated once PostgreSQL shows it running the sleep.
      for (let i = 0; i < 200; i++) {
        const [{ active }] = (await admin.query(`SELECT count(*)::int AS active FROM pg_stat_activity WHERE pid = $1 AND query = $2`, [pid, slow])).rows;
        if (active) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
    } finally {
      await admin.end();
    }
    // PostgreSQL's FATAL answer comes before the socket closes: the connection must leave the
    // pool at once, not wait to be found dead by the next caller.
    await expect(running).rejects.toMatchObject({ code: '57P01' });
    const pool = (ds.driver as unknown as { master: { totalCount: number } }).master;
    expect(pool.totalCount).toBe(0);
    const [next] = await queryOnPool(ds, slow, [0], { prepare: true });
    expect(next.pid).not.toBe(pid);
  });
});
