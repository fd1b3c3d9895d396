import { signToken } from '../../server/src/core/auth/tokens';
import { approveInvitation, otherAdministrator, untilWaitingForLock } from '../../server/src/test-support/fixtures';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { LiveClient, waitFor, type LiveSubscription } from './live-kit';

/**
 * The administration page follows its municipality's changes live, across instances, with
 * nothing but PostgreSQL between them (the `samplan_administration` channel on each
 * instance's event feed connection, NOTIFYed in the change's own transaction). Only
 * administrators subscribe, and each hears of their own municipality only: Ida administers
 * the demo municipality, Sif another one (Otto works there), Anna is a caseworker.
 */
jest.setTimeout(60_000);

let a: TestServer;
let b: TestServer;
const tokens: Record<string, string> = {};
const clients: LiveClient[] = [];

const ADMINISTRATION_CHANGES = `subscription {
  administrationChanges { readAgain logChanged staffMember { id name role status awaitingApproval unit { name } } unit { id name closedAt } }
}`;

interface Change {
  readAgain: boolean;
  logChanged: boolean;
  staffMember: { id: string; name: string } | null;
  unit: { id: string; name: string } | null;
}

/** An administration page on `server`, following from its first item (read the page again) on; the changes after it. */
async function openPage(server: TestServer, user: string): Promise<{ sub: LiveSubscription; changes(): Change[] }> {
  const client = await LiveClient.connect(server.url, tokens[user]);
  clients.push(client);
  const sub = client.subscribe(ADMINISTRATION_CHANGES);
  await waitFor(`${user}'s page to follow`, () => sub.events.length > 0 || sub.completed);
  expect(sub.events[0]).toEqual({ readAgain: true, logChanged: false, staffMember: null, unit: null });
  return { sub, changes: () => (sub.events as unknown as Change[]).slice(1) };
}

/** The person's id, and the version an administrator's page would show of them now. */
const staffRow = async (username: string) => (await a.db.dataSource.query(`SELECT id, version FROM app_user WHERE username = $1`, [username]))[0] as { id: string; version: number };

async function renameStaff(server: TestServer, by: string, username: string, name: string): Promise<void> {
  const { id, version } = await staffRow(username);
  const res = await server.gql(`mutation($input: RenameStaffInput!) { renameStaff(input: $input) { name } }`, { input: { userId: id, name, expectedVersion: version } }, tokens[by]);
  expect(res.errors).toBeUndefined();
}

beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ db: a.db, seed: false });
  for (const u of ['ida', 'sif', 'anna', 'lene']) tokens[u] = await a.login(u);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

it("an administrator's rename on instance A reaches the municipality's administration page on instance B, and no other municipality's", async () => {
  const ida = await openPage(b, 'ida');
  const sif = await openPage(b, 'sif');

  await renameStaff(a, 'ida', 'bent', 'Bent Sørensen-Holm');
  await waitFor('the rename on B', () => ida.changes().length === 1);
  // The change is also a new line of the log.
  expect(ida.changes()[0]).toMatchObject({ readAgain: false, logChanged: true, unit: null, staffMember: { id: (await staffRow('bent')).id, name: 'Bent Sørensen-Holm' } });

  // Sif's own change afterwards comes to her: notices come in commit order on one connection,
  // so had Ida's reached her it would be there before it.
  await renameStaff(a, 'sif', 'otto', 'Otto Berg-Nielsen');
  await waitFor("Sif's own change", () => sif.changes().length >= 1);
  expect(sif.changes().map((c) => c.staffMember?.name)).toEqual(['Otto Berg-Nielsen']);
  expect(sif.sub.errors).toEqual([]);
  // And Ida's page is not told of Sif's municipality.
  await renameStaff(a, 'ida', 'bent', 'Bent Sørensen');
  await waitFor('the second rename on B', () => ida.changes().length === 2);
  expect(ida.changes().map((c) => c.staffMember?.name)).toEqual(['Bent Sørensen-Holm', 'Bent Sørensen']);
});

it('a unit created on instance A reaches the page on instance B as the unit', async () => {
  const ida = await openPage(b, 'ida');
  const res = await a.gql<{ createUnit: { id: string } }>(`mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }`, { input: { name: 'Ungeenheden', kind: 'EMPLOYMENT' } }, tokens.ida);
  expect(res.errors).toBeUndefined();
  await waitFor('the new unit on B', () => ida.changes().length === 1);
  expect(ida.changes()[0]).toMatchObject({ staffMember: null, unit: { id: res.data!.createUnit.id, name: 'Ungeenheden', closedAt: null } });
});

