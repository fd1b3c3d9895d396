import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { CASELOAD_EVENTS, LiveClient, attachedCount, caughtUp, waitFor, type LiveSubscription } from './live-kit';

/**
 * A mentor's replay shows only what the mentor could have seen when it happened, and may
 * still see now (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8): an event reaches
 * them only if, at the event's own time, a grant of theirs was active and the item was
 * shared with them (for a social activity: under the citizen's consent for the mentor), and
 * at delivery time all of it still holds.
 */
jest.setTimeout(60_000);

let a: TestServer;
const tokens: Record<string, string> = {};
const clients: LiveClient[] = [];

beforeAll(async () => {
  a = await startTestServer();
  for (const u of ['anna', 'bent', 'mikkel']) tokens[u] = await a.login(u);
  // The items shared here are Per's social activities: shared with a mentor only with his word for it.
  await ok(CONSENT, { input: socialWord(await perPlan()) });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await a.stop();
});

const SHARE = `mutation($id: ID!, $s: Boolean!) { setMentorSharing(kind: ACTIVITY, id: $id, shared: $s) }`;
const RENAME = `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { id version } }`;
const GRANT = `mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id version } }`;
const CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`;
const today = () => new Date().toISOString().slice(0, 10);
const socialWord = (planId: string) => ({ planId, scope: 'SOCIAL_DETAILS', recipientKind: 'MENTOR', basis: 'CONSENT', givenOn: today() });
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function ok<T>(query: string, variables: Record<string, unknown>, who = 'anna'): Promise<T> {
  const res = await a.gql<T>(query, variables, tokens[who]);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

/** caseloadEvents from the start of the log (afterSeq "0"), or live only (null). */
async function subscribe(who: string, afterSeq: string | null = '0'): Promise<LiveSubscription> {
  const c = await LiveClient.connect(a.url, tokens[who]);
  clients.push(c);
  return c.subscribe(CASELOAD_EVENTS, afterSeq === null ? {} : { after: afterSeq });
}

async function perPlan(): Promise<string> {
  const [per] = await a.db.dataSource.query(`SELECT p.id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Per Hansen'`);
  return per.id;
}

async function activityOnPer(title: string): Promise<{ id: string; version: number }> {
  const [row] = await a.db.dataSource.query(
    `SELECT a.id, a.version FROM activity a JOIN plan p ON p.id = a.plan_id JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Per Hansen' AND a.title = $1`,
    [title],
  );
  return row;
}

it('a grant given later does not open what was shared, renamed and unshared before it', async () => {
  const per = { id: await perPlan() };
  const [mikkel] = await a.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
  expect(await a.db.dataSource.query(`SELECT 1 FROM mentor_grant WHERE plan_id = $1`, [per.id])).toEqual([]);

  // Before any grant on Per's plan: shared with the mentor, renamed, unshared.
  const early = await activityOnPer('Fast opgave: fylde mælk op hver morgen');
  await ok(SHARE, { id: early.id, s: true });
  await ok(RENAME, { i: { id: early.id, expectedVersion: early.version, title: 'Gammel fortrolig titel' } });
  await ok(SHARE, { id: early.id, s: false });

  // Then the grant, from today.
  const grant = await ok<{ createMentorGrant: { id: string } }>(GRANT, {
    input: { planId: per.id, mentorId: mikkel.id, purpose: 'Støtte i butikken', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: today(), endDate: inDays(60) },
  });

  // After the grant: an item shared now is the mentor's to see.
  const later = await activityOnPer('Besøg i den nye lejlighed med Per og forældrene');
  await ok(SHARE, { id: later.id, s: true });
  await caughtUp(a.db.dataSource, [a.server.feed]);

  const sub = await subscribe('mikkel');
  await waitFor('the replay up to the share made after the grant', () => sub.events.some((e) => e.entityId === later.id));
  expect(sub.errors).toEqual([]);
  expect(sub.events.map((e) => [e.kind, e.entityId])).toEqual([
    ['MENTOR_GRANT_CREATED', grant.createMentorGrant.id],
    ['MENTOR_SHARING_CHANGED', later.id],
  ]);
  const text = JSON.stringify(sub.events);
  expect(text).not.toContain(early.id);
  expect(text).not.toContain('Gammel fortrolig titel');
});

