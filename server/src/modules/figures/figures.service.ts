import { addDays, addMonths, localDate } from '@samplan/schema';
import { recordAudit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { badInput } from '../../core/errors/app-errors';
import { isKeptDay, YEARS_MESSAGE } from '../../core/validation';
import { registeredUnitModules } from '../intervention';
import { EndReason, ProgrammeType } from '../plan';
import type { UnitKind } from '../org';
import { queryKeyFigures, type RawBucket } from './figures.sql';
import { KEY_FIGURE_COVERAGE, KEY_FIGURE_DEFINITIONS, KEY_FIGURE_INFO, KeyFigure, KeyFigureBucket, KeyFigureInfo, KeyFigures, KeyFigureValue, UnitKeyFigures } from './figures.types';
import { amountFigure, atLeastFigure, countFigure, isSmall, MIN_GROUP, monthlyAverageFigure, protectCarries, protectSums, shareFigure, type Carry, type SumRelation } from './suppression';
import { DANISH_ORDER } from '../../core/db/danish-order';

/** Default 30 %: one municipality's target in Faaborg-Midtfyns borgerpjece om ressourceforløb ("Måltal: 30 % skal have en virksomhedsrettet indsats"). */
export const DEFAULT_COMPANY_TARGET = 0.3;
export const MAX_MONTHS = 36;

/** The target is a setting: KEY_FIGURE_COMPANY_TARGET_PERCENT, parsed at start (core/config.ts; default 30 %). */
export function companyBasedTarget(ctx: RequestContext): number {
  return ctx.deps.config.keyFigures.companyBasedTarget;
}

/**
 * Where the target comes from, and what it is held against. Faaborg-Midtfyn set its 30 % for
 * citizens in ressourceforløb, in a pamphlet about ressourceforløb. The share is nevertheless
 * held against every type of forløb, and says so: the share in a company-based intervention is
 * the quality measure for the whole effort (STAR’s guide Gode ressourceforløb af høj kvalitet,
 * grundelement 9), not a rule of the ressourceforløb; no new ressourceforløb are granted since
 * lov nr. 1750 af 29. december 2025, so a target for them alone would soon measure a group too
 * small to show. The target is one setting for the whole installation (KEY_FIGURE_COMPANY_TARGET_PERCENT,
 * set by its operator): every municipality in it is held against the same share, and none changes
 * it in the interface. To Faaborg-Midtfyn the default 30 % is its own target, only set here by the
 * operator; to any other municipality it is borrowed. So the text says that those who run Samplan
 * set it, without denying Faaborg-Midtfyn that it is its own.
 */
export function companyBasedTargetSource(target: number, municipality: { code: string; name: string } | null): string {
  const applied = 'Holdes her op mod alle forløbstyper (ressourceforløb, jobafklaringsforløb og egne forløb).';
  const installationWide = 'Det er sat for hele Samplan af dem, der driver den, og ændres ikke her.';
  if (Math.round(target * 100) === Math.round(DEFAULT_COMPANY_TARGET * 100)) {
    // Faaborg-Midtfyn's own leaders read it as theirs; every other municipality's, as borrowed.
    const whose = municipality?.code === FAABORG_MIDTFYN_CODE
      ? 'Målet på 30 % er Faaborg-Midtfyn Kommunes eget måltal for borgere i ressourceforløb'
      : `Målet på 30 % er ikke ${municipality?.name ?? 'kommunen'}s eget: det er lånt fra Faaborg-Midtfyn Kommunes måltal for borgere i ressourceforløb`;
    return `${whose} (Faaborg-Midtfyns borgerpjece om ressourceforløb). ${applied} ${installationWide}`;
  }
  return `Målet er en indstilling i Samplan. ${applied} ${installationWide}`;
}

/** Faaborg-Midtfyn Kommune's municipality code (kommunekode), whose pamphlet the default target is from. */
const FAABORG_MIDTFYN_CODE = '0430';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const FUTURE_MONTH_MESSAGE = 'Nøgletal findes kun til og med indeværende måned: en måned, der ikke er begyndt, har ingen tal endnu.';

/** The months asked for: by default the 12 months up to and including the current one. */
export function monthRange(today: string, from?: string | null, to?: string | null): { first: string; last: string; labels: string[] } {
  for (const [field, v] of [['from', from], ['to', to]] as const) {
    if (v != null && !MONTH.test(v)) throw badInput(field, 'Skal være en måned (ÅÅÅÅ-MM).');
    if (v != null && !isKeptDay(v)) throw badInput(field, YEARS_MESSAGE);
  }
  // A month that has not begun has no figures: its "in forløb" would be every forløb running
  // today, read as a forecast, and set against this month it would tell who ends before it.
  const thisMonth = today.slice(0, 7);
  for (const [field, v] of [['from', from], ['to', to]] as const) {
    if (v != null && v > thisMonth) throw badInput(field, FUTURE_MONTH_MESSAGE, 'FUTURE_MONTH');
  }
  const last = `${to ?? thisMonth}-01`;
  const first = from ? `${from}-01` : addMonths(last, -11);
  if (first > last) throw badInput('from', 'Første måned må ikke ligge efter sidste måned.');
  const labels: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) labels.push(m.slice(0, 7));
  if (labels.length > MAX_MONTHS) throw badInput('from', `Højst ${MAX_MONTHS} måneder ad gangen.`);
  return { first, last, labels };
}

