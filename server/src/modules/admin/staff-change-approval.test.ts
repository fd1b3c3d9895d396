import { signToken } from '../../core/auth/tokens';
import { WS_RIGHTS_CHANGED } from '../../core/auth/user-sockets';
import { approveInvitation, codeOf, planIdOf, withinASecond } from '../../test-support/fixtures';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';

/**
 * Four eyes on a change of role or unit of an account that has signed in: one administrator's
 * change waits until another active administrator of the municipality approves it, and until
 * then the account works in its approved role and unit. Without it, an administrator could
 * invite a login she holds herself as a mentor (who sees no citizen), have it approved, sign in
 * with it once, and then alone make it a caseworker reading a unit's plans, or an administrator
 * approving her next invitations.
 */
jest.setTimeout(30_000);
let t: TestServer;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
let jobcenter: string;
let perPlan: string;

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['ida', 'jonas']) tokens[u] = await t.login(u);
  const users: Array<{ username: string; id: string }> = await t.db.dataSource.query(`SELECT username, id FROM app_user WHERE username IN ('ida', 'jonas')`);
  for (const u of users) ids[u.username] = u.id;
  [{ id: jobcenter }] = await t.db.dataSource.query(
    `SELECT un.id FROM unit un JOIN app_user u ON u.municipality_id = un.municipality_id WHERE u.username = 'ida' AND un.name = 'Jobcenter'`);
  perPlan = await planIdOf(t, 'Per');
}, 60_000);
afterAll(() => t.stop());

const STAFF = `id name role status version unit { name } pendingChange { role unit { name } requestedById requestedByName requestedAt }`;
interface Staff {
  id: string; name: string; role: string; status: string; version: number; unit: { name: string } | null;
  pendingChange: { role: string; unit: { name: string } | null; requestedById: string; requestedByName: string; requestedAt: string } | null;
}

const ok = <T>(res: GraphQLResponse<T>): T => {
  expect(res.errors).toBeUndefined();
  return res.data!;
};
const versionOf = async (userId: string): Promise<number> =>
  ((await t.db.dataSource.query(`SELECT version FROM app_user WHERE id = $1`, [userId])) as Array<{ version: number }>)[0].version;
const change = async (userId: string, role: string, unitId: string | null, as = 'ida', v?: number) =>
  t.gql<{ changeStaff: Staff }>(`mutation($input: ChangeStaffInput!) { changeStaff(input: $input) { ${STAFF} } }`,
    { input: { userId, role, unitId, expectedVersion: v ?? (await versionOf(userId)) } }, tokens[as]);
const approve = async (userId: string, as: string, v?: number) =>
  t.gql<{ approveStaffChange: Staff }>(`mutation($id: ID!, $v: Int!) { approveStaffChange(userId: $id, expectedVersion: $v) { ${STAFF} } }`,
    { id: userId, v: v ?? (await versionOf(userId)) }, tokens[as]);
const withdraw = async (userId: string, as: string) =>
  t.gql<{ withdrawStaffChange: Staff }>(`mutation($id: ID!, $v: Int!) { withdrawStaffChange(userId: $id, expectedVersion: $v) { ${STAFF} } }`,
    { id: userId, v: await versionOf(userId) }, tokens[as]);
const listed = async (userId: string, as = 'jonas') =>
  ok(await t.gql<{ staffMembers: Staff[] }>(`{ staffMembers { ${STAFF} } }`, {}, tokens[as])).staffMembers.find((s) => s.id === userId)!;
const me = (token: string) => t.gql<{ me: { name: string; role: string } }>(`{ me { name role } }`, {}, token);
const readPer = (token: string) => t.gql<{ plan: { citizen: { name: string; cpr: string } } }>(`query($id: ID!) { plan(id: $id) { citizen { name cpr } } }`, { id: perPlan }, token);
const placementOf = async (userId: string) => (await t.db.dataSource.query(`SELECT role, unit_id FROM app_user WHERE id = $1`, [userId]))[0];
/** The person's rows of the administration log, oldest first: who, what, and the line as written. */
const logOf = (userId: string) =>
  t.db.dataSource.query(
    `SELECT u.name AS actor, a.action, a.outcome, a.detail, a.role_before, a.role_after FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_id
      WHERE a.entity_type = 'STAFF' AND a.entity_id = $1 ORDER BY a.id`, [userId]) as Promise<Array<{ actor: string | null; action: string; outcome: string; detail: string; role_before: string | null; role_after: string | null }>>;
/** The administration log as an administrator reads it, newest first. */
const administrationLog = async (as = 'jonas') =>
  ok(await t.gql<{ administrationLog: { entries: Array<{ actorName: string | null; action: string; summary: string }> } }>(`{ administrationLog(first: 50) { entries { actorName action summary } } }`, {}, tokens[as])).administrationLog.entries;

