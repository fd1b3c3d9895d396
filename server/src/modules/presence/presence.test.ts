import { codeOf, count, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsGraphQLError } from '../../test-support/ws-client';
import { EXPIRE_SECONDS } from './presence-hub';

/**
 * Who has a plan open: the subscription is the presence, the list comes at once and at
 * every change, `editing` is cut to what the viewer may see, and none of it is audited.
 * Eva's team is the jobcenter (Anna, Dorte — her coordinator) and health (Carla); Mikkel
 * is her mentor; Bent (social services) and Otto (Svendborg) are not on the plan.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
let eva: string;
const sockets: WsClient[] = [];

/** The users, and Eva's register of consent and mentor grants, as seeded: what the tests add, they take away again. */
const seeded = async () => ({
  users: (await t.db.dataSource.query(`SELECT username FROM app_user ORDER BY username`)).map((r: { username: string }) => r.username),
  consents: (await t.db.dataSource.query(`SELECT id, withdrawn_at FROM consent_entry WHERE plan_id = $1 ORDER BY id`, [eva])),
  grants: (await t.db.dataSource.query(`SELECT id FROM mentor_grant WHERE plan_id = $1 ORDER BY id`, [eva])),
});
let atStart: Awaited<ReturnType<typeof seeded>>;

beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'dorte', 'carla', 'bent', 'otto', 'mikkel']) tokens[u] = await t.login(u);
  eva = await planIdOf(t, 'Eva');
  atStart = await seeded();
});
/** What a test added to the shared demo data, undone after it (the newest first): the next test meets the plans as seeded. */
const added: Array<() => Promise<unknown>> = [];
/** A consent entry a test recorded: the register keeps a withdrawn entry, so it is removed outright afterwards. */
const recorded = (id: string) => added.push(() => t.db.dataSource.query(`DELETE FROM consent_entry WHERE id = $1`, [id]));
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
  for (const undo of added.splice(0).reverse()) await undo();
});
afterAll(() => t.stop());

const PRESENCE = `subscription($planId: ID!, $sessionId: String!) {
  planPresence(planId: $planId, sessionId: $sessionId) { planId present { user { name } unit { name } editing since } }
}`;
const SET_EDITING = `mutation($planId: ID!, $sessionId: String!, $recordId: ID) { setEditing(planId: $planId, sessionId: $sessionId, recordId: $recordId) }`;

interface Present {
  user: { name: string };
  unit: { name: string } | null;
  editing: string | null;
  since: string;
}

/** One tab with the plan open: every list it was sent, and any error. */
class Tab {
  readonly lists: Present[][] = [];
  readonly errors: WsGraphQLError[] = [];
  constructor(readonly socket: WsClient, readonly sessionId: string) {}
  get latest(): Present[] | undefined {
    return this.lists[this.lists.length - 1];
  }
  names(): string[] {
    return (this.latest ?? []).map((p) => p.user.name);
  }
  of(name: string): Present | undefined {
    return this.latest?.find((p) => p.user.name === name);
  }
}

