import { codeOf, count, interventionOf, planIdOf, summariesReadBy } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'otto', 'lene', 'mikkel']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const UPDATE = `mutation($input: UpdateInterventionInput!) {
  updateIntervention(input: $input) { id version title status ... on SocialIntervention { legalBasis } updatedBy { name } }
}`;

describe('done when: Per\'s Bostøtte', () => {
  it('bent updates it; dorte is refused; a stale version conflicts; otto sees nothing; all of it is in the access log', async () => {
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const perPlan = await planIdOf(t, 'Per');
    const ok = await t.gql<{ updateIntervention: { version: number; status: string; legalBasis: string; updatedBy: { name: string } } }>(
      UPDATE, { input: { id: bostotte.id, expectedVersion: bostotte.version, status: 'ACTIVE' } }, tokens.bent);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.updateIntervention).toMatchObject({ status: 'ACTIVE', version: bostotte.version + 1, legalBasis: 'SEL §85', updatedBy: { name: 'Bent Sørensen' } });

    // The event carries the Danish summary, in the same transaction as the change.
    const [event] = await t.db.dataSource.query(`SELECT kind, summary FROM plan_event WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [bostotte.id]);
    expect(event).toEqual({ kind: 'INTERVENTION_STATUS_CHANGED', summary: 'Bent Sørensen (Socialforvaltningen) ændrede status på Bostøtte til Aktiv' });

    const denied = await t.gql(UPDATE, { input: { id: bostotte.id, expectedVersion: bostotte.version + 1, title: 'Overtaget af jobcentret' } }, tokens.dorte);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(denied));

    const stale = await t.gql(UPDATE, { input: { id: bostotte.id, expectedVersion: bostotte.version, title: 'Gammel version' } }, tokens.bent);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0].extensions?.current).toMatchObject({ id: bostotte.id, title: 'Bostøtte', status: 'ACTIVE', version: bostotte.version + 1 });

    const ottoRead = await t.gql(`query($id: ID!) { plan(id: $id) { id } }`, { id: perPlan }, tokens.otto);
    expect(codeOf(ottoRead)).toBe('NOT_FOUND');
    const ottoWrite = await t.gql(UPDATE, { input: { id: bostotte.id, expectedVersion: 2, title: 'x' } }, tokens.otto);
    expect(codeOf(ottoWrite)).toBe('NOT_FOUND');

    const [row] = await t.db.dataSource.query(`SELECT title, status, version FROM intervention WHERE id = $1`, [bostotte.id]);
    expect(row).toEqual({ title: 'Bostøtte', status: 'ACTIVE', version: bostotte.version + 1 });

    const [citizen] = await t.db.dataSource.query(`SELECT citizen_id FROM plan WHERE id = $1`, [perPlan]);
    const log = await t.gql<{ accessLog: Array<{ actorName: string; action: string; outcome: string }> }>(
      `query($c: ID!) { accessLog(citizenId: $c) { actorName action outcome } }`, { c: citizen.citizen_id }, tokens.anna);
    const lines = log.data!.accessLog.map((e) => `${e.actorName}:${e.action}:${e.outcome}`);
    expect(lines).toEqual(expect.arrayContaining([
      'Bent Sørensen:UPDATE_INTERVENTION:ALLOWED',
      'Dorte Madsen:UPDATE_INTERVENTION:DENIED',
      'Otto Berg:READ_PLAN:DENIED',
      // The stale save was handed the record as it is now: a read of Per's data like any other.
      'Bent Sørensen:READ_AFTER_CONFLICT:ALLOWED',
    ]));
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'READ_AFTER_CONFLICT' AND entity_type = 'INTERVENTION' AND entity_id = $1 AND channel = 'RECORD'`, [bostotte.id])).toBe(1);
    // Otto's attempts are not written against a citizen of another municipality; they exist as denied rows.
    expect(await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'otto' AND a.outcome = 'DENIED'`)).toBeGreaterThanOrEqual(2);
  });
});

describe('who may write interventions', () => {
  const CREATE_SOCIAL = `mutation($input: CreateSocialInterventionInput!) { createSocialIntervention(input: $input) { id kind kindLabel unitKind title legalBasis } }`;

  it('a unit creates its own kind in a plan its unit is on; another unit cannot use its mutation', async () => {
    const plan = await planIdOf(t, 'Kim');
    const res = await t.gql<{ createSocialIntervention: { kindLabel: string; unitKind: string } }>(CREATE_SOCIAL,
      { input: { planId: plan, kind: 'DEBT_COUNSELLING', title: 'Gældsrådgivning', legalBasis: 'SEL §10' } }, tokens.bent);
    expect(res.errors).toBeUndefined();
    expect(res.data?.createSocialIntervention).toMatchObject({ kindLabel: 'Gældsrådgivning', unitKind: 'SOCIAL' });
    const byJobcenter = await t.gql(CREATE_SOCIAL, { input: { planId: plan, kind: 'DEBT_COUNSELLING', title: 'Forsøg' } }, tokens.dorte);
    expect(codeOf(byJobcenter)).toBe('FORBIDDEN');
    // Said as a refused creation, not as a change of someone else's intervention.
    expect(byJobcenter.errors![0].message).toBe('Du kan kun oprette indsatser for din egen forvaltning, og kun når den er med i planens team.');
    expect(await count(t, `SELECT 1 FROM intervention WHERE plan_id = $1 AND title = 'Forsøg'`, [plan])).toBe(0);
  });

  it('a unit not on the team sees nothing of the plan (NOT_FOUND)', async () => {
    const plan = await planIdOf(t, 'Per'); // Per's team: jobcenter and social
    const res = await t.gql(`mutation($input: CreateHealthInterventionInput!) { createHealthIntervention(input: $input) { id } }`,
      { input: { planId: plan, kind: 'PSYCHOLOGIST', title: 'Psykolog' } }, tokens.carla);
    expect(codeOf(res)).toBe('NOT_FOUND');
    const read = await t.gql(`query($id: ID!) { plan(id: $id) { id } }`, { id: plan }, tokens.carla);
    expect(codeOf(read)).toBe('NOT_FOUND');
  });

  it('leaders and mentors do not get case details', async () => {
    const plan = await planIdOf(t, 'Eva');
    for (const who of ['lene', 'mikkel']) {
      const res = await t.gql(`query($id: ID!) { plan(id: $id) { id } }`, { id: plan }, tokens[who]);
      expect(codeOf(res)).toBe('NOT_FOUND');
    }
    const write = await t.gql(UPDATE, { input: { id: (await interventionOf(t, 'Eva', 'Mindfulnessforløb')).id, expectedVersion: 1, title: 'x' } }, tokens.lene);
    expect(codeOf(write)).toBe('FORBIDDEN'); // leaders may not call intervention writes at all
  });

  it('the coordinator reads everything but cannot edit another unit\'s intervention', async () => {
    const mindfulness = await interventionOf(t, 'Eva', 'Mindfulnessforløb');
    const res = await t.gql(UPDATE, { input: { id: mindfulness.id, expectedVersion: mindfulness.version, title: 'Ændret af koordinator' } }, tokens.anna);
    expect(codeOf(res)).toBe('FORBIDDEN');
  });
});

describe('input validation', () => {
  const CREATE_JOB = `mutation($input: CreateJobcenterInterventionInput!) { createJobcenterIntervention(input: $input) { id hoursPerWeek internshipPurpose } }`;
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['empty title', { title: '' }, 'title'],
    ['a title of blanks (it would be stored empty)', { title: '   ' }, 'title'],
    ['title too long', { title: 'x'.repeat(201) }, 'title'],
    ['end before start', { startDate: '2026-05-01', endDate: '2026-04-01' }, 'endDate'],
    ['hours above 37', { hoursPerWeek: 40 }, 'hoursPerWeek'],
    ['negative hours', { hoursPerWeek: -1 }, 'hoursPerWeek'],
    ['not a date', { startDate: '1. maj' }, 'startDate'],
    ['notes too long', { notes: 'x'.repeat(4001) }, 'notes'],
  ];
  it.each(cases)('%s -> BAD_USER_INPUT naming the field', async (_label, patch, field) => {
    const plan = await planIdOf(t, 'Bo');
    const before = await count(t, `SELECT 1 FROM intervention`);
    const res = await t.gql(CREATE_JOB, { input: { planId: plan, kind: 'INTERNSHIP', title: 'Praktik', ...patch } }, tokens.dorte);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe(field);
    expect(await count(t, `SELECT 1 FROM intervention`)).toBe(before);
  });

  it('a valid internship with purpose and hours is stored', async () => {
    const plan = await planIdOf(t, 'Bo');
    const res = await t.gql<{ createJobcenterIntervention: { hoursPerWeek: number; internshipPurpose: string } }>(CREATE_JOB,
      { input: { planId: plan, kind: 'INTERNSHIP', title: 'Praktik på lager', hoursPerWeek: 7.5, internshipPurpose: 'SKILLS', startDate: '2026-12-01', endDate: '2027-03-01' } }, tokens.dorte);
    expect(res.errors).toBeUndefined();
    expect(res.data?.createJobcenterIntervention).toMatchObject({ hoursPerWeek: 7.5, internshipPurpose: 'SKILLS' });
  });
});

describe('mentor support as a jobcenter intervention (STAR’s vejledning om ressourceforløb 2020, afsnit 7)', () => {
  const CREATE = `mutation($input: CreateJobcenterInterventionInput!) { createJobcenterIntervention(input: $input) { id version endDate } }`;
  const UPDATE = `mutation($input: UpdateJobcenterInterventionInput!) { updateJobcenterIntervention(input: $input) { version endDate } }`;

  it('is granted for at most 6 months at a time: up to start + 6 months − 1 day, and not lengthened past it later', async () => {
    const planId = await planIdOf(t, 'Bo');
    const base = { planId, kind: 'MENTOR_SUPPORT', title: 'Virksomhedsmentor på lageret', status: 'PLANNED', startDate: '2027-01-15' };
    const tooLong = await t.gql(CREATE, { input: { ...base, endDate: '2027-07-15' } }, tokens.dorte);
    expect(tooLong.errors?.[0]).toMatchObject({
      message: 'Mentorstøtte gives for op til 6 måneder ad gangen (til og med 14. juli 2027). Forlæng med en ny periode.',
      extensions: { code: 'RULE_VIOLATION', rule: 'MENTOR_SUPPORT_TOO_LONG' },
    });
    const ok = await t.gql<{ createJobcenterIntervention: { id: string; version: number; endDate: string } }>(CREATE, { input: { ...base, endDate: '2027-07-14' } }, tokens.dorte);
    expect(ok.errors).toBeUndefined();
    const { id, version } = ok.data!.createJobcenterIntervention;
    expect((await t.gql(UPDATE, { input: { id, expectedVersion: version, endDate: '2027-08-01' } }, tokens.dorte)).errors?.[0].extensions?.rule).toBe('MENTOR_SUPPORT_TOO_LONG');
    // A start needs an end; without dates it is only planned.
    expect((await t.gql(CREATE, { input: base }, tokens.dorte)).errors?.[0]).toMatchObject({
      message: 'Angiv slutdatoen. Mentorstøtte gives for op til 6 måneder ad gangen (til og med 14. juli 2027).', extensions: { rule: 'MENTOR_SUPPORT_TOO_LONG' },
    });
    expect((await t.gql(CREATE, { input: { ...base, startDate: undefined } }, tokens.dorte)).errors).toBeUndefined();
    // One stored longer before the limit (say, imported) can still get its notes and status.
    await t.db.dataSource.query(`UPDATE intervention SET end_date = '2027-12-31' WHERE id = $1`, [id]);
    const [{ version: v }] = await t.db.dataSource.query(`SELECT version FROM intervention WHERE id = $1`, [id]);
    expect((await t.gql(UPDATE, { input: { id, expectedVersion: v, notes: 'Mentor er fundet' } }, tokens.dorte)).errors).toBeUndefined();
    // Other kinds run as long as they are set to.
    const praktik = await t.gql(CREATE, { input: { ...base, kind: 'INTERNSHIP', title: 'Praktik på lageret', internshipPurpose: 'SKILLS', endDate: '2027-12-31' } }, tokens.dorte);
    expect(praktik.errors).toBeUndefined();
  });
});

describe('activities', () => {
  it('the owning unit adds and completes an activity; versions guard it; other units are refused', async () => {
    const ivn = await interventionOf(t, 'Bo', 'Træning hos fysioterapeut');
    const created = await t.gql<{ createActivity: { id: string; version: number; status: string } }>(
      `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id version status title } }`,
      { input: { interventionId: ivn.id, title: 'Træning tirsdag kl. 9', dueAt: '2026-12-01T09:00:00+01:00', assignee: 'Fysioterapeut' } }, tokens.carla);
    expect(created.errors).toBeUndefined();
    const { id, version } = created.data!.createActivity;
    const UPDATE_ACT = `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { status version } }`;
    const done = await t.gql<{ updateActivity: { status: string; version: number } }>(UPDATE_ACT, { input: { id, expectedVersion: version, status: 'DONE' } }, tokens.carla);
    expect(done.data?.updateActivity).toEqual({ status: 'DONE', version: version + 1 });
    expect(codeOf(await t.gql(UPDATE_ACT, { input: { id, expectedVersion: version, notes: 'gammel' } }, tokens.carla))).toBe('CONFLICT');
    expect(codeOf(await t.gql(UPDATE_ACT, { input: { id, expectedVersion: version + 1, notes: 'x' } }, tokens.dorte))).toBe('FORBIDDEN');
    const kinds = await t.db.dataSource.query(`SELECT kind FROM plan_event WHERE entity_id = $1 ORDER BY seq`, [id]);
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['ACTIVITY_CREATED', 'ACTIVITY_UPDATED']);
    // The coordinator's feed says who did it, the person with their unit, and quotes the activity in » «.
    expect(await summariesReadBy(t, tokens.anna, await planIdOf(t, 'Bo'), 2, id)).toEqual([
      'Carla Nielsen (Sundhedsforvaltningen) markerede »Træning tirsdag kl. 9« som udført',
      'Carla Nielsen (Sundhedsforvaltningen) tilføjede aktiviteten »Træning tirsdag kl. 9« i Træning hos fysioterapeut',
    ]);
    // Another unit's attempt to add one: refused, and logged against the intervention it was for.
    const refused = await t.gql(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`,
      { input: { interventionId: ivn.id, title: 'Ikke min', dueAt: '2026-12-01T09:00:00+01:00', assignee: '' } }, tokens.dorte);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const [denied] = await t.db.dataSource.query(`SELECT entity_type, entity_id FROM audit_log WHERE action = 'CREATE_ACTIVITY' AND outcome = 'DENIED' ORDER BY id DESC LIMIT 1`);
    expect(denied).toEqual({ entity_type: 'INTERVENTION', entity_id: ivn.id });
  });
});

