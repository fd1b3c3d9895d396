import type { Actor } from '../auth/actor';
import { Role } from '../auth/roles';
import { seedDemoIfEmpty } from '../../seed/demo-seed';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db';
import { recordAudit } from './audit.service';

// A migrated database with the demo seed: Ida administers Faaborg-Midtfyn, Anna is a caseworker there.
jest.setTimeout(30_000);
let db: TestDatabase;
let ida: Actor;
let annaId: string;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
  await seedDemoIfEmpty(db.dataSource, { now: () => new Date() });
  const users: Array<{ id: string; username: string; name: string; municipality_id: string }> = await db.dataSource.query(
    `SELECT id, username, name, municipality_id FROM app_user WHERE username IN ('ida', 'anna')`);
  const row = (username: string) => users.find((u) => u.username === username)!;
  ida = { userId: row('ida').id, username: 'ida', subject: 'ida', name: row('ida').name, role: Role.ADMINISTRATOR, municipalityId: row('ida').municipality_id, unitId: null, unitKind: null };
  annaId = row('anna').id;
}, 60_000);
afterAll(() => db.drop());

const rowsAbout = (entityId: string) =>
  db.dataSource.query(`SELECT action, outcome, detail, role_before, role_after FROM audit_log WHERE entity_id = $1 ORDER BY id`, [entityId]) as Promise<
    Array<{ action: string; outcome: string; detail: string | null; role_before: string | null; role_after: string | null }>
  >;

describe('recordAudit', () => {
  it('writes the role before and after a change of role or unit on its row (migration 69), and neither on any other row', async () => {
    await recordAudit(db.dataSource, {
      actor: ida, action: 'CHANGE_STAFF', entityType: 'STAFF', entityId: annaId, outcome: 'ALLOWED',
      detail: 'Ændrede Anna fra sagsbehandler i Jobcenter til leder', roleBefore: Role.CASEWORKER, roleAfter: Role.LEADER,
    });
    await recordAudit(db.dataSource, { actor: ida, action: 'CHANGE_STAFF_PHONE', entityType: 'STAFF', entityId: annaId, outcome: 'ALLOWED', detail: 'Satte Annas arbejdstelefon til 72 53 10 00' });
    expect(await rowsAbout(annaId)).toEqual([
      { action: 'CHANGE_STAFF', outcome: 'ALLOWED', detail: 'Ændrede Anna fra sagsbehandler i Jobcenter til leder', role_before: 'CASEWORKER', role_after: 'LEADER' },
      { action: 'CHANGE_STAFF_PHONE', outcome: 'ALLOWED', detail: 'Satte Annas arbejdstelefon til 72 53 10 00', role_before: null, role_after: null },
    ]);
  });
});
