import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { openRequestDb, RequestAbandoned } from './request-db';
import { keepPrepared } from './statement-batch';

// A request's write that nobody waits for (the access log's row of a read) goes with the
// request's COMMIT: no round trip of its own, and never lost without the request failing.
let db: TestDatabase;
let municipality: string;
const messages: string[] = [];
const original = Client.prototype.query as (...args: unknown[]) => unknown;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
  [{ id: municipality }] = await db.dataSource.query(`INSERT INTO municipality (code, name) VALUES ('9999', 'Prøvekommune') RETURNING id`);
  // A table of no tenant (no row-level security), granted to the app role like every table.
  await db.dataSource.query(`CREATE TABLE request_probe (n int NOT NULL CHECK (n > 0))`);
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; statements?: Array<{ sql: string }> };
    messages.push(typeof first === 'string' ? first : (first?.text ?? first?.statements?.map((s) => s.sql).join('; ') ?? '?'));
    return original.apply(this, args);
  } as typeof Client.prototype.query;
});
afterAll(async () => {
  Client.prototype.query = original as typeof Client.prototype.query;
  await db.drop();
});
beforeEach(async () => {
  await db.dataSource.query(`TRUNCATE request_probe`);
  messages.length = 0;
});

const probes = async () => ((await db.dataSource.query(`SELECT n FROM request_probe ORDER BY n`)) as Array<{ n: number }>).map((r) => r.n);
const insert = (n: number) => ({ sql: `INSERT INTO request_probe (n) VALUES ($1)`, params: [n] });

it('goes to PostgreSQL with the COMMIT, in the same round trip, and is kept', async () => {
  const rdb = openRequestDb(db.dataSource, municipality);
  await rdb.manager.query(`SELECT 1`);
  rdb.writeWithCommit(insert(1));
  messages.length = 0;
  await rdb.commit();
  expect(messages).toEqual([`${insert(1).sql}; COMMIT`]);
  expect(await probes()).toEqual([1]);
});

it('goes with the next statement when one comes before the COMMIT', async () => {
  const rdb = openRequestDb(db.dataSource, municipality);
  await rdb.manager.query(`SELECT 1`);
  rdb.writeWithCommit(insert(2));
  messages.length = 0;
  await rdb.manager.query(`SELECT count(*) FROM request_probe`);
  expect(messages).toEqual([`${insert(2).sql}; SELECT count(*) FROM request_probe`]);
  await rdb.commit();
  expect(await probes()).toEqual([2]);
});

it('is written even when the request ran no statement of its own', async () => {
  const rdb = openRequestDb(db.dataSource, municipality);
  rdb.writeWithCommit(insert(3));
  await rdb.commit();
  expect(await probes()).toEqual([3]);
});

it('when it fails, COMMIT throws and nothing of the request is kept', async () => {
  const rdb = openRequestDb(db.dataSource, municipality);
  await rdb.manager.query(`INSERT INTO request_probe (n) VALUES (4)`);
  rdb.writeWithCommit(insert(-1));
  await expect(rdb.commit()).rejects.toThrow(/request_probe_n_check/);
  await rdb.release();
  expect(await probes()).toEqual([]);
});

it('a rolled-back request drops it with everything else', async () => {
  const rdb = openRequestDb(db.dataSource, municipality);
  await rdb.manager.query(`INSERT INTO request_probe (n) VALUES (5)`);
  rdb.writeWithCommit(insert(6));
  await rdb.release();
  expect(await probes()).toEqual([]);
  expect(() => rdb.writeWithCommit(insert(7))).toThrow(/ended/);
});

