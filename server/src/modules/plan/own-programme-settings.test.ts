import { codeOf, count, untilWaitingForLock } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * The municipality's own frames are set by a leader: checked when the request begins (its
 * actor, read then or kept for up to 30 s), and again in the transaction that writes them, so
 * a leader whose role is taken away meanwhile writes nothing.
 */
jest.setTimeout(30_000);
let t: TestServer;
const tokens: Record<string, string> = {};
let lene: string;
let actorReads = 0;
let municipalityId: string;
beforeAll(async () => {
  // The reads of a signed-in user's row (core/auth/actor-cache.ts serves the others from memory).
  t = await startTestServer({ onQuery: (sql) => (sql.includes('WHERE u.subject = $1') ? actorReads++ : undefined) });
  for (const u of ['lene', 'ida']) tokens[u] = await t.login(u);
  [{ id: lene, municipality_id: municipalityId }] = await t.db.dataSource.query(`SELECT id, municipality_id FROM app_user WHERE username = 'lene'`);
});
afterAll(() => t.stop());
afterEach(async () => {
  await t.db.dataSource.query(`UPDATE app_user SET role = 'LEADER', unit_id = NULL WHERE id = $1`, [lene]);
});

const SETTINGS = `mutation($input: SetOwnProgrammeSettingsInput!) { setOwnProgrammeSettings(input: $input) { maxLengthMonths followUpIntervalDays version } }`;
const REFUSED = 'Du er ikke længere leder, så ændringen er ikke gemt.';

async function frames(): Promise<{ months: number | null; version: number }> {
  const [row] = await t.db.dataSource.query(`SELECT own_programme_max_months AS months, own_programme_settings_version AS version FROM municipality WHERE id = $1`, [municipalityId]);
  return row;
}
const deniedRows = () => count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND action = 'SET_OWN_PROGRAMME_SETTINGS' AND outcome = 'DENIED' AND detail = 'no longer a leader'`, [lene]);

/** Lene is a leader when her request begins: her actor is read (and kept) as one. */
async function asLeaderNow(): Promise<void> {
  const me = await t.gql<{ me: { role: string } }>(`{ me { role } }`, {}, tokens.lene);
  expect(me.data?.me.role).toBe('LEADER');
}

/** A change of Lene's role without the rights notice (the trigger of migration 15 off for it): this instance's actor cache is not told. */
async function quietly(role: string): Promise<void> {
  const runner = t.db.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query(`SET LOCAL session_replication_role = replica`);
  await runner.query(`UPDATE app_user SET role = $2 WHERE id = $1`, [lene, role]);
  await runner.commitTransaction();
  await runner.release();
}

/**
 * Lene a mentor in the database, while this instance's actor cache still holds her as a leader:
 * she is read until a request of hers is served without reading her row (the cache keeps her
 * once the instance listens to the rights notices), then her role is changed without the notice.
 */
async function heldAsLeaderWhileMentor(): Promise<void> {
  let held = false;
  for (let attempt = 0; attempt < 20 && !held; attempt++) {
    const readsBefore = actorReads;
    await asLeaderNow();
    held = actorReads === readsBefore;
  }
  if (!held) throw new Error('The actor cache did not keep Lene.');
  await quietly('MENTOR');
  await asLeaderNow();
}

describe('a leader whose role is taken away while their change of the frames is under way', () => {
  it('her role taken away in the database while this instance still holds her as a leader: the write reads it afresh and refuses', async () => {
    // First in the file: no rights notice of an earlier test is still on its way to empty the cache.
    const before = await frames();
    await heldAsLeaderWhileMentor();

    const res = await t.gql(SETTINGS, { input: { maxLengthMonths: 9, expectedVersion: before.version } }, tokens.lene);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors?.[0].message).toBe(REFUSED);
    expect(await frames()).toEqual(before);
    expect(await deniedRows()).toBe(1);
  });

  it('a demotion committed after the request was let in, while its write waited for the frames: refused, logged, nothing written', async () => {
    await asLeaderNow();
    const before = await frames();
    const denied = await deniedRows();
    // Another change of the frames holds the municipality's row (as a second leader's save would).
    const other = t.db.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query(`SELECT 1 FROM municipality WHERE id = $1 FOR NO KEY UPDATE`, [municipalityId]);
    const change = t.gql(SETTINGS, { input: { maxLengthMonths: 12, followUpIntervalDays: 14, expectedVersion: before.version } }, tokens.lene);
    // Let in as a leader, Lene's change waits for the row.
    const waited = await untilWaitingForLock(t, change);
    // Meanwhile an administrator makes her a mentor, and that commits.
    await t.db.dataSource.query(`UPDATE app_user SET role = 'MENTOR' WHERE id = $1`, [lene]);
    await other.rollbackTransaction();
    await other.release();

    expect(waited).toBe(true);
    const res = await change;
    expect(res.errors?.[0]).toMatchObject({ message: REFUSED, extensions: { code: 'FORBIDDEN' } });
    expect(await frames()).toEqual(before);
    expect(await deniedRows()).toBe(denied + 1);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND action = 'SET_OWN_PROGRAMME_SETTINGS' AND outcome = 'ALLOWED'`, [lene])).toBe(0);
    // The administration log says what she tried and why it was refused, in Danish.
    const log = await t.gql<{ administrationLog: { entries: Array<{ actorName: string; summary: string }> } }>(`{ administrationLog(first: 20) { entries { actorName summary } } }`, {}, tokens.ida);
    expect(log.data!.administrationLog.entries.find((e) => e.actorName === 'Lene Kristensen')?.summary)
      .toBe('Afvist forsøg på at sætte kommunens egne rammer for helhedsorienterede forløb: Ikke længere leder');
  });

  it('a demotion under way when the write reads her role: the write waits for it, and is refused once it commits', async () => {
    await asLeaderNow();
    const before = await frames();
    const demotion = t.db.dataSource.createQueryRunner();
    await demotion.connect();
    await demotion.startTransaction();
    await demotion.query(`UPDATE app_user SET role = 'MENTOR' WHERE id = $1`, [lene]);
    const change = t.gql(SETTINGS, { input: { maxLengthMonths: 6, expectedVersion: before.version } }, tokens.lene);
    const waited = await untilWaitingForLock(t, change);
    await demotion.commitTransaction();
    await demotion.release();
    expect(waited).toBe(true);
    expect((await change).errors?.[0]).toMatchObject({ message: REFUSED, extensions: { code: 'FORBIDDEN' } });
    expect(await frames()).toEqual(before);
  });

  it('a leader still a leader sets them as before', async () => {
    const before = await frames();
    const res = await t.gql<{ setOwnProgrammeSettings: unknown }>(SETTINGS, { input: { maxLengthMonths: 18, followUpIntervalDays: 30, expectedVersion: before.version } }, tokens.lene);
    expect(res.errors).toBeUndefined();
    expect(res.data?.setOwnProgrammeSettings).toEqual({ maxLengthMonths: 18, followUpIntervalDays: 30, version: before.version + 1 });
  });
});
