import { codeOf, count, planIdOf, unitIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsResult } from '../../test-support/ws-client';

/**
 * An entry recorded in an ended forløb governs the citizen's running plan too (the register is
 * the citizen's): it is the running plan's coordinator's to withdraw, and the running plan hears
 * of its withdrawal. Per Hansen's first ressourceforløb (ended) was Anna's, and an ended forløb
 * keeps its coordinator ("Afslut forløb" closes no assignment); his running one is Dorte's.
 * Both are of the jobcenter, which is on both plans' teams with Socialforvaltningen (his
 * Bostøtte is Socialforvaltningen's): Anna reads the running plan as its team, Dorte the ended one.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
const sockets: WsClient[] = [];
let running: string;
let ended: string;
const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.db.dataSource.query(sql, params);
const userId = async (username: string): Promise<string> => (await q<{ id: string }>(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;

const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id active withdrawnBy { name } } }`;
const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const REGISTER = `query($id: ID!) { plan(id: $id) { consents { id active } } }`;
const BOSTOETTE = `query($id: ID!) { plan(id: $id) { interventions { title detailsWithheld ... on SocialIntervention { legalBasis provider } } } }`;

type Withdrawn = { withdrawConsent: { id: string; active: boolean; withdrawnBy: { name: string } | null } };
const withdraw = (user: string, id: string, planId: string) => t.gql<Withdrawn>(WITHDRAW, { input: { id, planId, reason: 'Borgeren ringede' } }, tokens[user]);

async function bostoette(user: string): Promise<{ detailsWithheld: boolean; legalBasis: string | null }> {
  const res = await t.gql<{ plan: { interventions: Array<{ title: string; detailsWithheld: boolean; legalBasis: string | null }> } }>(BOSTOETTE, { id: running }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.plan.interventions.find((i) => i.title === 'Bostøtte')!;
}

async function activeIn(planId: string, entryId: string): Promise<boolean | undefined> {
  const res = await t.gql<{ plan: { consents: Array<{ id: string; active: boolean }> } }>(REGISTER, { id: planId }, tokens.dorte);
  expect(res.errors).toBeUndefined();
  return res.data!.plan.consents.find((e) => e.id === entryId)?.active;
}

/** Social details shared with the whole team, recorded while the first forløb ran: the one entry that opens the Bostøtte to the jobcenter. */
async function entryFromTheEndedForloeb(): Promise<string> {
  const [{ citizen_id, municipality_id }] = await q<{ citizen_id: string; municipality_id: string }>(`SELECT citizen_id, municipality_id FROM plan WHERE id = $1`, [ended]);
  const [entry] = await q<{ id: string }>(
    `INSERT INTO consent_entry (municipality_id, citizen_id, plan_id, scope, recipient_kind, basis, given_on, recorded_at, recorded_by)
     VALUES ($1, $2, $3, 'SOCIAL_DETAILS', 'WHOLE_TEAM', 'CONSENT', current_date - 400, now() - interval '400 days', $4) RETURNING id`,
    [municipality_id, citizen_id, ended, await userId('anna')]);
  return entry.id;
}

/** Who coordinates the ended forløb, as "Afslut forløb" left it: the assignment still open. */
async function endedForloebCoordinatedBy(username: string): Promise<void> {
  await q(`UPDATE coordinator_assignment SET user_id = $2, to_at = NULL WHERE programme_id = (SELECT programme_id FROM plan WHERE id = $1)`, [ended, await userId(username)]);
}

const withdrawalEventsOn = (planId: string, entryId: string) =>
  count(t, `SELECT 1 FROM plan_event WHERE plan_id = $1 AND kind = 'CONSENT_WITHDRAWN' AND entity_id = $2`, [planId, entryId]);

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'dorte']) tokens[u] = await t.login(u);
  running = await planIdOf(t, 'Per');
  [{ id: ended }] = await q<{ id: string }>(
    `SELECT p.id FROM plan p JOIN programme pr ON pr.id = p.programme_id JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Per Hansen' AND pr.status = 'ENDED'`);
  await q(`UPDATE coordinator_assignment ca SET user_id = $1 FROM plan p WHERE p.id = $2 AND ca.programme_id = p.programme_id AND ca.to_at IS NULL`, [await userId('dorte'), running]);
});
// The seeded social consents, and those a test before left, are taken back: each test's entry is what opens the Bostøtte.
beforeEach(() => q(`UPDATE consent_entry SET withdrawn_at = now(), withdrawn_by = recorded_by WHERE citizen_id = (SELECT citizen_id FROM plan WHERE id = $1) AND scope = 'SOCIAL_DETAILS' AND withdrawn_at IS NULL`, [running]));
afterAll(async () => {
  for (const s of sockets) await s.close();
  await t.stop();
});

