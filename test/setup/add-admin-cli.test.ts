import { signToken } from '../../server/src/core/auth/tokens';
import { approveInvitation } from '../../server/src/test-support/fixtures';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../server/src/test-support/test-server';
import { ensureServerBuilt, runOperatorCommand } from '../support/spawn-server';

/**
 * A municipality with one administrator gets a second one from the command line:
 * `node server/dist/setup-cli.js --add-admin` (what `npm run setup -- --add-admin` calls after
 * building), in a process of its own against the database a running server uses. The operator
 * is the other pair of eyes: the new administrator needs no approval, and approves the first
 * one's invitations. A login already in use, an unknown municipality, and a municipality that
 * has two administrators already are refused, and change nothing.
 */
jest.setTimeout(180_000);

let t: TestServer;

beforeAll(async () => {
  await ensureServerBuilt();
  // A migrated database without the demo: the municipalities are made as an operator makes them.
  t = await startTestServer({ seed: false });
});
afterAll(() => t?.stop());

const setup = (...args: string[]) => runOperatorCommand('setup-cli.js', t.db.url, args);

const query = <T>(sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params) as Promise<T[]>;
const ok = <T>(res: GraphQLResponse<T>): T => {
  expect(res.errors).toBeUndefined();
  return res.data!;
};
/** A token as the identity provider issues it at a sign-in: its subject and the verified e-mail. */
const providerToken = (subject: string, email?: string) => signToken(t.config.auth, subject, new Date(), undefined, email ? { email, email_verified: true } : {});
const me = (token: string) => t.gql<{ me: { name: string; role: string } }>(`{ me { name role } }`, {}, token);

interface Staff { id: string; name: string; role: string; status: string; awaitingApproval: boolean; unit: { id: string } | null }
const staffOf = async (token: string) => ok(await t.gql<{ staffMembers: Staff[] }>(`{ staffMembers { id name role status awaitingApproval unit { id } } }`, {}, token)).staffMembers;
const logOf = async (token: string) =>
  ok(await t.gql<{ administrationLog: { entries: Array<{ actorName: string | null; action: string; summary: string }> } }>(`{ administrationLog(first: 50) { entries { actorName action summary } } }`, {}, token))
    .administrationLog.entries;
const state = () => query(`SELECT (SELECT count(*)::int FROM app_user) AS u, (SELECT count(*)::int FROM audit_log) AS a`);

let ida: string;
let mette: { id: string };

it('a municipality whose only administrator has invited someone: nobody can approve the invitation', async () => {
  expect(setup('--municipality', 'Faaborg-Midtfyn', '--admin', 'ida@fmk.dk', '--admin-name', 'Ida Holm').status).toBe(0);
  ida = await providerToken('idp|ida', 'ida@fmk.dk');
  expect(ok(await me(ida)).me).toEqual({ name: 'Ida Holm', role: 'ADMINISTRATOR' });
  mette = ok(await t.gql<{ inviteStaff: { id: string } }>(
    `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`, { input: { name: 'Mette Mentor', email: 'mette@fmk.dk', role: 'MENTOR' } }, ida,
  )).inviteStaff;
  expect((await approveInvitation(t, ida, mette.id)).errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'OWN_INVITATION' });
  expect((await me(await providerToken('idp|mette', 'mette@fmk.dk'))).errors?.[0].extensions).toMatchObject({ code: 'NOT_A_USER', reason: 'AWAITING_APPROVAL' });
});

