import { addDays, formatDanishDate, todayInDenmark } from '@samplan/schema';
import { codeOf, count, interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * An intervention marked "Afsluttet" has the day it ended, and that day has come: every unit's
 * create and update, and the common update, refuse one without an end date or with a day ahead
 * at the field Slutdato, whatever client sends it.
 */
jest.setTimeout(30_000);
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['bent', 'carla', 'dorte']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const today = () => todayInDenmark();
const NO_END = 'Angiv slutdatoen: den dag, indsatsen sluttede.';
const endAhead = (day: string) =>
  `Slutdatoen for en afsluttet indsats er i dag eller en dag, der er gået. Skal indsatsen først slutte ${formatDanishDate(day)}, så behold dens nuværende status, og sæt den til Afsluttet den dag.`;

// Kim's team has all three units: each creates its own kind there.
const UNITS = [
  { user: 'dorte', mutation: 'createJobcenterIntervention', input: 'CreateJobcenterInterventionInput', kind: 'COURSE', title: 'Truckkursus' },
  { user: 'bent', mutation: 'createSocialIntervention', input: 'CreateSocialInterventionInput', kind: 'DEBT_COUNSELLING', title: 'Gældsrådgivning' },
  { user: 'carla', mutation: 'createHealthIntervention', input: 'CreateHealthInterventionInput', kind: 'PSYCHOLOGIST', title: 'Samtaler hos psykolog' },
] as const;

describe('a new intervention marked Afsluttet', () => {
  it.each(UNITS)('$mutation: refused without an end date or with one ahead; with today or a day gone by it is stored', async (u) => {
    const planId = await planIdOf(t, 'Kim');
    const create = (patch: Record<string, unknown>) =>
      t.gql<Record<string, { id: string; status: string; endDate: string | null }>>(
        `mutation($input: ${u.input}!) { ${u.mutation}(input: $input) { id status endDate } }`,
        { input: { planId, kind: u.kind, title: u.title, status: 'COMPLETED', startDate: addDays(today(), -60), ...patch } }, tokens[u.user]);
    const stored = () => count(t, `SELECT 1 FROM intervention WHERE plan_id = $1 AND title = $2`, [planId, u.title]);

    const noEnd = await create({});
    expect(codeOf(noEnd)).toBe('BAD_USER_INPUT');
    expect(noEnd.errors?.[0]).toMatchObject({ message: NO_END, extensions: { field: 'endDate' } });
    const tomorrow = addDays(today(), 1);
    const ahead = await create({ endDate: tomorrow });
    expect(ahead.errors?.[0]).toMatchObject({ message: endAhead(tomorrow), extensions: { code: 'BAD_USER_INPUT', field: 'endDate' } });
    expect(await stored()).toBe(0);

    const endedToday = await create({ endDate: today() });
    expect(endedToday.errors).toBeUndefined();
    expect(endedToday.data?.[u.mutation]).toMatchObject({ status: 'COMPLETED', endDate: today() });
    const endedBefore = await create({ endDate: addDays(today(), -3) });
    expect(endedBefore.errors).toBeUndefined();
    expect(await stored()).toBe(2);
  });

  it('any other status may have no end date, or one ahead', async () => {
    const planId = await planIdOf(t, 'Kim');
    for (const status of ['PLANNED', 'ACTIVE', 'PAUSED', 'CANCELLED']) {
      const res = await t.gql(`mutation($input: CreateSocialInterventionInput!) { createSocialIntervention(input: $input) { id } }`,
        // Annulleret says why (intervention.service.ts); its end date is another matter.
        { input: { planId, kind: 'DEBT_COUNSELLING', title: `Rådgivning ${status}`, status, endDate: status === 'PLANNED' ? null : addDays(today(), 30),
          ...(status === 'CANCELLED' ? { endReason: 'Borgeren takkede nej' } : {}) } }, tokens.bent);
      expect(res.errors).toBeUndefined();
    }
  });
});

describe('an intervention set to Afsluttet, or an ended one’s end date changed', () => {
  const COMMON = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version status endDate } }`;
  const UPDATES = {
    common: COMMON,
    jobcenter: `mutation($input: UpdateJobcenterInterventionInput!) { updateJobcenterIntervention(input: $input) { version status endDate } }`,
    social: `mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { version status endDate } }`,
    health: `mutation($input: UpdateHealthInterventionInput!) { updateHealthIntervention(input: $input) { version status endDate } }`,
  };
  const rowOf = async (id: string) =>
    (await t.db.dataSource.query(`SELECT status, end_date AS "endDate", version FROM intervention WHERE id = $1`, [id]))[0] as { status: string; endDate: string | null; version: number };
  const eventsOf = (id: string) => count(t, `SELECT 1 FROM plan_event WHERE entity_id = $1`, [id]);
  const allowedOf = (id: string) => count(t, `SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'UPDATE_INTERVENTION' AND outcome = 'ALLOWED'`, [id]);

  /** A fresh intervention of the unit in Kim's plan, with these dates and status. */
  async function fresh(unit: (typeof UNITS)[number], title: string, fields: Record<string, unknown>): Promise<{ id: string; version: number }> {
    const res = await t.gql<Record<string, { id: string }>>(`mutation($input: ${unit.input}!) { ${unit.mutation}(input: $input) { id } }`,
      { input: { planId: await planIdOf(t, 'Kim'), kind: unit.kind, title, ...fields } }, tokens[unit.user]);
    expect(res.errors).toBeUndefined();
    return interventionOf(t, 'Kim', title);
  }

  it.each([
    ['jobcenter', UNITS[0]],
    ['social', UNITS[1]],
    ['health', UNITS[2]],
  ] as const)('%s: refused with no end date or a planned end still ahead, in its own and the common update; nothing is written, no event', async (name, unit) => {
    const update = (query: string, input: Record<string, unknown>) => t.gql<Record<string, { version: number; status: string; endDate: string | null }>>(query, { input }, tokens[unit.user]);
    const open = await fresh(unit, `${unit.title} uden slut`, { status: 'ACTIVE', startDate: addDays(today(), -30) });
    const planned = addDays(today(), 14);
    const running = await fresh(unit, `${unit.title} til ${planned}`, { status: 'ACTIVE', startDate: addDays(today(), -30), endDate: planned });

    for (const query of [UPDATES[name], COMMON]) {
      const noEnd = await update(query, { id: open.id, expectedVersion: open.version, status: 'COMPLETED' });
      expect(noEnd.errors?.[0]).toMatchObject({ message: NO_END, extensions: { code: 'BAD_USER_INPUT', field: 'endDate' } });
      const stillAhead = await update(query, { id: running.id, expectedVersion: running.version, status: 'COMPLETED' });
      expect(stillAhead.errors?.[0]).toMatchObject({ message: endAhead(planned), extensions: { code: 'BAD_USER_INPUT', field: 'endDate' } });
      const sentAhead = await update(query, { id: open.id, expectedVersion: open.version, status: 'COMPLETED', endDate: planned });
      expect(sentAhead.errors?.[0]).toMatchObject({ message: endAhead(planned), extensions: { field: 'endDate' } });
    }
    expect(await rowOf(open.id)).toEqual({ status: 'ACTIVE', endDate: null, version: open.version });
    expect(await rowOf(running.id)).toEqual({ status: 'ACTIVE', endDate: planned, version: running.version });
    expect(await eventsOf(open.id)).toBe(1); // its creation only
    expect(await allowedOf(open.id)).toBe(0);

    // Ended with the day it ended: stored, and the event tells the status and the end date.
    const ended = await update(UPDATES[name], { id: running.id, expectedVersion: running.version, status: 'COMPLETED', endDate: today() });
    expect(ended.errors).toBeUndefined();
    expect(await rowOf(running.id)).toEqual({ status: 'COMPLETED', endDate: today(), version: running.version + 1 });
    const [event] = await t.db.dataSource.query(`SELECT kind, payload FROM plan_event WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [running.id]);
    expect(event.kind).toBe('INTERVENTION_STATUS_CHANGED');
    expect(event.payload.entity).toMatchObject({ status: 'COMPLETED', endDate: today() });
  });

  it('an ended one keeps its end date: taking it away or moving it ahead is refused; a day gone by is fine', async () => {
    const unit = UNITS[1];
    const done = await fresh(unit, 'Afsluttet rådgivning', { status: 'COMPLETED', startDate: addDays(today(), -90), endDate: addDays(today(), -10) });
    const update = (input: Record<string, unknown>) => t.gql<{ updateIntervention: { version: number; endDate: string } }>(COMMON, { input: { id: done.id, expectedVersion: done.version, ...input } }, tokens.bent);
    expect((await update({ endDate: null })).errors?.[0]).toMatchObject({ message: NO_END, extensions: { field: 'endDate' } });
    expect((await update({ endDate: addDays(today(), 2) })).errors?.[0]).toMatchObject({ message: endAhead(addDays(today(), 2)), extensions: { field: 'endDate' } });
    expect(await rowOf(done.id)).toEqual({ status: 'COMPLETED', endDate: addDays(today(), -10), version: done.version });
    const corrected = await update({ endDate: addDays(today(), -12) });
    expect(corrected.errors).toBeUndefined();
    // Set back from Afsluttet, it may be without an end again.
    const reopened = await t.gql(COMMON, { input: { id: done.id, expectedVersion: done.version + 1, status: 'ACTIVE', endDate: null } }, tokens.bent);
    expect(reopened.errors).toBeUndefined();
  });

  it('one stored ended without an end date before the rule keeps its notes and title editable; its status or end date are set by the rule', async () => {
    const unit = UNITS[2];
    const old = await fresh(unit, 'Gammel afsluttet træning', { status: 'ACTIVE', startDate: addDays(today(), -200) });
    await t.db.dataSource.query(`UPDATE intervention SET status = 'COMPLETED', end_date = NULL WHERE id = $1`, [old.id]);
    const notes = await t.gql(COMMON, { input: { id: old.id, expectedVersion: old.version, notes: 'Sluttede før sommerferien' } }, tokens.carla);
    expect(notes.errors).toBeUndefined();
    const stillNone = await t.gql(COMMON, { input: { id: old.id, expectedVersion: old.version + 1, status: 'COMPLETED' } }, tokens.carla);
    expect(stillNone.errors?.[0]).toMatchObject({ message: NO_END, extensions: { field: 'endDate' } });
    const dated = await t.gql(COMMON, { input: { id: old.id, expectedVersion: old.version + 1, endDate: addDays(today(), -150) } }, tokens.carla);
    expect(dated.errors).toBeUndefined();
    expect(await rowOf(old.id)).toEqual({ status: 'COMPLETED', endDate: addDays(today(), -150), version: old.version + 2 });
  });
});