describe('sendCommit: the COMMIT written, its outcome still to come', () => {
  beforeAll(async () => {
    // Checked at COMMIT: 100 makes PostgreSQL take its time, 101 makes the COMMIT fail.
    await db.dataSource.query(`
      CREATE FUNCTION request_probe_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.n = 100 THEN PERFORM pg_sleep(0.2); END IF;
        IF NEW.n = 101 THEN RAISE EXCEPTION 'refused at commit'; END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER request_probe_at_commit AFTER INSERT ON request_probe
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION request_probe_at_commit();`);
  });

  it('resolves once the COMMIT is sent, before PostgreSQL has answered it; commit() then gives the outcome', async () => {
    const rdb = openRequestDb(db.dataSource, municipality);
    await rdb.manager.query(`INSERT INTO request_probe (n) VALUES (100)`);
    messages.length = 0;
    const order: string[] = [];
    const sent = rdb.sendCommit().then(() => order.push('sent'));
    const committed = rdb.commit().then(() => order.push('committed'));
    await sent;
    expect(messages).toEqual(['COMMIT']);
    expect(order).toEqual(['sent']);
    await committed;
    expect(order).toEqual(['sent', 'committed']);
    expect(await probes()).toEqual([100]);
  });

  it('resolves when the COMMIT fails too: commit() throws, and nothing is kept', async () => {
    const rdb = openRequestDb(db.dataSource, municipality);
    await rdb.manager.query(`INSERT INTO request_probe (n) VALUES (101)`);
    await expect(rdb.sendCommit()).resolves.toBeUndefined();
    await expect(rdb.commit()).rejects.toThrow(/refused at commit/);
    expect(await probes()).toEqual([]);
  });

  it('whenEnded resolves once the transaction has ended, never rejecting: after a COMMIT that failed as after one that succeeded', async () => {
    for (const n of [101, 7]) {
      const rdb = openRequestDb(db.dataSource, municipality);
      let ended = false;
      const whenEnded = rdb.whenEnded().then(() => (ended = true));
      await rdb.manager.query(`INSERT INTO request_probe (n) VALUES (${n})`);
      await new Promise((resolve) => setImmediate(resolve));
      expect(ended).toBe(false);
      const outcome = await rdb.commit().then(() => 'committed', () => 'failed');
      await whenEnded;
      expect(outcome).toBe(n === 101 ? 'failed' : 'committed');
      expect(await probes()).toEqual(n === 101 ? [] : [7]);
    }
  });

  it('resolves at once for a request that never took a connection', async () => {
    const rdb = openRequestDb(db.dataSource, municipality);
    await rdb.sendCommit();
    await rdb.commit();
    expect(messages).toEqual([]);
  });

  afterAll(async () => {
    await db.dataSource.query(`DROP TRIGGER request_probe_at_commit ON request_probe; DROP FUNCTION request_probe_at_commit()`);
  });
});

describe('with statements kept prepared', () => {
  // Which plan mode a statement ran in, read by the statement itself.
  const KEPT = keepPrepared(`SELECT current_setting('plan_cache_mode') AS mode, $1::int AS n`);
  const UNMARKED = `SELECT current_setting('plan_cache_mode') AS mode, $1::int AS n, 'unmarked' AS tag`;
  type Db = ReturnType<typeof openRequestDb>;
  const modeOf = async (rdb: Db, sql: string, n: number): Promise<string> => ((await rdb.manager.query(sql, [n])) as Array<{ mode: string }>)[0].mode;

  it('runs a kept statement with its generic plan and any other statement with values planned for them, in a batch and one by one', async () => {
    const rdb = openRequestDb(db.dataSource, municipality, { prepare: true });
    expect(await Promise.all([modeOf(rdb, KEPT, 1), modeOf(rdb, UNMARKED, 2), modeOf(rdb, KEPT, 3)])).toEqual(['force_generic_plan', 'auto', 'force_generic_plan']);
    expect(await modeOf(rdb, UNMARKED, 4)).toBe('auto');
    expect(await modeOf(rdb, KEPT, 5)).toBe('force_generic_plan');
    await rdb.commit();
  });

  it('plans a loader\'s `= ANY($1)` statement once per connection instead of on every run', async () => {
    const byKeys = keepPrepared(`SELECT n FROM request_probe WHERE n = ANY($1::int[]) ORDER BY n`);
    const plans = keepPrepared(`SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE statement = $1`);
    for (let i = 0; i < 7; i++) {
      const rdb = openRequestDb(db.dataSource, municipality, { prepare: true });
      await rdb.manager.query(byKeys, [[i + 1]]);
      const [{ generic, custom }] = (await rdb.manager.query(plans, [byKeys])) as Array<{ generic: number; custom: number }>;
      // Left to itself, PostgreSQL would plan this one for its values on every run (custom_plans).
      expect(custom).toBe(0);
      expect(generic).toBeGreaterThanOrEqual(1);
      await rdb.commit();
    }
  });

  it('runs kept statements generic again after a module\'s transaction rolled back to its savepoint', async () => {
    const rdb = openRequestDb(db.dataSource, municipality, { prepare: true });
    expect(await modeOf(rdb, KEPT, 1)).toBe('force_generic_plan');
    await expect(rdb.manager.transaction((m) => m.query(`SELECT $1::int / 0 AS q`, [1]))).rejects.toThrow(/division by zero/);
    expect(await modeOf(rdb, KEPT, 2)).toBe('force_generic_plan');
    expect(await modeOf(rdb, UNMARKED, 3)).toBe('auto');
    await rdb.commit();
  });

  it('names the statement that failed in a batch: those before it answer, those after it were not run', async () => {
    const rdb = openRequestDb(db.dataSource, municipality, { prepare: true });
    await rdb.manager.query(KEPT, [0]);
    const [before, failed, after] = await Promise.allSettled([modeOf(rdb, KEPT, 1), rdb.manager.query(`SELECT 1 / $1::int AS q`, [0]), modeOf(rdb, KEPT, 2)]);
    expect(before).toEqual({ status: 'fulfilled', value: 'force_generic_plan' });
    expect(failed).toMatchObject({ status: 'rejected', reason: { driverError: { code: '22012' } } });
    expect(after).toMatchObject({ status: 'rejected', reason: { driverError: { code: '25P02' } } });
    await rdb.release();
  });

  it('leaves the plan mode alone when statements are not kept prepared', async () => {
    const rdb = openRequestDb(db.dataSource, municipality);
    expect(await Promise.all([modeOf(rdb, KEPT, 1), modeOf(rdb, UNMARKED, 2)])).toEqual(['auto', 'auto']);
    await rdb.commit();
  });
});

