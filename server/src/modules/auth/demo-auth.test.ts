import type { GraphQLSchema } from 'graphql';
import { SignJWT } from 'jose';
import { buildAppModulesSchema } from '../../app-modules';
import { DEMO_CITIZEN, DEMO_USERS } from '../../seed/demo-seed';
import { DEMO_SECRET_DEFAULT } from '../../core/config';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';
import { authModule, authResolvers } from '.';

/**
 * Demo login exists only in demo mode. Outside it `devLogin` and `demoUsers` are not in the
 * schema at all (not merely refused), and the auth module's manifest is what decides it.
 * In demo mode the login page lists the seeded demo users and nobody else.
 */
jest.setTimeout(60_000);

const rootFields = (schema: GraphQLSchema) => [
  ...Object.keys(schema.getQueryType()?.getFields() ?? {}),
  ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
];

describe('the schema', () => {
  it('outside demo mode has neither devLogin nor demoUsers', async () => {
    const fields = rootFields(await buildAppModulesSchema({ demo: false }));
    expect(fields).toContain('me');
    expect(fields).not.toContain('devLogin');
    expect(fields).not.toContain('demoUsers');
  });

  it('in demo mode has both', async () => {
    const fields = rootFields(await buildAppModulesSchema({ demo: true }));
    expect(fields).toEqual(expect.arrayContaining(['devLogin', 'demoUsers']));
  });

  it('the auth manifest includes the demo resolver only in demo mode', () => {
    expect(authResolvers({ demo: false })).toEqual([]);
    expect(authResolvers({ demo: true })).toHaveLength(1);
    expect(authModule.resolvers).toBe(authResolvers);
  });
});

describe('demoUsers in demo mode', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('lists the seeded demo users only, not other users in the database', async () => {
    const [svb] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'otto'`);
    await t.db.dataSource.query(`INSERT INTO app_user (municipality_id, username, name, role) VALUES ($1, 'rigtig.bruger', 'Rigtig Bruger', 'CASEWORKER')`, [svb.municipality_id]);
    const res = await t.gql<{ demoUsers: Array<{ username: string }> }>(`{ demoUsers { username } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.demoUsers.map((u) => u.username)).toEqual([...DEMO_USERS.map((u) => u.username as string), DEMO_CITIZEN.username].sort());
  });

  it('devLogin signs in as a seeded demo user only: never as a real person in the same database', async () => {
    const [fmk] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'ida'`);
    // An administrator set up by login-id: the user name is the provider's subject.
    await t.db.dataSource.query(
      `INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'a1b2c3-entra-oid', 'a1b2c3-entra-oid', 'Rigtig Admin', 'ADMINISTRATOR', now())`,
      [fmk.municipality_id],
    );
    const LOGIN = `mutation($u: String!) { devLogin(username: $u) { token } }`;
    const refused = await t.gql(LOGIN, { u: 'a1b2c3-entra-oid' });
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.data?.devLogin ?? null).toBeNull();
    expect((await t.gql<{ devLogin: { token: string } }>(LOGIN, { u: 'Anna' })).data?.devLogin.token).toBeTruthy();
  });

  it('leaves out closed accounts: a citizen’s login taken from them by "Ret CPR-nummer", and a deactivated member of staff', async () => {
    const wronglyBound = 'Ukendt person (logget ind med et forkert registreret CPR-nummer)';
    const listed = async () => (await t.gql<{ demoUsers: Array<{ username: string; name: string }> }>(`{ demoUsers { username name } }`)).data!.demoUsers;
    expect((await listed()).map((u) => u.username)).toEqual(expect.arrayContaining([DEMO_CITIZEN.username, 'bent']));
    // What "Ret CPR-nummer" leaves of the login bound through the wrong number (unbindLogins, citizen-sign-in.ts).
    await t.db.dataSource.query(
      `UPDATE app_user SET subject = NULL, deactivated_at = now(), unbound_at = now(), name = $2 WHERE username = $1`,
      [DEMO_CITIZEN.username, wronglyBound],
    );
    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'bent'`);
    const after = await listed();
    expect(after.map((u) => u.name)).not.toContain(wronglyBound);
    expect(after.map((u) => u.username)).toEqual(DEMO_USERS.map((u) => u.username as string).filter((u) => u !== 'bent').sort());
  });
});