/**
 * Counts that are shown or feed a shown figure, each with its parent: the smallest count of the
 * same row that holds everyone (or every forløb) it counts, so that parent − count is a group a
 * reader can work out (complement rule, and the hidden-parent rule in suppressBucket). As
 * aggregate (figures.sql.ts) counts them:
 *  - company-based, started and ended are within the people in forløb (a forløb that starts or
 *    ends in the month runs in it);
 *  - with ordinary hours within the company-based: ordinary hours are a company-based kind, and
 *    hours in force at the month's end are in the month;
 *  - the indsatsgaranti cohort within the people in ressourceforløb (its forløb runs on the day its
 *    first six months end), and each cohort's met within it.
 *  - the own forløb measured against the municipality's frame within the people in its own forløb
 *    (each runs in the month), and those within the frame within them.
 * The direct parent is enough: a count whose grandparent less it is 1–4 has a parent less it of
 * 1–4 (hidden), or equal to it with the parent's own rest 1–4 (the parent hidden, and it with it).
 * The samtaler cohort holds the indsatsgaranti cohort too, but is no count a leader reads (only
 * samtaler per forløb and a share of it), so it is not that cohort's parent.
 */
const COUNTS = {
  active: null,
  companyBased: 'active',
  started: 'active',
  ended: 'active',
  guaranteeDue: `type:${ProgrammeType.RESSOURCEFORLOEB}`,
  guaranteeMet: 'guaranteeDue',
  cohortDue: null,
  cohortMeetingsOk: 'cohortDue',
  ownFrameDue: `type:${ProgrammeType.HELHEDSORIENTERET}`,
  ownFrameMet: 'ownFrameDue',
  hoursPeople: 'companyBased',
} as const satisfies Record<string, keyof RawBucket | `type:${ProgrammeType}` | null>;
type CountField = keyof typeof COUNTS;
const REASONS = Object.values(EndReason);
const TYPES = Object.values(ProgrammeType);
const FIGURES = Object.values(KeyFigure);

function emptyBucket(label: string, from: string, to: string, unitId: string | null, isTotal: boolean): RawBucket {
  return {
    label, from, to, unitId, isTotal, active: 0, companyBased: 0, started: 0, ended: 0, guaranteeDue: 0, guaranteeMet: 0,
    cohortDue: 0, cohortMeetings: 0, cohortMeetingsOk: 0, ownFrameDue: 0, ownFrameMet: 0, hoursPeople: 0, hoursTotal: 0, endReasons: Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<EndReason, number>,
    activeByType: Object.fromEntries(TYPES.map((t) => [t, 0])) as Record<ProgrammeType, number>,
  };
}

/**
 * The cells of one bucket's table that suppression judges: each count, the active by
 * programme type and the ended by end reason, for the municipality (row 0) and each unit.
 */
export type CellKey = CountField | `type:${ProgrammeType}` | `reason:${EndReason}`;
const COUNT_FIELDS = Object.keys(COUNTS) as CountField[];
const CELL_KEYS: readonly CellKey[] = [...COUNT_FIELDS, ...TYPES.map((t) => `type:${t}` as const), ...REASONS.map((r) => `reason:${r}` as const)];
const keyIndex = new Map(CELL_KEYS.map((k, i) => [k, i]));

