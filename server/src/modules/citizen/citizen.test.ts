import { addDays, formatDanishDate } from '@samplan/schema';
import { codeOf, count, interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsResult } from '../../test-support/ws-client';

/**
 * Min plan: the citizen per (Per Hansen) reads his own current plan across the units, in the
 * citizen types only, and follows it live with every staff-internal value cut away.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
const sockets: WsClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
  // A citizen account in the other municipality (Svendborg), bound to its own citizen Sofie.
  await t.db.dataSource.query(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, citizen_id, activated_at)
     SELECT c.municipality_id, 'sofie', 'sofie', c.name, 'CITIZEN', c.id, now() FROM citizen c WHERE c.name = 'Sofie Andersen'`,
  );
  for (const u of ['anna', 'bent', 'per', 'sofie', 'mikkel']) tokens[u] = await t.login(u);
}, 60_000);
afterAll(async () => {
  for (const s of sockets) await s.close();
  await t.stop();
});

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

const userId = async (username: string): Promise<string> => (await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export const MY_PLAN = `{ myPlan {
  id employmentGoal goalKind periodStart periodEnd coordinator { name unitName email phone }
  subGoals { id area text status progress { measuredOn scale value } }
  interventions { id title kindLabel shortTermGoal status startDate endDate unitName supports contact { name unitName email phone } }
  meetings { id startsAt endsAt mode place videoLink status version agenda participants contact { name unitName email phone } }
  mentorSupport { id mentorName startDate endDate } } }`;

interface Contact { name: string; unitName: string | null; email: string | null; phone: string | null }
interface MyPlan {
  id: string; employmentGoal: string; periodStart: string; periodEnd: string; coordinator: Contact | null;
  subGoals: Array<{ id: string; text: string; status: string; progress: Array<{ measuredOn: string; value: number }> }>;
  interventions: Array<{ id: string; title: string; kindLabel: string; status: string; unitName: string; supports: string[]; contact: Contact | null }>;
  meetings: Array<{ id: string; status: string; startsAt: string; place: string | null; agenda: string; participants: string[]; contact: Contact | null }>;
  mentorSupport: Array<{ mentorName: string | null; startDate: string; endDate: string }>;
}

const ENDED = `{ myEndedProgramme { endDate coordinator { name unitName email phone } } }`;
type Ended = { myEndedProgramme: { endDate: string; coordinator: Contact | null } | null };

describe('myPlan: the citizen reads their own plan', () => {
  it('Per sees his current plan: goal, delmål with progress, interventions with contacts, the next samtale, mentor support — and nothing staff-internal', async () => {
    const planId = await planIdOf(t, 'Per');
    // Bent's work phone; a samtale booked by Anna with Bent and Per's mother; a mentor grant (Mikkel).
    await t.db.dataSource.query(`UPDATE app_user SET phone = '62 53 10 00', email = 'bent@fmk.example' WHERE username = 'bent'`);
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCHours(9, 0, 0, 0);
    const booked = await t.gql(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`, { input: {
      planId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), mode: 'IN_PERSON',
      place: 'Jobcentret, Østergade 5, 5750 Ringe', agenda: 'Status på praktikken', staffIds: [await userId('bent')], guests: [{ name: 'Hanne Hansen', relation: 'Pers mor' }],
    } }, tokens.anna);
    expect(booked.errors).toBeUndefined();
    const grant = await t.gql(`mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id } }`, { input: {
      planId, mentorId: await userId('mikkel'), purpose: 'Støtte til at komme op om morgenen', goals: ['Møde til tiden i butikken'], focusAreas: ['Hverdagens struktur'], startDate: day(-5), endDate: day(100),
    } }, tokens.anna);
    expect(grant.errors).toBeUndefined();
    // A staff-internal note on Bostøtte, which the citizen's view must not carry.
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    await t.db.dataSource.query(`UPDATE intervention SET notes = 'Intern note om forældrene' WHERE id = $1`, [bostotte.id]);

    const res = await t.gql<{ myPlan: MyPlan }>(MY_PLAN, {}, tokens.per);
    expect(res.errors).toBeUndefined();
    const plan = res.data!.myPlan;
    expect(plan.id).toBe(planId);
    expect(plan.employmentGoal).toMatch(/^Lønnede timer i butikken/);
    expect(plan.coordinator).toMatchObject({ name: 'Anna Holm', unitName: 'Jobcenter' });
    expect(plan.subGoals.map((g) => g.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^Løse faste opgaver/), 'Flytte i egen lejlighed og klare hverdagen']));
    const butik = plan.subGoals.find((g) => g.text.startsWith('Løse faste opgaver'))!;
    expect(butik.progress.length).toBeGreaterThanOrEqual(2);
    expect(butik.progress[0].value).toBe(1);
    const social = plan.subGoals.find((g) => g.text.startsWith('Flytte'))!;

    const bo = plan.interventions.find((i) => i.title === 'Bostøtte')!;
    expect(bo).toMatchObject({ kindLabel: 'Bostøtte', status: 'PLANNED', unitName: 'Socialforvaltningen', supports: [social.id],
      contact: { name: 'Bent Sørensen', unitName: 'Socialforvaltningen', email: 'bent@fmk.example', phone: '62 53 10 00' } });
    expect(plan.interventions.map((i) => i.title)).toEqual(expect.arrayContaining(['Virksomhedspraktik i detailbutik', 'Virksomhedsmentor i butikken', 'Bostøtte']));
    // Only his current plan: nothing of his first, ended forløb.
    expect(plan.interventions.map((i) => i.title)).not.toContain('Første praktik i detailbutik');

    expect(plan.meetings).toHaveLength(1);
    expect(plan.meetings[0]).toMatchObject({ startsAt: startsAt.toISOString(), place: 'Jobcentret, Østergade 5, 5750 Ringe', agenda: 'Status på praktikken',
      participants: ['Bent Sørensen', 'Hanne Hansen (Pers mor)'], contact: { name: 'Anna Holm', unitName: 'Jobcenter' } });
    expect(plan.mentorSupport).toEqual([{ mentorName: 'Mikkel Lund', startDate: day(-5), endDate: day(100) }].map((m) => expect.objectContaining(m)));
    // A mentor who has left is named to no one: the support shows, without a name.
    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'mikkel'`);
    try {
      const without = (await t.gql<{ myPlan: MyPlan }>(MY_PLAN, {}, tokens.per)).data!.myPlan;
      expect(without.mentorSupport.map((m) => m.mentorName)).toEqual([null]);
    } finally {
      await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL WHERE username = 'mikkel'`);
    }

    // Staff-internal values are not in the answer at all.
    const text = JSON.stringify(res.data);
    for (const internal of ['SEL §85', 'Intern note', 'Bostøtteteamet', 'Per bor hjemme', 'Støtte til at komme op']) expect(text).not.toContain(internal);

    // Reading Min plan is in Per's access log as a read of the plan, by Per.
    expect(await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id
      WHERE u.username = 'per' AND a.action = 'READ_PLAN' AND a.entity_id = $1 AND a.outcome = 'ALLOWED' AND a.channel = 'PLAN_PAGE'`, [planId])).toBe(1);
  });

  it('Per reads the steps planned with him under "Kommende aftaler": what, when and with which unit, the next first — not the notes or who is responsible, nor a step done, gone by or of an ended intervention, nor another citizen\'s', async () => {
    const planId = await planIdOf(t, 'Per');
    const ACTIVITIES = `{ myPlan { activities { id title dueAt unitName } } }`;
    type Appointment = { id: string; title: string; dueAt: string; unitName: string | null };
    const read = async (token: string): Promise<Appointment[]> => {
      const res = await t.gql<{ myPlan: { activities: Appointment[] } }>(ACTIVITIES, {}, token);
      expect(res.errors).toBeUndefined();
      return res.data!.myPlan.activities;
    };
    // The social unit's visit, as the demo planned it, with a note and who is responsible, which are the staff's.
    const [visit] = await t.db.dataSource.query(`SELECT a.id, a.due_at FROM activity a WHERE a.plan_id = $1 AND a.title = 'Besøg i den nye lejlighed med Per og forældrene'`, [planId]);
    await t.db.dataSource.query(`UPDATE activity SET notes = 'Intern note: forældrene er bekymrede', assignee = 'Bostøttekonsulent Bent' WHERE id = $1`, [visit.id]);
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const mentorSupport = await interventionOf(t, 'Per', 'Virksomhedsmentor i butikken');
    const { municipality_id: municipalityId } = (await t.db.dataSource.query(`SELECT municipality_id FROM plan WHERE id = $1`, [planId]))[0];
    const at = (days: number, hour: number) => {
      const d = new Date(Date.now() + days * 86_400_000);
      d.setUTCHours(hour, 0, 0, 0);
      return d;
    };
    const add = async (interventionId: string, title: string, dueAt: Date, status = 'PLANNED'): Promise<string> =>
      (await t.db.dataSource.query(`INSERT INTO activity (municipality_id, plan_id, intervention_id, title, due_at, status, assignee, notes)
        VALUES ($1, $2, $3, $4, $5, $6, '', '') RETURNING id`, [municipalityId, planId, interventionId, title, dueAt, status]))[0].id;
    const added = [
      await add(bostotte.id, 'Tjek af vaskemaskinen', at(2, 9)),
      await add(bostotte.id, 'Besøg i sidste uge', at(-7, 9)),
      await add(bostotte.id, 'Indkøb med støttekontaktpersonen', at(3, 9), 'DONE'),
      await add(bostotte.id, 'Aflyst besøg', at(4, 9), 'CANCELLED'),
      await add(mentorSupport.id, 'Morgenmøde med mentoren', at(5, 7)),
    ];
    // Earlier today, on the Danish clock: still today's.
    const [{ start }] = await t.db.dataSource.query(`SELECT (date_trunc('day', now() AT TIME ZONE 'Europe/Copenhagen') AT TIME ZONE 'Europe/Copenhagen') AS start`);
    added.push(await add(bostotte.id, 'Nøgleoverdragelse', new Date(start.getTime() + 60_000)));
    const [{ status: mentorStatus }] = await t.db.dataSource.query(`SELECT status FROM intervention WHERE id = $1`, [mentorSupport.id]);
    try {
      const list = await read(tokens.per);
      expect(list.map((a) => a.title)).toEqual(['Nøgleoverdragelse', 'Tjek af vaskemaskinen', 'Morgenmøde med mentoren', 'Besøg i den nye lejlighed med Per og forældrene']);
      expect(list.find((a) => a.id === visit.id)).toEqual({ id: visit.id, title: 'Besøg i den nye lejlighed med Per og forældrene', dueAt: visit.due_at.toISOString(), unitName: 'Socialforvaltningen' });
      expect(list.find((a) => a.title === 'Morgenmøde med mentoren')!.unitName).toBe('Jobcenter');
      const text = JSON.stringify(list);
      for (const internal of ['Intern note', 'bekymrede', 'Bostøttekonsulent']) expect(text).not.toContain(internal);

      // The intervention ended (Afsluttet): its step still planned is no longer going to happen.
      await t.db.dataSource.query(`UPDATE intervention SET status = 'COMPLETED' WHERE id = $1`, [mentorSupport.id]);
      expect((await read(tokens.per)).map((a) => a.title)).not.toContain('Morgenmøde med mentoren');

      // Another citizen's steps are not his (Eva's, in his municipality), nor his hers (Sofie, in another).
      const evaPlan = await planIdOf(t, 'Eva');
      const [{ n: evaUpcoming }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM activity WHERE plan_id = $1 AND status = 'PLANNED' AND due_at > now()`, [evaPlan]);
      expect(evaUpcoming).toBeGreaterThan(0);
      const ids = (await read(tokens.per)).map((a) => a.id);
      expect(await count(t, `SELECT 1 FROM activity WHERE id = ANY($1::uuid[]) AND plan_id <> $2`, [ids, planId])).toBe(0);
      const sofie = await read(tokens.sofie);
      expect(await count(t, `SELECT 1 FROM activity WHERE id = ANY($1::uuid[]) AND plan_id <> $2`, [sofie.map((a) => a.id), await planIdOf(t, 'Sofie')])).toBe(0);
      expect(sofie.map((a) => a.id)).not.toContain(visit.id);

      // The staff's fields are not on the citizen's type: asked for, the query is refused.
      for (const field of ['notes', 'assignee', 'sharedWithMentor', 'status', 'interventionId']) {
        expect(codeOf(await t.gql(`{ myPlan { activities { ${field} } } }`, {}, tokens.per))).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    } finally {
      await t.db.dataSource.query(`DELETE FROM activity WHERE id = ANY($1::uuid[])`, [added]);
      await t.db.dataSource.query(`UPDATE intervention SET status = $2 WHERE id = $1`, [mentorSupport.id, mentorStatus]);
      await t.db.dataSource.query(`UPDATE activity SET notes = '', assignee = 'Bent Sørensen' WHERE id = $1`, [visit.id]);
    }
  });

  it('his delmål keep their order when one is changed: marked "Nået", it stays where he last saw it', async () => {
    const planId = await planIdOf(t, 'Per');
    const order = async () => (await t.gql<{ myPlan: MyPlan }>(MY_PLAN, {}, tokens.per)).data!.myPlan.subGoals.map((g) => g.id);
    const before = await order();
    expect(before.length).toBeGreaterThan(1);
    // A new one comes last; then the first is marked achieved, and the one after it changed too.
    const added = await t.gql<{ createSubGoal: { id: string } }>(`mutation($input: CreateSubGoalInput!) { createSubGoal(input: $input) { id } }`,
      { input: { planId, area: 'HEALTH', text: 'Gå en tur hver dag', reason: 'Mere energi' } }, tokens.anna);
    expect(added.errors).toBeUndefined();
    expect(await order()).toEqual([...before, added.data!.createSubGoal.id]);
    const versions = (await t.gql<{ plan: { subGoals: Array<{ id: string; version: number }> } }>(`query($id: ID!) { plan(id: $id) { subGoals { id version } } }`, { id: planId }, tokens.anna)).data!.plan.subGoals;
    for (const id of before.slice(0, 2)) {
      const res = await t.gql(`mutation($input: UpdateSubGoalInput!) { updateSubGoal(input: $input) { id } }`,
        { input: { id, expectedVersion: versions.find((v) => v.id === id)!.version, status: 'ACHIEVED' } }, tokens.anna);
      expect(res.errors).toBeUndefined();
    }
    expect(await order()).toEqual([...before, added.data!.createSubGoal.id]);
  });

  it('a cancelled samtale stays in the list as cancelled, without the staff\'s reason', async () => {
    const before = (await t.gql<{ myPlan: MyPlan }>(MY_PLAN, {}, tokens.per)).data!.myPlan.meetings[0];
    const [{ version }] = await t.db.dataSource.query(`SELECT version FROM booked_meeting WHERE id = $1`, [before.id]);
    const cancelled = await t.gql(`mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id } }`,
      { input: { id: before.id, expectedVersion: version, reason: 'Anna er syg (intern besked)' } }, tokens.anna);
    expect(cancelled.errors).toBeUndefined();
    const res = await t.gql<{ myPlan: MyPlan }>(MY_PLAN, {}, tokens.per);
    expect(res.data!.myPlan.meetings).toEqual([expect.objectContaining({ id: before.id, status: 'CANCELLED' })]);
    expect(JSON.stringify(res.data)).not.toContain('intern besked');
  });

  it('the next samtale agreed at the last one shows until it is booked; then the booking shows instead', async () => {
    const planId = await planIdOf(t, 'Per');
    const AGREED = `{ myPlan { agreedNextMeetingAt meetings { startsAt status } } }`;
    type Agreed = { myPlan: { agreedNextMeetingAt: string | null; meetings: Array<{ startsAt: string; status: string }> } };
    const next = new Date(Date.now() + 10 * 86_400_000);
    next.setUTCHours(8, 0, 0, 0);
    const held = await t.gql(`mutation($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { id } }`, { input: {
      planId, heldAt: new Date(Date.now() - 3_600_000).toISOString(), mode: 'IN_PERSON', participants: ['Per', 'Anna Holm'],
      summary: 'Praktikken går godt', nextMeetingAt: next.toISOString(), sharedWithMentor: false,
    } }, tokens.anna);
    expect(held.errors).toBeUndefined();
    const agreed = await t.gql<Agreed>(AGREED, {}, tokens.per);
    expect(agreed.errors).toBeUndefined();
    expect(agreed.data!.myPlan.agreedNextMeetingAt).toBe(next.toISOString());

    // Booked (an hour later than first said): the booking, with its place and form, is what Per sees.
    const startsAt = new Date(next.getTime() + 3_600_000);
    const booked = await t.gql(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`, { input: {
      planId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), mode: 'PHONE', agenda: '', staffIds: [], guests: [],
    } }, tokens.anna);
    expect(booked.errors).toBeUndefined();
    const after = await t.gql<Agreed>(AGREED, {}, tokens.per);
    expect(after.data!.myPlan.agreedNextMeetingAt).toBeNull();
    expect(after.data!.myPlan.meetings).toContainEqual({ startsAt: startsAt.toISOString(), status: 'BOOKED' });
  });

  describe('the agreed next samtale once it is booked as such, moved and called off', () => {
    const AGREED = `{ myPlan { agreedNextMeetingAt } }`;
    const STAFF = `query($id: ID!) { plan(id: $id) { nextFollowUpAt nextFollowUpBooked nextBookedMeeting { id } } }`;
    type Staff = { plan: { nextFollowUpAt: string | null; nextFollowUpBooked: boolean; nextBookedMeeting: { id: string } | null } };
    const BOOK = `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id version } }`;
    const hour = 3_600_000;

    /** Per's plan with nothing booked, and a samtale held a moment ago that agreed the next one 10 days ahead. */
    async function agreedAhead(minutesAgo: number): Promise<{ planId: string; next: Date }> {
      const planId = await planIdOf(t, 'Per');
      await t.db.dataSource.query(`UPDATE booked_meeting SET status = 'CANCELLED', cancel_reason = 'Ryddet' WHERE plan_id = $1 AND status = 'BOOKED'`, [planId]);
      const next = new Date(Date.now() + 10 * 86_400_000);
      next.setUTCHours(9, 0, 0, 0);
      const held = await t.gql(`mutation($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { id } }`, { input: {
        planId, heldAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), mode: 'PHONE', participants: ['Per', 'Anna Holm'],
        summary: 'Status', nextMeetingAt: next.toISOString(), sharedWithMentor: false,
      } }, tokens.anna);
      expect(held.errors).toBeUndefined();
      return { planId, next };
    }

    const citizenSees = async () => (await t.gql<{ myPlan: { agreedNextMeetingAt: string | null } }>(AGREED, {}, tokens.per)).data!.myPlan.agreedNextMeetingAt;
    const staffSee = async (planId: string) => (await t.gql<Staff>(STAFF, { id: planId }, tokens.anna)).data!.plan;
    const booking = (planId: string, startsAt: Date, extra: Record<string, unknown> = {}) => ({
      planId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + hour).toISOString(), mode: 'PHONE', agenda: '', staffIds: [], guests: [], ...extra,
    });

    it('booked with "Book den aftalte samtale", moved and cancelled, nothing is agreed any more: not to Per, not to staff', async () => {
      const { planId, next } = await agreedAhead(20);
      const booked = await t.gql<{ bookMeeting: { id: string; version: number } }>(BOOK, { input: booking(planId, next, { agreedAt: next.toISOString() }) }, tokens.anna);
      expect(booked.errors).toBeUndefined();
      const later = new Date(next.getTime() + 90 * 86_400_000);
      const moved = await t.gql<{ moveMeeting: { version: number } }>(`mutation($input: MoveMeetingInput!) { moveMeeting(input: $input) { version } }`, { input: {
        id: booked.data!.bookMeeting.id, expectedVersion: booked.data!.bookMeeting.version, startsAt: later.toISOString(), endsAt: new Date(later.getTime() + hour).toISOString(), mode: 'PHONE',
      } }, tokens.anna);
      expect(moved.errors).toBeUndefined();
      const cancelled = await t.gql(`mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id } }`,
        { input: { id: booked.data!.bookMeeting.id, expectedVersion: moved.data!.moveMeeting.version, reason: 'Borgeren er syg' } }, tokens.anna);
      expect(cancelled.errors).toBeUndefined();

      expect(await citizenSees()).toBeNull();
      // Staff: the time agreed stays on record, but it was booked, so it is not "aftalt, ikke booket".
      expect(await staffSee(planId)).toEqual({ nextFollowUpAt: next.toISOString(), nextFollowUpBooked: true, nextBookedMeeting: null });
    });

    it('an agreed time nobody has booked is still shown, also after a samtale booked for something else is cancelled', async () => {
      const { planId, next } = await agreedAhead(10);
      expect(await citizenSees()).toBe(next.toISOString());
      expect(await staffSee(planId)).toEqual({ nextFollowUpAt: next.toISOString(), nextFollowUpBooked: false, nextBookedMeeting: null });

      const other = await t.gql<{ bookMeeting: { id: string; version: number } }>(BOOK, { input: booking(planId, new Date(next.getTime() - 2 * 86_400_000)) }, tokens.anna);
      expect(other.errors).toBeUndefined();
      const cancelled = await t.gql(`mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id } }`,
        { input: { id: other.data!.bookMeeting.id, expectedVersion: other.data!.bookMeeting.version, reason: 'Borgeren er syg' } }, tokens.anna);
      expect(cancelled.errors).toBeUndefined();
      expect(await citizenSees()).toBe(next.toISOString());
      expect(await staffSee(planId)).toEqual({ nextFollowUpAt: next.toISOString(), nextFollowUpBooked: false, nextBookedMeeting: null });
    });
  });

  it('a staff-internal field asked for through the citizen types is refused: they have no such field', async () => {
    const res = await t.gql(`{ myPlan { interventions { notes } } }`, {}, tokens.per);
    expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a staff field or root field asked for by a citizen is refused and in the citizen\'s own access log', async () => {
    const logged = (field: string) =>
      count(t, `SELECT a.id FROM audit_log a JOIN app_user u ON u.id = a.actor_id
                 WHERE u.username = 'per' AND a.action = 'READ_FIELD' AND a.entity_id = $1 AND a.outcome = 'DENIED' AND a.citizen_id = u.citizen_id`, [field]);
    const [phoneBefore, searchBefore] = [await logged('User.phone'), await logged('Query.citizens')];
    const me = await t.gql<{ me: { name: string; phone: string | null } }>(`{ me { name phone } }`, {}, tokens.per);
    expect(codeOf(me)).toBe('FORBIDDEN');
    expect(me.data?.me).toEqual({ name: 'Per Hansen', phone: null });
    expect(await logged('User.phone')).toBe(phoneBefore + 1);
    const search = await t.gql(`{ citizens(search: "Hansen") { __typename } }`, {}, tokens.per);
    expect(codeOf(search)).toBe('FORBIDDEN');
    expect(await logged('Query.citizens')).toBe(searchBefore + 1);
  });

  it('a citizen of another municipality reads only their own plan; Per\'s plan is unreachable to them, and theirs to Per', async () => {
    const sofie = await t.gql<{ myPlan: MyPlan }>(MY_PLAN, {}, tokens.sofie);
    expect(sofie.errors).toBeUndefined();
    expect(sofie.data!.myPlan.id).toBe(await planIdOf(t, 'Sofie'));
    expect(sofie.data!.myPlan.interventions.map((i) => i.title)).toEqual(['Praktik i børnehave']);
    for (const [who, other] of [['sofie', 'Per'], ['per', 'Sofie'], ['per', 'Eva']] as const) {
      const res = await t.gql(`query($id: ID!) { plan(id: $id) { id employmentGoal } }`, { id: await planIdOf(t, other) }, tokens[who]);
      expect(codeOf(res)).toBe('NOT_FOUND');
      expect(res.data?.plan ?? null).toBeNull();
    }
  });

  it('a citizen with no running forløb gets no plan', async () => {
    await t.db.dataSource.query(`INSERT INTO citizen (municipality_id, cpr, name, birth_date, registered_by)
      SELECT municipality_id, '0101904321', 'Ole Uden Forløb', '1990-01-01', id FROM app_user WHERE username = 'anna'`);
    await t.db.dataSource.query(`INSERT INTO app_user (municipality_id, username, subject, name, role, citizen_id, activated_at)
      SELECT c.municipality_id, 'ole', 'ole', c.name, 'CITIZEN', c.id, now() FROM citizen c WHERE c.name = 'Ole Uden Forløb'`);
    const res = await t.gql(MY_PLAN, {}, await t.login('ole'));
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ myPlan: null });
  });

  it('while his forløb runs, Per is told of no ended one, though an earlier forløb of his has ended; a citizen who never had a forløb has none either', async () => {
    for (const token of [tokens.per, await t.login('ole')]) {
      const res = await t.gql<Ended>(ENDED, {}, token);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ myEndedProgramme: null });
    }
  });

  it('Per reads his own register: what he shares, with whom, on which basis, given and withdrawn when — not the staff\'s note, reason or who recorded it, nor another citizen\'s', async () => {
    const planId = await planIdOf(t, 'Per');
    const CONSENTS = `{ myPlan { consents { id scope recipientKind recipientName recipientRelation recipientUnitName basis legalReference givenOn withdrawnOn active } } }`;
    type Consent = { id: string; scope: string; recipientKind: string; recipientName: string | null; recipientRelation: string | null; recipientUnitName: string | null;
      basis: string; legalReference: string | null; givenOn: string; withdrawnOn: string | null; active: boolean };
    const [{ id: socialUnit }] = await t.db.dataSource.query(`SELECT id FROM unit WHERE name = 'Socialforvaltningen'`);
    const recorded = await t.gql<{ recordConsent: { id: string } }>(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, { input: {
      planId, scope: 'SOCIAL_DETAILS', recipientKind: 'UNIT', recipientUnitId: socialUnit, basis: 'LEGAL_BASIS', legalReference: 'Retssikkerhedsloven §11 c',
      givenOn: day(-2), note: 'Intern bemærkning om sagen',
    } }, tokens.anna);
    expect(recorded.errors).toBeUndefined();
    const id = recorded.data!.recordConsent.id;

    const res = await t.gql<{ myPlan: { consents: Consent[] } }>(CONSENTS, {}, tokens.per);
    expect(res.errors).toBeUndefined();
    const consents = res.data!.myPlan.consents;
    expect(consents).toContainEqual({ id, scope: 'SOCIAL_DETAILS', recipientKind: 'UNIT', recipientName: null, recipientRelation: null, recipientUnitName: 'Socialforvaltningen',
      basis: 'LEGAL_BASIS', legalReference: 'Retssikkerhedsloven §11 c', givenOn: day(-2), withdrawnOn: null, active: true });
    // His parents, as the demo registered them with his consent.
    expect(consents).toContainEqual(expect.objectContaining({ scope: 'SOCIAL_DETAILS', recipientKind: 'NETWORK_PERSON', recipientName: 'Hanne og Jens Hansen', recipientRelation: 'forældre', basis: 'CONSENT', active: true }));
    // The register is Per's: the entries stored for him, no other citizen's.
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM consent_entry e JOIN citizen c ON c.id = e.citizen_id WHERE c.name = 'Per Hansen'`);
    expect(consents).toHaveLength(n);

    // Withdrawn: it stays in his list, with the day (in Danish time), and no longer active.
    const withdrawn = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`,
      { input: { id, planId, reason: 'Intern begrundelse for tilbagekaldelsen' } }, tokens.anna);
    expect(withdrawn.errors).toBeUndefined();
    const [{ today }] = await t.db.dataSource.query(`SELECT (withdrawn_at AT TIME ZONE 'Europe/Copenhagen')::date::text AS today FROM consent_entry WHERE id = $1`, [id]);
    const after = (await t.gql<{ myPlan: { consents: Consent[] } }>(CONSENTS, {}, tokens.per)).data!.myPlan.consents;
    expect(after.find((c) => c.id === id)).toMatchObject({ active: false, withdrawnOn: today });
    const text = JSON.stringify(after);
    for (const internal of ['Intern bemærkning', 'Intern begrundelse', 'Anna Holm']) expect(text).not.toContain(internal);

    // Sofie, in the other municipality, reads her own register only.
    const sofie = (await t.gql<{ myPlan: { consents: Consent[] } }>(CONSENTS, {}, tokens.sofie)).data!.myPlan.consents;
    expect(sofie.map((c) => c.id)).not.toContain(id);
  });

  it.each(['anna', 'bent', 'mikkel'])('staff (%s) calling myPlan are refused', async (who) => {
    const res = await t.gql(MY_PLAN, {}, tokens[who]);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.data?.myPlan ?? null).toBeNull();
  });
});

