import { approveInvitation } from '../test-support/fixtures';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { startTestServer } from '../test-support/test-server';
import { seedDemoIfEmpty } from './demo-seed';

/**
 * The demo as a municipality tries it, seeded on a fixed Friday (4 December 2026): what it
 * says of days and hours holds on a Danish calendar and clock, whatever day it is seeded.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoIfEmpty(db.dataSource, { now: () => new Date('2026-12-04T11:00:00Z') });
}, 60_000);
afterAll(() => db.drop());

const WEEKDAYS = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];

describe('demo data', () => {
  it('an activity whose title names a weekday ("torsdag kl. 10", "om tirsdagen") falls on that weekday', async () => {
    const rows: Array<{ title: string; dow: number }> = await db.dataSource.query(
      `SELECT title, extract(dow FROM due_at AT TIME ZONE 'Europe/Copenhagen')::int AS dow FROM activity`,
    );
    const named = rows.flatMap((r) => {
      const day = WEEKDAYS.findIndex((w) => r.title.toLowerCase().includes(w));
      return day < 0 ? [] : [{ title: r.title, named: WEEKDAYS[day], on: WEEKDAYS[r.dow] }];
    });
    expect(named.length).toBeGreaterThanOrEqual(2);
    for (const a of named) expect(a).toEqual({ ...a, on: a.named });
  });

  it('activities say where they take place ("Sted"), as staff write it; a step without one shows none', async () => {
    const rows: Array<{ citizen: string; title: string; place: string | null }> = await db.dataSource.query(
      `SELECT c.name AS citizen, a.title, a.place FROM activity a JOIN plan p ON p.id = a.plan_id JOIN citizen c ON c.id = p.citizen_id ORDER BY c.name, a.title`,
    );
    const placeOf = (citizen: string, title: string) => rows.find((r) => r.citizen === citizen && r.title === title)?.place;
    expect(placeOf('Eva Jensen', 'Start i kantinen 1,5 t om tirsdagen')).toBe('Kantinen, Faaborg Rådhus, indgang fra gården');
    expect(placeOf('Eva Jensen', 'Ugentlig mindfulness, torsdag kl. 10')).toBe('Sundhedscenter Faaborg, holdlokalet på 1. sal');
    expect(placeOf('Per Hansen', 'Besøg i den nye lejlighed med Per og forældrene')).toBe('Den nye lejlighed, Søndergade 8, 2. th., 5750 Ringe');
    expect(placeOf('Eva Jensen', 'Samtale med arbejdsgiver om løntimer')).toBeNull();
    expect(rows.filter((r) => r.place !== null).length).toBeGreaterThanOrEqual(5);
    for (const r of rows) if (r.place !== null) expect([...r.place].length).toBeLessThanOrEqual(200);
  });

  it('samtaler are held at 10.00 on a Danish clock, in summer as in winter', async () => {
    const hours: Array<{ hour: number; n: number }> = await db.dataSource.query(
      `SELECT extract(hour FROM held_at AT TIME ZONE 'Europe/Copenhagen')::int AS hour, count(*)::int AS n FROM follow_up_meeting GROUP BY 1 ORDER BY 1`,
    );
    expect(hours.map((h) => h.hour)).toEqual([10]);
  });

  it('Faaborg-Midtfyn has two administrators, Ida and Jonas: an invitation one of them makes, the other approves (four eyes)', async () => {
    expect(await db.dataSource.query(
      `SELECT u.username, u.name, u.activated_at IS NOT NULL AND u.deactivated_at IS NULL AS active, u.invited_by IS NOT NULL AND u.approved_at IS NULL AS awaiting
         FROM app_user u JOIN municipality m ON m.id = u.municipality_id WHERE m.name = 'Faaborg-Midtfyn Kommune' AND u.role = 'ADMINISTRATOR' ORDER BY u.username`,
    )).toEqual([
      { username: 'ida', name: 'Ida Administrator', active: true, awaiting: false },
      { username: 'jonas', name: 'Jonas Krogh', active: true, awaiting: false },
    ]);
    const t = await startTestServer({ db });
    try {
      const [ida, jonas] = [await t.login('ida'), await t.login('jonas')];
      const invited = await t.gql<{ inviteStaff: { id: string; awaitingApproval: boolean } }>(
        `mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { id awaitingApproval } }`, { input: { name: 'Karen Holm', email: 'karen.holm@fmk.dk', role: 'MENTOR' } }, ida,
      );
      expect(invited.errors).toBeUndefined();
      expect(invited.data?.inviteStaff.awaitingApproval).toBe(true);
      const karen = invited.data!.inviteStaff.id;
      expect((await approveInvitation(t, ida, karen)).errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'OWN_INVITATION' });
      const approved = await approveInvitation(t, jonas, karen);
      expect(approved.errors).toBeUndefined();
      expect(approved.data?.approveStaffInvitation.awaitingApproval).toBe(false);
    } finally {
      await t.stop();
    }
  });
});
