import { addDays, todayInDenmark } from '@samplan/schema';
import { count, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { InterventionPauseAndEndReason1700000000057 } from '../../core/db/migrations/1700000000057-intervention-pause-and-end-reason';

/**
 * What an intervention keeps of its ending and of its pause: the reason it was set to Afsluttet
 * or Annulleret (asked for Annulleret, at the field Begrundelse), and the day it was set to Sat på
 * pause, which the key figures' ordinary hours end on (modules/figures).
 */
jest.setTimeout(30_000);
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const today = () => todayInDenmark();
const FIELDS = 'id version status endDate endReason pausedOn';
const UPDATE = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { ${FIELDS} } }`;
const CREATE_SOCIAL = `mutation($input: CreateSocialInterventionInput!) { createSocialIntervention(input: $input) { ${FIELDS} } }`;
interface Shown { id: string; version: number; status: string; endDate: string | null; endReason: string | null; pausedOn: string | null }

const WHY_ANNULLED = 'Skriv, hvorfor indsatsen annulleres.';
const NOT_ENDED = 'En begrundelse gives, når indsatsen afsluttes eller annulleres. Vælg status Afsluttet eller Annulleret, eller slet begrundelsen.';
const TOO_LONG = 'Begrundelsen må højst være 500 tegn (du har skrevet 501).';

/** A new social intervention in Kim's plan (Kim's team has all three units), by Bent of social services. */
async function created(title: string, fields: Record<string, unknown>): Promise<Shown> {
  const res = await t.gql<{ createSocialIntervention: Shown }>(CREATE_SOCIAL, { input: { planId: await planIdOf(t, 'Kim'), kind: 'DEBT_COUNSELLING', title, ...fields } }, tokens.bent);
  expect(res.errors).toBeUndefined();
  return res.data!.createSocialIntervention;
}

const update = (input: Record<string, unknown>, who = 'bent') => t.gql<{ updateIntervention: Shown }>(UPDATE, { input }, tokens[who]);

const rowOf = async (id: string) =>
  (await t.db.dataSource.query(`SELECT status, end_reason AS "endReason", paused_on AS "pausedOn", version FROM intervention WHERE id = $1`, [id]))[0] as
    { status: string; endReason: string | null; pausedOn: string | null; version: number };

const lastEvent = async (id: string) =>
  (await t.db.dataSource.query(`SELECT kind, summary, payload FROM plan_event WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [id]))[0] as
    { kind: string; summary: string; payload: { entity: Record<string, unknown>; changes?: Array<{ field: string; before: unknown; after: unknown }> } };

