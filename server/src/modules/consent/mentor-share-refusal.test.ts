import { addDays, localDate } from '@samplan/schema';
import { planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * `Activity.mentorShareRefusal`: the plan page offers "Delt med mentor" only where the
 * sharing would be accepted, and says why not in the sharing's own words.
 */
let statements = 0;
let t: TestServer;
let anna: string;
beforeAll(async () => {
  t = await startTestServer({ onQuery: () => { statements++; } });
  anna = await t.login('anna');
});
afterAll(() => t.stop());

const PLAN = `query($id: ID!) { plan(id: $id) { activities { id title mentorShareRefusal } } }`;
const SHARE = `mutation($id: ID!) { setMentorSharing(kind: ACTIVITY, id: $id, shared: true) }`;
type Activities = { plan: { activities: Array<{ id: string; title: string; mentorShareRefusal: string | null }> } };

async function activitiesOf(planId: string) {
  const res = await t.gql<Activities>(PLAN, { id: planId }, anna);
  expect(res.errors).toBeUndefined();
  return res.data!.plan.activities;
}
const named = async (planId: string, title: string) => (await activitiesOf(planId)).find((a) => a.title === title)!;

it("a health activity without the citizen's word for the mentor: the reason the sharing itself gives; with it, none", async () => {
  const eva = await planIdOf(t, 'Eva');
  const mindfulness = await named(eva, 'Ugentlig mindfulness, torsdag kl. 10');
  const refused = await t.gql(SHARE, { id: mindfulness.id }, anna);
  expect(refused.errors?.[0].extensions).toMatchObject({ rule: 'MENTOR_SHARE_NEEDS_CONSENT' });
  expect(mindfulness.mentorShareRefusal).toBe(refused.errors?.[0].message);
  expect(mindfulness.mentorShareRefusal).toMatch(/^Aktiviteten hører til en indsats med helbreds- eller sociale oplysninger\./);

  const recorded = await t.gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
    input: { planId: eva, scope: 'HEALTH_DETAILS', recipientKind: 'MENTOR', basis: 'CONSENT', givenOn: localDate(new Date()) },
  }, anna);
  expect(recorded.errors).toBeUndefined();
  expect((await named(eva, 'Ugentlig mindfulness, torsdag kl. 10')).mentorShareRefusal).toBeNull();
  expect((await t.gql(SHARE, { id: mindfulness.id }, anna)).errors).toBeUndefined();
});

it("an entry naming another mentor than the one whose grant runs shares the activity with nobody who reads it: refused, and said so", async () => {
  const per = await planIdOf(t, 'Per');
  const today = localDate(new Date());
  // Mikkel is granted to support Per from today; Mette is another mentor of the municipality.
  const [{ municipality_id: municipality }] = await t.db.dataSource.query(`SELECT municipality_id FROM plan WHERE id = $1`, [per]);
  const [mette] = await t.db.dataSource.query(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'mette', 'mette', 'Mette Mentor', 'MENTOR', now()) RETURNING id`, [municipality]);
  const [mikkel] = await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'mikkel'`);
  const granted = await t.gql(`mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id } }`, {
    input: { planId: per, mentorId: mikkel.id, purpose: 'Støtte i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: today, endDate: addDays(today, 60) },
  }, anna);
  expect(granted.errors).toBeUndefined();
  const [social] = await t.db.dataSource.query(`SELECT id FROM intervention WHERE plan_id = $1 AND unit_kind = 'SOCIAL' LIMIT 1`, [per]);
  const [step] = await t.db.dataSource.query(
    `INSERT INTO activity (municipality_id, plan_id, intervention_id, title, due_at) VALUES ($1, $2, $3, 'Besøg af bostøtten', now()) RETURNING id`, [municipality, per, social.id]);
  const record = (mentorId: string) => t.gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, {
    input: { planId: per, scope: 'SOCIAL_DETAILS', recipientKind: 'MENTOR', recipientMentorId: mentorId, basis: 'CONSENT', givenOn: today },
  }, anna);

  // Per's word for Mette only: Mikkel, who supports him, would not see the visit.
  expect((await record(mette.id)).errors).toBeUndefined();
  const visit = await named(per, 'Besøg af bostøtten');
  expect(visit.mentorShareRefusal).toMatch(/gælder en anden mentor end den, der har mentorstøtten nu/);
  const refused = await t.gql(SHARE, { id: step.id }, anna);
  expect(refused.errors?.[0].extensions).toMatchObject({ rule: 'MENTOR_SHARE_NEEDS_CONSENT' });
  expect(refused.errors?.[0].message).toBe(visit.mentorShareRefusal);

  // His word for Mikkel too: it may be shared.
  expect((await record(mikkel.id)).errors).toBeUndefined();
  expect((await named(per, 'Besøg af bostøtten')).mentorShareRefusal).toBeNull();
  expect((await t.gql(SHARE, { id: step.id }, anna)).errors).toBeUndefined();
});

it("an activity of the jobcenter's intervention is the plan's to share: no reason", async () => {
  const eva = await planIdOf(t, 'Eva');
  expect((await named(eva, 'Øg til 2 dage om ugen')).mentorShareRefusal).toBeNull();
});

it('the plan page reads it in as many statements with 2 health activities as with 40', async () => {
  const bo = await planIdOf(t, 'Bo');
  const [health] = await t.db.dataSource.query(`SELECT id FROM intervention WHERE plan_id = $1 AND unit_kind = 'HEALTH' LIMIT 1`, [bo]);
  const addSteps = (n: number) => t.db.dataSource.query(
    `INSERT INTO activity (municipality_id, plan_id, intervention_id, title, due_at) SELECT municipality_id, plan_id, id, 'Træning ' || g, now() FROM intervention, generate_series(1, $2) g WHERE id = $1`,
    [health.id, n],
  );
  // The least of three reads is the request's own count (the live feed's poll runs alongside).
  const leastStatements = async () => {
    let least = Infinity;
    for (let i = 0; i < 3; i++) {
      statements = 0;
      const activities = await activitiesOf(bo);
      least = Math.min(least, statements);
      expect(activities.filter((a) => a.title.startsWith('Træning ')).every((a) => a.mentorShareRefusal !== null)).toBe(true);
    }
    return least;
  };
  await addSteps(2);
  const few = await leastStatements();
  await addSteps(38);
  expect((await activitiesOf(bo)).filter((a) => a.title.startsWith('Træning ')).length).toBe(40);
  expect(await leastStatements()).toBe(few);
});
