import { interventionOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * Whom Min plan names to contact about an intervention when the caseworker named on it has left
 * the unit that owns it. Per's two Jobcenter interventions were made by Dorte Madsen (Jobcenter);
 * an administrator moves her to Socialforvaltningen (or she is deactivated). She no longer works
 * with them, and the unit holds no phone or e-mail of its own, so the citizen is given his
 * coordinating caseworker, Anna Holm, with her mail and phone: someone to reach, never nobody
 * while he has a coordinator.
 */
let t: TestServer;
let per: string;
beforeAll(async () => {
  t = await startTestServer();
  await t.db.dataSource.query(`UPDATE app_user SET email = 'anna.holm@fmk.dk', phone = '72 53 10 10' WHERE username = 'anna'`);
  await t.db.dataSource.query(`UPDATE app_user SET email = 'dorte.madsen@fmk.dk', phone = '72 53 10 13' WHERE username = 'dorte'`);
  per = await t.login('per');
}, 60_000);
afterAll(() => t.stop());

const MY_PLAN = `{ myPlan { coordinator { name unitName email phone isCoordinator } interventions { title unitName contact { name unitName email phone isCoordinator } } } }`;
interface Contact { name: string; unitName: string | null; email: string | null; phone: string | null; isCoordinator: boolean }
interface MyPlan { coordinator: Contact | null; interventions: Array<{ title: string; unitName: string; contact: Contact | null }> }

async function myPlan(): Promise<MyPlan> {
  const res = await t.gql<{ myPlan: MyPlan }>(MY_PLAN, {}, per);
  expect(res.errors).toBeUndefined();
  return res.data!.myPlan;
}
const jobcenterContacts = async () => (await myPlan()).interventions.filter((i) => i.unitName === 'Jobcenter').map((i) => i.contact);

// The page says "din koordinerende sagsbehandler" by `isCoordinator`: Anna coordinates Per's plan, Dorte does not.
const DORTE: Contact = { name: 'Dorte Madsen', unitName: 'Jobcenter', email: 'dorte.madsen@fmk.dk', phone: '72 53 10 13', isCoordinator: false };
const ANNA: Contact = { name: 'Anna Holm', unitName: 'Jobcenter', email: 'anna.holm@fmk.dk', phone: '72 53 10 10', isCoordinator: true };

async function moveDorteTo(unitName: string): Promise<void> {
  await t.db.dataSource.query(
    `UPDATE app_user d SET unit_id = u.id FROM unit u WHERE d.username = 'dorte' AND u.municipality_id = d.municipality_id AND u.name = $1`,
    [unitName],
  );
}

describe('Min plan: the contact of an intervention whose caseworker has left its unit', () => {
  afterEach(async () => {
    await moveDorteTo('Jobcenter');
    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL WHERE username IN ('anna', 'dorte')`);
  });

  it('while Dorte is in Jobcenter, Per\'s Jobcenter interventions name her, with how to reach her', async () => {
    const contacts = await jobcenterContacts();
    expect(contacts).toHaveLength(2);
    expect(contacts).toEqual([DORTE, DORTE]);
  });

  it('Dorte moved to Socialforvaltningen: each Jobcenter intervention names his coordinator, Anna Holm, with her mail and phone — not Dorte, and not no one', async () => {
    await moveDorteTo('Socialforvaltningen');
    const plan = await myPlan();
    expect(plan.coordinator).toEqual(ANNA);
    const jobcenter = plan.interventions.filter((i) => i.unitName === 'Jobcenter');
    expect(jobcenter).toHaveLength(2);
    for (const i of jobcenter) {
      // The intervention is still Jobcenter's; whom to ask is the coordinator, reachable.
      expect(i.contact).toEqual(ANNA);
      expect(i.contact!.email ?? i.contact!.phone).toBeTruthy();
    }
    expect(JSON.stringify(plan.interventions)).not.toContain('Dorte');
    // Socialforvaltningen's own intervention keeps its caseworker: the fallback is only for those left without one.
    const social = plan.interventions.find((i) => i.unitName === 'Socialforvaltningen');
    expect(social?.contact?.name).toBe('Bent Sørensen');
  });

  it('an intervention Anna made herself names her as the coordinator she is, while Dorte\'s other one names Dorte as not the coordinator', async () => {
    const [first] = (await myPlan()).interventions.filter((i) => i.unitName === 'Jobcenter');
    const made = await interventionOf(t, 'Per Hansen', first.title);
    const [{ created_by: madeBy }] = await t.db.dataSource.query(`SELECT created_by FROM intervention WHERE id = $1`, [made.id]);
    await t.db.dataSource.query(`UPDATE intervention i SET created_by = a.id FROM app_user a WHERE a.username = 'anna' AND i.id = $1`, [made.id]);
    try {
      const jobcenter = (await myPlan()).interventions.filter((i) => i.unitName === 'Jobcenter');
      expect(jobcenter.find((i) => i.title === first.title)?.contact).toEqual(ANNA);
      expect(jobcenter.filter((i) => i.title !== first.title).map((i) => i.contact)).toEqual([DORTE]);
    } finally {
      await t.db.dataSource.query(`UPDATE intervention SET created_by = $2 WHERE id = $1`, [made.id, madeBy]);
    }
  });

  it('Dorte deactivated: the same, the coordinator', async () => {
    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'dorte'`);
    expect(await jobcenterContacts()).toEqual([ANNA, ANNA]);
  });

  it('Dorte moved and no coordinator now (Anna deactivated): no contact, which the page says as "contact the municipality"', async () => {
    await moveDorteTo('Socialforvaltningen');
    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'anna'`);
    const plan = await myPlan();
    expect(plan.coordinator).toBeNull();
    expect(plan.interventions.filter((i) => i.unitName === 'Jobcenter').map((i) => i.contact)).toEqual([null, null]);
  });
});

describe('Min plan: the contact about a samtale whose booker has left', () => {
  const MEETINGS = `{ myPlan { meetings { id contact { name unitName email phone isCoordinator } } } }`;
  const meetings = async () => (await t.gql<{ myPlan: { meetings: Array<{ id: string; contact: Contact | null }> } }>(MEETINGS, {}, per)).data!.myPlan.meetings;
  afterEach(() => t.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL WHERE username = 'bent'`));

  it('a samtale Bent booked names Bent; Bent deactivated, it names the coordinator, Anna Holm, with how to reach her', async () => {
    // Bent books a samtale with Per.
    const [meeting] = await t.db.dataSource.query(
      `INSERT INTO booked_meeting (municipality_id, plan_id, starts_at, ends_at, mode, place, status, booked_by)
       SELECT p.municipality_id, p.id, now() + interval '10 days', now() + interval '10 days 1 hour', 'IN_PERSON', 'Socialforvaltningen, Ringe', 'BOOKED', b.id
         FROM plan p JOIN citizen c ON c.id = p.citizen_id, app_user b WHERE c.name = 'Per Hansen' AND b.username = 'bent' RETURNING id`,
    );
    expect((await meetings()).find((m) => m.id === meeting.id)?.contact).toMatchObject({ name: 'Bent Sørensen', isCoordinator: false });
    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'bent'`);
    expect((await meetings()).find((m) => m.id === meeting.id)?.contact).toEqual(ANNA);
  });
});
