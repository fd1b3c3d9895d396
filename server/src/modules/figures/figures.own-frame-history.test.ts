import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase, insertMeeting } from '../rules/rules-fixtures';
import { insertFiguresMunicipality } from './figures-fixtures';

/**
 * The municipality's own frame changed in the past: each month's figure is measured against the
 * frame in force at its end, not the frame as it is now. In "Rammekommune", read by its leader
 * on 15 December 2026:
 *  - no frame until 5 March 2026, then at most 30 days between samtaler until 10 June 2026, and
 *    10 days from then on;
 *  - 6 own forløb from 1 February 2026, each with its last samtale before the end of May on
 *    15 May (16 days before 31 May: within 30 days, not within 10), and one on 20 June (10 days
 *    before 30 June: within 10).
 * May is measured against the 30 days (all 6 within), June against the 10 (all 6 within, on
 * 20 June), and a change of the frame today moves neither.
 */
jest.setTimeout(60_000);
let t: TestServer;
let leader: string;
let municipalityId: string;
let now = new Date();

const QUERY = `query($from: String, $to: String) { keyFigures(from: $from, to: $to) {
  figures { figure definition }
  months { label values { figure display } } } }`;
interface Answer {
  figures: Array<{ figure: string; definition: string }>;
  months: Array<{ label: string; values: Array<{ figure: string; display: string }> }>;
}

async function figures(from: string, to: string): Promise<Answer> {
  const res = await t.gql<{ keyFigures: Answer }>(QUERY, { from, to }, leader);
  expect(res.errors).toBeUndefined();
  return res.data!.keyFigures;
}
const own = (a: Answer, month: string) => {
  const values = a.months.find((m) => m.label === month)!.values;
  return ['OWN_FRAME_DUE', 'OWN_FRAME_SHARE'].map((f) => values.find((v) => v.figure === f)?.display);
};

/** A change of the frame kept in its history, at a moment gone by (Danish time), as a leader's change is kept at its own. */
async function frameChangedAt(days: number | null, at: string) {
  await t.db.dataSource.query(
    `INSERT INTO own_programme_frame (municipality_id, valid_from, follow_up_days) VALUES ($1, $2::timestamp AT TIME ZONE 'Europe/Copenhagen', $3)`,
    [municipalityId, at, days]);
}

beforeAll(async () => {
  t = await startTestServer({ clock: { now: () => now } });
  const db = t.db.dataSource;
  ({ municipalityId } = await insertFiguresMunicipality(db, { code: '9993', name: 'Rammekommune', prefix: 'rk', suffix: 'Ramme', unitKinds: ['EMPLOYMENT', 'SOCIAL'] }));
  for (let i = 0; i < 6; i++) {
    const c = await insertCase(db, { coordinator: 'rk-job', type: 'HELHEDSORIENTERET', start: '2026-02-01', end: '2027-12-31', name: `Egen ${i}` });
    for (const d of ['2026-03-01', '2026-05-15', '2026-06-20']) await insertMeeting(db, c, d, '2027-01-15');
  }
  await db.query(`UPDATE programme SET created_at = start_date::timestamp AT TIME ZONE 'Europe/Copenhagen' WHERE municipality_id = $1`, [municipalityId]);
  await frameChangedAt(30, '2026-03-05 09:00:00');
  await frameChangedAt(10, '2026-06-10 14:00:00');
  // The municipality's row holds the frame as it is now.
  await db.query(`UPDATE municipality SET own_programme_follow_up_days = 10 WHERE id = $1`, [municipalityId]);
  leader = await t.login('rk-leder');
  now = new Date('2026-12-15T11:00:00Z');
});
afterAll(() => t.stop());

describe('a month gone by is measured against the frame in force at its end', () => {
  it('May against the 30 days then in force, June against the 10 days set on 10 June', async () => {
    const months = await figures('2026-05', '2026-06');
    // 31 May: 16 days since 15 May, within 30 (not within 10 — the frame now).
    expect(own(months, '2026-05')).toEqual(['6', '100 %']);
    // 30 June: 10 days since 20 June, within 10.
    expect(own(months, '2026-06')).toEqual(['6', '100 %']);
    // July: 41 days since 20 June on 31 July, outside the 10 days.
    expect(own(await figures('2026-07', '2026-07'), '2026-07')).toEqual(['6', '0 %']);
  });

  it('a month before any frame was set has nothing to measure against', async () => {
    // The frame was first set on 5 March 2026: at the end of February there was none.
    expect(own(await figures('2026-02', '2026-02'), '2026-02')).toEqual(['0', '–']);
  });

  it('a change of the frame today moves no month gone by, only the current one', async () => {
    await t.db.dataSource.query(`UPDATE municipality SET own_programme_follow_up_days = 365 WHERE id = $1`, [municipalityId]);
    try {
      const months = await figures('2026-05', '2026-12');
      expect(own(months, '2026-05')).toEqual(['6', '100 %']);
      expect(own(months, '2026-07')).toEqual(['6', '0 %']);
      // December (today) is measured against the frame as it is now: 178 days since 20 June, within 365.
      expect(own(months, '2026-12')).toEqual(['6', '100 %']);
    } finally {
      await t.db.dataSource.query(`UPDATE municipality SET own_programme_follow_up_days = 10 WHERE id = $1`, [municipalityId]);
    }
  });

  it('the figure says which frame it is measured against', async () => {
    const { figures: info } = await figures('2026-06', '2026-06');
    expect(info.find((f) => f.figure === 'OWN_FRAME_DUE')?.definition).toContain('Rammen er den, der gjaldt ved månedens udgang (i indeværende måned: den, der er sat nu)');
  });
});