describe('a first batch that never reached PostgreSQL', () => {
  // BEGIN and the role and municipality go with the request's first statements. If that
  // message fails before it is written (a parameter that cannot be sent), they were never
  // sent: what follows must not run outside the transaction, as the login role, with no
  // municipality set (fail closed).
  it('fails every later statement instead of running it without the transaction', async () => {
    const rdb = openRequestDb(db.dataSource, municipality);
    const unsendable = { n: 1n };
    await expect(rdb.manager.query(`SELECT $1::jsonb AS j`, [unsendable])).rejects.toThrow(/BigInt/);
    await expect(rdb.manager.query(`SELECT current_user AS who, current_setting('samplan.municipality_id', true) AS m`)).rejects.toThrow();
    await rdb.release();
  });
});

// The caller went away before its answer (core/http/app.ts): the change and the row that goes
// with its COMMIT (an audit row) end together, both dropped or, when the COMMIT was already
// sent, both kept; never one without the other.
describe('abandon: the caller went away before the answer', () => {
  /** A request that made a change (n) and has a row to go with its COMMIT (n + 1). */
  const changedWithRow = async (n: number) => {
    const rdb = openRequestDb(db.dataSource, municipality);
    await rdb.manager.query(`INSERT INTO request_probe (n) VALUES ($1)`, [n]);
    rdb.writeWithCommit(insert(n + 1));
    return rdb;
  };

  it('before the COMMIT: drops the change and its row, and what the request asks afterwards fails as abandoned, not as a fault', async () => {
    const rdb = await changedWithRow(8);
    const gone = rdb.abandon();
    // Asked while the rollback is under way, as a resolver still running would.
    const asked = rdb.manager.query(`SELECT 1`);
    await gone;
    expect(rdb.abandoned).toBe(true);
    expect(await probes()).toEqual([]);
    await expect(asked).rejects.toBeInstanceOf(RequestAbandoned);
    expect(() => rdb.writeWithCommit(insert(10))).toThrow(RequestAbandoned);
    await expect(rdb.commit()).rejects.toBeInstanceOf(RequestAbandoned);
    expect(await probes()).toEqual([]);
  });

  it('after the COMMIT was sent: the COMMIT ends it, and the change and its row are both kept', async () => {
    const rdb = await changedWithRow(11);
    await rdb.sendCommit();
    await rdb.abandon();
    expect(rdb.abandoned).toBe(false);
    await expect(rdb.commit()).resolves.toBeUndefined();
    expect(await probes()).toEqual([11, 12]);
  });
});
