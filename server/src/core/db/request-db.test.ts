import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { openRequestDb } from './request-db';

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
