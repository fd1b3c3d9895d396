import { signToken } from '../../core/auth/tokens';
import { approveInvitation, codeOf, otherAdministrator, planIdOf, refusalsOf } from '../../test-support/fixtures';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../test-support/test-server';

/**
 * The municipality's own units: Faaborg-Midtfyn's administrator is Ida, Svendborg's is Sif
 * (demo seed). Anna and Bent are caseworkers, Lene a leader, Mikkel a mentor.
 */
// A server and a seeded database of its own: its start can take a while on a busy machine.
jest.setTimeout(30_000);

let t: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['ida', 'sif', 'anna', 'bent', 'lene', 'mikkel']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

interface UnitData { id: string; name: string; kind: string; closedAt: string | null }
const UNIT_FIELDS = 'id name kind closedAt';
const UNITS = `query($all: Boolean!) { units(includeClosed: $all) { ${UNIT_FIELDS} } }`;
const CREATE = `mutation($input: CreateUnitInput!) { createUnit(input: $input) { ${UNIT_FIELDS} } }`;
const RENAME = `mutation($input: RenameUnitInput!) { renameUnit(input: $input) { ${UNIT_FIELDS} } }`;
const CLOSE = `mutation($id: ID!, $v: Int!) { closeUnit(unitId: $id, expectedVersion: $v) { ${UNIT_FIELDS} } }`;
const REOPEN = `mutation($id: ID!, $v: Int!) { reopenUnit(unitId: $id, expectedVersion: $v) { ${UNIT_FIELDS} } }`;
const ADD_TEAM = `mutation($p: ID!, $u: ID!) { addTeamUnit(planId: $p, unitId: $u) { team { id name } } }`;
const REMOVE_TEAM = `mutation($p: ID!, $u: ID!) { removeTeamUnit(planId: $p, unitId: $u) { id } }`;

const ok = <T>(res: GraphQLResponse<T>): T => {
  expect(res.errors).toBeUndefined();
  return res.data!;
};
const unitsOf = async (as: string, all = false) => ok(await t.gql<{ units: UnitData[] }>(UNITS, { all }, tokens[as ?? ''])).units;
/** What every role may read of a unit (a mentor is held to id, name and kind). */
const OPEN_UNITS = `{ units { id name kind } }`;
const seeded = async (name: string) => (await t.db.dataSource.query(
  `SELECT u.id FROM unit u JOIN municipality m ON m.id = u.municipality_id WHERE m.code = '0430' AND u.name = $1`, [name]))[0].id as string;
const create = (name: string, kind: string, as: string | null = 'ida') => t.gql<{ createUnit: UnitData }>(CREATE, { input: { name, kind } }, tokens[as ?? '']);
const created = async (name: string, kind: string, as = 'ida') => ok(await create(name, kind, as)).createUnit;
/** The version an administrator would have read on the page just now: the row's own (1 for an id that names no unit). */
const versionOf = async (unitId: string): Promise<number> =>
  ((await t.db.dataSource.query(`SELECT version FROM unit WHERE id::text = $1`, [unitId])) as Array<{ version: number }>)[0]?.version ?? 1;
const rename = async (unitId: string, name: string, as: string | null = 'ida', v?: number) =>
  t.gql<{ renameUnit: UnitData }>(RENAME, { input: { unitId, name, expectedVersion: v ?? (await versionOf(unitId)) } }, tokens[as ?? '']);
const close = async (id: string, as: string | null = 'ida', v?: number) => t.gql<{ closeUnit: UnitData }>(CLOSE, { id, v: v ?? (await versionOf(id)) }, tokens[as ?? '']);
const reopen = async (id: string, as: string | null = 'ida', v?: number) => t.gql<{ reopenUnit: UnitData }>(REOPEN, { id, v: v ?? (await versionOf(id)) }, tokens[as ?? '']);
const unitRow = async (id: string) =>
  (await t.db.dataSource.query(`SELECT name, kind, closed_at FROM unit WHERE id = $1`, [id]))[0] as { name: string; kind: string; closed_at: Date | null };

