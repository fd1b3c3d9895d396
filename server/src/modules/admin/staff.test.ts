import { signToken } from '../../core/auth/tokens';
import { approveInvitation, codeOf, count, otherAdministrator, planIdOf, refusalsOf, untilWaitingForLock, withinASecond } from '../../test-support/fixtures';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../test-support/test-server';
import { mitIdToken } from '../../test-support/mitid-token';
import { loadActor } from '../org';
import { insertCase } from '../rules/rules-fixtures';

// A migrated, seeded database and a server of its own; slow on a busy machine.
jest.setTimeout(30_000);
let t: TestServer;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
let units: Record<string, string>;
/** The statement the staff list was read with, as the server sent it. */
let staffListSql = '';

beforeAll(async () => {
  t = await startTestServer({ onQuery: (sql) => void (sql.includes('REACTIVATE_STAFF') && sql.includes('ORDER BY u.name') && (staffListSql = sql)) });
  for (const u of ['ida', 'sif', 'anna', 'bent', 'lene', 'mikkel', 'dorte', 'otto']) tokens[u] = await t.login(u);
  // Each municipality's second administrator, made by the operations: the other pair of eyes on Ida's and Sif's invitations.
  tokens.alma = (await otherAdministrator(t, 'ida', 'Alma Andersen', 'alma')).token;
  tokens.svend = (await otherAdministrator(t, 'sif', 'Svend Sørensen', 'svend')).token;
  const users: Array<{ username: string; id: string }> = await t.db.dataSource.query(`SELECT username, id FROM app_user`);
  for (const u of users) ids[u.username] = u.id;
  const rows: Array<{ id: string; name: string; m: string }> = await t.db.dataSource.query(
    `SELECT un.id, un.name, m.code AS m FROM unit un JOIN municipality m ON m.id = un.municipality_id`);
  const [{ code: fmk }] = await t.db.dataSource.query(`SELECT m.code FROM municipality m JOIN app_user u ON u.municipality_id = m.id WHERE u.username = 'anna'`);
  units = Object.fromEntries(rows.map((r) => [`${r.m === fmk ? 'fmk' : 'svb'}:${r.name}`, r.id]));
}, 60_000);
afterAll(() => t.stop());

const STAFF_FIELDS = `id name email subject role status unit { id name } invitedAt activatedAt deactivatedAt`;
interface Staff { id: string; name: string; email: string | null; subject: string | null; role: string; status: string; unit: { id: string; name: string } | null; activatedAt: string | null; deactivatedAt: string | null }

