import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { nameHasEveryWord } from './like';

// The name search against PostgreSQL itself, on a column of the C collation: the collation of
// a database made with a C locale, where lower() leaves Æ, Ø and Å as they are.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
});
afterAll(() => db.drop());

async function found(search: string): Promise<string[]> {
  const params: unknown[] = [];
  const where = nameHasEveryWord('n.name', search, (v) => `$${params.push(v)}`);
  const rows: Array<{ name: string }> = await db.dataSource.query(
    `SELECT n.name FROM (VALUES ('ØSTERGAARD ÆBLEGÅRD' COLLATE "C"), ('Åse Ørum' COLLATE "C"), ('Per Hansen' COLLATE "C")) n(name) WHERE ${where} ORDER BY n.name`,
    params,
  );
  return rows.map((r) => r.name);
}

describe('nameHasEveryWord', () => {
  it('finds names in capitals with Æ, Ø and Å by any case of the search, also under a C locale', async () => {
    expect(await found('østergaard')).toEqual(['ØSTERGAARD ÆBLEGÅRD']);
    expect(await found('Æblegård Øster')).toEqual(['ØSTERGAARD ÆBLEGÅRD']);
    expect(await found('åSE ør')).toEqual(['Åse Ørum']);
    expect(await found('hansen')).toEqual(['Per Hansen']);
  });

  it('takes % and _ as the letters typed', async () => {
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
  });

  it('the citizens\' name index is made on the very expression the search uses, so it serves it', async () => {
    const [index] = await db.dataSource.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'citizen_name_search_idx'`);
    expect(index.indexdef).toContain('lower((name COLLATE "da-DK-x-icu"))');
  });
});