/**
 * Counts of events and cohorts (started, ended and why; the forløb whose first six months end in
 * the month): each forløb is in one month, so over a period they add up, and the period shows
 * their sum. The others count people in the month (in forløb, company-based, with ordinary hours):
 * a person is in many months, and the period shows the average per month.
 */
const ADDITIVE: ReadonlySet<CellKey> = new Set<CellKey>(['started', 'ended', 'guaranteeDue', 'guaranteeMet', 'cohortDue', 'cohortMeetingsOk', ...REASONS.map((r) => `reason:${r}` as const)]);

function cellValue(b: RawBucket, key: CellKey): number {
  if (key.startsWith('type:')) return b.activeByType[key.slice(5) as ProgrammeType];
  if (key.startsWith('reason:')) return b.endReasons[key.slice(7) as EndReason];
  return b[key as CountField];
}

const parentOf = (key: CellKey): CellKey | null => (COUNTS as Record<string, CellKey | null>)[key] ?? null;

/**
 * Rules 1 and 2 of suppression.ts for one row. Started and ended count forløb, their parent
 * people: a citizen who starts two forløb in a month makes the starts exceed the people in
 * forløb, and an excess of 1–4 is a small group too.
 */
function primaryHidden(b: RawBucket, key: CellKey): boolean {
  const parent = parentOf(key);
  const rest = parent === null ? 0 : cellValue(b, parent) - cellValue(b, key);
  return isSmall(cellValue(b, key)) || isSmall(rest) || isSmall(-rest);
}

/**
 * Which cells of one bucket are hidden, rows × CELL_KEYS (row 0 the municipality). The sums
 * a reader can form: each cell of the municipality is the sum of the units' (every
 * programme is in exactly one unit, "Uden enhed" included); in each row the active are the
 * sum over programme types, the ended the sum over end reasons. Counts of people count a
 * citizen once per cell, so a whole may be less than its parts (one person with two forløb
 * in a month, in two units or of two types): protected as if equal, which hides more, never less,
 * and a whole short of its parts by a small group is hidden itself.
 */
function suppressBucket(rows: readonly RawBucket[]): boolean[][] {
  const { values, sums, at } = tableOf(rows);
  const hidden = rows.flatMap((b) => CELL_KEYS.map((k) => primaryHidden(b, k)));
  // A person counted in two parts (two units, two types of forløb in one month) makes a whole
  // less than its parts: a gap of fewer than MIN_GROUP is itself a small group, so the whole goes.
  for (const { whole, parts } of sums) {
    const gap = parts.reduce((sum, i) => sum + values[i], 0) - values[whole];
    if (gap > 0 && isSmall(gap)) hidden[whole] = true;
  }
  // A count is a subset of its parent (the company-based of the active, those with ordinary hours
  // of the company-based, …: COUNTS): shown under a hidden parent, it is a lower bound that, with
  // the sums, can pin the parent and a small group beside it (5 company-based of a hidden 5, with 6
  // in all, leaves 1 in the other unit). So a non-zero count under a hidden parent goes too, down
  // the chain (with hours under a hidden company-based under a hidden active), and the sums are
  // protected again until nothing changes.
  const subsets = rows.flatMap((_, r) => COUNT_FIELDS.flatMap((k) => {
    const parent = parentOf(k);
    return parent === null ? [] : [{ child: at(r, k), parent: at(r, parent) }];
  }));
  let out = protectSums(values, hidden, sums);
  for (let more = true; more; ) {
    more = false;
    for (const { child, parent } of subsets) {
      if (out[parent] && !out[child] && values[child] > 0) [out[child], more] = [true, true];
    }
    if (more) out = protectSums(values, out, sums);
  }
  return byRow(out, rows.length);
}

const width = CELL_KEYS.length;
const byRow = (cells: readonly boolean[], rows: number) => Array.from({ length: rows }, (_, r) => cells.slice(r * width, (r + 1) * width));

/** One bucket's table as suppression.ts reads it: its cells row by row, and the sums a reader can form (see suppressBucket). */
function tableOf(rows: readonly RawBucket[]) {
  const at = (row: number, key: CellKey) => row * width + keyIndex.get(key)!;
  const values = rows.flatMap((b) => CELL_KEYS.map((k) => cellValue(b, k)));
  const units = rows.map((_, r) => r).slice(1);
  const sums: SumRelation[] = [
    ...CELL_KEYS.map((k) => ({ whole: at(0, k), parts: units.map((r) => at(r, k)) })),
    ...rows.flatMap((_, r) => [
      { whole: at(r, 'active'), parts: TYPES.map((t) => at(r, `type:${t}`)) },
      { whole: at(r, 'ended'), parts: REASONS.map((reason) => at(r, `reason:${reason}`)) },
    ]),
  ];
  return { values, sums, at };
}

