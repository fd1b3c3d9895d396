import { signToken } from '../../server/src/core/auth/tokens';
import { addAdministrator, approveInvitation } from '../../server/src/test-support/fixtures';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { WsClient } from '../../server/src/test-support/ws-client';
import { startDevOidcProvider, type DevOidcProvider } from '../../server/src/core/auth/dev-oidc';
import { tokensFor } from '../support/oidc-dev';
import { startOidcStack, type OidcStack } from '../support/oidc-stack';

/**
 * The API and a real OpenID provider (server/dev-oidc/provider.mjs): its access tokens are
 * accepted by a server configured for it, found by discovery; a token for another audience or
 * from another issuer is not, nor is a demo token outside demo mode; a valid token of someone
 * Samplan does not know gets NOT_A_USER, on HTTP and WebSocket, and an audit row; so does a
 * deactivated member of staff, who is told that their user is deactivated, and someone whose
 * invitation another administrator has yet to approve, who is told that it waits.
 */
const ME = '{ me { username } }';

let stack: OidcStack;
let server: TestServer;

beforeAll(async () => {
  stack = await startOidcStack();
  server = stack.servers[0]!;
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** The holder of `token` is told, on HTTP and on the WebSocket, why their account does not let them in: `reason`, in `message`. */
async function expectTold(token: string, reason: string, message: string) {
  const res = await server.gql(ME, {}, token);
  expect(res.status).toBe(403);
  expect(res.errors?.[0]).toMatchObject({ message, extensions: { code: 'NOT_A_USER', reason } });
  const ws = await WsClient.connect(server.url, token);
  expect([ws.closeCode, ws.closeReason]).toEqual([4403, `NOT_A_USER_${reason}`]);
}

/** The holder of `token` is told that their user is deactivated. */
const expectToldDeactivated = (token: string) => expectTold(token, 'DEACTIVATED', 'Din bruger er deaktiveret i Samplan — kontakt din administrator.');

describe('tokens of the OpenID provider', () => {
  it('tells the web client where to sign in', async () => {
    const res = await fetch(`${server.url}/auth/config`);
    expect(await res.json()).toEqual({
      mode: 'oidc',
      issuer: stack.provider.settings.issuer,
      clientId: 'samplan-web',
      scope: 'openid profile email samplan',
      audience: 'api://samplan',
    });
  });

  it('accepts an access token of the provider: the subject is the seeded user', async () => {
    const { access_token } = await tokensFor(stack.provider.settings, 'anna');
    const res = await server.gql<{ me: { username: string } }>(ME, {}, access_token);
    expect(res.errors).toBeUndefined();
    expect(res.data?.me.username).toBe('anna');
    const ws = await WsClient.connect(server.url, access_token);
    expect(ws.closeCode).toBeNull();
    ws.socket.close();
  });

  it('refuses a token for another audience', async () => {
    const other = await startTestServer({
      db: stack.db,
      demo: false,
      seed: false,
      env: { OIDC_ISSUER: stack.provider.settings.issuer, OIDC_CLIENT_ID: 'samplan-web', OIDC_AUDIENCE: 'api://another-api' },
    });
    try {
      const { access_token } = await tokensFor(stack.provider.settings, 'anna');
      const res = await other.gql(ME, {}, access_token);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await other.stop();
    }
    // A second server starts (schema, listeners): seconds on a busy machine, as the stack's own start.
  }, 60_000);

  it('refuses a token from another issuer', async () => {
    let elsewhere: DevOidcProvider | undefined;
    try {
      elsewhere = await startDevOidcProvider();
      const { access_token } = await tokensFor(elsewhere.settings, 'anna');
      const res = await server.gql(ME, {}, access_token);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await elsewhere?.stop();
    }
  });

  it('refuses a demo token (HS256) outside demo mode', async () => {
    const demo = await signToken({ ...server.config.auth, secret: 'test-secret-for-samplan-tests-only-000000000000' }, 'anna', new Date());
    const res = await server.gql(ME, {}, demo);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers NOT_A_USER to a valid token of someone who is not staff, and audits it', async () => {
    const { access_token } = await tokensFor(stack.provider.settings, 'ukendt@kommune.dk');
    const sub = JSON.parse(Buffer.from(access_token.split('.')[1]!, 'base64url').toString()).sub as string;
    expect(sub).not.toBe('ukendt@kommune.dk');

    const res = await server.gql(ME, {}, access_token);
    expect(res.status).toBe(403);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_A_USER');
    // Nothing says whether such a person was ever in Samplan.
    expect(res.errors?.[0]?.message).toBe('Din bruger er ikke oprettet i Samplan — kontakt din administrator.');
    expect(res.errors?.[0]?.extensions?.reason).toBeUndefined();

    const ws = await WsClient.connect(server.url, access_token);
    expect([ws.closeCode, ws.closeReason]).toEqual([4403, 'NOT_A_USER']);

    const rows: Array<{ municipality_id: string | null; actor_id: string | null; outcome: string; detail: string }> = await stack.db.dataSource.query(
      `SELECT municipality_id, actor_id, outcome, detail FROM audit_log WHERE action = 'SIGN_IN_UNKNOWN_USER' AND detail LIKE '%' || $1 || '%'`,
      [sub],
    );
    // Once: the request and the socket are one sign-in, with one token.
    expect(rows.length).toBe(1);
    expect(rows[0]).toMatchObject({ municipality_id: null, actor_id: null, outcome: 'DENIED' });
    expect(rows[0]!.detail).toContain(stack.provider.settings.issuer);
  });

  it('tells a deactivated member of staff, who proved who they are, that their user is deactivated; another issuer\'s token for them learns nothing', async () => {
    const { access_token } = await tokensFor(stack.provider.settings, 'carla');
    // She has signed in before. Not asked through the API here: the server would keep her as
    // active until the database's change notice for the UPDATE below reaches it.
    const [{ id, municipality_id, activated_at }] = await stack.db.dataSource.query(`SELECT id, municipality_id, activated_at FROM app_user WHERE username = 'carla'`);
    expect(activated_at).not.toBeNull();
    await stack.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE id = $1`, [id]);
    let elsewhere: DevOidcProvider | undefined;
    try {
      await expectToldDeactivated(access_token);

      // The same person at a provider Samplan does not trust: refused as any foreign token, not told about the account.
      elsewhere = await startDevOidcProvider();
      const foreign = await server.gql(ME, {}, (await tokensFor(elsewhere.settings, 'carla')).access_token);
      expect(foreign.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(foreign.errors?.[0]?.extensions?.reason).toBeUndefined();

      // Each refusal is in the municipality's log, about that member of staff.
      const rows: Array<{ municipality_id: string; actor_id: string | null; entity_id: string; outcome: string; detail: string }> = await stack.db.dataSource.query(
        `SELECT municipality_id, actor_id, entity_id, outcome, detail FROM audit_log WHERE action = 'SIGN_IN_DEACTIVATED_USER' ORDER BY id`,
      );
      // Once per sign-in (the request and the socket with the one token).
      expect(rows.length).toBe(1);
      expect(rows[0]).toMatchObject({ municipality_id, actor_id: null, entity_id: id, outcome: 'DENIED' });
      expect(rows[0]!.detail).toMatch(/^Carla Nielsen forsøgte at logge ind, men er deaktiveret/);
    } finally {
      await elsewhere?.stop();
      await stack.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL WHERE id = $1`, [id]);
    }
  });

  it('tells a member of staff whose invitation was deactivated before they ever signed in that their user is deactivated, by e-mail or by subject; a stranger learns nothing', async () => {
    const admin = (await tokensFor(stack.provider.settings, 'ida')).access_token;
    const subjectOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
    const inviteAndDeactivate = async (input: Record<string, unknown>) => {
      const invited = await server.gql<{ inviteStaff: { id: string } }>(
        `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`, { input: { role: 'MENTOR', ...input } }, admin,
      );
      expect(invited.errors).toBeUndefined();
      const id = invited.data!.inviteStaff.id;
      // On the version the invitation was made with: nobody has changed the person since.
      expect((await server.gql(`mutation($id: ID!) { deactivateStaff(userId: $id, expectedVersion: 1) { id } }`, { id }, admin)).errors).toBeUndefined();
      return id;
    };
    const expectUnknown = async (token: string) => {
      const res = await server.gql(ME, {}, token);
      expect(res.status).toBe(403);
      expect(res.errors?.[0]?.message).toBe('Din bruger er ikke oprettet i Samplan — kontakt din administrator.');
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'NOT_A_USER' });
      const ws = await WsClient.connect(server.url, token);
      expect([ws.closeCode, ws.closeReason]).toEqual([4403, 'NOT_A_USER']);
    };

    // Invited by e-mail, deactivated, then signing in with that (verified) address.
    const byEmail = await inviteAndDeactivate({ name: 'Ebbe Inviteret', email: 'ebbe.inviteret@kommune.dk' });
    await expectToldDeactivated((await tokensFor(stack.provider.settings, 'ebbe.inviteret@kommune.dk')).access_token);

    // Invited by the provider's subject, deactivated, then signing in as that subject.
    const sofieToken = (await tokensFor(stack.provider.settings, 'sofie.subject')).access_token;
    const bySubject = await inviteAndDeactivate({ name: 'Sofie Subject', subject: subjectOf(sofieToken) });
    await expectToldDeactivated(sofieToken);

    // Someone else, at the same provider, is told what anyone Samplan does not know is told.
    await expectUnknown((await tokensFor(stack.provider.settings, 'ebbe.inviteret@andenkommune.dk')).access_token);
    await expectUnknown((await tokensFor(stack.provider.settings, 'sofie.subjekt')).access_token);

    // The invitations stay unbound and deactivated; each refused sign-in is in the municipality's log once, about the invitee.
    const users: Array<{ id: string; subject: string | null; activated_at: Date | null }> = await stack.db.dataSource.query(
      `SELECT id, subject, activated_at FROM app_user WHERE id = ANY($1) ORDER BY name`, [[byEmail, bySubject]],
    );
    expect(users).toEqual([
      { id: byEmail, subject: null, activated_at: null },
      { id: bySubject, subject: subjectOf(sofieToken), activated_at: null },
    ]);
    const rows: Array<{ entity_id: string; outcome: string; detail: string }> = await stack.db.dataSource.query(
      `SELECT entity_id, outcome, detail FROM audit_log WHERE action = 'SIGN_IN_DEACTIVATED_USER' AND entity_id = ANY($1) ORDER BY id`, [[byEmail, bySubject]],
    );
    expect(rows.map((r) => [r.entity_id, r.outcome, r.detail.replace(/ \(login-id .*\)$/, '')])).toEqual([
      [byEmail, 'DENIED', 'Ebbe Inviteret forsøgte at logge ind, men er deaktiveret'],
      [bySubject, 'DENIED', 'Sofie Subject forsøgte at logge ind, men er deaktiveret'],
    ]);
  });

  it('binds an invitation at the provider’s sign-in only once another administrator has approved it; before, the invitee is told it waits, and the log says so', async () => {
    const ida = (await tokensFor(stack.provider.settings, 'ida')).access_token;
    const invited = await server.gql<{ inviteStaff: { id: string } }>(
      `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`, { input: { name: 'Ulla Udsat', email: 'ulla.udsat@kommune.dk', role: 'MENTOR' } }, ida,
    );
    expect(invited.errors).toBeUndefined();
    const ulla = invited.data!.inviteStaff.id;
    const { access_token } = await tokensFor(stack.provider.settings, 'ulla.udsat@kommune.dk');

    await expectTold(access_token, 'AWAITING_APPROVAL', 'Din invitation til Samplan venter på, at en anden administrator godkender den.');
    const rows: Array<{ actor_id: string | null; outcome: string; detail: string }> = await stack.db.dataSource.query(
      `SELECT actor_id, outcome, detail FROM audit_log WHERE action = 'SIGN_IN_AWAITING_APPROVAL' AND entity_id = $1 ORDER BY id`, [ulla],
    );
    // One sign-in, one line: its request and its socket carry the one token.
    expect(rows.map((r) => [r.actor_id, r.outcome, r.detail.replace(/ \(login-id .*\)$/, '')])).toEqual([
      [null, 'DENIED', 'Ulla Udsat forsøgte at logge ind, men invitationen venter på en anden administrators godkendelse'],
    ]);

    // Alma, the municipality's other administrator, signs in at the provider and approves it: Ulla's next request binds it.
    const almaToken = (await tokensFor(stack.provider.settings, 'alma.anden@kommune.dk')).access_token;
    await addAdministrator(stack.db.dataSource, 'ida', 'Alma Anden', JSON.parse(Buffer.from(almaToken.split('.')[1]!, 'base64url').toString()).sub as string);
    expect((await approveInvitation(server, almaToken, ulla)).errors).toBeUndefined();
    expect((await server.gql<{ me: { name: string; role: string } }>('{ me { name role } }', {}, access_token)).data?.me).toEqual({ name: 'Ulla Udsat', role: 'MENTOR' });
  });
});