describe('concurrent conflicting writes', () => {
  it('exactly one of 20 writers wins per version; no update is lost', async () => {
    const ivn = await interventionOf(t, 'Kim', 'Støttende samtaler hos socialpsykiatrisk konsulent');
    const attempt = (i: number, version: number) =>
      t.gql<{ updateIntervention: { version: number } }>(UPDATE, { input: { id: ivn.id, expectedVersion: version, shortTermGoal: `forsøg ${i}` } }, tokens.bent);
    let version = ivn.version;
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(i, version)));
      const winners = results.filter((r) => r.data?.updateIntervention);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(19);
      version = winners[0].data!.updateIntervention.version;
    }
    const [row] = await t.db.dataSource.query(`SELECT version FROM intervention WHERE id = $1`, [ivn.id]);
    expect(row.version).toBe(ivn.version + 3);
    // One event per successful write, none for the refused ones.
    expect(await count(t, `SELECT 1 FROM plan_event WHERE entity_id = $1`, [ivn.id])).toBe(3);
  });
});

describe('the delmål an intervention serves', () => {
  it('the owning unit sets them as a whole; a delmål of another plan is refused; a conflict answers with the current ones', async () => {
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    // Two delmål of Bostøtte's own plan, and one of another plan in the same municipality.
    const goals = async (sameplan: boolean): Promise<string[]> =>
      (await t.db.dataSource.query(
        `SELECT g.id FROM sub_goal g JOIN intervention i ON i.id = $1
          WHERE g.municipality_id = i.municipality_id AND (g.plan_id = i.plan_id) = $2 ORDER BY g.id`,
        [bostotte.id, sameplan],
      )).map((r: { id: string }) => r.id);
    const [a, b] = await goals(true);
    const [evas] = await goals(false);
    expect([a, b, evas].every(Boolean)).toBe(true);
    const LINKS = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version subGoals { id } } }`;
    const linked = async () => (await t.db.dataSource.query(`SELECT sub_goal_id AS id FROM intervention_sub_goal WHERE intervention_id = $1 ORDER BY 1`, [bostotte.id])).map((r: { id: string }) => r.id);

    const servedBefore = await linked();
    const set = await t.gql<{ updateIntervention: { version: number; subGoals: Array<{ id: string }> } }>(LINKS, { input: { id: bostotte.id, expectedVersion: bostotte.version, subGoalIds: [b, a] } }, tokens.bent);
    expect(set.errors).toBeUndefined();
    expect(set.data!.updateIntervention.subGoals.map((g) => g.id).sort()).toEqual([a, b]);
    const [event] = await t.db.dataSource.query(`SELECT kind, summary, payload->'changes' AS changes FROM plan_event WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [bostotte.id]);
    // The links are replaced; the event keeps what the intervention served before and after.
    expect(event).toEqual({
      kind: 'INTERVENTION_UPDATED',
      summary: 'Bent Sørensen (Socialforvaltningen) ændrede, hvilke delmål Bostøtte understøtter',
      changes: [{ field: 'subGoalIds', before: servedBefore, after: [a, b], texts: expect.objectContaining({ [a]: expect.any(String), [b]: expect.any(String) }) }],
    });
    // The history shows them as the sub-goals' texts, under "Delmål".
    const texts: string[] = (await t.db.dataSource.query(`SELECT text FROM sub_goal WHERE id = ANY($1::uuid[]) ORDER BY id`, [[a, b]])).map((r: { text: string }) => r.text);
    const history = await t.gql<{ planHistory: { items: Array<{ changes: Array<{ label: string; after: string | null }> }> } }>(
      `query($planId: ID!, $recordId: ID) { planHistory(planId: $planId, recordId: $recordId) { items { changes { label after } } } }`,
      { planId: await planIdOf(t, 'Per'), recordId: bostotte.id }, tokens.bent);
    expect(history.errors).toBeUndefined();
    expect(history.data!.planHistory.items[0].changes).toEqual([{ label: 'Delmål', after: texts.join(', ') }]);

    const foreign = await t.gql(LINKS, { input: { id: bostotte.id, expectedVersion: set.data!.updateIntervention.version, subGoalIds: [a, evas] } }, tokens.bent);
    expect(codeOf(foreign)).toBe('BAD_USER_INPUT');
    expect(foreign.errors![0].extensions!.field).toBe('subGoalIds');
    expect(await linked()).toEqual([a, b]);

    const stale = await t.gql(LINKS, { input: { id: bostotte.id, expectedVersion: bostotte.version, subGoalIds: [] } }, tokens.bent);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions!.current).toMatchObject({ version: set.data!.updateIntervention.version, subGoalIds: [a, b] });
    expect(await linked()).toEqual([a, b]);

    // The coordinator from the jobcenter reads them, but the intervention is Social's to change.
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(await t.gql(LINKS, { input: { id: bostotte.id, expectedVersion: set.data!.updateIntervention.version, subGoalIds: [] } }, tokens.anna)));
  });
});

