import { startTestServer, type TestServer } from '../../test-support/test-server';
import { approveInvitation, otherAdministrator, planIdOf, refusalsOf, unitIdOf, withinASecond } from '../../test-support/fixtures';
import { WsClient } from '../../test-support/ws-client';

const APPROVE_CHANGE = `mutation($userId: ID!, $expectedVersion: Int!) { approveStaffChange(userId: $userId, expectedVersion: $expectedVersion) { id role } }`;

/**
 * Three denied accesses by one user within 24 hours flag the account for review. The
 * audit log is the record; the flag is derived from it (a trigger), and leaders of the
 * same municipality see and close flags.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
let perPlan: string;
let lisePlan: string;

const READ_PLAN = `query($id: ID!) { plan(id: $id) { id } }`;
const FLAGS = `query($all: Boolean) { flaggedAccounts(includeResolved: $all) {
  id username name role unitName denials firstDeniedAt lastDeniedAt resolvedAt resolvedByName resolution mine
  recentDenials { at action entityType entityId detail operation recordNumber attempt } } }`;
const RESOLVE = `mutation($id: ID!, $note: String!) { resolveAccountFlag(id: $id, resolution: $note) { id resolvedAt resolvedByName resolution } }`;

interface Flag {
  id: string;
  username: string;
  name: string;
  mine: boolean;
  denials: number;
  resolvedAt: string | null;
  recentDenials: Array<{ action: string; entityType: string; entityId: string | null; detail: string | null; operation: string | null; recordNumber: number | null; attempt: number }>;
}

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'carla', 'lene', 'otto', 'dorte', 'per', 'ida', 'bent']) tokens[u] = await t.login(u);
  // Per's team is jobcenter and social: Carla (health) may not read his plan.
  perPlan = await planIdOf(t, 'Per');
  lisePlan = await planIdOf(t, 'Lise');
});

afterAll(() => t?.stop());

async function flags(all = false): Promise<Flag[]> {
  const res = await t.gql<{ flaggedAccounts: Flag[] }>(FLAGS, { all }, tokens.lene);
  expect(res.errors).toBeUndefined();
  return res.data!.flaggedAccounts;
}

const deniedRows = async (username: string) =>
  Number(
    (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = $1 AND a.outcome = 'DENIED'`, [username]))[0].n,
  );

describe('repeated denials flag the account', () => {
  it('two denials are logged but not flagged; the third flags the account, with the denials from the audit log', async () => {
    for (let i = 0; i < 2; i++) expect((await t.gql(READ_PLAN, { id: perPlan }, tokens.carla)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await deniedRows('carla')).toBe(2);
    expect(await flags()).toEqual([]);

    await t.gql(READ_PLAN, { id: perPlan }, tokens.carla);
    const [flag] = await flags();
    expect(flag).toMatchObject({ username: 'carla', name: 'Carla Nielsen', role: 'CASEWORKER', unitName: 'Sundhedsforvaltningen', denials: 3, resolvedAt: null });
    expect(flag.recentDenials).toHaveLength(3);
    // The plan by its number, not its id: a leader may not read plans.
    expect(flag.recentDenials[0]).toMatchObject({ action: 'READ_PLAN', entityId: null, recordNumber: 1, detail: 'no access to plan' });

    // A fourth denial keeps one open flag and counts it.
    await t.gql(READ_PLAN, { id: perPlan }, tokens.carla);
    const again = await flags();
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ id: flag.id, denials: 4 });
  });

  it('only leaders see flags, and only of their own municipality', async () => {
    expect((await t.gql(FLAGS, {}, tokens.anna)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Otto (another municipality) is refused three times: flagged in his municipality, not Lene's.
    for (let i = 0; i < 3; i++) await t.gql(READ_PLAN, { id: perPlan }, tokens.otto);
    const rows = await t.db.dataSource.query(
      `SELECT f.municipality_id = u.municipality_id AS own FROM account_review_flag f JOIN app_user u ON u.id = f.user_id WHERE u.username = 'otto'`,
    );
    expect(rows).toEqual([{ own: true }]);
    expect((await flags()).map((f) => f.username)).toEqual(['carla']);
    // Otto's flag by its id is not found for Lene, and her attempt is logged; the flag stays open.
    const [{ id: ottosFlag }] = await t.db.dataSource.query(`SELECT f.id FROM account_review_flag f JOIN app_user u ON u.id = f.user_id WHERE u.username = 'otto'`);
    expect((await t.gql(RESOLVE, { id: ottosFlag, note: 'Set' }, tokens.lene)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await refusalsOf(t, 'lene', 'not found or not visible')).toEqual([
      { action: 'RESOLVE_ACCOUNT_FLAG', entity_type: 'ACCOUNT_FLAG', entity_id: ottosFlag },
    ]);
    expect(await t.db.dataSource.query(`SELECT resolved_at FROM account_review_flag WHERE id = $1`, [ottosFlag])).toEqual([{ resolved_at: null }]);
  });

  it("a citizen's own account is not shown to leaders, though its denials are logged", async () => {
    // Per, signed in as a citizen, asks for a plan that is not his own three times.
    for (let i = 0; i < 3; i++) expect((await t.gql(READ_PLAN, { id: lisePlan }, tokens.per)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await deniedRows('per')).toBeGreaterThanOrEqual(3);
    const [raised] = await t.db.dataSource.query(
      `SELECT f.id FROM account_review_flag f JOIN app_user u ON u.id = f.user_id WHERE u.username = 'per' AND f.resolved_at IS NULL`,
    );
    expect(raised).toBeDefined();
    expect((await flags()).map((f) => f.username)).not.toContain('per');
    const closed = await t.gql(RESOLVE, { id: raised.id, note: 'Set' }, tokens.lene);
    expect(closed.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('denials older than 24 hours do not count', async () => {
    // Two old refusals in the record (written as the services write them, only earlier).
    await t.db.dataSource.query(
      `INSERT INTO audit_log (municipality_id, actor_id, actor_unit_id, action, entity_type, entity_id, outcome, detail, at)
       SELECT u.municipality_id, u.id, u.unit_id, 'READ_PLAN', 'PLAN', $1, 'DENIED', 'no access to plan', now() - interval '25 hours'
         FROM app_user u, generate_series(1, 2) WHERE u.username = 'dorte'`,
      [perPlan],
    );
    const bo = await planIdOf(t, 'Bo');
    await t.db.dataSource.query(`DELETE FROM plan_team_unit t USING unit u WHERE t.plan_id = $1 AND u.id = t.unit_id AND u.kind = 'EMPLOYMENT'`, [bo]);
    expect((await t.gql(READ_PLAN, { id: bo }, tokens.dorte)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await deniedRows('dorte')).toBe(3);
    expect((await flags()).map((f) => f.username)).toEqual(['carla']);
  });

  it('a leader closes a flag with a note; later denials start a new count', async () => {
    const [flag] = await flags();
    expect((await t.gql(RESOLVE, { id: flag.id, note: '  ' }, tokens.lene)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // Too long: told the limit and how much was written, as every form is; counted in characters as stored.
    expect((await t.gql(RESOLVE, { id: flag.id, note: `${'😀'.repeat(1001)}  ` }, tokens.lene)).errors?.[0]).toMatchObject({
      message: 'Bemærkningen må højst være 1.000 tegn (du har skrevet 1.001).',
      extensions: { code: 'BAD_USER_INPUT', field: 'resolution' },
    });
    expect((await t.gql(RESOLVE, { id: flag.id, note: 'Talt med Carla' }, tokens.anna)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const res = await t.gql<{ resolveAccountFlag: { resolvedAt: string; resolvedByName: string; resolution: string } }>(
      RESOLVE, { id: flag.id, note: 'Talt med Carla: hun søgte den forkerte borger.' }, tokens.lene,
    );
    expect(res.data?.resolveAccountFlag).toMatchObject({ resolvedByName: 'Lene Kristensen', resolution: 'Talt med Carla: hun søgte den forkerte borger.' });
    // Closed already (by another leader, or in another window): said so, with who closed it; the second note is not kept.
    const twice = await t.gql(RESOLVE, { id: flag.id, note: 'igen' }, tokens.lene);
    expect(twice.errors?.[0]).toMatchObject({
      message: 'Markeringen er allerede afsluttet af Lene Kristensen. Din bemærkning er ikke gemt.',
      extensions: { code: 'CONFLICT', current: { id: flag.id, resolvedByName: 'Lene Kristensen', resolution: 'Talt med Carla: hun søgte den forkerte borger.' } },
    });
    expect(await flags()).toEqual([]);
    expect((await flags(true)).map((f) => f.id)).toEqual([flag.id]);

    for (let i = 0; i < 2; i++) await t.gql(READ_PLAN, { id: perPlan }, tokens.carla);
    expect(await flags()).toEqual([]);
    await t.gql(READ_PLAN, { id: perPlan }, tokens.carla);
    const [next] = await flags();
    expect(next).toMatchObject({ username: 'carla', denials: 3 });
    expect(next.id).not.toBe(flag.id);
  });

  it('concurrent denials are all counted: three at once flag exactly once', async () => {
    const kim = await planIdOf(t, 'Kim');
    const mikkel = await t.login('mikkel');
    await Promise.all([1, 2, 3].map(() => t.gql(READ_PLAN, { id: kim }, mikkel)));
    const open = (await flags()).filter((f) => f.username === 'mikkel');
    expect(open).toHaveLength(1);
    expect(open[0].denials).toBe(3);
  });

  it("a leader's own flag is shown as theirs and is not theirs to close: FORBIDDEN, audited, left open", async () => {
    const [{ id: elsewhere }] = await t.db.dataSource.query(`SELECT p.id FROM plan p JOIN municipality m ON m.id = p.municipality_id WHERE m.code <> '0430' LIMIT 1`);
    for (let i = 0; i < 3; i++) await t.gql(READ_PLAN, { id: elsewhere }, tokens.lene);
    const own = (await flags()).find((f) => f.username === 'lene')!;
    expect(own.mine).toBe(true);
    expect((await flags()).filter((f) => f.username !== 'lene').every((f) => !f.mine)).toBe(true);
    const closed = await t.gql(RESOLVE, { id: own.id, note: 'Det var mig selv, der tastede forkert.' }, tokens.lene);
    expect(closed.errors?.[0]).toMatchObject({ message: 'Det er din egen markering: en anden leder skal gennemse den.', extensions: { code: 'FORBIDDEN' } });
    expect((await flags()).find((f) => f.id === own.id)).toMatchObject({ resolvedAt: null });
    const [{ n }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'lene' AND a.action = 'RESOLVE_ACCOUNT_FLAG' AND a.entity_id = $1 AND a.outcome = 'DENIED'`, [own.id]);
    expect(n).toBe(1);
    expect(await refusalsOf(t, 'lene', 'own account flag')).toEqual([{ action: 'RESOLVE_ACCOUNT_FLAG', entity_type: 'ACCOUNT_FLAG', entity_id: own.id }]);
  });
});

describe('a call the caller\'s role may not make at all', () => {
  const operationRows = (username: string) =>
    t.db.dataSource.query(
      `SELECT a.action, a.entity_type, a.entity_id, a.outcome, a.detail, a.citizen_id FROM audit_log a JOIN app_user u ON u.id = a.actor_id
        WHERE u.username = $1 AND a.action = 'CALL_OPERATION' ORDER BY a.id`, [username]);

  it('is refused FORBIDDEN and logged DENIED with the operation; three of them flag the account', async () => {
    // An administrator has no screen that asks for the leaders' review or the forløb settings: such calls are probing.
    // The third asks twice under two names: one attempt, one row.
    const calls = ['query { flaggedAccounts { id } }', 'query { flaggedAccounts(includeResolved: true) { id } }', 'query { a: ownProgrammeSettings { __typename } b: ownProgrammeSettings { __typename } }'];
    for (const call of calls) expect((await t.gql(call, {}, tokens.ida)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await operationRows('ida')).toEqual([
      { action: 'CALL_OPERATION', entity_type: 'OPERATION', entity_id: 'Query.flaggedAccounts', outcome: 'DENIED', detail: 'not for this role', citizen_id: null },
      { action: 'CALL_OPERATION', entity_type: 'OPERATION', entity_id: 'Query.flaggedAccounts', outcome: 'DENIED', detail: 'not for this role', citizen_id: null },
      { action: 'CALL_OPERATION', entity_type: 'OPERATION', entity_id: 'Query.ownProgrammeSettings', outcome: 'DENIED', detail: 'not for this role', citizen_id: null },
    ]);
    const flag = (await flags()).find((f) => f.username === 'ida');
    expect(flag).toMatchObject({ denials: 3 });
    expect(flag!.recentDenials[0]).toMatchObject({ action: 'CALL_OPERATION', entityId: 'Query.ownProgrammeSettings', detail: 'not for this role' });
  });

  it('a mutation refused by role is logged too, and what the role may call is not', async () => {
    const mutation = `mutation { resolveAccountFlag(id: "00000000-0000-4000-8000-000000000000", resolution: "Set") { id } }`;
    expect((await t.gql(mutation, {}, tokens.bent)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql('query { caseload(first: 5) { totalCount } }', {}, tokens.bent)).errors).toBeUndefined();
    expect((await operationRows('bent')).map((r: { entity_id: string }) => r.entity_id)).toEqual(['Mutation.resolveAccountFlag']);
  });

  it('the administration\'s live changes, asked for by a caseworker over the socket, are refused and logged', async () => {
    const ws = await WsClient.connect(t.url, tokens.dorte);
    try {
      const res = await ws.request('subscription { administrationChanges { readAgain } }');
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await ws.close();
    }
    expect((await operationRows('dorte')).map((r: { entity_id: string }) => r.entity_id)).toEqual(['Subscription.administrationChanges']);
  });

  it('an anonymous call is refused UNAUTHENTICATED with no one to log it against', async () => {
    const before = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'CALL_OPERATION'`);
    expect((await t.gql('query { flaggedAccounts { id } }', {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'CALL_OPERATION'`)).toEqual(before);
  });
});

describe('refusals just after an administrator changed the user\'s role', () => {
  /** A new member of staff of Ida's municipality, now in `role`, whom an administrator changed from `formerRole` `ago` (the change's row says both, as changeStaff writes it); signed in. */
  const changedAgo = async (username: string, formerRole: string, role: string, ago: string) => {
    await t.db.dataSource.query(
      `INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) SELECT municipality_id, $1, $1, $1, $2, now() FROM app_user WHERE username = 'ida'`, [username, role]);
    await t.db.dataSource.query(
      `INSERT INTO audit_log (municipality_id, actor_id, action, entity_type, entity_id, outcome, detail, role_before, role_after, at)
       SELECT u.municipality_id, u.id, 'CHANGE_STAFF', 'STAFF', u.id::text, 'ALLOWED', 'Ændrede rollen', $3, u.role, now() - $2::interval FROM app_user u WHERE u.username = $1`, [username, ago, formerRole]);
    return t.login(username);
  };

  it('are logged but not counted: the open screens ask again with the old rights; after two minutes they count', async () => {
    const ida = tokens.ida;
    const staff = await t.gql<{ staffMembers: Array<{ id: string; name: string; version: number }> }>(`query { staffMembers { id name version } }`, {}, ida);
    const dorte = staff.data!.staffMembers.find((s) => s.name === 'Dorte Madsen')!;
    const before = await deniedRows('dorte');
    expect((await flags()).map((f) => f.username)).not.toContain('dorte');
    const changed = await t.gql<{ changeStaff: { version: number } }>(`mutation($input: ChangeStaffInput!) { changeStaff(input: $input) { id role version } }`, { input: { userId: dorte.id, role: 'MENTOR', unitId: null, expectedVersion: dorte.version } }, ida);
    expect(changed.errors).toBeUndefined();
    // Dorte has signed in: the change waits for the other administrator's approval, and takes effect with it.
    expect((await t.gql(APPROVE_CHANGE, { userId: dorte.id, expectedVersion: changed.data!.changeStaff.version }, await t.login('jonas'))).errors).toBeUndefined();
    // The change reaches the instance as a notice that drops Dorte from its actor cache: probe once she is a mentor there.
    expect((await withinASecond(() => t.gql<{ me: { role: string } }>(`{ me { role } }`, {}, tokens.dorte), (r) => r.data?.me.role === 'MENTOR')).data).toEqual({ me: { role: 'MENTOR' } });
    // Dorte, now a mentor, with Per's plan still open: it is read again, with its live changes and who has it open.
    for (let i = 0; i < 3; i++) expect((await t.gql(READ_PLAN, { id: perPlan }, tokens.dorte)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await deniedRows('dorte')).toBe(before + 3);
    expect((await flags()).map((f) => f.username)).not.toContain('dorte');

    // A role changed more than two minutes before: the refusals count as any others (Sif, in her own municipality's review).
    await t.db.dataSource.query(
      `INSERT INTO audit_log (municipality_id, actor_id, action, entity_type, entity_id, outcome, detail, at)
       SELECT u.municipality_id, u.id, 'CHANGE_STAFF', 'STAFF', u.id::text, 'ALLOWED', 'Ændrede rollen', now() - interval '3 minutes'
         FROM app_user u WHERE u.username = 'sif'`,
    );
    const sif = await t.login('sif');
    for (let i = 0; i < 3; i++) expect((await t.gql(READ_PLAN, { id: perPlan }, sif)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await t.db.dataSource.query(`SELECT f.denials FROM account_review_flag f JOIN app_user u ON u.id = f.user_id WHERE u.username = 'sif'`)).toEqual([{ denials: 3 }]);
  });

  it('for a week after the change, refusals on a plan the user read before it do not count; on one they never read, they do, and the flag lists only those', async () => {
    const evaPlan = await planIdOf(t, 'Eva');
    const boPlan = await planIdOf(t, 'Bo');
    // Bent read Eva's plan two hours ago, when he was on her team; his unit was changed an hour ago.
    await t.db.dataSource.query(
      `INSERT INTO audit_log (municipality_id, actor_id, actor_unit_id, action, entity_type, entity_id, outcome, channel, at)
       SELECT u.municipality_id, u.id, u.unit_id, 'READ_PLAN', 'PLAN', $1, 'ALLOWED', 'PLAN_PAGE', now() - interval '2 hours' FROM app_user u WHERE u.username = 'bent'`, [evaPlan]);
    await t.db.dataSource.query(
      `INSERT INTO audit_log (municipality_id, actor_id, action, entity_type, entity_id, outcome, detail, at)
       SELECT u.municipality_id, u.id, 'CHANGE_STAFF', 'STAFF', u.id::text, 'ALLOWED', 'Ændrede enheden', now() - interval '1 hour' FROM app_user u WHERE u.username = 'bent'`);
    const counted = await deniedRows('bent');
    // His laptop wakes with her plan open: it is asked again, three times, and refused.
    for (let i = 0; i < 3; i++) expect((await t.gql(READ_PLAN, { id: evaPlan }, tokens.bent)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await deniedRows('bent')).toBe(counted + 3);
    expect((await flags()).map((f) => f.username)).not.toContain('bent');
    // Bo's plan he never read: those count. So does his refused call of the leaders' resolveAccountFlag,
    // above, though it came after the change: a move to another unit gave him no other role, and
    // explains no refusal by role. With it, the second refusal on Bo's plan flags him.
    expect((await t.gql(READ_PLAN, { id: boPlan }, tokens.bent)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await flags()).map((f) => f.username)).not.toContain('bent');
    for (let i = 0; i < 2; i++) expect((await t.gql(READ_PLAN, { id: boPlan }, tokens.bent)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const flag = (await flags()).find((f) => f.username === 'bent');
    expect(flag).toMatchObject({ denials: 4 });
    // The flag lists the refusals it counts, not Eva's.
    expect(flag!.recentDenials.map((d) => d.entityId)).toEqual([null, null, null, 'Mutation.resolveAccountFlag']);
    // What the leader reads: the same plan three times (one number, never the plan's citizen), and the function by name.
    expect(flag!.recentDenials.map((d) => [d.recordNumber, d.operation])).toEqual([
      [1, null], [1, null], [1, null], [null, 'Afslut en markering efter gennemsyn, med en bemærkning (resolveAccountFlag)'],
    ]);
  });

  it("for a week after the change, operations the new role may not call do not count (a woken administration page); after it they do", async () => {
    // Ulla was an administrator until yesterday, Vera until eight days ago; both are mentors now.
    // Their administration pages wake and ask again for the staff list, the closed units and the staff list.
    const calls = ['query { staffMembers { id } }', 'query { units(includeClosed: true) { id } }', 'query { staffMembers { name } }'];
    const ulla = await changedAgo('ulla', 'ADMINISTRATOR', 'MENTOR', '1 day');
    for (const call of calls) expect((await t.gql(call, {}, ulla)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await deniedRows('ulla')).toBe(3);
    expect((await flags()).map((f) => f.username)).not.toContain('ulla');

    const vera = await changedAgo('vera', 'ADMINISTRATOR', 'MENTOR', '8 days');
    for (const call of calls) expect((await t.gql(call, {}, vera)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const flag = (await flags()).find((f) => f.username === 'vera');
    expect(flag).toMatchObject({ denials: 3 });
    expect(flag!.recentDenials.map((d) => d.entityId)).toEqual(['Query.staffMembers', 'Query.units', 'Query.staffMembers']);
    expect(flag!.recentDenials.map((d) => d.operation)).toEqual(['Kommunens medarbejdere, efter navn (staffMembers)', 'Kommunens enheder, efter navn (units)', 'Kommunens medarbejdere, efter navn (staffMembers)']);
  });

  it("for a week after the change, fields the new role's allow-list refuses do not count (a forløb's page open when made leader); after it they do", async () => {
    const [{ id: programmeId }] = await t.db.dataSource.query(`SELECT p.id FROM programme p JOIN plan ON plan.programme_id = p.id WHERE plan.id = $1`, [await planIdOf(t, 'Kim')]);
    const version = async () => (await t.db.dataSource.query(`SELECT version FROM programme WHERE id = $1`, [programmeId]))[0].version as number;
    // A leader's corrections of a forløb (marked, unmarked, marked), each answered with a field a leader may not read
    // (the page asks for them): three refusals.
    const correct = async (first: 'mark' | 'unmark', token: string) => {
      const steps = first === 'mark' ? ['mark', 'unmark', 'mark'] : ['unmark', 'mark', 'unmark'];
      for (const [i, field] of ['citizen { name }', 'plan { id }', 'suspensions { note }'].entries()) {
        const res = await t.gql(`mutation($input: ProgrammeCorrectionInput!) { ${steps[i]}ProgrammeRegisteredInError(input: $input) { id ${field} } }`,
          { input: { id: programmeId, expectedVersion: await version(), reason: 'Dublet' } }, token);
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      }
    };
    // Yrsa was a caseworker until yesterday.
    await correct('mark', await changedAgo('yrsa', 'CASEWORKER', 'LEADER', '1 day'));
    expect(await deniedRows('yrsa')).toBe(3);
    expect((await flags()).map((f) => f.username)).not.toContain('yrsa');
    // Zara, eight days ago: they count.
    await correct('unmark', await changedAgo('zara', 'CASEWORKER', 'LEADER', '8 days'));
    expect((await flags()).find((f) => f.username === 'zara')).toMatchObject({ denials: 3 });
  });

  it('only a change of role explains refusals by role: after a move to another unit in the same role they count once the two minutes are over', async () => {
    const ida = tokens.ida;
    const CHANGE = `mutation($input: ChangeStaffInput!) { changeStaff(input: $input) { id role version unit { name } } }`;
    const jobcenter = await unitIdOf(t, 'EMPLOYMENT');
    const created = await t.gql<{ createUnit: { id: string } }>(`mutation { createUnit(input: { name: "Jobcenter Ringe", kind: EMPLOYMENT }) { id } }`, {}, ida);
    expect(created.errors).toBeUndefined();
    const ringe = created.data!.createUnit.id;
    // The municipality's other administrator, who approves Ida's invitations.
    const alma = await otherAdministrator(t, 'ida', 'Alma Andersen', 'alma');
    /** A caseworker of the jobcenter, invited, approved and signed in, whom Ida then gives `role` in `unitId`, as her staff page does; the change three minutes back. */
    const placedBefore = async (subject: string, role: string, unitId: string | null) => {
      const invited = await t.gql<{ inviteStaff: { id: string } }>(`mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`,
        { input: { name: subject, subject, role: 'CASEWORKER', unitId: jobcenter } }, ida);
      const userId = invited.data!.inviteStaff.id;
      expect((await approveInvitation(t, alma.token, userId)).errors).toBeUndefined();
      const token = await t.login(subject);
      expect((await t.gql(`{ me { role } }`, {}, token)).data).toEqual({ me: { role: 'CASEWORKER' } });
      const [{ version }] = await t.db.dataSource.query(`SELECT version FROM app_user WHERE id = $1`, [userId]);
      const change = await t.gql<{ changeStaff: { version: number } }>(CHANGE, { input: { userId, role, unitId, expectedVersion: version } }, ida);
      expect(change.errors).toBeUndefined();
      // Signed in: the change waits for the other administrator's approval, and takes effect with it.
      expect((await t.gql(APPROVE_CHANGE, { userId, expectedVersion: change.data!.changeStaff.version }, alma.token)).errors).toBeUndefined();
      // The change reaches the instance as a notice that drops the user from its actor cache: probe once it has.
      expect((await withinASecond(() => t.gql<{ me: { role: string } }>(`{ me { role } }`, {}, token), (r) => r.data?.me.role === role)).data).toEqual({ me: { role } });
      // The probing starts three minutes after the change: past the two minutes in which any refusal passes (migration 64).
      await t.db.dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(`UPDATE audit_log SET at = at - interval '3 minutes' WHERE action = 'CHANGE_STAFF' AND entity_id = $1`, [userId]);
      });
      return token;
    };
    const adminCalls = ['{ staffMembers { id name email subject } }', '{ administrationLog { entries { summary } } }', '{ flaggedAccounts { id name } }'];

    // Rasmus, moved to Jobcenter Ringe, a caseworker still: his screens ask for nothing his role lost, so asking
    // for the staff list, the administration log and the leaders' review is trying. Three flag him.
    const rasmus = await placedBefore('rasmus', 'CASEWORKER', ringe);
    for (const call of adminCalls) expect((await t.gql(call, {}, rasmus)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const flag = (await flags()).find((f) => f.username === 'rasmus');
    expect(flag).toMatchObject({ denials: 3 });
    expect(flag!.recentDenials.map((d) => d.entityId)).toEqual(['Query.flaggedAccounts', 'Query.administrationLog', 'Query.staffMembers']);

    // Signe, made a leader: her caseworker's screens, still open, ask for what a leader may not (the
    // citizen search). That is the change showing, for a week, however many times it asks.
    const signe = await placedBefore('signe', 'LEADER', null);
    for (let i = 0; i < 3; i++) expect((await t.gql('{ citizens(search: "Per") { __typename } }', {}, signe)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await deniedRows('signe')).toBe(3);
    expect((await flags()).map((f) => f.username)).not.toContain('signe');
    // The approval's row says what it changed (the change takes effect with it), and the administration log reads as before.
    expect(await t.db.dataSource.query(
      `SELECT a.role_before, a.role_after, a.detail FROM audit_log a JOIN app_user u ON u.id::text = a.entity_id WHERE a.action = 'CHANGE_STAFF' AND u.username IN ('rasmus', 'signe') ORDER BY u.username`)).toEqual([
      { role_before: 'CASEWORKER', role_after: 'CASEWORKER', detail: 'Godkendte Ida Administrators ændring af rasmus fra sagsbehandler i Jobcenter til sagsbehandler i Jobcenter Ringe' },
      { role_before: 'CASEWORKER', role_after: 'LEADER', detail: 'Godkendte Ida Administrators ændring af signe fra sagsbehandler i Jobcenter til leder' },
    ]);
  });
});

describe('what a denial tells the leader of its record', () => {
  it("a record of a citizen's plan is told by its number only, never by its id; a colleague the leader may see anyway keeps theirs", async () => {
    // Tove, a caseworker of a jobcenter unit on no team: every plan she asks for is refused.
    await t.db.dataSource.query(
      `WITH unit AS (INSERT INTO unit (municipality_id, kind, name) SELECT municipality_id, 'EMPLOYMENT', 'Jobcenter Nord' FROM app_user WHERE username = 'lene' RETURNING id, municipality_id)
       INSERT INTO app_user (municipality_id, username, subject, name, role, unit_id, activated_at)
       SELECT municipality_id, 'tove', 'tove', 'Tove Thomsen', 'CASEWORKER', id, now() FROM unit`);
    const tove = await t.login('tove');
    const [per] = await t.db.dataSource.query(
      `SELECT p.programme_id AS programme, (SELECT id FROM intervention WHERE plan_id = p.id LIMIT 1) AS intervention,
              (SELECT json_build_object('id', id, 'version', version) FROM activity WHERE plan_id = p.id LIMIT 1) AS activity,
              (SELECT json_build_object('id', id, 'version', version) FROM sub_goal WHERE plan_id = p.id LIMIT 1) AS "subGoal"
         FROM plan p WHERE p.id = $1`, [perPlan]);
    const refused = async (query: string, variables: Record<string, unknown>) => expect((await t.gql(query, variables, tove)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await refused(READ_PLAN, { id: perPlan });
    await refused(READ_PLAN, { id: lisePlan });
    await refused(READ_PLAN, { id: perPlan });
    await refused(`query($id: ID!) { programme(id: $id) { id } }`, { id: per.programme });
    await refused(`query($id: ID!) { intervention(id: $id) { id } }`, { id: per.intervention });
    await refused(`mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id } }`, { input: { id: per.activity.id, expectedVersion: per.activity.version, title: 'Ny titel' } });
    await refused(`mutation($input: UpdateSubGoalInput!) { updateSubGoal(input: $input) { id } }`, { input: { id: per.subGoal.id, expectedVersion: per.subGoal.version, text: 'Nyt delmål' } });

    const flag = (await flags()).find((f) => f.username === 'tove')!;
    /** What the leader reads of each denial, in the order they were tried. */
    const told = (f: Flag) => f.recentDenials.map((d) => [d.entityType, d.entityId, d.recordNumber]).reverse();
    // The same plan tried again has the same number, another plan the next; no record's id, so none points at a citizen.
    expect(told(flag)).toEqual([
      ['PLAN', null, 1], ['PLAN', null, 2], ['PLAN', null, 1], ['PROGRAMME', null, 1], ['INTERVENTION', null, 1], ['ACTIVITY', null, 1], ['SUB_GOAL', null, 1],
    ]);

    // Kaj, an administrator, tries three times to approve his own invitation of Mette: a colleague the leader sees in any case.
    const kaj = await otherAdministrator(t, 'ida', 'Kaj Kragh', 'kaj');
    const invited = await t.gql<{ inviteStaff: { id: string } }>(`mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`,
      { input: { name: 'Mette Mortensen', subject: 'mette', role: 'CASEWORKER', unitId: await unitIdOf(t, 'EMPLOYMENT') } }, kaj.token);
    expect(invited.errors).toBeUndefined();
    const mette = invited.data!.inviteStaff.id;
    for (let i = 0; i < 3; i++) expect((await approveInvitation(t, kaj.token, mette)).errors?.[0].extensions?.code).toBe('RULE_VIOLATION');
    const colleagues = await t.gql<{ colleagues: Array<{ id: string }> }>(`{ colleagues { id } }`, {}, tokens.lene);
    expect(colleagues.data!.colleagues.map((c) => c.id)).toContain(mette);
    expect(told((await flags()).find((f) => f.name === 'Kaj Kragh')!)).toEqual([['STAFF', mette, 1], ['STAFF', mette, 1], ['STAFF', mette, 1]]);
  });
});

describe('one click is one attempt', () => {
  /** The plan page's reads, sent together as the client sends them when a plan is opened: the plan and its history. */
  const PLAN_PAGE = `query($id: ID!) { plan(id: $id) { id } }`;
  const PLAN_HISTORY = `query($planId: ID!) { planHistory(planId: $planId, first: 20) { items { seq } olderCursor } }`;
  const openPlan = async (planId: string, token: string) => {
    const [plan, history] = await Promise.all([t.gql(PLAN_PAGE, { id: planId }, token), t.gql(PLAN_HISTORY, { planId }, token)]);
    expect([plan.errors?.[0].extensions?.code, history.errors?.[0].extensions?.code]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
  };

  it("a caseworker opening a plan of a team they are not on is refused its two reads: logged twice, counted once; the leader sees each attempt's reads together", async () => {
    // Hanne, of the health unit, which is not on Per's team.
    await t.db.dataSource.query(
      `INSERT INTO app_user (municipality_id, username, subject, name, role, unit_id, activated_at)
       SELECT municipality_id, 'hanne', 'hanne', 'Hanne Holm', 'CASEWORKER', unit_id, now() FROM app_user WHERE username = 'carla'`);
    const hanne = await t.login('hanne');

    await openPlan(perPlan, hanne);
    await openPlan(perPlan, hanne);
    expect(await deniedRows('hanne')).toBe(4);
    // Two clicks are two attempts, not the review's three.
    expect((await flags()).map((f) => f.username)).not.toContain('hanne');

    await openPlan(perPlan, hanne);
    expect((await flags()).find((f) => f.username === 'hanne')).toMatchObject({ denials: 3 });
    await openPlan(perPlan, hanne);
    const flag = (await flags()).find((f) => f.username === 'hanne')!;
    expect(flag.denials).toBe(4);
    // Every refusal is listed, as the log holds it; the two of each click share their attempt's number.
    expect(flag.recentDenials).toHaveLength(8);
    const attempts = new Map<number, string[]>();
    for (const d of [...flag.recentDenials].reverse()) attempts.set(d.attempt, [...(attempts.get(d.attempt) ?? []), d.action].sort());
    expect([...attempts]).toEqual([1, 2, 3, 4].map((n) => [n, ['READ_PLAN', 'READ_PLAN_HISTORY']]));
  });

  it('a read that joined its attempt is listed with it, also when it carries the earlier time (the two reads of a click are written in parallel)', async () => {
    await t.db.dataSource.query(
      `INSERT INTO app_user (municipality_id, username, subject, name, role, unit_id, activated_at)
       SELECT municipality_id, 'ines', 'ines', 'Ines Iversen', 'CASEWORKER', unit_id, now() FROM app_user WHERE username = 'carla'`);
    // Three clicks a minute apart; in each, the history's refusal took the lock first, and the plan's joined it with a time 50 ms before.
    for (const minutesAgo of [3, 2, 1]) {
      for (const [action, lag] of [['READ_PLAN_HISTORY', 0], ['READ_PLAN', 50]] as const) {
        await t.db.dataSource.query(
          `INSERT INTO audit_log (municipality_id, actor_id, action, entity_type, entity_id, outcome, detail, at)
           SELECT u.municipality_id, u.id, $2, 'PLAN', $3, 'DENIED', 'no access to plan', date_trunc('second', now()) - make_interval(mins => $4) - make_interval(secs => $5::float / 1000)
             FROM app_user u WHERE u.username = $1`, ['ines', action, perPlan, minutesAgo, lag]);
      }
    }
    const flag = (await flags()).find((f) => f.username === 'ines')!;
    expect(flag.denials).toBe(3);
    expect(flag.recentDenials.map((d) => [d.attempt, d.action])).toEqual([
      [3, 'READ_PLAN'], [3, 'READ_PLAN_HISTORY'], [2, 'READ_PLAN'], [2, 'READ_PLAN_HISTORY'], [1, 'READ_PLAN'], [1, 'READ_PLAN_HISTORY'],
    ]);
  });

  it("a read that joined its attempt carries the time of the attempt's first read, as the log holds it", async () => {
    // Ines's clicks above: in each, the plan's refusal joined the history's, with a time 50 ms before it.
    const rows: Array<{ id: string; action: string; at: Date; attempt_of: string | null; attempt_at: Date | null }> = await t.db.dataSource.query(
      `SELECT a.id, a.action, a.at, a.attempt_of, a.attempt_at FROM audit_log a JOIN app_user u ON u.id = a.actor_id
        WHERE u.username = 'ines' AND a.outcome = 'DENIED' ORDER BY a.id`);
    const firsts = rows.filter((r) => r.attempt_of === null);
    const joined = rows.filter((r) => r.attempt_of !== null);
    expect(firsts.map((r) => [r.action, r.attempt_at])).toEqual([1, 2, 3].map(() => ['READ_PLAN_HISTORY', null]));
    expect(joined).toHaveLength(3);
    for (const r of joined) {
      const first = firsts.find((f) => f.id === r.attempt_of)!;
      expect(r.at.getTime()).toBe(first.at.getTime() - 50);
      expect(r.attempt_at?.toISOString()).toBe(first.at.toISOString());
    }
  });

  it('the same read again, however soon, is another attempt', async () => {
    const hanne = await t.login('hanne');
    const before = (await flags()).find((f) => f.username === 'hanne')!.denials;
    await Promise.all([1, 2].map(() => t.gql(PLAN_PAGE, { id: perPlan }, hanne)));
    expect((await flags()).find((f) => f.username === 'hanne')!.denials).toBe(before + 2);
  });
});
