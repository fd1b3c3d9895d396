import type { TestServer } from '../../test-support/test-server';
import { insertCase, type CaseIds } from '../rules/rules-fixtures';
import { insertFiguresMunicipality } from './figures-fixtures';
import { serverOnDay } from '../../test-support/server-on-day';
import { READ_FIGURES, workOut } from './figures-reader';

/**
 * Two months a leader can read, set side by side, must not give back a group either hides. Of
 * those in forløb in a month, those whose forløb did not end in it are in forløb the next month
 * too, with those who started then: per row, in forløb − ended of one month = in forløb − started
 * of the next. "Månedskommune", with today fixed at 15 June 2025:
 *  - 20 forløb coordinated from the jobcenter and 6 from social services, started 6 January 2025;
 *  - 1 of social services' ends on 14 February (the citizen died): February's 1 ended is hidden,
 *    and 26 in forløb in February, 5 started and 30 in forløb in March gave it back (26 + 5 − 30);
 *  - 5 more start in social services on 10 March, and 7 of its 10 end on 20 April (flexjob):
 *    from May, social services has 3 (hidden) and the jobcenter's 20 is hidden with them, but the
 *    jobcenter's 20 in April, with none ended in April and none started in May, gave the 20 back,
 *    and the municipality's 23 less 20 the 3.
 */
const KEY_FIGURES = `query($from: String, $to: String) { keyFigures(from: $from, to: $to) {
  months { label values { figure value suppressed display } }
  units { unitKind months { label values { figure value suppressed display } } }
} }`;
interface Fig { figure: string; value: number | null; suppressed: boolean; display: string }
interface Bucket { label: string; values: Fig[] }
interface Answer { keyFigures: { months: Bucket[]; units: Array<{ unitKind: string | null; months: Bucket[] }> } }

const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
/** The true numbers of the fixture, for the cells it hides: what a reader must not work out. */
const TRUTH: Record<string, number> = {
  '2025-02|TOTAL|ENDED': 1, '2025-02|SOCIAL|ENDED': 1, '2025-02|TOTAL|ENDED_DEATH': 1, '2025-02|SOCIAL|ENDED_DEATH': 1,
  '2025-05|SOCIAL|ACTIVE_PROGRAMMES': 3, '2025-06|SOCIAL|ACTIVE_PROGRAMMES': 3,
  '2025-05|SOCIAL|ACTIVE_RESSOURCEFORLOEB': 3, '2025-06|SOCIAL|ACTIVE_RESSOURCEFORLOEB': 3,
};

async function setUp(t: TestServer): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);
  const { municipalityId } = await insertFiguresMunicipality(t.db.dataSource, { code: '9996', name: 'Månedskommune', prefix: 'mk', suffix: 'Måned', unitKinds: ['EMPLOYMENT', 'SOCIAL'] });
  for (let i = 0; i < 20; i++) await insertCase(t.db.dataSource, { coordinator: 'mk-job', start: '2025-01-06', end: '2027-01-05', name: `Hemmelig Måned ${i}` });
  const social: CaseIds[] = [];
  for (let i = 0; i < 6; i++) social.push(await insertCase(t.db.dataSource, { coordinator: 'mk-soc', start: '2025-01-06', end: '2027-01-05', name: `Hemmelig Social ${i}` }));
  for (let i = 0; i < 5; i++) social.push(await insertCase(t.db.dataSource, { coordinator: 'mk-soc', start: '2025-03-10', end: '2027-03-09', name: `Hemmelig Ny ${i}` }));
  const end = (c: CaseIds, day: string, reason: string) => q(`UPDATE programme SET status = 'ENDED', end_date = $2, end_reason = $3 WHERE id = $1`, [c.programmeId, day, reason]);
  await end(social[0], '2025-02-14', 'DEATH');
  for (const c of social.slice(1, 8)) await end(c, '2025-04-20', 'FLEXJOB');
  await q(`UPDATE programme SET created_at = start_date::timestamp AT TIME ZONE 'Europe/Copenhagen' WHERE municipality_id = $1`, [municipalityId]);
}