describe('two changes of one intervention in one request', () => {
  it('the second starts from what the first wrote: nothing of the first is written back', async () => {
    const b = await interventionOf(t, 'Per', 'Bostøtte');
    const res = await t.gql<{ a: { version: number }; b: { version: number; provider: string; hoursPerWeek: number } }>(
      `mutation($a: UpdateSocialInterventionInput!, $b: UpdateSocialInterventionInput!) {
        a: updateSocialIntervention(input: $a) { version }
        b: updateSocialIntervention(input: $b) { version provider hoursPerWeek }
      }`,
      { a: { id: b.id, expectedVersion: b.version, provider: 'Bostøtteteamet, Ringe Øst' }, b: { id: b.id, expectedVersion: b.version + 1, hoursPerWeek: 4 } },
      tokens.bent,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.b).toEqual({ version: b.version + 2, provider: 'Bostøtteteamet, Ringe Øst', hoursPerWeek: 4 });
    const [row] = await t.db.dataSource.query(`SELECT details FROM intervention WHERE id = $1`, [b.id]);
    expect(row.details).toMatchObject({ provider: 'Bostøtteteamet, Ringe Øst', hoursPerWeek: 4 });
  });
});

describe('a begun intervention is ended, not annulled (nothing lost)', () => {
  it('Annulleret is refused once it has begun, and the indsatsgaranti stays met; Afsluttet with its end date is the way; one never begun is corrected to Planlagt first', async () => {
    const training = await interventionOf(t, 'Bo', 'Træning hos fysioterapeut');
    const bo = await planIdOf(t, 'Bo');
    const [{ programme_id: programmeId }] = await t.db.dataSource.query(`SELECT programme_id FROM plan WHERE id = $1`, [bo]);
    const WARNINGS = `query($id: ID!) { programme(id: $id) { warnings { rule } } }`;
    const guarantee = async () => (await t.gql<{ programme: { warnings: Array<{ rule: string }> } }>(WARNINGS, { id: programmeId }, tokens.anna)).data!.programme.warnings
      .filter((w) => w.rule === 'INTERVENTION_GUARANTEE').length;
    // The physiotherapy, begun on the programme's first day, is what meets Bo's indsatsgaranti.
    expect(await guarantee()).toBe(0);

    const annulled = await t.gql(UPDATE, { input: { id: training.id, expectedVersion: training.version, status: 'CANCELLED' } }, tokens.carla);
    expect(annulled.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'INTERVENTION_BEGUN' });
    expect(annulled.errors?.[0].message).toBe('Indsatsen er påbegyndt og kan ikke annulleres: sæt status til Afsluttet med slutdatoen, så planen viser, at den fandt sted. Blev den aldrig påbegyndt, så ret først status til Planlagt.');
    const [row] = await t.db.dataSource.query(`SELECT status, version FROM intervention WHERE id = $1`, [training.id]);
    expect(row).toEqual({ status: 'ACTIVE', version: training.version });
    // Begun on its start day, it still meets the indsatsgaranti: no "påbegyndte ikke" for the coordinator.
    expect(await guarantee()).toBe(0);
    // A stale version is a conflict first, whatever the change.
    expect(codeOf(await t.gql(UPDATE, { input: { id: training.id, expectedVersion: training.version - 1 || 99, status: 'CANCELLED' } }, tokens.carla))).toBe('CONFLICT');

    const ended = await t.gql<{ updateIntervention: { status: string; version: number } }>(
      UPDATE, { input: { id: training.id, expectedVersion: training.version, status: 'COMPLETED', endDate: '2026-11-30' } }, tokens.carla);
    expect(ended.data?.updateIntervention).toMatchObject({ status: 'COMPLETED', version: training.version + 1 });
    expect(codeOf(await t.gql(UPDATE, { input: { id: training.id, expectedVersion: training.version + 1, status: 'CANCELLED' } }, tokens.carla))).toBe('RULE_VIOLATION');
    expect(await guarantee()).toBe(0);

    // Marked begun by mistake: said so first (Planlagt), then it can be annulled.
    const planned = await t.gql<{ updateIntervention: { version: number } }>(UPDATE, { input: { id: training.id, expectedVersion: training.version + 1, status: 'PLANNED' } }, tokens.carla);
    expect(planned.errors).toBeUndefined();
    const cancelled = await t.gql<{ updateIntervention: { status: string } }>(UPDATE,
      { input: { id: training.id, expectedVersion: training.version + 2, status: 'CANCELLED', endReason: 'Registreret ved en fejl' } }, tokens.carla);
    expect(cancelled.data?.updateIntervention.status).toBe('CANCELLED');
  });
});
