import { codeOf, count, unitIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase, insertIntervention, type CaseIds } from '../rules/rules-fixtures';

/**
 * LAB §113, stk. 3, second sentence: a citizen in a ressourceforløb (2022 rules) who asks for the
 * samtale with the sundhedskoordinator about an employment offer before it has begun does not
 * begin it until the jobcenter has decided whether it is adjusted. Recorded on the offer; the
 * hold refuses Aktiv (HEALTH_TALK_PENDING); the plan warns until the decision (HEALTH_TALK_DECISION).
 */
jest.setTimeout(30_000);
let now = new Date();
const clock = { now: () => now };
/** Noon, Danish time, on a calendar day. */
const setDay = (day: string) => (now = new Date(`${day}T12:00:00+01:00`));

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer({ clock });
  // Tokens are checked against real time: sign them before the clock moves.
  for (const u of ['anna', 'bent', 'carla', 'dorte']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const FIELDS = 'id version status startDate healthTalkRight healthTalkAskedOn healthTalkBeforeStart healthTalkDecidedOn healthTalkOutcome healthTalkDecisionNote';
interface Offer {
  id: string; version: number; status: string; startDate: string | null; healthTalkRight: boolean; healthTalkAskedOn: string | null; healthTalkBeforeStart: boolean | null;
  healthTalkDecidedOn: string | null; healthTalkOutcome: string | null; healthTalkDecisionNote: string | null;
}
const REQUEST = `mutation($input: RecordHealthTalkRequestInput!) { recordHealthTalkRequest(input: $input) { ${FIELDS} } }`;
const DECIDE = `mutation($input: RecordHealthTalkDecisionInput!) { recordHealthTalkDecision(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateJobcenterInterventionInput!) { updateJobcenterIntervention(input: $input) { ${FIELDS} } }`;
const READ = `query($id: ID!) { intervention(id: $id) { ... on JobcenterIntervention { ${FIELDS} } } }`;
const WARNINGS = `query($id: ID!) { programme(id: $id) { warnings { rule severity dueDate message source subjectId } } }`;
interface W { rule: string; severity: string; dueDate: string | null; message: string; source: string; subjectId: string | null }

const HOLD = 'Borgeren har bedt om en samtale med sundhedskoordinator om tilbuddet, før det blev påbegyndt. Tilbuddet kan ikke påbegyndes, før jobcenteret har taget stilling til, om det skal tilpasses (LAB §113, stk. 3).';

async function read(id: string, who = 'dorte'): Promise<Offer> {
  const res = await t.gql<{ intervention: Offer }>(READ, { id }, tokens[who]);
  expect(res.errors).toBeUndefined();
  return res.data!.intervention;
}

async function healthTalkWarnings(c: CaseIds): Promise<W[]> {
  const res = await t.gql<{ programme: { warnings: W[] } }>(WARNINGS, { id: c.programmeId }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!.programme.warnings.filter((w) => w.rule === 'HEALTH_TALK_DECISION');
}

const request = (id: string, expectedVersion: number, askedOn: string, who = 'dorte') =>
  t.gql<{ recordHealthTalkRequest: Offer }>(REQUEST, { input: { id, expectedVersion, askedOn } }, tokens[who]);
const decide = (id: string, expectedVersion: number, fields: Record<string, unknown>, who = 'dorte') =>
  t.gql<{ recordHealthTalkDecision: Offer }>(DECIDE, { input: { id, expectedVersion, ...fields } }, tokens[who]);
const update = (input: Record<string, unknown>, who = 'dorte') => t.gql<{ updateJobcenterIntervention: Offer }>(UPDATE, { input }, tokens[who]);

/** A ressourceforløb decided under the 2022 rules (coordinated by Anna of the jobcenter) with a planned internship. */
async function caseWithOffer(status = 'PLANNED', kind = 'INTERNSHIP', opts: Parameters<typeof insertCase>[1] = { start: '2025-01-15' }): Promise<{ c: CaseIds; offer: Offer }> {
  const c = await insertCase(t.db.dataSource, opts);
  const id = await insertIntervention(t.db.dataSource, c, { kind, status, start: '2025-03-01', title: 'Praktik i kantinen', details: { internshipPurpose: 'SKILLS' } });
  return { c, offer: await read(id, opts.coordinator ?? 'dorte') };
}

describe('the citizen asks for the samtale before the offer has begun', () => {
  it('the offer cannot be set Aktiv until the jobcenter has decided; the plan warns, naming the offer, until then', async () => {
    setDay('2025-02-10');
    const { c, offer } = await caseWithOffer();
    expect(offer).toMatchObject({ healthTalkRight: true, healthTalkAskedOn: null });
    expect(await healthTalkWarnings(c)).toEqual([]);

    const asked = await request(offer.id, offer.version, '2025-02-09');
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.recordHealthTalkRequest).toMatchObject({ version: offer.version + 1, healthTalkAskedOn: '2025-02-09', healthTalkBeforeStart: true, healthTalkDecidedOn: null });
    const [warning] = await healthTalkWarnings(c);
    expect(warning).toMatchObject({ severity: 'WARNING', subjectId: offer.id, dueDate: '2025-03-01', source: 'LAB §113, stk. 3 (lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb))' });
    expect(warning.message).toContain('»Praktik i kantinen«, før det blev påbegyndt');

    // Aktiv (and any other status that says it has begun) is refused at Status, citing the law, and nothing is written.
    let version = asked.data!.recordHealthTalkRequest.version;
    for (const status of ['ACTIVE', 'PAUSED']) {
      const refused = await update({ id: offer.id, expectedVersion: version, status, startDate: '2025-02-10' });
      expect(refused.errors?.[0]).toMatchObject({ message: HOLD, extensions: { code: 'RULE_VIOLATION', rule: 'HEALTH_TALK_PENDING', field: 'status', source: 'LAB §113, stk. 3' } });
    }
    const refusedShared = await t.gql(`mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id } }`,
      { input: { id: offer.id, expectedVersion: version, status: 'COMPLETED', startDate: '2025-02-01', endDate: '2025-02-10' } }, tokens.dorte);
    expect(refusedShared.errors?.[0].extensions).toMatchObject({ rule: 'HEALTH_TALK_PENDING' });
    const [row] = await t.db.dataSource.query(`SELECT status, start_date::text AS start, version FROM intervention WHERE id = $1`, [offer.id]);
    expect(row).toEqual({ status: 'PLANNED', start: '2025-03-01', version });
    // Its other fields stay editable meanwhile.
    const renamed = await update({ id: offer.id, expectedVersion: version, title: 'Praktik i kantinen, tilpasset' });
    expect(renamed.errors).toBeUndefined();
    version = renamed.data!.updateJobcenterIntervention.version;

    // The decision: not before the request, not ahead of today.
    const early = await decide(offer.id, version, { decidedOn: '2025-02-08', outcome: 'ADJUSTED' });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'decidedOn' });
    const ahead = await decide(offer.id, version, { decidedOn: '2025-02-11', outcome: 'ADJUSTED' });
    expect(ahead.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'decidedOn' });
    const decided = await decide(offer.id, version, { decidedOn: '2025-02-10', outcome: 'ADJUSTED', note: '  Færre timer de første uger  ' });
    expect(decided.errors).toBeUndefined();
    expect(decided.data!.recordHealthTalkDecision).toMatchObject({ healthTalkDecidedOn: '2025-02-10', healthTalkOutcome: 'ADJUSTED', healthTalkDecisionNote: 'Færre timer de første uger' });
    expect(await healthTalkWarnings(c)).toEqual([]);

    const begun = await update({ id: offer.id, expectedVersion: decided.data!.recordHealthTalkDecision.version, status: 'ACTIVE', startDate: '2025-02-10' });
    expect(begun.errors).toBeUndefined();
    expect(begun.data!.updateJobcenterIntervention.status).toBe('ACTIVE');
  });

  it('each record is audited and a plan event with what changed, in the same transaction; the history says it in Danish', async () => {
    setDay('2025-02-10');
    const { c, offer } = await caseWithOffer();
    const asked = await request(offer.id, offer.version, '2025-02-09', 'anna');
    expect(asked.errors).toBeUndefined();
    const decided = await decide(offer.id, asked.data!.recordHealthTalkRequest.version, { decidedOn: '2025-02-10', outcome: 'MAINTAINED' }, 'anna');
    expect(decided.errors).toBeUndefined();
    expect(await count(t, `SELECT 1 FROM audit_log WHERE entity_id = $1 AND outcome = 'ALLOWED' AND action IN ('RECORD_HEALTH_TALK_REQUEST', 'RECORD_HEALTH_TALK_DECISION')`, [offer.id])).toBe(2);
    const events: Array<{ kind: string; summary: string; changes: Array<{ field: string; after: unknown }> }> = await t.db.dataSource.query(
      `SELECT kind, summary, payload->'changes' AS changes FROM plan_event WHERE entity_id = $1 AND kind = 'INTERVENTION_UPDATED' ORDER BY seq`, [offer.id]);
    expect(events.map((e) => e.summary)).toEqual([
      'Anna Holm (Jobcenter) registrerede, at borgeren har bedt om en samtale med sundhedskoordinator om Praktik i kantinen, før det er påbegyndt',
      'Anna Holm (Jobcenter) registrerede jobcenterets stillingtagen efter samtalen med sundhedskoordinator om Praktik i kantinen: Tilbuddet fastholdes',
    ]);
    expect(events[0].changes).toEqual([{ field: 'healthTalkAskedOn', before: null, after: '2025-02-09' }, { field: 'healthTalkBeforeStart', before: null, after: true }]);
    expect(events[1].changes).toEqual([{ field: 'healthTalkDecidedOn', before: null, after: '2025-02-10' }, { field: 'healthTalkOutcome', before: null, after: 'MAINTAINED' }]);

    const history = await t.gql<{ planHistory: { items: Array<{ summary: string; changes: Array<{ label: string; after: string | null }> }> } }>(
      `query($planId: ID!, $recordId: ID) { planHistory(planId: $planId, recordId: $recordId, first: 1) { items { summary changes { label after } } } }`,
      { planId: c.planId, recordId: offer.id }, tokens.anna);
    expect(history.errors).toBeUndefined();
    // The coordinator is told who recorded it, the person with their unit.
    expect(history.data!.planHistory.items[0].summary).toBe(
      'Anna Holm (Jobcenter) registrerede jobcenterets stillingtagen efter samtalen med sundhedskoordinator om Praktik i kantinen: Tilbuddet fastholdes');
    expect(history.data!.planHistory.items[0].changes).toEqual([
      { label: 'Jobcenteret tog stilling', after: '10. februar 2025' },
      { label: 'Jobcenterets stillingtagen', after: 'Tilbuddet fastholdes' },
    ]);
  });
});

