import { codeOf } from '../../test-support/fixtures';
import type { TestServer } from '../../test-support/test-server';
import { insertCase, type CaseIds } from '../rules/rules-fixtures';
import { insertFiguresMunicipality } from './figures-fixtures';
import { serverOnDay } from '../../test-support/server-on-day';

/**
 * Two periods of a leader's choosing, set against each other, must not give back a hidden
 * month. "Periodekommune", with today fixed at 15 June 2025:
 *  - 20 forløb coordinated from the jobcenter and 6 from social services, started 6 January 2025;
 *  - 2 of the jobcenter's end on 14 February (to employment), and 2 more start there on 10 March;
 *  - 1 of social services' is handed to the jobcenter on 1 April (a period counted on its own put
 *    its start with the unit at the period's end, and set against the months told of the move).
 * So every month has 26 in forløb, February's 2 ended and March's 2 started are hidden, and
 * people in forløb at some time in January–March (28) against January–February (26) would have
 * told that 2 came in March.
 */

const KEY_FIGURES = `query($from: String, $to: String) { keyFigures(from: $from, to: $to) {
  months { label values { figure value suppressed display atLeast } }
  period { label from to values { figure value suppressed display atLeast } }
  units { unitKind months { label values { figure value suppressed display atLeast } } period { label values { figure value suppressed display atLeast } } }
} }`;
interface Fig { figure: string; value: number | null; suppressed: boolean; display: string; atLeast: number | null }
interface Bucket { label: string; values: Fig[] }
interface Answer { keyFigures: { months: Bucket[]; period: Bucket; units: Array<{ unitKind: string | null; months: Bucket[]; period: Bucket }> } }
const fig = (b: Bucket) => Object.fromEntries(b.values.map(({ figure, ...rest }) => [figure, rest])) as Record<string, Omit<Fig, 'figure'>>;

async function setUp(t: TestServer): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);
  const { municipalityId } = await insertFiguresMunicipality(t.db.dataSource, { code: '9997', name: 'Periodekommune', prefix: 'pk', suffix: 'Periode', unitKinds: ['EMPLOYMENT', 'SOCIAL'] });
  const jobcenter: CaseIds[] = [];
  for (let i = 0; i < 20; i++) jobcenter.push(await insertCase(t.db.dataSource, { coordinator: 'pk-job', start: '2025-01-06', end: '2027-01-05', name: `Hemmelig Periode ${i}` }));
  const social: CaseIds[] = [];
  for (let i = 0; i < 6; i++) social.push(await insertCase(t.db.dataSource, { coordinator: 'pk-soc', start: '2025-01-06', end: '2027-01-05', name: `Hemmelig Social ${i}` }));
  // One of social services' forløb is handed to the jobcenter on 1 April: its start stays with January's unit.
  await q(`UPDATE coordinator_assignment SET to_at = '2025-04-01 09:00+02' WHERE programme_id = $1`, [social[0].programmeId]);
  await q(`INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, reason, citizen_consulted)
           SELECT $1, $2, u.id, u.unit_id, '2025-04-01 09:00+02', 'Skift', true FROM app_user u WHERE u.username = 'pk-job'`, [municipalityId, social[0].programmeId]);
  for (const c of jobcenter.slice(0, 2)) await q(`UPDATE programme SET status = 'ENDED', end_date = '2025-02-14', end_reason = 'EMPLOYMENT' WHERE id = $1`, [c.programmeId]);
  for (let i = 0; i < 2; i++) await insertCase(t.db.dataSource, { coordinator: 'pk-job', start: '2025-03-10', end: '2027-03-09', name: `Hemmelig Ny ${i}` });
  await q(`UPDATE programme SET created_at = start_date::timestamp AT TIME ZONE 'Europe/Copenhagen' WHERE municipality_id = $1`, [municipalityId]);
}

const on = serverOnDay('2025-06-15T10:00:00+02:00', 'pk-leder', setUp);

const ask = async (from: string, to: string) => {
  const res = await on.t.gql<Answer>(KEY_FIGURES, { from, to }, on.leader);
  expect(res.errors).toBeUndefined();
  return res.data!.keyFigures;
};

