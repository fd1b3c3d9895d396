import { codeOf, planIdOf } from '../../test-support/fixtures';
import { recordPgMessages } from '../../test-support/pg-messages';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * `ConsentEntry.mayWithdraw`, which the register's "Tilbagekald" follows: the rule the withdrawal
 * itself keeps (the coordinator of the citizen's running forløb, else the latest, from any plan
 * whose register shows the entry). The scenario of consent-earlier-forloeb.test.ts: Per Hansen's
 * ended ressourceforløb keeps Anna as its coordinator, his running one is Dorte's; both plans
 * have the jobcenter and Socialforvaltningen (Bent) on the team.
 */
jest.setTimeout(60_000);
/**
 * Every message the server sends PostgreSQL through node-postgres (one `query` call, a round
 * trip), with the statements it holds: the request's statements asked for together travel in
 * one message, so a statement per entry would show in the statements, not in the round trips.
 */
const messages = recordPgMessages();

let t: TestServer;
const tokens: Record<string, string> = {};
let running: string;
let ended: string;
const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.db.dataSource.query(sql, params);
const userId = async (username: string): Promise<string> => (await q<{ id: string }>(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;

/** The register as the plan page's section reads it (client/src/modules/consent/ConsentSection.tsx). */
const REGISTER = `query($id: ID!) { plan(id: $id) { id myStanding consents { id active mayWithdraw recordedBy { id name } withdrawnBy { id name } recipientUnit { id name } recipientMentor { id name } } } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id active mayWithdraw } }`;

type Register = { plan: { consents: Array<{ id: string; active: boolean; mayWithdraw: boolean }> } };

async function registerOf(user: string, planId: string): Promise<Register['plan']['consents']> {
  const res = await t.gql<Register>(REGISTER, { id: planId }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.plan.consents;
}

/** What the register of `planId` says to `user` of the entry: may they withdraw it (undefined: the register does not show it). */
async function mayWithdrawIn(user: string, planId: string, entryId: string): Promise<boolean | undefined> {
  return (await registerOf(user, planId)).find((e) => e.id === entryId)?.mayWithdraw;
}

/** An entry recorded in the given plan of Per's (as consent-earlier-forloeb.test.ts records one in the ended forløb). */
async function entryRecordedIn(planId: string): Promise<string> {
  const [{ citizen_id, municipality_id }] = await q<{ citizen_id: string; municipality_id: string }>(`SELECT citizen_id, municipality_id FROM plan WHERE id = $1`, [planId]);
  const [entry] = await q<{ id: string }>(
    `INSERT INTO consent_entry (municipality_id, citizen_id, plan_id, scope, recipient_kind, basis, given_on, recorded_at, recorded_by)
     VALUES ($1, $2, $3, 'SOCIAL_DETAILS', 'WHOLE_TEAM', 'CONSENT', current_date - 400, now() - interval '400 days', $4) RETURNING id`,
    [municipality_id, citizen_id, planId, await userId('anna')]);
  return entry.id;
}

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'dorte']) tokens[u] = await t.login(u);
  running = await planIdOf(t, 'Per');
  [{ id: ended }] = await q<{ id: string }>(
    `SELECT p.id FROM plan p JOIN programme pr ON pr.id = p.programme_id JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Per Hansen' AND pr.status = 'ENDED'`);
  await q(`UPDATE coordinator_assignment ca SET user_id = $1 FROM plan p WHERE p.id = $2 AND ca.programme_id = p.programme_id AND ca.to_at IS NULL`, [await userId('dorte'), running]);
  // The ended forløb as "Afslut forløb" left it: Anna's assignment still open.
  await q(`UPDATE coordinator_assignment SET user_id = $2, to_at = NULL WHERE programme_id = (SELECT programme_id FROM plan WHERE id = $1)`, [ended, await userId('anna')]);
});
afterAll(() => t.stop());