it('what is no longer shared, or no longer under an active grant, is not replayed', async () => {
  const per = await perPlan();
  const item = await activityOnPer('Besøg i den nye lejlighed med Per og forældrene');
  const live = await subscribe('mikkel', null);
  await attachedCount(() => a.server.feed.stats().listeners, 1);
  // Social services own this activity (Per's Bostøtte).
  const renamed = await ok<{ updateActivity: { version: number } }>(RENAME, { i: { id: item.id, expectedVersion: item.version, title: 'Besøg i lejligheden (flyttet)' } }, 'bent');
  await waitFor('the rename, live while shared', () => live.events.some((e) => e.kind === 'ACTIVITY_UPDATED'));

  // Unshared: neither the share nor the rename reaches the mentor any more; the unshare
  // does, as a bare fact (so their screen drops the item now), naming nothing of it.
  await ok(SHARE, { id: item.id, s: false });
  expect(renamed.updateActivity.version).toBeGreaterThan(item.version);
  await waitFor('the unshare, live, as a bare fact', () => live.events.some((e) => e.kind === 'MENTOR_SHARING_CHANGED'));
  await caughtUp(a.db.dataSource, [a.server.feed]);
  const again = await subscribe('mikkel');
  await waitFor('the unshare at the end of the replay', () => again.events.some((e) => e.kind === 'MENTOR_SHARING_CHANGED'));
  expect(again.events.map((e) => e.kind)).toEqual(['MENTOR_GRANT_CREATED', 'MENTOR_SHARING_CHANGED']);
  const withdrawal = again.events[1];
  expect(withdrawal).toMatchObject({ summary: 'Et punkt er ikke længere delt med dig', title: null });
  for (const said of [JSON.stringify(again.events), JSON.stringify(live.events.slice(-1))]) {
    expect(said).not.toContain('Besøg i lejligheden (flyttet)');
    expect(said).not.toContain('fjernede');
  }
  // Live: the rename while it was shared, then the unshare.
  expect(live.events.map((e) => e.kind).slice(-2)).toEqual(['ACTIVITY_UPDATED', 'MENTOR_SHARING_CHANGED']);

  // Once the grant has ended (before today), nothing of the plan is replayed at all.
  await a.db.dataSource.query(`UPDATE mentor_grant SET start_date = $2, end_date = $3 WHERE plan_id = $1`, [per, inDays(-30), inDays(-1)]);
  const ended = await subscribe('mikkel');
  await new Promise((r) => setTimeout(r, 300));
  expect(ended.events.filter((e) => e.planId === per)).toEqual([]);
});

