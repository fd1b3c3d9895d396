import { count } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';
import { NSIS_LOA_CLAIM } from './nsis';
import { signToken } from './tokens';

/**
 * A refused sign-in is one line in the log, however many requests the page sends with the token:
 * at sign-in the browser asks several things at once (its queries, its live connection), and
 * the administrators read "Sofie Lund forsøgte at logge ind, men invitationen venter …" once per
 * attempt. A new sign-in (a new token) is a new line.
 */
jest.setTimeout(60_000);
let t: TestServer;
let ida: string;

beforeAll(async () => {
  t = await startTestServer();
  ida = await t.login('ida');
}, 60_000);
afterAll(() => t.stop());

/** A provider's token for the login, issued `secondsLater` from now: another second, another token. */
const providerToken = (subject: string, claims: Record<string, unknown> = {}, secondsLater = 0) =>
  signToken(t.config.auth, subject, new Date(Date.now() + secondsLater * 1000), undefined, claims);
const me = (token: string) => t.gql(`{ me { name } }`, {}, token);

/** What a page does at sign-in: several requests at once, and its live connection, all with the one token. */
async function signInAttempt(token: string): Promise<void> {
  const answers = await Promise.all([me(token), me(token), me(token)]);
  for (const a of answers) expect(a.errors?.[0]?.extensions?.code).toBe('NOT_A_USER');
  const socket = await WsClient.connect(t.url, token);
  await socket.closed;
  expect(socket.closeCode).toBe(4403);
  // And once more after it, as a page that is reloaded.
  expect((await me(token)).errors?.[0]?.extensions?.code).toBe('NOT_A_USER');
}

const linesOf = (action: string, about: string) => count(t, `SELECT 1 FROM audit_log WHERE action = $1 AND detail LIKE '%' || $2 || '%'`, [action, about]);

it('an invitation awaiting approval: one line per sign-in, not one per request', async () => {
  const invited = await t.gql(`mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`, { input: { name: 'Sofie Lund', subject: 'idp|sofie', role: 'MENTOR' } }, ida);
  expect(invited.errors).toBeUndefined();

  await signInAttempt(await providerToken('idp|sofie'));
  expect(await linesOf('SIGN_IN_AWAITING_APPROVAL', 'Sofie Lund forsøgte at logge ind')).toBe(1);

  // She tries again later: a new sign-in, a new line.
  await signInAttempt(await providerToken('idp|sofie', {}, 2));
  expect(await linesOf('SIGN_IN_AWAITING_APPROVAL', 'Sofie Lund forsøgte at logge ind')).toBe(2);
});

it('a login Samplan does not know: one line per sign-in', async () => {
  await signInAttempt(await providerToken('idp|stranger-once', { email: 'fremmed@example.dk', email_verified: true }));
  expect(await linesOf('SIGN_IN_UNKNOWN_USER', 'login-id idp|stranger-once ')).toBe(1);
  await signInAttempt(await providerToken('idp|stranger-once', { email: 'fremmed@example.dk', email_verified: true }, 2));
  expect(await linesOf('SIGN_IN_UNKNOWN_USER', 'login-id idp|stranger-once ')).toBe(2);
});

it("a citizen's account named by a sign-in below the level: one line per sign-in", async () => {
  const [{ cpr }] = await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = 'Eva Jensen'`);
  const bound = await me(await providerToken('mitid:eva-once', { cpr, [NSIS_LOA_CLAIM]: 'Substantial' }));
  expect(bound.errors).toBeUndefined();

  await signInAttempt(await providerToken('mitid:eva-once', { [NSIS_LOA_CLAIM]: 'Low' }));
  expect(await linesOf('SIGN_IN_LEVEL_TOO_LOW', 'login-id mitid:eva-once ')).toBe(1);
  await signInAttempt(await providerToken('mitid:eva-once', { [NSIS_LOA_CLAIM]: 'Low' }, 2));
  expect(await linesOf('SIGN_IN_LEVEL_TOO_LOW', 'login-id mitid:eva-once ')).toBe(2);
});
