import { NSIS_LOA_CLAIM } from './nsis';
import { signToken } from './tokens';
import { codeOf, count } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';

/**
 * Min plan holds a citizen's social case and data about their health: every request of a
 * citizen's account, over HTTP and when a WebSocket connects, needs a token at NSIS level
 * Substantial (OIDC_CITIZEN_MIN_LOA), not only the sign-in that bound the account. Staff are
 * not judged by it, and the demo's own sign-in keeps working.
 */

// A migrated, seeded database and a server of its own; slow on a busy machine.
jest.setTimeout(60_000);
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
}, 60_000);
afterAll(() => t.stop());

const OIO_CPR = 'https://data.gov.dk/model/core/eid/cprNumber';
const LEVEL_MESSAGE = 'Log ind med MitID på betydeligt niveau for at se din plan.';

/** A token of the broker, with exactly these claims. */
const brokerToken = (subject: string, claims: Record<string, string> = {}) => signToken(t.config.auth, subject, new Date(), undefined, claims);
const me = (token: string) => t.gql<{ me: { name: string; role: string } }>(`{ me { name role } }`, {}, token);
const cprOf = async (name: string): Promise<string> => (await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = $1`, [name]))[0].cpr;

/** The refusal a citizen below the level gets over HTTP. */
function expectLevelRefusal(res: Awaited<ReturnType<typeof me>>) {
  expect(res.status).toBe(403);
  expect(codeOf(res)).toBe('NOT_A_USER');
  expect(res.errors?.[0]).toMatchObject({ message: LEVEL_MESSAGE, extensions: { reason: 'CITIZEN', levelRequired: 'Substantial' } });
  expect(res.data ?? null).toBeNull();
}

describe('a citizen\'s account, on every request', () => {
  it('bound at Substantial, is refused to a later sign-in of the same subject at Low, over HTTP and WebSocket; at Substantial it is let in again', async () => {
    const cpr = await cprOf('Eva Jensen');
    const subject = 'mitid:eva-every-request';
    const substantial = await brokerToken(subject, { [OIO_CPR]: cpr, [NSIS_LOA_CLAIM]: 'Substantial' });
    const first = await me(substantial);
    expect(first.errors).toBeUndefined();
    expect(first.data!.me).toEqual({ name: 'Eva Jensen', role: 'CITIZEN' });
    // The account is bound; the actor behind the subject is now in this instance's actor cache.
    const [account] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE subject = $1`, [subject]);

    // MitID at Low (username and password alone), the same person: the number is not read, but the subject alone names the account.
    const low = await brokerToken(subject, { [OIO_CPR]: cpr, [NSIS_LOA_CLAIM]: 'Low' });
    expectLevelRefusal(await me(low));
    // Nor without the number: the subject is enough to name the account.
    expectLevelRefusal(await me(await brokerToken(subject, { [NSIS_LOA_CLAIM]: 'Low' })));
    // A token stating no level at all is below it too.
    expectLevelRefusal(await me(await brokerToken(subject)));

    const ws = await WsClient.connect(t.url, low);
    await ws.closed;
    expect([ws.closeCode, ws.closeReason]).toEqual([4403, 'NOT_A_USER_CITIZEN_LEVEL_SUBSTANTIAL']);

    // The log: the login and the levels, in the account's municipality, no actor (no probe to review), never the number.
    const rows = await t.db.dataSource.query(
      `SELECT action, outcome, actor_id, entity_id, municipality_id IS NOT NULL AS in_municipality, detail FROM audit_log WHERE entity_id = $1 AND outcome = 'DENIED' ORDER BY id`,
      [account.id],
    );
    // Logged as a citizen refused below the level, once per token (the socket opened with the first adds none): the account is known, no stranger's sign-in.
    expect(rows).toHaveLength(3);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(rows.map(() => 'SIGN_IN_LEVEL_TOO_LOW'));
    expect(rows[0]).toMatchObject({ action: 'SIGN_IN_LEVEL_TOO_LOW', outcome: 'DENIED', actor_id: null, in_municipality: true });
    expect(rows[0].detail).toBe(`login-id ${subject} fra ${t.config.auth.issuer}; borgerens konto ikke åbnet: sikringsniveau Low, kræver Substantial`);
    expect(rows.map((r: { detail: string }) => r.detail)).toContain(`login-id ${subject} fra ${t.config.auth.issuer}; borgerens konto ikke åbnet: sikringsniveau ikke angivet, kræver Substantial`);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE detail LIKE '%' || $1 || '%'`, [cpr])).toBe(0);

    // At Substantial again: the plan, over HTTP and WebSocket. The refusals closed nothing.
    const again = await me(await brokerToken(subject, { [NSIS_LOA_CLAIM]: 'Substantial' }));
    expect(again.errors).toBeUndefined();
    expect(again.data!.me.name).toBe('Eva Jensen');
    const open = await WsClient.connect(t.url, substantial);
    expect(open.closeCode).toBeNull();
    const res = await open.request('{ me { name } }');
    expect(res.data).toEqual({ me: { name: 'Eva Jensen' } });
    open.close();
  });

  it('refused below the level, stands in the citizen\'s own adgangslog for their coordinator, without an actor and never with the number', async () => {
    const cpr = await cprOf('Eva Jensen');
    const subject = 'mitid:eva-every-request';
    expect((await me(await brokerToken(subject, { [OIO_CPR]: cpr, [NSIS_LOA_CLAIM]: 'Substantial' }))).errors).toBeUndefined();
    expectLevelRefusal(await me(await brokerToken(subject, { [OIO_CPR]: cpr, [NSIS_LOA_CLAIM]: 'Low' })));

    // The coordinator asked "why can't she log in?" reads her log: the refusal is there.
    const [{ citizen_id: citizenId, username }] = await t.db.dataSource.query(
      `SELECT pr.citizen_id, u.username FROM coordinator_assignment ca JOIN programme pr ON pr.id = ca.programme_id JOIN citizen c ON c.id = pr.citizen_id
         JOIN app_user u ON u.id = ca.user_id
        WHERE c.name = 'Eva Jensen' AND ca.to_at IS NULL ORDER BY pr.status = 'ACTIVE' DESC, ca.from_at DESC LIMIT 1`,
    );
    const log = await t.gql<{ accessLogPage: { entries: Array<{ actorName: string | null; action: string; outcome: string; detail: string | null }> } }>(
      `query($c: ID!) { accessLogPage(citizenId: $c, filter: { onlyDenied: true }) { entries { actorName action outcome detail } } }`,
      { c: citizenId },
      await t.login(username),
    );
    expect(log.errors).toBeUndefined();
    const refused = log.data!.accessLogPage.entries.filter((e) => e.action === 'SIGN_IN_LEVEL_TOO_LOW');
    const [account] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE subject = $1`, [subject]);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused).toHaveLength(await count(t, `SELECT 1 FROM audit_log WHERE action = 'SIGN_IN_LEVEL_TOO_LOW' AND entity_id = $1`, [account.id]));
    expect(refused).toContainEqual({
      actorName: null, action: 'SIGN_IN_LEVEL_TOO_LOW', outcome: 'DENIED', detail: `login-id ${subject} fra ${t.config.auth.issuer}; borgerens konto ikke åbnet: sikringsniveau Low, kræver Substantial`,
    });
    expect(await count(t, `SELECT 1 FROM audit_log WHERE detail LIKE '%' || $1 || '%' OR entity_id = $1`, [cpr])).toBe(0);
  });

  it('is asked for High when OIDC_CITIZEN_MIN_LOA says so', async () => {
    const high = await startTestServer({ db: t.db, seed: false, env: { OIDC_CITIZEN_MIN_LOA: 'High' } });
    try {
      const token = await signToken(high.config.auth, 'mitid:eva-every-request', new Date(), undefined, { [NSIS_LOA_CLAIM]: 'Substantial' });
      const res = await high.gql(`{ me { name } }`, {}, token);
      expect(res.errors?.[0]).toMatchObject({ message: 'Log ind med MitID på højt niveau for at se din plan.', extensions: { code: 'NOT_A_USER', reason: 'CITIZEN', levelRequired: 'High' } });
      const ws = await WsClient.connect(high.url, token);
      await ws.closed;
      expect(ws.closeReason).toBe('NOT_A_USER_CITIZEN_LEVEL_HIGH');
      const at = await high.gql<{ me: { name: string } }>(`{ me { name } }`, {}, await signToken(high.config.auth, 'mitid:eva-every-request', new Date(), undefined, { [NSIS_LOA_CLAIM]: 'High' }));
      expect(at.data?.me.name).toBe('Eva Jensen');
    } finally {
      await high.stop();
    }
  });
});

describe('not judged by the citizens\' level', () => {
  it('staff, whatever level their provider states or none', async () => {
    for (const claims of [{}, { [NSIS_LOA_CLAIM]: 'Low' }] as Array<Record<string, string>>) {
      const token = await brokerToken('anna', claims);
      const res = await me(token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.me).toMatchObject({ role: 'CASEWORKER' });
      const ws = await WsClient.connect(t.url, token);
      expect(ws.closeCode).toBeNull();
      ws.close();
    }
  });

  it('the demo citizen signed in by the demo\'s own login', async () => {
    const login = await t.gql<{ devLogin: { token: string } }>(`mutation { devLogin(username: "per") { token } }`);
    expect(login.errors).toBeUndefined();
    const res = await me(login.data!.devLogin.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toEqual({ name: 'Per Hansen', role: 'CITIZEN' });
    const ws = await WsClient.connect(t.url, login.data!.devLogin.token);
    expect(ws.closeCode).toBeNull();
    ws.close();
  });
});
