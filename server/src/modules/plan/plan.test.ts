import { codeOf, count, planIdOf, summariesReadBy, unitIdOf, untilWaitingForLock } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'otto', 'lene']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const PLAN = `query($id: ID!) { plan(id: $id) {
  id version employmentGoal myStanding citizen { name } programme { type daysLeft }
  team { kind } coordinator { user { name } unit { kind } } coordinatorHistory { user { name } toAt reason }
  subGoals { area text progress { value } }
  interventions { __typename title unitKind kindLabel updatedBy { name } ... on SocialIntervention { legalBasis } ... on JobcenterIntervention { hoursPerWeek } }
  followUps { mode } nextFollowUpAt
} }`;

type PlanData = { plan: { version: number; myStanding: string; team: Array<{ kind: string }>; interventions: Array<{ __typename: string; title: string; unitKind: string }>; coordinatorHistory: Array<{ user: { name: string }; toAt: string | null }>; subGoals: Array<{ progress: unknown[] }>; nextFollowUpAt: string } };

describe('reading the shared plan', () => {
  it('the coordinator sees every unit\'s interventions, the team, sub-goals with progress, follow-ups and coordinator history', async () => {
    const res = await t.gql<PlanData>(PLAN, { id: await planIdOf(t, 'Kim') }, tokens.anna);
    expect(res.errors).toBeUndefined();
    const plan = res.data!.plan;
    expect(plan.myStanding).toBe('COORDINATOR');
    expect(plan.team.map((u) => u.kind).sort()).toEqual(['EMPLOYMENT', 'HEALTH', 'SOCIAL']);
    expect(new Set(plan.interventions.map((i) => i.__typename))).toEqual(new Set(['JobcenterIntervention', 'SocialIntervention', 'HealthIntervention']));
    expect(plan.coordinatorHistory.map((c) => [c.user.name, c.toAt === null])).toEqual([['Bent Sørensen', false], ['Anna Holm', true]]);
    expect(plan.subGoals.every((g) => g.progress.length > 0)).toBe(true);
    expect(new Date(plan.nextFollowUpAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('staff of a unit on the team read it; other units, leaders and other municipalities get NOT_FOUND', async () => {
    const per = await planIdOf(t, 'Per');
    expect((await t.gql<PlanData>(PLAN, { id: per }, tokens.bent)).data?.plan.myStanding).toBe('TEAM');
    for (const who of ['carla', 'lene', 'otto']) expect(codeOf(await t.gql(PLAN, { id: per }, tokens[who]))).toBe('NOT_FOUND');
  });

  it('every read of a plan is audited', async () => {
    const eva = await planIdOf(t, 'Eva');
    // Repeats within a quarter of an hour are one row with a count (access-trail.test.ts): count reads, not rows.
    const reads = async () => Number((await t.db.dataSource.query(
      `SELECT coalesce(sum(count), 0) AS n FROM audit_log WHERE action = 'READ_PLAN' AND entity_id = $1 AND outcome = 'ALLOWED' AND channel = 'PLAN_PAGE'`, [eva]))[0].n);
    const before = await reads();
    await t.gql(PLAN, { id: eva }, tokens.anna);
    await t.gql(PLAN, { id: eva }, tokens.anna);
    expect(await reads()).toBe(before + 2);
  });

  it('myCaseload lists plans I coordinate or my unit takes part in', async () => {
    const names = async (who: string) =>
      ((await t.gql<{ myCaseload: Array<{ citizen: { name: string } }> }>(`{ myCaseload { citizen { name } } }`, {}, tokens[who])).data?.myCaseload ?? []).map((p) => p.citizen.name.split(' ')[0]).sort();
    // Per twice: his first ressourceforløb (ended) and the new one; Jonas's helhedsorienteret forløb is coordinated by Bent.
    expect(await names('anna')).toEqual(['Bo', 'Eva', 'Jonas', 'Kim', 'Lise', 'Per', 'Per']);
    expect(await names('bent')).toEqual(['Jonas', 'Kim', 'Per', 'Per']);
    expect(await names('carla')).toEqual(['Bo', 'Eva', 'Jonas', 'Kim', 'Lise']);
    expect(await names('otto')).toEqual(['Sofie']);
    expect(await names('lene')).toEqual([]);
  });
});

describe('plan-level writes belong to the coordinator', () => {
  const UPDATE = `mutation($input: UpdatePlanInput!) { updatePlan(input: $input) { version employmentGoal periodEnd } }`;

  it('updates the goal with the right version; a team member is refused; a stale version conflicts', async () => {
    const id = await planIdOf(t, 'Eva');
    const { version } = (await t.gql<PlanData>(PLAN, { id }, tokens.anna)).data!.plan;
    const ok = await t.gql<{ updatePlan: { version: number; employmentGoal: string } }>(UPDATE, { input: { id, expectedVersion: version, employmentGoal: 'Opvasker i en kantine, 2 dage om ugen' } }, tokens.anna);
    expect(ok.data?.updatePlan).toMatchObject({ version: version + 1, employmentGoal: 'Opvasker i en kantine, 2 dage om ugen' });
    expect(codeOf(await t.gql(UPDATE, { input: { id, expectedVersion: version + 1, employmentGoal: 'x' } }, tokens.carla))).toBe('FORBIDDEN');
    const stale = await t.gql(UPDATE, { input: { id, expectedVersion: version, employmentGoal: 'gammel' } }, tokens.anna);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0].extensions?.current).toMatchObject({ employmentGoal: 'Opvasker i en kantine, 2 dage om ugen' });
    expect(await count(t, `SELECT 1 FROM plan_event WHERE plan_id = $1 AND kind = 'PLAN_UPDATED'`, [id])).toBe(1);
  });

  it('refuses a plan period that does not cover the next 6 months (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3)', async () => {
    const id = await planIdOf(t, 'Eva');
    const { version } = (await t.gql<PlanData>(PLAN, { id }, tokens.anna)).data!.plan;
    const soon = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const res = await t.gql(UPDATE, { input: { id, expectedVersion: version, periodEnd: soon } }, tokens.anna);
    expect(codeOf(res)).toBe('RULE_VIOLATION');
    expect(res.errors?.[0].extensions).toMatchObject({ rule: 'PLAN_PERIOD_TOO_SHORT', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.3' });
  });

  it('the team: adding a unit opens the plan to its staff, removing it closes it again', async () => {
    const id = await planIdOf(t, 'Per');
    const [health, employment] = [await unitIdOf(t, 'HEALTH'), await unitIdOf(t, 'EMPLOYMENT')];
    const ADD = `mutation($p: ID!, $u: ID!) { addTeamUnit(planId: $p, unitId: $u) { team { kind } } }`;
    const REMOVE = `mutation($p: ID!, $u: ID!) { removeTeamUnit(planId: $p, unitId: $u) { id } }`;
    const add = await t.gql(ADD, { p: id, u: health }, tokens.anna);
    expect(add.errors).toBeUndefined();
    expect((await t.gql<PlanData>(PLAN, { id }, tokens.carla)).data?.plan.myStanding).toBe('TEAM');
    expect(codeOf(await t.gql(ADD, { p: id, u: health }, tokens.anna))).toBe('BAD_USER_INPUT');
    // Another municipality's unit is as unknown as a made-up id, and the attempt is logged as refused.
    const theirs = await unitIdOf(t, 'HEALTH', '0479');
    expect(codeOf(await t.gql(ADD, { p: id, u: theirs }, tokens.anna))).toBe('NOT_FOUND');
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'ADD_TEAM_UNIT' AND outcome = 'DENIED' AND entity_type = 'UNIT' AND entity_id = $1`, [theirs])).toBe(1);
    expect(codeOf(await t.gql(REMOVE, { p: id, u: health }, tokens.bent))).toBe('FORBIDDEN');
    await t.gql(REMOVE, { p: id, u: health }, tokens.anna);
    expect(codeOf(await t.gql(PLAN, { id }, tokens.carla))).toBe('NOT_FOUND');
    const own = await t.gql(REMOVE, { p: id, u: employment }, tokens.anna);
    expect(own.errors?.[0].extensions?.rule).toBe('COORDINATOR_UNIT_ON_TEAM');
    expect(await count(t, `SELECT 1 FROM plan_event WHERE plan_id = $1 AND kind = 'TEAM_CHANGED'`, [id])).toBe(2);
  });

  it('reassigning the coordinator keeps the history, moves the rights and brings the new unit onto the team', async () => {
    const id = await planIdOf(t, 'Bo');
    const [{ programme_id: programmeId }] = await t.db.dataSource.query(`SELECT programme_id FROM plan WHERE id = $1`, [id]);
    const [{ id: bentId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'bent'`);
    const REASSIGN = `mutation($input: ReassignCoordinatorInput!) { reassignCoordinator(input: $input) { user { name } unit { kind } reason citizenConsulted } }`;
    expect(codeOf(await t.gql(REASSIGN, { input: { programmeId, userId: bentId, reason: '', citizenConsulted: true } }, tokens.anna))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(REASSIGN, { input: { programmeId, userId: bentId, reason: '  \n ', citizenConsulted: true } }, tokens.anna))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(REASSIGN, { input: { programmeId, userId: bentId, reason: 'x', citizenConsulted: true } }, tokens.carla))).toBe('FORBIDDEN');
    const res = await t.gql<{ reassignCoordinator: unknown }>(REASSIGN, { input: { programmeId, userId: bentId, reason: 'Indsatsen er nu mest social', citizenConsulted: true } }, tokens.anna);
    expect(res.data?.reassignCoordinator).toEqual({ user: { name: 'Bent Sørensen' }, unit: { kind: 'SOCIAL' }, reason: 'Indsatsen er nu mest social', citizenConsulted: true });
    const plan = (await t.gql<PlanData>(PLAN, { id }, tokens.bent)).data!.plan;
    expect(plan.myStanding).toBe('COORDINATOR');
    expect(plan.team.map((u) => u.kind)).toContain('SOCIAL');
    expect(plan.coordinatorHistory.map((c) => [c.user.name, c.toAt === null])).toEqual([['Anna Holm', false], ['Bent Sørensen', true]]);
    expect((await t.gql<PlanData>(PLAN, { id }, tokens.anna)).data?.plan.myStanding).toBe('TEAM');
    expect(await count(t, `SELECT 1 FROM coordinator_assignment WHERE programme_id = $1 AND to_at IS NULL`, [programmeId])).toBe(1);
  });
});

describe('sub-goals, progress and follow-ups', () => {
  it('the coordinator adds and updates a sub-goal; the team records progress on a valid scale', async () => {
    const id = await planIdOf(t, 'Per');
    const created = await t.gql<{ createSubGoal: { id: string; version: number } }>(
      `mutation($input: CreateSubGoalInput!) { createSubGoal(input: $input) { id version area } }`,
      { input: { planId: id, area: 'HEALTH', text: 'Sove bedre', reason: 'Træt om morgenen' } }, tokens.anna);
    const goal = created.data!.createSubGoal;
    expect(codeOf(await t.gql(`mutation($input: CreateSubGoalInput!) { createSubGoal(input: $input) { id } }`,
      { input: { planId: id, area: 'HEALTH', text: 'x', reason: 'y' } }, tokens.bent))).toBe('FORBIDDEN');
    const UPDATE = `mutation($input: UpdateSubGoalInput!) { updateSubGoal(input: $input) { status version } }`;
    expect((await t.gql<{ updateSubGoal: { status: string } }>(UPDATE, { input: { id: goal.id, expectedVersion: goal.version, status: 'ACHIEVED' } }, tokens.anna)).data?.updateSubGoal.status).toBe('ACHIEVED');
    expect(codeOf(await t.gql(UPDATE, { input: { id: goal.id, expectedVersion: goal.version, text: 'gammel' } }, tokens.anna))).toBe('CONFLICT');
    const PROGRESS = `mutation($input: RecordProgressInput!) { recordSubGoalProgress(input: $input) { value recordedBy { name } } }`;
    const bad = await t.gql(PROGRESS, { input: { subGoalId: goal.id, measuredOn: '2026-11-20', scale: 'ONE_TO_FIVE', value: 7 } }, tokens.bent);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
    const ahead = await t.gql(PROGRESS, { input: { subGoalId: goal.id, measuredOn: '2031-01-01', scale: 'PERCENT', value: 60 } }, tokens.bent);
    expect(ahead.errors?.[0]).toMatchObject({ message: 'Målingen kan ikke dateres frem i tiden.', extensions: { code: 'BAD_USER_INPUT', field: 'measuredOn' } });
    const ok = await t.gql<{ recordSubGoalProgress: unknown }>(PROGRESS, { input: { subGoalId: goal.id, measuredOn: '2026-11-20', scale: 'PERCENT', value: 60, comment: 'Bedre' } }, tokens.bent);
    expect(ok.data?.recordSubGoalProgress).toEqual({ value: 60, recordedBy: { name: 'Bent Sørensen' } });
    const kinds = (await t.db.dataSource.query(`SELECT kind FROM plan_event WHERE plan_id = $1 ORDER BY seq`, [id])).map((r: { kind: string }) => r.kind);
    expect(kinds.slice(-3)).toEqual(['SUBGOAL_CREATED', 'SUBGOAL_UPDATED', 'SUBGOAL_PROGRESS_RECORDED']);
    // The coordinator's feed says who did each, the person with their unit, and quotes the sub-goal in » «.
    expect(await summariesReadBy(t, tokens.anna, id, 3)).toEqual([
      'Bent Sørensen (Socialforvaltningen) registrerede progression 60 % på »Sove bedre«',
      'Anna Holm (Jobcenter) markerede delmålet »Sove bedre« som nået',
      'Anna Holm (Jobcenter) tilføjede delmålet »Sove bedre«',
    ]);
  });

  it('a follow-up meeting must have the next one booked after it (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5)', async () => {
    const id = await planIdOf(t, 'Eva');
    const FOLLOW = `mutation($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { mode nextMeetingAt participants } }`;
    const input = { planId: id, heldAt: '2026-11-20T10:00:00+01:00', mode: 'PHONE', participants: ['Eva', 'Anna Holm'], summary: 'Praktikken går godt' };
    const before = await t.gql(FOLLOW, { input: { ...input, nextMeetingAt: '2026-11-19T10:00:00+01:00' } }, tokens.anna);
    expect(before.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nextMeetingAt' });
    // Not before it is held: two hours from now is refused.
    const inTwoHours = new Date(Date.now() + 2 * 3600_000).toISOString();
    const early = await t.gql(FOLLOW, { input: { ...input, heldAt: inTwoHours, nextMeetingAt: new Date(Date.now() + 30 * 86_400_000).toISOString() } }, tokens.anna);
    expect(early.errors?.[0]).toMatchObject({ message: 'En samtale kan først registreres, når den er holdt.', extensions: { code: 'BAD_USER_INPUT', field: 'heldAt' } });
    const missing = await t.gql(FOLLOW, { input }, tokens.anna);
    expect(missing.status).toBe(400);
    const ok = await t.gql<{ recordFollowUp: { mode: string } }>(FOLLOW, { input: { ...input, nextMeetingAt: '2026-12-18T10:00:00+01:00' } }, tokens.anna);
    expect(ok.data?.recordFollowUp.mode).toBe('PHONE');
    expect(codeOf(await t.gql(FOLLOW, { input: { ...input, nextMeetingAt: '2026-12-18T10:00:00+01:00' } }, tokens.carla))).toBe('FORBIDDEN');
  });
});

describe('programmes', () => {
  let serial = 0;
  // Lise Holm, born 4 April 1980: a CPR number of her own each time.
  const CITIZEN = () => `mutation { registerCitizen(input: { name: "Lise Holm", cpr: "040480-${1000 + ++serial}" }) { id } }`;
  const CREATE = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id programme { id type endDate version } team { kind } coordinator { user { name } reason citizenConsulted } } }`;
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

  it('creates a programme with plan, team and coordinator, within the length rules of its law version', async () => {
    const citizenId = (await t.gql<{ registerCitizen: { id: string } }>(CITIZEN(), {}, tokens.anna)).data!.registerCitizen.id;
    // Decided in January 2026, under the 2022 rules (1 to 3 years); no new ressourceforløb can be decided from 1 February 2026.
    const base = { citizenId, type: 'RESSOURCEFORLOEB', decisionDate: '2026-01-30', startDate: day(0), employmentGoal: 'Job i detailhandlen', goalKind: 'SECTOR', planPeriodEnd: day(200), teamUnits: [await unitIdOf(t, 'SOCIAL')] };
    expect((await t.gql(CREATE, { input: { ...base, decisionDate: day(0), endDate: day(730) } }, tokens.anna)).errors?.[0].extensions?.rule).toBe('RESSOURCEFORLOEB_ABOLISHED');
    expect((await t.gql(CREATE, { input: { ...base, endDate: day(3 * 366) } }, tokens.anna)).errors?.[0].extensions?.rule).toBe('PROGRAMME_TOO_LONG');
    expect((await t.gql(CREATE, { input: { ...base, endDate: day(180) } }, tokens.anna)).errors?.[0].extensions?.rule).toBe('PROGRAMME_TOO_SHORT');
    expect((await t.gql(CREATE, { input: { ...base, endDate: day(730), planPeriodEnd: day(60) } }, tokens.anna)).errors?.[0].extensions?.rule).toBe('PLAN_PERIOD_TOO_SHORT');
    const ok = await t.gql<{ createProgramme: { programme: { id: string; endDate: string; version: number }; team: Array<{ kind: string }>; coordinator: { user: { name: string }; reason: string; citizenConsulted: boolean | null } } }>(
      CREATE, { input: { ...base, endDate: day(730) } }, tokens.anna);
    expect(ok.errors).toBeUndefined();
    const created = ok.data!.createProgramme;
    expect(created.team.map((u) => u.kind).sort()).toEqual(['EMPLOYMENT', 'SOCIAL']);
    expect(created.coordinator.user.name).toBe('Anna Holm');
    // The first assignment asks nothing of the citizen, so it records nothing either.
    expect(created.coordinator).toMatchObject({ reason: 'Oprettede forløbet', citizenConsulted: null });

    // STAR’s vejledning om ressourceforløb 2020, afsnit 6.3: never extended; ending earlier or closing with a reason is fine.
    const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { endDate status endReason version } }`;
    const { id, endDate, version } = created.programme;
    const later = new Date(Date.parse(endDate) + 30 * 86_400_000).toISOString().slice(0, 10);
    const extend = await t.gql(UPDATE, { input: { id, expectedVersion: version, endDate: later } }, tokens.anna);
    expect(extend.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_NOT_EXTENDABLE' });
    const earlier = await t.gql<{ updateProgramme: { endDate: string; version: number } }>(UPDATE, { input: { id, expectedVersion: version, endDate: day(100) } }, tokens.anna);
    expect(earlier.data?.updateProgramme).toMatchObject({ endDate: day(100), status: 'ACTIVE' });
    const shortened = earlier.data!.updateProgramme.version;
    // Ended only once what follows is decided (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5).
    const refused = await t.gql(UPDATE, { input: { id, expectedVersion: shortened, endReason: 'EDUCATION' } }, tokens.anna);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'NEXT_STEP_NOT_DECIDED' });
    await t.gql(`mutation($input: DecideNextStepInput!) { decideNextStep(input: $input) { id } }`, { input: { programmeId: id, step: 'EDUCATION' } }, tokens.anna);
    const end = await t.gql<{ updateProgramme: { status: string; endReason: string } }>(UPDATE, { input: { id, expectedVersion: shortened, endReason: 'EDUCATION' } }, tokens.anna);
    expect(end.data?.updateProgramme).toMatchObject({ status: 'ENDED', endReason: 'EDUCATION' });
  });

  it('jobafklaringsforløb: as a rule two per citizen; a third is a warning, not a block (LAB kapitel 18)', async () => {
    const citizenId = (await t.gql<{ registerCitizen: { id: string } }>(CITIZEN(), {}, tokens.anna)).data!.registerCitizen.id;
    const input = { citizenId, type: 'JOBAFKLARINGSFORLOEB', decisionDate: day(0), startDate: day(0), endDate: day(365), employmentGoal: 'Afklaring', goalKind: 'SECTOR', planPeriodEnd: day(200), teamUnits: [] };
    const WITH_WARNINGS = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { programme { warnings { rule } } } }`;
    // One forløb at a time: each ends before the next is granted.
    for (let i = 0; i < 2; i++) {
      expect((await t.gql(CREATE, { input }, tokens.anna)).errors).toBeUndefined();
      await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER' WHERE citizen_id = $1`, [citizenId]);
    }
    const third = await t.gql<{ createProgramme: { programme: { warnings: Array<{ rule: string }> } } }>(WITH_WARNINGS, { input }, tokens.anna);
    expect(third.errors).toBeUndefined();
    expect(third.data!.createProgramme.programme.warnings.map((w) => w.rule)).toContain('JOBAFKLARING_COUNT');
    expect((await t.gql(CREATE, { input: { ...input, endDate: day(3 * 365) } }, tokens.anna)).errors?.[0].extensions?.rule).toBe('PROGRAMME_TOO_LONG');
  });

  it('a citizen is in one programme at a time: a second is refused until the first has ended, also when two are created at once', async () => {
    const citizenId = (await t.gql<{ registerCitizen: { id: string } }>(CITIZEN(), {}, tokens.anna)).data!.registerCitizen.id;
    const input = { citizenId, type: 'JOBAFKLARINGSFORLOEB', decisionDate: day(0), startDate: day(0), endDate: day(365), employmentGoal: 'Afklaring', goalKind: 'SECTOR', planPeriodEnd: day(200), teamUnits: [] };
    const HELHED = { ...input, type: 'HELHEDSORIENTERET', jointPlanConsentOn: day(0) };
    // Two caseworkers at the same moment: exactly one gets the programme.
    const both = await Promise.all([t.gql(CREATE, { input }, tokens.anna), t.gql(CREATE, { input: HELHED }, tokens.bent)]);
    expect(both.filter((r) => !r.errors).length).toBe(1);
    const refused = both.find((r) => r.errors)!;
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_ALREADY_RUNNING' });
    expect(refused.errors?.[0].message).toMatch(/^Borgeren er allerede i et (jobafklaringsforløb|helhedsorienteret forløb)\. Afslut det/);
    expect(await count(t, `SELECT 1 FROM programme WHERE citizen_id = $1`, [citizenId])).toBe(1);
    // Once it has ended, the next one is granted.
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER' WHERE citizen_id = $1`, [citizenId]);
    expect((await t.gql(CREATE, { input }, tokens.anna)).errors).toBeUndefined();
    expect(await count(t, `SELECT 1 FROM programme WHERE citizen_id = $1 AND status = 'ACTIVE'`, [citizenId])).toBe(1);
  });

  it('a ressourceforløb or jobafklaringsforløb is registered by employment, whose decision it is; social services registers its own forløb (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1)', async () => {
    const citizenId = (await t.gql<{ registerCitizen: { id: string } }>(CITIZEN(), {}, tokens.bent)).data!.registerCitizen.id;
    const input = { citizenId, type: 'JOBAFKLARINGSFORLOEB', decisionDate: day(0), startDate: day(0), endDate: day(365), employmentGoal: 'Afklaring', goalKind: 'SECTOR', planPeriodEnd: day(200), teamUnits: [] };
    const refused = await t.gql(CREATE, { input }, tokens.bent);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'DECISION_NEEDS_EMPLOYMENT_UNIT' });
    expect(refused.errors?.[0].message).toMatch(/^Et jobafklaringsforløb bevilges efter beskæftigelseslovgivningen af en sagsbehandler fra beskæftigelse/);
    expect(await count(t, `SELECT 1 FROM programme WHERE citizen_id = $1`, [citizenId])).toBe(0);
    // A choice in the form ("Nyt forløb" offers every type), answered at its field: no refusal of access, so
    // nothing that counts towards a review of his account.
    expect(await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'bent' AND a.action = 'CREATE_PROGRAMME' AND a.outcome = 'DENIED'`)).toBe(0);
    const own = await t.gql<{ createProgramme: { coordinator: { user: { name: string } } } }>(CREATE, { input: { ...input, type: 'HELHEDSORIENTERET', jointPlanConsentOn: day(0) } }, tokens.bent);
    expect(own.errors).toBeUndefined();
    expect(own.data!.createProgramme.coordinator.user.name).toBe('Bent Sørensen');
  });

  it('a health caseworker ("Nyt forløb" offers her the municipality’s own forløb only) is refused a ressourceforløb and a jobafklaringsforløb, and creates a helhedsorienteret forløb', async () => {
    const citizenId = (await t.gql<{ registerCitizen: { id: string } }>(CITIZEN(), {}, tokens.carla)).data!.registerCitizen.id;
    const input = { citizenId, decisionDate: day(0), startDate: day(0), endDate: day(365), employmentGoal: 'Afklaring', goalKind: 'SECTOR', planPeriodEnd: day(200), teamUnits: [] };
    for (const type of ['RESSOURCEFORLOEB', 'JOBAFKLARINGSFORLOEB']) {
      const refused = await t.gql(CREATE, { input: { ...input, type } }, tokens.carla);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'DECISION_NEEDS_EMPLOYMENT_UNIT' });
    }
    expect(await count(t, `SELECT 1 FROM programme WHERE citizen_id = $1`, [citizenId])).toBe(0);
    const own = await t.gql<{ createProgramme: { programme: { type: string }; coordinator: { user: { name: string } } } }>(CREATE,
      { input: { ...input, type: 'HELHEDSORIENTERET', jointPlanConsentOn: day(0) } }, tokens.carla);
    expect(own.errors).toBeUndefined();
    expect(own.data!.createProgramme).toMatchObject({ programme: { type: 'HELHEDSORIENTERET' }, coordinator: { user: { name: 'Carla Nielsen' } } });
  });

  it('a citizen or unit of another municipality cannot be given a programme; the attempt is logged as refused', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM citizen WHERE name = 'Sofie Andersen'`);
    const input = { citizenId: id, type: 'JOBAFKLARINGSFORLOEB', decisionDate: day(0), startDate: day(0), endDate: day(365), employmentGoal: 'x', goalKind: 'JOB', planPeriodEnd: day(200), teamUnits: [] as string[] };
    const refused = (entityType: string, entityId: string) => count(t,
      `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'anna' AND a.action = 'CREATE_PROGRAMME' AND a.outcome = 'DENIED' AND a.entity_type = $1 AND a.entity_id = $2`,
      [entityType, entityId]);
    const res = await t.gql(CREATE, { input }, tokens.anna);
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(await refused('CITIZEN', id)).toBe(1);
    // Sofie's own coordinator sees the attempt in her access log.
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'CREATE_PROGRAMME' AND outcome = 'DENIED' AND citizen_id = $1`, [id])).toBe(1);

    const [{ id: ownCitizen }] = await t.db.dataSource.query(`SELECT id FROM citizen WHERE name LIKE 'Bo%' AND municipality_id = (SELECT municipality_id FROM app_user WHERE username = 'anna')`);
    const theirs = await unitIdOf(t, 'HEALTH', '0479');
    expect(codeOf(await t.gql(CREATE, { input: { ...input, citizenId: ownCitizen, teamUnits: [theirs] } }, tokens.anna))).toBe('NOT_FOUND');
    expect(await refused('UNIT', theirs)).toBe(1);
  });
});

describe('writes on a programme of another municipality', () => {
  it('answer NOT_FOUND and are audited as denied attempts by the caller', async () => {
    const [{ programme_id: programmeId }] = await t.db.dataSource.query(`SELECT programme_id FROM plan WHERE id = $1`, [await planIdOf(t, 'Per')]);
    const denied = () => count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'otto' AND a.outcome = 'DENIED' AND a.entity_id = $1`, [programmeId]);
    const before = await denied();
    const end = await t.gql(`mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { id } }`,
      { input: { id: programmeId, expectedVersion: 1, endDate: '2020-01-01', endReason: 'OTHER' } }, tokens.otto);
    const decide = await t.gql(`mutation($input: DecideNextStepInput!) { decideNextStep(input: $input) { id } }`,
      { input: { programmeId, step: 'EDUCATION' } }, tokens.otto);
    expect([codeOf(end), codeOf(decide)]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(await denied()).toBe(before + 2);
    const [row] = await t.db.dataSource.query(`SELECT status, end_date::text AS end FROM programme WHERE id = $1`, [programmeId]);
    expect(row.status).toBe('ACTIVE');
  });
});