it('refuses a login already in use (here, elsewhere, a citizen’s), an unknown municipality and a mistake in the arguments, and changes nothing', async () => {
  expect(setup('--municipality', 'Ærø', '--admin-subject', 'idp|aeroe', '--admin-name', 'Åse Ærø').status).toBe(0);
  const [fmk] = await query<{ id: string }>(`SELECT id FROM municipality WHERE name = 'Faaborg-Midtfyn'`);
  // A citizen's own account, bound to their MitID login.
  await t.db.dataSource.transaction(async (m) => {
    await m.query(`SELECT set_config('samplan.municipality_id', $1, true)`, [fmk.id]);
    const [citizen] = await m.query(`INSERT INTO citizen (municipality_id, name, birth_date) VALUES ($1, 'Bo Borger', '1980-01-01') RETURNING id`, [fmk.id]);
    await m.query(`INSERT INTO app_user (municipality_id, username, subject, name, role, citizen_id, activated_at) VALUES ($1, 'mitid:borger', 'mitid:borger', 'Bo Borger', 'CITIZEN', $2, now())`, [fmk.id, citizen.id]);
  });
  const before = await state();

  const refusals: Array<[string[], number, string]> = [
    [['--admin', 'IDA@fmk.dk'], 1, 'The e-mail ida@fmk.dk is in use in Samplan already, by Ida Holm (administrator in "Faaborg-Midtfyn")'],
    [['--admin', 'mette@fmk.dk'], 1, 'The e-mail mette@fmk.dk is in use in Samplan already, by Mette Mentor (mentor in "Faaborg-Midtfyn")'],
    [['--admin-subject', 'idp|ida'], 1, 'The login-id idp|ida is in use in Samplan already, by Ida Holm (administrator in "Faaborg-Midtfyn")'],
    [['--admin-subject', 'idp|aeroe'], 1, 'The login-id idp|aeroe is in use in Samplan already, by Åse Ærø (administrator in "Ærø")'],
    [['--admin-subject', 'mitid:borger'], 1, `The login-id mitid:borger is in use in Samplan already, by a citizen's own account in "Faaborg-Midtfyn"`],
  ];
  for (const [login, status, reason] of refusals) {
    const run = setup('--municipality', 'Faaborg-Midtfyn', ...login, '--admin-name', 'Jonas Krogh', '--add-admin');
    expect({ login, status: run.status, stderr: run.stderr }).toEqual({
      login, status, stderr: `Samplan setup refused: ${reason}: --add-admin makes a new account and takes over no existing one. Add the administrator by another e-mail or login-id. Nothing was changed.\n`,
    });
  }
  const unknown = setup('--municipality', 'Langeland', '--admin', 'jonas@fmk.dk', '--add-admin');
  expect({ status: unknown.status, stderr: unknown.stderr }).toEqual({ status: 1, stderr: 'Samplan setup refused: No municipality is named "Langeland"; nothing was changed.\n' });
  const both = setup('--municipality', 'Faaborg-Midtfyn', '--admin', 'jonas@fmk.dk', '--add-admin', '--recover-admin');
  expect(both.status).toBe(2);
  expect(both.stderr).toContain('--add-admin and --recover-admin are two different commands');
  expect(setup('--municipality', 'Faaborg-Midtfyn', '--admin', 'jonas@fmk.dk', '--add-admin', '--replacing', 'ida@fmk.dk').status).toBe(2);
  expect(await state()).toEqual(before);
});

it('adds an approved administrator, in the administration log as the operations’, who approves the first one’s invitation', async () => {
  const run = setup('--municipality', 'Faaborg-Midtfyn', '--admin', 'Jonas@FMK.dk', '--admin-name', 'Jonas Krogh', '--add-admin');
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  const [jonas] = await query<{ id: string; municipality_id: string }>(`SELECT id, municipality_id FROM app_user WHERE email = 'jonas@fmk.dk'`);
  expect(run.stdout).toBe(
    'The database schema is up to date.\n' +
      `Added an administrator to "Faaborg-Midtfyn", Jonas Krogh, e-mail jonas@fmk.dk (role ADMINISTRATOR, no unit, user id ${jonas.id}), approved by the operations.\n` +
      'They become active at their first sign-in through the identity provider, and approve the invitations another administrator makes under "Administration". ' +
      "The municipality's administration log says the operations added them.\n",
  );
  expect(await query(`SELECT name, role, unit_id, subject, invited_by, approved_by, activated_at FROM app_user WHERE id = $1`, [jonas.id])).toEqual([
    { name: 'Jonas Krogh', role: 'ADMINISTRATOR', unit_id: null, subject: null, invited_by: null, approved_by: null, activated_at: null },
  ]);
  expect(await query(`SELECT actor_id, action, entity_type, entity_id, outcome FROM audit_log WHERE action = 'ADD_ADMINISTRATOR'`)).toEqual([
    { actor_id: null, action: 'ADD_ADMINISTRATOR', entity_type: 'STAFF', entity_id: jonas.id, outcome: 'ALLOWED' },
  ]);

  // Ida sees him on the staff list as invited, waiting for no approval, and the operations' line in the log.
  expect((await staffOf(ida)).find((s) => s.id === jonas.id)).toEqual({ id: jonas.id, name: 'Jonas Krogh', role: 'ADMINISTRATOR', status: 'INVITED', awaitingApproval: false, unit: null });
  expect((await logOf(ida))[0]).toEqual({
    actorName: null, action: 'ADD_ADMINISTRATOR',
    summary: 'Driften inviterede Jonas Krogh (jonas@fmk.dk) som administrator og godkendte invitationen: driften er det andet par øjne',
  });

  // Jonas signs in, and is the second pair of eyes on Ida's invitation: Mette's next sign-in binds it.
  const jonasToken = await providerToken('idp|jonas', 'jonas@fmk.dk');
  expect(ok(await me(jonasToken)).me).toEqual({ name: 'Jonas Krogh', role: 'ADMINISTRATOR' });
  expect(ok(await approveInvitation(t, jonasToken, mette.id)).approveStaffInvitation.awaitingApproval).toBe(false);
  expect(ok(await me(await providerToken('idp|mette', 'mette@fmk.dk'))).me).toEqual({ name: 'Mette Mentor', role: 'MENTOR' });
});

