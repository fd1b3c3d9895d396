import { Client } from 'pg';
import { adminUrl } from '../../test-support/test-db';
import { keepPrepared, sendStatements, StatementBatchFailed, type Statement } from './statement-batch';

// The request's transaction sends the statements of a DataLoader round in one round trip.
// Each must answer exactly as the same statement sent on its own with its parameters, and no
// value may ever be read as SQL, whatever it holds.
let pg: Client;
beforeAll(async () => {
  pg = new Client({ connectionString: adminUrl() });
  await pg.connect();
});
afterAll(() => pg.end());

const HOSTILE_TEXTS = [
  `O'Brien`,
  `'); DROP TABLE batch_probe; --`,
  `\\'; SELECT 1; --`,
  `back\\slash \\\\ and \\x27`,
  `$1 $$ $tag$ /* -- */ ;`,
  `"quoted" ''doubled''`,
  `æøå ÆØÅ – “curly” 🙂`,
  `E'\\047'`,
];

const CASES: Array<[string, Statement]> = [
  ['texts, numbers and booleans', { sql: `SELECT $1::text AS a, $2::int AS b, $3::boolean AS c, $4::numeric AS d`, params: [HOSTILE_TEXTS.join(' | '), 42, true, 1.5] }],
  ['a null', { sql: `SELECT $1::text AS a WHERE $1 IS NULL`, params: [null] }],
  ['an array of uuids', { sql: `SELECT x FROM unnest($1::uuid[]) x ORDER BY x`, params: [['7d8e4f2a-1b3c-4d5e-8f90-123456789abc', '00000000-0000-4000-8000-000000000000']] }],
  ['an array of hostile texts', { sql: `SELECT x FROM unnest($1::text[]) WITH ORDINALITY AS t(x, n) ORDER BY n`, params: [HOSTILE_TEXTS] }],
  ['an untyped array against a column type', { sql: `SELECT '00000000-0000-4000-8000-000000000000'::uuid = ANY($1) AS hit`, params: [['00000000-0000-4000-8000-000000000000']] }],
  ['JSON with quotes and backslashes', { sql: `SELECT $1::jsonb AS j, '$1 stays' AS literal, $$ $2 stays too $$ AS dollar /* $1 in a comment */`, params: [{ k: ["it's", '\\', null, { '"': HOSTILE_TEXTS }] }] }],
  ['a date with milliseconds', { sql: `SELECT $1::timestamptz AS at, $2::date AS d`, params: [new Date('2026-05-01T10:00:00.123Z'), '2026-02-01'] }],
  ['bytes', { sql: `SELECT $1::bytea AS b, length($1::bytea) AS n`, params: [Buffer.from([0, 39, 92, 255])] }],
  ['limit and offset', { sql: `SELECT g FROM generate_series(1, 10) g ORDER BY g LIMIT $1 OFFSET $2;`, params: [3, 2] }],
  ['no parameters', { sql: `SELECT 'a''b' AS s, E'c\\'d' AS e` }],
  ['column names that are not identifiers', { sql: `SELECT 1 AS "a""b", 2 AS "back\\slash", 3 AS "line
break", 4 AS "}; process.exit(1); ({", 5 AS "æ ø"` }],
  ['two columns of one name: the later wins', { sql: `SELECT 1 AS x, 2 AS x, NULL::int AS y` }],
  ['a column named __proto__', { sql: `SELECT 'own' AS "__proto__", 1 AS n` }],
];

