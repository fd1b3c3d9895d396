import { Client } from 'pg';
import { adminUrl } from '../../test-support/test-db';
import { inlineStatement } from './statement-batch';

// A statement sent with its values written in must answer exactly as the same statement
// sent with parameters: the request's transaction sends several at once that way.
let pg: Client;
beforeAll(async () => {
  pg = new Client({ connectionString: adminUrl() });
  await pg.connect();
});
afterAll(() => pg.end());

const CASES: Array<[string, unknown[]]> = [
  [`SELECT $1::text AS a, $2::int AS b, $3::boolean AS c`, [`O'Brien \\ "x" -- not a comment ; ${'$'}1 æøå`, 42, true]],
  [`SELECT $1::text AS a WHERE $1 IS NOT NULL`, [null]],
  [`SELECT x FROM unnest($1::uuid[]) x ORDER BY x`, [['7d8e4f2a-1b3c-4d5e-8f90-123456789abc', '00000000-0000-4000-8000-000000000000']]],
  [`SELECT '00000000-0000-4000-8000-000000000000'::uuid = ANY($1) AS hit`, [['00000000-0000-4000-8000-000000000000']]],
  [`SELECT $1::jsonb -> 'k' AS k, '$1 stays' AS literal, $$ $2 stays too $$ AS dollar /* $1 in a comment */`, [{ k: ["it's", 1, null] }]],
  [`SELECT E'a\\'b' AS e, $1::timestamptz AS at -- trailing $2 comment\n`, [new Date('2026-05-01T10:00:00.123Z')]],
  [`SELECT g FROM generate_series(1, 10) g ORDER BY g LIMIT $1 OFFSET $2`, [3, 2]],
  [`SELECT $1::numeric * 2 AS n, $2::date AS d;`, [1.5, '2026-02-01']],
];

describe('a statement with its values written in', () => {
  it.each(CASES)('answers as with parameters: %s', async (sql, params) => {
    const text = inlineStatement(sql, params);
    expect(text).not.toBeNull();
    // Sent without parameters: a placeholder left in the text would be refused.
    const [withParams, inlined] = [await pg.query(sql, params), await pg.query(text!)];
    expect(inlined.rows).toEqual(withParams.rows);
  });

  it('refuses what it cannot write in safely', () => {
    expect(inlineStatement(`SELECT 1; SELECT 2`)).toBeNull();
    expect(inlineStatement(`SELECT $2`, [1])).toBeNull();
    expect(inlineStatement(`SELECT $1`, [Buffer.from('x')])).toBeNull();
    expect(inlineStatement(`SELECT 'unterminated`)).toBeNull();
    expect(inlineStatement(`SELECT $1`, ['a\u0000b'])).toBeNull();
  });
});