describe('a demo instance on the demo secret published in the source', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { DEMO: '1', AUTH_SECRET: DEMO_SECRET_DEFAULT } });
  });
  afterAll(() => t.stop());

  /** What anybody can sign who has read the source: a token for any subject, with the published secret. */
  const forged = (subject: string) =>
    new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setIssuer(t.config.auth.issuer).setAudience(t.config.auth.audience).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(DEMO_SECRET_DEFAULT));
  const ME = `{ me { username } }`;

  it('takes a token for a real person in its database for nobody, over HTTP and WebSocket', async () => {
    const [fmk] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'ida'`);
    await t.db.dataSource.query(
      `INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'real-admin-oid', 'real-admin-oid', 'Rigtig Admin', 'ADMINISTRATOR', now())`,
      [fmk.municipality_id],
    );
    const token = await forged('real-admin-oid');
    const res = await t.gql(ME, {}, token);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data?.me ?? null).toBeNull();
    const ws = await WsClient.connect(t.url, token);
    expect(ws.closeCode).toBe(4401);
  });

  it("binds no real person's invitation, and no real citizen, to a demo subject it names", async () => {
    const [fmk] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'ida'`);
    // A database without the demo users: nobody has the subject "anna" here.
    await t.db.dataSource.query(`UPDATE app_user SET subject = 'anna-moved', username = 'anna-moved' WHERE username = 'anna'`);
    try {
      await t.db.dataSource.query(
        `INSERT INTO app_user (municipality_id, username, name, role, email) VALUES ($1, 'waiting@fmk.dk', 'Ventende Administrator', 'ADMINISTRATOR', 'waiting@fmk.dk')`,
        [fmk.municipality_id],
      );
      const withEmail = new SignJWT({ email: 'waiting@fmk.dk', email_verified: true }).setProtectedHeader({ alg: 'HS256' }).setSubject('anna')
        .setIssuer(t.config.auth.issuer).setAudience(t.config.auth.audience).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(DEMO_SECRET_DEFAULT));
      expect((await t.gql(ME, {}, await withEmail)).errors?.[0].extensions?.code).toBe('NOT_A_USER');
      const [{ cpr }] = await t.db.dataSource.query(`SELECT c.cpr FROM citizen c WHERE c.cpr IS NOT NULL AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.citizen_id = c.id) AND EXISTS (SELECT 1 FROM programme p WHERE p.citizen_id = c.id) LIMIT 1`);
      const withCpr = new SignJWT({ cpr }).setProtectedHeader({ alg: 'HS256' }).setSubject('anna')
        .setIssuer(t.config.auth.issuer).setAudience(t.config.auth.audience).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(DEMO_SECRET_DEFAULT));
      expect((await t.gql(ME, {}, await withCpr)).errors?.[0].extensions?.code).toBe('NOT_A_USER');
      expect(await t.db.dataSource.query(`SELECT 1 FROM app_user WHERE subject = 'anna'`)).toEqual([]);
    } finally {
      await t.db.dataSource.query(`UPDATE app_user SET subject = 'anna', username = 'anna' WHERE username = 'anna-moved'`);
    }
  });

  it('still takes the demo users, whom demo login signs in anyway', async () => {
    expect((await t.gql<{ me: { username: string } }>(ME, {}, await forged('anna'))).data).toEqual({ me: { username: 'anna' } });
    const login = await t.gql<{ devLogin: { token: string } }>(`mutation { devLogin(username: "lene") { token } }`);
    expect((await t.gql<{ me: { username: string } }>(ME, {}, login.data!.devLogin.token)).data).toEqual({ me: { username: 'lene' } });
  });
});
