import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase } from '../rules/rules-fixtures';

let now = new Date();
const clock = { now: () => now };
let t: TestServer;
let anna: string;
beforeAll(async () => { t = await startTestServer({ clock }); anna = await t.login('anna'); now = new Date('2025-06-01T12:00:00+02:00'); });
afterAll(() => t.stop());

const version = async (id: string) => (await t.db.dataSource.query(`SELECT version FROM programme WHERE id = $1`, [id]))[0].version as number;

it('removing a barsel period: the note typed when it was registered survives somewhere', async () => {
  const c = await insertCase(t.db.dataSource, { start: '2025-01-15', end: '2028-01-14' });
  const NOTE = 'REVIEWNOTE Barsel efter fødsel 12. juni; forventet tilbage 1. august';
  const added = await t.gql<any>(`mutation($input: AddProgrammeSuspensionInput!) { addProgrammeSuspension(input: $input) { endDate suspensions { id note } } }`,
    { input: { programmeId: c.programmeId, reason: 'BARSEL', fromDate: '2025-07-01', toDate: '2025-07-30', note: NOTE, expectedVersion: await version(c.programmeId) } }, anna);
  expect(added.errors).toBeUndefined();
  expect(added.data.addProgrammeSuspension.suspensions[0].note).toBe(NOTE);
  const suspensionId = added.data.addProgrammeSuspension.suspensions[0].id;
  const hist1 = await t.gql<any>(`query($p: ID!) { planHistory(planId: $p, first: 100) { items { summary } } }`, { p: c.planId }, anna);
  console.log('history after add', JSON.stringify(hist1.data ?? hist1.errors));
  const tables0: Array<{ t: string }> = await t.db.dataSource.query(`SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const hits0: string[] = [];
  for (const { t: tbl } of tables0) {
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM ${tbl} x WHERE x::text LIKE '%REVIEWNOTE%'`);
    if (n) hits0.push(`${tbl}:${n}`);
  }
  console.log('tables holding the note BEFORE removal:', hits0, (await t.db.dataSource.query('select current_user, usesuper from pg_user where usename = current_user')));
  const removed = await t.gql<any>(`mutation($input: RemoveProgrammeSuspensionInput!) { removeProgrammeSuspension(input: $input) { endDate suspensions { id } } }`,
    { input: { suspensionId, expectedVersion: await version(c.programmeId) } }, anna);
  expect(removed.errors).toBeUndefined();
  // Search every table of the database for the note's text.
  const tables: Array<{ t: string }> = await t.db.dataSource.query(`SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const hits: string[] = [];
  for (const { t: tbl } of tables) {
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM ${tbl} x WHERE x::text LIKE '%REVIEWNOTE%'`);
    if (n) hits.push(`${tbl}:${n}`);
  }
  console.log('tables holding the note after removal:', hits);
  const hist = await t.gql<any>(`query($p: ID!) { planHistory(planId: $p, first: 100) { items { summary } } }`, { p: c.planId }, anna);
  console.log('history', JSON.stringify(hist.data ?? hist.errors));
  expect(hits).not.toEqual([]);
});
