import { signToken } from '../../core/auth/tokens';
import { WS_FORBIDDEN } from '../../core/auth/user-sockets';
import { approveInvitation, otherAdministrator } from '../../test-support/fixtures';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';

/**
 * A member of staff who leaves one municipality (deactivated there) and is invited by another
 * signs in to the new account with a token issued after the deactivation. A token from before it
 * stays the old account's: after the move as before it, never the new account's.
 */

jest.setTimeout(60_000);
let t: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['ida', 'sif']) tokens[u] = await t.login(u);
  // Each municipality's second administrator approves its invitations (four eyes).
  tokens.alma = (await otherAdministrator(t, 'ida', 'Alma Andersen', 'alma')).token;
  tokens.svend = (await otherAdministrator(t, 'sif', 'Svend Sørensen', 'svend')).token;
}, 60_000);
afterAll(() => t?.stop());

const ok = <T>(res: GraphQLResponse<T>): T => {
  expect(res.errors).toBeUndefined();
  return res.data!;
};
const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params) as Promise<T[]>;
const ME = `{ me { name municipality { name } } }`;
const me = (token: string) => t.gql<{ me: { name: string; municipality: { name: string } } }>(ME, {}, token);
const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code;

/** An approved invitation by e-mail, made by `admin` and approved by `approver` (the municipality's other administrator). */
async function invitedBy(admin: string, approver: string, name: string, email: string): Promise<string> {
  const { id } = ok(await t.gql<{ inviteStaff: { id: string } }>(
    `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`, { input: { name, email, role: 'MENTOR' } }, tokens[admin])).inviteStaff;
  ok(await approveInvitation(t, tokens[approver], id));
  return id;
}

const deactivatedAtOf = async (userId: string) => (await q<{ deactivated_at: Date }>(`SELECT deactivated_at FROM app_user WHERE id = $1`, [userId]))[0]!.deactivated_at;

/** Deactivated by the administrator of the account's municipality; the moment as the database took it. */
async function deactivated(admin: string, userId: string): Promise<Date> {
  const [{ version }] = await q<{ version: number }>(`SELECT version FROM app_user WHERE id = $1`, [userId]);
  ok(await t.gql(`mutation($id: ID!, $v: Int!) { deactivateStaff(userId: $id, expectedVersion: $v) { id } }`, { id: userId, v: version }, tokens[admin]));
  return deactivatedAtOf(userId);
}

/**
 * The deactivation as if made a minute ago: the person's new sign-in comes a minute after it, as
 * it would in life, past the allowance for the provider's clock running ahead of the database's.
 */
async function aMinuteAgo(userId: string): Promise<Date> {
  await q(`UPDATE app_user SET deactivated_at = deactivated_at - interval '1 minute' WHERE id = $1`, [userId]);
  return deactivatedAtOf(userId);
}

/** A provider's token for the login, with its verified e-mail, stating `issued` as its `iat`. */
const tokenOf = (subject: string, email: string, issued: Date) => signToken(t.config.auth, subject, issued, undefined, { email, email_verified: true });
/** The moment `seconds` whole seconds after the second `at` falls in: an `iat` as a provider's clock states it. */
const secondsAfter = (at: Date, seconds: number) => new Date((Math.floor(at.getTime() / 1000) + seconds) * 1000);

/** Each account, as its municipality's staff list shows it: the login bound to it, signed in with, deactivated. */
const accountsOf = async (...ids: string[]) =>
  (await q<{ id: string; subject: string | null; active: boolean; deactivated: boolean }>(
    `SELECT id, subject, activated_at IS NOT NULL AS active, deactivated_at IS NOT NULL AS deactivated FROM app_user WHERE id = ANY($1::uuid[])`, [ids],
  )).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).map(({ id: _id, ...state }) => state);
/** The login bound to the account, and the account in use or deactivated. */
const BOUND = { active: true, deactivated: false };
const BOUND_DEACTIVATED = { active: true, deactivated: true };
/** Released by a move: no login, never signed in with, deactivated. */
const RELEASED = { subject: null, active: false, deactivated: true };
/** An invitation waiting for its first sign-in. */
const WAITING = { subject: null, active: false, deactivated: false };
/** The refused sign-ins written about an account, in its own municipality's log. */
const refusalsAbout = (userId: string) =>
  q<{ municipality_id: string; detail: string }>(
    `SELECT municipality_id, detail FROM audit_log WHERE action = 'SIGN_IN_DEACTIVATED_USER' AND entity_id = $1 ORDER BY id`, [userId]);

const DEACTIVATED = { message: 'Din bruger er deaktiveret i Samplan — kontakt din administrator.', extensions: { code: 'NOT_A_USER', reason: 'DEACTIVATED' } };

