import { mitIdToken } from '../../test-support/mitid-token';
import { codeOf, count, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsResult } from '../../test-support/ws-client';

/**
 * "Ret deltagere og dagsorden": the coordinator changes who takes part in a booked samtale — a
 * colleague taken off, the citizen's mentor put on, the bisidder the citizen asked for added —
 * and what it is to be about. Everyone on
 * the list must be allowed to take part, as at a booking; those taken off hear of it as they
 * heard of the booking, and no more of the samtale.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
let eva: string;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'mikkel', 'otto']) tokens[u] = await t.login(u);
  eva = await planIdOf(t, 'Eva');
  const [{ cpr }] = await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = 'Eva Jensen'`);
  tokens.eva = await mitIdToken(t.config.auth, 'mitid:eva-participants-change', { cpr });
  for (const { username, id } of await t.db.dataSource.query(`SELECT username, id FROM app_user WHERE username IN ('carla', 'bent', 'mikkel')`)) ids[username] = id;
});
const sockets: WsClient[] = [];
afterAll(async () => {
  for (const s of sockets) await s.close();
  await t.stop();
});

async function until(what: string, cond: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

const BOOK = `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id version } }`;
const CHANGE = `mutation($input: EditMeetingInput!) { editMeeting(input: $input) { id version agenda staff { name } guests { name relation } } }`;
const HISTORY = `query($planId: ID!) { planHistory(planId: $planId, first: 20) { items { kind summary entityType record { __typename } changes { label before after } } } }`;
type Changed = { editMeeting: { id: string; version: number; agenda: string; staff: Array<{ name: string }>; guests: Array<{ name: string; relation: string }> } };
type History = { planHistory: { items: Array<{ kind: string; summary: string; entityType: string; record: unknown; changes: Array<{ label: string; before: string | null; after: string | null }> }> } };

async function bookWithCarlaAndBrother(): Promise<{ id: string; version: number }> {
  const res = await t.gql<{ bookMeeting: { id: string; version: number } }>(BOOK, { input: {
    planId: eva, startsAt: inDays(3), endsAt: inDays(3, 10), mode: 'IN_PERSON', place: 'Jobcentret, Torvet 1', agenda: 'Evas helbred',
    staffIds: [ids.carla], guests: [{ name: 'Jens Jensen', relation: 'Evas bror' }],
  } }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!.bookMeeting;
}
const change = (meeting: { id: string; version: number }, staffIds: string[], guests: Array<{ name: string; relation: string }>, who = 'anna') =>
  t.gql<Changed>(CHANGE, { input: { id: meeting.id, expectedVersion: meeting.version, staffIds, guests } }, tokens[who]);
const mySamtaler = async () =>
  (await t.gql<{ myMentorCases: Array<{ mySamtaler: Array<{ id: string }> }> }>(`{ myMentorCases { mySamtaler { id } } }`, {}, tokens.mikkel)).data!.myMentorCases[0].mySamtaler.map((s) => s.id);
const citizenSees = async (id: string) =>
  (await t.gql<{ myPlan: { meetings: Array<{ id: string; participants: string[] }> } }>(`{ myPlan { meetings { id participants } } }`, {}, tokens.eva)).data!.myPlan.meetings.find((m) => m.id === id)?.participants;

it('takes a colleague and the brother off, puts the mentor and a bisidder on: told to staff by name, to the mentor and Eva without names', async () => {
  const booked = await bookWithCarlaAndBrother();
  const res = await change(booked, [ids.mikkel], [{ name: ' Lise Hansen ', relation: 'bisidder' }]);
  expect(res.errors).toBeUndefined();
  expect(res.data!.editMeeting).toEqual({ id: booked.id, version: booked.version + 1, agenda: 'Evas helbred', staff: [{ name: 'Mikkel Lund' }], guests: [{ name: 'Lise Hansen', relation: 'bisidder' }] });

  // Staff read who was put on and taken off in the history, the network by name and relation, and who did it.
  const staff = await t.gql<History>(HISTORY, { planId: eva }, tokens.anna);
  expect(staff.errors).toBeUndefined();
  const [latest] = staff.data!.planHistory.items.filter((e) => e.entityType === 'MEETING');
  expect(latest.kind).toBe('MEETING_EDITED');
  expect(latest.summary).toMatch(/^Anna Holm \(Jobcenter\) ændrede deltagerne i samtalen .* \(tilføjet: Mikkel Lund, Lise Hansen \(bisidder\); taget af: Carla Nielsen, Jens Jensen \(Evas bror\)\)$/);
  expect(latest.changes).toContainEqual({ label: 'Netværkspersoner og bisidder', before: 'Jens Jensen (Evas bror)', after: 'Lise Hansen (bisidder)' });
  // Audited as its own action, in the same transaction.
  expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'EDIT_MEETING' AND entity_id = $1 AND outcome = 'ALLOWED'`, [booked.id])).toBe(1);

  // Mikkel now has the samtale on his list, and is told so without names.
  expect(await mySamtaler()).toContain(booked.id);
  const mentorHistory = async () =>
    (await t.gql<History>(HISTORY, { planId: eva }, tokens.mikkel)).data!.planHistory.items.filter((e) => e.entityType === 'MEETING' && e.kind === 'MEETING_EDITED');
  expect(await mentorHistory()).toEqual([expect.objectContaining({ summary: 'Deltagerne i en samtale er ændret', record: null })]);
  // Eva sees the new list of who is coming.
  expect(await citizenSees(booked.id)).toEqual(['Mikkel Lund', 'Lise Hansen (bisidder)']);

  // Taken off again: off his list, and told (the change names him only before it).
  const off = await change({ id: booked.id, version: booked.version + 1 }, [], [{ name: 'Lise Hansen', relation: 'bisidder' }]);
  expect(off.errors).toBeUndefined();
  expect(await mySamtaler()).not.toContain(booked.id);
  const told = await mentorHistory();
  expect(told).toHaveLength(2);
  expect(JSON.stringify(told)).not.toMatch(/Lise|Carla|helbred/);
  expect(await citizenSees(booked.id)).toEqual(['Lise Hansen (bisidder)']);
});

it('refuses who may not take part, a list read before another change, and a samtale called off; the same list is no change', async () => {
  const booked = await bookWithCarlaAndBrother();
  const brother = [{ name: 'Jens Jensen', relation: 'Evas bror' }];
  // Bent's unit (social) is not on Eva's team: he cannot see her plan, so cannot take part.
  const notOnTeam = await change(booked, [ids.carla, ids.bent], brother);
  expect(codeOf(notOnTeam)).toBe('BAD_USER_INPUT');
  expect(notOnTeam.errors![0].extensions).toMatchObject({ field: 'staffIds' });
  // A guest without a relation is refused at the input.
  expect(codeOf(await change(booked, [ids.carla], [{ name: 'Jens Jensen', relation: ' ' }]))).toBe('BAD_USER_INPUT');

  // The same list: nothing written, no new version, no event.
  const events = () => count(t, `SELECT 1 FROM plan_event WHERE entity_id = $1::uuid`, [booked.id]);
  const before = await events();
  const reads = () => count(t, `SELECT 1 FROM audit_log WHERE action = 'READ_MEETING' AND entity_id = $1 AND channel = 'RECORD'`, [booked.id]);
  const same = await change(booked, [ids.carla], brother);
  expect(same.data!.editMeeting.version).toBe(booked.version);
  expect(await events()).toBe(before);
  // Still a read of the samtale (its agenda, its network): in Eva's access log.
  expect(await reads()).toBe(1);

  // The same person twice, one taken off: a change (the network is counted, not matched).
  const twice = await change(booked, [ids.carla], [...brother, ...brother]);
  expect(twice.data!.editMeeting.guests).toHaveLength(2);
  const once = await change({ id: booked.id, version: booked.version + 1 }, [ids.carla], brother);
  expect(once.data!.editMeeting).toMatchObject({ version: booked.version + 2, guests: brother });
  booked.version += 2;
  const first = await change(booked, [], brother);
  expect(first.errors).toBeUndefined();
  // A second form, open on the version before: CONFLICT with the samtale as it is now.
  const stale = await change(booked, [ids.carla, ids.mikkel], brother);
  expect(codeOf(stale)).toBe('CONFLICT');
  expect(stale.errors![0].extensions).toMatchObject({ current: { id: booked.id, version: booked.version + 1 } });

  await t.gql(`mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id } }`, { input: { id: booked.id, expectedVersion: booked.version + 1, reason: 'Borgeren er syg' } }, tokens.anna);
  const cancelled = await change({ id: booked.id, version: booked.version + 2 }, [ids.carla], brother);
  expect(cancelled.errors![0]).toMatchObject({ message: 'Samtalen er aflyst og kan ikke ændres.', extensions: { code: 'BAD_USER_INPUT' } });

  // Another municipality's caseworker does not see the samtale at all.
  expect(codeOf(await change({ id: booked.id, version: booked.version + 2 }, [], [], 'otto'))).toBe('NOT_FOUND');
});

it('Eva, following her plan live, is told when her network on a samtale changes, and reads who is coming again', async () => {
  const booked = await bookWithCarlaAndBrother();
  const ws = await WsClient.connect(t.url, tokens.eva);
  sockets.push(ws);
  const got: WsResult[] = [];
  const listeners = t.server.feed.stats().listeners;
  ws.subscribe(`subscription($planId: ID!) { planEvents(planId: $planId) { kind entityId summary record { __typename ... on CitizenMeeting { id startsAt place agenda participants } } } }`, { planId: eva }, (r) => got.push(r));
  await until('attached', () => got.length > 0 || t.server.feed.stats().listeners > listeners);
  // Only the network changed: her brother is replaced by her mother.
  expect((await change(booked, [ids.carla], [{ name: 'Else Jensen', relation: 'Evas mor' }])).errors).toBeUndefined();
  await until('Eva has the change', () => got.some((r) => (r.data?.planEvents as { entityId?: string } | undefined)?.entityId === booked.id));
  const event = got.map((r) => r.data?.planEvents as { kind: string; entityId: string; summary: string }).find((e) => e?.entityId === booked.id)!;
  expect(event).toMatchObject({ kind: 'MEETING_EDITED', record: { __typename: 'CitizenMeeting' } });
  // The event names nobody (its record carries the samtale, not who is coming); her page reads the samtale again.
  expect(got.map((r) => r.raw).join('\n')).not.toMatch(/Else|Jens|Carla/);
  expect(await citizenSees(booked.id)).toEqual(['Carla Nielsen', 'Else Jensen (Evas mor)']);
});

it('the agenda alone: staff read that it was corrected, Eva reads the new one, and the mentor on the samtale hears nothing', async () => {
  const booked = await bookWithCarlaAndBrother();
  // Mikkel on it, put on by an edit that leaves the agenda and the network as they are.
  const withMikkel = await t.gql<Changed>(CHANGE, { input: { id: booked.id, expectedVersion: booked.version, staffIds: [ids.carla, ids.mikkel] } }, tokens.anna);
  expect(withMikkel.data!.editMeeting).toMatchObject({ agenda: 'Evas helbred', guests: [{ name: 'Jens Jensen', relation: 'Evas bror' }] });
  const mentorTold = async () => (await t.gql<History>(HISTORY, { planId: eva }, tokens.mikkel)).data!.planHistory.items.filter((e) => e.kind === 'MEETING_EDITED').length;
  const toldBefore = await mentorTold();
  // Put on, he was told.
  expect(toldBefore).toBeGreaterThanOrEqual(1);
  // Nor is he told when only the others on it change: her brother replaced by her mother.
  const network = await t.gql<Changed>(CHANGE, { input: { id: booked.id, expectedVersion: booked.version + 1, guests: [{ name: 'Else Jensen', relation: 'Evas mor' }] } }, tokens.anna);
  expect(network.data!.editMeeting.version).toBe(booked.version + 2);
  expect(await mentorTold()).toBe(toldBefore);

  const res = await t.gql<Changed>(CHANGE, { input: { id: booked.id, expectedVersion: booked.version + 2, agenda: ' Evas helbred og næste praktik ' } }, tokens.anna);
  expect(res.errors).toBeUndefined();
  expect(res.data!.editMeeting).toMatchObject({ version: booked.version + 3, agenda: 'Evas helbred og næste praktik', staff: [{ name: 'Carla Nielsen' }, { name: 'Mikkel Lund' }] });
  const [latest] = (await t.gql<History>(HISTORY, { planId: eva }, tokens.anna)).data!.planHistory.items.filter((e) => e.entityType === 'MEETING');
  expect(latest.summary).toMatch(/^Anna Holm \(Jobcenter\) rettede dagsordenen for samtalen .*\d$/);
  expect(latest.changes).toEqual([{ label: 'Dagsorden', before: 'Evas helbred', after: 'Evas helbred og næste praktik' }]);
  expect(await mentorTold()).toBe(toldBefore);
  const agenda = (await t.gql<{ myPlan: { meetings: Array<{ id: string; agenda: string }> } }>(`{ myPlan { meetings { id agenda } } }`, {}, tokens.eva)).data!.myPlan.meetings.find((m) => m.id === booked.id)?.agenda;
  expect(agenda).toBe('Evas helbred og næste praktik');

  // Once it is over, it waits for its fremmøde: who took part is not changed after the fact.
  await t.db.dataSource.query(`UPDATE booked_meeting SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [booked.id]);
  const over = await t.gql<Changed>(CHANGE, { input: { id: booked.id, expectedVersion: booked.version + 3, staffIds: [] } }, tokens.anna);
  expect(over.errors![0]).toMatchObject({ message: 'Samtalen er slut. Registrér fremmødet i stedet.', extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
});

it('someone booked but not coming now stays booked through an edit of the others: a mentor whose grant was cut short comes back with a new one', async () => {
  const booked = await bookWithCarlaAndBrother();
  const withMikkel = await t.gql<Changed>(CHANGE, { input: { id: booked.id, expectedVersion: booked.version, staffIds: [ids.carla, ids.mikkel] } }, tokens.anna);
  expect(withMikkel.errors).toBeUndefined();
  // His grants on Eva's plan end today: he is not coming to the samtale in three days, nor shown.
  const grants: Array<{ id: string; end: string }> = await t.db.dataSource.query(`SELECT id, end_date::text AS end FROM mentor_grant WHERE plan_id = $1 AND mentor_id = $2`, [eva, ids.mikkel]);
  await t.db.dataSource.query(`UPDATE mentor_grant SET end_date = (now() AT TIME ZONE 'Europe/Copenhagen')::date WHERE plan_id = $1 AND mentor_id = $2`, [eva, ids.mikkel]);
  try {
    // Staff edit the list as they see it (Carla only) and the network.
    const edited = await change({ id: booked.id, version: booked.version + 1 }, [ids.carla], [{ name: 'Else Jensen', relation: 'Evas mor' }]);
    expect(edited.errors).toBeUndefined();
    expect(edited.data!.editMeeting.staff).toEqual([{ name: 'Carla Nielsen' }]);
    const [{ staff_ids }] = await t.db.dataSource.query(`SELECT staff_ids FROM booked_meeting WHERE id = $1`, [booked.id]);
    expect(staff_ids).toEqual([ids.carla, ids.mikkel]);
  } finally {
    for (const g of grants) await t.db.dataSource.query(`UPDATE mentor_grant SET end_date = $2 WHERE id = $1`, [g.id, g.end]);
  }
  // His grant as it was: he is coming again.
  const staff = await t.gql<{ plan: { meetings: Array<{ id: string; staff: Array<{ name: string }> }> } }>(
    `query($id: ID!) { plan(id: $id) { meetings(period: UPCOMING) { id staff { name } } } }`, { id: eva }, tokens.anna);
  expect(staff.data!.plan.meetings.find((m) => m.id === booked.id)!.staff).toEqual([{ name: 'Carla Nielsen' }, { name: 'Mikkel Lund' }]);
});