/**
 * Which cells of each month's table are hidden (months consecutive, oldest first; each table's
 * rows the same: the municipality, then every unit). Each month on its own first
 * (suppressBucket), then each month with the next (rule 4 of suppression.ts, protectCarries):
 * per row, in forløb − ended of a month = in forløb − started of the next, so that
 * "Borgere i forløb", "Startede forløb" and "Afsluttede forløb" of two months never give back
 * what either hides. Only the ended (and end reasons) of the first and the started of the second
 * are hidden for it, each in one pair only: a month's table depends on the month before and the
 * month after, never on which months were asked for, so a month read alone shows what it shows in
 * any period (keyFigures reads the months either side of those asked for).
 */
function suppressMonths(months: ReadonlyArray<readonly RawBucket[]>): boolean[][][] {
  const own = months.map((rows) => suppressBucket(rows).flat());
  const out = own.map((cells) => [...cells]);
  for (let n = 1; n < months.length; n++) {
    const [first, second] = [tableOf(months[n - 1]), tableOf(months[n])];
    const offset = first.values.length;
    const carries: Carry[] = months[n].map((_, r) => ({
      first: { stock: first.at(r, 'active'), flow: first.at(r, 'ended') },
      second: { stock: offset + second.at(r, 'active'), flow: offset + second.at(r, 'started') },
    }));
    const sums = [...first.sums, ...second.sums.map(({ whole, parts }) => ({ whole: offset + whole, parts: parts.map((i) => offset + i) }))];
    const both = protectCarries([...first.values, ...second.values], [...own[n - 1], ...own[n]], sums, carries);
    both.forEach((h, i) => {
      if (h) (i < offset ? out[n - 1] : out[n])[i < offset ? i : i - offset] = true;
    });
  }
  return out.map((cells, n) => byRow(cells, months[n].length));
}

/** Whether one cell of a bucket's table (row 0 the municipality) is hidden: for tests of the suppression. */
export function cellHidden(rows: readonly RawBucket[], row: number, key: CellKey): boolean {
  return suppressBucket(rows)[row][keyIndex.get(key)!];
}

const cellMaps = (table: readonly boolean[][]) => table.map((row) => new Map(CELL_KEYS.map((k, i) => [k, row[i]])));

/** Every cell of a bucket's table, row by row (row 0 the municipality), hidden or not: for tests of the suppression. */
export function hiddenCells(rows: readonly RawBucket[]): Array<Map<CellKey, boolean>> {
  return cellMaps(suppressBucket(rows));
}

/** Every cell of consecutive months' tables, month by month, as suppressMonths hides them: for tests of the suppression. */
export function hiddenMonthCells(months: ReadonlyArray<readonly RawBucket[]>): Array<Array<Map<CellKey, boolean>>> {
  return suppressMonths(months).map(cellMaps);
}

type Shown = { value: number | null; suppressed: boolean; display: string; atLeast?: number | null };
/** A figure that has no meaning over a whole period. */
const NOT_FOR_PERIOD: Shown = { value: null, suppressed: false, display: '–' };

function bucketOf(label: string, from: string, to: string, shown: Record<KeyFigure, Shown>): KeyFigureBucket {
  return Object.assign(new KeyFigureBucket(), {
    label,
    from,
    to,
    beforeDataFrom: false,
    values: FIGURES.map((figure) => Object.assign(new KeyFigureValue(), { figure, atLeast: null, ...shown[figure] })),
  });
}