it('an invitation approved by another administrator, and then accepted at the first sign-in, shows on the page at once', async () => {
  const ida = await openPage(b, 'ida');
  const invited = await a.gql<{ inviteStaff: { id: string } }>(
    `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`,
    { input: { name: 'Karen Holm', email: 'karen.holm@fmk.dk', role: 'MENTOR' } },
    tokens.ida,
  );
  expect(invited.errors).toBeUndefined();
  const karen = invited.data!.inviteStaff.id;
  await waitFor('the invitation on B', () => ida.changes().length === 1);
  expect(ida.changes()[0].staffMember).toMatchObject({ name: 'Karen Holm', status: 'INVITED', awaitingApproval: true });

  // Karen signs in through the identity provider, with her verified e-mail, before anyone approved: refused, a new line of the log only.
  const token = await signToken(a.config.auth, 'idp|karen', new Date(), undefined, { email: 'karen.holm@fmk.dk', email_verified: true });
  expect((await a.gql(`{ me { name } }`, {}, token)).errors?.[0].extensions).toMatchObject({ code: 'NOT_A_USER', reason: 'AWAITING_APPROVAL' });
  await waitFor('her refused sign-in on B', () => ida.changes().length === 2);
  expect(ida.changes()[1]).toMatchObject({ logChanged: true, staffMember: null });

  // Alma, the municipality's other administrator, approves it on A: Ida's page on B shows it.
  const alma = await otherAdministrator(a, 'ida', 'Alma Andersen', 'alma');
  expect((await approveInvitation(a, alma.token, karen)).errors).toBeUndefined();
  await waitFor('the approval on B', () => ida.changes().length === 3);
  expect(ida.changes()[2]).toMatchObject({ logChanged: true, staffMember: { id: karen, status: 'INVITED', awaitingApproval: false } });

  // Now her sign-in binds the invitation.
  const me = await a.gql<{ me: { name: string } }>(`{ me { name } }`, {}, token);
  expect(me.data?.me.name).toBe('Karen Holm');
  await waitFor('her first sign-in on B', () => ida.changes().length === 4);
  expect(ida.changes()[3]).toMatchObject({ logChanged: true, staffMember: { id: karen, status: 'ACTIVE' } });
});

it('a caseworker may not follow the administration: FORBIDDEN, and the stream ends', async () => {
  const client = await LiveClient.connect(b.url, tokens.anna);
  clients.push(client);
  const anna = client.subscribe(ADMINISTRATION_CHANGES);
  await waitFor('the refusal', () => anna.completed);
  expect(anna.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  expect(anna.events).toEqual([]);
});

it('a line of the log that changes no unit or person reaches the page as a new line only: a leader\'s own frames, a leader\'s refused save', async () => {
  const ida = await openPage(b, 'ida');
  const sif = await openPage(b, 'sif');
  const frames = await a.gql(
    `mutation($input: SetOwnProgrammeSettingsInput!) { setOwnProgrammeSettings(input: $input) { version } }`,
    { input: { maxLengthMonths: 18, followUpIntervalDays: 30, expectedVersion: 0 } },
    tokens.lene,
  );
  expect(frames.errors).toBeUndefined();
  await waitFor('the new line on B', () => ida.changes().length === 1);
  expect(ida.changes()[0]).toEqual({ readAgain: false, logChanged: true, staffMember: null, unit: null });

  // Lene saves the frames again while she is made a mentor (her save waits for the frames'
  // row, held as a second leader's save would): refused, logged, a new line; nothing changed.
  const ds = a.db.dataSource;
  const [{ id: fmk }] = await ds.query(`SELECT municipality_id AS id FROM app_user WHERE username = 'lene'`);
  const other = ds.createQueryRunner();
  await other.connect();
  try {
    await other.startTransaction();
    await other.query(`SELECT 1 FROM municipality WHERE id = $1 FOR NO KEY UPDATE`, [fmk]);
    const saving = a.gql(
      `mutation($input: SetOwnProgrammeSettingsInput!) { setOwnProgrammeSettings(input: $input) { version } }`,
      { input: { maxLengthMonths: 12, followUpIntervalDays: 14, expectedVersion: 1 } },
      tokens.lene,
    );
    expect(await untilWaitingForLock(a, saving)).toBe(true);
    await ds.query(`UPDATE app_user SET role = 'MENTOR' WHERE username = 'lene'`);
    await other.rollbackTransaction();
    expect((await saving).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  } finally {
    await other.release();
  }
  await waitFor('the refusal as a new line', () => ida.changes().length === 2);
  expect(ida.changes()[1]).toEqual({ readAgain: false, logChanged: true, staffMember: null, unit: null });
  expect(await ds.query(`SELECT detail FROM audit_log WHERE action = 'SET_OWN_PROGRAMME_SETTINGS' AND outcome = 'DENIED'`)).toEqual([{ detail: 'no longer a leader' }]);
  // Another municipality's page hears of neither.
  await renameStaff(a, 'sif', 'otto', 'Otto Berg');
  await waitFor("Sif's own change", () => sif.changes().length >= 1);
  expect(sif.changes().map((c) => c.staffMember?.name ?? 'a line only')).toEqual(['Otto Berg']);
});
