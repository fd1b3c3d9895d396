import { codeOf, count, interventionOf, planIdOf, unitIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { loadActiveGrants } from './consent.loaders';
import { WsClient, type WsResult } from '../../test-support/ws-client';

/**
 * The consent register and the cut it governs, through the real server. Per Hansen's plan:
 * coordinator Anna (Jobcenter), Socialforvaltningen (Bent) on the team, Sundhedsforvaltningen
 * (Carla) not; his Bostøtte is Socialforvaltningen's. The demo seed records Per's consent to
 * share health and social details with the whole team, and social details with his parents.
 * Jonas Friis's helhedsorienteret forløb: coordinator Bent, consent to the joint plan seeded.
 * Otto works in another municipality.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
const sockets: WsClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'otto']) tokens[u] = await t.login(u);
});
afterAll(async () => {
  for (const s of sockets) await s.close();
  await t.stop();
});

const ENTRY = 'id scope recipientKind recipientUnit { name } recipientName recipientRelation basis legalReference givenOn active withdrawnAt recordedBy { name } withdrawnBy { name }';
const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { ${ENTRY} } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { ${ENTRY} } }`;
const REGISTER = `query($id: ID!) { plan(id: $id) { consents { ${ENTRY} } consentWarning } }`;
const INTERVENTIONS = `query($id: ID!) { plan(id: $id) { interventions { id title status startDate shortTermGoal notes detailsWithheld detailsWithheldReason unit { name }
  ... on SocialIntervention { legalBasis provider hoursPerWeek } activities { title notes assignee dueAt status } } } }`;
const HISTORY = `query($planId: ID!, $recordId: ID) { planHistory(planId: $planId, recordId: $recordId) { items { kind summary title changes { field before after }
  record { __typename ... on SocialIntervention { provider detailsWithheld shortTermGoal } } } } }`;
const UPDATE_SOCIAL = `mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { id version provider } }`;

interface Entry { id: string; scope: string; recipientKind: string; recipientUnit: { name: string } | null; recipientName: string | null; basis: string; legalReference: string | null; active: boolean; withdrawnAt: string | null; recordedBy: { name: string }; withdrawnBy: { name: string } | null }
interface Card { id: string; title: string; status: string; shortTermGoal: string; notes: string; detailsWithheld: boolean; detailsWithheldReason: string | null; legalBasis?: string | null; provider?: string | null; hoursPerWeek?: number | null; activities: Array<{ title: string; notes: string }>; unit: { name: string } }

const userId = async (username: string): Promise<string> => (await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;

async function register(user: string, citizen: string): Promise<{ consents: Entry[]; consentWarning: string | null }> {
  const res = await t.gql<{ plan: { consents: Entry[]; consentWarning: string | null } }>(REGISTER, { id: await planIdOf(t, citizen) }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.plan;
}

async function bostoette(user: string): Promise<Card> {
  const res = await t.gql<{ plan: { interventions: Card[] } }>(INTERVENTIONS, { id: await planIdOf(t, 'Per') }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.plan.interventions.find((i) => i.title === 'Bostøtte')!;
}

async function record(user: string, input: Record<string, unknown>) {
  return t.gql<{ recordConsent: Entry }>(RECORD, { input: { planId: await planIdOf(t, 'Per'), givenOn: '2026-11-30', basis: 'CONSENT', ...input } }, tokens[user]);
}

async function withdraw(user: string, id: string, reason?: string) {
  return t.gql<{ withdrawConsent: Entry }>(WITHDRAW, { input: { id, reason } }, tokens[user]);
}

/** Per's seeded whole-team consent for one scope. */
async function wholeTeam(scope: string): Promise<Entry> {
  return (await register('anna', 'Per')).consents.find((e) => e.scope === scope && e.recipientKind === 'WHOLE_TEAM' && e.active)!;
}

describe('the register', () => {
  it('the team reads the seeded register: health and social details with the whole team, social details with his parents', async () => {
    const { consents } = await register('bent', 'Per');
    expect(consents.filter((e) => e.active).map((e) => [e.scope, e.recipientKind, e.recipientName, e.basis]).sort()).toEqual([
      ['HEALTH_DETAILS', 'WHOLE_TEAM', null, 'CONSENT'],
      ['SOCIAL_DETAILS', 'NETWORK_PERSON', 'Hanne og Jens Hansen', 'CONSENT'],
      ['SOCIAL_DETAILS', 'WHOLE_TEAM', null, 'CONSENT'],
    ]);
  });

  it('the coordinator records a consent: the entry, its audit row and its plan event with a Danish summary, together', async () => {
    const planId = await planIdOf(t, 'Per');
    const social = await unitIdOf(t, 'SOCIAL');
    const auditBefore = await count(t, `SELECT 1 FROM audit_log WHERE action = 'RECORD_CONSENT' AND outcome = 'ALLOWED'`);
    const res = await record('anna', { scope: 'HEALTH_DETAILS', recipientKind: 'UNIT', recipientUnitId: social });
    expect(res.errors).toBeUndefined();
    const entry = res.data!.recordConsent;
    expect(entry).toMatchObject({ scope: 'HEALTH_DETAILS', recipientKind: 'UNIT', recipientUnit: { name: 'Socialforvaltningen' }, basis: 'CONSENT', active: true, recordedBy: { name: 'Anna Holm' }, withdrawnAt: null });
    const events: Array<{ summary: string; kind: string; seq: string }> = await t.db.dataSource.query(
      `SELECT summary, kind, seq::text FROM plan_event WHERE plan_id = $1 AND entity_id::text = $2`, [planId, entry.id]);
    expect(events).toEqual([expect.objectContaining({ kind: 'CONSENT_RECORDED', summary: 'Anna Holm (Jobcenter) registrerede samtykke: Sundhedsoplysninger deles med Socialforvaltningen' })]);
    // The audit row and the event were written by one transaction (the same transaction id).
    const [same] = await t.db.dataSource.query(
      `SELECT (SELECT xmin::text FROM audit_log WHERE action = 'RECORD_CONSENT' AND entity_id::text = $1) = (SELECT xmin::text FROM plan_event WHERE entity_id::text = $1) AS same`, [entry.id]);
    expect(same.same).toBe(true);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'RECORD_CONSENT' AND outcome = 'ALLOWED'`)).toBe(auditBefore + 1);
  });

  it('a legal basis needs its citation; a network person a name and a relation; a unit must be the municipality\'s', async () => {
    const bad = await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'WHOLE_TEAM', basis: 'LEGAL_BASIS', legalReference: '   ' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'legalReference' });
    const noRelation = await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'NETWORK_PERSON', recipientName: 'Hanne Hansen' });
    expect(noRelation.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipientRelation' });
    const otherUnit = await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'UNIT', recipientUnitId: await unitIdOf(t, 'SOCIAL', '0479') });
    expect(otherUnit.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipientUnitId' });
    const future = await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'GP', givenOn: '2099-01-01' });
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'givenOn' });
    // Per Hansen was born 2 June 2005.
    const unborn = await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'GP', givenOn: '2005-06-01' });
    expect(unborn.errors?.[0]).toMatchObject({ message: 'Datoen kan ikke ligge før borgerens fødsel (2. juni 2005).', extensions: { code: 'BAD_USER_INPUT', field: 'givenOn' } });
    const ok = await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'GP', basis: 'LEGAL_BASIS', legalReference: 'Retssikkerhedsloven §11 c' });
    expect(ok.data?.recordConsent).toMatchObject({ recipientKind: 'GP', basis: 'LEGAL_BASIS', legalReference: 'Retssikkerhedsloven §11 c' });
  });

  it('a note is counted as the database counts: 2,000 "❤️" (a heart and U+FE0F, two characters each) are refused at the note in Danish; 1,000 are kept', async () => {
    const heart = '❤️';
    const long = await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'GP', note: heart.repeat(2_000) });
    expect(long.errors?.[0]).toMatchObject({ message: 'Bemærkningen må højst være 2000 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'note' } });
    const ok = await t.gql<{ recordConsent: { note: string } }>(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { note } }`,
      { input: { planId: await planIdOf(t, 'Per'), givenOn: '2026-11-30', basis: 'CONSENT', scope: 'SOCIAL_DETAILS', recipientKind: 'GP', note: ` ${heart.repeat(1_000)} ` } }, tokens.anna);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.recordConsent.note).toBe(heart.repeat(1_000));
  });

  it('team staff may read but not record or withdraw (FORBIDDEN); outsiders get NOT_FOUND; every refusal is audited', async () => {
    const entry = await wholeTeam('HEALTH_DETAILS');
    const bentDenied = await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND outcome = 'DENIED'`, [await userId('bent')]);
    expect(codeOf(await record('bent', { scope: 'SOCIAL_DETAILS', recipientKind: 'WHOLE_TEAM' }))).toBe('FORBIDDEN');
    expect(codeOf(await withdraw('bent', entry.id))).toBe('FORBIDDEN');
    expect(await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND outcome = 'DENIED'`, [await userId('bent')])).toBe(bentDenied + 2);
    for (const outsider of ['carla', 'otto']) {
      expect(codeOf(await record(outsider, { scope: 'SOCIAL_DETAILS', recipientKind: 'WHOLE_TEAM' }))).toBe('NOT_FOUND');
      expect(codeOf(await withdraw(outsider, entry.id))).toBe('NOT_FOUND');
      expect(codeOf(await t.gql(REGISTER, { id: await planIdOf(t, 'Per') }, tokens[outsider]))).toBe('NOT_FOUND');
    }
    // Otto's attempt (another municipality: the entry is invisible to him) names Per, so it is in Per's access log.
    expect(await count(t, `SELECT 1 FROM audit_log a JOIN citizen c ON c.id = a.citizen_id WHERE a.actor_id = $1 AND a.entity_id = $2 AND a.outcome = 'DENIED' AND c.name = 'Per Hansen'`, [await userId('otto'), entry.id])).toBe(1);
    expect(codeOf(await withdraw('anna', '00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect((await wholeTeam('HEALTH_DETAILS')).active).toBe(true);
  });
});