function present(b: RawBucket, hiddenRow: readonly boolean[], label: string): KeyFigureBucket {
  const h = (key: CellKey) => hiddenRow[keyIndex.get(key)!];
  const count = (f: CountField): Shown => countFigure(b[f], h(f));
  return bucketOf(label, b.from, b.to, {
    ACTIVE_PROGRAMMES: count('active'),
    ...(Object.fromEntries(TYPES.map((type) => [`ACTIVE_${type}`, countFigure(b.activeByType[type], h(`type:${type}`))])) as Record<`ACTIVE_${ProgrammeType}`, Shown>),
    COMPANY_BASED: count('companyBased'),
    COMPANY_BASED_SHARE: shareFigure(b.companyBased, b.active, h('companyBased'), h('active')),
    GUARANTEE_DUE: count('guaranteeDue'),
    GUARANTEE_MET: count('guaranteeMet'),
    GUARANTEE_SHARE: shareFigure(b.guaranteeMet, b.guaranteeDue, h('guaranteeMet'), h('guaranteeDue')),
    FOLLOW_UPS_PER_PERSON: amountFigure(b.cohortDue ? b.cohortMeetings / b.cohortDue : null, b.cohortDue, h('cohortDue')),
    FOLLOW_UP_REQUIREMENT_SHARE: shareFigure(b.cohortMeetingsOk, b.cohortDue, h('cohortMeetingsOk'), h('cohortDue')),
    OWN_FRAME_DUE: count('ownFrameDue'),
    OWN_FRAME_SHARE: shareFigure(b.ownFrameMet, b.ownFrameDue, h('ownFrameMet'), h('ownFrameDue')),
    ORDINARY_HOURS_PEOPLE: count('hoursPeople'),
    ORDINARY_HOURS_TOTAL: amountFigure(b.hoursTotal, b.hoursPeople, h('hoursPeople')),
    ORDINARY_HOURS_PER_PERSON: amountFigure(b.hoursPeople ? b.hoursTotal / b.hoursPeople : null, b.hoursPeople, h('hoursPeople')),
    STARTED: count('started'),
    ENDED: count('ended'),
    ...(Object.fromEntries(REASONS.map((reason) => [`ENDED_${reason}`, countFigure(b.endReasons[reason], h(`reason:${reason}`))])) as Record<`ENDED_${EndReason}`, Shown>),
  });
}

/**
 * One row of the whole period (the municipality or one unit), built only from the same row's
 * months as they are shown, never from the forløb themselves. A period may be any run of months,
 * so a period counted on its own (people in forløb at some time in it, say) could be set against
 * an overlapping one, January–March against January–February, and the difference would be a
 * hidden month's group (the people who came in March). Built from the months, a period figure is
 * shown only where every month it is built from is shown, and so tells nothing the months do not:
 *  - events and cohorts (ADDITIVE): the sum of the months; when a month's number is hidden, the
 *    sum of the shown months as "mindst N" (the true sum is larger, by how much is not said);
 *  - people in a month: the average per month, hidden when a month is;
 *  - shares and samtaler per forløb: of the months' sums (per person-month for the
 *    company-based share), hidden when a month's count is.
 * Ordinary hours per week are a month's figure; over a period the people with them are averaged.
 */
function periodBucket(months: ReadonlyArray<{ bucket: RawBucket; hidden: readonly boolean[] }>, label: string, from: string, to: string): KeyFigureBucket {
  const sum = (value: (b: RawBucket) => number) => months.reduce((total, m) => total + value(m.bucket), 0);
  const anyHidden = (key: CellKey) => months.some((m) => m.hidden[keyIndex.get(key)!]);
  const cell = (key: CellKey) => {
    const total = sum((b) => cellValue(b, key));
    const shownSum = months.reduce((t, m) => t + (m.hidden[keyIndex.get(key)!] ? 0 : cellValue(m.bucket, key)), 0);
    return { total, shownSum, hidden: anyHidden(key) };
  };
  const events = (key: CellKey): Shown => {
    const c = cell(key);
    return c.hidden ? atLeastFigure(c.shownSum) : countFigure(c.total, false);
  };
  const people = (key: CellKey): Shown => {
    const c = cell(key);
    return monthlyAverageFigure(c.total, months.length, c.hidden);
  };
  const share = (part: CellKey, whole: CellKey): Shown => {
    const [p, w] = [cell(part), cell(whole)];
    return shareFigure(p.total, w.total, p.hidden, w.hidden);
  };
  const due = cell('cohortDue');
  return bucketOf(label, from, to, {
    ACTIVE_PROGRAMMES: people('active'),
    ...(Object.fromEntries(TYPES.map((type) => [`ACTIVE_${type}`, people(`type:${type}`)])) as Record<`ACTIVE_${ProgrammeType}`, Shown>),
    COMPANY_BASED: people('companyBased'),
    COMPANY_BASED_SHARE: share('companyBased', 'active'),
    GUARANTEE_DUE: events('guaranteeDue'),
    GUARANTEE_MET: events('guaranteeMet'),
    GUARANTEE_SHARE: share('guaranteeMet', 'guaranteeDue'),
    FOLLOW_UPS_PER_PERSON: amountFigure(due.total ? sum((b) => b.cohortMeetings) / due.total : null, due.total, due.hidden),
    FOLLOW_UP_REQUIREMENT_SHARE: share('cohortMeetingsOk', 'cohortDue'),
    OWN_FRAME_DUE: people('ownFrameDue'),
    OWN_FRAME_SHARE: share('ownFrameMet', 'ownFrameDue'),
    ORDINARY_HOURS_PEOPLE: people('hoursPeople'),
    ORDINARY_HOURS_TOTAL: NOT_FOR_PERIOD,
    ORDINARY_HOURS_PER_PERSON: NOT_FOR_PERIOD,
    STARTED: events('started'),
    ENDED: events('ended'),
    ...(Object.fromEntries(REASONS.map((reason) => [`ENDED_${reason}`, events(`reason:${reason}`)])) as Record<`ENDED_${EndReason}`, Shown>),
  });
}