/** A login Ida holds herself, invited by her as a mentor, approved by Jonas, and signed in with once. */
async function idasOwnLogin(name: string, subject: string): Promise<{ id: string; token: string }> {
  const invited = ok(await t.gql<{ inviteStaff: { id: string } }>(`mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`,
    { input: { name, subject, role: 'MENTOR' } }, tokens.ida)).inviteStaff;
  ok(await approveInvitation(t, tokens.jonas, invited.id));
  const token = await signToken(t.config.auth, subject, new Date(), undefined, {});
  expect(ok(await me(token)).me).toEqual({ name, role: 'MENTOR' });
  return { id: invited.id, token };
}

describe('a change of role or unit of an account that has signed in', () => {
  it('waits for another administrator: the login Ida alone makes a caseworker stays a mentor who reads no citizen, until Jonas approves; then it reads Per Hansen’s plan at once', async () => {
    const lars = await idasOwnLogin('Lars Lund', 'idp|ida-anden');
    expect(codeOf(await readPer(lars.token))).toBe('NOT_FOUND');
    const socket = await WsClient.connect(t.url, lars.token);

    // Ida makes her login a caseworker in the jobcenter: it waits, and the card says for what and who asked.
    const changed = ok(await change(lars.id, 'CASEWORKER', jobcenter)).changeStaff;
    expect(changed).toMatchObject({
      role: 'MENTOR', unit: null, status: 'ACTIVE',
      pendingChange: { role: 'CASEWORKER', unit: { name: 'Jobcenter' }, requestedById: ids.ida, requestedByName: 'Ida Administrator', requestedAt: expect.any(String) },
    });
    expect(await listed(lars.id)).toEqual(changed);
    expect(await placementOf(lars.id)).toEqual({ role: 'MENTOR', unit_id: null });
    // The login works on as the mentor it was approved as: no citizen, on a new request or its open connection.
    expect(ok(await me(lars.token)).me.role).toBe('MENTOR');
    expect(codeOf(await readPer(lars.token))).toBe('NOT_FOUND');
    expect((await socket.request(`{ me { role } }`)).data).toEqual({ me: { role: 'MENTOR' } });

    // Ida's own yes is refused, in Danish, and logged; nothing changes.
    const own = await approve(lars.id, 'ida');
    expect(own.errors?.[0]).toMatchObject({
      message: 'Du kan ikke godkende din egen ændring af en medarbejders rolle eller enhed. Bed en anden administrator om det.',
      extensions: { code: 'RULE_VIOLATION', rule: 'OWN_STAFF_CHANGE' },
    });
    expect(await placementOf(lars.id)).toEqual({ role: 'MENTOR', unit_id: null });
    expect(codeOf(await readPer(lars.token))).toBe('NOT_FOUND');

    // Jonas approves: the login is a caseworker in the jobcenter at once, its open connection judged again.
    const approved = ok(await approve(lars.id, 'jonas')).approveStaffChange;
    expect(approved).toMatchObject({ role: 'CASEWORKER', unit: { name: 'Jobcenter' }, pendingChange: null });
    expect(await socket.closed).toBe(WS_RIGHTS_CHANGED);
    expect(ok(await withinASecond(() => me(lars.token), (r) => r.data?.me.role === 'CASEWORKER')).me.role).toBe('CASEWORKER');
    expect(ok(await readPer(lars.token)).plan.citizen).toEqual({ name: 'Per Hansen', cpr: expect.stringMatching(/^\d{6}-?\d{4}$/) });

    // Each step is in the administration log; the change of rights is the approval's row, with the roles.
    expect((await logOf(lars.id)).filter((r) => r.action !== 'ACCEPT_INVITATION' && r.action !== 'INVITE_STAFF' && r.action !== 'APPROVE_STAFF_INVITATION')).toEqual([
      { actor: 'Ida Administrator', action: 'REQUEST_STAFF_CHANGE', outcome: 'ALLOWED', role_before: null, role_after: null,
        detail: 'Bad om at ændre Lars Lund fra mentor til sagsbehandler i Jobcenter; ændringen gælder, når en anden administrator har godkendt den' },
      { actor: 'Ida Administrator', action: 'APPROVE_STAFF_CHANGE', outcome: 'DENIED', role_before: null, role_after: null, detail: 'own staff change' },
      { actor: 'Jonas Krogh', action: 'CHANGE_STAFF', outcome: 'ALLOWED', role_before: 'MENTOR', role_after: 'CASEWORKER',
        detail: 'Godkendte Ida Administrators ændring af Lars Lund fra mentor til sagsbehandler i Jobcenter' },
    ]);
    const lines = (await administrationLog()).slice(0, 3).reverse();
    expect(lines).toEqual([
      { actorName: 'Ida Administrator', action: 'REQUEST_STAFF_CHANGE', summary: 'Bad om at ændre Lars Lund fra mentor til sagsbehandler i Jobcenter; ændringen gælder, når en anden administrator har godkendt den' },
      { actorName: 'Ida Administrator', action: 'APPROVE_STAFF_CHANGE', summary: 'Afvist forsøg på at godkende en ændring af en medarbejders rolle eller enhed: Egen ændring af rolle eller enhed: en anden administrator skal godkende den' },
      { actorName: 'Jonas Krogh', action: 'CHANGE_STAFF', summary: 'Godkendte Ida Administrators ændring af Lars Lund fra mentor til sagsbehandler i Jobcenter' },
    ]);
  });

  it('made an administrator by Ida alone, her login cannot approve her next invitation until Jonas agrees', async () => {
    const kim = await idasOwnLogin('Kim Krog', 'idp|ida-tredje');
    expect(ok(await change(kim.id, 'ADMINISTRATOR', null)).changeStaff).toMatchObject({ role: 'MENTOR', pendingChange: { role: 'ADMINISTRATOR', unit: null } });
    // Ida's next invitation: her login, still a mentor, may not approve it, nor see the staff.
    const next = ok(await t.gql<{ inviteStaff: { id: string } }>(`mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`,
      { input: { name: 'Nis Nørgaard', subject: 'idp|ida-fjerde', role: 'CASEWORKER', unitId: jobcenter } }, tokens.ida)).inviteStaff;
    expect(codeOf(await approveInvitation(t, kim.token, next.id))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(`{ staffMembers { id } }`, {}, kim.token))).toBe('FORBIDDEN');
    expect((await t.db.dataSource.query(`SELECT approved_at FROM app_user WHERE id = $1`, [next.id]))[0].approved_at).toBeNull();
    const signIn = await me(await signToken(t.config.auth, 'idp|ida-fjerde', new Date(), undefined, {}));
    expect(signIn.errors?.[0].extensions).toMatchObject({ code: 'NOT_A_USER', reason: 'AWAITING_APPROVAL' });

    // With Jonas's yes it is an administrator: two administrators agreed.
    ok(await approve(kim.id, 'jonas'));
    expect(ok(await withinASecond(() => me(kim.token), (r) => r.data?.me.role === 'ADMINISTRATOR')).me.role).toBe('ADMINISTRATOR');
    expect((await logOf(kim.id)).at(-1)).toMatchObject({ actor: 'Jonas Krogh', action: 'CHANGE_STAFF', role_before: 'MENTOR', role_after: 'ADMINISTRATOR' });
  });

  it('a new change replaces the one waiting and waits anew: a yes given to what the card showed before is a CONFLICT with the change as it is now', async () => {
    const mia = await idasOwnLogin('Mia Munk', 'idp|mia');
    ok(await change(mia.id, 'CASEWORKER', jobcenter));
    const seenByJonas = await versionOf(mia.id);
    expect(ok(await change(mia.id, 'LEADER', null)).changeStaff.pendingChange).toMatchObject({ role: 'LEADER', unit: null, requestedByName: 'Ida Administrator' });
    const stale = await approve(mia.id, 'jonas', seenByJonas);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', current: { id: mia.id, role: 'MENTOR', pendingChange: { __typename: 'StaffPendingChange', role: 'LEADER', unit: null } } });
    expect(await placementOf(mia.id)).toEqual({ role: 'MENTOR', unit_id: null });
    expect(ok(await approve(mia.id, 'jonas')).approveStaffChange).toMatchObject({ role: 'LEADER', unit: null, pendingChange: null });
    expect((await logOf(mia.id)).filter((r) => r.outcome === 'ALLOWED').slice(-3).map((r) => r.detail)).toEqual([
      'Bad om at ændre Mia Munk fra mentor til sagsbehandler i Jobcenter; ændringen gælder, når en anden administrator har godkendt den',
      'Bad om at ændre Mia Munk fra mentor til leder i stedet for til sagsbehandler i Jobcenter; ændringen gælder, når en anden administrator har godkendt den',
      'Godkendte Ida Administrators ændring af Mia Munk fra mentor til leder',
    ]);
  });

  it('is withdrawn by an administrator, or by a change back to what the person has: they stay as they are, and the log says who took it back', async () => {
    const ole = await idasOwnLogin('Ole Olsen', 'idp|ole');
    ok(await change(ole.id, 'CASEWORKER', jobcenter));
    expect(ok(await withdraw(ole.id, 'jonas')).withdrawStaffChange).toMatchObject({ role: 'MENTOR', unit: null, pendingChange: null });
    // Nothing waits now: a yes changes nothing.
    expect(ok(await approve(ole.id, 'jonas')).approveStaffChange).toMatchObject({ role: 'MENTOR', pendingChange: null });
    ok(await change(ole.id, 'CASEWORKER', jobcenter));
    ok(await withdraw(ole.id, 'ida'));
    ok(await change(ole.id, 'LEADER', null));
    expect(ok(await change(ole.id, 'MENTOR', null)).changeStaff).toMatchObject({ role: 'MENTOR', pendingChange: null });
    expect(await placementOf(ole.id)).toEqual({ role: 'MENTOR', unit_id: null });
    expect(ok(await me(ole.token)).me.role).toBe('MENTOR');
    expect((await logOf(ole.id)).filter((r) => r.action === 'WITHDRAW_STAFF_CHANGE').map((r) => [r.actor, r.detail])).toEqual([
      ['Jonas Krogh', 'Trak Ida Administrators ændring af Ole Olsen fra mentor til sagsbehandler i Jobcenter tilbage; Ole Olsen er fortsat mentor'],
      ['Ida Administrator', 'Trak sin ændring af Ole Olsen fra mentor til sagsbehandler i Jobcenter tilbage; Ole Olsen er fortsat mentor'],
      ['Ida Administrator', 'Trak sin ændring af Ole Olsen fra mentor til leder tilbage; Ole Olsen er fortsat mentor'],
    ]);
  });

  it('of an administrator is neither approved nor withdrawn by the administrator themself', async () => {
    ok(await change(ids.ida, 'LEADER', null, 'jonas'));
    for (const res of [await approve(ids.ida, 'ida'), await withdraw(ids.ida, 'ida'), await change(ids.ida, 'ADMINISTRATOR', null, 'ida')]) {
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'OWN_ROLE_OR_UNIT' });
    }
    expect((await listed(ids.ida)).pendingChange).toMatchObject({ role: 'LEADER', requestedByName: 'Jonas Krogh' });
    ok(await withdraw(ids.ida, 'jonas'));
    expect(await placementOf(ids.ida)).toEqual({ role: 'ADMINISTRATOR', unit_id: null });
  });

  it('is judged again at the approval: a unit closed meanwhile refuses it, and the change keeps waiting', async () => {
    const unit = ok(await t.gql<{ createUnit: { id: string } }>(`mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }`,
      { input: { name: 'Jobcenter Nord', kind: 'EMPLOYMENT' } }, tokens.ida)).createUnit;
    const pia = await idasOwnLogin('Pia Poulsen', 'idp|pia');
    ok(await change(pia.id, 'CASEWORKER', unit.id));
    await t.db.dataSource.query(`UPDATE unit SET closed_at = now() WHERE id = $1`, [unit.id]);
    const refused = await approve(pia.id, 'jonas');
    expect(refused.errors?.[0]).toMatchObject({ message: 'Enheden »Jobcenter Nord« er lukket.', extensions: { code: 'BAD_USER_INPUT' } });
    expect(await listed(pia.id)).toMatchObject({ role: 'MENTOR', pendingChange: { role: 'CASEWORKER', unit: { name: 'Jobcenter Nord' } } });
  });

  it('leaves a deactivation immediate', async () => {
    const rie = await idasOwnLogin('Rie Riis', 'idp|rie-ida');
    ok(await change(rie.id, 'CASEWORKER', jobcenter));
    const off = ok(await t.gql<{ deactivateStaff: Staff }>(`mutation($id: ID!, $v: Int!) { deactivateStaff(userId: $id, expectedVersion: $v) { ${STAFF} } }`,
      { id: rie.id, v: await versionOf(rie.id) }, tokens.ida)).deactivateStaff;
    expect(off.status).toBe('DEACTIVATED');
    expect(codeOf(await withinASecond(() => me(rie.token), (r) => !r.data))).toBe('NOT_A_USER');
  });

  it('the database itself refuses an approval by the administrator who asked, or by the person, and a change asked for by the person', async () => {
    const sune = await idasOwnLogin('Sune Skov', 'idp|sune-ida');
    ok(await change(sune.id, 'CASEWORKER', jobcenter));
    const approveAs = (by: string) =>
      t.db.dataSource.query(
        `UPDATE app_user SET role = pending_role, unit_id = pending_unit_id, placement_requested_by = pending_requested_by, placement_approved_by = ${by}, placement_approved_at = now(),
                pending_role = NULL, pending_unit_id = NULL, pending_requested_by = NULL, pending_requested_at = NULL WHERE id = $1`, [sune.id]);
    await expect(approveAs('pending_requested_by')).rejects.toThrow(/app_user_placement_approved_by_another/);
    await expect(approveAs('id')).rejects.toThrow(/app_user_placement_approved_by_another/);
    await expect(t.db.dataSource.query(`UPDATE app_user SET pending_requested_by = id WHERE id = $1`, [sune.id])).rejects.toThrow(/app_user_pending_change_by_another/);
    expect(await placementOf(sune.id)).toEqual({ role: 'MENTOR', unit_id: null });
  });
});