let sessions = 0;
async function openTab(user: string, planId = eva, sessionId = `tab-${user}-${++sessions}-${Date.now()}`): Promise<Tab> {
  const socket = await WsClient.connect(t.url, tokens[user]);
  sockets.push(socket);
  const tab = new Tab(socket, sessionId);
  socket.subscribe(PRESENCE, { planId, sessionId }, (r) => {
    if (r.errors) tab.errors.push(...r.errors);
    const presence = r.data?.planPresence as { present: Present[] } | undefined;
    if (presence) tab.lists.push(presence.present);
  });
  return tab;
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const setEditing = (user: string, sessionId: string, recordId: string | null, planId = eva) =>
  t.gql<{ setEditing: boolean }>(SET_EDITING, { planId, sessionId, recordId }, tokens[user]);

it('sends the list at once, and again when someone arrives or leaves; two tabs are one person; nothing is audited', async () => {
  const audits = await count(t, `SELECT 1 FROM audit_log`);
  const anna = await openTab('anna');
  await waitFor('Anna to see herself', () => anna.names().includes('Anna Holm'));
  expect(anna.of('Anna Holm')).toMatchObject({ unit: { name: expect.any(String) }, editing: null });

  const dorte1 = await openTab('dorte');
  const dorte2 = await openTab('dorte');
  await waitFor('Dorte in both her tabs', () => dorte1.names().includes('Dorte Madsen') && dorte2.names().includes('Dorte Madsen'));
  await waitFor('Anna to see Dorte', () => anna.names().includes('Dorte Madsen'));
  expect(anna.names()).toEqual(['Anna Holm', 'Dorte Madsen']);

  // One tab closed: Dorte is still here. Both closed: she is gone.
  await dorte1.socket.close();
  await waitFor('the closed tab\'s row to go', async () => (await count(t, `SELECT 1 FROM plan_presence WHERE session_id = $1`, [dorte1.sessionId])) === 0);
  // Carla arriving after it shows the list as it is since: Dorte still there.
  await openTab('carla');
  await waitFor('Anna to see Carla', () => anna.names().includes('Carla Nielsen'));
  expect(anna.names()).toEqual(['Anna Holm', 'Dorte Madsen', 'Carla Nielsen']);
  await dorte2.socket.close();
  await waitFor('Dorte to leave Anna\'s list', () => !anna.names().includes('Dorte Madsen'));
  expect(anna.errors).toEqual([]);
  expect(await count(t, `SELECT 1 FROM audit_log`)).toBe(audits);
});

it('shows staff what someone is editing, and a mentor only records in the mentor\'s view', async () => {
  const [health] = await t.db.dataSource.query(`SELECT i.id FROM intervention i JOIN unit u ON u.id = i.unit_id WHERE i.plan_id = $1 AND u.kind = 'HEALTH' LIMIT 1`, [eva]);
  const [shared] = await t.db.dataSource.query(`SELECT id FROM activity WHERE plan_id = $1 AND shared_with_mentor LIMIT 1`, [eva]);
  const anna = await openTab('anna');
  const mikkel = await openTab('mikkel');
  const carla = await openTab('carla');
  const dorte = await openTab('dorte');
  const everybody = ['Anna Holm', 'Mikkel Lund', 'Carla Nielsen', 'Dorte Madsen'];
  await waitFor('all four present for Anna', () => everybody.every((n) => anna.names().includes(n)));
  // Eva shares her health details with the team, not with her mentor: that a health unit works
  // with her is not Mikkel's to know, so Carla is not in his list.
  await waitFor('the others present for Mikkel', () => ['Anna Holm', 'Mikkel Lund', 'Dorte Madsen'].every((n) => mikkel.names().includes(n)));
  expect(mikkel.lists.some((l) => l.some((p) => p.user.name === 'Carla Nielsen'))).toBe(false);
  const consent = await t.gql<{ recordConsent: { id: string } }>(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
    input: { planId: eva, scope: 'HEALTH_DETAILS', recipientKind: 'MENTOR', basis: 'CONSENT', givenOn: new Date().toISOString().slice(0, 10) },
  }, tokens.anna);
  expect(consent.errors).toBeUndefined();
  recorded(consent.data!.recordConsent.id);
  // With her consent for the mentor, he sees Carla at once (nobody else arrives).
  await waitFor('Mikkel to see Carla', () => mikkel.names().includes('Carla Nielsen'));

  const res = await setEditing('carla', carla.sessionId, health.id);
  expect(res.data?.setEditing).toBe(true);
  await waitFor('Anna to see Carla editing the health intervention', () => anna.of('Carla Nielsen')?.editing === health.id);
  const edited = await setEditing('dorte', dorte.sessionId, shared.id);
  expect(edited.data?.setEditing).toBe(true);
  await waitFor('Mikkel to see Dorte editing the shared activity', () => mikkel.of('Dorte Madsen')?.editing === shared.id);
  // The health intervention is not in the mentor's view: Carla is present, editing nothing he may know of.
  expect(mikkel.of('Carla Nielsen')).toMatchObject({ editing: null });
  expect(mikkel.lists.some((l) => l.some((p) => p.editing === health.id))).toBe(false);
  expect(mikkel.of('Mikkel Lund')?.unit).toBeNull();

  // Closing the form: editing nothing again.
  await setEditing('carla', carla.sessionId, null);
  await waitFor('Anna to see Carla stop editing', () => anna.of('Carla Nielsen')?.editing === null);
  // A tab that is not present has no row to mark.
  expect((await setEditing('anna', 'not-a-present-tab', null)).data?.setEditing).toBe(false);
  expect([anna, mikkel, carla, dorte].flatMap((tab) => tab.errors)).toEqual([]);
  const withdrawn = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { active } }`, { input: { id: consent.data!.recordConsent.id } }, tokens.anna);
  expect(withdrawn.errors).toBeUndefined();
  await waitFor('Carla out of Mikkel\'s list again', () => !mikkel.names().includes('Carla Nielsen'));
});

it('a consent for the mentor that names another mentor does not show Mikkel who works with Eva for health services; one that names him does', async () => {
  const [fmk] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'mikkel'`);
  const [mette] = await t.db.dataSource.query(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'mette', 'mette', 'Mette Mentor', 'MENTOR', now()) RETURNING id`,
    [fmk.municipality_id],
  );
  // Removed after her entries (the newest undo first), which name her.
  added.push(() => t.db.dataSource.query(`DELETE FROM app_user WHERE id = $1`, [mette.id]));
  const [mikkelUser] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
  const record = async (recipientMentorId: string) => {
    const res = await t.gql<{ recordConsent: { id: string } }>(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
      input: { planId: eva, scope: 'HEALTH_DETAILS', recipientKind: 'MENTOR', recipientMentorId, basis: 'CONSENT', givenOn: new Date().toISOString().slice(0, 10) },
    }, tokens.anna);
    expect(res.errors).toBeUndefined();
    recorded(res.data!.recordConsent.id);
    return res.data!.recordConsent.id;
  };
  const withdraw = async (id: string) =>
    expect((await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { active } }`, { input: { id } }, tokens.anna)).errors).toBeUndefined();

  const mikkel = await openTab('mikkel');
  await openTab('carla');
  await waitFor('Mikkel in his own list', () => mikkel.names().includes('Mikkel Lund'));
  // Eva agrees to share her health details with Mette only; then Dorte arrives, and Mikkel's list is sent again.
  const forMette = await record(mette.id);
  await openTab('dorte');
  await waitFor('Mikkel to see Dorte', () => mikkel.names().includes('Dorte Madsen'));
  expect(mikkel.lists.some((l) => l.some((p) => p.user.name === 'Carla Nielsen'))).toBe(false);

  // Named for him, he sees Carla at once.
  await withdraw(forMette);
  const forMikkel = await record(mikkelUser.id);
  await waitFor('Mikkel to see Carla', () => mikkel.names().includes('Carla Nielsen'));
  expect(mikkel.errors).toEqual([]);
  await withdraw(forMikkel);
  await waitFor('Carla out of Mikkel\'s list again', () => !mikkel.names().includes('Carla Nielsen'));
});