describe('asked after the offer has begun', () => {
  it('is recorded and warned about until decided, but holds nothing', async () => {
    setDay('2025-03-10');
    const { c, offer } = await caseWithOffer('ACTIVE');
    const asked = await request(offer.id, offer.version, '2025-03-10');
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.recordHealthTalkRequest).toMatchObject({ healthTalkBeforeStart: false });
    const [warning] = await healthTalkWarnings(c);
    expect(warning).toMatchObject({ subjectId: offer.id, dueDate: null });
    expect(warning.message).toContain('Jobcenteret har endnu ikke taget stilling');
    const paused = await update({ id: offer.id, expectedVersion: asked.data!.recordHealthTalkRequest.version, status: 'PAUSED' });
    expect(paused.errors).toBeUndefined();
    const again = await update({ id: offer.id, expectedVersion: paused.data!.updateJobcenterIntervention.version, status: 'ACTIVE' });
    expect(again.errors).toBeUndefined();
  });
});

describe('where the rule does not apply', () => {
  it('another forløb than a 2022-rules ressourceforløb, or an offer of another kind, is refused HEALTH_TALK_NOT_APPLICABLE; the card is told so', async () => {
    setDay('2025-02-10');
    const cases = [
      await caseWithOffer('PLANNED', 'INTERNSHIP', { start: '2021-06-01', end: '2024-05-31' }),
      await caseWithOffer('PLANNED', 'INTERNSHIP', { start: '2025-01-15', type: 'JOBAFKLARINGSFORLOEB' }),
      await caseWithOffer('PLANNED', 'MENTOR_SUPPORT'),
      await caseWithOffer('PLANNED', 'ORDINARY_HOURS'),
    ];
    for (const { offer } of cases) {
      expect(offer.healthTalkRight).toBe(false);
      const res = await request(offer.id, offer.version, '2025-02-09');
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'HEALTH_TALK_NOT_APPLICABLE' });
      expect(await read(offer.id)).toMatchObject({ version: offer.version, healthTalkAskedOn: null });
    }
  });

  it('an ended offer takes no request; a decision needs a request; a day ahead is refused at its field', async () => {
    setDay('2025-02-10');
    const { offer: cancelled } = await caseWithOffer('CANCELLED');
    expect(codeOf(await request(cancelled.id, cancelled.version, '2025-02-09'))).toBe('RULE_VIOLATION');
    expect((await request(cancelled.id, cancelled.version, '2025-02-09')).errors?.[0].extensions?.rule).toBe('HEALTH_TALK_OFFER_ENDED');
    const { offer } = await caseWithOffer();
    expect((await decide(offer.id, offer.version, { decidedOn: '2025-02-10', outcome: 'ADJUSTED' })).errors?.[0].extensions).toMatchObject({ rule: 'HEALTH_TALK_NOT_ASKED' });
    expect((await request(offer.id, offer.version, '2025-02-11')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'askedOn' });
  });
});