const STAFF_MEMBERS = `{ staffMembers { ${STAFF_FIELDS} } }`;
const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { ${STAFF_FIELDS} } }`;
const CHANGE = `mutation($input: ChangeStaffInput!) { changeStaff(input: $input) { ${STAFF_FIELDS} } }`;
const DEACTIVATE = `mutation($id: ID!, $v: Int!) { deactivateStaff(userId: $id, expectedVersion: $v) { ${STAFF_FIELDS} } }`;
const REACTIVATE = `mutation($id: ID!, $v: Int!) { reactivateStaff(userId: $id, expectedVersion: $v) { ${STAFF_FIELDS} } }`;

/** The version an administrator would have read on the page just now: the row's own (1 for an id that names no one). */
const versionOf = async (userId: string): Promise<number> =>
  ((await t.db.dataSource.query(`SELECT version FROM app_user WHERE id::text = $1`, [userId])) as Array<{ version: number }>)[0]?.version ?? 1;
const invite = (input: Record<string, unknown>, as = 'ida') => t.gql<{ inviteStaff: Staff }>(INVITE, { input }, tokens[as]);
/** Who approves an administrator's invitations: the other administrator of their municipality. */
const OTHER_ADMINISTRATOR: Record<string, string> = { ida: 'alma', sif: 'svend' };
/** Invited by `as`, and approved by the other administrator of the municipality: an invitation a sign-in binds. */
const inviteApproved = async (input: Record<string, unknown>, as = 'ida'): Promise<Staff> => {
  const made = ok(await invite(input, as)).inviteStaff;
  ok(await approveInvitation(t, tokens[OTHER_ADMINISTRATOR[as]], made.id));
  return made;
};
/** A change on the version read just now, unless the input names one (a page read earlier). */
const change = async (input: Record<string, unknown> & { userId: string }, as = 'ida') =>
  t.gql<{ changeStaff: Staff }>(CHANGE, { input: { expectedVersion: await versionOf(input.userId), ...input } }, tokens[as]);
const deactivate = async (id: string, as = 'ida', v?: number) => t.gql<{ deactivateStaff: Staff }>(DEACTIVATE, { id, v: v ?? (await versionOf(id)) }, tokens[as]);
const reactivate = async (id: string, as = 'ida', v?: number) => t.gql<{ reactivateStaff: Staff }>(REACTIVATE, { id, v: v ?? (await versionOf(id)) }, tokens[as]);
const APPROVE_CHANGE = `mutation($id: ID!, $v: Int!) { approveStaffChange(userId: $id, expectedVersion: $v) { ${STAFF_FIELDS} } }`;
/** Another administrator's yes to a change of role or unit that waits for it, on the version read just now. */
const approveChange = async (id: string, as: string) => t.gql<{ approveStaffChange: Staff }>(APPROVE_CHANGE, { id, v: await versionOf(id) }, tokens[as]);
/** A change of someone who has signed in, asked for by `as` and approved by another administrator: it takes effect. */
const placed = async (input: Record<string, unknown> & { userId: string }, as = 'ida', approver = OTHER_ADMINISTRATOR[as] ?? 'alma'): Promise<Staff> => {
  ok(await change(input, as));
  return ok(await approveChange(input.userId, approver)).approveStaffChange;
};
const staffOf = async (as: string) => (await t.gql<{ staffMembers: Staff[] }>(STAFF_MEMBERS, {}, tokens[as])).data!.staffMembers;
const ok = <T>(res: GraphQLResponse<T>): T => {
  expect(res.errors).toBeUndefined();
  return res.data!;
};
/** A token as the identity provider would issue it: its subject, and the e-mail claim when given. */
/** A provider's token, issued now unless said; its e-mail verified, as a provider says it (`email_verified`). */
const providerToken = (subject: string, email?: string, issued = new Date()) => signToken(t.config.auth, subject, issued, undefined, email ? { email, email_verified: true } : {});
const me = (token: string) => t.gql<{ me: { name: string; role: string } }>(`{ me { name role } }`, {}, token);
/**
 * The deactivation as if made a minute ago, so that a token issued now is a sign-in made after it,
 * beyond the allowance for the provider's clock running ahead (core/auth/tokens.ts, issuedSurelyAfter).
 */
const deactivatedAMinuteAgo = (userId: string) => t.db.dataSource.query(`UPDATE app_user SET deactivated_at = deactivated_at - interval '1 minute' WHERE id = $1`, [userId]);
/** A token a tab kept from a sign-in two minutes ago: before a deactivation made a minute ago. */
const twoMinutesAgo = () => new Date(Date.now() - 120_000);
/** The member's rows in their own municipality's log (another municipality's refused attempts on the id are in that one's). */
const logOf = (userId: string) =>
  t.db.dataSource.query(
    `SELECT action, detail FROM audit_log WHERE entity_type = 'STAFF' AND entity_id = $1 AND municipality_id = (SELECT municipality_id FROM app_user WHERE id = $1::uuid) ORDER BY at, id`,
    [userId],
  ) as Promise<Array<{ action: string; detail: string }>>;

describe('who may administer staff', () => {
  it('an administrator may do every staff operation; caseworkers, leaders and mentors are FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const unit = units['fmk:Jobcenter'];
    const operations: Array<[string, (as: string) => Promise<GraphQLResponse>, () => Promise<GraphQLResponse>]> = [
      ['staffMembers', (as) => t.gql(STAFF_MEMBERS, {}, tokens[as]), () => t.gql(STAFF_MEMBERS)],
      ['inviteStaff', (as) => invite({ name: `Ny ${as}`, email: `ny.${as}@fmk.dk`, role: 'CASEWORKER', unitId: unit }, as), () => t.gql(INVITE, { input: { name: 'X', email: 'x@fmk.dk', role: 'MENTOR' } })],
      ['changeStaff', (as) => change({ userId: ids.dorte, role: 'LEADER', unitId: unit }, as), () => t.gql(CHANGE, { input: { userId: ids.dorte, role: 'LEADER', expectedVersion: 1 } })],
      ['deactivateStaff', (as) => deactivate(ids.dorte, as), () => t.gql(DEACTIVATE, { id: ids.dorte, v: 1 })],
      ['reactivateStaff', (as) => reactivate(ids.dorte, as), () => t.gql(REACTIVATE, { id: ids.dorte, v: 1 })],
    ];
    for (const [name, run, anonymous] of operations) {
      for (const as of ['anna', 'bent', 'lene', 'mikkel']) expect([name, as, codeOf(await run(as))]).toEqual([name, as, 'FORBIDDEN']);
      expect([name, codeOf(await anonymous())]).toEqual([name, 'UNAUTHENTICATED']);
      expect([name, (await run('ida')).errors]).toEqual([name, undefined]);
    }
    // What the refused calls would have done did not happen: only the administrator's invitation exists, and dorte is back as she was before.
    expect(await count(t, `SELECT 1 FROM app_user WHERE email LIKE 'ny.%'`)).toBe(1);
    // Dorte has signed in: the administrator's change of her role waits for another administrator's yes.
    const dorte = (await staffOf('ida')).find((s) => s.id === ids.dorte)!;
    expect([dorte.role, dorte.status]).toEqual(['CASEWORKER', 'ACTIVE']);
    expect(ok(await approveChange(ids.dorte, 'alma')).approveStaffChange.role).toBe('LEADER');
    await placed({ userId: ids.dorte, role: 'CASEWORKER', unitId: unit });
  });

  it("an administrator of one municipality sees nothing of another's: not in staffMembers, their ids and units NOT_FOUND", async () => {
    const sifSees = await staffOf('sif');
    expect(sifSees.map((s) => s.name).sort()).toEqual(['Otto Berg', 'Sif Administrator', 'Svend Sørensen']);
    expect(codeOf(await change({ userId: ids.anna, role: 'LEADER' }, 'sif'))).toBe('NOT_FOUND');
    expect(codeOf(await deactivate(ids.bent, 'sif'))).toBe('NOT_FOUND');
    expect(codeOf(await reactivate(ids.bent, 'sif'))).toBe('NOT_FOUND');
    expect(codeOf(await invite({ name: 'Lånt Enhed', email: 'laant@svb.dk', role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'] }, 'sif'))).toBe('NOT_FOUND');
    expect(codeOf(await deactivate('not-an-id', 'sif'))).toBe('NOT_FOUND');
    // Each attempt is logged in Sif's own municipality, naming only what she tried.
    expect(await refusalsOf(t, 'sif', 'not found or not visible')).toEqual([
      { action: 'CHANGE_STAFF', entity_type: 'STAFF', entity_id: ids.anna },
      { action: 'DEACTIVATE_STAFF', entity_type: 'STAFF', entity_id: ids.bent },
      { action: 'REACTIVATE_STAFF', entity_type: 'STAFF', entity_id: ids.bent },
      { action: 'INVITE_STAFF', entity_type: 'UNIT', entity_id: units['fmk:Socialforvaltningen'] },
      { action: 'DEACTIVATE_STAFF', entity_type: 'STAFF', entity_id: null },
    ]);
    expect(await count(t, `SELECT 1 FROM app_user WHERE deactivated_at IS NOT NULL OR role = 'LEADER' AND username = 'anna'`)).toBe(0);
    expect((await staffOf('ida')).map((s) => s.name)).not.toContain('Otto Berg');
  });
});

describe('invitations', () => {
  it('an invitation by e-mail is bound to the subject at the first sign-in, audited; later sign-ins go by subject', async () => {
    const invited = await inviteApproved({ name: 'Karen Holm', email: 'Karen.Holm@FMK.dk', role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'] });
    expect(invited).toMatchObject({ email: 'karen.holm@fmk.dk', subject: null, status: 'INVITED', role: 'CASEWORKER', unit: { name: 'Socialforvaltningen' }, activatedAt: null });

    // Not yet: a token without the e-mail claim names nobody, nor one whose provider has not verified the address.
    expect(codeOf(await me(await providerToken('idp|karen')))).not.toBeUndefined();
    const unverified = await signToken(t.config.auth, 'idp|karen', new Date(), undefined, { email: 'karen.holm@fmk.dk', email_verified: false });
    expect(codeOf(await me(unverified))).toBe('NOT_A_USER');
    // Nor one the provider does not vouch for: no flag, or only a user name shaped as her address
    // (at a provider open to anyone, a user may choose it).
    for (const claims of [{ email: 'karen.holm@fmk.dk' }, { email: 'karen.holm@fmk.dk', email_verified: 'false' }, { preferred_username: 'karen.holm@fmk.dk' }, { upn: 'karen.holm@fmk.dk' }]) {
      expect(codeOf(await me(await signToken(t.config.auth, 'idp|karen', new Date(), undefined, claims)))).toBe('NOT_A_USER');
    }
    const first = await me(await providerToken('idp|karen', 'karen.holm@fmk.dk'));
    expect(ok(first).me).toEqual({ name: 'Karen Holm', role: 'CASEWORKER' });
    const bound = (await staffOf('ida')).find((s) => s.id === invited.id)!;
    expect(bound).toMatchObject({ subject: 'idp|karen', status: 'ACTIVE' });
    expect(bound.activatedAt).not.toBeNull();

    expect(ok(await me(await providerToken('idp|karen'))).me.name).toBe('Karen Holm');
    expect(await logOf(invited.id)).toEqual([
      { action: 'INVITE_STAFF', detail: 'Inviterede Karen Holm (karen.holm@fmk.dk) som sagsbehandler i Socialforvaltningen' },
      { action: 'APPROVE_STAFF_INVITATION', detail: 'Godkendte Ida Administrators invitation af Karen Holm (karen.holm@fmk.dk) som sagsbehandler i Socialforvaltningen' },
      { action: 'ACCEPT_INVITATION', detail: 'Karen Holm loggede ind første gang og tog imod invitationen (karen.holm@fmk.dk)' },
    ]);
    // The e-mail is spent: someone else with the same e-mail claim is not let in as Karen.
    expect(codeOf(await me(await providerToken('idp|mallory', 'karen.holm@fmk.dk')))).not.toBeUndefined();
  });

  it('an invitation by subject is activated at its first sign-in', async () => {
    const invited = await inviteApproved({ name: 'Mads Mentor', subject: 'idp|mads', role: 'MENTOR' });
    expect(invited).toMatchObject({ subject: 'idp|mads', email: null, status: 'INVITED', unit: null });
    expect(ok(await me(await providerToken('idp|mads'))).me).toEqual({ name: 'Mads Mentor', role: 'MENTOR' });
    expect((await staffOf('ida')).find((s) => s.id === invited.id)!.status).toBe('ACTIVE');
    expect((await logOf(invited.id)).map((l) => l.action)).toEqual(['INVITE_STAFF', 'APPROVE_STAFF_INVITATION', 'ACCEPT_INVITATION']);
  });

  it('a broker that sends a CPR number along (MitID Erhverv) still binds an invitation by e-mail', async () => {
    const invited = await inviteApproved({ name: 'Vera Virk', email: 'vera@fmk.dk', role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'] });
    // Her CPR number names no citizen of Samplan's: the e-mail decides.
    const token = await signToken(t.config.auth, 'mitid-erhverv:vera', new Date(), undefined, { email: 'vera@fmk.dk', email_verified: true, cpr: '0101701234' });
    expect(ok(await me(token)).me).toEqual({ name: 'Vera Virk', role: 'CASEWORKER' });
    expect((await staffOf('ida')).find((s) => s.id === invited.id)).toMatchObject({ subject: 'mitid-erhverv:vera', status: 'ACTIVE' });
  });

  it('two first sign-ins at once bind the invitation once', async () => {
    const invited = await inviteApproved({ name: 'Søren Samtidig', email: 'soeren@fmk.dk', role: 'LEADER' });
    const actors = await Promise.all(Array.from({ length: 6 }, () => loadActor(t.db.dataSource, { subject: 'idp|soeren', email: 'soeren@fmk.dk' })));
    expect(new Set(actors.map((a) => a?.userId))).toEqual(new Set([invited.id]));
    expect((await logOf(invited.id)).map((l) => l.action)).toEqual(['INVITE_STAFF', 'APPROVE_STAFF_INVITATION', 'ACCEPT_INVITATION']);
    // Two different subjects racing for one invitation: exactly one gets it.
    const other = await inviteApproved({ name: 'Tove To', email: 'tove@fmk.dk', role: 'MENTOR' });
    const racers = await Promise.all(['idp|tove-a', 'idp|tove-b'].map((subject) => loadActor(t.db.dataSource, { subject, email: 'tove@fmk.dk' })));
    expect(racers.filter((a) => a?.userId === other.id)).toHaveLength(1);
    expect(racers.filter((a) => a === null)).toHaveLength(1);
  });

  it('an address invited by two municipalities binds neither at the first sign-in; once one invitation is withdrawn, the other binds', async () => {
    const svendborg = await inviteApproved({ name: 'Mette Svendborg', email: 'mette@firma.dk', role: 'MENTOR' }, 'sif');
    const faaborg = await inviteApproved({ name: 'Mette Faaborg', email: 'mette@firma.dk', role: 'MENTOR' });
    const token = await providerToken('idp|mette', 'mette@firma.dk');
    expect(codeOf(await me(token))).toBe('NOT_A_USER');
    expect((await staffOf('sif')).find((s) => s.id === svendborg.id)).toMatchObject({ status: 'INVITED', subject: null });
    expect((await staffOf('ida')).find((s) => s.id === faaborg.id)).toMatchObject({ status: 'INVITED', subject: null });
    // Svendborg withdraws its invitation: Faaborg-Midtfyn's is the only one, and she signs in to it.
    ok(await deactivate(svendborg.id, 'sif'));
    expect(ok(await me(await providerToken('idp|mette', 'mette@firma.dk'))).me).toEqual({ name: 'Mette Faaborg', role: 'MENTOR' });
    expect((await staffOf('ida')).find((s) => s.id === faaborg.id)).toMatchObject({ status: 'ACTIVE', subject: 'idp|mette' });
  });

  it('a member of staff who left one municipality for another signs in to the new invitation: the old, deactivated account lets go of the login', async () => {
    const svendborg = await inviteApproved({ name: 'Lars Flytter', email: 'lars@firma.dk', role: 'MENTOR' }, 'sif');
    expect(ok(await me(await providerToken('idp|lars', 'lars@firma.dk'))).me.name).toBe('Lars Flytter');
    ok(await deactivate(svendborg.id, 'sif'));
    await deactivatedAMinuteAgo(svendborg.id);
    // Not yet invited elsewhere: told his user is deactivated.
    expect(codeOf(await me(await providerToken('idp|lars', 'lars@firma.dk')))).toBe('NOT_A_USER');
    const faaborg = await inviteApproved({ name: 'Lars Flytter', email: 'lars@firma.dk', role: 'MENTOR' });
    expect(ok(await me(await providerToken('idp|lars', 'lars@firma.dk'))).me).toEqual({ name: 'Lars Flytter', role: 'MENTOR' });
    expect((await staffOf('ida')).find((s) => s.id === faaborg.id)).toMatchObject({ status: 'ACTIVE', subject: 'idp|lars' });
    expect((await staffOf('sif')).find((s) => s.id === svendborg.id)).toMatchObject({ status: 'DEACTIVATED', subject: null });
    // Each municipality's log says its own part, nothing of the other municipality.
    const released = (await logOf(svendborg.id)).find((l) => l.action === 'STAFF_SIGN_IN_RELEASED')!;
    expect(released.detail).toBe('Lars Flytter loggede ind til en invitation fra en anden kommune: den deaktiverede bruger her er ikke længere bundet til log ind\'et');
    expect((await logOf(faaborg.id)).map((l) => l.action)).toEqual(['INVITE_STAFF', 'APPROVE_STAFF_INVITATION', 'ACCEPT_INVITATION']);
    // Later sign-ins go by the login to the new account.
    expect(ok(await me(await providerToken('idp|lars'))).me.name).toBe('Lars Flytter');
    // The old account is an invitation again: reactivated there, it shows as such, not as someone active.
    ok(await reactivate(svendborg.id, 'sif'));
    expect((await staffOf('sif')).find((s) => s.id === svendborg.id)).toMatchObject({ status: 'INVITED', subject: null });
  });

  it('the first requests of a page, at once, after a move: each is the new account, none told "deaktiveret"', async () => {
    const svendborg = await inviteApproved({ name: 'Rie Rask', email: 'rie@firma.dk', role: 'MENTOR' }, 'sif');
    expect(ok(await me(await providerToken('idp|rie', 'rie@firma.dk'))).me.name).toBe('Rie Rask');
    ok(await deactivate(svendborg.id, 'sif'));
    await deactivatedAMinuteAgo(svendborg.id);
    const faaborg = await inviteApproved({ name: 'Rie Rask', email: 'rie@firma.dk', role: 'MENTOR' });
    const issuedAt = Math.floor(Date.now() / 1000);
    const actors = await Promise.all(Array.from({ length: 6 }, () => loadActor(t.db.dataSource, { subject: 'idp|rie', email: 'rie@firma.dk', issuedAt })));
    expect(actors.map((a) => a?.userId ?? 'refused')).toEqual(Array(6).fill(faaborg.id));
    expect((await logOf(svendborg.id)).filter((l) => l.action === 'STAFF_SIGN_IN_RELEASED')).toHaveLength(1);
  });

  it('a token issued before the deactivation (a second tab, an API client) does not move the login: it is told the user is deactivated, and only a new sign-in moves it', async () => {
    const svendborg = await inviteApproved({ name: 'Kim Kilde', email: 'kim@firma.dk', role: 'MENTOR' }, 'sif');
    // Kim signs in; a second tab keeps this token.
    const secondTab = await providerToken('idp|kim', 'kim@firma.dk', twoMinutesAgo());
    expect(ok(await me(secondTab)).me.name).toBe('Kim Kilde');
    ok(await deactivate(svendborg.id, 'sif'));
    await deactivatedAMinuteAgo(svendborg.id);
    const faaborg = await inviteApproved({ name: 'Kim Kilde', email: 'kim@firma.dk', role: 'MENTOR' });

    // The second tab asks again (once the deactivation has reached this instance): refused as a deactivated user's, nothing moved.
    const refused = await withinASecond(() => me(secondTab), (res) => res.errors !== undefined);
    expect(refused.errors?.[0]).toMatchObject({ message: 'Din bruger er deaktiveret i Samplan — kontakt din administrator.', extensions: { code: 'NOT_A_USER', reason: 'DEACTIVATED' } });
    expect((await staffOf('sif')).find((s) => s.id === svendborg.id)).toMatchObject({ status: 'DEACTIVATED', subject: 'idp|kim' });
    expect((await staffOf('ida')).find((s) => s.id === faaborg.id)).toMatchObject({ status: 'INVITED', subject: null });
    expect((await logOf(svendborg.id)).map((l) => l.action)).toEqual(['INVITE_STAFF', 'APPROVE_STAFF_INVITATION', 'ACCEPT_INVITATION', 'DEACTIVATE_STAFF', 'SIGN_IN_DEACTIVATED_USER']);
    expect((await logOf(faaborg.id)).map((l) => l.action)).toEqual(['INVITE_STAFF', 'APPROVE_STAFF_INVITATION']);

    // Kim signs in anew: that token is issued after the deactivation, and takes the new invitation.
    expect(ok(await me(await providerToken('idp|kim', 'kim@firma.dk'))).me).toEqual({ name: 'Kim Kilde', role: 'MENTOR' });
    expect((await staffOf('ida')).find((s) => s.id === faaborg.id)).toMatchObject({ status: 'ACTIVE', subject: 'idp|kim' });
    expect((await staffOf('sif')).find((s) => s.id === svendborg.id)).toMatchObject({ status: 'DEACTIVATED', subject: null });
  });

  it('a member of staff moving to a municipality whose invitation awaits approval is told it waits, not "deaktiveret"; a token from before the deactivation is still told deactivated; once approved, the sign-in moves', async () => {
    const svendborg = await inviteApproved({ name: 'Ulla Ulf', email: 'ulla@firma.dk', role: 'MENTOR' }, 'sif');
    // Ulla signs in; a second tab keeps this token.
    const secondTab = await providerToken('idp|ulla', 'ulla@firma.dk', twoMinutesAgo());
    expect(ok(await me(secondTab)).me.name).toBe('Ulla Ulf');
    ok(await deactivate(svendborg.id, 'sif'));
    await deactivatedAMinuteAgo(svendborg.id);
    // Invited by Ida; Alma has not approved it yet.
    const faaborg = ok(await invite({ name: 'Ulla Ulf', email: 'ulla@firma.dk', role: 'MENTOR' })).inviteStaff;

    // She signs in anew: her invitation waits, and she is told so. Nothing is bound or released.
    const waits = await me(await providerToken('idp|ulla', 'ulla@firma.dk'));
    expect([waits.data ?? null, waits.errors?.[0]]).toEqual([null, expect.objectContaining({
      message: 'Din invitation til Samplan venter på, at en anden administrator godkender den.', extensions: { code: 'NOT_A_USER', reason: 'AWAITING_APPROVAL' },
    })]);
    expect((await staffOf('ida')).find((s) => s.id === faaborg.id)).toMatchObject({ status: 'INVITED', subject: null });
    expect((await staffOf('sif')).find((s) => s.id === svendborg.id)).toMatchObject({ status: 'DEACTIVATED', subject: 'idp|ulla' });
    // Faaborg-Midtfyn's log says who waits; Svendborg's says nothing of it.
    expect(await logOf(faaborg.id)).toEqual([
      { action: 'INVITE_STAFF', detail: 'Inviterede Ulla Ulf (ulla@firma.dk) som mentor' },
      { action: 'SIGN_IN_AWAITING_APPROVAL', detail: 'Ulla Ulf forsøgte at logge ind, men invitationen venter på en anden administrators godkendelse (login-id idp|ulla)' },
    ]);
    expect((await logOf(svendborg.id)).map((l) => l.action)).toEqual(['INVITE_STAFF', 'APPROVE_STAFF_INVITATION', 'ACCEPT_INVITATION', 'DEACTIVATE_STAFF']);

    // The second tab (once the deactivation has reached this instance) is no new sign-in: told the user is deactivated.
    const refused = await withinASecond(() => me(secondTab), (res) => res.errors !== undefined);
    expect(refused.errors?.[0]).toMatchObject({ message: 'Din bruger er deaktiveret i Samplan — kontakt din administrator.', extensions: { code: 'NOT_A_USER', reason: 'DEACTIVATED' } });

    // Alma approves it: the next sign-in takes the new invitation.
    ok(await approveInvitation(t, tokens.alma, faaborg.id));
    expect(ok(await me(await providerToken('idp|ulla', 'ulla@firma.dk'))).me).toEqual({ name: 'Ulla Ulf', role: 'MENTOR' });
    expect((await staffOf('ida')).find((s) => s.id === faaborg.id)).toMatchObject({ status: 'ACTIVE', subject: 'idp|ulla' });
    expect((await staffOf('sif')).find((s) => s.id === svendborg.id)).toMatchObject({ status: 'DEACTIVATED', subject: null });
  });

  it('a member of staff who is also a citizen in Samplan gets the invitation, though the broker sends her CPR number along', async () => {
    const [{ cpr }] = await t.db.dataSource.query(
      `SELECT c.cpr FROM citizen c WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.citizen_id = c.id) AND EXISTS (SELECT 1 FROM programme p WHERE p.citizen_id = c.id) LIMIT 1`);
    const invited = await inviteApproved({ name: 'Stine Staff', email: 'stine@fmk.dk', role: 'MENTOR' });
    const token = await signToken(t.config.auth, 'mitid-erhverv:stine', new Date(), undefined, { email: 'stine@fmk.dk', email_verified: true, cpr });
    expect(ok(await me(token)).me).toEqual({ name: 'Stine Staff', role: 'MENTOR' });
    expect((await staffOf('ida')).find((s) => s.id === invited.id)).toMatchObject({ status: 'ACTIVE' });
    expect(await count(t, `SELECT 1 FROM app_user WHERE subject = 'mitid-erhverv:stine' AND role = 'CITIZEN'`)).toBe(0);
  });

  it('an e-mail or a name pasted with spaces around it is taken without them', async () => {
    expect(ok(await invite({ name: 'Per Plads', email: '  per.plads@fmk.dk ', role: 'MENTOR' })).inviteStaff.email).toBe('per.plads@fmk.dk');
    // The limit is the name's own (200), not counting the spaces a paste brings.
    const long = `Anne ${'Ø'.repeat(195)}`;
    expect(ok(await invite({ name: ` ${long}  `, email: 'anne.lang@fmk.dk', role: 'MENTOR' })).inviteStaff.name).toBe(long);
    expect((await invite({ name: `${long}x`, email: 'anne.laengere@fmk.dk', role: 'MENTOR' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect((await invite({ name: 'Ikke Mail', email: ' ikke en mail ', role: 'MENTOR' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
  });

  it('refuses duplicates among its own staff with DUPLICATE_STAFF: the same e-mail or login-id in the municipality', async () => {
    ok(await invite({ name: 'Dobbelt Et', email: 'dobbelt@fmk.dk', role: 'MENTOR' }));
    const sameEmail = await invite({ name: 'Dobbelt To', email: 'DOBBELT@fmk.dk', role: 'MENTOR' });
    expect(sameEmail.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_STAFF', field: 'email' });
    ok(await invite({ name: 'Login Et', subject: 'idp|login-et', role: 'MENTOR' }));
    const sameSubject = await invite({ name: 'Login To', subject: 'idp|login-et', role: 'MENTOR' });
    expect(sameSubject.errors?.[0]).toMatchObject({ message: 'Der findes allerede en medarbejder i kommunen med dette login-id.', extensions: { code: 'DUPLICATE_STAFF', field: 'subject' } });
    // Someone who left and comes back: the administrator is told whom to reactivate.
    const gone = ok(await invite({ name: 'Gitte Gået', email: 'gitte@fmk.dk', role: 'MENTOR' })).inviteStaff;
    ok(await deactivate(gone.id));
    expect((await invite({ name: 'Gitte Igen', email: ' Gitte@FMK.dk', role: 'MENTOR' })).errors?.[0]).toMatchObject({
      message: 'Gitte Gået har allerede denne e-mail, men er deaktiveret. Genaktivér Gitte Gået under Medarbejdere i stedet.',
      extensions: { code: 'DUPLICATE_STAFF', field: 'email' },
    });
    // Another municipality may invite the same e-mail address.
    ok(await invite({ name: 'Dobbelt Svendborg', email: 'dobbelt@fmk.dk', role: 'MENTOR' }, 'sif'));
    expect(await count(t, `SELECT 1 FROM app_user WHERE name LIKE 'Dobbelt%' OR name LIKE 'Login%'`)).toBe(3);
  });

  it('a login-id used in another municipality, or by a citizen, is not given away: the invitation is taken, and binds nobody else', async () => {
    // Otto signs in to the other municipality as "otto"; Per signs in to his own plan as "per".
    const otto = await inviteApproved({ name: 'Otto Igen', subject: 'otto', role: 'MENTOR' });
    const per = await inviteApproved({ name: 'Per Igen', subject: 'per', role: 'MENTOR' });
    expect(ok(await me(await providerToken('otto'))).me.name).not.toBe('Otto Igen');
    expect(ok(await me(await mitIdToken(t.config.auth, 'per'))).me).toEqual({ name: 'Per Hansen', role: 'CITIZEN' });
    for (const id of [otto.id, per.id]) expect((await staffOf('ida')).find((s) => s.id === id)).toMatchObject({ status: 'INVITED' });
  });

  it('a login-id invited by two municipalities binds neither at the first sign-in; once one invitation is withdrawn, the other binds', async () => {
    const svendborg = await inviteApproved({ name: 'Lis Svendborg', subject: 'idp|lis', role: 'MENTOR' }, 'sif');
    const faaborg = await inviteApproved({ name: 'Lis Faaborg', subject: 'idp|lis', role: 'MENTOR' });
    expect(codeOf(await me(await providerToken('idp|lis')))).toBe('NOT_A_USER');
    expect((await staffOf('ida')).find((s) => s.id === faaborg.id)).toMatchObject({ status: 'INVITED' });
    ok(await deactivate(svendborg.id, 'sif'));
    expect(ok(await me(await providerToken('idp|lis'))).me).toEqual({ name: 'Lis Faaborg', role: 'MENTOR' });
    expect((await staffOf('ida')).find((s) => s.id === faaborg.id)).toMatchObject({ status: 'ACTIVE', subject: 'idp|lis' });
  });

  it('holds roles to their units: a caseworker needs an open unit, mentors and administrators have none, a leader may', async () => {
    const fieldOf = (res: GraphQLResponse) => [codeOf(res), res.errors?.[0].extensions?.field];
    expect(fieldOf(await invite({ name: 'Uden Enhed', email: 'uden@fmk.dk', role: 'CASEWORKER' }))).toEqual(['BAD_USER_INPUT', 'unitId']);
    expect(fieldOf(await invite({ name: 'Ekstern Mentor', email: 'mentor@firma.dk', role: 'MENTOR', unitId: units['fmk:Jobcenter'] }))).toEqual(['BAD_USER_INPUT', 'unitId']);
    expect(fieldOf(await invite({ name: 'Admin Enhed', email: 'admin2@fmk.dk', role: 'ADMINISTRATOR', unitId: units['fmk:Jobcenter'] }))).toEqual(['BAD_USER_INPUT', 'unitId']);
    expect(fieldOf(await invite({ name: 'Ingen', role: 'MENTOR' }))).toEqual(['BAD_USER_INPUT', 'email']);
    expect(fieldOf(await invite({ name: 'Forkert', email: 'ikke-en-mail', role: 'MENTOR' }))).toEqual(['BAD_USER_INPUT', 'email']);
    await t.db.dataSource.query(`UPDATE unit SET closed_at = now() WHERE id = $1`, [units['fmk:Sundhedsforvaltningen']]);
    try {
      expect(fieldOf(await invite({ name: 'Lukket Enhed', email: 'lukket@fmk.dk', role: 'CASEWORKER', unitId: units['fmk:Sundhedsforvaltningen'] }))).toEqual(['BAD_USER_INPUT', 'unitId']);
    } finally {
      await t.db.dataSource.query(`UPDATE unit SET closed_at = NULL WHERE id = $1`, [units['fmk:Sundhedsforvaltningen']]);
    }
    expect(await count(t, `SELECT 1 FROM app_user WHERE email IN ('uden@fmk.dk', 'mentor@firma.dk', 'admin2@fmk.dk', 'lukket@fmk.dk')`)).toBe(0);

    ok(await invite({ name: 'Leder Uden', email: 'leder.uden@fmk.dk', role: 'LEADER' }));
    const lead = ok(await invite({ name: 'Leder Social', email: 'leder.social@fmk.dk', role: 'LEADER', unitId: units['fmk:Socialforvaltningen'] })).inviteStaff;
    expect(lead.unit?.name).toBe('Socialforvaltningen');
    const external = ok(await invite({ name: 'Eva Ekstern', email: 'eva@virksomhed.dk', role: 'MENTOR' })).inviteStaff;
    expect(await logOf(external.id)).toEqual([{ action: 'INVITE_STAFF', detail: 'Inviterede Eva Ekstern (eva@virksomhed.dk) som mentor' }]);
  });
});

describe('changes take effect at the next request', () => {
  it('a change of role, once another administrator has approved it, is audited and judged at once', async () => {
    const carla = await placed({ userId: ids.carla, role: 'LEADER', unitId: null });
    expect(carla).toMatchObject({ role: 'LEADER', unit: null });
    expect(ok(await me(await t.login('carla'))).me.role).toBe('LEADER');
    expect((await logOf(ids.carla)).slice(-2)).toEqual([
      { action: 'REQUEST_STAFF_CHANGE', detail: 'Bad om at ændre Carla Nielsen fra sagsbehandler i Sundhedsforvaltningen til leder; ændringen gælder, når en anden administrator har godkendt den' },
      { action: 'CHANGE_STAFF', detail: 'Godkendte Ida Administrators ændring af Carla Nielsen fra sagsbehandler i Sundhedsforvaltningen til leder' },
    ]);
    await placed({ userId: ids.carla, role: 'CASEWORKER', unitId: units['fmk:Sundhedsforvaltningen'] });
  });

  it('a caseworker who coordinates running programmes stays a caseworker in their unit until another coordinator takes over', async () => {
    const res = await change({ userId: ids.anna, role: 'LEADER' });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'COORDINATES_PROGRAMMES' });
    // Nor to another unit: her unit decides who takes the decisions under the employment
    // legislation on her plans, and from Social no one could.
    const moved = await change({ userId: ids.anna, role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'] });
    expect(moved.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'COORDINATES_PROGRAMMES' });
    // Said to the administrator, who cannot hand the coordination over: who can, and what the administrator can do instead.
    expect(moved.errors?.[0].message).toMatch(/^Anna Holm er koordinerende sagsbehandler for \d+ igangværende forløb\. Anna Holm skal først give koordineringen videre på planerne \("Skift koordinator"\); det kan en administrator ikke\. Er Anna Holm stoppet, så deaktivér i stedet: en sagsbehandler på teamet kan så overtage\.$/);
    const [row] = await t.db.dataSource.query(`SELECT role, unit_id FROM app_user WHERE id = $1`, [ids.anna]);
    expect(row).toEqual({ role: 'CASEWORKER', unit_id: units['fmk:Jobcenter'] });
  });

  it('a mentor with running grants stays a mentor until the grants are ended or given to another mentor', async () => {
    const running = await count(t, `SELECT 1 FROM mentor_grant g JOIN programme p ON p.id = g.programme_id WHERE g.mentor_id = $1 AND g.end_date >= current_date AND p.status = 'ACTIVE'`, [ids.mikkel]);
    expect(running).toBeGreaterThan(0);
    const res = await change({ userId: ids.mikkel, role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'] });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'MENTOR_HAS_GRANTS' });
    expect(res.errors?.[0].message).toMatch(/^Mikkel \S+ er mentor i (1 bevilling, der løber\. Koordinatoren på forløbet skal først afslutte bevillingen|\d+ bevillinger, der løber\. Koordinatorerne på forløbene skal først afslutte bevillingerne) eller bevilge mentorstøtten til en anden mentor; det kan en administrator ikke\.$/);
    expect((await t.db.dataSource.query(`SELECT role FROM app_user WHERE id = $1`, [ids.mikkel]))[0].role).toBe('MENTOR');
    // A mentor without grants changes role as anyone does.
    const free = ok(await invite({ name: 'Frida Fri', email: 'frida@fmk.dk', role: 'MENTOR' })).inviteStaff;
    expect(ok(await change({ userId: free.id, role: 'LEADER' })).changeStaff.role).toBe('LEADER');
  });

  it('a deactivated user gets no actor and no answer; reactivation lets them in again', async () => {
    const token = tokens.bent;
    const off = ok(await deactivate(ids.bent)).deactivateStaff;
    expect(off.status).toBe('DEACTIVATED');
    expect(await loadActor(t.db.dataSource, { subject: 'bent' })).toBeNull();
    const refused = await withinASecond(() => me(token), (r) => !r.data?.me);
    expect(refused.data?.me ?? null).toBeNull();
    expect(['UNAUTHENTICATED', 'NOT_A_USER']).toContain(codeOf(refused));
    expect((await staffOf('ida')).find((s) => s.id === ids.bent)!.status).toBe('DEACTIVATED');
    // Nor can a case be handed to him meanwhile.
    const [{ id: programmeId }] = await t.db.dataSource.query(
      `SELECT ca.programme_id AS id FROM coordinator_assignment ca JOIN programme p ON p.id = ca.programme_id WHERE ca.user_id = $1 AND ca.to_at IS NULL AND p.status = 'ACTIVE' LIMIT 1`, [ids.anna]);
    const handOver = await t.gql(`mutation($input: ReassignCoordinatorInput!) { reassignCoordinator(input: $input) { reason } }`,
      { input: { programmeId, userId: ids.bent, reason: 'Ferie', citizenConsulted: true } }, tokens.anna);
    expect([codeOf(handOver), handOver.errors?.[0].extensions?.field]).toEqual(['BAD_USER_INPUT', 'userId']);

    const on = ok(await reactivate(ids.bent)).reactivateStaff;
    expect([on.status, on.deactivatedAt]).toEqual(['ACTIVE', null]);
    expect(ok(await me(token)).me.name).toBe('Bent Sørensen');
    expect((await logOf(ids.bent)).map((l) => l.detail)).toEqual([
      'Deaktiverede Bent Sørensen (sagsbehandler i Socialforvaltningen)',
      // His sign-in while deactivated: refused, and in the log about him.
      'Bent Sørensen forsøgte at logge ind, men er deaktiveret (login-id bent)',
      'Genaktiverede Bent Sørensen (sagsbehandler i Socialforvaltningen)',
    ]);
  });

  it('the last active administrator cannot deactivate themself, nor be demoted; with another, they can', async () => {
    // Alma approves Ida's invitation of another administrator, and then she and Jonas (the demo's second) leave: Ida is the last active one.
    const second = await inviteApproved({ name: 'Anden Admin', email: 'anden.admin@fmk.dk', role: 'ADMINISTRATOR' });
    const alma = (await staffOf('ida')).find((s) => s.name === 'Alma Andersen')!;
    ok(await deactivate(alma.id, 'alma'));
    ok(await deactivate(ids.jonas, 'ida'));
    const last = await deactivate(ids.ida);
    expect(last.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'LAST_ADMINISTRATOR' });
    // An invitation that nobody has accepted does not count, approved or not: it may never be.
    expect(codeOf(await deactivate(ids.ida))).toBe('RULE_VIOLATION');
    const secondToken = await providerToken('idp|anden-admin', 'anden.admin@fmk.dk');
    expect(ok(await me(secondToken)).me.role).toBe('ADMINISTRATOR');
    tokens.anden = secondToken;
    // Her role is changed by the other administrator (four eyes: never by herself), once a third has approved
    // it (neither Ida, whose role it is, nor the one who asked): Alma comes back for it.
    ok(await change({ userId: ids.ida, role: 'LEADER' }, 'anden'));
    ok(await reactivate(alma.id, 'anden'));
    expect(ok(await approveChange(ids.ida, 'alma')).approveStaffChange.role).toBe('LEADER');
    // Ida is a leader now: the staff screens are closed to her. Alma leaves again, and the other administrator is the last one.
    expect(codeOf(await withinASecond(() => t.gql(STAFF_MEMBERS, {}, tokens.ida), (r) => !r.data))).toBe('FORBIDDEN');
    ok(await deactivate(alma.id, 'alma'));
    expect(codeOf(await deactivate(second.id, 'anden'))).toBe('RULE_VIOLATION');
    ok(await change({ userId: ids.ida, role: 'ADMINISTRATOR' }, 'anden'));
    ok(await reactivate(alma.id, 'anden'));
    ok(await approveChange(ids.ida, 'alma'));
    expect((await withinASecond(() => t.gql(STAFF_MEMBERS, {}, tokens.ida), (r) => !!r.data)).errors).toBeUndefined();
    expect(await count(t, `SELECT 1 FROM app_user WHERE role = 'ADMINISTRATOR' AND deactivated_at IS NULL AND municipality_id = (SELECT municipality_id FROM app_user WHERE id = $1)`, [ids.ida])).toBe(3);
    // Jonas comes back too, for the invitations still to be approved.
    ok(await reactivate(ids.jonas));
  });

  it('staffMembers lists the municipality with status', async () => {
    const list = await staffOf('ida');
    expect(list.find((s) => s.name === 'Anna Holm')).toMatchObject({ role: 'CASEWORKER', status: 'ACTIVE', subject: 'anna', unit: { name: 'Jobcenter' } });
    expect(list.find((s) => s.name === 'Leder Uden')).toMatchObject({ status: 'INVITED', subject: null });
  });

  it('a deactivated caseworker whose unit has closed is placed in an open unit first, then reactivated', async () => {
    ok(await deactivate(ids.carla));
    await t.db.dataSource.query(`UPDATE unit SET closed_at = now() WHERE id = $1`, [units['fmk:Sundhedsforvaltningen']]);
    try {
      expect(codeOf(await reactivate(ids.carla))).toBe('BAD_USER_INPUT');
      expect(await placed({ userId: ids.carla, role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'] })).toMatchObject({ status: 'DEACTIVATED', unit: { name: 'Socialforvaltningen' } });
      expect(ok(await reactivate(ids.carla)).reactivateStaff).toMatchObject({ status: 'ACTIVE', unit: { name: 'Socialforvaltningen' } });
    } finally {
      await t.db.dataSource.query(`UPDATE unit SET closed_at = NULL WHERE id = $1`, [units['fmk:Sundhedsforvaltningen']]);
      await t.db.dataSource.query(`UPDATE app_user SET unit_id = $2, deactivated_at = NULL WHERE id = $1`, [ids.carla, units['fmk:Sundhedsforvaltningen']]);
    }
  });

  it('the same role and unit again is no change: nothing logged, the version stays, also for a deactivated caseworker whose unit has closed since', async () => {
    const state = (id: string) => t.db.dataSource.query(`SELECT role, unit_id, version FROM app_user WHERE id = $1`, [id]);
    const changes = async (id: string) => (await logOf(id)).filter((l) => l.action === 'CHANGE_STAFF').length;
    const [before, logged] = [await state(ids.anna), await changes(ids.anna)];
    expect(ok(await change({ userId: ids.anna, role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] })).changeStaff).toMatchObject({ role: 'CASEWORKER', unit: { name: 'Jobcenter' } });
    expect([await state(ids.anna), await changes(ids.anna)]).toEqual([before, logged]);

    ok(await deactivate(ids.carla));
    await t.db.dataSource.query(`UPDATE unit SET closed_at = now() WHERE id = $1`, [units['fmk:Sundhedsforvaltningen']]);
    try {
      const [carla, carlaLogged] = [await state(ids.carla), await changes(ids.carla)];
      // Staying is no placement: the closed unit is not refused, and nothing happens.
      expect(ok(await change({ userId: ids.carla, role: 'CASEWORKER', unitId: units['fmk:Sundhedsforvaltningen'] })).changeStaff).toMatchObject({ status: 'DEACTIVATED', unit: { name: 'Sundhedsforvaltningen' } });
      expect([await state(ids.carla), await changes(ids.carla)]).toEqual([carla, carlaLogged]);
      // A placement in it is still refused.
      expect(codeOf(await change({ userId: ids.carla, role: 'LEADER', unitId: units['fmk:Sundhedsforvaltningen'] }))).toBe('BAD_USER_INPUT');
    } finally {
      await t.db.dataSource.query(`UPDATE unit SET closed_at = NULL WHERE id = $1`, [units['fmk:Sundhedsforvaltningen']]);
      await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL WHERE id = $1`, [ids.carla]);
    }
  });

  it('says, as numbers only, what a deactivation would leave behind: running forløb coordinated, mentor grants running now', async () => {
    const COUNTS = `{ staffMembers { name coordinatedProgrammes activeMentorGrants } }`;
    const list = ok(await t.gql<{ staffMembers: Array<{ name: string; coordinatedProgrammes: number; activeMentorGrants: number }> }>(COUNTS, {}, tokens.ida)).staffMembers;
    const [{ n: coordinated }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM coordinator_assignment ca JOIN programme p ON p.id = ca.programme_id JOIN app_user u ON u.id = ca.user_id
        WHERE u.username = 'anna' AND ca.to_at IS NULL AND p.status = 'ACTIVE'`);
    const [{ n: grants }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM mentor_grant g JOIN app_user u ON u.id = g.mentor_id JOIN programme p ON p.id = g.programme_id
        WHERE u.username = 'mikkel' AND g.end_date >= current_date AND p.status = 'ACTIVE'`);
    expect(coordinated).toBeGreaterThan(0);
    expect(grants).toBeGreaterThan(0);
    expect(list.find((s) => s.name === 'Anna Holm')).toMatchObject({ coordinatedProgrammes: coordinated, activeMentorGrants: 0 });
    expect(list.find((s) => s.name === 'Mikkel Lund')).toMatchObject({ coordinatedProgrammes: 0, activeMentorGrants: grants });
  });

  it('a yes to a deactivation whose question is out of date (a forløb handed to the person since) is refused with the person as they are now; a yes to the new question deactivates', async () => {
    const yrsa = ok(await invite({ name: 'Yrsa Ytting', email: 'yrsa@fmk.dk', role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] })).inviteStaff;
    const [{ username }] = await t.db.dataSource.query(`SELECT username FROM app_user WHERE id = $1`, [yrsa.id]);
    // The question opened with nothing coordinated; then a forløb is handed to her.
    await insertCase(t.db.dataSource, { coordinator: username, start: '2026-10-05', name: 'Handed To Yrsa' });
    const SEEN = `mutation($id: ID!, $v: Int!, $c: Int, $g: Int) { deactivateStaff(userId: $id, expectedVersion: $v, seenCoordinatedProgrammes: $c, seenActiveMentorGrants: $g) { status coordinatedProgrammes } }`;
    const v = await versionOf(yrsa.id);
    const stale = await t.gql(SEEN, { id: yrsa.id, v, c: 0, g: 0 }, tokens.ida);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0].message).toBe('Det, en deaktivering efterlader, er ændret, siden spørgsmålet blev vist. Læs det igen, før du deaktiverer.');
    expect(stale.errors![0].extensions).toMatchObject({ current: { id: yrsa.id, coordinatedProgrammes: 1, status: 'INVITED' } });
    expect(await count(t, `SELECT 1 FROM app_user WHERE id = $1 AND deactivated_at IS NULL`, [yrsa.id])).toBe(1);
    expect(ok(await t.gql<{ deactivateStaff: { status: string } }>(SEEN, { id: yrsa.id, v, c: 1, g: 0 }, tokens.ida)).deactivateStaff).toEqual({ status: 'DEACTIVATED', coordinatedProgrammes: 1 });
  });

  it('a coordinator made leader once their programmes have ended holds their plans no more: the team may take over', async () => {
    const zed = await inviteApproved({ name: 'Zed Zimmer', email: 'zed@fmk.dk', role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] });
    const token = await providerToken('idp|zed', 'zed@fmk.dk');
    expect(ok(await me(token)).me.role).toBe('CASEWORKER');
    const [{ username }] = await t.db.dataSource.query(`SELECT username FROM app_user WHERE id = $1`, [zed.id]);
    const c = await insertCase(t.db.dataSource, { coordinator: username, start: '2025-01-06', name: 'Ended Under Zed' });
    await t.db.dataSource.query(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [c.planId, units['fmk:Jobcenter'], c.municipalityId]);
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'MOVED', end_date = '2025-06-30' WHERE id = $1`, [c.programmeId]);
    const PLAN = `query($id: ID!) { plan(id: $id) { myStanding coordinatorLeft } }`;
    expect(ok(await t.gql<{ plan: { myStanding: string } }>(PLAN, { id: c.planId }, token)).plan.myStanding).toBe('COORDINATOR');
    await placed({ userId: zed.id, role: 'LEADER', unitId: null });
    const asLeader = await withinASecond(() => t.gql(PLAN, { id: c.planId }, token), (r) => codeOf(r) === 'NOT_FOUND');
    expect(codeOf(asLeader)).toBe('NOT_FOUND');
    // A caseworker of a unit on the team sees the coordinator as gone, and may take over.
    expect(ok(await t.gql<{ plan: { myStanding: string; coordinatorLeft: boolean } }>(PLAN, { id: c.planId }, tokens.anna)).plan).toEqual({ myStanding: 'TEAM', coordinatorLeft: true });
  });

  it('a coordinator who has been deactivated may be placed in another unit or role; back as a caseworker only in the unit they coordinate from, in another role at once', async () => {
    const vera = ok(await invite({ name: 'Vera Vang', email: 'vera.vang@fmk.dk', role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] })).inviteStaff;
    const [{ username }] = await t.db.dataSource.query(`SELECT username FROM app_user WHERE id = $1`, [vera.id]);
    const c = await insertCase(t.db.dataSource, { coordinator: username, start: '2026-10-05', name: 'Coordinated By Vera' });
    ok(await deactivate(vera.id));
    // She has left: her plan shows it, so where she is placed meanwhile holds nothing up (and no "deaktivér i stedet").
    const moved = ok(await change({ userId: vera.id, role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'] })).changeStaff;
    expect(moved).toMatchObject({ status: 'DEACTIVATED', role: 'CASEWORKER', unit: { name: 'Socialforvaltningen' } });
    // Active again from Social, she would hold a plan given to her in the jobcenter, where no one could decide under the
    // employment legislation: refused, with who can help and what the administrator can do.
    const back = await reactivate(vera.id);
    expect(back.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'COORDINATES_PROGRAMMES' });
    expect(back.errors?.[0].message).toBe(
      'Vera Vang er stadig koordinerende sagsbehandler for 1 igangværende forløb fra Jobcenter, men hører nu til Socialforvaltningen. ' +
        'En sagsbehandler på teamet skal først overtage koordineringen på planerne ("Skift koordinator"); det kan en administrator ikke. ' +
        'Du kan også flytte Vera Vang tilbage til Jobcenter og så genaktivere.',
    );
    expect(await count(t, `SELECT 1 FROM app_user WHERE id = $1 AND deactivated_at IS NOT NULL`, [vera.id])).toBe(1);
    // As a leader she holds no plan: she comes back at once, and the plan stays the team's to take over.
    ok(await change({ userId: vera.id, role: 'LEADER', unitId: null }));
    expect(ok(await reactivate(vera.id)).reactivateStaff).toMatchObject({ status: 'INVITED', role: 'LEADER', deactivatedAt: null });
    const PLAN = `query($id: ID!) { plan(id: $id) { myStanding coordinatorLeft } }`;
    expect(ok(await t.gql<{ plan: { myStanding: string; coordinatorLeft: boolean } }>(PLAN, { id: c.planId }, tokens.anna)).plan).toEqual({ myStanding: 'TEAM', coordinatorLeft: true });
    expect((await logOf(vera.id)).map((l) => l.detail).slice(-3)).toEqual([
      'Ændrede Vera Vang fra sagsbehandler i Jobcenter til sagsbehandler i Socialforvaltningen; invitationen skal nu godkendes af en anden administrator',
      'Ændrede Vera Vang fra sagsbehandler i Socialforvaltningen til leder; invitationen skal nu godkendes af en anden administrator',
      'Genaktiverede Vera Vang (leder)',
    ]);
    // Nor is the leader's role a way round: a caseworker again, she is one in the unit she coordinates from.
    const elsewhere = await change({ userId: vera.id, role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'] });
    expect(elsewhere.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'COORDINATES_PROGRAMMES' });
    expect(elsewhere.errors?.[0].message).toBe(
      'Vera Vang er stadig koordinerende sagsbehandler for 1 igangværende forløb fra Jobcenter, og kan ikke blive sagsbehandler i Socialforvaltningen. ' +
        'En sagsbehandler på teamet skal først overtage koordineringen på planerne ("Skift koordinator"); det kan en administrator ikke. ' +
        'Du kan også gøre Vera Vang til sagsbehandler i Jobcenter.',
    );
    expect(ok(await change({ userId: vera.id, role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] })).changeStaff).toMatchObject({ role: 'CASEWORKER', unit: { name: 'Jobcenter' } });
  });

  it('a mentor grant ended early to a later day still runs: counted in the list, as the change of role that it blocks counts it', async () => {
    const [grant] = await t.db.dataSource.query(
      `SELECT g.id, g.end_date::text AS end_date FROM mentor_grant g JOIN programme p ON p.id = g.programme_id
        WHERE g.mentor_id = $1 AND g.end_date >= current_date + 5 AND NOT g.ended_early AND p.status = 'ACTIVE' LIMIT 1`, [ids.mikkel]);
    const mikkel = async () => (await t.gql<{ staffMembers: Array<{ id: string; activeMentorGrants: number }> }>(`{ staffMembers { id activeMentorGrants } }`, {}, tokens.ida)).data!.staffMembers.find((s) => s.id === ids.mikkel)!;
    const before = (await mikkel()).activeMentorGrants;
    // The coordinator ends it early, on a day ahead: the mentor keeps access until then.
    await t.db.dataSource.query(`UPDATE mentor_grant SET ended_early = true, end_date = current_date + 5 WHERE id = $1`, [grant.id]);
    try {
      expect((await mikkel()).activeMentorGrants).toBe(before);
      expect((await change({ userId: ids.mikkel, role: 'LEADER' })).errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'MENTOR_HAS_GRANTS' });
    } finally {
      await t.db.dataSource.query(`UPDATE mentor_grant SET ended_early = false, end_date = $2::date WHERE id = $1`, [grant.id, grant.end_date]);
    }
  });

  it("a citizen's own account is no staff member: not listed, NOT_FOUND to change, and no role to invite", async () => {
    const list = await staffOf('ida');
    expect(list.map((s) => s.name)).not.toContain('Per Hansen');
    expect(list.map((s) => s.role)).not.toContain('CITIZEN');
    expect(codeOf(await change({ userId: ids.per, role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] }))).toBe('NOT_FOUND');
    expect(codeOf(await deactivate(ids.per))).toBe('NOT_FOUND');
    const asCitizen = await invite({ name: 'Ny Borger', email: 'ny.borger@example.dk', role: 'CITIZEN' });
    expect(codeOf(asCitizen)).toBe('BAD_USER_INPUT');
    expect(asCitizen.errors?.[0]).toMatchObject({ message: 'En borger kan ikke inviteres som medarbejder.', extensions: { field: 'role' } });
  });

  it('a member of staff cannot be made a citizen: told so at the role, in words about changing, and nothing changes', async () => {
    const before = (await staffOf('ida')).find((s) => s.id === ids.bent);
    const refused = await change({ userId: ids.bent, role: 'CITIZEN' });
    expect(refused.errors?.[0]).toMatchObject({
      message: 'En medarbejder kan ikke gøres til borger. Vælg en anden rolle.',
      extensions: { code: 'BAD_USER_INPUT', field: 'role' },
    });
    expect((await staffOf('ida')).find((s) => s.id === ids.bent)).toEqual(before);
  });
});

describe('reactivating a mentor whose grants still run', () => {
  const ON = `mutation($id: ID!, $v: Int!, $g: Int) { reactivateStaff(userId: $id, expectedVersion: $v, seenActiveMentorGrants: $g) { status activeMentorGrants } }`;
  const OFF = `mutation($id: ID!, $v: Int!, $g: Int) { deactivateStaff(userId: $id, expectedVersion: $v, seenCoordinatedProgrammes: 0, seenActiveMentorGrants: $g) { status } }`;
  /** What the administrator's question shows: the number in the staff list. */
  const listedGrants = async (id: string) =>
    ok(await t.gql<{ staffMembers: Array<{ id: string; activeMentorGrants: number }> }>(`{ staffMembers { id activeMentorGrants } }`, {}, tokens.ida)).staffMembers.find((s) => s.id === id)!.activeMentorGrants;
  const reactivateSeen = async (id: string, g?: number) => t.gql<{ reactivateStaff: { status: string; activeMentorGrants: number } }>(ON, { id, v: await versionOf(id), g }, tokens.ida);
  const stillDeactivated = (id: string) => count(t, `SELECT 1 FROM app_user WHERE id = $1 AND deactivated_at IS NOT NULL`, [id]);
  const reactivations = async (id: string) => (await logOf(id)).filter((l) => l.action === 'REACTIVATE_STAFF').length;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  it('is refused until the yes says how many grants come back (none said is none): CONFLICT with the person as they are now; with the number it is done and logged', async () => {
    const grants = await listedGrants(ids.mikkel);
    expect(grants).toBe(1);
    ok(await t.gql(OFF, { id: ids.mikkel, v: await versionOf(ids.mikkel), g: grants }, tokens.ida));
    const logged = await reactivations(ids.mikkel);
    for (const seen of [undefined, 0]) {
      const refused = await reactivateSeen(ids.mikkel, seen);
      expect([seen, codeOf(refused), refused.errors?.[0].message]).toEqual([
        seen, 'CONFLICT',
        'Mikkel Lund er mentor i 1 bevilling, der ikke er udløbet, og får adgang igen til den borger, bevillingen gælder, når Mikkel Lund er genaktiveret. Læs spørgsmålet igen, før du genaktiverer.',
      ]);
      expect(refused.errors?.[0].extensions?.current).toMatchObject({ __typename: 'StaffMember', id: ids.mikkel, status: 'DEACTIVATED', activeMentorGrants: 1 });
      expect(await stillDeactivated(ids.mikkel)).toBe(1);
    }
    expect(await reactivations(ids.mikkel)).toBe(logged);
    expect(ok(await reactivateSeen(ids.mikkel, grants)).reactivateStaff).toEqual({ status: 'ACTIVE', activeMentorGrants: 1 });
    expect((await logOf(ids.mikkel)).at(-1)).toEqual({ action: 'REACTIVATE_STAFF', detail: 'Genaktiverede Mikkel Lund (mentor)' });
  });

  it('a mentor with no grant running comes back without a number, as anyone does', async () => {
    const mentor = ok(await invite({ name: 'Nina Nul', email: 'nina.nul@fmk.dk', role: 'MENTOR' })).inviteStaff;
    ok(await deactivate(mentor.id));
    expect(await listedGrants(mentor.id)).toBe(0);
    expect(ok(await reactivateSeen(mentor.id)).reactivateStaff).toEqual({ status: 'INVITED', activeMentorGrants: 0 });
  });

  it('a yes whose number is fewer than run now is refused with the new number; a yes to the new question reactivates', async () => {
    const grants = await listedGrants(ids.mikkel);
    ok(await t.gql(OFF, { id: ids.mikkel, v: await versionOf(ids.mikkel), g: grants }, tokens.ida));
    // The question is read with his grants as they are; then one more runs for him (a later period on the same plan).
    const [{ id: extra }] = await t.db.dataSource.query(
      `INSERT INTO mentor_grant SELECT (jsonb_populate_record(NULL::mentor_grant, to_jsonb(g) || jsonb_build_object('id', gen_random_uuid(), 'start_date', $2::date, 'end_date', $3::date))).*
         FROM mentor_grant g WHERE g.mentor_id = $1 AND g.end_date >= current_date LIMIT 1 RETURNING id`,
      [ids.mikkel, day(300), day(350)],
    );
    try {
      const stale = await reactivateSeen(ids.mikkel, grants);
      expect(codeOf(stale)).toBe('CONFLICT');
      expect(stale.errors?.[0].message).toBe(
        `Mikkel Lund er mentor i ${grants + 1} bevillinger, der ikke er udløbet, og får adgang igen til de borgere, bevillingerne gælder, når Mikkel Lund er genaktiveret. Læs spørgsmålet igen, før du genaktiverer.`,
      );
      expect(stale.errors?.[0].extensions?.current).toMatchObject({ id: ids.mikkel, status: 'DEACTIVATED', activeMentorGrants: grants + 1 });
      expect(await stillDeactivated(ids.mikkel)).toBe(1);
      expect(ok(await reactivateSeen(ids.mikkel, grants + 1)).reactivateStaff).toEqual({ status: 'ACTIVE', activeMentorGrants: grants + 1 });
    } finally {
      await t.db.dataSource.query(`DELETE FROM mentor_grant WHERE id = $1`, [extra]);
    }
  });
});

describe('since when a person is active', () => {
  const SINCE = `id status activatedAt deactivatedAt reactivatedAt version`;
  interface Since { id: string; status: string; activatedAt: string | null; deactivatedAt: string | null; reactivatedAt: string | null; version: number }
  const listed = async (id: string) => ok(await t.gql<{ staffMembers: Since[] }>(`{ staffMembers { ${SINCE} } }`, {}, tokens.ida)).staffMembers.find((s) => s.id === id)!;
  const reactivatedAtInLog = async (id: string) =>
    ((await t.db.dataSource.query(`SELECT at FROM audit_log WHERE action = 'REACTIVATE_STAFF' AND entity_id = $1 ORDER BY at DESC, id DESC LIMIT 1`, [id]))[0].at as Date).toISOString();

  it('a reactivated person shows the latest reactivation, from the administration log, next to the first sign-in that stays', async () => {
    const person = await inviteApproved({ name: 'Rikke Retur', email: 'rikke.retur@fmk.dk', role: 'MENTOR' });
    expect(ok(await me(await providerToken('idp|rikke-retur', 'rikke.retur@fmk.dk'))).me.name).toBe('Rikke Retur');
    const first = await listed(person.id);
    expect(first).toMatchObject({ status: 'ACTIVE', activatedAt: expect.any(String), reactivatedAt: null });

    ok(await deactivate(person.id));
    const back = ok(await t.gql<{ reactivateStaff: Since }>(`mutation($id: ID!, $v: Int!) { reactivateStaff(userId: $id, expectedVersion: $v) { ${SINCE} } }`, { id: person.id, v: await versionOf(person.id) }, tokens.ida)).reactivateStaff;
    // The answer to the reactivation says it, as the list does from now on.
    expect(back).toMatchObject({ status: 'ACTIVE', activatedAt: first.activatedAt, deactivatedAt: null, reactivatedAt: await reactivatedAtInLog(person.id) });
    expect(Date.parse(back.reactivatedAt!)).toBeGreaterThan(Date.parse(first.activatedAt!));
    expect(await listed(person.id)).toMatchObject({ activatedAt: first.activatedAt, reactivatedAt: back.reactivatedAt });

    // Away and back again: the latest reactivation.
    ok(await deactivate(person.id));
    ok(await reactivate(person.id));
    const again = await listed(person.id);
    expect(again.reactivatedAt).toBe(await reactivatedAtInLog(person.id));
    expect(Date.parse(again.reactivatedAt!)).toBeGreaterThan(Date.parse(back.reactivatedAt!));
    // A refused reactivation (another municipality's administrator) is no reactivation.
    ok(await deactivate(person.id));
    expect(codeOf(await reactivate(person.id, 'sif'))).toBe('NOT_FOUND');
    expect((await listed(person.id)).reactivatedAt).toBe(again.reactivatedAt);
  });
});

describe('the work phone a citizen calls', () => {
  const PHONE = `mutation($input: ChangeStaffPhoneInput!) { changeStaffPhone(input: $input) { id name phone } }`;
  const setPhone = async (userId: string, phone: string | null, as = 'ida') =>
    t.gql<{ changeStaffPhone: { phone: string | null } }>(PHONE, { input: { userId, phone, expectedVersion: await versionOf(userId) } }, tokens[as]);

  it('the administrator sets it, it is logged, and the coordinator’s number reaches the citizen’s printed plan', async () => {
    expect(ok(await setPhone(ids.anna, ' 72  53 10 99 ')).changeStaffPhone.phone).toBe('72 53 10 99');
    expect((await logOf(ids.anna)).map((l) => l.detail)).toContain('Satte Anna Holms arbejdstelefon til 72 53 10 99');
    const [{ id: planId }] = await t.db.dataSource.query(
      `SELECT p.id FROM plan p JOIN coordinator_assignment ca ON ca.programme_id = p.programme_id AND ca.to_at IS NULL WHERE ca.user_id = $1 LIMIT 1`, [ids.anna]);
    const plan = await t.gql<{ plan: { coordinator: { contactPhone: string | null; contactEmail: string | null } } }>(
      `query($id: ID!) { plan(id: $id) { coordinator { contactPhone contactEmail } } }`, { id: planId }, tokens.anna);
    expect(plan.data!.plan.coordinator).toEqual({ contactPhone: '72 53 10 99', contactEmail: 'anna.holm@fmk.dk' });
  });

  it('refuses what is no phone number, and only an administrator may set it', async () => {
    const bad = await setPhone(ids.bent, 'ring til Bent');
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(codeOf(await setPhone(ids.bent, '72 53 10 98', 'anna'))).toBe('FORBIDDEN');
    expect(codeOf(await setPhone(ids.otto, '62 23 10 98'))).toBe('NOT_FOUND');
    expect(ok(await setPhone(ids.bent, null)).changeStaffPhone.phone).toBeNull();
  });

  it('counts the digits of the number as it is stored, runs of spaces made one: "12   345" is five digits, refused at the phone in Danish, as is an invitation with "1      2"; nothing is stored', async () => {
    const message = 'Skriv et telefonnummer med cifre, fx 72 53 10 00.';
    const before = await versionOf(ids.bent);
    const short = await setPhone(ids.bent, '12   345');
    expect(short.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field: 'phone' } });
    expect(await versionOf(ids.bent)).toBe(before);
    const invited = await invite({ name: 'Telefon Test', email: 'telefon.test@fmk.dk', role: 'MENTOR', phone: '1      2' });
    expect(invited.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field: 'phone' } });
    expect(await count(t, `SELECT 1 FROM app_user WHERE email = 'telefon.test@fmk.dk'`)).toBe(0);
    // Eight digits with room between them are a number still.
    expect(ok(await setPhone(ids.bent, '72   53   10   98')).changeStaffPhone.phone).toBe('72 53 10 98');
  });
});

describe('a name misspelt at the invitation', () => {
  const RENAME = `mutation($input: RenameStaffInput!) { renameStaff(input: $input) { ${STAFF_FIELDS} } }`;
  const rename = async (userId: string, name: string, as = 'ida') => t.gql<{ renameStaff: Staff }>(RENAME, { input: { userId, name, expectedVersion: await versionOf(userId) } }, tokens[as]);

  it('is corrected by the administrator, trimmed and logged; how they sign in, role, unit and status stay', async () => {
    const invited = ok(await invite({ name: 'Lise Jnesen', email: 'lise.jensen@fmk.dk', role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] })).inviteStaff;
    const renamed = ok(await rename(invited.id, '  Lise Jensen ')).renameStaff;
    expect(renamed).toEqual({ ...invited, name: 'Lise Jensen' });
    expect((await staffOf('ida')).find((s) => s.id === invited.id)?.name).toBe('Lise Jensen');
    expect((await logOf(invited.id)).map((l) => [l.action, l.detail])).toContainEqual(['RENAME_STAFF', 'Rettede navnet »Lise Jnesen« til »Lise Jensen«']);
    // The same name again changes nothing and logs nothing.
    ok(await rename(invited.id, 'Lise Jensen'));
    expect((await logOf(invited.id)).filter((l) => l.action === 'RENAME_STAFF')).toHaveLength(1);
  });

  it('a member of staff signed in goes by the new name at once: what they do next is not done under the old one', async () => {
    const was = ok(await me(tokens.bent)).me.name;
    ok(await rename(ids.bent, 'Bent Ravn-Larsen'));
    const now = await withinASecond(() => me(tokens.bent), (r) => r.data?.me.name !== was);
    expect(now.data?.me.name).toBe('Bent Ravn-Larsen');
    ok(await rename(ids.bent, was));
  });

  it('refuses an empty or too long name at the field, and nothing changes', async () => {
    const before = (await staffOf('ida')).find((s) => s.id === ids.dorte);
    for (const bad of ['   ', 'x'.repeat(201)]) {
      const res = await rename(ids.dorte, bad);
      expect(res.errors?.[0]).toMatchObject({ message: 'Skriv et navn (højst 200 tegn).', extensions: { code: 'BAD_USER_INPUT', field: 'name' } });
    }
    expect((await staffOf('ida')).find((s) => s.id === ids.dorte)).toEqual(before);
  });

  it('only an administrator of the municipality may: others FORBIDDEN, another municipality NOT_FOUND', async () => {
    for (const as of ['anna', 'lene', 'mikkel']) expect([as, codeOf(await rename(ids.dorte, 'Dorte X', as))]).toEqual([as, 'FORBIDDEN']);
    expect(codeOf(await rename(ids.dorte, 'Dorte X', 'sif'))).toBe('NOT_FOUND');
    expect(codeOf(await rename(ids.otto, 'Otto X'))).toBe('NOT_FOUND');
    expect(codeOf(await rename('not-an-id', 'X'))).toBe('NOT_FOUND');
    const [{ name }] = await t.db.dataSource.query(`SELECT name FROM app_user WHERE id = $1`, [ids.dorte]);
    expect(name).not.toBe('Dorte X');
  });
});

describe('an administrator demoted while their own change waits', () => {
  it('is refused once the demotion commits: FORBIDDEN, logged, and nothing of the change is made', async () => {
    const xavier = await inviteApproved({ name: 'Xavier Admin', email: 'xavier@fmk.dk', role: 'ADMINISTRATOR' });
    const token = await providerToken('idp|xavier', 'xavier@fmk.dk');
    expect(ok(await me(token)).me.role).toBe('ADMINISTRATOR');
    // Ida demotes Xavier, as changeStaff does (the administrators locked, then the update), not yet committed.
    const demotion = t.db.dataSource.createQueryRunner();
    await demotion.connect();
    await demotion.startTransaction();
    const [{ municipality_id }] = await demotion.query(`SELECT municipality_id FROM app_user WHERE id = $1`, [xavier.id]);
    await demotion.query(`SELECT id FROM app_user WHERE municipality_id = $1 AND role = 'ADMINISTRATOR' ORDER BY id FOR UPDATE`, [municipality_id]);
    await demotion.query(`UPDATE app_user SET role = 'LEADER' WHERE id = $1`, [xavier.id]);
    // Meanwhile Xavier makes Dorte an administrator, and creates a unit.
    const promotion = t.gql<{ changeStaff: Staff }>(CHANGE, { input: { userId: ids.dorte, role: 'ADMINISTRATOR', expectedVersion: await versionOf(ids.dorte) } }, token);
    await untilWaitingForLock(t, promotion);
    const unit = t.gql(`mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }`, { input: { name: 'Xaviers enhed', kind: 'SOCIAL' } }, token);
    expect(await untilWaitingForLock(t, unit, 2)).toBe(true);
    await demotion.commitTransaction();
    await demotion.release();
    for (const res of [await promotion, await unit]) expect(res.errors?.[0]).toMatchObject({ message: 'Du er ikke længere administrator, så ændringen er ikke gemt.', extensions: { code: 'FORBIDDEN' } });
    expect(await count(t, `SELECT 1 FROM app_user WHERE id = $1 AND role = 'ADMINISTRATOR'`, [ids.dorte])).toBe(0);
    expect(await count(t, `SELECT 1 FROM unit WHERE name = 'Xaviers enhed'`)).toBe(0);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND outcome = 'DENIED' AND detail = 'no longer an administrator'`, [xavier.id])).toBe(2);
    // Ida's administration log says what Xavier tried and that it was refused, in Danish.
    const log = await t.gql<{ administrationLog: { entries: Array<{ actorName: string; summary: string }> } }>(`{ administrationLog(first: 20) { entries { actorName summary } } }`, {}, tokens.ida);
    expect(log.data!.administrationLog.entries.filter((e) => e.actorName === 'Xavier Admin' && e.summary.startsWith('Afvist')).map((e) => e.summary).sort()).toEqual([
      'Afvist forsøg på at oprette en enhed: Ikke længere administrator',
      'Afvist forsøg på at ændre en medarbejders rolle eller enhed: Ikke længere administrator',
    ]);
  });
});

