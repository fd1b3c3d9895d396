import { ordinaryHoursProblem } from '@samplan/schema';
import { codeOf, count, interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * Ordinære løntimer state their hours a week: the key figures add them up per person, and one
 * without them was counted as a person with 0 hours, pulling the hours per person down.
 */
let t: TestServer;
let dorte: string;
beforeAll(async () => {
  t = await startTestServer();
  dorte = await t.login('dorte');
});
afterAll(() => t.stop());

const CREATE = `mutation($input: CreateJobcenterInterventionInput!) { createJobcenterIntervention(input: $input) { id version status hoursPerWeek } }`;
const UPDATE = `mutation($input: UpdateJobcenterInterventionInput!) { updateJobcenterIntervention(input: $input) { version status hoursPerWeek title } }`;
const MESSAGE = ordinaryHoursProblem('ORDINARY_HOURS', null);

describe('ordinary hours are created with their hours a week', () => {
  it.each([
    ['no hours, planned', { status: 'PLANNED' }],
    ['no hours, active', { status: 'ACTIVE', startDate: '2026-01-05' }],
    ['0 hours', { status: 'ACTIVE', startDate: '2026-01-05', hoursPerWeek: 0 }],
  ])('%s: refused at Timer om ugen, in the form\'s words, and nothing stored', async (_label, patch) => {
    const planId = await planIdOf(t, 'Bo');
    const before = await count(t, `SELECT 1 FROM intervention WHERE plan_id = $1`, [planId]);
    const res = await t.gql(CREATE, { input: { planId, kind: 'ORDINARY_HOURS', title: 'Løntimer i kiosken', companyName: 'Kiosken', ...patch } }, dorte);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions?.field).toBe('hoursPerWeek');
    expect(res.errors![0].message).toBe(MESSAGE);
    expect(await count(t, `SELECT 1 FROM intervention WHERE plan_id = $1`, [planId])).toBe(before);
  });

  it('with hours it is stored; other kinds need none', async () => {
    const planId = await planIdOf(t, 'Bo');
    const hours = await t.gql(CREATE, { input: { planId, kind: 'ORDINARY_HOURS', title: 'Løntimer i kiosken', status: 'ACTIVE', startDate: '2026-01-05', hoursPerWeek: 4 } }, dorte);
    expect(hours.errors).toBeUndefined();
    expect(hours.data).toMatchObject({ createJobcenterIntervention: { status: 'ACTIVE', hoursPerWeek: 4 } });
    const course = await t.gql(CREATE, { input: { planId, kind: 'COURSE', title: 'Truckkursus', status: 'ACTIVE', startDate: '2026-01-05' } }, dorte);
    expect(course.errors).toBeUndefined();
  });
});

describe('set to Aktiv, or its hours changed, ordinary hours have their hours', () => {
  /** Bo's ordinary hours at the warehouse as stored before the rule: planned, with no hours. */
  async function storedWithoutHours(): Promise<{ id: string; version: number }> {
    const iv = await interventionOf(t, 'Bo', 'Ordinære løntimer på lager');
    await t.db.dataSource.query(`UPDATE intervention SET status = 'PLANNED', details = details - 'hoursPerWeek' WHERE id = $1`, [iv.id]);
    return iv;
  }

  it('one stored without hours keeps its other fields editable, and is set to Aktiv only with its hours', async () => {
    const iv = await storedWithoutHours();
    const renamed = await t.gql<{ updateJobcenterIntervention: { version: number } }>(UPDATE, { input: { id: iv.id, expectedVersion: iv.version, title: 'Løntimer på lageret' } }, dorte);
    expect(renamed.errors).toBeUndefined();
    const version = renamed.data!.updateJobcenterIntervention.version;

    const active = await t.gql(UPDATE, { input: { id: iv.id, expectedVersion: version, status: 'ACTIVE', startDate: '2026-01-05' } }, dorte);
    expect(codeOf(active)).toBe('BAD_USER_INPUT');
    expect(active.errors![0].extensions).toMatchObject({ field: 'hoursPerWeek' });
    expect(active.errors![0].message).toBe(MESSAGE);
    // Refused within the write: nothing changed, the version included.
    const [row] = await t.db.dataSource.query(`SELECT status, version FROM intervention WHERE id = $1`, [iv.id]);
    expect(row).toEqual({ status: 'PLANNED', version });

    const withHours = await t.gql(UPDATE, { input: { id: iv.id, expectedVersion: version, status: 'ACTIVE', startDate: '2026-01-05', hoursPerWeek: 6 } }, dorte);
    expect(withHours.errors).toBeUndefined();
    expect(withHours.data).toMatchObject({ updateJobcenterIntervention: { status: 'ACTIVE', hoursPerWeek: 6 } });
  });

  it('its hours are not cleared or set to 0', async () => {
    const iv = await interventionOf(t, 'Bo', 'Løntimer på lageret');
    for (const hoursPerWeek of [null, 0]) {
      const res = await t.gql(UPDATE, { input: { id: iv.id, expectedVersion: iv.version, hoursPerWeek } }, dorte);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions).toMatchObject({ field: 'hoursPerWeek' });
    }
    const [row] = await t.db.dataSource.query(`SELECT details->'hoursPerWeek' AS hours FROM intervention WHERE id = $1`, [iv.id]);
    expect(row.hours).toBe(6);
  });
});