it('a mentor does not see another mentor of the citizen on the plan; the staff see both', async () => {
  const [mikkelUser] = await t.db.dataSource.query(`SELECT id, municipality_id FROM app_user WHERE username = 'mikkel'`);
  const [mona] = await t.db.dataSource.query(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'mona', 'mona', 'Mona Bostøttementor', 'MENTOR', now()) RETURNING id`,
    [mikkelUser.municipality_id],
  );
  // Her presence rows go with her (plan_presence cascades).
  added.push(async () => {
    delete tokens.mona;
    await t.db.dataSource.query(`DELETE FROM app_user WHERE id = $1`, [mona.id]);
  });
  // A grant of her own on Eva's plan, as Mikkel's, running today.
  const [grant] = await t.db.dataSource.query(
    `INSERT INTO mentor_grant SELECT (jsonb_populate_record(NULL::mentor_grant, to_jsonb(g) || jsonb_build_object('id', gen_random_uuid(), 'mentor_id', $2::uuid))).*
       FROM mentor_grant g WHERE g.plan_id = $1 AND g.mentor_id = $3 LIMIT 1 RETURNING id`,
    [eva, mona.id, mikkelUser.id],
  );
  added.push(() => t.db.dataSource.query(`DELETE FROM mentor_grant WHERE id = $1`, [grant.id]));
  tokens.mona = await t.login('mona');
  const anna = await openTab('anna');
  const mikkel = await openTab('mikkel');
  const monaTab = await openTab('mona');
  await waitFor('Anna to see both mentors', () => ['Mikkel Lund', 'Mona Bostøttementor'].every((n) => anna.names().includes(n)));
  // Each list settles on the mentor themself and Anna (a list sent before the mentor's own row was written may name Anna alone).
  await waitFor('each mentor to see Anna and themself', () =>
    ['Anna Holm', 'Mikkel Lund'].every((n) => mikkel.names().includes(n)) && ['Anna Holm', 'Mona Bostøttementor'].every((n) => monaTab.names().includes(n)));
  // Every list either mentor was sent, not only the last: the other mentor was in none.
  expect(mikkel.lists.some((l) => l.some((p) => p.user.name === 'Mona Bostøttementor'))).toBe(false);
  expect(monaTab.lists.some((l) => l.some((p) => p.user.name === 'Mikkel Lund'))).toBe(false);
  expect(monaTab.names()).toContain('Mona Bostøttementor');
  expect([anna, mikkel, monaTab].flatMap((tab) => tab.errors)).toEqual([]);
});

it('shows staff who edits the citizen\'s contact details, a section of the description (written or not yet), a booked samtale and the decision on what follows', async () => {
  const [citizen] = await t.db.dataSource.query(`SELECT pr.citizen_id AS id FROM plan p JOIN programme pr ON pr.id = p.programme_id WHERE p.id = $1`, [eva]);
  const sections = await t.gql<{ plan: { descriptionSections: Array<{ id: string; version: number }> } }>(`query($id: ID!) { plan(id: $id) { descriptionSections { id version } } }`, { id: eva }, tokens.anna);
  expect(sections.errors).toBeUndefined();
  // 10.00 Danish time a week from now (11.00 in summer): a samtale ends on the day it begins, at whatever hour the test runs.
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  startsAt.setUTCHours(9, 0, 0, 0);
  const booked = await t.gql<{ bookMeeting: { id: string } }>(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`, {
    input: { planId: eva, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString(), mode: 'PHONE' },
  }, tokens.anna);
  expect(booked.errors).toBeUndefined();
  const [programme] = await t.db.dataSource.query(`SELECT programme_id AS id FROM plan WHERE id = $1`, [eva]);
  const decided = await t.gql<{ decideNextStep: { nextStep: { id: string } } }>(`mutation($input: DecideNextStepInput!) { decideNextStep(input: $input) { nextStep { id } } }`, {
    input: { programmeId: programme.id, step: 'FLEXJOB' },
  }, tokens.anna);
  expect(decided.errors).toBeUndefined();
  const records = [citizen.id, ...sections.data!.plan.descriptionSections.map((s) => s.id), booked.data!.bookMeeting.id, decided.data!.decideNextStep.nextStep.id];
  expect(records).toHaveLength(8);
  const anna = await openTab('anna');
  const dorte = await openTab('dorte');
  await waitFor('Dorte present for Anna', () => anna.names().includes('Dorte Madsen'));
  for (const recordId of records) {
    const res = await setEditing('dorte', dorte.sessionId, recordId);
    expect(res.errors).toBeUndefined();
    expect(res.data?.setEditing).toBe(true);
    await waitFor(`Anna to see Dorte editing ${recordId}`, () => anna.of('Dorte Madsen')?.editing === recordId);
  }
});