describe('live: the citizen follows their own plan, cut to what a citizen may see', () => {
  const SUB = `subscription($planId: ID!) { planEvents(planId: $planId) { seq kind planId entityId title summary actor { name }
    changes { field label before after }
    record { __typename ... on CitizenIntervention { id title status startDate endDate } ... on CitizenSubGoal { id text subGoalStatus: status } ... on CitizenMeeting { id startsAt place agenda } } } }`;

  async function subscribe(who: string, planId: string): Promise<WsResult[]> {
    const ws = await WsClient.connect(t.url, tokens[who]);
    sockets.push(ws);
    const got: WsResult[] = [];
    const before = t.server.feed.stats().listeners;
    ws.subscribe(SUB, { planId }, (r) => got.push(r));
    await until('attached or refused', () => got.length > 0 || t.server.feed.stats().listeners > before);
    return got;
  }

  it('Bent changes Bostøtte\'s status with a note and a legal basis: Per gets the status, never the note or the legal basis; a note alone is not sent', async () => {
    const planId = await planIdOf(t, 'Per');
    const per = await subscribe('per', planId);
    const anna = await subscribe('anna', planId);
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const UPDATE = `mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { version } }`;
    const first = await t.gql<{ updateSocialIntervention: { version: number } }>(UPDATE, { input: {
      id: bostotte.id, expectedVersion: bostotte.version, status: 'ACTIVE', notes: 'Hemmelig note om misbrug', legalBasis: 'SEL §85, stk. 1', hoursPerWeek: 5, provider: 'Nyt bostøtteteam',
    } }, tokens.bent);
    expect(first.errors).toBeUndefined();
    // A second change of only the note: the coordinator gets it, Per does not.
    const second = await t.gql<{ updateSocialIntervention: { version: number } }>(UPDATE, { input: {
      id: bostotte.id, expectedVersion: first.data!.updateSocialIntervention.version, notes: 'Endnu en intern note',
    } }, tokens.bent);
    expect(second.errors).toBeUndefined();
    // A third: the title, which Per sees; it comes after the note-only change, so once it is here, that one would have been too.
    const third = await t.gql(UPDATE, { input: { id: bostotte.id, expectedVersion: second.data!.updateSocialIntervention.version, title: 'Bostøtte i egen bolig' } }, tokens.bent);
    expect(third.errors).toBeUndefined();
    await until('Per has the title change', () => per.some((r) => JSON.stringify(r.data ?? {}).includes('Bostøtte i egen bolig')));
    await until('Anna has all three', () => anna.filter((r) => r.data?.planEvents).length >= 3);

    expect(per.every((r) => !r.errors)).toBe(true);
    const events = per.map((r) => r.data!.planEvents as { entityId: string; summary: string; actor: { name: string }; changes: Array<{ field: string; before: string | null; after: string | null }>; record: Record<string, unknown> });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ entityId: bostotte.id, title: 'Bostøtte', summary: 'Bostøtte er opdateret', actor: { name: 'Bent Sørensen' },
      record: { __typename: 'CitizenIntervention', id: bostotte.id, title: 'Bostøtte', status: 'ACTIVE' } });
    expect(events[0].changes).toEqual([{ field: 'status', label: 'Status', before: 'Planlagt', after: 'Aktiv' }]);
    expect(events[1].changes).toEqual([{ field: 'title', label: 'Titel', before: 'Bostøtte', after: 'Bostøtte i egen bolig' }]);
    const raw = per.map((r) => r.raw).join('\n');
    for (const internal of ['Hemmelig note', 'intern note', 'SEL §85', 'Nyt bostøtteteam', 'Bostøtteteamet', 'notes', 'legalBasis', 'hoursPerWeek', 'provider']) expect(raw).not.toContain(internal);
    // The stored events do hold those values (the staff's record); the citizen's cut took them out.
    const stored = JSON.stringify(await t.db.dataSource.query(`SELECT payload FROM plan_event WHERE entity_id = $1`, [bostotte.id]));
    for (const internal of ['Hemmelig note', 'SEL §85, stk. 1', 'Nyt bostøtteteam']) expect(stored).toContain(internal);

    // Each delivery to Per is in his access log as a live read of his plan.
    await until('the live trace', async () => (await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id
      WHERE u.username = 'per' AND a.action = 'RECEIVE_LIVE_EVENTS' AND a.entity_id = $1`, [planId])) > 0);
  }, 30_000);

  it('a consent recorded or withdrawn reaches Per\'s page as a bare refresh: no record, no changes, none of the staff\'s words', async () => {
    const planId = await planIdOf(t, 'Per');
    const per = await subscribe('per', planId);
    const recorded = await t.gql<{ recordConsent: { id: string } }>(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, { input: {
      planId, scope: 'HEALTH_DETAILS', recipientKind: 'GP', basis: 'CONSENT', givenOn: day(0), note: 'Hemmelig bemærkning til lægen',
    } }, tokens.anna);
    expect(recorded.errors).toBeUndefined();
    await until('Per has the consent event', () => per.some((r) => (r.data?.planEvents as { entityId?: string } | undefined)?.entityId === recorded.data!.recordConsent.id));
    const event = per.map((r) => r.data?.planEvents as { entityId: string; summary: string; changes: unknown[]; record: unknown }).find((e) => e.entityId === recorded.data!.recordConsent.id)!;
    // Not who recorded it either: his register tells him what he agreed to and whom to ask, not who wrote it down.
    expect(event).toMatchObject({ summary: 'Din plan er opdateret', changes: [], record: null, actor: null });
    const raw = per.map((r) => r.raw).join('\n');
    for (const internal of ['Hemmelig bemærkning', 'registrerede', 'Anna Holm']) expect(raw).not.toContain(internal);
  }, 30_000);

  it('a step added to his plan or moved reaches Per\'s page as a bare refresh (Kommende aftaler); a change of its notes alone does not, and none of its staff fields is sent', async () => {
    const planId = await planIdOf(t, 'Per');
    const per = await subscribe('per', planId);
    // Bostøtte (renamed by the test above).
    const [bostotte] = await t.db.dataSource.query(`SELECT id FROM intervention WHERE plan_id = $1 AND kind = 'HOUSING_SUPPORT'`, [planId]);
    const dueAt = new Date(Date.now() + 6 * 86_400_000);
    dueAt.setUTCHours(12, 0, 0, 0);
    const created = await t.gql<{ createActivity: { id: string; version: number } }>(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id version } }`,
      { input: { interventionId: bostotte.id, title: 'Hente nøglerne hos udlejer', dueAt: dueAt.toISOString(), assignee: 'Bostøttekonsulent Bent', notes: 'Hemmelig note om udlejeren' } }, tokens.bent);
    expect(created.errors).toBeUndefined();
    const { id } = created.data!.createActivity;
    const UPDATE = `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }`;
    const noted = await t.gql<{ updateActivity: { version: number } }>(UPDATE, { input: { id, expectedVersion: created.data!.createActivity.version, notes: 'Endnu en intern note' } }, tokens.bent);
    expect(noted.errors).toBeUndefined();
    // Moved an hour: after the note-only change, so once it is here, that one would have been too.
    const moved = await t.gql(UPDATE, { input: { id, expectedVersion: noted.data!.updateActivity.version, dueAt: new Date(dueAt.getTime() + 3_600_000).toISOString() } }, tokens.bent);
    expect(moved.errors).toBeUndefined();
    try {
      await until('Per has the move', () => per.filter((r) => (r.data?.planEvents as { entityId?: string } | undefined)?.entityId === id).length >= 2);
      expect(per.every((r) => !r.errors)).toBe(true);
      const events = per.map((r) => r.data!.planEvents as { entityId: string; kind: string; title: string | null; summary: string; changes: unknown[]; record: unknown });
      expect(events.map((e) => e.kind)).toEqual(['ACTIVITY_CREATED', 'ACTIVITY_UPDATED']);
      for (const e of events) expect(e).toMatchObject({ entityId: id, title: null, summary: 'Din plan er opdateret', changes: [], record: null });
      const raw = per.map((r) => r.raw).join('\n');
      for (const internal of ['Hemmelig note', 'intern note', 'Bostøttekonsulent', 'Hente nøglerne']) expect(raw).not.toContain(internal);
      // The page reads Min plan again: the step is there, at its new time.
      const mine = (await t.gql<{ myPlan: { activities: Array<{ id: string; dueAt: string }> } }>(`{ myPlan { activities { id dueAt } } }`, {}, tokens.per)).data!.myPlan.activities;
      expect(mine).toContainEqual({ id, dueAt: new Date(dueAt.getTime() + 3_600_000).toISOString() });
    } finally {
      await t.db.dataSource.query(`DELETE FROM activity WHERE id = $1`, [id]);
    }
  }, 30_000);

  it('staff writing in "Det vil jeg gerne have hjælp til" reaches Per\'s page as a bare refresh; a staff section ("Udfordringer") does not reach him', async () => {
    const planId = await planIdOf(t, 'Per');
    const per = await subscribe('per', planId);
    const WRITE = `mutation($input: UpdateDescriptionSectionInput!) { updateDescriptionSection(input: $input) { id version } }`;
    const versionOf = async (kind: string): Promise<number> => {
      const rows: Array<{ version: number }> = await t.db.dataSource.query(`SELECT version FROM plan_description_section WHERE plan_id = $1 AND kind = $2`, [planId, kind]);
      return rows[0]?.version ?? 0;
    };
    const staffOnly = await t.gql(WRITE, { input: { planId, kind: 'CHALLENGES', text: 'Hemmelig vurdering af Pers udfordringer', inCitizensOwnWords: false, expectedVersion: await versionOf('CHALLENGES') } }, tokens.anna);
    expect(staffOnly.errors).toBeUndefined();
    const own = await t.gql<{ updateDescriptionSection: { id: string } }>(WRITE, { input: { planId, kind: 'HELP_WANTED', text: 'Hjælp til at komme op om morgenen', inCitizensOwnWords: true, expectedVersion: await versionOf('HELP_WANTED') } }, tokens.anna);
    expect(own.errors).toBeUndefined();
    const sectionId = own.data!.updateDescriptionSection.id;
    await until('Per has the section\'s event', () => per.some((r) => (r.data?.planEvents as { entityId?: string } | undefined)?.entityId === sectionId));
    const events = per.map((r) => r.data?.planEvents as { entityId: string; summary: string; changes: unknown[]; record: unknown });
    // The staff's section was written first: had it been sent, it would be here before this one.
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entityId: sectionId, summary: 'Din plan er opdateret', changes: [], record: null });
    const raw = per.map((r) => r.raw).join('\n');
    for (const internal of ['Hemmelig vurdering', 'Udfordringer', 'Hjælp til at komme op']) expect(raw).not.toContain(internal);
  }, 30_000);

  it('another citizen\'s plan, another municipality\'s plan and Per\'s ended forløb cannot be followed (NOT_FOUND); the caseload stream is refused', async () => {
    const [{ id: oldPlan }] = await t.db.dataSource.query(`SELECT p.id FROM plan p JOIN programme pr ON pr.id = p.programme_id JOIN citizen c ON c.id = p.citizen_id
      WHERE c.name = 'Per Hansen' AND pr.status = 'ENDED'`);
    for (const planId of [await planIdOf(t, 'Eva'), await planIdOf(t, 'Sofie'), oldPlan]) {
      const got = await subscribe('per', planId);
      await until('an answer', () => got.length > 0);
      expect(got[0].errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    const ws = await WsClient.connect(t.url, tokens.per);
    sockets.push(ws);
    const got: WsResult[] = [];
    ws.subscribe(`subscription { caseloadEvents { seq planId } }`, {}, (r) => got.push(r));
    await until('an answer', () => got.length > 0);
    expect(got[0].errors?.[0].extensions?.code).toBe('FORBIDDEN');
  }, 30_000);

  it('the end of Per\'s forløb is moved twice: each move reaches his page with the day it ended before and the day it ends after, also when he opens the page later; no other field of the forløb carries a value', async () => {
    const planId = await planIdOf(t, 'Per');
    const [{ seq: seenUpTo }] = await t.db.dataSource.query(`SELECT max(seq)::text AS seq FROM plan_event WHERE plan_id = $1`, [planId]);
    const per = await subscribe('per', planId);
    const [{ id, version, end_date: end }] = await t.db.dataSource.query(
      `SELECT pr.id, pr.version, pr.end_date::text AS end_date FROM programme pr JOIN plan p ON p.programme_id = pr.id WHERE p.id = $1`, [planId]);
    const PROGRAMME = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { version } }`;
    const [first, second] = [addDays(end, -7), addDays(end, -14)];
    // The first move is saved with the team meeting's day, a staff-only fact of the forløb.
    const moved = await t.gql<{ updateProgramme: { version: number } }>(PROGRAMME, { input: { id, expectedVersion: version, endDate: first, teamMeetingDate: day(-3) } }, tokens.anna);
    expect(moved.errors).toBeUndefined();
    const again = await t.gql(PROGRAMME, { input: { id, expectedVersion: moved.data!.updateProgramme.version, endDate: second } }, tokens.anna);
    expect(again.errors).toBeUndefined();
    const stored = await t.db.dataSource.query(`SELECT payload->'changes' AS changes FROM plan_event WHERE entity_id = $1 AND seq > $2 ORDER BY seq`, [id, seenUpTo]);
    expect(stored[0].changes.map((c: { field: string }) => c.field)).toContain('teamMeetingDate');

    const ending = (before: string, after: string) => ({ kind: 'PROGRAMME_UPDATED', entityId: id, record: null,
      changes: [{ field: 'endDate', label: 'Forløbets sidste dag', before: formatDanishDate(before), after: formatDanishDate(after) }] });
    const movesOf = (got: WsResult[]) => got.map((r) => r.data?.planEvents as { kind: string; entityId: string; record: unknown; changes: unknown[] }).filter((e) => e?.entityId === id)
      .map(({ kind, entityId, record, changes }) => ({ kind, entityId, record, changes }));
    await until('Per has both moves', () => movesOf(per).length >= 2);
    expect(per.every((r) => !r.errors)).toBe(true);
    expect(movesOf(per)).toEqual([ending(end, first), ending(first, second)]);
    expect(per.map((r) => r.raw).join('\n')).not.toContain('teamMeetingDate');
    expect(per.map((r) => r.raw).join('\n')).not.toContain(formatDanishDate(day(-3)));

    // Opened later, from where he had seen his plan to: the moves come again, with the same days.
    const ws = await WsClient.connect(t.url, tokens.per);
    sockets.push(ws);
    const later: WsResult[] = [];
    ws.subscribe(SUB.replace('($planId: ID!)', '($planId: ID!, $afterSeq: String)').replace('planEvents(planId: $planId)', 'planEvents(planId: $planId, afterSeq: $afterSeq)'), { planId, afterSeq: seenUpTo }, (r) => later.push(r));
    await until('the moves again', () => movesOf(later).length >= 2);
    expect(movesOf(later)).toEqual([ending(end, first), ending(first, second)]);
  }, 30_000);

  // Last in the file: it ends Per's forløb.
  it('Per\'s forløb ends while his page is open: the stream tells his page at once (a bare refresh), and Min plan then has no plan; a change of staff-only facts on the programme is not sent, nor anything after the end', async () => {
    const planId = await planIdOf(t, 'Per');
    const perSocket = await WsClient.connect(t.url, tokens.per);
    sockets.push(perSocket);
    const per: WsResult[] = [];
    const listening = t.server.feed.stats().listeners;
    perSocket.subscribe(SUB, { planId }, (r) => per.push(r));
    await until('Per attached', () => t.server.feed.stats().listeners > listening);
    const anna = await subscribe('anna', planId);
    const consent = await t.gql<{ recordConsent: { id: string } }>(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, { input: {
      planId, scope: 'SOCIAL_DETAILS', recipientKind: 'GP', basis: 'CONSENT', givenOn: day(0),
    } }, tokens.anna);
    expect(consent.errors).toBeUndefined();
    const PROGRAMME = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { id version status } }`;
    const [{ id, version, end_date: end }] = await t.db.dataSource.query(`SELECT pr.id, pr.version, pr.end_date::text AS end_date FROM programme pr JOIN plan p ON p.programme_id = pr.id WHERE p.id = $1`, [planId]);
    // The coordinator records the health-talk guidance (staff-only): Anna gets it, Per does not.
    const guided = await t.gql<{ updateProgramme: { version: number } }>(PROGRAMME, { input: { id, expectedVersion: version, healthTalkGuidedOn: day(-1) } }, tokens.anna);
    expect(guided.errors).toBeUndefined();
    // Per has moved away: the jobcenter ends the forløb (no decision on what follows is needed).
    const ended = await t.gql<{ updateProgramme: { status: string } }>(PROGRAMME, { input: { id, expectedVersion: guided.data!.updateProgramme.version, endReason: 'MOVED' } }, tokens.anna);
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.updateProgramme.status).toBe('ENDED');
    await until('Anna has both', () => anna.filter((r) => (r.data?.planEvents as { entityId?: string } | undefined)?.entityId === id).length >= 2);
    await until('Per has the ending', () => per.some((r) => (r.data?.planEvents as { entityId?: string } | undefined)?.entityId === id));
    const mine = per.map((r) => r.data?.planEvents as { entityId: string; summary: string; changes: unknown[]; record: unknown }).filter((e) => e?.entityId === id);
    // Ended as of today, his forløb's last day moved to today: that day, and the one before, are all it says.
    const [{ end_date: endedOn }] = await t.db.dataSource.query(`SELECT end_date::text FROM programme WHERE id = $1`, [id]);
    expect(endedOn).not.toBe(end);
    expect(mine).toEqual([expect.objectContaining({ summary: 'Din plan er opdateret', record: null,
      changes: [{ field: 'endDate', label: 'Forløbets sidste dag', before: formatDanishDate(end), after: formatDanishDate(endedOn) }] })]);
    expect(per.map((r) => r.raw).join('\n')).not.toContain('afsluttede');
    const after = await t.gql(MY_PLAN, {}, tokens.per);
    expect(after.data).toEqual({ myPlan: null });

    // After the end the coordinator withdraws the consent (possible at any time): the team hears
    // of it, Per's stream is sent nothing more.
    const kinds = (results: WsResult[]) => results.map((r) => (r.data?.planEvents as { kind?: string } | undefined)?.kind);
    expect(kinds(per)).toContain('CONSENT_RECORDED');
    const withdrawn = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`, { input: { id: consent.data!.recordConsent.id, reason: 'Borgeren ringede' } }, tokens.anna);
    expect(withdrawn.errors).toBeUndefined();
    await until('Anna has the withdrawal', () => kinds(anna).includes('CONSENT_WITHDRAWN'));
    // A socket answers in order: whatever the server had sent Per by now has arrived before this answer.
    await perSocket.request(`{ __typename }`);
    expect(kinds(per)).not.toContain('CONSENT_WITHDRAWN');
  }, 30_000);
});

describe('myEndedProgramme: Min plan after the end', () => {
  // After the describe above, which ends Per's forløb.
  it('once his forløb has ended, Per is told the day it ended and whom to ask, his coordinator; nothing of why it ended or what follows, and the read is in his access log', async () => {
    const [programme] = await t.db.dataSource.query(
      `SELECT pr.id, pr.end_date::text AS end_date FROM programme pr JOIN citizen c ON c.id = pr.citizen_id WHERE c.name = 'Per Hansen' ORDER BY pr.start_date DESC LIMIT 1`);
    const before = await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'per' AND a.entity_id = $1 AND a.action = 'READ_PROGRAMME'`, [programme.id]);
    const res = await t.gql<Ended>(ENDED, {}, tokens.per);
    expect(res.errors).toBeUndefined();
    expect(res.data!.myEndedProgramme).toEqual({
      endDate: programme.end_date,
      coordinator: (await t.db.dataSource.query(
        `SELECT u.name, un.name AS "unitName", u.email, u.phone FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE u.username = 'anna'`))[0],
    });
    expect(res.data!.myEndedProgramme!.coordinator!.name).toBe('Anna Holm');
    expect(await count(t, `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'per' AND a.entity_id = $1 AND a.action = 'READ_PROGRAMME'`, [programme.id])).toBe(before + 1);
    // The end reason, the next step and the programme's own facts are staff work: not in the citizen's types.
    for (const field of ['endReason', 'nextStep', 'status', 'type']) {
      expect(codeOf(await t.gql(`{ myEndedProgramme { ${field} } }`, {}, tokens.per))).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    // It ran: not stopped before it began. One stopped before it began is stored as ended on its
    // first day and marked so, and says so; one ended on its first day ran that day.
    const stopped = async () => (await t.gql<{ myEndedProgramme: { stoppedBeforeStart: boolean } }>(`{ myEndedProgramme { stoppedBeforeStart } }`, {}, tokens.per)).data!.myEndedProgramme.stoppedBeforeStart;
    expect(await stopped()).toBe(false);
    const [{ end_date: endDate }] = await t.db.dataSource.query(`SELECT end_date::text FROM programme WHERE id = $1`, [programme.id]);
    await t.db.dataSource.query(`UPDATE programme SET end_date = start_date WHERE id = $1`, [programme.id]);
    expect(await stopped()).toBe(false);
    await t.db.dataSource.query(`UPDATE programme SET stopped_before_start = true WHERE id = $1`, [programme.id]);
    expect(await stopped()).toBe(true);
    await t.db.dataSource.query(`UPDATE programme SET stopped_before_start = false, end_date = $2 WHERE id = $1`, [programme.id, endDate]);
    // Made leader since (possible once her programmes have ended), she reads no citizen's case: no one to ask either.
    const [{ role }] = await t.db.dataSource.query(`SELECT role FROM app_user WHERE username = 'anna'`);
    await t.db.dataSource.query(`UPDATE app_user SET role = 'LEADER' WHERE username = 'anna'`);
    expect((await t.gql<Ended>(ENDED, {}, tokens.per)).data!.myEndedProgramme).toEqual({ endDate: programme.end_date, coordinator: null });
    await t.db.dataSource.query(`UPDATE app_user SET role = $1 WHERE username = 'anna'`, [role]);
    // A coordinator who has left is no one to ask: the page then says to contact the municipality.
    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'anna'`);
    const left = await t.gql<Ended>(ENDED, {}, tokens.per);
    expect(left.data!.myEndedProgramme).toEqual({ endDate: programme.end_date, coordinator: null });
    // Staff have no such view.
    expect(codeOf(await t.gql(ENDED, {}, tokens.bent))).toBe('FORBIDDEN');
  });
});