describe('who may run the units', () => {
  it('an administrator may create, rename, close and reopen; caseworkers, leaders and mentors are FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const target = await created('Rollerprøven', 'HEALTH');
    const operations: Array<[string, (as: string | null) => Promise<GraphQLResponse>]> = [
      ['createUnit', (as) => create(`Ny enhed af ${as ?? 'ingen'}`, 'SOCIAL', as)],
      ['renameUnit', (as) => rename(target.id, `Rollerprøven (${as ?? 'ingen'})`, as)],
      ['closeUnit', (as) => close(target.id, as)],
      ['reopenUnit', (as) => reopen(target.id, as)],
    ];
    for (const [name, run] of operations) {
      for (const as of ['anna', 'bent', 'lene', 'mikkel']) expect([name, as, codeOf(await run(as))]).toEqual([name, as, 'FORBIDDEN']);
      expect([name, codeOf(await run(null))]).toEqual([name, 'UNAUTHENTICATED']);
      expect([name, (await run('ida')).errors]).toEqual([name, undefined]);
    }
    // Only the administrator's attempts changed anything.
    expect(await unitRow(target.id)).toMatchObject({ name: 'Rollerprøven (ida)', closed_at: null });
    expect((await unitsOf('ida')).map((u) => u.name)).not.toContain('Ny enhed af anna');
  });

  it('everyone on the staff sees the open units; only an administrator sees the closed ones', async () => {
    const gone = await created('Nedlagt enhed', 'SOCIAL');
    ok(await close(gone.id));
    for (const as of ['anna', 'lene', 'mikkel', 'ida']) {
      const names = ok(await t.gql<{ units: UnitData[] }>(OPEN_UNITS, {}, tokens[as])).units.map((u) => u.name);
      expect([as, names]).toEqual([as, expect.arrayContaining(['Jobcenter', 'Socialforvaltningen', 'Sundhedsforvaltningen'])]);
      expect([as, names.includes('Nedlagt enhed')]).toEqual([as, false]);
    }
    for (const as of ['anna', 'lene', 'mikkel']) expect([as, codeOf(await t.gql(UNITS, { all: true }, tokens[as ?? '']))]).toEqual([as, 'FORBIDDEN']);
    // Each refusal is logged against the one who asked, as the role gate logs its own.
    expect(await t.db.dataSource.query(
      `SELECT u.username, a.entity_id, a.detail FROM audit_log a JOIN app_user u ON u.id = a.actor_id
        WHERE a.action = 'CALL_OPERATION' AND a.outcome = 'DENIED' AND a.entity_id = 'Query.units' ORDER BY u.username`,
    )).toEqual(['anna', 'lene', 'mikkel'].map((username) => ({ username, entity_id: 'Query.units', detail: 'not for this role' })));
    expect(codeOf(await t.gql(UNITS, { all: false }))).toBe('UNAUTHENTICATED');
    const all = await unitsOf('ida', true);
    expect(all.find((u) => u.id === gone.id)).toMatchObject({ name: 'Nedlagt enhed', kind: 'SOCIAL', closedAt: expect.any(String) });
  });

  it("another municipality's administrator gets NOT_FOUND for the unit ids and sees none of its units", async () => {
    const fmkUnit = await created('Handicap og udsatte', 'SOCIAL');
    const closedFmk = await created('Lukket i Faaborg', 'HEALTH');
    ok(await close(closedFmk.id));
    expect(codeOf(await rename(fmkUnit.id, 'Overtaget', 'sif'))).toBe('NOT_FOUND');
    expect(codeOf(await close(fmkUnit.id, 'sif'))).toBe('NOT_FOUND');
    expect(codeOf(await reopen(closedFmk.id, 'sif'))).toBe('NOT_FOUND');
    // A made-up id and a malformed one answer the same.
    expect(codeOf(await close('00000000-0000-4000-8000-000000000000', 'sif'))).toBe('NOT_FOUND');
    expect(codeOf(await close('not-an-id', 'sif'))).toBe('NOT_FOUND');
    // Each attempt is logged against Sif, so trying another municipality's ids counts towards a review.
    expect(await refusalsOf(t, 'sif', 'not found or not visible')).toEqual([
      { action: 'RENAME_UNIT', entity_type: 'UNIT', entity_id: fmkUnit.id },
      { action: 'CLOSE_UNIT', entity_type: 'UNIT', entity_id: fmkUnit.id },
      { action: 'REOPEN_UNIT', entity_type: 'UNIT', entity_id: closedFmk.id },
      { action: 'CLOSE_UNIT', entity_type: 'UNIT', entity_id: '00000000-0000-4000-8000-000000000000' },
      { action: 'CLOSE_UNIT', entity_type: 'UNIT', entity_id: null },
    ]);
    expect(await unitRow(fmkUnit.id)).toMatchObject({ name: 'Handicap og udsatte', closed_at: null });
    expect(await unitRow(closedFmk.id)).toMatchObject({ closed_at: expect.any(Date) });
    const svb = await unitsOf('sif', true);
    const fmkIds = new Set((await unitsOf('ida', true)).map((u) => u.id));
    expect(svb.length).toBeGreaterThan(0);
    expect(svb.filter((u) => fmkIds.has(u.id))).toEqual([]);
  });
});