describe('the whole period gives no hidden month back', () => {
  it('people in forløb over January–March against January–February: what the two give is March as shown, not the 2 who came', async () => {
    const toMarch = await ask('2025-01', '2025-03');
    const toFebruary = await ask('2025-01', '2025-02');
    const month = (label: string) => fig(toMarch.months.find((m) => m.label === label)!);
    expect(['2025-01', '2025-02', '2025-03'].map((l) => month(l).ACTIVE_PROGRAMMES.value)).toEqual([26, 26, 26]);
    // The 2 who ended in February and the 2 who started in March are hidden month by month.
    expect(month('2025-02').ENDED.display).toBe('skjult');
    expect(month('2025-03').STARTED.display).toBe('skjult');
    // Over a period, people in forløb are the average per month: 26 both times, so the
    // difference is no one, where counting each person once over the period gave 28 and 26.
    expect(fig(toMarch.period).ACTIVE_PROGRAMMES).toMatchObject({ value: 26, display: '26,0' });
    expect(fig(toFebruary.period).ACTIVE_PROGRAMMES).toMatchObject({ value: 26, display: '26,0' });
    const employment = (k: Answer['keyFigures']) => fig(k.units.find((u) => u.unitKind === 'EMPLOYMENT')!.period).ACTIVE_PROGRAMMES.value;
    expect([employment(toMarch), employment(toFebruary)]).toEqual([20, 20]);
  });

  it('starts and ends over a period are the sum of the months; with a month hidden, "mindst" the shown months and nothing more', async () => {
    const toMarch = await ask('2025-01', '2025-03');
    const toFebruary = await ask('2025-01', '2025-02');
    // January's 26 starts are shown; March's 2 are not: January–March says at least 26, as January–February says 26.
    expect(fig(toFebruary.period).STARTED).toMatchObject({ value: 26, suppressed: false, display: '26' });
    expect(fig(toMarch.period).STARTED).toEqual({ value: null, suppressed: true, display: 'mindst 26', atLeast: 26 });
    // February's 2 ended are the only ones: no shown month to add up, so just "skjult".
    expect(fig(toMarch.period).ENDED).toEqual({ value: null, suppressed: true, display: 'skjult', atLeast: null });
    // April–June: no hidden month, so the exact sum.
    expect(fig((await ask('2025-04', '2025-06')).period).STARTED).toMatchObject({ value: 0, display: '0', atLeast: null });
  });

  it('every figure of every period, for the municipality and each unit, is what its months show, added up or averaged', async () => {
    const labels = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
    const SUMS = ['STARTED', 'ENDED', 'ENDED_EMPLOYMENT', 'GUARANTEE_DUE'];
    const AVERAGES = ['ACTIVE_PROGRAMMES', 'ACTIVE_RESSOURCEFORLOEB', 'COMPANY_BASED', 'ORDINARY_HOURS_PEOPLE'];
    for (let a = 0; a < labels.length; a++) {
      for (let b = a; b < labels.length; b++) {
        const k = await ask(labels[a], labels[b]);
        for (const [months, period] of [[k.months, k.period], ...k.units.map((u) => [u.months, u.period] as const)] as const) {
          const shown = months.map(fig);
          const p = fig(period);
          for (const f of SUMS) {
            const hidden = shown.filter((m) => m[f].suppressed);
            const shownSum = shown.reduce((n, m) => n + (m[f].value ?? 0), 0);
            if (hidden.length === 0) expect(p[f]).toMatchObject({ value: shownSum, suppressed: false });
            else expect(p[f]).toMatchObject({ value: null, suppressed: true, atLeast: shownSum === 0 ? null : shownSum });
          }
          for (const f of AVERAGES) {
            if (shown.some((m) => m[f].suppressed)) expect(p[f]).toMatchObject({ value: null, suppressed: true, display: 'skjult' });
            else expect(p[f].value).toBe(Math.round((shown.reduce((n, m) => n + m[f].value!, 0) / shown.length) * 10) / 10);
          }
        }
      }
    }
  }, 60_000);
});

describe('months that have not begun', () => {
  it('are refused with the reason, in Danish; this month is the last one offered', async () => {
    for (const vars of [{ from: '2025-01', to: '2025-07' }, { from: '2025-07', to: '2025-08' }, { from: '2025-07' }]) {
      const res = await on.t.gql(KEY_FIGURES, vars, on.leader);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]).toMatchObject({
        message: 'Nøgletal findes kun til og med indeværende måned: en måned, der ikke er begyndt, har ingen tal endnu.',
        extensions: { reason: 'FUTURE_MONTH' },
      });
    }
    const june = await ask('2025-06', '2025-06');
    expect(fig(june.months[0]).ACTIVE_PROGRAMMES.value).toBe(26);
  });
});