const on = serverOnDay('2025-06-15T10:00:00+02:00', 'mk-leder', setUp);

/** Every count a leader is shown, as `month|row|figure` (row: TOTAL or the unit), null where "skjult". */
async function read(from: string, to: string): Promise<Map<string, number | null>> {
  const res = await on.t.gql<Answer>(KEY_FIGURES, { from, to }, on.leader);
  expect(res.errors).toBeUndefined();
  const k = res.data!.keyFigures;
  const shown = new Map<string, number | null>();
  const add = (row: string, months: Bucket[]) => {
    for (const m of months) for (const v of m.values) if (READ_FIGURES.includes(v.figure)) {
      if (v.suppressed) expect(v.display).toBe('skjult');
      shown.set(`${m.label}|${row}|${v.figure}`, v.suppressed ? null : v.value);
    }
  };
  add('TOTAL', k.months);
  for (const u of k.units) add(u.unitKind ?? 'NONE', u.months);
  return shown;
}

describe('month against month gives no hidden group back', () => {
  let oneByOne: Map<string, number | null>;
  beforeAll(async () => {
    oneByOne = new Map();
    for (const m of MONTHS) for (const [k, v] of await read(m, m)) oneByOne.set(k, v);
  });

  it('each month asked for on its own: from the six answers no hidden number but a 0 is worked out, and no group of 1–4', () => {
    // The groups hidden in their own month.
    for (const key of Object.keys(TRUTH)) expect({ key, shown: oneByOne.get(key) }).toEqual({ key, shown: null });
    const workedOut = workOut(oneByOne);
    expect(Object.fromEntries(Object.entries(workedOut).filter(([k]) => k in TRUTH))).toEqual({});
    // A 0 hidden beside a small group (social services' 3 started none) is no group; anything else
    // worked out would be a step toward one.
    expect(Object.fromEntries(Object.entries(workedOut).filter(([, v]) => v !== 0))).toEqual({});
  });

  it('the cells the subtraction needs are hidden with the group: March\'s 5 started, and the jobcenter\'s 0 ended in April', () => {
    // February's 1 ended: 26 in forløb in February + 5 started in March − 30 in forløb in March.
    for (const row of ['TOTAL', 'SOCIAL']) {
      expect({ row, ended: oneByOne.get(`2025-02|${row}|ENDED`), started: oneByOne.get(`2025-03|${row}|STARTED`) }).toEqual({ row, ended: null, started: null });
      expect(oneByOne.get(`2025-02|${row}|ACTIVE_PROGRAMMES`)).toBe(row === 'TOTAL' ? 26 : 6);
      expect(oneByOne.get(`2025-03|${row}|ACTIVE_PROGRAMMES`)).toBe(row === 'TOTAL' ? 30 : 10);
    }
    // The jobcenter's 20 in May: 20 in April − ended in April (0, hidden, and an end reason with it) + started in May (0).
    expect(oneByOne.get('2025-04|EMPLOYMENT|ACTIVE_PROGRAMMES')).toBe(20);
    expect(oneByOne.get('2025-05|EMPLOYMENT|ACTIVE_PROGRAMMES')).toBeNull();
    expect(oneByOne.get('2025-04|EMPLOYMENT|ENDED')).toBeNull();
    // People in forløb are never hidden for it: every month's municipality figure is shown.
    expect(MONTHS.map((m) => oneByOne.get(`${m}|TOTAL|ACTIVE_PROGRAMMES`))).toEqual([26, 26, 30, 30, 23, 23]);
  });

  it('a month shows the same whatever months are asked for with it', async () => {
    expect(await read('2025-01', '2025-06')).toEqual(oneByOne);
    const spring = await read('2025-02', '2025-04');
    for (const [k, v] of spring) expect({ k, v }).toEqual({ k, v: oneByOne.get(k) });
  });
});