describe('"Tilbagekald" in the register (mayWithdraw)', () => {
  it("is offered to the running forløb's coordinator on both plans, as the withdrawal allows her", async () => {
    const entry = await entryRecordedIn(ended);
    expect(await mayWithdrawIn('dorte', running, entry)).toBe(true);
    // On the ended plan she is only on the team, yet the entry is hers to withdraw from there.
    expect(await mayWithdrawIn('dorte', ended, entry)).toBe(true);
    const res = await t.gql<{ withdrawConsent: { active: boolean; mayWithdraw: boolean } }>(WITHDRAW, { input: { id: entry, planId: ended } }, tokens.dorte);
    expect(res.errors).toBeUndefined();
    expect(res.data!.withdrawConsent).toEqual({ id: entry, active: false, mayWithdraw: false });
  });

  it("is not offered to the ended forløb's former coordinator, on the plan she still coordinates or on the running one, as the withdrawal refuses her", async () => {
    const entry = await entryRecordedIn(ended);
    expect(await mayWithdrawIn('anna', ended, entry)).toBe(false);
    expect(await mayWithdrawIn('anna', running, entry)).toBe(false);
    expect(codeOf(await t.gql(WITHDRAW, { input: { id: entry, planId: ended } }, tokens.anna))).toBe('FORBIDDEN');
  });

  it('is not offered to a team member, on either plan', async () => {
    const fromEnded = await entryRecordedIn(ended);
    const fromRunning = await entryRecordedIn(running);
    expect(await mayWithdrawIn('bent', ended, fromEnded)).toBe(false);
    expect(await mayWithdrawIn('bent', running, fromEnded)).toBe(false);
    expect(await mayWithdrawIn('bent', running, fromRunning)).toBe(false);
    // The running forløb's own entry is its coordinator's; the ended plan does not show it.
    expect(await mayWithdrawIn('dorte', running, fromRunning)).toBe(true);
    expect(await mayWithdrawIn('dorte', ended, fromRunning)).toBeUndefined();
  });

  it('is not offered for an entry already withdrawn, to anyone', async () => {
    const entry = await entryRecordedIn(ended);
    await q(`UPDATE consent_entry SET withdrawn_at = now(), withdrawn_by = $2 WHERE id = $1`, [entry, await userId('dorte')]);
    for (const [user, planId] of [['dorte', running], ['dorte', ended], ['anna', ended], ['bent', running]] as const) {
      expect(await mayWithdrawIn(user, planId, entry)).toBe(false);
    }
  });
});

describe("the register's round trips", () => {
  /** The live feed's reads, on connections of their own (woken by NOTIFY or a timed poll). */
  const isFeeds = (message: string[]) => message.some((m) => m.includes('FROM plan_event e WHERE e.seq >') || m.includes('pg_locks'));

  /** The messages of one read of the register, the least of three (a timed poll of the feed may fall in). */
  async function readOfRegister(user: string, planId: string): Promise<{ sent: string[][]; statements: number; entries: number }> {
    let least: string[][] | null = null;
    let entries = 0;
    for (let i = 0; i < 3; i++) {
      messages.length = 0;
      entries = (await registerOf(user, planId)).length;
      const own = messages.filter((m) => !isFeeds(m));
      if (!least || own.length < least.length) least = own;
    }
    return { sent: least!, statements: least!.flat().length, entries };
  }

  it('do not grow with the number of entries: who may withdraw each is asked for once, for all of them', async () => {
    for (const [user, planId] of [['dorte', running], ['dorte', ended], ['anna', ended]] as const) {
      const before = await readOfRegister(user, planId);
      for (let i = 0; i < 6; i++) await entryRecordedIn(ended);
      const after = await readOfRegister(user, planId);
      expect(after.entries).toBe(before.entries + 6);
      expect(after.sent).toHaveLength(before.sent.length);
      expect(after.statements).toBe(before.statements);
    }
  });
});
