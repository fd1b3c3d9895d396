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
      detail: 'Oprettede kommunen »Faaborg-Midtfyn« og inviterede Søren Admin (someone@kommune.dk) som første administrator',
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
  expect(again.stderr).toBe(
    'Samplan setup refused: "Ærø" has an active administrator, who invites the next one under "Administration"; nothing was changed. If that administrator has left, name them with --replacing <their e-mail or login-id> (once for each who has left).\n',
  );
  const unknown = setup('--municipality', 'Langeland', '--admin', 'x@langeland.dk', '--recover-admin');
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toBe('Samplan setup refused: No municipality is named "Langeland"; nothing was changed.\n');
  expect(await query(`SELECT email FROM app_user WHERE email IN ('other@aeroe.dk', 'x@langeland.dk')`)).toEqual([]);
});

/**
 * The only administrator has left: they are still active (the browser never deactivates the
 * last one), so --recover-admin alone is refused. --replacing names them: they are deactivated
 * and the new one invited in one transaction, both in the administration log as the
 * operations'. Naming anyone who is not an administrator of that municipality changes nothing.
 */
it('--recover-admin --replacing deactivates the administrator who has left and invites the new one, in one transaction', async () => {
  const made = setup('--municipality', 'Langeland', '--admin', 'lis@langeland.dk', '--admin-name', 'Lis Leder');
  expect(made.status).toBe(0);
  const [lis] = await query<{ id: string; municipality_id: string }>(`SELECT id, municipality_id FROM app_user WHERE email = 'lis@langeland.dk'`);
  expect(await loadActor(ds, { subject: 'idp-lis', email: 'lis@langeland.dk' })).toMatchObject({ role: 'ADMINISTRATOR', name: 'Lis Leder' });
  // A member of staff who is no administrator, and Ærø's administrator: neither is Langeland's.
  await ds.transaction(async (m) => {
    await m.query(`SELECT set_config('samplan.municipality_id', $1, true)`, [lis.municipality_id]);
    await m.query(`INSERT INTO app_user (municipality_id, username, name, role, unit_id, email, subject) VALUES ($1, 'ole@langeland.dk', 'Ole Leder', 'LEADER', NULL, 'ole@langeland.dk', NULL)`, [lis.municipality_id]);
  });
  const state = () => query(`SELECT (SELECT count(*)::int FROM app_user) AS u, (SELECT count(*)::int FROM app_user WHERE deactivated_at IS NOT NULL) AS d, (SELECT count(*)::int FROM audit_log) AS a`);
  const before = await state();

  const refusals: Array<[string[], string]> = [
    [[], '"Langeland" has an active administrator, who invites the next one under "Administration"; nothing was changed. If that administrator has left, name them with --replacing <their e-mail or login-id> (once for each who has left).'],
    [['--replacing', 'ole@langeland.dk'], '"Langeland" has no administrator with the e-mail or login-id "ole@langeland.dk" (--replacing names the administrator who has left); nothing was changed.'],
    [['--replacing', 'it@aeroe.dk'], '"Langeland" has no administrator with the e-mail or login-id "it@aeroe.dk" (--replacing names the administrator who has left); nothing was changed.'],
  ];
  for (const [extra, reason] of refusals) {
    const run = setup('--municipality', 'Langeland', '--admin', 'ny@langeland.dk', '--recover-admin', ...extra);
    expect({ extra, status: run.status, stderr: run.stderr }).toEqual({ extra, status: 1, stderr: `Samplan setup refused: ${reason}\n` });
  }
  expect(setup('--municipality', 'Langeland', '--admin', 'ny@langeland.dk', '--replacing', 'lis@langeland.dk').status).toBe(2);
  expect(await state()).toEqual(before);

  const replaced = setup('--municipality', 'Langeland', '--admin', 'ny@langeland.dk', '--admin-name', 'Nina Ny', '--recover-admin', '--replacing', 'Lis@Langeland.dk');
  expect({ status: replaced.status, stderr: replaced.stderr }).toEqual({ status: 0, stderr: '' });
  expect(replaced.stdout).toContain(`Deactivated the administrator Lis@Langeland.dk (user id ${lis.id}), who has left.\nInvited an administrator to "Langeland", ny@langeland.dk (user id `);
  const [nina] = await query<{ id: string }>(`SELECT id FROM app_user WHERE email = 'ny@langeland.dk'`);
  expect(await query(`SELECT email, deactivated_at IS NOT NULL AS deactivated FROM app_user WHERE role = 'ADMINISTRATOR' AND municipality_id = $1 ORDER BY email`, [lis.municipality_id])).toEqual([
    { email: 'lis@langeland.dk', deactivated: true },
    { email: 'ny@langeland.dk', deactivated: false },
  ]);
  expect(await query(`SELECT actor_id, action, entity_type, entity_id, outcome, detail FROM audit_log WHERE municipality_id = $1 AND action = 'RECOVER_ADMINISTRATOR' ORDER BY id`, [lis.municipality_id])).toEqual([
    { actor_id: null, action: 'RECOVER_ADMINISTRATOR', entity_type: 'STAFF', entity_id: lis.id, outcome: 'ALLOWED', detail: 'Driften deaktiverede administratoren Lis Leder (lis@langeland.dk), der har forladt kommunen' },
    { actor_id: null, action: 'RECOVER_ADMINISTRATOR', entity_type: 'STAFF', entity_id: nina.id, outcome: 'ALLOWED', detail: 'Driften inviterede Nina Ny (ny@langeland.dk) som administrator i stedet for Lis Leder (lis@langeland.dk), der har forladt kommunen' },
  ]);
  // Lis can no longer sign in; Nina becomes the administrator at her first sign-in.
  expect(await loadActor(ds, { subject: 'idp-lis', email: 'lis@langeland.dk' })).toBeNull();
  expect(await loadActor(ds, { subject: 'idp-nina', email: 'ny@langeland.dk' })).toMatchObject({ role: 'ADMINISTRATOR', name: 'Nina Ny' });

  // Named again, she is deactivated already: the plain --recover-admin is the way, and Nina is active now anyway.
  const twice = setup('--municipality', 'Langeland', '--admin', 'tredje@langeland.dk', '--recover-admin', '--replacing', 'lis@langeland.dk');
  expect(twice.stderr).toBe('Samplan setup refused: Lis Leder (lis@langeland.dk) is deactivated already: leave out --replacing. Nothing was changed.\n');
  // With another active administrator besides the one named (here by login-id), nothing changes: that one deactivates in the browser.
  await ds.transaction(async (m) => {
    await m.query(`SELECT set_config('samplan.municipality_id', $1, true)`, [lis.municipality_id]);
    await m.query(`INSERT INTO app_user (municipality_id, username, name, role, unit_id, email, subject, activated_at) VALUES ($1, 'kim@langeland.dk', 'Kim Admin', 'ADMINISTRATOR', NULL, 'kim@langeland.dk', 'idp-kim', now())`, [lis.municipality_id]);
  });
  const whileActive = await state();
  const second = setup('--municipality', 'Langeland', '--admin', 'tredje@langeland.dk', '--recover-admin', '--replacing', 'idp-nina');
  expect(second.stderr).toBe('Samplan setup refused: "Langeland" has an active administrator besides Nina Ny (ny@langeland.dk), who deactivates them and invites the next one under "Administration"; nothing was changed. If that one has left too, name them with --replacing as well.\n');
  expect(await state()).toEqual(whileActive);
  // Both have left: each named, both deactivated, and the next one invited in the same transaction.
  const both = setup('--municipality', 'Langeland', '--admin', 'tredje@langeland.dk', '--admin-name', 'Tove Tredje', '--recover-admin', '--replacing', 'idp-nina', '--replacing', 'kim@langeland.dk');
  expect({ status: both.status, stderr: both.stderr }).toEqual({ status: 0, stderr: '' });
  expect(await query(`SELECT email, deactivated_at IS NOT NULL AS deactivated FROM app_user WHERE role = 'ADMINISTRATOR' AND municipality_id = $1 ORDER BY email`, [lis.municipality_id])).toEqual([
    { email: 'kim@langeland.dk', deactivated: true },
    { email: 'lis@langeland.dk', deactivated: true },
    { email: 'ny@langeland.dk', deactivated: true },
    { email: 'tredje@langeland.dk', deactivated: false },
  ]);
  const [last] = await query<{ detail: string }>(`SELECT detail FROM audit_log WHERE municipality_id = $1 AND action = 'RECOVER_ADMINISTRATOR' ORDER BY id DESC LIMIT 1`, [lis.municipality_id]);
  expect(last.detail).toBe('Driften inviterede Tove Tredje (tredje@langeland.dk) som administrator i stedet for Nina Ny (ny@langeland.dk) og Kim Admin (kim@langeland.dk), der har forladt kommunen');
});

