import { CITIZEN_WITHOUT_PROGRAMME_MESSAGE } from '../../core/auth/authenticate';
import { mitIdToken } from '../../test-support/mitid-token';
import { codeOf, count } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase } from '../rules/rules-fixtures';
import { WsClient } from '../../test-support/ws-client';

// A migrated, seeded database and a server of its own; slow on a busy machine.
jest.setTimeout(60_000);
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
}, 60_000);
afterAll(() => t.stop());

/** A token as a MitID broker would issue it: a pseudonymous subject, and the CPR number when the match is agreed, at NSIS level Substantial. */
const brokerToken = (subject: string, claims: Record<string, string> = {}) => mitIdToken(t.config.auth, subject, claims);
const me = (token: string) => t.gql<{ me: { name: string; role: string } }>(`{ me { name role } }`, {}, token);
const cprOf = async (name: string): Promise<string> => (await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = $1`, [name]))[0].cpr;

describe("a citizen's first sign-in through a MitID broker", () => {
  it('binds the citizen by the CPR number to an account of their own, once, and audited; later sign-ins go by subject', async () => {
    const cpr = await cprOf('Eva Jensen');
    const first = await me(await brokerToken('mitid:eva-7f3a', { 'dk:gov:saml:attribute:CprNumberIdentifier': `${cpr.slice(0, 6)}-${cpr.slice(6)}` }));
    expect(first.errors).toBeUndefined();
    expect(first.data!.me).toEqual({ name: 'Eva Jensen', role: 'CITIZEN' });
    // The subject alone finds her now: the CPR number is needed only the first time.
    expect((await me(await brokerToken('mitid:eva-7f3a'))).data!.me.name).toBe('Eva Jensen');
    expect(await count(t, `SELECT 1 FROM app_user u JOIN citizen c ON c.id = u.citizen_id WHERE c.name = 'Eva Jensen' AND u.role = 'CITIZEN'`)).toBe(1);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'CITIZEN_FIRST_SIGN_IN' AND outcome = 'ALLOWED'`)).toBe(1);
    // The CPR number is not written into the log.
    expect(await count(t, `SELECT 1 FROM audit_log WHERE detail LIKE '%' || $1 || '%'`, [cpr])).toBe(0);
  });

  it('a second subject with the same CPR number is not bound to the same citizen: NOT_A_USER', async () => {
    const cpr = await cprOf('Eva Jensen');
    const other = await me(await brokerToken('mitid:someone-else', { cpr }));
    expect(codeOf(other)).toBe('NOT_A_USER');
    expect(other.errors?.[0].extensions?.reason).toBe('CITIZEN');
    expect(await count(t, `SELECT 1 FROM app_user u JOIN citizen c ON c.id = u.citizen_id WHERE c.name = 'Eva Jensen'`)).toBe(1);
  });

  it('a CPR number of nobody with a programme, or no CPR claim at all, gets no account', async () => {
    const stranger = await me(await brokerToken('mitid:stranger', { cpr: '0101011234' }));
    expect(codeOf(stranger)).toBe('NOT_A_USER');
    // Told as a citizen, not as staff whom an administrator has not created.
    expect(stranger.errors?.[0]).toMatchObject({ message: CITIZEN_WITHOUT_PROGRAMME_MESSAGE, extensions: { reason: 'CITIZEN' } });
    const noClaim = await me(await brokerToken('mitid:no-claim'));
    expect(codeOf(noClaim)).toBe('NOT_A_USER');
    expect(noClaim.errors?.[0].extensions?.reason).toBeUndefined();
    expect(codeOf(await me(await brokerToken('mitid:garbage', { cpr: 'not-a-cpr' })))).toBe('NOT_A_USER');
    expect(await count(t, `SELECT 1 FROM app_user WHERE subject IN ('mitid:stranger', 'mitid:no-claim', 'mitid:garbage')`)).toBe(0);
  });
});