describe('the steps of an intervention that is Afsluttet or Annulleret', () => {
  const CREATE_ACT = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id version } }`;
  const UPDATE_ACT = `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { status dueAt notes version } }`;
  const ENDED = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version status } }`;
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  const activityRow = async (id: string) =>
    (await t.db.dataSource.query(`SELECT status, due_at AS "dueAt", version FROM activity WHERE id = $1`, [id]))[0] as { status: string; dueAt: Date; version: number };

  /** A fresh social intervention in Kim's plan with one planned step, then given the status. */
  async function withStep(title: string, fields: Record<string, unknown>, status: Record<string, unknown>) {
    const res = await t.gql(`mutation($input: CreateSocialInterventionInput!) { createSocialIntervention(input: $input) { id } }`,
      { input: { planId: await planIdOf(t, 'Kim'), kind: 'DEBT_COUNSELLING', title, ...fields } }, tokens.bent);
    expect(res.errors).toBeUndefined();
    const ivn = await interventionOf(t, 'Kim', title);
    const step = await t.gql<{ createActivity: { id: string; version: number } }>(CREATE_ACT,
      { input: { interventionId: ivn.id, title: `${title}: møde`, dueAt: inDays(10), assignee: 'Bent Sørensen' } }, tokens.bent);
    expect(step.errors).toBeUndefined();
    const ended = await t.gql(ENDED, { input: { id: ivn.id, expectedVersion: ivn.version, ...status } }, tokens.bent);
    expect(ended.errors).toBeUndefined();
    return { ivn, step: step.data!.createActivity };
  }

  it.each([
    ['Afsluttet', { status: 'ACTIVE', startDate: addDays(today(), -30) }, { status: 'COMPLETED', endDate: today() },
      'Indsatsen er afsluttet, så der kan ikke tilføjes aktiviteter til den. Fortsætter indsatsen, så ret først dens status.',
      'Indsatsen er afsluttet, så aktiviteten kan ikke flyttes til et nyt tidspunkt. Markér den som udført eller aflyst.',
      'Indsatsen er afsluttet, så aktiviteten kan ikke planlægges igen. Fortsætter indsatsen, så ret først dens status.'],
    ['Annulleret', { status: 'PLANNED' }, { status: 'CANCELLED', endReason: 'Borgeren flyttede' },
      'Indsatsen er annulleret, så der kan ikke tilføjes aktiviteter til den.',
      'Indsatsen er annulleret, så aktiviteten kan ikke flyttes til et nyt tidspunkt. Markér den som aflyst.',
      'Indsatsen er annulleret, så aktiviteten kan ikke planlægges igen.'],
  ] as const)('%s: no new step and no new time for a planned one; it is closed to tidy up, its notes corrected, and nothing is lost', async (word, fields, status, notAdded, notMoved, notReopened) => {
    const { ivn, step } = await withStep(`Rådgivning ${word}`, fields, status);
    const steps = () => count(t, `SELECT 1 FROM activity WHERE intervention_id = $1`, [ivn.id]);

    const added = await t.gql(CREATE_ACT, { input: { interventionId: ivn.id, title: 'Et møde mere', dueAt: inDays(20), assignee: '' } }, tokens.bent);
    expect(added.errors?.[0]).toMatchObject({ message: notAdded, extensions: { code: 'RULE_VIOLATION', rule: 'INTERVENTION_ENDED' } });
    expect(await steps()).toBe(1);

    const planned = await activityRow(step.id);
    const moved = await t.gql(UPDATE_ACT, { input: { id: step.id, expectedVersion: step.version, dueAt: inDays(30) } }, tokens.bent);
    expect(moved.errors?.[0]).toMatchObject({ message: notMoved, extensions: { code: 'RULE_VIOLATION', rule: 'INTERVENTION_ENDED', field: 'dueAt' } });
    expect(await activityRow(step.id)).toEqual(planned);

    // Its notes are the record's: corrected as before. The same time again is no move.
    const noted = await t.gql(UPDATE_ACT, { input: { id: step.id, expectedVersion: step.version, notes: 'Borgeren meldte afbud', dueAt: planned.dueAt.toISOString() } }, tokens.bent);
    expect(noted.errors).toBeUndefined();
    // Closed as aflyst: its time may be corrected with it, as the record of what was planned.
    const closed = await t.gql<{ updateActivity: { status: string; version: number } }>(UPDATE_ACT,
      { input: { id: step.id, expectedVersion: step.version + 1, status: 'CANCELLED', dueAt: inDays(9) } }, tokens.bent);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.updateActivity).toMatchObject({ status: 'CANCELLED', version: step.version + 2 });
    // Set back to planned, at its own time or a new one, it would be a new step after all.
    const closedRow = await activityRow(step.id);
    for (const dueAt of [closedRow.dueAt.toISOString(), inDays(40)]) {
      const reopened = await t.gql(UPDATE_ACT, { input: { id: step.id, expectedVersion: step.version + 2, status: 'PLANNED', dueAt } }, tokens.bent);
      expect(reopened.errors?.[0]).toMatchObject({ message: notReopened, extensions: { rule: 'INTERVENTION_ENDED', field: 'status' } });
    }
    expect(await activityRow(step.id)).toEqual(closedRow);
    expect(await steps()).toBe(1);
  });

  it('an intervention that goes on again takes new steps', async () => {
    const { ivn } = await withStep('Rådgivning genoptaget', { status: 'ACTIVE', startDate: addDays(today(), -30) }, { status: 'COMPLETED', endDate: today() });
    const back = await t.gql(ENDED, { input: { id: ivn.id, expectedVersion: ivn.version + 1, status: 'ACTIVE', endDate: null } }, tokens.bent);
    expect(back.errors).toBeUndefined();
    const added = await t.gql(CREATE_ACT, { input: { interventionId: ivn.id, title: 'Nyt møde', dueAt: inDays(20), assignee: '' } }, tokens.bent);
    expect(added.errors).toBeUndefined();
  });
});