/**
 * A login another municipality's account holds already is refused at a first setup as --add-admin
 * refuses it. Before, Nyborg was created with a second invitation for an address that waited in
 * Kerteminde: two waiting invitations for one address bind neither, so neither administrator could sign in.
 */
it('refuses a first administrator whose login an account elsewhere holds already, and creates nothing', async () => {
  const kerteminde = setup('--municipality', 'Kerteminde', '--admin', 'kim@kerteminde.dk', '--admin-name', 'Kim Kerteminde');
  expect({ status: kerteminde.status, stderr: kerteminde.stderr }).toEqual({ status: 0, stderr: '' });
  const before = await query(`SELECT (SELECT count(*)::int FROM municipality) AS m, (SELECT count(*)::int FROM app_user) AS u, (SELECT count(*)::int FROM audit_log) AS a`);

  const refusals: Array<[string[], string]> = [
    [['--admin', 'Kim@Kerteminde.dk'], 'The e-mail kim@kerteminde.dk is in use in Samplan already, by Kim Kerteminde (administrator in "Kerteminde")'],
    [['--admin-subject', 'aeroe-admin-1'], 'The login-id aeroe-admin-1 is in use in Samplan already, by aeroe-admin-1 (administrator in "Ærø")'],
  ];
  for (const [login, reason] of refusals) {
    const run = setup('--municipality', 'Nyborg', ...login);
    expect({ login, status: run.status, stderr: run.stderr }).toEqual({
      login, status: 1, stderr: `Samplan setup refused: ${reason}: setup makes a new account and takes over no existing one. Add the administrator by another e-mail or login-id. Nothing was changed.\n`,
    });
  }
  expect(await query(`SELECT (SELECT count(*)::int FROM municipality) AS m, (SELECT count(*)::int FROM app_user) AS u, (SELECT count(*)::int FROM audit_log) AS a`)).toEqual(before);
  // The invitation waiting in Kerteminde is the only one for the address, and binds at the first sign-in.
  expect(await loadActor(ds, { subject: 'idp-kim-kerteminde', email: 'kim@kerteminde.dk' })).toMatchObject({ role: 'ADMINISTRATOR', name: 'Kim Kerteminde' });
});
