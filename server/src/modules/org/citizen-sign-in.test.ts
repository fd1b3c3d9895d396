import { CITIZEN_WITHOUT_PROGRAMME_MESSAGE } from '../../core/auth/authenticate';
import { signToken } from '../../core/auth/tokens';
import { codeOf, count } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

// A migrated, seeded database and a server of its own; slow on a busy machine.
jest.setTimeout(30_000);
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
}, 60_000);
afterAll(() => t.stop());

/** A token as a MitID broker would issue it: a pseudonymous subject, and the CPR number when the match is agreed. */
const brokerToken = (subject: string, claims: Record<string, string> = {}) => signToken(t.config.auth, subject, new Date(), undefined, claims);
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
