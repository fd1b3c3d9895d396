import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../core/db/data-source';
import { migrations } from '../../core/db/migrations';
import { Staff1700000000017 } from '../../core/db/migrations/1700000000017-staff';
import { createEmptyDatabase } from '../../test-support/test-db';

/**
 * Migration 1700000000017 on a database as it was before: coordinators become caseworkers,
 * existing users sign in with their username as subject and count as activated, and the
 * rights trigger now watches the subject.
 */
jest.setTimeout(60_000);

let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
let ds: DataSource;
const staff = new Staff1700000000017();

beforeAll(async () => {
  db = await createEmptyDatabase();
  ds = createDataSource(db.url, { entities: [], poolSize: 2 });
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    for (const M of migrations) {
      if (M === Staff1700000000017) break;
      await new M().up(runner);
    }
    const [{ id: m }] = await runner.query(`INSERT INTO municipality (code, name) VALUES ('0480', 'Før Kommune') RETURNING id`);
    const [{ id: unit }] = await runner.query(`INSERT INTO unit (municipality_id, kind, name) VALUES ($1, 'EMPLOYMENT', 'Jobcenter') RETURNING id`, [m]);
    await runner.query(
      `INSERT INTO app_user (municipality_id, username, name, role, unit_id) VALUES
        ($1, 'kim', 'Kim Koordinator', 'COORDINATOR', $2), ($1, 'sam', 'Sam Sagsbehandler', 'CASEWORKER', $2), ($1, 'lis', 'Lis Leder', 'LEADER', NULL)`,
      [m, unit],
    );
    await staff.up(runner);
  } finally {
    await runner.release();
  }
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

it('makes coordinators caseworkers, and existing users active with their username as subject', async () => {
  const users = await ds.query(`SELECT username, role, subject, email, activated_at IS NOT NULL AS active FROM app_user ORDER BY username`);
  expect(users).toEqual([
    { username: 'kim', role: 'CASEWORKER', subject: 'kim', email: null, active: true },
    { username: 'lis', role: 'LEADER', subject: 'lis', email: null, active: true },
    { username: 'sam', role: 'CASEWORKER', subject: 'sam', email: null, active: true },
  ]);
});

it('takes administrators and refuses the former coordinator role and upper-case e-mail', async () => {
  const [{ id: m }] = await ds.query(`SELECT municipality_id AS id FROM app_user WHERE username = 'kim'`);
  await ds.query(`INSERT INTO app_user (municipality_id, username, name, role, email) VALUES ($1, 'ada@foer.dk', 'Ada Admin', 'ADMINISTRATOR', 'ada@foer.dk')`, [m]);
  await expect(ds.query(`INSERT INTO app_user (municipality_id, username, name, role) VALUES ($1, 'ko', 'Ko', 'COORDINATOR')`, [m])).rejects.toThrow(/app_user_role_check/);
  await expect(ds.query(`INSERT INTO app_user (municipality_id, username, name, role, email) VALUES ($1, 'up', 'Up', 'MENTOR', 'Up@foer.dk')`, [m])).rejects.toThrow(/check/);
  await expect(ds.query(`INSERT INTO app_user (municipality_id, username, name, role, email) VALUES ($1, 'ada2', 'Ada To', 'MENTOR', 'ada@foer.dk')`, [m])).rejects.toThrow(/app_user_municipality_email_key/);
});

it('notifies a change of subject on the rights channel, and a change of name not at all', async () => {
  const listener = new Client({ connectionString: db.url });
  await listener.connect();
  try {
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    await listener.query('LISTEN samplan_user_rights');
    const [{ id }] = await ds.query(`SELECT id FROM app_user WHERE username = 'sam'`);
    await ds.query(`UPDATE app_user SET name = 'Sam S.' WHERE id = $1`, [id]);
    await ds.query(`UPDATE app_user SET subject = 'idp|sam' WHERE id = $1`, [id]);
    // Notices come in commit order: once the subject's is heard, the name's would have been heard before it.
    const until = Date.now() + 5000;
    while (heard.length === 0 && Date.now() < until) await listener.query('SELECT 1');
    expect(heard).toEqual([id]);
  } finally {
    await listener.end();
  }
});

it('can be undone and done again', async () => {
  const runner = ds.createQueryRunner();
  try {
    await staff.down(runner);
    expect((await runner.query(`SELECT username, role FROM app_user ORDER BY username`)).map((u: { role: string }) => u.role)).toEqual(['CASEWORKER', 'LEADER', 'CASEWORKER']);
    await staff.up(runner);
    expect(await runner.query(`SELECT count(*)::int AS n FROM app_user WHERE subject = username AND activated_at IS NOT NULL`)).toEqual([{ n: 3 }]);
  } finally {
    await runner.release();
  }
});