describe('who records it: the unit that owns the offer, and the coordinator', () => {
  it('a coordinator of another unit may; a caseworker of another unit on the team is refused; one not on the plan finds nothing', async () => {
    setDay('2025-02-10');
    // Bent of social services coordinates; the jobcenter and health are on the team.
    const { c, offer } = await caseWithOffer('PLANNED', 'INTERNSHIP', { start: '2025-01-15', coordinator: 'bent' });
    const carlaOutside = await request(offer.id, offer.version, '2025-02-09', 'carla');
    expect(codeOf(carlaOutside)).toBe('NOT_FOUND');
    for (const kind of ['EMPLOYMENT', 'HEALTH']) {
      await t.db.dataSource.query(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) VALUES ($1, $2, $3)`, [c.planId, await unitIdOf(t, kind), c.municipalityId]);
    }
    const carla = await request(offer.id, offer.version, '2025-02-09', 'carla');
    expect(codeOf(carla)).toBe('FORBIDDEN');
    expect(await count(t, `SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'RECORD_HEALTH_TALK_REQUEST' AND outcome = 'DENIED'`, [offer.id])).toBe(2);
    const bent = await request(offer.id, offer.version, '2025-02-09', 'bent');
    expect(bent.errors).toBeUndefined();
    const dorte = await decide(offer.id, bent.data!.recordHealthTalkRequest.version, { decidedOn: '2025-02-10', outcome: 'ADJUSTED' }, 'dorte');
    expect(dorte.errors).toBeUndefined();
    // Another unit on the team reads the jobcenter's offer as it reads its other details (the register does not govern employment interventions).
    expect(await read(offer.id, 'carla')).toMatchObject({ healthTalkAskedOn: '2025-02-09', healthTalkOutcome: 'ADJUSTED' });
  });
});