describe('a consent recorded in an ended forløb', () => {
  it("is not the ended forløb's former coordinator's to withdraw, from either plan: refused as the team is, audited, and it still opens the running plan", async () => {
    await endedForloebCoordinatedBy('anna');
    const entry = await entryFromTheEndedForloeb();
    expect((await bostoette('dorte')).detailsWithheld).toBe(false);

    for (const planId of [ended, running]) {
      const res = await withdraw('anna', entry, planId);
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.errors![0].message).toBe('Kun den koordinerende sagsbehandler kan gøre dette.');
    }
    expect(await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND action = 'WITHDRAW_CONSENT' AND entity_id = $2 AND outcome = 'DENIED' AND detail = 'only the coordinator'`,
      [await userId('anna'), entry])).toBe(2);
    expect(await activeIn(running, entry)).toBe(true);
    expect(await activeIn(ended, entry)).toBe(true);
    expect(await bostoette('dorte')).toMatchObject({ detailsWithheld: false, legalBasis: 'SEL §85' });
    expect(await withdrawalEventsOn(running, entry)).toBe(0);
  });

  it("is the running plan's coordinator's, from the register of either plan; the withdrawal is an event on both, and the running plan's cut returns", async () => {
    await endedForloebCoordinatedBy('anna');
    // From the ended plan, which Dorte reads as its team (she coordinates the running one only).
    const first = await entryFromTheEndedForloeb();
    const viaEnded = await withdraw('dorte', first, ended);
    expect(viaEnded.errors).toBeUndefined();
    expect(viaEnded.data!.withdrawConsent).toMatchObject({ active: false, withdrawnBy: { name: 'Dorte Madsen' } });
    expect(await bostoette('dorte')).toMatchObject({ detailsWithheld: true, legalBasis: null });
    // From the running plan.
    const second = await entryFromTheEndedForloeb();
    expect((await bostoette('dorte')).detailsWithheld).toBe(false);
    const viaRunning = await withdraw('dorte', second, running);
    expect(viaRunning.errors).toBeUndefined();
    expect(await bostoette('dorte')).toMatchObject({ detailsWithheld: true, legalBasis: null });
    // Each withdrawal is one event on each plan whose register shows the entry, and one audit row.
    for (const entry of [first, second]) {
      expect(await activeIn(ended, entry)).toBe(false);
      expect([await withdrawalEventsOn(running, entry), await withdrawalEventsOn(ended, entry)]).toEqual([1, 1]);
      expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'WITHDRAW_CONSENT' AND entity_id = $1 AND outcome = 'ALLOWED'`, [entry])).toBe(1);
    }
  });

  it('withdrawn from the ended plan (by one who coordinates both forløb), it reaches an open page of the running plan at once', async () => {
    await endedForloebCoordinatedBy('dorte');
    const entry = await entryFromTheEndedForloeb();
    const ws = await WsClient.connect(t.url, tokens.dorte);
    sockets.push(ws);
    const got: WsResult[] = [];
    const [{ max }] = await q<{ max: string }>(`SELECT max(seq)::text AS max FROM plan_event`);
    ws.subscribe(`subscription($p: ID!, $a: String) { planEvents(planId: $p, afterSeq: $a) { kind summary } }`, { p: running, a: max }, (r) => got.push(r));
    const kinds = () => got.map((r) => (r.data as { planEvents?: { kind: string; summary: string } } | null | undefined)?.planEvents).filter((e) => !!e);

    const res = await withdraw('dorte', entry, ended);
    expect(res.errors).toBeUndefined();
    const end = Date.now() + 10_000;
    while (!kinds().some((e) => e!.kind === 'CONSENT_WITHDRAWN') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(kinds()).toContainEqual({ kind: 'CONSENT_WITHDRAWN', summary: 'Dorte Madsen (Jobcenter) tilbagekaldte samtykke: Sociale oplysninger deles ikke længere med hele teamet' });
  });
});

describe('recording a consent', () => {
  // No mirror of the withdrawal's gap: an ended forløb's plan takes no new entry (its register is
  // as that forløb left it), so its coordinator cannot record one that would govern the running plan.
  it("is refused through an ended forløb's plan, to its coordinator too", async () => {
    await endedForloebCoordinatedBy('anna');
    const before = await count(t, `SELECT 1 FROM consent_entry`);
    const res = await t.gql(RECORD, { input: { planId: ended, scope: 'HEALTH_DETAILS', recipientKind: 'UNIT', recipientUnitId: await unitIdOf(t, 'EMPLOYMENT'), basis: 'CONSENT', givenOn: '2026-11-30' } }, tokens.anna);
    expect(codeOf(res)).toBe('RULE_VIOLATION');
    expect(res.errors![0].extensions?.rule).toBe('PROGRAMME_ENDED');
    expect(await count(t, `SELECT 1 FROM consent_entry`)).toBe(before);
  });
});