describe('a coordinator who has left', () => {
  const REASSIGN = `mutation($input: ReassignCoordinatorInput!) { reassignCoordinator(input: $input) { user { name } } }`;
  const LEFT = `query($id: ID!) { plan(id: $id) { coordinatorLeft myStanding coordinator { user { name } } } }`;
  const CONTACT = `{ myPlan { coordinator { name } } }`;

  it('a caseworker on the team takes over once the coordinator is deactivated, not before; Min plan names no one in between', async () => {
    const id = await planIdOf(t, 'Per');
    const [{ programme_id: programmeId }] = await t.db.dataSource.query(`SELECT programme_id FROM plan WHERE id = $1`, [id]);
    const [{ id: bentId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'bent'`);
    const takeOver = { programmeId, userId: bentId, reason: 'Anna er fratrådt', citizenConsulted: false };
    const per = await t.login('per');
    expect((await t.gql<{ plan: { coordinatorLeft: boolean } }>(LEFT, { id }, tokens.bent)).data?.plan.coordinatorLeft).toBe(false);
    expect(codeOf(await t.gql(REASSIGN, { input: takeOver }, tokens.bent))).toBe('FORBIDDEN');
    expect((await t.gql<{ myPlan: { coordinator: { name: string } | null } }>(CONTACT, {}, per)).data?.myPlan.coordinator).toEqual({ name: 'Anna Holm' });

    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'anna'`);
    try {
      expect((await t.gql<{ plan: { coordinatorLeft: boolean } }>(LEFT, { id }, tokens.bent)).data?.plan.coordinatorLeft).toBe(true);
      expect((await t.gql<{ myPlan: { coordinator: unknown } }>(CONTACT, {}, per)).data?.myPlan.coordinator).toBeNull();
      // Not a unit off the team, nor another municipality: they do not see the plan at all.
      for (const who of ['carla', 'otto']) expect(codeOf(await t.gql(REASSIGN, { input: takeOver }, tokens[who]))).toBe('NOT_FOUND');
      // A takeover stays within the team: it gives no other unit access to the citizen.
      const [{ id: carlaId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'carla'`);
      const outside = await t.gql(REASSIGN, { input: { ...takeOver, userId: carlaId } }, tokens.bent);
      expect(outside.errors?.[0]).toMatchObject({ message: 'Vælg en sagsbehandler fra en enhed på planen.', extensions: { code: 'BAD_USER_INPUT', field: 'userId' } });
      const res = await t.gql<{ reassignCoordinator: { user: { name: string } } }>(REASSIGN, { input: takeOver }, tokens.bent);
      expect(res.errors).toBeUndefined();
      expect(res.data!.reassignCoordinator.user.name).toBe('Bent Sørensen');
      expect((await t.gql<{ plan: { coordinatorLeft: boolean; myStanding: string } }>(LEFT, { id }, tokens.bent)).data?.plan).toMatchObject({ coordinatorLeft: false, myStanding: 'COORDINATOR' });
      expect((await t.gql<{ myPlan: { coordinator: { name: string } } }>(CONTACT, {}, per)).data?.myPlan.coordinator).toEqual({ name: 'Bent Sørensen' });
      const [event] = await t.db.dataSource.query(`SELECT kind, summary FROM plan_event WHERE plan_id = $1 ORDER BY seq DESC LIMIT 1`, [id]);
      expect(event).toEqual({ kind: 'COORDINATOR_ASSIGNED', summary: 'Bent Sørensen (Socialforvaltningen) gjorde sig selv til koordinerende sagsbehandler' });
    } finally {
      await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL WHERE username = 'anna'`);
    }
  });

  it('a plan with no coordinator at all is taken over by a caseworker on the team', async () => {
    const id = await planIdOf(t, 'Kim');
    const [{ programme_id: programmeId }] = await t.db.dataSource.query(`SELECT programme_id FROM plan WHERE id = $1`, [id]);
    const [{ id: annaId }] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'anna'`);
    await t.db.dataSource.query(`UPDATE coordinator_assignment SET to_at = now() WHERE programme_id = $1 AND to_at IS NULL`, [programmeId]);
    expect((await t.gql<{ plan: { coordinatorLeft: boolean; coordinator: unknown } }>(LEFT, { id }, tokens.anna)).data?.plan).toMatchObject({ coordinatorLeft: true, coordinator: null });
    const res = await t.gql<{ reassignCoordinator: { user: { name: string } } }>(REASSIGN, { input: { programmeId, userId: annaId, reason: 'Ingen koordinator', citizenConsulted: true } }, tokens.anna);
    expect(res.errors).toBeUndefined();
    expect((await t.gql<{ plan: { myStanding: string } }>(LEFT, { id }, tokens.anna)).data?.plan.myStanding).toBe('COORDINATOR');
  });

  it('two takeovers of a plan with no coordinator at once: one wins, the other is told in Danish (COORDINATOR_CHANGED), not an internal error', async () => {
    const id = await planIdOf(t, 'Lise');
    const [{ programme_id: programmeId, municipality_id: m }] = await t.db.dataSource.query(`SELECT programme_id, municipality_id FROM plan WHERE id = $1`, [id]);
    // A caseworker on Lise's team, who may take over a plan without a coordinator.
    const [taker] = await t.db.dataSource.query(
      `SELECT u.id, u.unit_id, u.username FROM app_user u JOIN plan_team_unit t ON t.unit_id = u.unit_id WHERE t.plan_id = $1 AND u.role = 'CASEWORKER' AND u.deactivated_at IS NULL ORDER BY u.username LIMIT 1`, [id]);
    const token = await t.login(taker.username);
    await t.db.dataSource.query(`UPDATE coordinator_assignment SET to_at = now() WHERE programme_id = $1 AND to_at IS NULL`, [programmeId]);
    // The other takeover has written its row and not yet committed.
    const other = t.db.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query(
      `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, reason, citizen_consulted) VALUES ($1, $2, $3, $4, now(), 'Den anden', true)`,
      [m, programmeId, taker.id, taker.unit_id]);
    const mine = t.gql(REASSIGN, { input: { programmeId, userId: taker.id, reason: 'Ingen koordinator', citizenConsulted: true } }, token);
    await untilWaitingForLock(t, mine);
    await other.commitTransaction();
    await other.release();
    expect((await mine).errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'COORDINATOR_CHANGED' });
    expect(await count(t, `SELECT 1 FROM coordinator_assignment WHERE programme_id = $1 AND to_at IS NULL`, [programmeId])).toBe(1);
  });
});