describe('the reason an intervention is ended or annulled (Begrundelse)', () => {
  it('Annulleret asks why: refused without one, at the field, and nothing is written; given, it is stored trimmed, in the event, the history and the access log', async () => {
    const iv = await created('Gældsrådgivning, annulleres', { status: 'PLANNED' });
    for (const endReason of [undefined, null, '   ']) {
      const res = await update({ id: iv.id, expectedVersion: iv.version, status: 'CANCELLED', ...(endReason === undefined ? {} : { endReason }) });
      expect(res.errors?.[0]).toMatchObject({ message: WHY_ANNULLED, extensions: { code: 'BAD_USER_INPUT', field: 'endReason' } });
    }
    const tooLong = await update({ id: iv.id, expectedVersion: iv.version, status: 'CANCELLED', endReason: 'x'.repeat(501) });
    expect(tooLong.errors?.[0]).toMatchObject({ message: TOO_LONG, extensions: { code: 'BAD_USER_INPUT', field: 'endReason' } });
    expect(await rowOf(iv.id)).toEqual({ status: 'PLANNED', endReason: null, pausedOn: null, version: iv.version });
    expect(await count(t, `SELECT 1 FROM plan_event WHERE entity_id = $1`, [iv.id])).toBe(1); // its creation only
    expect(await count(t, `SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'UPDATE_INTERVENTION' AND outcome = 'ALLOWED'`, [iv.id])).toBe(0);

    const annulled = await update({ id: iv.id, expectedVersion: iv.version, status: 'CANCELLED', endReason: '  Kim har fået hjælp af sin bank  ' });
    expect(annulled.errors).toBeUndefined();
    expect(annulled.data!.updateIntervention).toMatchObject({ status: 'CANCELLED', endReason: 'Kim har fået hjælp af sin bank', version: iv.version + 1 });
    expect(await rowOf(iv.id)).toMatchObject({ status: 'CANCELLED', endReason: 'Kim har fået hjælp af sin bank' });

    // The event tells it as a change of the intervention, as every other field's; the summary names the status only.
    const event = await lastEvent(iv.id);
    expect(event.kind).toBe('INTERVENTION_STATUS_CHANGED');
    expect(event.summary).toBe('Bent Sørensen (Socialforvaltningen) ændrede status på Gældsrådgivning, annulleres til Annulleret');
    expect(event.payload.entity).toMatchObject({ status: 'CANCELLED', endReason: 'Kim har fået hjælp af sin bank' });
    expect(event.payload.changes).toEqual(expect.arrayContaining([{ field: 'endReason', before: null, after: 'Kim har fået hjælp af sin bank' }]));
    expect(await count(t, `SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'UPDATE_INTERVENTION' AND outcome = 'ALLOWED'`, [iv.id])).toBe(1);

    // The coordinator reads it in the intervention's history, with its Danish label.
    const history = await t.gql<{ planHistory: { items: Array<{ kind: string; changes: Array<{ field: string; label: string; before: string | null; after: string | null }> }> } }>(
      `query($planId: ID!, $recordId: ID) { planHistory(planId: $planId, recordId: $recordId) { items { kind changes { field label before after } } } }`,
      { planId: await planIdOf(t, 'Kim'), recordId: iv.id }, tokens.anna);
    expect(history.errors).toBeUndefined();
    expect(history.data!.planHistory.items[0].changes).toEqual(expect.arrayContaining([
      { field: 'status', label: 'Status', before: 'Planlagt', after: 'Annulleret' },
      { field: 'endReason', label: 'Begrundelse', before: null, after: 'Kim har fået hjælp af sin bank' },
    ]));
    const read = await t.gql<{ intervention: { endReason: string } }>(`query($id: ID!) { intervention(id: $id) { endReason } }`, { id: iv.id }, tokens.anna);
    expect(read.data?.intervention.endReason).toBe('Kim har fået hjælp af sin bank');
  });

  it('created Annulleret says why too', async () => {
    const planId = await planIdOf(t, 'Kim');
    const none = await t.gql(CREATE_SOCIAL, { input: { planId, kind: 'DEBT_COUNSELLING', title: 'Registreret annulleret', status: 'CANCELLED' } }, tokens.bent);
    expect(none.errors?.[0]).toMatchObject({ message: WHY_ANNULLED, extensions: { code: 'BAD_USER_INPUT', field: 'endReason' } });
    expect(await count(t, `SELECT 1 FROM intervention WHERE title = 'Registreret annulleret'`)).toBe(0);
    const given = await created('Registreret annulleret', { status: 'CANCELLED', endReason: 'Tilbuddet blev lukket' });
    expect(given).toMatchObject({ status: 'CANCELLED', endReason: 'Tilbuddet blev lukket' });
    // 500 characters once trimmed, as it is stored, is not too long.
    const longest = await created('Registreret annulleret, langt', { status: 'CANCELLED', endReason: ` ${'y'.repeat(500)}  ` });
    expect(longest.endReason).toBe('y'.repeat(500));
  });

  it('Afsluttet may say why or not; the reason is corrected on its own; an annulled one cannot lose its reason', async () => {
    const iv = await created('Gældsrådgivning, afsluttes', { status: 'ACTIVE', startDate: addDays(today(), -30) });
    const ended = await update({ id: iv.id, expectedVersion: iv.version, status: 'COMPLETED', endDate: today() });
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.updateIntervention).toMatchObject({ status: 'COMPLETED', endReason: null });

    const said = await update({ id: iv.id, expectedVersion: iv.version + 1, endReason: 'Gælden er afviklet' });
    expect(said.errors).toBeUndefined();
    expect(said.data!.updateIntervention).toMatchObject({ status: 'COMPLETED', endReason: 'Gælden er afviklet' });
    const event = await lastEvent(iv.id);
    expect(event.kind).toBe('INTERVENTION_UPDATED');
    expect(event.payload.changes).toEqual([{ field: 'endReason', before: null, after: 'Gælden er afviklet' }]);
    // The same words again are no change.
    expect((await update({ id: iv.id, expectedVersion: iv.version + 2, endReason: ' Gælden er afviklet ' })).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } });

    const annulled = await created('Gældsrådgivning, annulleret', { status: 'CANCELLED', endReason: 'Kim sagde nej tak' });
    for (const endReason of [null, '']) {
      const res = await update({ id: annulled.id, expectedVersion: annulled.version, endReason });
      expect(res.errors?.[0]).toMatchObject({ message: WHY_ANNULLED, extensions: { field: 'endReason' } });
    }
    expect(await rowOf(annulled.id)).toMatchObject({ endReason: 'Kim sagde nej tak', version: annulled.version });
  });

  it('no reason without an ending; set going again, an intervention loses its reason; Annulleret corrected to Afsluttet keeps it', async () => {
    const planId = await planIdOf(t, 'Kim');
    const early = await t.gql(CREATE_SOCIAL, { input: { planId, kind: 'DEBT_COUNSELLING', title: 'For tidlig begrundelse', status: 'ACTIVE', endReason: 'Ingen' } }, tokens.bent);
    expect(early.errors?.[0]).toMatchObject({ message: NOT_ENDED, extensions: { code: 'BAD_USER_INPUT', field: 'endReason' } });

    const running = await created('Gældsrådgivning, kører', { status: 'ACTIVE', startDate: addDays(today(), -10) });
    for (const input of [{ endReason: 'Ingen' }, { status: 'PAUSED', endReason: 'Ingen' }]) {
      const res = await update({ id: running.id, expectedVersion: running.version, ...input });
      expect(res.errors?.[0]).toMatchObject({ message: NOT_ENDED, extensions: { code: 'BAD_USER_INPUT', field: 'endReason' } });
    }
    expect(await rowOf(running.id)).toMatchObject({ status: 'ACTIVE', endReason: null, version: running.version });

    const ended = await update({ id: running.id, expectedVersion: running.version, status: 'COMPLETED', endDate: today(), endReason: 'Målet er nået' });
    expect(ended.data?.updateIntervention.endReason).toBe('Målet er nået');
    const again = await update({ id: running.id, expectedVersion: running.version + 1, status: 'ACTIVE', endDate: null });
    expect(again.errors).toBeUndefined();
    expect(again.data!.updateIntervention).toMatchObject({ status: 'ACTIVE', endReason: null });
    expect(await rowOf(running.id)).toMatchObject({ status: 'ACTIVE', endReason: null });
    expect((await lastEvent(running.id)).payload.changes).toEqual(expect.arrayContaining([{ field: 'endReason', before: 'Målet er nået', after: null }]));

    const annulled = await created('Gældsrådgivning, ret status', { status: 'CANCELLED', endReason: 'Kim flyttede' });
    const corrected = await update({ id: annulled.id, expectedVersion: annulled.version, status: 'COMPLETED', endDate: today() });
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.updateIntervention).toMatchObject({ status: 'COMPLETED', endReason: 'Kim flyttede' });
    const planned = await update({ id: annulled.id, expectedVersion: annulled.version + 1, status: 'PLANNED', endDate: null });
    expect(planned.data!.updateIntervention).toMatchObject({ status: 'PLANNED', endReason: null });
  });

  it('one begun and annulled without a reason is first told it cannot be annulled', async () => {
    const begun = await created('Gældsrådgivning, påbegyndt', { status: 'ACTIVE', startDate: addDays(today(), -5) });
    const res = await update({ id: begun.id, expectedVersion: begun.version, status: 'CANCELLED' });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'INTERVENTION_BEGUN' });
    expect(await rowOf(begun.id)).toMatchObject({ status: 'ACTIVE', version: begun.version });
  });

  it('the database keeps a reason on an ended or annulled intervention only', async () => {
    const running = await created('Gældsrådgivning, databasen', { status: 'ACTIVE', startDate: addDays(today(), -5) });
    await expect(t.db.dataSource.query(`UPDATE intervention SET end_reason = 'Snydt' WHERE id = $1`, [running.id])).rejects.toThrow(/intervention_end_reason_check/);
  });

  it('another unit sees the reason of a social intervention only with the citizen’s consent, as its notes', async () => {
    const perPlan = await planIdOf(t, 'Per');
    const [bostotte] = await t.db.dataSource.query(`SELECT id, version FROM intervention WHERE plan_id = $1 AND title = 'Bostøtte'`, [perPlan]);
    const annulled = await update({ id: bostotte.id, expectedVersion: bostotte.version, status: 'CANCELLED', endReason: 'Per er indlagt' });
    expect(annulled.errors).toBeUndefined();
    const REASON = `query($id: ID!) { intervention(id: $id) { detailsWithheld endReason } }`;
    expect((await t.gql(REASON, { id: bostotte.id }, tokens.anna)).data?.intervention).toEqual({ detailsWithheld: false, endReason: 'Per er indlagt' });

    // Per withdraws the whole team's access to his social details.
    const entries: Array<{ id: string }> = await t.db.dataSource.query(
      `SELECT id FROM consent_entry WHERE citizen_id = (SELECT citizen_id FROM plan WHERE id = $1) AND scope = 'SOCIAL_DETAILS' AND recipient_kind = 'WHOLE_TEAM' AND withdrawn_at IS NULL`,
      [perPlan]);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const withdrawn = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`, { input: { id: entry.id } }, tokens.anna);
      expect(withdrawn.errors).toBeUndefined();
    }
    expect((await t.gql(REASON, { id: bostotte.id }, tokens.anna)).data?.intervention).toEqual({ detailsWithheld: true, endReason: null });
    expect((await t.gql(REASON, { id: bostotte.id }, tokens.bent)).data?.intervention).toEqual({ detailsWithheld: false, endReason: 'Per er indlagt' });
    const history = await t.gql<{ planHistory: { items: Array<{ changes: Array<{ field: string }> }> } }>(
      `query($planId: ID!, $recordId: ID) { planHistory(planId: $planId, recordId: $recordId) { items { changes { field } } } }`, { planId: perPlan, recordId: bostotte.id }, tokens.anna);
    expect(history.data!.planHistory.items[0].changes.map((c) => c.field)).toEqual(['status']);
  });
});

describe('the day an intervention was paused (Sat på pause den)', () => {
  it('set when it is paused, kept through its later changes, gone when it goes on; the database holds the two together', async () => {
    const iv = await created('Gældsrådgivning, pause', { status: 'ACTIVE', startDate: addDays(today(), -20) });
    expect(iv.pausedOn).toBeNull();
    const paused = await update({ id: iv.id, expectedVersion: iv.version, status: 'PAUSED' });
    expect(paused.data!.updateIntervention).toMatchObject({ status: 'PAUSED', pausedOn: today() });
    expect(await rowOf(iv.id)).toMatchObject({ pausedOn: today() });

    // Paused on an earlier day: a change of its title or notes, or its status sent again, moves nothing.
    const earlier = addDays(today(), -12);
    await t.db.dataSource.query(`UPDATE intervention SET paused_on = $2 WHERE id = $1`, [iv.id, earlier]);
    let version = iv.version + 1;
    for (const input of [{ title: 'Gældsrådgivning, holder pause' }, { notes: 'Kim er på ferie' }, { status: 'PAUSED', notes: 'Kim er stadig på ferie' }]) {
      const res = await update({ id: iv.id, expectedVersion: version, ...input });
      expect(res.errors).toBeUndefined();
      expect(res.data!.updateIntervention.pausedOn).toBe(earlier);
      version += 1;
    }
    expect(await rowOf(iv.id)).toMatchObject({ status: 'PAUSED', pausedOn: earlier });

    const going = await update({ id: iv.id, expectedVersion: version, status: 'ACTIVE' });
    expect(going.data!.updateIntervention).toMatchObject({ status: 'ACTIVE', pausedOn: null });
    const pausedAgain = await update({ id: iv.id, expectedVersion: version + 1, status: 'PAUSED' });
    expect(pausedAgain.data!.updateIntervention.pausedOn).toBe(today());
    expect(await created('Gældsrådgivning, oprettet på pause', { status: 'PAUSED', startDate: addDays(today(), -3) })).toMatchObject({ pausedOn: today() });

    await expect(t.db.dataSource.query(`UPDATE intervention SET paused_on = NULL WHERE id = $1`, [iv.id])).rejects.toThrow(/intervention_paused_on_check/);
    await expect(t.db.dataSource.query(`UPDATE intervention SET status = 'ACTIVE' WHERE id = $1`, [iv.id])).rejects.toThrow(/intervention_paused_on_check/);
  });

  it('every pause is kept as a period: opened and closed by the status change that says so, in its transaction, and by whom', async () => {
    const iv = await created('Gældsrådgivning, flere pauser', { status: 'ACTIVE', startDate: addDays(today(), -20) });
    const PAUSES = `query($id: ID!) { intervention(id: $id) { status pausedOn pauses { from to } } }`;
    const read = async () => (await t.gql<{ intervention: unknown }>(PAUSES, { id: iv.id }, tokens.anna)).data?.intervention;
    /** The periods as stored, with who paused and resumed, and whether each was written by the transaction of the intervention's last change (its row's xmin). */
    const stored = async () => t.db.dataSource.query(
      `SELECT ip.paused_on AS "from", ip.resumed_on AS "to", pu.username AS "pausedBy", ru.username AS "resumedBy",
              ip.xmin::text = i.xmin::text AS "withLastChange"
         FROM intervention_pause ip JOIN intervention i ON i.id = ip.intervention_id LEFT JOIN app_user pu ON pu.id = ip.paused_by LEFT JOIN app_user ru ON ru.id = ip.resumed_by
        WHERE ip.intervention_id = $1 ORDER BY ip.paused_on, ip.resumed_on NULLS LAST`, [iv.id]);
    expect(await read()).toEqual({ status: 'ACTIVE', pausedOn: null, pauses: [] });

    expect((await update({ id: iv.id, expectedVersion: iv.version, status: 'PAUSED' })).errors).toBeUndefined();
    expect(await read()).toEqual({ status: 'PAUSED', pausedOn: today(), pauses: [{ from: today(), to: null }] });
    expect(await stored()).toEqual([{ from: today(), to: null, pausedBy: 'bent', resumedBy: null, withLastChange: true }]);

    // A change refused (a begun intervention is not annulled) leaves the pause open; a change of its notes moves nothing.
    const refused = await update({ id: iv.id, expectedVersion: iv.version + 1, status: 'CANCELLED', endReason: 'Fejl' });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'INTERVENTION_BEGUN' });
    expect((await update({ id: iv.id, expectedVersion: iv.version + 1, notes: 'Kim er syg' })).errors).toBeUndefined();
    expect(await stored()).toEqual([{ from: today(), to: null, pausedBy: 'bent', resumedBy: null, withLastChange: false }]);

    expect((await update({ id: iv.id, expectedVersion: iv.version + 2, status: 'ACTIVE' })).errors).toBeUndefined();
    expect(await read()).toEqual({ status: 'ACTIVE', pausedOn: null, pauses: [{ from: today(), to: today() }] });
    expect(await stored()).toEqual([{ from: today(), to: today(), pausedBy: 'bent', resumedBy: 'bent', withLastChange: true }]);

    // Paused again, then ended: two periods, the second closed by the ending.
    expect((await update({ id: iv.id, expectedVersion: iv.version + 3, status: 'PAUSED' })).errors).toBeUndefined();
    expect((await read() as { pauses: unknown[] }).pauses).toEqual([{ from: today(), to: today() }, { from: today(), to: null }]);
    expect((await update({ id: iv.id, expectedVersion: iv.version + 4, status: 'COMPLETED', endDate: today() })).errors).toBeUndefined();
    expect(await read()).toEqual({ status: 'COMPLETED', pausedOn: null, pauses: [{ from: today(), to: today() }, { from: today(), to: today() }] });
    expect((await stored()).map((p: { withLastChange: boolean }) => p.withLastChange)).toEqual([false, true]);

    // Created Sat på pause: its pause begins with it.
    const createdPaused = await created('Gældsrådgivning, oprettet med pause', { status: 'PAUSED', startDate: addDays(today(), -3) });
    const first = await t.gql<{ intervention: unknown }>(PAUSES, { id: createdPaused.id }, tokens.anna);
    expect(first.data?.intervention).toEqual({ status: 'PAUSED', pausedOn: today(), pauses: [{ from: today(), to: null }] });
    // One current pause at a time, in the database too.
    await expect(t.db.dataSource.query(`INSERT INTO intervention_pause (municipality_id, intervention_id, paused_on) SELECT municipality_id, id, paused_on FROM intervention WHERE id = $1`,
      [createdPaused.id])).rejects.toThrow(/intervention_pause_open/);
  });

  // Last in the file: it takes the columns away and back under the running server.
  it('the migration gives the rows paused before it the day of the event that paused them, else the Danish day of their last change', async () => {
    const byEvent = await created('Gældsrådgivning, sat på pause før', { status: 'ACTIVE', startDate: addDays(today(), -20) });
    expect((await update({ id: byEvent.id, expectedVersion: byEvent.version, status: 'PAUSED' })).errors).toBeUndefined();
    expect((await update({ id: byEvent.id, expectedVersion: byEvent.version + 1, notes: 'Rettet siden' })).errors).toBeUndefined();
    const noEvent = await created('Gældsrådgivning, sat på pause udenom', { status: 'ACTIVE', startDate: addDays(today(), -20) });
    const ended = await created('Gældsrådgivning, annulleret før', { status: 'CANCELLED', endReason: 'Findes ikke før migrationen' });

    const migration = new InterventionPauseAndEndReason1700000000057();
    const runner = t.db.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      // As the rows stood before: the first edited later (its last change on another day than its pause);
      // the second paused without an event, late on 3 February 2024 in UTC, the 4th in Denmark.
      await runner.query(`UPDATE intervention SET updated_at = '2024-01-05 10:00+01' WHERE id = $1`, [byEvent.id]);
      await runner.query(`UPDATE intervention SET status = 'PAUSED', updated_at = '2024-02-03 23:30+00' WHERE id = $1`, [noEvent.id]);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await rowOf(byEvent.id)).toMatchObject({ status: 'PAUSED', pausedOn: today() });
    expect(await rowOf(noEvent.id)).toMatchObject({ status: 'PAUSED', pausedOn: '2024-02-04' });
    expect(await rowOf(ended.id)).toMatchObject({ status: 'CANCELLED', endReason: null });
    expect(await count(t, `SELECT 1 FROM intervention WHERE status = 'PAUSED' AND paused_on IS NULL`)).toBe(0);
  });
});