it('is refused once the municipality has two administrators, those not signed in yet counted too', async () => {
  const before = await state();
  const third = setup('--municipality', 'Faaborg-Midtfyn', '--admin', 'tredje@fmk.dk', '--add-admin');
  expect({ status: third.status, stderr: third.stderr }).toEqual({
    status: 1,
    stderr:
      'Samplan setup refused: "Faaborg-Midtfyn" has two administrators already (Ida Holm (ida@fmk.dk); Jonas Krogh (jonas@fmk.dk)), who approve each other\'s invitations under "Administration"; nothing was changed. ' +
      'If one of them has left, the other deactivates them there first; if all have, use --recover-admin --replacing.\n',
  });
  // Ærø's first administrator has not signed in: the operations add a second, and no third.
  expect(setup('--municipality', 'Ærø', '--admin', 'bo@aeroe.dk', '--admin-name', 'Bo Bæk', '--add-admin').status).toBe(0);
  const aeroe = setup('--municipality', 'Ærø', '--admin', 'tredje@aeroe.dk', '--add-admin');
  expect(aeroe.status).toBe(1);
  expect(aeroe.stderr).toContain('"Ærø" has two administrators already (Bo Bæk (bo@aeroe.dk), not signed in yet; Åse Ærø (login-id idp|aeroe), not signed in yet)');
  expect(await query(`SELECT count(*)::int AS n FROM app_user WHERE email IN ('tredje@fmk.dk', 'tredje@aeroe.dk')`)).toEqual([{ n: 0 }]);
  // Bo and his line in the log, nothing else.
  const [{ u, a }] = before as Array<{ u: number; a: number }>;
  expect(await state()).toEqual([{ u: u + 1, a: a + 1 }]);
});

it('an administrator the operations added, placed anew by the sole administrator before their first sign-in, waits for another administrator’s approval of the new role', async () => {
  expect(setup('--municipality', 'Nyborg', '--admin', 'nina@nyborg.dk', '--admin-name', 'Nina Nyborg').status).toBe(0);
  const nina = await providerToken('idp|nina', 'nina@nyborg.dk');
  expect(ok(await me(nina)).me).toEqual({ name: 'Nina Nyborg', role: 'ADMINISTRATOR' });
  expect(setup('--municipality', 'Nyborg', '--admin', 'kim@nyborg.dk', '--admin-name', 'Kim Krag', '--add-admin').status).toBe(0);
  const unit = ok(await t.gql<{ createUnit: { id: string } }>(
    `mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }`, { input: { name: 'Jobcenter', kind: 'EMPLOYMENT' } }, nina,
  )).createUnit;
  const [kim] = await query<{ id: string; version: number }>(`SELECT id, version FROM app_user WHERE email = 'kim@nyborg.dk'`);

  // Nina, the one active administrator, makes Kim a caseworker before he has signed in: she alone chose that role.
  const changed = ok(await t.gql<{ changeStaff: Staff & { invitedByName: string | null } }>(
    `mutation($input: ChangeStaffInput!) { changeStaff(input: $input) { id name role status awaitingApproval invitedByName unit { id } } }`,
    { input: { userId: kim.id, role: 'CASEWORKER', unitId: unit.id, expectedVersion: kim.version } }, nina,
  )).changeStaff;
  expect(changed).toEqual({ id: kim.id, name: 'Kim Krag', role: 'CASEWORKER', status: 'INVITED', awaitingApproval: true, invitedByName: 'Nina Nyborg', unit: { id: unit.id } });

  // His sign-in binds nothing: it waits for an administrator other than Nina, who cannot approve her own placement.
  expect((await me(await providerToken('idp|kim', 'kim@nyborg.dk'))).errors?.[0].extensions).toMatchObject({ code: 'NOT_A_USER', reason: 'AWAITING_APPROVAL' });
  expect(await query(`SELECT activated_at, subject FROM app_user WHERE id = $1`, [kim.id])).toEqual([{ activated_at: null, subject: null }]);
  expect((await approveInvitation(t, nina, kim.id)).errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'OWN_INVITATION' });
  // The administration log says who placed him, as for any change.
  expect((await logOf(nina)).find((e) => e.action === 'CHANGE_STAFF')).toEqual({
    actorName: 'Nina Nyborg', action: 'CHANGE_STAFF', summary: 'Ændrede Kim Krag fra administrator til sagsbehandler i Jobcenter; invitationen skal nu godkendes af en anden administrator',
  });
});