it('refuses a bad session id, a record of another plan, and a plan the caller may not see', async () => {
  const bad = await openTab('anna', eva, 'short');
  await waitFor('a refusal', () => bad.errors.length > 0);
  expect(bad.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(codeOf(await setEditing('anna', 'has space in it', null))).toBe('BAD_USER_INPUT');

  const [other] = await t.db.dataSource.query(`SELECT id FROM intervention WHERE plan_id <> $1 LIMIT 1`, [eva]);
  expect(codeOf(await setEditing('anna', 'a-valid-session', other.id))).toBe('BAD_USER_INPUT');

  const sofie = await planIdOf(t, 'Sofie');
  for (const [user, planId] of [['bent', eva], ['otto', eva], ['anna', sofie]] as const) {
    const tab = await openTab(user, planId);
    await waitFor(`${user} refused`, () => tab.errors.length > 0);
    expect(tab.errors[0].extensions?.code).toBe('NOT_FOUND');
    expect(tab.lists).toEqual([]);
    expect(codeOf(await setEditing(user, 'a-valid-session', null, planId))).toBe('NOT_FOUND');
  }
  const rows = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM plan_presence pp JOIN app_user u ON u.id = pp.user_id WHERE u.username IN ('bent', 'otto')`);
  expect(rows[0].n).toBe(0);
});

it("a mentor refused another municipality's plan leaves the attempt in that citizen's access log", async () => {
  const sofie = await planIdOf(t, 'Sofie');
  const [{ citizen_id: citizenId }] = await t.db.dataSource.query(`SELECT citizen_id FROM plan WHERE id = $1`, [sofie]);
  const denied = (action: string) => t.db.dataSource.query(
    `SELECT a.citizen_id, a.detail FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'mikkel' AND a.action = $1 AND a.outcome = 'DENIED' AND a.entity_id = $2`,
    [action, sofie]);
  expect(codeOf(await setEditing('mikkel', 'a-valid-session', null, sofie))).toBe('NOT_FOUND');
  expect(await denied('SET_EDITING')).toEqual([{ citizen_id: citizenId, detail: 'no active mentor grant on plan' }]);
  const tab = await openTab('mikkel', sofie);
  await waitFor('Mikkel refused', () => tab.errors.length > 0);
  expect(tab.errors[0].extensions?.code).toBe('NOT_FOUND');
  await waitFor('the refused presence logged', async () => (await denied('SUBSCRIBE_PLAN_PRESENCE')).length > 0);
  expect(await denied('SUBSCRIBE_PLAN_PRESENCE')).toEqual([{ citizen_id: citizenId, detail: 'no active mentor grant on plan' }]);
});

it('lets the rows of an instance that stopped refreshing them expire, and announces it', async () => {
  const anna = await openTab('anna');
  await waitFor('Anna present', () => anna.names().includes('Anna Holm'));
  // Dorte's tab on an instance that has just died: refreshed a moment ago, never again.
  await t.db.dataSource.query(
    `INSERT INTO plan_presence (plan_id, user_id, session_id, municipality_id, unit_id, instance_id, subscription_id, refreshed_at)
     SELECT $1, u.id, 'tab-on-a-dead-instance', u.municipality_id, u.unit_id, gen_random_uuid(), gen_random_uuid(), now() - make_interval(secs => $2)
       FROM app_user u WHERE u.username = 'dorte'`,
    [eva, EXPIRE_SECONDS - 2],
  );
  await t.db.dataSource.query(`SELECT pg_notify('samplan_presence', $1)`, [eva]);
  await waitFor('Anna to see Dorte', () => anna.names().includes('Dorte Madsen'));
  await waitFor('Dorte to expire from Anna\'s list', () => !anna.names().includes('Dorte Madsen'));
  expect(await count(t, `SELECT 1 FROM plan_presence WHERE session_id = 'tab-on-a-dead-instance'`)).toBe(0);
});

it('someone whose unit is taken off the team is out at once: their presence and their plan stream end with NOT_FOUND, with no one else arriving', async () => {
  const [{ unit_id: social }] = await t.db.dataSource.query(`SELECT unit_id FROM app_user WHERE username = 'bent'`);
  const TEAM = (change: 'add' | 'remove') => `mutation($p: ID!, $u: ID!) { ${change}TeamUnit(planId: $p, unitId: $u) { id } }`;
  // Anna, Eva's coordinator, brings social services onto the team; Bent opens the plan.
  expect((await t.gql(TEAM('add'), { p: eva, u: social }, tokens.anna)).errors).toBeUndefined();
  const anna = await openTab('anna');
  const bent = await openTab('bent');
  await waitFor('Anna to see Bent', () => anna.names().includes('Bent Sørensen'));
  const events: string[] = [];
  const streamErrors: WsGraphQLError[] = [];
  bent.socket.subscribe(`subscription($planId: ID!) { planEvents(planId: $planId) { seq kind } }`, { planId: eva }, (r) => {
    if (r.errors) streamErrors.push(...r.errors);
    const event = r.data?.planEvents as { kind: string } | undefined;
    if (event) events.push(event.kind);
  });
  await new Promise((r) => setTimeout(r, 300));
  // A change Bent may see comes to him; then Anna takes his unit off the team.
  const { data } = await t.gql<{ plan: { version: number } }>(`query($id: ID!) { plan(id: $id) { version } }`, { id: eva }, tokens.anna);
  const update = `mutation($id: ID!, $v: Int!) { updatePlan(input: { id: $id, expectedVersion: $v, employmentGoal: "Job som pedel" }) { id } }`;
  expect((await t.gql(update, { id: eva, v: data!.plan.version }, tokens.anna)).errors).toBeUndefined();
  await waitFor('Bent to get the change', () => events.includes('PLAN_UPDATED'));
  const removed = await t.gql(TEAM('remove'), { p: eva, u: social }, tokens.anna);
  expect(removed.errors).toBeUndefined();
  await waitFor('Bent\'s presence refused', () => bent.errors.length > 0);
  expect(bent.errors[0].extensions?.code).toBe('NOT_FOUND');
  await waitFor('Anna no longer to see Bent', () => !anna.names().includes('Bent Sørensen'));
  await waitFor('Bent\'s plan stream to end', () => streamErrors.length > 0);
  expect(streamErrors[0].extensions?.code).toBe('NOT_FOUND');
  // Nothing of the change that took the plan from him reached him.
  expect(events).toEqual(['PLAN_UPDATED']);
});

it('takes a place among the socket\'s subscriptions like any other subscription', async () => {
  const limited = await startTestServer({ db: t.db, seed: false, env: { SUBSCRIPTIONS_PER_SOCKET: '1' } });
  try {
    const socket = await WsClient.connect(limited.url, tokens.anna);
    sockets.push(socket);
    const results: Array<{ code?: unknown; names?: string[] }> = [];
    for (const sessionId of ['first-tab-here', 'second-tab-here']) {
      socket.subscribe(PRESENCE, { planId: eva, sessionId }, (r) =>
        results.push({ code: r.errors?.[0]?.extensions?.code, names: (r.data?.planPresence as { present: Present[] } | undefined)?.present.map((p) => p.user.name) }),
      );
    }
    await waitFor('an answer to each', () => results.some((r) => r.names) && results.some((r) => r.code));
    expect(results.find((r) => r.code)?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(await count(t, `SELECT 1 FROM plan_presence WHERE session_id = 'second-tab-here'`)).toBe(0);
    await socket.close();
  } finally {
    await limited.stop();
  }
});

it('ends the presence when the socket\'s token expires', async () => {
  const shortLived = await startTestServer({ db: t.db, seed: false, env: { DEMO_TOKEN_TTL_SECONDS: '2' } });
  try {
    const anna = await openTab('anna');
    const socket = await WsClient.connect(shortLived.url, await shortLived.login('dorte'));
    sockets.push(socket);
    socket.subscribe(PRESENCE, { planId: eva, sessionId: 'expiring-tab' }, () => undefined);
    await waitFor('Anna to see Dorte', () => anna.names().includes('Dorte Madsen'));
    expect(await socket.closed).toBe(4401);
    await waitFor('Dorte to leave Anna\'s list', () => !anna.names().includes('Dorte Madsen'));
    expect(await count(t, `SELECT 1 FROM plan_presence WHERE session_id = 'expiring-tab'`)).toBe(0);
  } finally {
    await shortLived.stop();
  }
});

it('leaves the users and Eva\'s register of consent and mentor grants as seeded, for the tests after it', async () => {
  // Her seeded consent to share health details with the team is there to compare.
  expect(atStart.consents.length).toBeGreaterThan(0);
  expect(await seeded()).toEqual(atStart);
});