describe('the cut it governs', () => {
  it('with the whole-team consent the coordinator (another unit) sees the Bostøtte in full; once withdrawn, only that it exists', async () => {
    expect(await bostoette('anna')).toMatchObject({ detailsWithheld: false, detailsWithheldReason: null, legalBasis: 'SEL §85', provider: 'Bostøtteteamet, Ringe', hoursPerWeek: 3 });
    const social = await wholeTeam('SOCIAL_DETAILS');
    const rowsBefore = await count(t, `SELECT 1 FROM consent_entry`);
    const res = await withdraw('anna', social.id, 'Per vil ikke længere dele det med hele teamet');
    expect(res.data?.withdrawConsent).toMatchObject({ active: false, withdrawnBy: { name: 'Anna Holm' } });
    // Never deleted: the row stays, withdrawn.
    expect(await count(t, `SELECT 1 FROM consent_entry`)).toBe(rowsBefore);
    const [event] = await t.db.dataSource.query(`SELECT summary FROM plan_event WHERE entity_id::text = $1 AND kind = 'CONSENT_WITHDRAWN'`, [social.id]);
    expect(event.summary).toBe('Anna Holm (Jobcenter) tilbagekaldte samtykke: Sociale oplysninger deles ikke længere med hele teamet');
    expect(codeOf(await withdraw('anna', social.id))).toBe('RULE_VIOLATION');

    const cut = await bostoette('anna');
    expect(cut).toMatchObject({
      title: 'Bostøtte', status: 'PLANNED', unit: { name: 'Socialforvaltningen' },
      detailsWithheld: true, detailsWithheldReason: 'Detaljer vises kun med borgerens samtykke eller hjemmel',
      legalBasis: null, provider: null, hoursPerWeek: null, shortTermGoal: '', notes: '',
    });
    // Who is responsible is withheld with the title: it says what kind of help it is.
    expect(cut.activities).toEqual([expect.objectContaining({ title: 'Aktivitet', notes: '', assignee: '' })]);
    const ids = await t.gql<{ plan: { withheldInterventionIds: string[] } }>(`query($id: ID!) { plan(id: $id) { withheldInterventionIds } }`, { id: await planIdOf(t, 'Per') }, tokens['anna']);
    expect(ids.data?.plan.withheldInterventionIds).toEqual([cut.id]);
    // The same for the other jobcenter caseworker, and for one intervention read by id.
    expect((await t.gql<{ intervention: Card }>(`query($id: ID!) { intervention(id: $id) { detailsWithheld ... on SocialIntervention { provider } } }`,
      { id: cut.id }, tokens['anna'])).data?.intervention).toEqual({ detailsWithheld: true, provider: null });
    // The owning unit always sees its own.
    expect(await bostoette('bent')).toMatchObject({ detailsWithheld: false, legalBasis: 'SEL §85', provider: 'Bostøtteteamet, Ringe', shortTermGoal: expect.stringContaining('Per kan selv') });
  });

  it('a legal basis shared with one unit lifts the cut for that unit only', async () => {
    const res = await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'UNIT', recipientUnitId: await unitIdOf(t, 'EMPLOYMENT'), basis: 'LEGAL_BASIS', legalReference: 'LAB §21 b' });
    expect(res.errors).toBeUndefined();
    expect(await bostoette('anna')).toMatchObject({ detailsWithheld: false, provider: 'Bostøtteteamet, Ringe' });
    const withdrawn = await withdraw('anna', res.data!.recordConsent.id);
    expect(withdrawn.errors).toBeUndefined();
    expect(await bostoette('anna')).toMatchObject({ detailsWithheld: true, provider: null });
  });

  it('the history is cut the same way: the record and the changed fields', async () => {
    const planId = await planIdOf(t, 'Per');
    const b = await interventionOf(t, 'Per', 'Bostøtte');
    const upd = await t.gql(UPDATE_SOCIAL, { input: { id: b.id, expectedVersion: b.version, provider: 'Bostøtteteamet, Ringe Nord', status: 'ACTIVE' } }, tokens['bent']);
    expect(upd.errors).toBeUndefined();
    type H = { planHistory: { items: Array<{ kind: string; summary: string; changes: Array<{ field: string }>; record: { provider?: string | null; detailsWithheld?: boolean } | null }> } };
    const mine = (await t.gql<H>(HISTORY, { planId, recordId: b.id }, tokens['bent'])).data!.planHistory.items[0];
    expect(mine.changes.map((c) => c.field).sort()).toEqual(['provider', 'status']);
    expect(mine.record).toMatchObject({ provider: 'Bostøtteteamet, Ringe Nord' });
    const theirs = (await t.gql<H>(HISTORY, { planId, recordId: b.id }, tokens['anna'])).data!.planHistory.items[0];
    expect(theirs.changes.map((c) => c.field)).toEqual(['status']);
    expect(theirs.record).toMatchObject({ provider: null, detailsWithheld: true });
  });

  it('live: an event delivered after the withdrawal is cut for the other unit, at once', async () => {
    const planId = await planIdOf(t, 'Per');
    // Give the jobcenter the social details again, then watch as Anna.
    const granted = await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'WHOLE_TEAM' });
    expect(granted.errors).toBeUndefined();
    const ws = await WsClient.connect(t.url, tokens['anna']);
    sockets.push(ws);
    const got: WsResult[] = [];
    // From the current seq: nothing written from here on can be missed, however the subscription races the writes.
    const [{ max }] = await t.db.dataSource.query(`SELECT max(seq)::text AS max FROM plan_event`);
    ws.subscribe(`subscription($p: ID!, $a: String) { planEvents(planId: $p, afterSeq: $a) { kind summary changes { field }
      record { __typename ... on SocialIntervention { provider detailsWithheld activities { title notes assignee } } } } }`, { p: planId, a: max }, (r) => got.push(r));
    type Ev = { kind: string; summary: string; changes: Array<{ field: string }>; record: Record<string, unknown> | null };
    const events = (): Ev[] => got.map((r) => (r.data as { planEvents?: Ev } | null | undefined)?.planEvents).filter((e): e is Ev => !!e);
    const updates = () => events().filter((e) => e.kind === 'INTERVENTION_UPDATED');
    const until = async (what: string, cond: () => boolean) => {
      const end = Date.now() + 10_000;
      while (!cond()) {
        if (Date.now() > end) throw new Error(`timed out: ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const update = async (provider: string) => {
      const b = await interventionOf(t, 'Per', 'Bostøtte');
      const res = await t.gql(UPDATE_SOCIAL, { input: { id: b.id, expectedVersion: b.version, provider } }, tokens['bent']);
      expect(res.errors).toBeUndefined();
    };
    await update('Bostøtteteamet, Ringe Syd');
    await until('the first update', () => updates().length === 1);
    const n = 'Ringe Syd';
    const seen = updates()[0];
    expect(seen.record).toMatchObject({ provider: `Bostøtteteamet, ${n}`, detailsWithheld: false });
    expect(seen.changes.map((c) => c.field)).toEqual(['provider']);
    const activities = (e: Ev) => (e.record as { activities: Array<{ title: string; notes: string; assignee: string }> }).activities;
    const [activity] = activities(seen);
    expect(activity.title).not.toBe('Aktivitet');
    expect(activity.assignee).toBe('Bent Sørensen');

    const withdrawn = await withdraw('anna', granted.data!.recordConsent.id);
    expect(withdrawn.errors).toBeUndefined();
    await until('the withdrawal event', () => events().some((e) => e.kind === 'CONSENT_WITHDRAWN'));
    await update('Bostøtteteamet efter tilbagekaldelse');
    await until('the next update', () => updates().length === 2);
    const after = updates()[1];
    expect(after.record).toMatchObject({ provider: null, detailsWithheld: true });
    expect(after.changes).toEqual([]);
    expect(JSON.stringify(after)).not.toContain('efter tilbagekaldelse');
    // The nested activities too: the subscription reads the register afresh for each event,
    // not as it stood at the first one.
    expect(activities(after)).toEqual([{ title: 'Aktivitet', notes: '', assignee: '' }]);
    expect(JSON.stringify(after)).not.toContain(activity.title);
  });

  it('live: a change replayed after the withdrawal is cut, though colleagues of the same unit received it in full before', async () => {
    const planId = await planIdOf(t, 'Per');
    const granted = await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'WHOLE_TEAM' });
    expect(granted.errors).toBeUndefined();
    // A selection every jobcenter caseworker may share (one execution per event for all of them).
    const LIVE = `subscription($p: ID!, $a: String) { planEvents(planId: $p, afterSeq: $a) { seq kind summary title changes { field before after }
      record { __typename ... on Activity { id title notes assignee } } } }`;
    type Ev = { seq: string; kind: string; summary: string; title: string | null; changes: Array<{ field: string }>; record: Record<string, unknown> | null };
    const watch = async (user: string, afterSeq: string) => {
      const ws = await WsClient.connect(t.url, tokens[user]);
      sockets.push(ws);
      const events: Ev[] = [];
      ws.subscribe(LIVE, { p: planId, a: afterSeq }, (r) => {
        const e = (r.data as { planEvents?: Ev } | null | undefined)?.planEvents;
        if (e) events.push(e);
      });
      return { ws, events };
    };
    const until = async (what: string, cond: () => boolean) => {
      const end = Date.now() + 10_000;
      while (!cond()) {
        if (Date.now() > end) throw new Error(`timed out: ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const [{ max }] = await t.db.dataSource.query(`SELECT max(seq)::text AS max FROM plan_event`);
    const anna = await watch('anna', max);
    const dorte = await watch('dorte', max);
    const [activity] = await t.db.dataSource.query(
      `SELECT a.id, a.version FROM activity a JOIN intervention i ON i.id = a.intervention_id WHERE a.plan_id = $1 AND i.title = 'Bostøtte' ORDER BY a.id LIMIT 1`, [planId]);
    const secret = 'Samtale med misbrugskonsulenten';
    const updated = await t.gql(`mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id } }`,
      { input: { id: activity.id, expectedVersion: activity.version, title: secret, notes: 'Tilbagefald i oktober' } }, tokens.bent);
    expect(updated.errors).toBeUndefined();
    const isChange = (e: Ev) => e.kind === 'ACTIVITY_UPDATED';
    await until('the change, live, to both', () => anna.events.some(isChange) && dorte.events.some(isChange));
    // With the consent, the jobcenter reads the Socialforvaltningen's activity in full.
    expect(anna.events.find(isChange)!.record).toMatchObject({ title: secret, notes: 'Tilbagefald i oktober' });
    const change = dorte.events.find(isChange)!;
    await dorte.ws.close();

    expect((await withdraw('anna', granted.data!.recordConsent.id)).errors).toBeUndefined();
    await until('the withdrawal, live', () => anna.events.some((e) => e.kind === 'CONSENT_WITHDRAWN'));
    // Dorte's laptop wakes up: her page resubscribes from the last event it had before the change.
    const resumed = await watch('dorte', String(BigInt(change.seq) - 1n));
    await until('the replay up to the withdrawal', () => resumed.events.some((e) => e.kind === 'CONSENT_WITHDRAWN'));
    const replayed = resumed.events.find(isChange)!;
    expect(replayed.seq).toBe(change.seq);
    expect(replayed.record).toEqual({ __typename: 'Activity', id: activity.id, title: 'Aktivitet', notes: '', assignee: '' });
    expect(replayed.title).toBe('Aktivitet');
    expect(replayed.changes).toEqual([]);
    expect(JSON.stringify(replayed)).not.toContain(secret);
    expect(JSON.stringify(replayed)).not.toContain('Tilbagefald');
  });

  it('a new activity of another unit, details withheld: its title is out of the sentence the feed shows', async () => {
    const planId = await planIdOf(t, 'Per');
    const b = await interventionOf(t, 'Per', 'Bostøtte');
    const secret = 'Samtale med misbrugskonsulenten om tilbagefaldet i oktober og om, hvordan Per kommer videre derfra';
    const created = await t.gql<{ createActivity: { id: string } }>(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`,
      { input: { interventionId: b.id, title: secret, dueAt: '2026-12-01T09:00:00+01:00', assignee: 'Bent Sørensen' } }, tokens['bent']);
    expect(created.errors).toBeUndefined();
    type H = { planHistory: { items: Array<{ kind: string; summary: string; title: string | null }> } };
    const read = async (user: string) => (await t.gql<H>(HISTORY, { planId, recordId: created.data!.createActivity.id }, tokens[user])).data!.planHistory.items;
    expect(await read('bent')).toMatchObject([{ kind: 'ACTIVITY_CREATED', title: secret, summary: `Bent Sørensen (Socialforvaltningen) tilføjede aktiviteten »${secret}« i Bostøtte` }]);
    const theirs = await read('anna');
    expect(theirs).toMatchObject([{ kind: 'ACTIVITY_CREATED', title: 'Aktivitet', summary: 'Bent Sørensen (Socialforvaltningen) tilføjede aktiviteten »[detaljer tilbageholdt]« i Bostøtte' }]);
    expect(JSON.stringify(theirs)).not.toContain('misbrugskonsulenten');
  });
});

describe('the helhedsorienteret forløb needs consent to the joint plan', () => {
  it('no warning while the consent is registered; a Danish warning once it is withdrawn', async () => {
    const jonas = await register('bent', 'Jonas');
    expect(jonas.consentWarning).toBeNull();
    expect((await register('anna', 'Per')).consentWarning).toBeNull();
    const joint = jonas.consents.find((e) => e.scope === 'JOINT_PLAN' && e.active)!;
    expect((await withdraw('bent', joint.id)).errors).toBeUndefined();
    expect((await register('bent', 'Jonas')).consentWarning).toMatch(/samtykke til den fælles plan er ikke registreret/);
  });

  it('the consent given at the decision is in the register from the first day, audited with the creation', async () => {
    const registered = await t.gql<{ registerCitizen: { id: string } }>(
      `mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { id } }`, { input: { name: 'Ny Helhedsborger', cpr: '010485-4321' } }, tokens.anna);
    expect(registered.errors).toBeUndefined();
    const created = await t.gql<{ createProgramme: { id: string } }>(
      `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`,
      { input: {
        citizenId: registered.data!.registerCitizen.id, type: 'HELHEDSORIENTERET', employmentGoal: 'Komme i gang igen', goalKind: 'SECTOR', teamUnits: [await unitIdOf(t, 'SOCIAL')],
        decisionDate: '2026-11-02', startDate: '2026-11-02', endDate: '2027-11-01', planPeriodEnd: '2027-11-01', jointPlanConsentOn: '2026-10-30',
      } }, tokens.anna);
    expect(created.errors).toBeUndefined();
    const res = await t.gql<{ plan: { consents: Entry[]; consentWarning: string | null } }>(REGISTER, { id: created.data!.createProgramme.id }, tokens.anna);
    expect(res.data!.plan.consentWarning).toBeNull();
    expect(res.data!.plan.consents).toEqual([expect.objectContaining({ scope: 'JOINT_PLAN', recipientKind: 'WHOLE_TEAM', basis: 'CONSENT', givenOn: '2026-10-30', active: true, recordedBy: { name: 'Anna Holm' } })]);
    expect(await count(t, `SELECT 1 FROM audit_log a JOIN consent_entry c ON c.id::text = a.entity_id WHERE a.action = 'RECORD_CONSENT' AND c.plan_id = $1`, [created.data!.createProgramme.id])).toBe(1);
  });
});

describe('a consent recorded in an earlier forløb', () => {
  it("is withdrawn by today's coordinator from the register of today's plan, and the withdrawal reaches today's plan", async () => {
    // Per's first ressourceforløb (ended) had another coordinator: Bent, say. A consent recorded there is in his register still.
    const current = await planIdOf(t, 'Per');
    const [old] = await t.db.dataSource.query(
      `SELECT p.id, p.programme_id FROM plan p JOIN programme pr ON pr.id = p.programme_id JOIN citizen c ON c.id = p.citizen_id
        WHERE c.name = 'Per Hansen' AND pr.status = 'ENDED'`);
    // Ended by "Afslut forløb", which leaves the assignment open (only a reassignment closes it): Bent keeps the ended plan.
    await t.db.dataSource.query(`UPDATE coordinator_assignment SET user_id = $2, unit_id = (SELECT unit_id FROM app_user WHERE id = $2), to_at = NULL WHERE programme_id = $1`, [old.programme_id, await userId('bent')]);
    const entry = (await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'GP' })).data!.recordConsent;
    await t.db.dataSource.query(`UPDATE consent_entry SET plan_id = $2 WHERE id = $1`, [entry.id, old.id]);
    expect((await register('anna', 'Per')).consents.find((e) => e.id === entry.id)?.active).toBe(true);

    // It governs today's plan too, so it is today's coordinator's to withdraw: Bent, who coordinated
    // the plan it was recorded in (and withdraws from there by default), is refused, from either plan.
    expect(codeOf(await withdraw('bent', entry.id))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(WITHDRAW, { input: { id: entry.id, planId: current } }, tokens.bent))).toBe('FORBIDDEN');
    const done = await t.gql<{ withdrawConsent: Entry }>(WITHDRAW, { input: { id: entry.id, planId: current, reason: 'Sagt i telefonen' } }, tokens.anna);
    expect(done.errors).toBeUndefined();
    expect(done.data!.withdrawConsent).toMatchObject({ active: false, withdrawnBy: { name: 'Anna Holm' } });
    expect(await count(t, `SELECT 1 FROM plan_event WHERE plan_id = $1 AND kind = 'CONSENT_WITHDRAWN' AND entity_id = $2`, [current, entry.id])).toBe(1);

    // Another citizen's plan she coordinates does not open Per's register.
    const other = await t.db.dataSource.query(
      `SELECT p.id FROM plan p JOIN coordinator_assignment ca ON ca.programme_id = p.programme_id AND ca.to_at IS NULL
        WHERE ca.user_id = $1 AND p.citizen_id <> (SELECT citizen_id FROM plan WHERE id = $2) LIMIT 1`, [await userId('anna'), current]);
    const seeded = await wholeTeam('HEALTH_DETAILS');
    expect(codeOf(await t.gql(WITHDRAW, { input: { id: seeded.id, planId: other[0].id } }, tokens.anna))).toBe('NOT_FOUND');
    // Nor does a plan Bent is on the team of, not coordinating: the entry's id is as unknown there
    // as a made-up one (not "only the coordinator", which would tell that it exists).
    const [bents] = await t.db.dataSource.query(
      `SELECT p.id FROM plan p JOIN plan_team_unit tu ON tu.plan_id = p.id JOIN programme pr ON pr.id = p.programme_id
        WHERE tu.unit_id = (SELECT unit_id FROM app_user WHERE username = 'bent') AND pr.status = 'ACTIVE'
          AND p.citizen_id <> (SELECT citizen_id FROM plan WHERE id = $1)
          AND NOT EXISTS (SELECT 1 FROM coordinator_assignment ca JOIN app_user u ON u.id = ca.user_id WHERE ca.programme_id = p.programme_id AND ca.to_at IS NULL AND u.username = 'bent')
        LIMIT 1`, [current]);
    expect(codeOf(await t.gql(WITHDRAW, { input: { id: seeded.id, planId: bents.id } }, tokens.bent))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(WITHDRAW, { input: { id: '00000000-0000-4000-8000-000000000001', planId: bents.id } }, tokens.bent))).toBe('NOT_FOUND');
    expect((await wholeTeam('HEALTH_DETAILS')).active).toBe(true);
  });
});

describe('the register of an ended forløb', () => {
  it('shows what was recorded in it and before it, not what a later forløb recorded; a withdrawal of its own entry shows', async () => {
    const [old] = await t.db.dataSource.query(
      `SELECT p.id FROM plan p JOIN programme pr ON pr.id = p.programme_id JOIN citizen c ON c.id = p.citizen_id
        WHERE c.name = 'Per Hansen' AND pr.status = 'ENDED'`);
    const oldRegister = async () => {
      const res = await t.gql<{ plan: { consents: Entry[] } }>(REGISTER, { id: old.id }, tokens.anna);
      expect(res.errors).toBeUndefined();
      return res.data!.plan.consents;
    };
    // Recorded in today's forløb: today's register has it, the ended one's not.
    const later = (await record('anna', { scope: 'HEALTH_DETAILS', recipientKind: 'NETWORK_PERSON', recipientName: 'Lone Berg', recipientRelation: 'Pers søster' })).data!.recordConsent;
    expect((await register('anna', 'Per')).consents.map((e) => e.id)).toContain(later.id);
    const seen = await oldRegister();
    expect(seen.map((e) => e.id)).not.toContain(later.id);
    expect(JSON.stringify(seen)).not.toContain('Lone Berg');
    // Nor does it open anything there, and it cannot be withdrawn from there (as unknown as a made-up id).
    const health = await unitIdOf(t, 'HEALTH');
    const toHealth = (await record('anna', { scope: 'HEALTH_DETAILS', recipientKind: 'UNIT', recipientUnitId: health })).data!.recordConsent;
    const grants = await loadActiveGrants(t.db.dataSource, [old.id, await planIdOf(t, 'Per')]);
    const opensHealth = (planId: string) => grants.get(planId)!.some((g) => g.recipientKind === 'UNIT' && g.recipientUnitId === health && g.scope === 'HEALTH_DETAILS');
    expect(opensHealth(await planIdOf(t, 'Per'))).toBe(true);
    expect(opensHealth(old.id)).toBe(false);
    expect(codeOf(await t.gql(WITHDRAW, { input: { id: toHealth.id, planId: old.id } }, tokens.anna))).toBe('NOT_FOUND');
    // Recorded back then: shown there, and its withdrawal today with it.
    const own = (await record('anna', { scope: 'SOCIAL_DETAILS', recipientKind: 'GP' })).data!.recordConsent;
    await t.db.dataSource.query(`UPDATE consent_entry SET plan_id = $2 WHERE id = $1`, [own.id, old.id]);
    const done = await t.gql(WITHDRAW, { input: { id: own.id, planId: await planIdOf(t, 'Per'), reason: 'Trukket tilbage' } }, tokens.anna);
    expect(done.errors).toBeUndefined();
    expect((await oldRegister()).find((e) => e.id === own.id)).toMatchObject({ active: false, withdrawnBy: { name: 'Anna Holm' } });
  });
});
