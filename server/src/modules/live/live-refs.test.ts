import { In } from 'typeorm';
import { poolQueryable } from '../../core/db/pool-query';
import type { FeedEvent } from '../../core/events/event-row';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { Unit, User } from '../org';
import { loadRefs, refsOf } from './live-refs';

// The live feed loads every batch's actors and units once, kept prepared on the pool: the
// same records TypeORM's repository gives, for every event of the batch.
let db: TestDatabase;
let users: Array<{ id: string }>;
let units: Array<{ id: string }>;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
  const [{ id: municipality }] = await db.dataSource.query(`INSERT INTO municipality (code, name) VALUES ('9997', 'Prøvekommune') RETURNING id`);
  units = await db.dataSource.query(
    `INSERT INTO unit (municipality_id, kind, name) VALUES ($1, 'EMPLOYMENT', 'Jobcenter'), ($1, 'SOCIAL', 'Socialafdelingen') RETURNING id`,
    [municipality],
  );
  users = await db.dataSource.query(
    `INSERT INTO app_user (municipality_id, username, name, role, unit_id, phone) VALUES
       ($1, 'anna', 'Anna Jensen', 'CASEWORKER', $2, '+45 12 34 56 78'), ($1, 'søren', 'Søren Holm', 'CASEWORKER', $3, NULL) RETURNING id`,
    [municipality, units[0].id, units[1].id],
  );
});
afterAll(() => db.drop());

const event = (seq: number, actorId: string | null, unitId: string | null): FeedEvent => ({
  seq: String(seq), planId: '00000000-0000-4000-8000-000000000001', municipalityId: 'm', kind: 'PLAN_UPDATED' as FeedEvent['kind'], entityType: 'PLAN',
  entityId: '00000000-0000-4000-8000-000000000001', actorId, unitId, at: new Date(0), summary: '', payload: {},
});

it.each([
  ['kept prepared on the pool', () => poolQueryable(db.dataSource, { prepare: true })],
  ['through the DataSource', () => db.dataSource],
])('puts the actor and unit on each event, as the repository reads them (%s)', async (_, queryable) => {
  const gone = '00000000-0000-4000-8000-0000000000ff';
  const events = [event(1, users[0].id, units[0].id), event(2, users[1].id, units[1].id), event(3, users[0].id, units[0].id), event(4, null, null), event(5, gone, gone)];
  await loadRefs(db.dataSource, events, queryable());

  const expectedUsers = await db.dataSource.getRepository(User).findBy({ id: In(users.map((u) => u.id)) });
  const expectedUnits = await db.dataSource.getRepository(Unit).findBy({ id: In(units.map((u) => u.id)) });
  const userNamed = (id: string) => expectedUsers.find((u) => u.id === id);
  const unitNamed = (id: string) => expectedUnits.find((u) => u.id === id);
  expect(refsOf(events[0])).toEqual({ actor: userNamed(users[0].id), unit: unitNamed(units[0].id) });
  expect(refsOf(events[1])).toEqual({ actor: userNamed(users[1].id), unit: unitNamed(units[1].id) });
  expect(refsOf(events[2])!.actor).toBeInstanceOf(User);
  expect(refsOf(events[2])!.actor).toMatchObject({ name: 'Anna Jensen', phone: '+45 12 34 56 78', unitId: units[0].id });
  expect(refsOf(events[1])!.unit).toMatchObject({ name: 'Socialafdelingen', kind: 'SOCIAL' });
  // No actor (a system change), and an actor no longer there: no record, not an error.
  expect(refsOf(events[3])).toEqual({ actor: null, unit: null });
  expect(refsOf(events[4])).toEqual({ actor: null, unit: null });
});