it('a consent given again today does not replay what changed while the citizen had withdrawn it', async () => {
  const plan = await perPlan();
  const [mikkel] = await a.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
  const [word] = await a.db.dataSource.query(`SELECT id FROM consent_entry WHERE plan_id = $1 AND recipient_kind = 'MENTOR' AND withdrawn_at IS NULL`, [plan]);
  const visit = await activityOnPer('Besøg i lejligheden (flyttet)');
  const rename = async (title: string) => {
    const [{ version }] = await a.db.dataSource.query(`SELECT version FROM activity WHERE id = $1`, [visit.id]);
    // Social services own the activity (Per's Bostøtte).
    await ok(RENAME, { i: { id: visit.id, expectedVersion: version, title } }, 'bent');
  };

  // A new grant for Mikkel from today, the social visit shared with him, and a change under Per's word.
  await ok(GRANT, { input: { planId: plan, mentorId: mikkel.id, purpose: 'Støtte i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: today(), endDate: inDays(60) } });
  await ok(SHARE, { id: visit.id, s: true });
  await rename('Besøg i lejligheden, med forældrene');
  // Per withdraws his word; meanwhile the visit is renamed twice.
  await ok(WITHDRAW, { input: { id: word.id, planId: plan } });
  await rename('Samtale om misbrug i lejligheden');
  await rename('Besøg i lejligheden');
  // Today he gives it again, and the visit changes once more under it.
  await ok(CONSENT, { input: socialWord(plan) });
  await rename('Besøg i lejligheden kl. 10');
  await caughtUp(a.db.dataSource, [a.server.feed]);

  const sub = await subscribe('mikkel');
  await waitFor('the replay up to the change under the new consent', () => sub.events.some((e) => e.title === 'Besøg i lejligheden kl. 10'));
  expect(sub.errors).toEqual([]);
  // What changed under his word, then and now, is Mikkel's; what changed while there was none is not.
  const titles = sub.events.filter((e) => e.entityId === visit.id && e.kind === 'ACTIVITY_UPDATED').map((e) => e.title);
  expect(titles).toEqual(['Besøg i lejligheden, med forældrene', 'Besøg i lejligheden kl. 10']);
  expect(JSON.stringify(sub.events)).not.toContain('misbrug');
});

it("a consent that names another mentor gives this one nothing: not live, not on a replay, not in the plan's history", async () => {
  const plan = await perPlan();
  const [fmk] = await a.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'mikkel'`);
  const [mette] = await a.db.dataSource.query(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'mette', 'mette', 'Mette Mentor', 'MENTOR', now()) RETURNING id`,
    [fmk.municipality_id],
  );
  tokens.mette = await a.login('mette');
  await ok(GRANT, { input: { planId: plan, mentorId: mette.id, purpose: 'Støtte ved besøg', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: today(), endDate: inDays(60) } });
  // Per's word for the mentor support is withdrawn; he gives it again for Mette alone.
  const [word] = await a.db.dataSource.query(`SELECT id FROM consent_entry WHERE plan_id = $1 AND recipient_kind = 'MENTOR' AND withdrawn_at IS NULL`, [plan]);
  await ok(WITHDRAW, { input: { id: word.id, planId: plan } });
  await ok(CONSENT, { input: { ...socialWord(plan), recipientMentorId: mette.id } });

  const mikkelLive = await subscribe('mikkel', null);
  const metteLive = await subscribe('mette', null);
  await attachedCount(() => a.server.feed.stats().listeners, 2);
  // Social services rename the shared visit (Per's Bostøtte); then an employment activity is shared, which both may see.
  const visit = await activityOnPer('Besøg i lejligheden kl. 10');
  await ok(RENAME, { i: { id: visit.id, expectedVersion: visit.version, title: 'Besøg i lejligheden med Mette' } }, 'bent');
  // (Renamed by the first test.)
  const milk = await activityOnPer('Gammel fortrolig titel');
  await ok(SHARE, { id: milk.id, s: true });
  await waitFor('the share, live to Mikkel', () => mikkelLive.events.some((e) => e.entityId === milk.id));
  await waitFor('the rename and the share, live to Mette', () => metteLive.events.some((e) => e.entityId === milk.id));
  expect(metteLive.events.map((e) => e.title)).toContain('Besøg i lejligheden med Mette');
  expect(JSON.stringify(mikkelLive.events)).not.toContain('Mette');

  await caughtUp(a.db.dataSource, [a.server.feed]);
  const replay = await subscribe('mikkel');
  await waitFor("the replay up to the share of the employment activity", () => replay.events.some((e) => e.entityId === milk.id && e.kind === 'MENTOR_SHARING_CHANGED'));
  expect(replay.errors).toEqual([]);
  // No change to the visit: what changed under Per's earlier word for any mentor is no longer Mikkel's, as after any withdrawal.
  expect(replay.events.filter((e) => e.entityId === visit.id && e.kind === 'ACTIVITY_UPDATED')).toEqual([]);
  expect(JSON.stringify(replay.events)).not.toContain('Besøg i lejligheden med Mette');

  const HISTORY = `query($planId: ID!) { planHistory(planId: $planId) { items { kind title } } }`;
  const history = async (who: string) => (await ok<{ planHistory: { items: Array<{ kind: string; title: string | null }> } }>(HISTORY, { planId: plan }, who)).planHistory.items;
  expect((await history('mette')).map((i) => i.title)).toContain('Besøg i lejligheden med Mette');
  expect(JSON.stringify(await history('mikkel'))).not.toContain('Besøg i lejligheden med Mette');
});
