import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
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
});