describe('a citizen who moved to another municipality Samplan serves', () => {
  const ME = `{ me { name role municipality { code } } }`;
  const whereSignedIn = async (token: string) => {
    const res = await t.gql<{ me: { name: string; role: string; municipality: { code: string } } }>(ME, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.me;
  };
  /** What an instance's cache of who a subject is would have let go of after its 30 s: dropped through the users' change channel, as the user table's trigger does. */
  const cacheLetsGo = (userId: string) => t.db.dataSource.query(`SELECT pg_notify('samplan_user_rights', $1)`, [userId]);
  /**
   * Signs in until the answer names `code` (the notice above reaches the server's cache a moment
   * after it is sent; on a machine busy with other test files a request alone can take seconds),
   * for up to 20 s; the last answer.
   */
  const signedInTo = async (token: () => Promise<string>, code: string) => {
    const until = Date.now() + 20_000;
    for (;;) {
      const at = await whereSignedIn(await token());
      if (at.municipality.code === code || Date.now() > until) return at;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('signs in to the running programme in the new municipality: the old account is closed, each municipality\'s log says so, and the subject names the new account', async () => {
    const cpr = await cprOf('Bo Petersen');
    const withCpr = () => brokerToken('mitid:bo-2b9c', { cpr });
    const [fmk] = await t.db.dataSource.query(`SELECT m.id, m.code FROM municipality m JOIN app_user u ON u.municipality_id = m.id WHERE u.username = 'anna'`);
    const [other] = await t.db.dataSource.query(`SELECT m.code FROM municipality m JOIN app_user u ON u.municipality_id = m.id WHERE u.username = 'otto'`);
    expect(await whereSignedIn(await withCpr())).toEqual({ name: 'Bo Petersen', role: 'CITIZEN', municipality: { code: fmk.code } });
    const [old] = await t.db.dataSource.query(`SELECT id, citizen_id FROM app_user WHERE subject = 'mitid:bo-2b9c'`);

    // The new municipality registers him and starts its own forløb; his programme here still runs: nothing moves.
    const moved = await insertCase(t.db.dataSource, { coordinator: 'otto', start: '2026-11-02', type: 'HELHEDSORIENTERET', name: 'Bo Petersen' });
    await t.db.dataSource.query(`UPDATE citizen SET cpr = $1 WHERE id = $2`, [cpr, moved.citizenId]);
    await cacheLetsGo(old.id);
    expect((await whereSignedIn(await withCpr())).municipality.code).toBe(fmk.code);
    expect(await count(t, `SELECT 1 FROM app_user WHERE citizen_id = $1`, [moved.citizenId])).toBe(0);

    // His page is open meanwhile.
    const socket = await WsClient.connect(t.url, await brokerToken('mitid:bo-2b9c'));
    expect(socket.closeCode).toBeNull();

    // Ended here as moved: his sign-in follows the programme.
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'MOVED' WHERE citizen_id = $1 AND status = 'ACTIVE'`, [old.citizen_id]);
    await cacheLetsGo(old.id);
    expect(await signedInTo(withCpr, other.code)).toEqual({ name: 'Bo Petersen', role: 'CITIZEN', municipality: { code: other.code } });
    // The open page is told to read again as his new account (rights changed), not that he was deactivated.
    expect(await socket.closed).toBe(4410);
    // Later sign-ins go by the subject alone, to the new account.
    expect((await whereSignedIn(await brokerToken('mitid:bo-2b9c'))).municipality.code).toBe(other.code);

    const [closed] = await t.db.dataSource.query(`SELECT subject, deactivated_at FROM app_user WHERE id = $1`, [old.id]);
    expect(closed.subject).toBeNull();
    expect(closed.deactivated_at).not.toBeNull();
    expect(await count(t, `SELECT 1 FROM app_user WHERE citizen_id = $1 AND role = 'CITIZEN' AND subject = 'mitid:bo-2b9c'`, [moved.citizenId])).toBe(1);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'CITIZEN_ACCOUNT_CLOSED' AND citizen_id = $1 AND municipality_id = (SELECT municipality_id FROM citizen WHERE id = $1)`, [old.citizen_id])).toBe(1);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'CITIZEN_FIRST_SIGN_IN' AND citizen_id = $1 AND municipality_id = $2`, [moved.citizenId, moved.municipalityId])).toBe(1);
    // Neither municipality's log tells of the other.
    const details: Array<{ detail: string }> = await t.db.dataSource.query(
      `SELECT detail FROM audit_log WHERE action IN ('CITIZEN_ACCOUNT_CLOSED', 'CITIZEN_FIRST_SIGN_IN') AND citizen_id IN ($1, $2)`, [old.citizen_id, moved.citizenId]);
    expect(details.map((d) => d.detail).join(' ')).not.toMatch(/kommune|flyt/i);

    // He moves back: the new municipality's forløb ends, the first one starts a new one for him. His closed account there opens again.
    const [now] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE subject = 'mitid:bo-2b9c'`);
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'MOVED' WHERE citizen_id = $1 AND status = 'ACTIVE'`, [moved.citizenId]);
    await insertCase(t.db.dataSource, { coordinator: 'anna', start: '2026-11-30', type: 'HELHEDSORIENTERET', citizenId: old.citizen_id });
    await cacheLetsGo(now.id);
    expect((await signedInTo(withCpr, fmk.code)).municipality.code).toBe(fmk.code);
    const [back] = await t.db.dataSource.query(`SELECT id, deactivated_at FROM app_user WHERE subject = 'mitid:bo-2b9c'`);
    expect(back).toEqual({ id: old.id, deactivated_at: null });
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'CITIZEN_ACCOUNT_REOPENED' AND citizen_id = $1 AND municipality_id = $2`, [old.citizen_id, fmk.id])).toBe(1);
    expect(await count(t, `SELECT 1 FROM app_user WHERE id = $1 AND subject IS NULL AND deactivated_at IS NOT NULL`, [now.id])).toBe(1);
  });

  it('no move without a running programme elsewhere: a citizen whose programme ended stays with their account', async () => {
    const cpr = await cprOf('Eva Jensen');
    const token = () => brokerToken('mitid:eva-7f3a', { cpr });
    const [account] = await t.db.dataSource.query(`SELECT id, citizen_id, municipality_id FROM app_user WHERE subject = 'mitid:eva-7f3a'`);
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'EMPLOYMENT' WHERE citizen_id = $1 AND status = 'ACTIVE'`, [account.citizen_id]);
    await cacheLetsGo(account.id);
    expect((await me(await token())).data!.me.name).toBe('Eva Jensen');
    expect(await count(t, `SELECT 1 FROM app_user WHERE id = $1 AND deactivated_at IS NULL AND subject = 'mitid:eva-7f3a'`, [account.id])).toBe(1);
  });
});