describe('statements sent together, each with its parameters', () => {
  it.each(CASES)('answer as one by one: %s', async (_label, statement) => {
    const alone = await pg.query(statement.sql, statement.params as unknown[]);
    const [together] = await sendStatements(pg, [statement]);
    expect(together.rows).toEqual(alone.rows);
    expect(together.command).toBe('SELECT');
  });

  it('all of them in one round trip, in order, hostile values kept as values', async () => {
    const [begin, ...answers] = await sendStatements(pg, [{ sql: 'BEGIN' }, ...CASES.map(([, s]) => s), { sql: 'COMMIT' }]);
    expect(begin.command).toBe('BEGIN');
    const alone = await Promise.all(CASES.map(([, s]) => pg.query(s.sql, s.params as unknown[])));
    expect(answers.slice(0, CASES.length).map((a) => a.rows)).toEqual(alone.map((a) => a.rows));
    expect(answers[CASES.length].command).toBe('COMMIT');
    const [texts] = await sendStatements(pg, [{ sql: `SELECT $1::text AS t`, params: [HOSTILE_TEXTS[1]] }]);
    expect(texts.rows).toEqual([{ t: `'); DROP TABLE batch_probe; --` }]);
  });

  it('a column named __proto__ is an own property of the row, and the row stays a plain object', async () => {
    const [answer] = await sendStatements(pg, [{ sql: `SELECT '{"polluted": true}'::jsonb AS "__proto__", 1 AS n` }]);
    const row = answer.rows[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row)).toEqual(['__proto__', 'n']);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toEqual({ polluted: true });
    expect((row as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('a write reports its command and row count', async () => {
    await pg.query(`CREATE TEMP TABLE batch_probe (id int PRIMARY KEY, note text)`);
    const [inserted, updated, read] = await sendStatements(pg, [
      { sql: `INSERT INTO batch_probe (id, note) VALUES ($1, $2), ($3, $4)`, params: [1, HOSTILE_TEXTS[1], 2, HOSTILE_TEXTS[2]] },
      { sql: `UPDATE batch_probe SET note = note || $1 WHERE id >= $2`, params: [`'`, 1] },
      { sql: `SELECT id, note FROM batch_probe ORDER BY id` },
    ]);
    expect([inserted.command, inserted.rowCount, updated.command, updated.rowCount]).toEqual(['INSERT', 2, 'UPDATE', 2]);
    expect(read.rows).toEqual([{ id: 1, note: `${HOSTILE_TEXTS[1]}'` }, { id: 2, note: `${HOSTILE_TEXTS[2]}'` }]);
    await pg.query(`DROP TABLE batch_probe`);
  });

  it('a failed statement is named; those before it ran, those after it did not, and the connection goes on', async () => {
    await pg.query(`CREATE TEMP TABLE batch_after (id int)`);
    const failure = await sendStatements(pg, [
      { sql: `SELECT 1 AS one` },
      { sql: `SELECT $1::int AS n`, params: ['not a number'] },
      { sql: `INSERT INTO batch_after VALUES (1)` },
    ]).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(StatementBatchFailed);
    const { index, error, done } = failure as StatementBatchFailed;
    expect(index).toBe(1);
    expect((error as Error & { code?: string }).code).toBe('22P02'); // invalid_text_representation
    expect(done.map((d) => d.rows)).toEqual([[{ one: 1 }]]);
    expect((await pg.query(`SELECT count(*)::int AS n FROM batch_after`)).rows).toEqual([{ n: 0 }]);
    await pg.query(`DROP TABLE batch_after`);
  });

  it('a NUL in a text is refused by PostgreSQL as a parameter is, never cut short', async () => {
    const failure = await sendStatements(pg, [{ sql: `SELECT $1::text AS t`, params: ['a\u0000b'] }]).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(StatementBatchFailed);
    expect((await sendStatements(pg, [{ sql: `SELECT 1 AS ok` }]))[0].rows).toEqual([{ ok: 1 }]);
  });

  it('a value that cannot be converted fails the batch before anything is sent', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(sendStatements(pg, [{ sql: `SELECT 1` }, { sql: `SELECT $1::jsonb`, params: [circular] }])).rejects.toBeInstanceOf(StatementBatchFailed);
    expect((await sendStatements(pg, [{ sql: `SELECT 2 AS ok` }]))[0].rows).toEqual([{ ok: 2 }]);
  });
});

describe('statements kept prepared on the connection', () => {
  // A connection of its own: what it has prepared is its session's.
  let own: Client;
  beforeAll(async () => {
    own = new Client({ connectionString: adminUrl() });
    await own.connect();
  });
  afterAll(() => own.end());
  const prepare = { prepare: true };
  const kept = async () => (await own.query(`SELECT statement FROM pg_prepared_statements ORDER BY prepare_time`)).rows.map((r: { statement: string }) => r.statement);

  it('a text not marked with keepPrepared is sent as text, planned for its values each time', async () => {
    const before = await kept();
    const unmarked = { sql: `SELECT $1::int * 2 AS twice` };
    expect((await sendStatements(own, [{ ...unmarked, params: [21] }], prepare))[0].rows).toEqual([{ twice: 42 }]);
    expect((await sendStatements(own, [{ ...unmarked, params: [4] }], prepare))[0].rows).toEqual([{ twice: 8 }]);
    expect(await kept()).toEqual(before);
  });

  it('answer as unprepared ones, each marked text prepared once per connection and then only bound', async () => {
    for (const [, statement] of CASES) keepPrepared(statement.sql);
    const before = await kept();
    for (const [, statement] of CASES) {
      const alone = await own.query(statement.sql, statement.params as unknown[]);
      const [first] = await sendStatements(own, [statement], prepare);
      const [again] = await sendStatements(own, [statement], prepare);
      expect(first.rows).toEqual(alone.rows);
      expect(again.rows).toEqual(alone.rows);
    }
    expect(await kept()).toEqual([...before, ...CASES.map(([, s]) => s.sql)]);
  });

  it('one text twice in a batch is prepared once; a statement PostgreSQL refused is prepared again under a new name', async () => {
    const before = (await kept()).length;
    const twice = { sql: keepPrepared(`SELECT $1::int + 1 AS n`) };
    const answers = await sendStatements(own, [{ ...twice, params: [1] }, { ...twice, params: [2] }], prepare);
    expect(answers.map((a) => a.rows)).toEqual([[{ n: 2 }], [{ n: 3 }]]);
    expect((await kept()).length).toBe(before + 1);
    const refused = { sql: keepPrepared(`SELECT $1::int AS bad`) };
    await expect(sendStatements(own, [{ ...refused, params: ['x'] }], prepare)).rejects.toBeInstanceOf(StatementBatchFailed);
    expect((await sendStatements(own, [{ ...refused, params: [7] }], prepare))[0].rows).toEqual([{ bad: 7 }]);
    expect((await sendStatements(own, [{ ...refused, params: [8] }], prepare))[0].rows).toEqual([{ bad: 8 }]);
  });

  it('a table that changed its columns fails one batch, and the next prepares again and reads the new columns', async () => {
    await own.query(`CREATE TEMP TABLE prepared_probe (a int); INSERT INTO prepared_probe VALUES (1)`);
    const read = { sql: keepPrepared(`SELECT * FROM prepared_probe`) };
    expect((await sendStatements(own, [read], prepare))[0].rows).toEqual([{ a: 1 }]);
    await own.query(`ALTER TABLE prepared_probe ADD COLUMN b int DEFAULT 2`);
    const failed = await sendStatements(own, [read], prepare).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(StatementBatchFailed);
    expect((await sendStatements(own, [read], prepare))[0].rows).toEqual([{ a: 1, b: 2 }]);
  });

  it('a session that lost them (DEALLOCATE, or another session behind a pooler) fails one batch, and the next prepares again', async () => {
    const read = { sql: keepPrepared(`SELECT 41 + 1 AS answer`) };
    await sendStatements(own, [read], prepare);
    await own.query('DEALLOCATE ALL');
    const failed = await sendStatements(own, [read], prepare).catch((err: unknown) => err);
    expect(((failed as StatementBatchFailed).error as Error & { code?: string }).code).toBe('26000');
    expect((await sendStatements(own, [read], prepare))[0].rows).toEqual([{ answer: 42 }]);
  });
});
