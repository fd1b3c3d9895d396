import { addMonths, localDate } from '@samplan/schema';
import { recordAudit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { badInput } from '../../core/errors/app-errors';
import { registeredUnitModules } from '../intervention';
import { EndReason, ProgrammeType } from '../plan';
import type { UnitKind } from '../org';
import { PERIOD, queryKeyFigures, type RawBucket } from './figures.sql';
import { KEY_FIGURE_INFO, KeyFigure, KeyFigureBucket, KeyFigureInfo, KeyFigures, KeyFigureValue, UnitKeyFigures } from './figures.types';
import { amountFigure, countFigure, isSmall, MIN_GROUP, shareFigure, suppressParts } from './suppression';

/** Default 30 %: one municipality's target in Faaborg-Midtfyns borgerpjece om ressourceforløb ("Måltal: 30 % skal have en virksomhedsrettet indsats"). */
export const DEFAULT_COMPANY_TARGET = 0.3;
export const MAX_MONTHS = 36;

/** The target is a setting: KEY_FIGURE_COMPANY_TARGET_PERCENT, parsed at start (core/config.ts; default 30 %). */
export function companyBasedTarget(ctx: RequestContext): number {
  return ctx.deps.config.keyFigures.companyBasedTarget;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The months asked for: by default the 12 months up to and including the current one. */
export function monthRange(today: string, from?: string | null, to?: string | null): { first: string; last: string; labels: string[] } {
  for (const [field, v] of [['from', from], ['to', to]] as const) {
    if (v != null && !MONTH.test(v)) throw badInput(field, 'Skal være en måned (ÅÅÅÅ-MM).');
  }
  const last = `${to ?? today.slice(0, 7)}-01`;
  const first = from ? `${from}-01` : addMonths(last, -11);
  if (first > last) throw badInput('from', 'Første måned skal ligge før sidste måned.');
  const labels: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) labels.push(m.slice(0, 7));
  if (labels.length > MAX_MONTHS) throw badInput('from', `Højst ${MAX_MONTHS} måneder ad gangen.`);
  return { first, last, labels };
}

/** Counts that are shown or feed a shown figure; the parent is the whole each is a part of (complement rule). */
const COUNTS = {
  active: null,
  companyBased: 'active',
  started: null,
  ended: null,
  guaranteeDue: null,
  guaranteeMet: 'guaranteeDue',
  cohortDue: null,
  cohortMeetingsOk: 'cohortDue',
  hoursPeople: 'active',
} as const satisfies Record<string, keyof RawBucket | null>;
type CountField = keyof typeof COUNTS;
type Hidden = Record<CountField, boolean>;
const REASONS = Object.values(EndReason);
const TYPES = Object.values(ProgrammeType);
const FIGURES = Object.values(KeyFigure);

function emptyBucket(label: string, from: string, to: string, unitId: string | null, isTotal: boolean): RawBucket {
  return {
    label, from, to, unitId, isTotal, active: 0, companyBased: 0, started: 0, ended: 0, guaranteeDue: 0, guaranteeMet: 0,
    cohortDue: 0, cohortMeetings: 0, cohortMeetingsOk: 0, hoursPeople: 0, hoursTotal: 0, endReasons: Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<EndReason, number>,
    activeByType: Object.fromEntries(TYPES.map((t) => [t, 0])) as Record<ProgrammeType, number>,
  };
}

function primaryHidden(b: RawBucket): Hidden {
  const out = {} as Hidden;
  for (const [field, parent] of Object.entries(COUNTS) as Array<[CountField, keyof RawBucket | null]>) {
    out[field] = isSmall(b[field]) || (parent !== null && isSmall((b[parent] as number) - b[field]));
  }
  return out;
}

/**
 * Rule 3 of suppression.ts, in two dimensions for a breakdown of one count (units × parts:
 * end reasons of the ended, programme types of the active), until nothing changes.
 */
function suppressBreakdown(
  partsOf: (b: RawBucket) => number[],
  whole: CountField,
  total: RawBucket,
  units: RawBucket[],
  totalHidden: Hidden,
  unitHidden: Hidden[],
): { total: boolean[]; units: boolean[][] } {
  let totalCells = suppressParts(partsOf(total), !totalHidden[whole]);
  let unitCells = units.map((u, i) => suppressParts(partsOf(u), !unitHidden[i][whole]));
  for (let changed = true; changed; ) {
    changed = false;
    partsOf(total).forEach((_, j) => {
      const col = suppressParts(units.map((u) => partsOf(u)[j]), !totalCells[j], unitCells.map((row) => row[j]));
      col.forEach((h, i) => {
        if (h && !unitCells[i][j]) [unitCells[i][j], changed] = [true, true];
      });
    });
    const rows = unitCells.map((row, i) => suppressParts(partsOf(units[i]), !unitHidden[i][whole], row));
    if (rows.some((row, i) => row.some((h, j) => h !== unitCells[i][j]))) [unitCells, changed] = [rows, true];
    const t = suppressParts(partsOf(total), !totalHidden[whole], totalCells);
    if (t.some((h, j) => h !== totalCells[j])) [totalCells, changed] = [t, true];
  }
  return { total: totalCells, units: unitCells };
}

const reasonsOf = (b: RawBucket) => REASONS.map((r) => b.endReasons[r]);
const typesOf = (b: RawBucket) => TYPES.map((t) => b.activeByType[t]);

type Shown = { value: number | null; suppressed: boolean; display: string };

function present(b: RawBucket, h: Hidden, reasonHidden: boolean[], typeHidden: boolean[], label: string): KeyFigureBucket {
  const count = (f: CountField): Shown => countFigure(b[f], h[f]);
  const monthly = b.label !== PERIOD;
  const shown: Record<KeyFigure, Shown> = {
    ACTIVE_PROGRAMMES: count('active'),
    ...(Object.fromEntries(TYPES.map((type, j) => [`ACTIVE_${type}`, countFigure(b.activeByType[type], typeHidden[j])])) as Record<`ACTIVE_${ProgrammeType}`, Shown>),
    COMPANY_BASED: count('companyBased'),
    COMPANY_BASED_SHARE: shareFigure(b.companyBased, b.active, h.companyBased, h.active),
    GUARANTEE_DUE: count('guaranteeDue'),
    GUARANTEE_MET: count('guaranteeMet'),
    GUARANTEE_SHARE: shareFigure(b.guaranteeMet, b.guaranteeDue, h.guaranteeMet, h.guaranteeDue),
    FOLLOW_UPS_PER_PERSON: amountFigure(b.cohortDue ? b.cohortMeetings / b.cohortDue : null, b.cohortDue, h.cohortDue),
    FOLLOW_UP_REQUIREMENT_SHARE: shareFigure(b.cohortMeetingsOk, b.cohortDue, h.cohortMeetingsOk, h.cohortDue),
    ORDINARY_HOURS_PEOPLE: count('hoursPeople'),
    // Hours per week add up month by month only; over a whole period the sum means nothing.
    ORDINARY_HOURS_TOTAL: monthly ? amountFigure(b.hoursTotal, b.hoursPeople, h.hoursPeople) : { value: null, suppressed: false, display: '–' },
    ORDINARY_HOURS_PER_PERSON: amountFigure(b.hoursPeople ? b.hoursTotal / b.hoursPeople : null, b.hoursPeople, h.hoursPeople),
    STARTED: count('started'),
    ENDED: count('ended'),
    ...(Object.fromEntries(REASONS.map((reason, j) => [`ENDED_${reason}`, countFigure(b.endReasons[reason], reasonHidden[j])])) as Record<`ENDED_${EndReason}`, Shown>),
  };
  return Object.assign(new KeyFigureBucket(), {
    label,
    from: b.from,
    to: b.to,
    values: FIGURES.map((figure) => Object.assign(new KeyFigureValue(), { figure, ...shown[figure] })),
  });
}

/** One bucket (a month or the period): the municipality and its units, suppressed together. */
function presentBucket(total: RawBucket, units: RawBucket[], label: string): { total: KeyFigureBucket; units: KeyFigureBucket[] } {
  const totalHidden = primaryHidden(total);
  const unitHidden = units.map(primaryHidden);
  for (const field of Object.keys(COUNTS) as CountField[]) {
    const hidden = suppressParts(units.map((u) => u[field]), !totalHidden[field], unitHidden.map((h) => h[field]));
    hidden.forEach((v, i) => (unitHidden[i][field] = v));
  }
  const reasons = suppressBreakdown(reasonsOf, 'ended', total, units, totalHidden, unitHidden);
  const types = suppressBreakdown(typesOf, 'active', total, units, totalHidden, unitHidden);
  return {
    total: present(total, totalHidden, reasons.total, types.total, label),
    units: units.map((u, i) => present(u, unitHidden[i], reasons.units[i], types.units[i], label)),
  };
}

export async function keyFigures(ctx: RequestContext, from?: string | null, to?: string | null): Promise<KeyFigures> {
  const actor = actorOf(ctx);
  const ds = ctx.db; // row-level security: the leader's municipality only
  const range = monthRange(localDate(ctx.deps.clock.now()), from, to);
  const kinds = registeredUnitModules().flatMap((m) => m.companyBasedKinds ?? []);
  const [rows, units, [municipality]] = await Promise.all([
    queryKeyFigures(ds, actor.municipalityId, range.first, range.last, kinds),
    ds.query(`SELECT id, kind, name FROM unit WHERE municipality_id = $1 ORDER BY kind, name`, [actor.municipalityId]) as Promise<Array<{ id: string; kind: UnitKind; name: string }>>,
    ds.query(`SELECT name FROM municipality WHERE id = $1`, [actor.municipalityId]) as Promise<Array<{ name: string }>>,
  ]);
  const periodLabel = `${range.labels[0]}–${range.labels[range.labels.length - 1]}`;
  const groups: Array<{ unitId: string | null; kind: UnitKind | null; name: string }> = units.map((u) => ({ unitId: u.id, kind: u.kind, name: u.name }));
  if (rows.some((r) => !r.isTotal && r.unitId === null)) groups.push({ unitId: null, kind: null, name: 'Uden enhed' });
  const find = (label: string, unitId: string | null, isTotal: boolean) => rows.find((r) => r.label === label && r.isTotal === isTotal && (isTotal || r.unitId === unitId));
  const labels = [...range.labels, PERIOD];
  const perLabel = labels.map((label) => {
    const first = label === PERIOD ? range.first : `${label}-01`;
    const last = label === PERIOD ? addMonths(range.last, 1) : addMonths(first, 1);
    const lastDay = new Date(Date.parse(`${last}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const total = find(label, null, true) ?? emptyBucket(label, first, lastDay, null, true);
    const parts = groups.map((g) => find(label, g.unitId, false) ?? emptyBucket(label, first, lastDay, g.unitId, false));
    return presentBucket(total, parts, label === PERIOD ? periodLabel : label);
  });
  await recordAudit(ds, { actor, action: 'READ_KEY_FIGURES', entityType: 'KEY_FIGURES', outcome: 'ALLOWED', detail: periodLabel });
  const months = perLabel.slice(0, -1);
  const period = perLabel[perLabel.length - 1];
  return Object.assign(new KeyFigures(), {
    municipalityName: municipality?.name ?? '',
    fromMonth: range.labels[0],
    toMonth: range.labels[range.labels.length - 1],
    companyBasedTarget: companyBasedTarget(ctx),
    minimumGroupSize: MIN_GROUP,
    figures: FIGURES.map((figure) => Object.assign(new KeyFigureInfo(), { figure, ...KEY_FIGURE_INFO[figure] })),
    months: months.map((b) => b.total),
    period: period.total,
    units: groups.map((g, i) => Object.assign(new UnitKeyFigures(), { unitKind: g.kind, unitName: g.name, months: months.map((b) => b.units[i]), period: period.units[i] })),
  });
}