describe('placing staff while a unit is being closed', () => {
  it('a reactivation waits for a closing under way and is then refused: no active caseworker in a closed unit', async () => {
    const created = await t.gql<{ createUnit: { id: string } }>(`mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }`, { input: { name: 'Lukkes snart', kind: 'SOCIAL' } }, tokens.ida);
    const unitId = ok(created).createUnit.id;
    const person = ok(await invite({ name: 'Ulla Lukket', email: 'ulla@fmk.dk', role: 'CASEWORKER', unitId })).inviteStaff;
    ok(await deactivate(person.id));
    // The closing has found no active staff and closed the unit, and not yet committed (as closeUnit does, under the unit's row lock).
    const closing = t.db.dataSource.createQueryRunner();
    await closing.connect();
    await closing.startTransaction();
    await closing.query(`SELECT id FROM unit WHERE id = $1 FOR UPDATE`, [unitId]);
    await closing.query(`UPDATE unit SET closed_at = now() WHERE id = $1`, [unitId]);
    const back = reactivate(person.id);
    // The reactivation waits for the unit's row (no sleep: ask PostgreSQL who waits for a lock).
    await untilWaitingForLock(t, back);
    await closing.commitTransaction();
    await closing.release();
    const res = await back;
    expect(res.errors?.[0]).toMatchObject({ message: 'Enheden »Lukkes snart« er lukket.', extensions: { code: 'BAD_USER_INPUT', field: 'unitId' } });
    expect(await count(t, `SELECT 1 FROM app_user WHERE id = $1 AND deactivated_at IS NULL`, [person.id])).toBe(0);
  });
});

