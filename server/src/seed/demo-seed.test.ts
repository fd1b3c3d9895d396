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

  it('samtaler are held at 10.00 on a Danish clock, in summer as in winter', async () => {
    const hours: Array<{ hour: number; n: number }> = await db.dataSource.query(
      `SELECT extract(hour FROM held_at AT TIME ZONE 'Europe/Copenhagen')::int AS hour, count(*)::int AS n FROM follow_up_meeting GROUP BY 1 ORDER BY 1`,
    );
    expect(hours.map((h) => h.hour)).toEqual([10]);
  });
});