/** A month before Samplan has data for the municipality: unknown, never 0. */
function unknownBucket(label: string, from: string, to: string): KeyFigureBucket {
  return Object.assign(new KeyFigureBucket(), {
    label, from, to, beforeDataFrom: true,
    values: FIGURES.map((figure) => Object.assign(new KeyFigureValue(), { figure, value: null, suppressed: false, display: '–' })),
  });
}

const lastDayOf = (month: string) => addDays(addMonths(`${month}-01`, 1), -1);

/**
 * The day Samplan has data from for a municipality: the day (in Denmark) its first forløb was
 * registered. Before it, the municipality kept its forløb elsewhere, and a month with nothing
 * registered is unknown, not 0. A forløb registered with an earlier start (one running when the
 * municipality began) does not move it back: the months before hold only those still running then.
 */
export async function dataFromOf(ds: RequestContext['db'], municipalityId: string): Promise<string | null> {
  const [row] = (await ds.query(
    `SELECT to_char(min(created_at AT TIME ZONE 'Europe/Copenhagen'), 'YYYY-MM-DD') AS "dataFrom" FROM programme WHERE municipality_id = $1`,
    [municipalityId],
  )) as Array<{ dataFrom: string | null }>;
  return row?.dataFrom ?? null;
}

export async function keyFigures(ctx: RequestContext, from?: string | null, to?: string | null): Promise<KeyFigures> {
  const actor = actorOf(ctx);
  const ds = ctx.db; // row-level security: the leader's municipality only
  const today = localDate(ctx.deps.clock.now());
  const range = monthRange(today, from, to);
  const kinds = registeredUnitModules().flatMap((m) => m.companyBasedKinds ?? []);
  const dataFrom = await dataFromOf(ds, actor.municipalityId);
  // The months from the one Samplan has data from (that month counts); those before are unknown.
  const dataMonth = dataFrom === null ? null : `${dataFrom.slice(0, 7)}-01`;
  const known = dataMonth === null ? [] : range.labels.filter((label) => `${label}-01` >= dataMonth);
  const knownFirst = known.length ? `${known[0]}-01` : null;
  // With the month before and the month after, where there are figures for them: each month is
  // protected with its neighbours (suppressMonths), so it shows the same whatever is asked with it.
  const before = knownFirst !== null && addMonths(knownFirst, -1) >= dataMonth! ? [addMonths(knownFirst, -1).slice(0, 7)] : [];
  const after = addMonths(range.last, 1) <= `${today.slice(0, 7)}-01` ? [addMonths(range.last, 1).slice(0, 7)] : [];
  const loaded = known.length ? [...before, ...known, ...after] : [];
  const [rows, units, [municipality]] = await Promise.all([
    knownFirst === null ? Promise.resolve([] as RawBucket[]) : queryKeyFigures(ds, actor.municipalityId, `${loaded[0]}-01`, `${loaded[loaded.length - 1]}-01`, kinds, today),
    ds.query(`SELECT id, kind, name FROM unit WHERE municipality_id = $1 ORDER BY kind, name ${DANISH_ORDER}`, [actor.municipalityId]) as Promise<Array<{ id: string; kind: UnitKind; name: string }>>,
    ds.query(`SELECT code, name, own_programme_follow_up_days AS "ownFrameDays" FROM municipality WHERE id = $1`, [actor.municipalityId]) as Promise<Array<{ code: string; name: string; ownFrameDays: number | null }>>,
  ]);
  const periodLabel = `${range.labels[0]}–${range.labels[range.labels.length - 1]}`;
  // Every month's table has a row for "Uden enhed" (all 0 where none is without a unit: a row of 0s
  // changes no suppression), shown when a month asked for has any.
  const withUnit: Array<{ unitId: string | null; kind: UnitKind | null; name: string }> = units.map((u) => ({ unitId: u.id, kind: u.kind, name: u.name }));
  const tableGroups = [...withUnit, { unitId: null, kind: null, name: 'Uden enhed' }];
  const groups = rows.some((r) => !r.isTotal && r.unitId === null && known.includes(r.label)) ? tableGroups : withUnit;
  const find = (label: string, unitId: string | null, isTotal: boolean) => rows.find((r) => r.label === label && r.isTotal === isTotal && (isTotal || r.unitId === unitId));
  // Each month's table: the municipality, then its units in `tableGroups` order.
  const rowsOf = (label: string): RawBucket[] => {
    const [first, lastDay] = [`${label}-01`, lastDayOf(label)];
    return [find(label, null, true) ?? emptyBucket(label, first, lastDay, null, true), ...tableGroups.map((g) => find(label, g.unitId, false) ?? emptyBucket(label, first, lastDay, g.unitId, false))];
  };
  const loadedRows = loaded.map(rowsOf);
  const monthRows = loadedRows.slice(before.length, before.length + known.length);
  const monthHidden = suppressMonths(loadedRows).slice(before.length, before.length + known.length);
  const table = (rows: RawBucket[], hidden: boolean[][], label: string) => ({ total: present(rows[0], hidden[0], label), units: groups.map((_, i) => present(rows[i + 1], hidden[i + 1], label)) });
  const unknownTable = (label: string, from: string, to: string) => ({ total: unknownBucket(label, from, to), units: groups.map(() => unknownBucket(label, from, to)) });
  const unknownMonths = range.labels.length - known.length;
  const months = [
    ...range.labels.slice(0, unknownMonths).map((label) => unknownTable(label, `${label}-01`, lastDayOf(label))),
    ...monthRows.map((rows, n) => table(rows, monthHidden[n], known[n])),
  ];
  // The whole period counts from the first month with data, and is built from the months as shown.
  let period;
  const lastDay = lastDayOf(range.labels[range.labels.length - 1]);
  if (knownFirst === null) period = unknownTable(periodLabel, range.first, lastDay);
  else {
    const label = `${known[0]}–${known[known.length - 1]}`;
    const rowOfPeriod = (row: number) => periodBucket(monthRows.map((rows, n) => ({ bucket: rows[row], hidden: monthHidden[n][row] })), label, knownFirst, lastDay);
    period = { total: rowOfPeriod(0), units: groups.map((_, i) => rowOfPeriod(i + 1)) };
  }
  await recordAudit(ds, { actor, action: 'READ_KEY_FIGURES', entityType: 'KEY_FIGURES', outcome: 'ALLOWED', detail: periodLabel });
  return Object.assign(new KeyFigures(), {
    municipalityName: municipality?.name ?? '',
    fromMonth: range.labels[0],
    toMonth: range.labels[range.labels.length - 1],
    dataFrom,
    companyBasedTarget: companyBasedTarget(ctx),
    companyBasedTargetSource: companyBasedTargetSource(companyBasedTarget(ctx), municipality ?? null),
    ownFollowUpIntervalDays: municipality?.ownFrameDays ?? null,
    minimumGroupSize: MIN_GROUP,
    figures: FIGURES.map((figure) => Object.assign(new KeyFigureInfo(), {
      figure, ...KEY_FIGURE_INFO[figure], definition: KEY_FIGURE_DEFINITIONS[figure],
      programmeTypes: KEY_FIGURE_COVERAGE[figure].types, covers: KEY_FIGURE_COVERAGE[figure].text,
    })),
    months: months.map((b) => b.total),
    period: period.total,
    units: groups.map((g, i) => Object.assign(new UnitKeyFigures(), { unitKind: g.kind, unitName: g.name, months: months.map((b) => b.units[i]), period: period.units[i] })),
  });
}