describe('two administrators changing the same person', () => {
  const VERSIONED = `id name phone role status version unit { id name }`;
  const RENAME = `mutation($input: RenameStaffInput!) { renameStaff(input: $input) { ${VERSIONED} } }`;
  const PHONE = `mutation($input: ChangeStaffPhoneInput!) { changeStaffPhone(input: $input) { ${VERSIONED} } }`;
  const PLACE = `mutation($input: ChangeStaffInput!) { changeStaff(input: $input) { ${VERSIONED} } }`;
  const OFF = `mutation($id: ID!, $v: Int!) { deactivateStaff(userId: $id, expectedVersion: $v) { ${VERSIONED} } }`;
  const ON = `mutation($id: ID!, $v: Int!) { reactivateStaff(userId: $id, expectedVersion: $v) { ${VERSIONED} } }`;
  interface Versioned { id: string; name: string; phone: string | null; role: string; status: string; version: number; unit: { id: string; name: string } | null }
  const row = async (id: string) =>
    (await t.db.dataSource.query(`SELECT name, phone, role, unit_id, deactivated_at IS NOT NULL AS deactivated, version FROM app_user WHERE id = $1`, [id]))[0];
  const auditRows = (id: string) => count(t, `SELECT 1 FROM audit_log WHERE entity_id = $1`, [id]);
  // The whole message, shown alone (StaffCard): no "another administrator", as it is often the same one in another window.
  const STALE = 'Medarbejderen er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen.';

  it('a change on a version read before another administrator’s is a CONFLICT carrying the person as they are now, and nothing is written or logged; on the version now it is saved and the version moves', async () => {
    const person = ok(await invite({ name: 'Vera Version', email: 'vera.versen@fmk.dk', role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] })).inviteStaff;
    // Each change: made on the version both administrators read (saved, the version moves), then
    // the other administrator's on that same, now old, version (refused with the person as they are now).
    const steps: Array<[string, string, (v: number) => Record<string, unknown>, (v: number) => Record<string, unknown>, Partial<Versioned>]> = [
      ['renameStaff', RENAME, (v) => ({ input: { userId: person.id, name: 'Vera Versen', expectedVersion: v } }), (v) => ({ input: { userId: person.id, name: 'Vera Vers', expectedVersion: v } }), { name: 'Vera Versen' }],
      ['changeStaffPhone', PHONE, (v) => ({ input: { userId: person.id, phone: '72 53 10 01', expectedVersion: v } }), (v) => ({ input: { userId: person.id, phone: '72 53 10 02', expectedVersion: v } }), { phone: '72 53 10 01' }],
      ['changeStaff', PLACE, (v) => ({ input: { userId: person.id, role: 'LEADER', unitId: null, expectedVersion: v } }), (v) => ({ input: { userId: person.id, role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'], expectedVersion: v } }), { role: 'LEADER', unit: null }],
      ['deactivateStaff', OFF, (v) => ({ id: person.id, v }), (v) => ({ id: person.id, v }), { status: 'DEACTIVATED' }],
      ['reactivateStaff', ON, (v) => ({ id: person.id, v }), (v) => ({ id: person.id, v }), { status: 'INVITED' }],
    ];
    let version = 1;
    for (const [name, mutation, first, second, after] of steps) {
      const saved = ok(await t.gql<Record<string, Versioned>>(mutation, first(version), tokens.ida))[name];
      expect([name, saved]).toEqual([name, expect.objectContaining({ ...after, version: version + 1 })]);
      const before = await row(person.id);
      const lines = await auditRows(person.id);
      const refused = await t.gql(mutation, second(version), tokens.ida);
      expect([name, refused.data ?? null, refused.errors?.[0].message, refused.errors?.[0].extensions?.code]).toEqual([name, null, STALE, 'CONFLICT']);
      // The person as the list shows them now, so the form can show what the other administrator did.
      expect([name, refused.errors?.[0].extensions?.current]).toEqual([name, expect.objectContaining({ __typename: 'StaffMember', id: person.id, ...after, version: version + 1 })]);
      expect([name, await row(person.id), await auditRows(person.id)]).toEqual([name, before, lines]);
      version += 1;
    }
    // The conflict's record is the one the page reads: the unit too, by its GraphQL name.
    const placed = await t.gql(PLACE, { input: { userId: person.id, role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'], expectedVersion: version } }, tokens.ida);
    const stale = await t.gql(RENAME, { input: { userId: person.id, name: 'X', expectedVersion: version } }, tokens.ida);
    expect(ok(placed)).toBeTruthy();
    expect(stale.errors?.[0].extensions?.current).toMatchObject({ unit: { __typename: 'Unit', id: units['fmk:Socialforvaltningen'], name: 'Socialforvaltningen' }, version: version + 1 });
    expect((await logOf(person.id)).map((l) => l.action)).toEqual(['INVITE_STAFF', 'RENAME_STAFF', 'CHANGE_STAFF_PHONE', 'CHANGE_STAFF', 'DEACTIVATE_STAFF', 'REACTIVATE_STAFF', 'CHANGE_STAFF']);
  });

  it('two renames on the same version at once: one is saved, the other gets CONFLICT with it', async () => {
    const person = ok(await invite({ name: 'Samtidig Sørensen', email: 'samtidig@fmk.dk', role: 'MENTOR' })).inviteStaff;
    const both = await Promise.all(['Samtidig A', 'Samtidig B'].map((name) => t.gql<{ renameStaff: Versioned }>(RENAME, { input: { userId: person.id, name, expectedVersion: 1 } }, tokens.ida)));
    const saved = both.filter((r) => !r.errors);
    const refused = both.filter((r) => r.errors);
    expect([saved.length, refused.map(codeOf)]).toEqual([1, ['CONFLICT']]);
    expect(refused[0].errors?.[0].extensions?.current).toMatchObject({ name: saved[0].data!.renameStaff.name, version: 2 });
    expect(await row(person.id)).toMatchObject({ name: saved[0].data!.renameStaff.name, version: 2 });
  });

  it('a first sign-in moves the version too: the administrator sees the person turn active', async () => {
    const person = await inviteApproved({ name: 'Første Login', email: 'foerste@fmk.dk', role: 'MENTOR' });
    // Version 2 is the approval's.
    expect(ok(await me(await providerToken('idp|foerste', 'foerste@fmk.dk'))).me.name).toBe('Første Login');
    const stale = await t.gql(OFF, { id: person.id, v: 2 }, tokens.ida);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', current: { status: 'ACTIVE', version: 3 } });
    expect(ok(await t.gql<{ deactivateStaff: Versioned }>(OFF, { id: person.id, v: 3 }, tokens.ida)).deactivateStaff).toMatchObject({ status: 'DEACTIVATED', version: 4 });
  });

  it('a version that is no version is refused at the field', async () => {
    const res = await t.gql(RENAME, { input: { userId: ids.dorte, name: 'Dorte', expectedVersion: 0 } }, tokens.ida);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedVersion' });
  });
});

describe("an administrator's own role and unit: four eyes", () => {
  const OWN = { code: 'RULE_VIOLATION', rule: 'OWN_ROLE_OR_UNIT' };
  const READ_PLAN = `query($id: ID!) { plan(id: $id) { citizen { name cpr } } }`;

  it('are changed by another administrator, never by themself: a self-made caseworker is refused, keeps no citizen access, and nothing is written', async () => {
    const vibeke = await inviteApproved({ name: 'Vibeke Admin', subject: 'idp|vibeke', role: 'ADMINISTRATOR' });
    tokens.vibeke = await providerToken('idp|vibeke');
    expect(ok(await me(tokens.vibeke)).me.role).toBe('ADMINISTRATOR');
    const jobcenter = units['fmk:Jobcenter'];
    const before = await versionOf(ids.ida);
    const logBefore = (await logOf(ids.ida)).length;

    // Ida makes herself a caseworker in the jobcenter, or a leader: refused, in Danish, though another administrator remains.
    for (const input of [{ role: 'CASEWORKER', unitId: jobcenter }, { role: 'LEADER', unitId: jobcenter }, { role: 'LEADER' }]) {
      const res = await change({ userId: ids.ida, ...input });
      expect(res.errors?.[0]).toMatchObject({ message: 'Du kan ikke ændre din egen rolle eller enhed. Bed en anden administrator om det.', extensions: OWN });
    }
    expect(await t.db.dataSource.query(`SELECT role, unit_id, version FROM app_user WHERE id = $1`, [ids.ida])).toEqual([{ role: 'ADMINISTRATOR', unit_id: null, version: before }]);
    expect(await logOf(ids.ida)).toHaveLength(logBefore);
    // She still sees no citizen: a plan of the jobcenter's is no plan of hers.
    expect(codeOf(await t.gql(READ_PLAN, { id: await planIdOf(t, 'Per') }, tokens.ida))).toBe('NOT_FOUND');

    // Vibeke may ask, and Alma approve: Ida a leader, and an administrator again. Each change is in the log, under both names.
    expect((await placed({ userId: ids.ida, role: 'LEADER' }, 'vibeke', 'alma')).role).toBe('LEADER');
    expect((await placed({ userId: ids.ida, role: 'ADMINISTRATOR' }, 'vibeke', 'alma')).role).toBe('ADMINISTRATOR');
    expect(await t.db.dataSource.query(
      `SELECT u.name, a.detail FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE a.action = 'CHANGE_STAFF' AND a.entity_id = $1 ORDER BY a.id DESC LIMIT 2`, [ids.ida])).toEqual([
      { name: 'Alma Andersen', detail: 'Godkendte Vibeke Admins ændring af Ida Administrator fra leder til administrator' },
      { name: 'Alma Andersen', detail: 'Godkendte Vibeke Admins ændring af Ida Administrator fra administrator til leder' },
    ]);
    // Nor may Vibeke change her own.
    expect((await change({ userId: vibeke.id, role: 'MENTOR' }, 'vibeke')).errors?.[0].extensions).toMatchObject(OWN);
  });

  it('an administrator may still deactivate themself while another administrator remains', async () => {
    const vibeke = (await staffOf('ida')).find((s) => s.name === 'Vibeke Admin')!;
    expect(vibeke.status).toBe('ACTIVE');
    expect(ok(await deactivate(vibeke.id, 'vibeke')).deactivateStaff.status).toBe('DEACTIVATED');
    expect(codeOf(await withinASecond(() => t.gql(STAFF_MEMBERS, {}, tokens.vibeke), (r) => !r.data))).toBe('NOT_A_USER');
  });
});

describe('four eyes on an invitation', () => {
  const APPROVAL = `id status subject awaitingApproval invitedById invitedByName approvedByName approvedAt version`;
  interface Approval { id: string; status: string; subject: string | null; awaitingApproval: boolean; invitedById: string | null; invitedByName: string | null; approvedByName: string | null; approvedAt: string | null; version: number }
  const APPROVE = `mutation($id: ID!, $v: Int!) { approveStaffInvitation(userId: $id, expectedVersion: $v) { ${APPROVAL} } }`;
  const approve = async (id: string, as: string, v?: number) => t.gql<{ approveStaffInvitation: Approval }>(APPROVE, { id, v: v ?? (await versionOf(id)) }, tokens[as]);
  const listed = async (id: string) => ok(await t.gql<{ staffMembers: Approval[] }>(`{ staffMembers { ${APPROVAL} } }`, {}, tokens.ida)).staffMembers.find((s) => s.id === id)!;
  /** The person's lines in the administration log as Ida reads it, oldest first: who, and the summary. */
  const adminLogAbout = async (name: string) =>
    ok(await t.gql<{ administrationLog: { entries: Array<{ actorName: string | null; action: string; summary: string }> } }>(`{ administrationLog(first: 50) { entries { actorName action summary } } }`, {}, tokens.ida))
      .administrationLog.entries.filter((e) => e.summary.includes(name)).reverse();
  const AWAITING = { message: 'Din invitation til Samplan venter på, at en anden administrator godkender den.', extensions: { code: 'NOT_A_USER', reason: 'AWAITING_APPROVAL' } };

  it('an invitation binds only once another administrator has approved it: the sign-in before is refused as someone unknown is, and the log says why', async () => {
    const nora = ok(await invite({ name: 'Nora Nyborg', email: 'nora@fmk.dk', role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] })).inviteStaff;
    expect(await listed(nora.id)).toMatchObject({ status: 'INVITED', awaitingApproval: true, invitedById: ids.ida, invitedByName: 'Ida Administrator', approvedByName: null, approvedAt: null });

    // Nora signs in with the invited address: no user, and the invitation is not bound to her login.
    const token = await providerToken('idp|nora', 'nora@fmk.dk');
    const refused = await me(token);
    expect([refused.data ?? null, refused.errors?.[0]]).toEqual([null, expect.objectContaining(AWAITING)]);
    expect(await listed(nora.id)).toMatchObject({ status: 'INVITED', subject: null, awaitingApproval: true });
    // Nor is one made by login-id bound by it.
    const olaf = ok(await invite({ name: 'Olaf Ovesen', subject: 'idp|olaf', role: 'MENTOR' })).inviteStaff;
    expect((await me(await providerToken('idp|olaf'))).errors?.[0]).toMatchObject(AWAITING);
    expect(await listed(olaf.id)).toMatchObject({ status: 'INVITED', awaitingApproval: true });

    // Ida cannot approve her own invitation; the attempt is refused in Danish, and logged.
    const own = await approve(nora.id, 'ida');
    expect(own.errors?.[0]).toMatchObject({ message: 'Du kan ikke godkende din egen invitation. Bed en anden administrator om det.', extensions: { code: 'RULE_VIOLATION', rule: 'OWN_INVITATION' } });
    expect(await listed(nora.id)).toMatchObject({ awaitingApproval: true, approvedByName: null });
    // Nobody but an administrator of the municipality may approve it at all.
    expect(codeOf(await approve(nora.id, 'anna'))).toBe('FORBIDDEN');
    expect(codeOf(await approve(nora.id, 'sif'))).toBe('NOT_FOUND');

    // Alma approves it: Nora's next sign-in binds it, and she is a caseworker in the jobcenter.
    const approved = ok(await approve(nora.id, 'alma')).approveStaffInvitation;
    expect(approved).toMatchObject({ status: 'INVITED', awaitingApproval: false, invitedByName: 'Ida Administrator', approvedByName: 'Alma Andersen', approvedAt: expect.any(String) });
    expect(ok(await me(await providerToken('idp|nora', 'nora@fmk.dk'))).me).toEqual({ name: 'Nora Nyborg', role: 'CASEWORKER' });
    expect(await listed(nora.id)).toMatchObject({ status: 'ACTIVE', subject: 'idp|nora' });
    // Approving it again changes nothing.
    expect(ok(await approve(nora.id, 'alma')).approveStaffInvitation.version).toBe((await listed(nora.id)).version);

    // The administration log tells it all, in Danish, in order; the refused sign-in and the refused approval too.
    expect(await adminLogAbout('Nora Nyborg')).toEqual([
      { actorName: 'Ida Administrator', action: 'INVITE_STAFF', summary: 'Inviterede Nora Nyborg (nora@fmk.dk) som sagsbehandler i Jobcenter' },
      { actorName: null, action: 'SIGN_IN_AWAITING_APPROVAL', summary: 'Nora Nyborg forsøgte at logge ind, men invitationen venter på en anden administrators godkendelse (login-id idp|nora)' },
      { actorName: 'Alma Andersen', action: 'APPROVE_STAFF_INVITATION', summary: 'Godkendte Ida Administrators invitation af Nora Nyborg (nora@fmk.dk) som sagsbehandler i Jobcenter' },
      { actorName: 'Nora Nyborg', action: 'ACCEPT_INVITATION', summary: 'Nora Nyborg loggede ind første gang og tog imod invitationen (nora@fmk.dk)' },
    ]);
    expect(await t.db.dataSource.query(`SELECT u.name, a.outcome, a.detail FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE a.action = 'APPROVE_STAFF_INVITATION' AND a.entity_id = $1
        AND a.municipality_id = (SELECT municipality_id FROM app_user WHERE id = $1::uuid) ORDER BY a.id`, [nora.id])).toEqual([
      { name: 'Ida Administrator', outcome: 'DENIED', detail: 'own invitation' },
      { name: 'Alma Andersen', outcome: 'ALLOWED', detail: 'Godkendte Ida Administrators invitation af Nora Nyborg (nora@fmk.dk) som sagsbehandler i Jobcenter' },
    ]);
    const refusal = (await t.gql<{ administrationLog: { entries: Array<{ actorName: string; summary: string }> } }>(`{ administrationLog(first: 50) { entries { actorName summary } } }`, {}, tokens.alma)).data!.administrationLog.entries
      .find((e) => e.actorName === 'Ida Administrator' && e.summary.startsWith('Afvist forsøg på at godkende'));
    expect(refusal?.summary).toBe('Afvist forsøg på at godkende en invitation af en medarbejder: Egen invitation: en anden administrator skal godkende den');
  });

  it('the database itself refuses a sign-in to an invitation nobody else approved, and an approval by the inviter', async () => {
    const pia = ok(await invite({ name: 'Pia Pedersen', subject: 'idp|pia', role: 'MENTOR' })).inviteStaff;
    await expect(t.db.dataSource.query(`UPDATE app_user SET activated_at = now() WHERE id = $1`, [pia.id])).rejects.toThrow(/app_user_activated_approved/);
    await expect(t.db.dataSource.query(`UPDATE app_user SET approved_by = invited_by, approved_at = now() WHERE id = $1`, [pia.id])).rejects.toThrow(/app_user_approved_by_another/);
  });

  it('a member of staff who is also a citizen gets no citizen account on her work login while her invitation waits; once approved, the invitation binds', async () => {
    const [{ cpr }] = await t.db.dataSource.query(
      `SELECT c.cpr FROM citizen c WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.citizen_id = c.id) AND EXISTS (SELECT 1 FROM programme p WHERE p.citizen_id = c.id) LIMIT 1`);
    const rita = ok(await invite({ name: 'Rita Ravn', email: 'rita@fmk.dk', role: 'MENTOR' })).inviteStaff;
    const token = await signToken(t.config.auth, 'mitid-erhverv:rita', new Date(), undefined, { email: 'rita@fmk.dk', email_verified: true, cpr });
    expect((await me(token)).errors?.[0]).toMatchObject(AWAITING);
    expect(await count(t, `SELECT 1 FROM app_user WHERE subject = 'mitid-erhverv:rita'`)).toBe(0);
    ok(await approve(rita.id, 'alma'));
    expect(ok(await me(token)).me).toEqual({ name: 'Rita Ravn', role: 'MENTOR' });
  });

  it('an invitation waiting for approval is changed, renamed and withdrawn as any other; the approval is of what the approver saw, and of no withdrawn one', async () => {
    const sune = ok(await invite({ name: 'Sune Sand', email: 'sune@fmk.dk', role: 'MENTOR' })).inviteStaff;
    const seen = await versionOf(sune.id);
    // Ida makes him a caseworker while Alma has the list open: Alma's yes is to a mentor, so it is refused with him as he is now.
    ok(await change({ userId: sune.id, role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] }));
    const stale = await approve(sune.id, 'alma', seen);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', current: { id: sune.id, role: 'CASEWORKER', awaitingApproval: true } });
    expect((await listed(sune.id)).awaitingApproval).toBe(true);

    // Withdrawn (deactivated): his sign-in is told so, and nobody approves it until it is reactivated.
    ok(await deactivate(sune.id));
    expect((await me(await providerToken('idp|sune', 'sune@fmk.dk'))).errors?.[0]).toMatchObject({ extensions: { code: 'NOT_A_USER', reason: 'DEACTIVATED' } });
    expect((await approve(sune.id, 'alma')).errors?.[0]).toMatchObject({ extensions: { code: 'RULE_VIOLATION', rule: 'INVITATION_WITHDRAWN' } });
    // Reactivated, it still waits; approved, it binds.
    expect(ok(await reactivate(sune.id)).reactivateStaff).toMatchObject({ status: 'INVITED' });
    expect((await me(await providerToken('idp|sune', 'sune@fmk.dk'))).errors?.[0]).toMatchObject(AWAITING);
    ok(await approve(sune.id, 'alma'));
    expect(ok(await me(await providerToken('idp|sune', 'sune@fmk.dk'))).me).toEqual({ name: 'Sune Sand', role: 'CASEWORKER' });
  });

  it('an approved invitation given another role or unit before its first sign-in waits for approval again: the approval was of the role the card showed', async () => {
    const egon = ok(await invite({ name: 'Egon Eget', email: 'egon@fmk.dk', role: 'MENTOR' })).inviteStaff;
    ok(await approve(egon.id, 'alma'));
    expect(await listed(egon.id)).toMatchObject({ awaitingApproval: false, approvedByName: 'Alma Andersen' });

    // Ida makes him a caseworker after Alma's yes: the card says "Afventer godkendelse" again, and his sign-in is told it waits.
    ok(await change({ userId: egon.id, role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] }));
    expect(await listed(egon.id)).toMatchObject({ status: 'INVITED', awaitingApproval: true, approvedByName: null, approvedAt: null });
    expect((await me(await providerToken('idp|egon', 'egon@fmk.dk'))).errors?.[0]).toMatchObject(AWAITING);
    // Another unit is another placement too.
    ok(await approve(egon.id, 'alma'));
    ok(await change({ userId: egon.id, role: 'CASEWORKER', unitId: units['fmk:Socialforvaltningen'] }));
    expect(await listed(egon.id)).toMatchObject({ awaitingApproval: true, approvedByName: null });
    // A sign-in of its own (a token issued later): the log has a line per sign-in, not per request with one token.
    expect((await me(await providerToken('idp|egon', 'egon@fmk.dk', new Date(Date.now() + 1000)))).errors?.[0]).toMatchObject(AWAITING);

    // Approved as he is now, he signs in as that; once he has, a change of role leaves the invitation's approval as it is,
    // and waits as a change of its own for another administrator's yes (approveStaffChange).
    ok(await approve(egon.id, 'alma'));
    expect(ok(await me(await providerToken('idp|egon', 'egon@fmk.dk'))).me).toEqual({ name: 'Egon Eget', role: 'CASEWORKER' });
    ok(await change({ userId: egon.id, role: 'MENTOR' }));
    expect(await listed(egon.id)).toMatchObject({ status: 'ACTIVE', awaitingApproval: false, approvedByName: 'Alma Andersen' });
    expect((await logOf(egon.id)).map((l) => l.action)).toEqual([
      'INVITE_STAFF', 'APPROVE_STAFF_INVITATION', 'CHANGE_STAFF', 'SIGN_IN_AWAITING_APPROVAL', 'APPROVE_STAFF_INVITATION', 'CHANGE_STAFF', 'SIGN_IN_AWAITING_APPROVAL',
      'APPROVE_STAFF_INVITATION', 'ACCEPT_INVITATION', 'REQUEST_STAFF_CHANGE',
    ]);
  });

  it('an invitation placed anew by another administrator than its inviter is that one’s to have approved: the placing administrator’s own yes is refused, the inviter’s binds it', async () => {
    const fie = ok(await invite({ name: 'Fie Falk', email: 'fie@fmk.dk', role: 'MENTOR' })).inviteStaff;
    ok(await approve(fie.id, 'alma'));
    // Alma, who approved her as a mentor, makes her a caseworker before her first sign-in: Alma alone chose that role.
    ok(await change({ userId: fie.id, role: 'CASEWORKER', unitId: units['fmk:Jobcenter'] }, 'alma'));
    expect(await listed(fie.id)).toMatchObject({ status: 'INVITED', awaitingApproval: true, invitedById: ids.alma, invitedByName: 'Alma Andersen', approvedByName: null });
    // The administration log says so, so the line explains why she cannot sign in yet.
    const log = ok(await t.gql<{ administrationLog: { entries: Array<{ summary: string }> } }>(`{ administrationLog(first: 10) { entries { summary } } }`, {}, tokens.ida)).administrationLog.entries;
    expect(log.map((e) => e.summary)).toContain('Ændrede Fie Falk fra mentor til sagsbehandler i Jobcenter; invitationen skal nu godkendes af en anden administrator');
    expect((await approve(fie.id, 'alma')).errors?.[0]).toMatchObject({ extensions: { code: 'RULE_VIOLATION', rule: 'OWN_INVITATION' } });
    expect((await me(await providerToken('idp|fie', 'fie@fmk.dk'))).errors?.[0]).toMatchObject(AWAITING);
    expect(ok(await approve(fie.id, 'ida')).approveStaffInvitation).toMatchObject({ awaitingApproval: false, approvedByName: 'Ida Administrator' });
    expect(ok(await me(await providerToken('idp|fie', 'fie@fmk.dk'))).me).toEqual({ name: 'Fie Falk', role: 'CASEWORKER' });
  });

  it('a refused approval of a withdrawn invitation is in the administration log, with why', async () => {
    const tove = ok(await invite({ name: 'Tove Tang', email: 'tove.tang@fmk.dk', role: 'MENTOR' })).inviteStaff;
    ok(await deactivate(tove.id));
    expect((await approve(tove.id, 'alma')).errors?.[0]).toMatchObject({ extensions: { code: 'RULE_VIOLATION', rule: 'INVITATION_WITHDRAWN' } });
    expect(await t.db.dataSource.query(`SELECT u.name, a.outcome, a.detail FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE a.action = 'APPROVE_STAFF_INVITATION' AND a.entity_id = $1`, [tove.id]))
      .toEqual([{ name: 'Alma Andersen', outcome: 'DENIED', detail: 'invitation withdrawn' }]);
    const refusal = ok(await t.gql<{ administrationLog: { entries: Array<{ actorName: string; summary: string }> } }>(`{ administrationLog(first: 50) { entries { actorName summary } } }`, {}, tokens.ida))
      .administrationLog.entries.find((e) => e.actorName === 'Alma Andersen' && e.summary.startsWith('Afvist forsøg på at godkende'));
    expect(refusal?.summary).toBe('Afvist forsøg på at godkende en invitation af en medarbejder: Invitationen er trukket tilbage (deaktiveret)');
    expect(await listed(tove.id)).toMatchObject({ awaitingApproval: true, approvedByName: null });
  });

  it('an invitation by both e-mail and login-id is named by the login-id, the one that binds, in the log of its invitation and its approval', async () => {
    const vibe = ok(await invite({ name: 'Vibe Vang', email: 'vibe@fmk.dk', subject: 'idp|vibe', role: 'MENTOR' })).inviteStaff;
    ok(await approve(vibe.id, 'alma'));
    expect(await logOf(vibe.id)).toEqual([
      { action: 'INVITE_STAFF', detail: 'Inviterede Vibe Vang (login-id idp|vibe) som mentor' },
      { action: 'APPROVE_STAFF_INVITATION', detail: 'Godkendte Ida Administrators invitation af Vibe Vang (login-id idp|vibe) som mentor' },
    ]);
    expect(ok(await me(await providerToken('idp|vibe'))).me).toEqual({ name: 'Vibe Vang', role: 'MENTOR' });
  });
});

describe('the staff list', () => {
  it("reads each person's latest reactivation from their own lines of the log, through the partial index, however long the log has grown", async () => {
    // The log as it grows over years: reads of plans, and now and then someone reactivated (in no municipality, so no page is told).
    await t.db.dataSource.query(
      `INSERT INTO audit_log (action, entity_type, entity_id, outcome, at)
       SELECT CASE WHEN g % 100 = 0 THEN 'REACTIVATE_STAFF' ELSE 'READ_PLAN' END, CASE WHEN g % 100 = 0 THEN 'STAFF' ELSE 'PLAN' END,
              gen_random_uuid()::text, 'ALLOWED', now() - g * interval '1 minute'
         FROM generate_series(1, 50000) g`);
    ok(await t.gql(STAFF_MEMBERS, {}, tokens.ida));
    expect(staffListSql).toContain('LATERAL');
    const [{ municipality_id }] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE id = $1`, [ids.ida]);
    await t.db.dataSource.query(`ANALYZE audit_log`);
    const plan: Array<{ 'QUERY PLAN': string }> = await t.db.dataSource.query(`EXPLAIN ${staffListSql}`, [municipality_id]);
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan( Backward)? using audit_log_reactivation_idx on audit_log/);
  });
});