describe('the rules of units', () => {
  it('a name is trimmed and unique among the open units of the municipality, whatever its case', async () => {
    const unit = await created('  Socialpsykiatri  ', 'SOCIAL');
    expect(unit).toMatchObject({ name: 'Socialpsykiatri', kind: 'SOCIAL', closedAt: null });
    const again = await create('SOCIALPSYKIATRI', 'HEALTH');
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_UNIT', field: 'name' });
    expect(again.errors?.[0].message).toBe('Der findes allerede en åben enhed med navnet »SOCIALPSYKIATRI«. Vælg et andet navn.');
    expect(codeOf(await create('   ', 'SOCIAL'))).toBe('BAD_USER_INPUT');
    expect((await create('x'.repeat(101), 'SOCIAL')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    // The limit is the name's own: a pasted name of 100 characters with a space after it is taken, trimmed.
    expect(await created(`${'Å'.repeat(100)} `, 'SOCIAL')).toMatchObject({ name: 'Å'.repeat(100) });
    // Another municipality may use the name; so may a new unit once the old one is closed.
    expect((await create('Socialpsykiatri', 'SOCIAL', 'sif')).errors).toBeUndefined();
    ok(await close(unit.id));
    const successor = await created('Socialpsykiatri', 'SOCIAL');
    expect(successor.id).not.toBe(unit.id);
    // The closed one cannot come back under a name an open unit now has.
    expect((await reopen(unit.id)).errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_UNIT', field: 'name' });
    expect((await unitRow(unit.id)).closed_at).not.toBeNull();
  });

  it('two administrators creating the same name at once: one unit, the other gets DUPLICATE_UNIT', async () => {
    const [a, b] = await Promise.all([create('Samtidig enhed', 'HEALTH'), create('samtidig enhed', 'HEALTH')]);
    expect([codeOf(a), codeOf(b)].sort()).toEqual(['DUPLICATE_UNIT', undefined].sort());
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM unit WHERE lower(name) = 'samtidig enhed'`);
    expect(n).toBe(1);
  });

  it('renaming: to a free name, or its own in another case; not to the name of another open unit', async () => {
    const unit = await created('Sundhed og pleje', 'HEALTH');
    expect(ok(await rename(unit.id, 'Sundhed og Pleje')).renameUnit.name).toBe('Sundhed og Pleje');
    expect((await rename(unit.id, 'jobcenter')).errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_UNIT', field: 'name' });
    expect(ok(await rename(unit.id, ' Forebyggelse ')).renameUnit).toMatchObject({ name: 'Forebyggelse', kind: 'HEALTH' });
    expect(codeOf(await rename(unit.id, ''))).toBe('BAD_USER_INPUT');
  });

  it('closing is refused while the unit has staff or is on the team of a running programme; a closed unit joins no team', async () => {
    const social = await seeded('Socialforvaltningen');
    const withStaff = await close(social);
    expect(withStaff.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'UNIT_HAS_STAFF' });
    expect(withStaff.errors?.[0].message).toBe('Enheden Socialforvaltningen har 1 medarbejder. Flyt eller deaktivér vedkommende under Medarbejdere, før enheden lukkes.');

    const unit = await created('Misbrugscentret', 'SOCIAL');
    const per = await planIdOf(t, 'Per');
    ok(await t.gql(ADD_TEAM, { p: per, u: unit.id }, tokens.anna));
    const onTeam = await close(unit.id);
    expect(onTeam.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'UNIT_ON_ACTIVE_TEAM' });
    expect(onTeam.errors?.[0].message).toBe('Enheden Misbrugscentret er på teamet i 1 igangværende forløb. Fjern den fra teamet, før enheden lukkes.');
    expect((await unitRow(unit.id)).closed_at).toBeNull();

    ok(await t.gql(REMOVE_TEAM, { p: per, u: unit.id }, tokens.anna));
    const closed = ok(await close(unit.id)).closeUnit;
    expect(closed.closedAt).not.toBeNull();
    // Closing twice changes nothing.
    expect(ok(await close(unit.id)).closeUnit.closedAt).toBe(closed.closedAt);

    const refused = await t.gql(ADD_TEAM, { p: per, u: unit.id }, tokens.anna);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
    expect(refused.errors?.[0].message).toBe('Misbrugscentret er lukket og kan ikke komme på en plan.');
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM plan_team_unit WHERE unit_id = $1`, [unit.id]);
    expect(n).toBe(0);

    const reopened = ok(await reopen(unit.id)).reopenUnit;
    expect(reopened.closedAt).toBeNull();
    expect((await t.gql(ADD_TEAM, { p: per, u: unit.id }, tokens.anna)).errors).toBeUndefined();
    ok(await t.gql(REMOVE_TEAM, { p: per, u: unit.id }, tokens.anna));
  });

  it('the refusal to close says how many staff keep the unit open, one or more, and to move or deactivate them; deactivated staff keep it open no longer', async () => {
    const unit = await created('Familieafdelingen', 'SOCIAL');
    const INVITE = `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id version } }`;
    const DEACTIVATE = `mutation($id: ID!, $v: Int!) { deactivateStaff(userId: $id, expectedVersion: $v) { id } }`;
    const people: Array<{ id: string; version: number }> = [];
    for (const name of ['Frida Familie', 'Frank Familie']) {
      people.push(ok(await t.gql<{ inviteStaff: { id: string; version: number } }>(INVITE, { input: { name, email: `${name.split(' ')[0].toLowerCase()}@fmk.dk`, role: 'CASEWORKER', unitId: unit.id } }, tokens.ida)).inviteStaff);
    }
    const refusal = async () => (await close(unit.id)).errors?.[0];
    expect(await refusal()).toMatchObject({ extensions: { code: 'RULE_VIOLATION', rule: 'UNIT_HAS_STAFF' }, message: 'Enheden Familieafdelingen har 2 medarbejdere. Flyt eller deaktivér dem under Medarbejdere, før enheden lukkes.' });
    ok(await t.gql(DEACTIVATE, { id: people[0].id, v: people[0].version }, tokens.ida));
    expect((await refusal())?.message).toBe('Enheden Familieafdelingen har 1 medarbejder. Flyt eller deaktivér vedkommende under Medarbejdere, før enheden lukkes.');
    ok(await t.gql(DEACTIVATE, { id: people[1].id, v: people[1].version }, tokens.ida));
    expect(ok(await close(unit.id)).closeUnit.closedAt).not.toBeNull();
  });
});

describe('two administrators changing the same unit', () => {
  const VERSIONED = 'id name closedAt version';
  // The whole message, shown alone (UnitsPanel): no "another administrator", as it is often the same one in another window.
  const STALE = 'Enheden er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen.';
  const row = async (id: string) => (await t.db.dataSource.query(`SELECT name, closed_at, version FROM unit WHERE id = $1`, [id]))[0];
  const auditRows = async (id: string) => (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1`, [id]))[0].n as number;

  it('a change on a version read before another administrator’s is a CONFLICT carrying the unit as it is now, and nothing is written or logged; on the version now it is saved and the version moves', async () => {
    const unit = await created('Versionsprøven', 'SOCIAL');
    const steps: Array<[string, string, (v: number) => Record<string, unknown>, (v: number) => Record<string, unknown>, (u: { name: string; closedAt: string | null }) => boolean]> = [
      ['renameUnit', `mutation($input: RenameUnitInput!) { renameUnit(input: $input) { ${VERSIONED} } }`,
        (v) => ({ input: { unitId: unit.id, name: 'Versionsprøven 2', expectedVersion: v } }), (v) => ({ input: { unitId: unit.id, name: 'Versionsprøven 3', expectedVersion: v } }), (u) => u.name === 'Versionsprøven 2'],
      ['closeUnit', `mutation($id: ID!, $v: Int!) { closeUnit(unitId: $id, expectedVersion: $v) { ${VERSIONED} } }`, (v) => ({ id: unit.id, v }), (v) => ({ id: unit.id, v }), (u) => u.closedAt !== null],
      ['reopenUnit', `mutation($id: ID!, $v: Int!) { reopenUnit(unitId: $id, expectedVersion: $v) { ${VERSIONED} } }`, (v) => ({ id: unit.id, v }), (v) => ({ id: unit.id, v }), (u) => u.closedAt === null],
    ];
    let version = 1;
    for (const [name, mutation, first, second, fits] of steps) {
      const saved = ok(await t.gql<Record<string, { name: string; closedAt: string | null; version: number }>>(mutation, first(version), tokens.ida))[name];
      expect([name, fits(saved), saved.version]).toEqual([name, true, version + 1]);
      const before = await row(unit.id);
      const lines = await auditRows(unit.id);
      const refused = await t.gql(mutation, second(version), tokens.ida);
      expect([name, refused.data ?? null, refused.errors?.[0].message, refused.errors?.[0].extensions?.code]).toEqual([name, null, STALE, 'CONFLICT']);
      // The unit as the list shows it now, so the form can show what the other administrator did.
      const current = refused.errors?.[0].extensions?.current as { __typename: string; id: string; name: string; closedAt: string | null; version: number };
      expect([name, current.__typename, current.id, fits(current), current.version]).toEqual([name, 'Unit', unit.id, true, version + 1]);
      expect([name, await row(unit.id), await auditRows(unit.id)]).toEqual([name, before, lines]);
      version += 1;
    }
    expect(await auditRows(unit.id)).toBe(4);
  });

  it('two closings on the same version at once: one closes the unit, the other gets CONFLICT with it closed', async () => {
    const unit = await created('Lukkes to gange', 'HEALTH');
    const both = await Promise.all([close(unit.id, 'ida', 1), close(unit.id, 'ida', 1)]);
    expect(both.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);
    const refused = both.find((r) => r.errors)!;
    expect(refused.errors?.[0].extensions?.current).toMatchObject({ id: unit.id, closedAt: expect.any(String), version: 2 });
    expect(await auditRows(unit.id)).toBe(2);
  });
});

describe('two units of one kind on one team', () => {
  const SOCIAL_FIELDS = 'id version title unitKind unit { id name }';
  const CREATE_SOCIAL = `mutation($input: CreateSocialInterventionInput!) { createSocialIntervention(input: $input) { ${SOCIAL_FIELDS} } }`;
  const UPDATE_SOCIAL = `mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { ${SOCIAL_FIELDS} } }`;
  const CREATE_JOB = `mutation($input: CreateJobcenterInterventionInput!) { createJobcenterIntervention(input: $input) { id } }`;
  const PLAN = `query($id: ID!) { plan(id: $id) { myStanding team { id } interventions { id title unit { id } } } }`;
  interface Social { id: string; version: number; title: string; unitKind: string; unit: { id: string; name: string } }

  it('each unit creates the intervention type of its kind and owns its own; neither edits the other’s', async () => {
    const psychiatry = await created('Socialpsykiatrien', 'SOCIAL');
    const socialServices = await seeded('Socialforvaltningen');
    // Karen is invited by the identity provider's subject and works in the new unit; another administrator approves the invitation.
    const invite = await t.gql<{ inviteStaff: { id: string } }>(`mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id } }`,
      { input: { name: 'Karen Holm', subject: 'karen-sp', role: 'CASEWORKER', unitId: psychiatry.id } }, tokens.ida);
    expect(invite.errors).toBeUndefined();
    ok(await approveInvitation(t, (await otherAdministrator(t, 'ida', 'Alma Andersen', 'alma')).token, invite.data!.inviteStaff.id));
    const karen = await signToken(t.config.auth, 'karen-sp', new Date());

    const per = await planIdOf(t, 'Per');
    expect(codeOf(await t.gql(PLAN, { id: per }, karen))).toBe('NOT_FOUND');
    ok(await t.gql(ADD_TEAM, { p: per, u: psychiatry.id }, tokens.anna));
    expect(ok(await t.gql<{ plan: { myStanding: string } }>(PLAN, { id: per }, karen)).plan.myStanding).toBe('TEAM');

    const input = (title: string) => ({ planId: per, kind: 'SUPPORT_CONTACT', title });
    const hers = ok(await t.gql<{ createSocialIntervention: Social }>(CREATE_SOCIAL, { input: input('Støtte-kontaktperson fra psykiatrien') }, karen)).createSocialIntervention;
    const his = ok(await t.gql<{ createSocialIntervention: Social }>(CREATE_SOCIAL, { input: input('Bostøtte fra socialforvaltningen') }, tokens.bent)).createSocialIntervention;
    expect(hers).toMatchObject({ unitKind: 'SOCIAL', unit: { id: psychiatry.id, name: 'Socialpsykiatrien' } });
    expect(his).toMatchObject({ unitKind: 'SOCIAL', unit: { id: socialServices } });
    // The employment module is not hers.
    expect(codeOf(await t.gql(CREATE_JOB, { input: { planId: per, kind: 'COURSE', title: 'Kursus' } }, karen))).toBe('FORBIDDEN');

    const edit = (iv: Social, title: string, token: string) => t.gql<{ updateSocialIntervention: Social }>(UPDATE_SOCIAL, { input: { id: iv.id, expectedVersion: iv.version, title } }, token);
    expect(codeOf(await edit(his, 'Overtaget af psykiatrien', karen))).toBe('FORBIDDEN');
    expect(codeOf(await edit(hers, 'Overtaget af socialforvaltningen', tokens.bent))).toBe('FORBIDDEN');
    expect(ok(await edit(hers, 'Støtte-kontaktperson, to gange om ugen', karen)).updateSocialIntervention.title).toBe('Støtte-kontaktperson, to gange om ugen');
    expect(ok(await edit(his, 'Bostøtte, hver uge', tokens.bent)).updateSocialIntervention.title).toBe('Bostøtte, hver uge');

    // Her unit leaves the team only once its intervention is ended: nobody else could end it.
    const early = await t.gql(REMOVE_TEAM, { p: per, u: psychiatry.id }, tokens.anna);
    expect(early.errors?.[0]).toMatchObject({
      message: 'Socialpsykiatrien har 1 indsats på planen, der ikke er afsluttet. Enheden skal sætte den til Afsluttet (eller Annulleret, hvis den aldrig er begyndt), før enheden fjernes fra teamet.',
      extensions: { code: 'RULE_VIOLATION', rule: 'UNIT_HAS_OPEN_INTERVENTIONS' },
    });
    expect(ok(await t.gql<{ plan: { myStanding: string } }>(PLAN, { id: per }, karen)).plan.myStanding).toBe('TEAM');
    const current = ok(await t.gql<{ intervention: { version: number } }>(`query($id: ID!) { intervention(id: $id) { version } }`, { id: hers.id }, karen)).intervention;
    ok(await t.gql(`mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { status } }`,
      { input: { id: hers.id, expectedVersion: current.version, status: 'CANCELLED', endReason: 'Aldrig begyndt' } }, karen));
    // Taking her unit off the team closes the plan to her; the other social unit keeps it.
    ok(await t.gql(REMOVE_TEAM, { p: per, u: psychiatry.id }, tokens.anna));
    expect(codeOf(await t.gql(PLAN, { id: per }, karen))).toBe('NOT_FOUND');
    const plan = ok(await t.gql<{ plan: { myStanding: string; interventions: Array<{ id: string; unit: { id: string } }> } }>(PLAN, { id: per }, tokens.bent)).plan;
    expect(plan.myStanding).toBe('TEAM');
    expect(plan.interventions.find((i) => i.id === hers.id)?.unit.id).toBe(psychiatry.id);
  });
});