describe('a token from before the old account\'s deactivation, after the move', () => {
  it('a tab left signed in at the old municipality is refused as the deactivated account there, on HTTP and on a socket, and logged there once; the new sign-in goes on', async () => {
    const svendborg = await invitedBy('sif', 'svend', 'Lise Lund', 'lise@firma.dk');
    // Lise signs in at Svendborg; the tab keeps this token (issued two minutes ago, well within its lifetime).
    const oldTab = await tokenOf('idp|lise', 'lise@firma.dk', new Date(Date.now() - 120_000));
    expect(ok(await me(oldTab)).me.name).toBe('Lise Lund');
    await deactivated('sif', svendborg);
    await aMinuteAgo(svendborg);
    const faaborg = await invitedBy('ida', 'alma', 'Lise Lund', 'lise@firma.dk');

    // She signs in anew: the login moves to Faaborg-Midtfyn's account.
    const fresh = await tokenOf('idp|lise', 'lise@firma.dk', new Date());
    const moved = ok(await me(fresh)).me;
    expect(moved).toEqual({ name: 'Lise Lund', municipality: ok(await me(tokens.ida)).me.municipality });

    // The old tab asks again, twice: it is Svendborg's deactivated account's token, not a way into Faaborg-Midtfyn.
    for (let i = 0; i < 2; i++) {
      const refused = await me(oldTab);
      expect([refused.data ?? null, refused.errors?.[0]]).toEqual([null, expect.objectContaining(DEACTIVATED)]);
    }
    // Its live connection, too, is closed as a deactivated user's.
    const socket = await WsClient.connect(t.url, oldTab);
    expect(await socket.closed).toBe(WS_FORBIDDEN);
    expect(socket.closeReason).toBe('NOT_A_USER_DEACTIVATED');

    // Written once for the token, in Svendborg's log, about its account; Faaborg-Midtfyn's log has no refusal.
    const [{ municipality_id: svendborgMunicipality }] = await q<{ municipality_id: string }>(`SELECT municipality_id FROM app_user WHERE id = $1`, [svendborg]);
    expect(await refusalsAbout(svendborg)).toEqual([{ municipality_id: svendborgMunicipality, detail: 'Lise Lund forsøgte at logge ind, men er deaktiveret (login-id idp|lise)' }]);
    expect(await refusalsAbout(faaborg)).toEqual([]);
    // Nothing moved back, and her own sign-in goes on.
    expect(await accountsOf(faaborg, svendborg)).toEqual([{ subject: 'idp|lise', ...BOUND }, RELEASED]);
    expect(ok(await me(fresh)).me).toEqual(moved);
  });
});

describe('the provider\'s clock running ahead of the database\'s', () => {
  it('a token whose iat lies within the allowed clock difference after a deactivation is taken as issued before it: no move, told deactivated and when to sign in again; one beyond it moves', async () => {
    const svendborg = await invitedBy('sif', 'svend', 'Otto Ur', 'otto@firma.dk');
    expect(ok(await me(await tokenOf('idp|otto', 'otto@firma.dk', new Date()))).me.name).toBe('Otto Ur');
    const at = await deactivated('sif', svendborg);
    const faaborg = await invitedBy('ida', 'alma', 'Otto Ur', 'otto@firma.dk');

    // Issued just before the deactivation by a provider whose clock runs 30 seconds ahead: its iat says 30 seconds after it.
    const ahead = await me(await tokenOf('idp|otto', 'otto@firma.dk', secondsAfter(at, 30)));
    expect([ahead.data ?? null, ahead.errors?.[0]]).toEqual([null, expect.objectContaining({
      message: 'Din bruger er deaktiveret i Samplan. Er du lige blevet inviteret i en anden kommune, så log ind igen om 1 sekund.',
      extensions: { code: 'NOT_A_USER', reason: 'DEACTIVATED', retryAfterSeconds: 1 },
    })]);
    // A live connection opened with such a token is closed with the seconds as well: the page counts down from it.
    const socket = await WsClient.connect(t.url, await tokenOf('idp|otto', 'otto@firma.dk', secondsAfter(at, 19)));
    expect([await socket.closed, socket.closeReason]).toEqual([WS_FORBIDDEN, 'NOT_A_USER_DEACTIVATED_RETRY_12']);
    const stays = [{ subject: 'idp|otto', ...BOUND_DEACTIVATED }, WAITING];
    expect(await accountsOf(svendborg, faaborg)).toEqual(stays);

    // A minute on: a sign-in then states an iat more than the allowance after the deactivation, and moves.
    const earlier = await aMinuteAgo(svendborg);
    expect(codeOf(await me(await tokenOf('idp|otto', 'otto@firma.dk', secondsAfter(earlier, 30))))).toBe('NOT_A_USER');
    expect(await accountsOf(svendborg, faaborg)).toEqual(stays);
    expect(ok(await me(await tokenOf('idp|otto', 'otto@firma.dk', secondsAfter(earlier, 31)))).me.name).toBe('Otto Ur');
    expect(await accountsOf(svendborg, faaborg)).toEqual([RELEASED, { subject: 'idp|otto', ...BOUND }]);
  });

  it('after the move, a token from within the allowance after the old account\'s deactivation does not act as the new account either', async () => {
    const svendborg = await invitedBy('sif', 'svend', 'Ulf Urskov', 'ulf@firma.dk');
    expect(ok(await me(await tokenOf('idp|ulf', 'ulf@firma.dk', new Date()))).me.name).toBe('Ulf Urskov');
    await deactivated('sif', svendborg);
    const earlier = await aMinuteAgo(svendborg);
    await invitedBy('ida', 'alma', 'Ulf Urskov', 'ulf@firma.dk');
    expect(ok(await me(await tokenOf('idp|ulf', 'ulf@firma.dk', new Date()))).me.name).toBe('Ulf Urskov');

    const within = await me(await tokenOf('idp|ulf', 'ulf@firma.dk', secondsAfter(earlier, 30)));
    expect(within.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_A_USER', reason: 'DEACTIVATED' } });
    expect(ok(await me(await tokenOf('idp|ulf', 'ulf@firma.dk', secondsAfter(earlier, 31)))).me.name).toBe('Ulf Urskov');
  });
});
