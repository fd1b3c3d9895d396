import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createAppDataSource } from '../../server/src/app-modules';
import { loadActor } from '../../server/src/modules/org';
import { createEmptyDatabase } from '../../server/src/test-support/test-db';
import { ensureServerBuilt, REPO } from '../support/spawn-server';

/**
 * The first run of a municipality as an operator runs it: `node server/dist/setup-cli.js`
 * (what `npm run setup --` calls after building) in a process of its own, against a fresh,
 * empty database named by DATABASE_URL. It migrates, creates the municipality, invites the
 * first administrator, and refuses a second run for the same municipality.
 */
jest.setTimeout(180_000);

let db: { url: string; drop(): Promise<void> };
let ds: DataSource;

beforeAll(async () => {
  await ensureServerBuilt();
  db = await createEmptyDatabase();
});
afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await db.drop();
});

function setup(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [path.join(REPO, 'server/dist/setup-cli.js'), ...args], {
    cwd: REPO,
    // Only what an operator sets for this: the database (NODE_ENV production: no demo anything).
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

const query = <T>(sql: string, params: unknown[] = []) => ds.query(sql, params) as Promise<T[]>;

it('migrates an empty database, creates the municipality and invites its first administrator by e-mail', async () => {
  const run = setup('--municipality', 'Faaborg-Midtfyn', '--admin', 'Someone@Kommune.dk', '--admin-name', 'Søren Admin');
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  expect(run.stdout).toMatch(/^Applied \d+ migration\(s\): /);
  expect(run.stdout).toContain('Created the municipality "Faaborg-Midtfyn" (code faaborg-midtfyn, id ');
  expect(run.stdout).toContain('Invited its first administrator, Søren Admin, e-mail someone@kommune.dk (role ADMINISTRATOR, no unit, user id ');

  ds = createAppDataSource(db.url, { poolSize: 2 });
  await ds.initialize();
  const [municipality] = await query<{ id: string; code: string; name: string }>(`SELECT id, code, name FROM municipality`);
  expect(municipality).toMatchObject({ code: 'faaborg-midtfyn', name: 'Faaborg-Midtfyn' });
  expect(await query(`SELECT name, email, subject, role, unit_id, activated_at FROM app_user`)).toEqual([
    { name: 'Søren Admin', email: 'someone@kommune.dk', subject: null, role: 'ADMINISTRATOR', unit_id: null, activated_at: null },
  ]);
  expect(await query(`SELECT municipality_id, actor_id, action, entity_type, entity_id, outcome, detail FROM audit_log`)).toEqual([
    {
      municipality_id: municipality.id, actor_id: null, action: 'SETUP_MUNICIPALITY', entity_type: 'MUNICIPALITY', entity_id: municipality.id, outcome: 'ALLOWED',
      detail: 'Oprettede kommunen "Faaborg-Midtfyn" og inviterede Søren Admin (someone@kommune.dk) som første administrator',
    },
  ]);
  // The invitation is bound at the first sign-in: a token from the provider carrying the e-mail.
  const actor = await loadActor(ds, { subject: 'idp-subject-4711', email: 'someone@kommune.dk' });
  expect(actor).toMatchObject({ role: 'ADMINISTRATOR', municipalityId: municipality.id, unitId: null, name: 'Søren Admin' });
});

it('refuses a second municipality of the same name in one line, exit code 1, and changes nothing', async () => {
  const before = await query(`SELECT (SELECT count(*)::int FROM municipality) AS m, (SELECT count(*)::int FROM app_user) AS u, (SELECT count(*)::int FROM audit_log) AS a`);
  for (const name of ['Faaborg-Midtfyn', 'faaborg-midtfyn', 'Faaborg Midtfyn']) {
    const run = setup('--municipality', name, '--admin', 'another@kommune.dk');
    expect({ name, status: run.status }).toEqual({ name, status: 1 });
    expect(run.stderr).toBe(`Samplan setup refused: A municipality named "${name}" (code faaborg-midtfyn) exists already; nothing was changed.\n`);
  }
  expect(await query(`SELECT (SELECT count(*)::int FROM municipality) AS m, (SELECT count(*)::int FROM app_user) AS u, (SELECT count(*)::int FROM audit_log) AS a`)).toEqual(before);
});

it("invites by the identity provider's subject as well, and explains what it needs", async () => {
  const run = setup('--municipality', 'Ærø', '--admin-subject', 'aeroe-admin-1');
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  expect(run.stdout).toMatch(/^The database schema is up to date\.\n/);
  expect(await query(`SELECT m.code, u.subject, u.email, u.role FROM app_user u JOIN municipality m ON m.id = u.municipality_id WHERE m.name = 'Ærø'`)).toEqual([
    { code: 'aeroe', subject: 'aeroe-admin-1', email: null, role: 'ADMINISTRATOR' },
  ]);
  const missing = setup('--municipality', 'Svendborg');
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('--admin (an e-mail address) or --admin-subject');
  expect(setup('--admin', 'x@kommune.dk').status).toBe(2);
  expect(setup('--municipality', 'Svendborg', '--admin', 'not-an-address').status).toBe(2);
  expect(await query(`SELECT name FROM municipality WHERE name = 'Svendborg'`)).toEqual([]);
});

it('--recover-admin invites an administrator to a municipality that has no active one, and is refused while one is', async () => {
  // Ærø's first administrator was invited by a mistyped login-id: nobody can sign in as them.
  const recovered = setup('--municipality', 'Ærø', '--admin', 'it@aeroe.dk', '--admin-name', 'Bo It', '--recover-admin');
  expect({ status: recovered.status, stderr: recovered.stderr }).toEqual({ status: 0, stderr: '' });
  expect(recovered.stdout).toContain('Invited an administrator to "Ærø", it@aeroe.dk (user id ');
  const [bo] = await query<{ id: string; municipality_id: string }>(`SELECT u.id, u.municipality_id FROM app_user u WHERE u.email = 'it@aeroe.dk'`);
  expect(await query(`SELECT action, entity_id, detail FROM audit_log WHERE municipality_id = $1 AND action = 'RECOVER_ADMINISTRATOR'`, [bo.municipality_id])).toEqual([
    { action: 'RECOVER_ADMINISTRATOR', entity_id: bo.id, detail: 'Driften inviterede Bo It (it@aeroe.dk) som administrator, da kommunen ingen aktiv administrator havde' },
  ]);
  // Once Bo has signed in, the municipality has an active administrator: the next is theirs to invite.
  expect(await loadActor(ds, { subject: 'idp-bo', email: 'it@aeroe.dk' })).toMatchObject({ role: 'ADMINISTRATOR', name: 'Bo It' });
  const again = setup('--municipality', 'Ærø', '--admin', 'other@aeroe.dk', '--recover-admin');
  expect(again.status).toBe(1);
  expect(again.stderr).toBe('Samplan setup refused: "Ærø" has an active administrator, who invites the next one under "Administration"; nothing was changed.\n');
  const unknown = setup('--municipality', 'Langeland', '--admin', 'x@langeland.dk', '--recover-admin');
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toBe('Samplan setup refused: No municipality is named "Langeland"; nothing was changed.\n');
  expect(await query(`SELECT email FROM app_user WHERE email IN ('other@aeroe.dk', 'x@langeland.dk')`)).toEqual([]);
});
