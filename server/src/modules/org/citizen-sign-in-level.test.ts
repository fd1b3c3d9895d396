import { signToken } from '../../core/auth/tokens';
import { codeOf, count } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';
import { insertCase } from '../rules/rules-fixtures';

/**
 * A citizen's account is bound by the CPR number of their first sign-in only when the sign-in
 * proves them at NSIS level Substantial or higher (OIDC_CITIZEN_MIN_LOA). Staff and citizens may
 * sign in through one broker: a token with a CPR number at Low, or with no level (a staff
 * identity carrying a cpr attribute), binds no account, moves none, and is told how to sign in.
 */

// A migrated, seeded database and a server of its own; slow on a busy machine.
jest.setTimeout(60_000);
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
}, 60_000);
afterAll(() => t.stop());

/** NemLog-in's claim names (its OIOSAML 3.0 attribute profile). */
const OIO_CPR = 'https://data.gov.dk/model/core/eid/cprNumber';
const NSIS_LOA = 'https://data.gov.dk/concept/core/nsis/loa';
const LEVEL_MESSAGE = 'Log ind med MitID på betydeligt niveau for at se din plan.';

/** A token of the broker, with exactly these claims (no level unless given). */
const brokerToken = (subject: string, claims: Record<string, string> = {}) => signToken(t.config.auth, subject, new Date(), undefined, claims);
const me = (token: string) => t.gql<{ me: { name: string; role: string; municipality: { code: string } } }>(`{ me { name role municipality { code } } }`, {}, token);
const cprOf = async (name: string): Promise<string> => (await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = $1`, [name]))[0].cpr;
const accountsOf = (name: string) => count(t, `SELECT 1 FROM app_user u JOIN citizen c ON c.id = u.citizen_id WHERE c.name = $1`, [name]);
const accountsBy = (subject: string) => count(t, `SELECT 1 FROM app_user WHERE subject = $1`, [subject]);

describe('the NSIS level of a citizen\'s first sign-in', () => {
  it('binds the citizen when NemLog-in states Substantial, in its own claim names', async () => {
    const cpr = await cprOf('Eva Jensen');
    const res = await me(await brokerToken('nemlogin:eva', { [OIO_CPR]: cpr, [NSIS_LOA]: 'Substantial' }));
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toMatchObject({ name: 'Eva Jensen', role: 'CITIZEN' });
    expect(await accountsOf('Eva Jensen')).toBe(1);
  });

  it('binds the citizen when a broker states High as an NSIS URI in `acr`', async () => {
    const cpr = await cprOf('Kim Larsen');
    const res = await me(await brokerToken('broker:kim', { [OIO_CPR]: cpr, acr: 'https://data.gov.dk/concept/core/nsis/High' }));
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toMatchObject({ name: 'Kim Larsen', role: 'CITIZEN' });
  });

  it('at Low: no account is bound or touched, the citizen is told to sign in at Substantial, and the log names the level but not the number', async () => {
    const cpr = await cprOf('Bo Petersen');
    const low = await brokerToken('mitid:bo-low', { [OIO_CPR]: cpr, [NSIS_LOA]: 'Low' });
    const res = await me(low);
    expect(res.status).toBe(403);
    expect(codeOf(res)).toBe('NOT_A_USER');
    expect(res.errors?.[0]).toMatchObject({ message: LEVEL_MESSAGE, extensions: { reason: 'CITIZEN', levelRequired: 'Substantial' } });
    // The socket is refused as a citizen's, with the level, as on HTTP.
    const ws = await WsClient.connect(t.url, low);
    expect([ws.closeCode, ws.closeReason]).toEqual([4403, 'NOT_A_USER_CITIZEN_LEVEL_SUBSTANTIAL']);
    expect(await accountsOf('Bo Petersen')).toBe(0);
    expect(await accountsBy('mitid:bo-low')).toBe(0);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'CITIZEN_FIRST_SIGN_IN' AND citizen_id = (SELECT id FROM citizen WHERE name = 'Bo Petersen')`)).toBe(0);
    const [row] = await t.db.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'SIGN_IN_UNKNOWN_USER' AND detail LIKE '%mitid:bo-low%' ORDER BY id DESC LIMIT 1`);
    expect(row.detail).toContain('sikringsniveau Low, kræver Substantial');
    expect(await count(t, `SELECT 1 FROM audit_log WHERE detail LIKE '%' || $1 || '%'`, [cpr])).toBe(0);
    // The same person signing in again at Substantial gets their plan: the refusal kept nothing.
    const again = await me(await brokerToken('mitid:bo-low', { [OIO_CPR]: cpr, [NSIS_LOA]: 'Substantial' }));
    expect(again.errors).toBeUndefined();
    expect(again.data!.me.name).toBe('Bo Petersen');
  });

  it('without a level (a staff identity from the same broker carrying a cpr attribute): no account is bound', async () => {
    const cpr = await cprOf('Lise Mortensen');
    for (const [subject, claims] of [
      ['broker:staff-with-cpr', { cpr }],
      ['broker:saml-bridge', { 'dk:gov:saml:attribute:CprNumberIdentifier': cpr }],
      ['broker:other-scheme', { [OIO_CPR]: cpr, acr: 'Substantial' }],
    ] as const) {
      const res = await me(await brokerToken(subject, claims));
      expect(codeOf(res)).toBe('NOT_A_USER');
      expect(res.errors?.[0]).toMatchObject({ message: LEVEL_MESSAGE, extensions: { reason: 'CITIZEN', levelRequired: 'Substantial' } });
      expect(await accountsBy(subject)).toBe(0);
    }
    expect(await accountsOf('Lise Mortensen')).toBe(0);
  });

  it('a bound citizen\'s sign-in at Low moves no account to another municipality', async () => {
    const cpr = await cprOf('Jonas Friis');
    const at = (level: string) => brokerToken('mitid:jonas', { [OIO_CPR]: cpr, [NSIS_LOA]: level });
    const [fmk] = await t.db.dataSource.query(`SELECT m.code FROM municipality m JOIN app_user u ON u.municipality_id = m.id WHERE u.username = 'anna'`);
    const [svb] = await t.db.dataSource.query(`SELECT m.code FROM municipality m JOIN app_user u ON u.municipality_id = m.id WHERE u.username = 'otto'`);
    expect((await me(await at('Substantial'))).data!.me.municipality.code).toBe(fmk.code);
    const [account] = await t.db.dataSource.query(`SELECT id, citizen_id FROM app_user WHERE subject = 'mitid:jonas'`);
    // He moved: the other municipality runs a forløb for him, this one ended his as moved.
    const moved = await insertCase(t.db.dataSource, { coordinator: 'otto', start: '2026-11-02', type: 'HELHEDSORIENTERET', name: 'Jonas Friis' });
    await t.db.dataSource.query(`UPDATE citizen SET cpr = $1 WHERE id = $2`, [cpr, moved.citizenId]);
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'MOVED' WHERE citizen_id = $1 AND status = 'ACTIVE'`, [account.citizen_id]);
    // What an instance's cache of who a subject is would have let go of after its 30 s (the users' change channel drops it).
    const cacheLetsGo = async () => {
      await t.db.dataSource.query(`SELECT pg_notify('samplan_user_rights', $1)`, [account.id]);
      await new Promise((r) => setTimeout(r, 1_000));
    };
    await cacheLetsGo();
    // At Low his number is not read, nothing moves, and his own account is not opened to it either (core/auth/authenticate.ts).
    const low = await me(await at('Low'));
    expect(low.errors?.[0]).toMatchObject({ message: LEVEL_MESSAGE, extensions: { code: 'NOT_A_USER', reason: 'CITIZEN', levelRequired: 'Substantial' } });
    expect(await count(t, `SELECT 1 FROM app_user WHERE id = $1 AND deactivated_at IS NULL AND subject = 'mitid:jonas'`, [account.id])).toBe(1);
    expect(await count(t, `SELECT 1 FROM app_user WHERE citizen_id = $1`, [moved.citizenId])).toBe(0);
    // At Substantial it does (the sign-in that proves him follows his programme).
    await cacheLetsGo();
    const until = Date.now() + 20_000;
    let code = fmk.code;
    while (code !== svb.code && Date.now() < until) {
      code = (await me(await at('Substantial'))).data!.me.municipality.code;
      if (code !== svb.code) await new Promise((r) => setTimeout(r, 50));
    }
    expect(code).toBe(svb.code);
  });
});
