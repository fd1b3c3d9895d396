import { approveInvitation, otherAdministrator, planIdOf } from '../../test-support/fixtures';
import { mitIdToken } from '../../test-support/mitid-token';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';
import { signToken } from './tokens';
import { WS_FORBIDDEN, WS_REASON_CITIZEN_CLOSED, WS_REASON_DEACTIVATED } from './user-sockets';

jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['ida', 'sif', 'anna']) tokens[u] = await t.login(u);
});
afterAll(() => t?.stop());

const ok = <T>(res: GraphQLResponse<T>): T => {
  expect(res.errors).toBeUndefined();
  return res.data!;
};
const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params) as Promise<T[]>;
const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id status } }`;
const DEACTIVATE = `mutation($id: ID!, $v: Int!) { deactivateStaff(userId: $id, expectedVersion: $v) { status } }`;
const ME = `{ me { name role municipality { code } } }`;
const codeOf = async (as: string) => (await q<{ code: string }>(`SELECT m.code FROM municipality m JOIN app_user u ON u.municipality_id = m.id WHERE u.username = $1`, [as]))[0]!.code;

/** Ruth's accounts as each municipality's staff list shows them: bound to her login or not, and the status. */
const accountsOf = (name: string) =>
  q(
    `SELECT m.code, u.subject, CASE WHEN u.deactivated_at IS NOT NULL THEN 'DEACTIVATED' WHEN u.activated_at IS NULL THEN 'INVITED' ELSE 'ACTIVE' END AS status
       FROM app_user u JOIN municipality m ON m.id = u.municipality_id WHERE u.name = $1 ORDER BY m.code`,
    [name],
  );
/** What the municipalities' logs say happened at a sign-in since `at`. */
const signInRowsSince = (at: Date) =>
  q<{ action: string; code: string }>(
    `SELECT a.action, m.code FROM audit_log a JOIN municipality m ON m.id = a.municipality_id
      WHERE a.at >= $1 AND a.action IN ('ACCEPT_INVITATION', 'STAFF_SIGN_IN_RELEASED') ORDER BY a.id`,
    [at],
  );

describe('the re-check of an open socket when the user changes', () => {
  it('a member of staff deactivated while another municipality\'s invitation waits for her: the socket closes, and nothing is bound or logged until she signs in herself', async () => {
    const [fmk, svb] = [await codeOf('ida'), await codeOf('sif')];
    // Ruth is a mentor in ida's municipality and has Samplan open.
    const ruth = ok(await t.gql<{ inviteStaff: { id: string } }>(INVITE, { input: { name: 'Ruth Rask', subject: 'idp|ruth', role: 'MENTOR' } }, tokens.ida)).inviteStaff;
    // Each municipality's other administrator approves its invitation (four eyes).
    ok(await approveInvitation(t, (await otherAdministrator(t, 'ida', 'Alma Andersen', 'alma')).token, ruth.id));
    const token = await signToken(t.config.auth, 'idp|ruth', new Date());
    expect(ok(await t.gql<{ me: { role: string } }>(ME, {}, token)).me.role).toBe('MENTOR');
    const socket = await WsClient.connect(t.url, token);
    expect(socket.isOpen).toBe(true);
    // Sif's municipality invites the same login-id as administrator, for later.
    const later = ok(await t.gql<{ inviteStaff: { id: string; status: string } }>(INVITE, { input: { name: 'Ruth Rask', subject: 'idp|ruth', role: 'ADMINISTRATOR' } }, tokens.sif)).inviteStaff;
    expect(later.status).toBe('INVITED');
    ok(await approveInvitation(t, (await otherAdministrator(t, 'sif', 'Svend Sørensen', 'svend')).token, later.id));

    const since = new Date();
    const [{ version }] = await q<{ version: number }>(`SELECT version FROM app_user WHERE id = $1`, [ruth.id]);
    ok(await t.gql(DEACTIVATE, { id: ruth.id, v: version }, tokens.ida));

    // Her open page is told she is deactivated, here.
    expect(await socket.closed).toBe(WS_FORBIDDEN);
    expect(socket.closeReason).toBe(WS_REASON_DEACTIVATED);
    // She signed in nowhere: her login still names her deactivated account, the invitation still waits, and no log says she signed in.
    expect(await accountsOf('Ruth Rask')).toEqual([
      { code: fmk, subject: 'idp|ruth', status: 'DEACTIVATED' },
      { code: svb, subject: 'idp|ruth', status: 'INVITED' },
    ].sort((a, b) => a.code.localeCompare(b.code)));
    expect(await signInRowsSince(since)).toEqual([]);

    // When she does sign in, a minute later (a token issued after the deactivation, beyond the allowance for the
    // provider's clock), she takes the new invitation: each municipality's log says its part once.
    await q(`UPDATE app_user SET deactivated_at = deactivated_at - interval '1 minute' WHERE id = $1`, [ruth.id]);
    const again = await signToken(t.config.auth, 'idp|ruth', new Date());
    expect(ok(await t.gql<{ me: unknown }>(ME, {}, again)).me).toEqual({ name: 'Ruth Rask', role: 'ADMINISTRATOR', municipality: { code: svb } });
    expect(await accountsOf('Ruth Rask')).toEqual([
      { code: fmk, subject: null, status: 'DEACTIVATED' },
      { code: svb, subject: 'idp|ruth', status: 'ACTIVE' },
    ].sort((a, b) => a.code.localeCompare(b.code)));
    expect(await signInRowsSince(since)).toEqual([
      { action: 'STAFF_SIGN_IN_RELEASED', code: fmk },
      { action: 'ACCEPT_INVITATION', code: svb },
    ]);
  });

  it('a citizen whose access the coordinator closes: Min plan is closed as a citizen\'s access, not as a deactivated user', async () => {
    const [{ cpr }] = await q<{ cpr: string }>(`SELECT cpr FROM citizen WHERE name = 'Eva Jensen'`);
    const eva = await mitIdToken(t.config.auth, 'mitid:eva-sockets', { cpr });
    expect(ok(await t.gql<{ me: { role: string } }>(ME, {}, eva)).me.role).toBe('CITIZEN');
    const socket = await WsClient.connect(t.url, eva);
    expect(socket.isOpen).toBe(true);

    const planId = await planIdOf(t, 'Eva Jensen');
    const [{ version }] = await q<{ version: number }>(`SELECT version FROM citizen WHERE name = 'Eva Jensen'`);
    ok(await t.gql(`mutation($input: CitizenAccessInput!) { closeCitizenAccess(input: $input) { id } }`,
      { input: { planId, expectedVersion: version, reason: 'Eva siger, at hun aldrig har logget ind.' } }, tokens.anna));

    expect(await socket.closed).toBe(WS_FORBIDDEN);
    expect(socket.closeReason).toBe(WS_REASON_CITIZEN_CLOSED);
  });
});
