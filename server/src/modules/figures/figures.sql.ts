import { addDays, addMonths } from '@samplan/schema';
import type { Queryable } from '../../core/db/queryable';
import { EndReason, ProgrammeType } from '../plan';
import { GUARANTEE_QUALIFYING, GUARANTEE_QUALIFYING_UNTIL, LawVersion } from '../rules';

/** One aggregated row: a month for the municipality or one unit. */
export interface RawBucket {
  label: string;
  from: string;
  to: string;
  /** null with isTotal false: programmes whose coordinator has no unit. */
  unitId: string | null;
  isTotal: boolean;
  active: number;
  companyBased: number;
  started: number;
  ended: number;
  endReasons: Record<EndReason, number>;
  /** The active, by programme type (every type is counted in `active`). */
  activeByType: Record<ProgrammeType, number>;
  /** Ressourceforløb under the 2022 rules whose first 6 months end in the month (the indsatsgaranti). */
  guaranteeDue: number;
  guaranteeMet: number;
  /** Ressourceforløb (any law version) whose first 6 months end in the month: the samtaler cohort. */
  cohortDue: number;
  cohortMeetings: number;
  cohortMeetingsOk: number;
  /**
   * The municipality's own forløb running at the month's end, when it has set a frame for the days
   * between samtaler (none without one), and those within it that day.
   */
  ownFrameDue: number;
  ownFrameMet: number;
  hoursPeople: number;
  hoursTotal: number;
}

/** Begun (company-based, the indsatsgaranti); in force at a day (the ordinary hours) is narrower: a paused one is not. */
export const STARTED_STATUSES = ['ACTIVE', 'PAUSED', 'COMPLETED'];
const REASONS = Object.values(EndReason);
const TYPES = Object.values(ProgrammeType);
const REQUIRED_FOLLOW_UPS = 4;
/** The rule's qualifying interventions as 'UNIT_KIND:KIND', as the statement matches them. */
const GUARANTEE_QUALIFYING_KINDS = Object.entries(GUARANTEE_QUALIFYING).flatMap(([unitKind, kinds]) => kinds.map((kind) => `${unitKind}:${kind}`));

/** One programme of the municipality, with what the figures need, from one statement. */
export interface ProgrammeRow {
  /** The citizen: the counts of people ("Borgere i forløb") count each citizen once per cell. */
  citizenId: string;
  type: ProgrammeType;
  start: string;
  end: string;
  status: string;
  endReason: EndReason | null;
  /**
   * Never ran: ended before its first day (stored ending on it, migration 58), or registered by
   * mistake (migration 62). One ended on its first day ran that day.
   */
  neverRan: boolean;
  sixEnd: string;
  lawVersion: string;
  /** Coordinator history, oldest first: [from, to | null, unitId | null], Danish wall-clock 'YYYY-MM-DD HH24:MI:SS'. */
  units: Array<[string, string | null, string | null]> | null;
  /**
   * Company-based interventions that have begun: [kind, start, end | null, hoursPerWeek | null,
   * pauses], the last every period it was Sat på pause, [from, to | null] (`intervention_pause`,
   * migration 63): out of force from the day it was set so until the day it left it, the current
   * pause open-ended, whatever it was changed in since.
   */
  company: Array<[kind: string, start: string, end: string | null, hoursPerWeek: number | null, pauses?: Array<[from: string, to: string | null]> | null]> | null;
  /** Only for ressourceforløb under the 2022 rules whose first six months end within the period. */
  guaranteeMet: boolean | null;
  cohortMeetings: number | null;
  /** Only for its own forløb, when the municipality has had a frame: the days samtaler were held, in Denmark, up to the period's end, oldest first. */
  ownHeld?: string[] | null;
}

/**
 * One frame the municipality has set for the days between samtaler in its own forløb
 * (`own_programme_frame`, migration 81), in force from `from` (Danish wall-clock
 * 'YYYY-MM-DD HH24:MI:SS'; '' from the start) until the next; `days` null: none.
 */
export interface OwnFrame {
  from: string;
  days: number | null;
}

/**
 * The facts per programme, one row each, for the municipality's programmes that touch the
 * period — a few thousand narrow rows even for the largest municipality. The month-by-month
 * fan-out happens in `aggregate` below, not in SQL: at national scale the SQL fan-out (programmes ×
 * months through six joins) cost ~120 ms, this costs a fraction of it.
 */
export const KEY_FIGURES_SQL = `
WITH prog AS (
  SELECT p.id, pl.id AS plan_id, p.citizen_id, p.type, p.law_version, p.start_date, p.end_date, p.status, p.end_reason, p.never_ran,
         -- The first six months' last day, as lastDayOfPeriod counts it: with no such day 6 months on
         -- (31 August), PostgreSQL gives that month's last day, which is then the period's last day.
         (p.start_date + interval '6 months' - CASE WHEN extract(day FROM p.start_date + interval '6 months') < extract(day FROM p.start_date)
                                                    THEN interval '0 days' ELSE interval '1 day' END)::date AS six_end,
         (p.start_date + interval '6 months')::date AS guarantee_deadline
    FROM programme p
    JOIN plan pl ON pl.programme_id = p.id
   WHERE p.municipality_id = $1 AND p.start_date <= $3 AND (p.status = 'ACTIVE' OR p.end_date >= $2)
),
company AS (
  -- One marked completed without an end date (stored before an ended intervention was required
  -- to have one) ended on the day it was marked, as near as the record tells: its last change.
  -- Every period it was paused, each kept from the day it was set so to the day it left it.
  SELECT i.plan_id, json_agg(json_build_array(i.kind, i.start_date,
           COALESCE(i.end_date, CASE WHEN i.status = 'COMPLETED' THEN (i.updated_at AT TIME ZONE 'Europe/Copenhagen')::date END),
           (i.details->>'hoursPerWeek')::numeric,
           (SELECT json_agg(json_build_array(ip.paused_on, ip.resumed_on) ORDER BY ip.paused_on)
              FROM intervention_pause ip WHERE ip.intervention_id = i.id))) AS company
    FROM intervention i
   WHERE i.municipality_id = $1 AND i.unit_kind = 'EMPLOYMENT' AND i.kind = ANY($4::text[])
     AND i.status = ANY($5::text[]) AND i.start_date IS NOT NULL AND i.start_date <= $3
   GROUP BY i.plan_id
),
units AS (
  SELECT ca.programme_id, json_agg(json_build_array(
           to_char(ca.from_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD HH24:MI:SS'),
           to_char(ca.to_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD HH24:MI:SS'), ca.unit_id) ORDER BY ca.from_at) AS units
    FROM coordinator_assignment ca
   WHERE ca.municipality_id = $1
   GROUP BY ca.programme_id
),
-- Whether the municipality has ever had a frame for the days between samtaler in its own forløb: the samtaler are read only then.
framed AS (SELECT EXISTS (SELECT 1 FROM own_programme_frame WHERE municipality_id = $1 AND follow_up_days IS NOT NULL) AS any)
SELECT pr.citizen_id AS "citizenId", pr.type, pr.law_version AS "lawVersion", pr.start_date AS start, pr.end_date AS "end", pr.status, pr.end_reason AS "endReason",
       pr.never_ran AS "neverRan", pr.six_end AS "sixEnd",
       u.units, c.company,
       CASE WHEN pr.type = 'RESSOURCEFORLOEB' AND pr.law_version = $7 AND pr.six_end BETWEEN $2 AND $3 THEN EXISTS (
         SELECT 1 FROM intervention i WHERE i.plan_id = pr.plan_id AND i.status = ANY($5::text[]) AND i.start_date <= pr.guarantee_deadline
            AND ((i.unit_kind || ':' || i.kind) = ANY($6::text[])
                 OR EXISTS (SELECT 1 FROM unnest($8::text[], $9::date[]) AS q(kind, last_day) WHERE q.kind = i.unit_kind || ':' || i.kind AND i.start_date <= q.last_day))) END AS "guaranteeMet",
       CASE WHEN pr.six_end BETWEEN $2 AND $3 THEN (
         SELECT count(*)::int FROM follow_up_meeting f WHERE f.plan_id = pr.plan_id
            AND f.held_at >= (pr.start_date::timestamp AT TIME ZONE 'Europe/Copenhagen')
            AND f.held_at < ((pr.six_end + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')) END AS "cohortMeetings",
       CASE WHEN pr.type = 'HELHEDSORIENTERET' AND fr.any THEN (
         SELECT json_agg(d.day ORDER BY d.day) FROM (
           SELECT DISTINCT (f.held_at AT TIME ZONE 'Europe/Copenhagen')::date AS day FROM follow_up_meeting f
            WHERE f.plan_id = pr.plan_id AND f.held_at < (($3::date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')) d) END AS "ownHeld"
  FROM prog pr
  CROSS JOIN framed fr
  LEFT JOIN company c ON c.plan_id = pr.plan_id
  LEFT JOIN units u ON u.programme_id = pr.id`;

/** The municipality's frames for the days between samtaler in its own forløb, oldest first (migration 81). */
const OWN_FRAMES_SQL = `
SELECT CASE WHEN valid_from = '-infinity' THEN '' ELSE to_char(valid_from AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD HH24:MI:SS') END AS "from",
       follow_up_days AS days
  FROM own_programme_frame WHERE municipality_id = $1 ORDER BY valid_from, id`;

interface Bucket {
  label: string;
  from: string;
  to: string;
  /** The end of its last day, as Danish wall-clock time ('D+1 00:00:00'). */
  endsAt: string;
}

const endOfDay = (day: string) => `${addDays(day, 1)} 00:00:00`;

/**
 * Every month from `firstMonth` to `lastMonth` (first days, 'YYYY-MM-01'). The whole period is
 * no bucket of its own: it is built from these months (figures.service.ts, `periodTable`), so it
 * holds nothing that the months do not show.
 */
export function bucketsOf(firstMonth: string, lastMonth: string): Bucket[] {
  const out: Bucket[] = [];
  for (let m = firstMonth; m <= lastMonth; m = addMonths(m, 1)) {
    const to = addDays(addMonths(m, 1), -1);
    out.push({ label: m.slice(0, 7), from: m, to, endsAt: endOfDay(to) });
  }
  return out;
}

const overlaps = (start: string, end: string | null, b: Bucket) => start <= b.to && (end === null || end >= b.from);

/** Sat på pause on the day: within a period from the day it was set so, before the day it left it. */
const pausedAt = (pauses: Array<[string, string | null]> | null | undefined, day: string) =>
  (pauses ?? []).some(([from, to]) => from <= day && (to === null || to > day));

/**
 * The unit of the coordinator assigned at the end of the bucket, or at the end of the
 * programme if it ended earlier; before the first assignment, the first one's unit.
 * Compares Danish wall-clock times ('YYYY-MM-DD HH24:MI:SS' sorts as it reads).
 */
function unitAt(p: ProgrammeRow, b: Bucket, programmeEndsAt: string | null): string | null {
  const history = p.units ?? [];
  if (history.length === 0) return null;
  if (history.length === 1) return history[0][2];
  const at = programmeEndsAt !== null && programmeEndsAt < b.endsAt ? programmeEndsAt : b.endsAt;
  const current = history.find(([from, to], i) => (i === 0 || from < at) && (to === null || to >= at));
  return (current ?? history[history.length - 1])[2];
}

function empty(b: Bucket, unitId: string | null, isTotal: boolean): RawBucket {
  return {
    label: b.label, from: b.from, to: b.to, unitId, isTotal, active: 0, companyBased: 0, started: 0, ended: 0, guaranteeDue: 0, guaranteeMet: 0,
    cohortDue: 0, cohortMeetings: 0, cohortMeetingsOk: 0, ownFrameDue: 0, ownFrameMet: 0, hoursPeople: 0, hoursTotal: 0, endReasons: Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<EndReason, number>,
    activeByType: Object.fromEntries(TYPES.map((t) => [t, 0])) as Record<ProgrammeType, number>,
  };
}

/**
 * Definitions (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9; jobindsats measures the same things month by month):
 *  - active in a bucket: started on or before its last day and by today, and not ended before its first
 *    (an ACTIVE programme past its end date still runs until the next step is decided, STAR’s vejledning om ressourceforløb 2020, afsnit 6.5);
 *  - company-based: a jobcenter internship, wage subsidy or ordinary hours (companyBasedKinds)
 *    that has begun (ACTIVE, PAUSED, COMPLETED; its start not after today) and whose dates overlap the bucket;
 *  - samtaler cohort: ressourceforløb (any law version) whose first 6 months end in the bucket,
 *    before today (and that did not end before); follow-ups per person: meetings held in those first 6 months
 *    (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5);
 *  - indsatsgaranti cohort: those of the samtaler cohort under the 2022 rules, which brought the
 *    guarantee (LAB §113, stk. 2), once its deadline has passed; met when a qualifying intervention (the rule's own list,
 *    modules/rules: LAB kapitel 11, 12 or 14, serviceloven, sundhedsloven) that has begun
 *    started by the deadline, start + 6 months — the warning's own test, so a leader's figure
 *    and the coordinators' warnings agree. Recorded særlige grunde excuse the case from the
 *    rehabiliteringsteam, not from the guarantee: such a case counts as not met;
 *  - own forløb against the municipality's frame (its setting of the most days between samtaler) as
 *    it stood at the month's end (frameAt): its helhedsorienterede forløb running at the month's end
 *    (its last day; in the current month, today); within the frame when that day is no later than the frame's days after the last
 *    samtale held by then, or after the start with none held yet — the warning's own test
 *    (rules, followUpCadence), so a leader's figure and the coordinators' warnings agree. No frame:
 *    no cohort, for there is nothing to measure against;
 *  - ordinary hours: the people with ORDINARY_HOURS in force at the month's end (its last day; in the
 *    current month, today) with their hours a week stated, in a forløb not ended before that day; their
 *    hours are those of the forløb added up (two employers at once, 6 + 4, are 10). In force: begun by
 *    that day, not ended before it, and not paused that day (within any period it was Sat på pause:
 *    from the day it was set so, until the day it left it; the days are kept, so a later change of it
 *    moves nothing, and a month gone by keeps its figure when it is paused again later). One without hours (stored before they were required) is company-based
 *    but no person with ordinary hours: counted as 0 it pulled the hours per person down, and the
 *    people are what the hours are divided by. Hours that ended earlier in the month count in
 *    company-based only. A company-based intervention marked completed without an end date ended on
 *    the day it was marked;
 *  - unit: see unitAt.
 */
export function aggregate(programmes: ProgrammeRow[], buckets: Bucket[], today: string, frames: readonly OwnFrame[] = []): RawBucket[] {
  // A deadline still ahead is not missed: the cohorts take a forløb once its first six months have
  // ended (the samtaler) and once the guarantee's deadline, start + 6 months, has passed (a start
  // on that day still meets it). Before, the current month, and any month ahead, counted every
  // forløb whose deadline fell in it as missing what the citizen still had days to begin.
  const guaranteeJudgedBefore = addDays(today, -1);
  const cells = buckets.map((b) => ({ total: empty(b, null, true), units: new Map<string | null, RawBucket>() }));
  const frameOf = buckets.map((b) => frameAt(frames, b, today));
  // The counts of people count each citizen once per cell: one whose jobafklaringsforløb ends on
  // the 14th and whose ressourceforløb starts on the 15th is one person in forløb that month, not
  // two (and a small group must not pass the suppression by counting someone twice).
  // Per cell (the object, so the municipality's and "Uden enhed"'s never mix): who is counted for what, and each person's hours.
  const seenIn = new Map<RawBucket, { counted: Set<string>; hours: Map<string, { since: string; hours: number }> }>();
  const seen = (c: RawBucket) => {
    let s = seenIn.get(c);
    if (!s) seenIn.set(c, (s = { counted: new Set(), hours: new Map() }));
    return s;
  };
  const firstTime = (c: RawBucket, what: string, citizenId: string) => {
    const { counted } = seen(c);
    const key = `${what}:${citizenId}`;
    if (counted.has(key)) return false;
    counted.add(key);
    return true;
  };
  for (const p of programmes) {
    // Stopped before its first day, or registered by mistake: it never ran, and is in none of the
    // figures. One ended on its first day ran that day: it started and ended in that month.
    if (p.neverRan) continue;
    // Not begun yet (decided to start later): no one is in it, and it has not started, until its first day.
    if (p.start > today) continue;
    const endsAt = p.status === 'ENDED' ? endOfDay(p.end) : null;
    buckets.forEach((b, n) => {
      if (!(p.start <= b.to && (p.status === 'ACTIVE' || p.end >= b.from))) return;
      let companyBased = false;
      let hours = 0;
      let withHours = false;
      // The ordinary hours in force at the end of the month — its last day, in the current month today —
      // in a forløb still running then, added up: two employers at once, 6 and 4 hours a week, are 10
      // (6 until the 15th and 10 after is 10, for the 6 are no longer in force). Hours that ended, or
      // were paused, earlier in the month, or whose forløb ended, are not; nor is one with no hours stated.
      const monthEnd = b.to < today ? b.to : today;
      const runsAtMonthEnd = p.status !== 'ENDED' || p.end >= monthEnd;
      // The latest start among them: of a person's two forløb, the one whose hours began last.
      let hoursSince = '';
      for (const [kind, start, end, h, pauses] of p.company ?? []) {
        // One decided to start later is not company-based before its first day.
        if (start > today || !overlaps(start, end, b)) continue;
        companyBased = true;
        const inForce = runsAtMonthEnd && start <= monthEnd && (end === null || end >= monthEnd) && !pausedAt(pauses, monthEnd);
        if (kind === 'ORDINARY_HOURS' && inForce && h !== null && Number(h) > 0) {
          withHours = true;
          hours += Number(h);
          if (start > hoursSince) hoursSince = start;
        }
      }
      // The 4 samtaler in the first six months are a ressourceforløb rule: only they form the cohort.
      const cohort = p.type === ProgrammeType.RESSOURCEFORLOEB && p.sixEnd >= b.from && p.sixEnd <= b.to && p.sixEnd < today && !(p.status === 'ENDED' && p.end < p.sixEnd);
      // The indsatsgaranti came with the 2022 rules (LAB §113, stk. 2): only ressourceforløb under them.
      const guaranteeCohort = cohort && p.lawVersion === LawVersion.RULES_2022 && p.sixEnd < guaranteeJudgedBefore;
      // The municipality's own frame for its own forløb, as it stood on the month's last day (today in the current month).
      const frameDays = frameOf[n];
      const ownCohort = p.type === ProgrammeType.HELHEDSORIENTERET && frameDays != null && frameDays > 0 && p.start <= monthEnd && runsAtMonthEnd;
      const ownMet = ownCohort && withinFrame(p, monthEnd, frameDays);
      const endedHere = p.status === 'ENDED' && p.end >= b.from && p.end <= b.to;
      const unitId = unitAt(p, b, endsAt);
      let unitCell = cells[n].units.get(unitId);
      if (!unitCell) cells[n].units.set(unitId, (unitCell = empty(b, unitId, false)));
      for (const c of [cells[n].total, unitCell]) {
        if (firstTime(c, 'active', p.citizenId)) c.active++;
        if (firstTime(c, p.type, p.citizenId)) c.activeByType[p.type]++;
        if (companyBased && firstTime(c, 'company', p.citizenId)) c.companyBased++;
        if (p.start >= b.from && p.start <= b.to) c.started++;
        if (endedHere) {
          c.ended++;
          if (p.endReason) c.endReasons[p.endReason]++;
        }
        if (guaranteeCohort) {
          c.guaranteeDue++;
          if (p.guaranteeMet) c.guaranteeMet++;
        }
        if (cohort) {
          c.cohortDue++;
          c.cohortMeetings += p.cohortMeetings ?? 0;
          if ((p.cohortMeetings ?? 0) >= REQUIRED_FOLLOW_UPS) c.cohortMeetingsOk++;
        }
        if (ownCohort) {
          c.ownFrameDue++;
          if (ownMet) c.ownFrameMet++;
        }
        if (withHours) {
          // One person's hours once, as in force at the month's end: of two forløb (the same job recorded
          // in the ended one and the next), the forløb whose hours began last.
          const hoursOf = seen(c).hours;
          const known = hoursOf.get(p.citizenId);
          if (!known) {
            c.hoursPeople++;
            c.hoursTotal += hours;
            hoursOf.set(p.citizenId, { since: hoursSince, hours });
          } else if (hoursSince > known.since) {
            c.hoursTotal += hours - known.hours;
            hoursOf.set(p.citizenId, { since: hoursSince, hours });
          }
        }
      }
    });
  }
  return cells.flatMap((c) => (c.total.active ? [c.total, ...c.units.values()] : []));
}

/** Within the frame on `day`: no more than its days since the last samtale held by then, or since the start with none. */
function withinFrame(p: ProgrammeRow, day: string, frameDays: number): boolean {
  const held = (p.ownHeld ?? []).filter((d) => d <= day);
  const last = held.length ? held[held.length - 1] : p.start;
  return day <= addDays(last, frameDays);
}

/**
 * The days between samtaler of the frame a month is measured against: the frame in force at the
 * end of its last day, the setting made last by then, so a month gone by keeps the frame its
 * forløb were run to, and a later change of the frame moves none of its figures. A frame changed
 * within the month counts from that month, as every forløb in it is measured on the month's last
 * day. The current month is measured today, against the frame as it is now.
 */
function frameAt(frames: readonly OwnFrame[], b: Bucket, today: string): number | null {
  const inForce = today <= b.to ? frames : frames.filter((f) => f.from < b.endsAt);
  return inForce.length ? inForce[inForce.length - 1].days : null;
}

export async function queryKeyFigures(
  q: Queryable,
  municipalityId: string,
  firstMonth: string,
  lastMonth: string,
  companyBasedKinds: string[],
  /** Today in Denmark: a cohort whose deadline is still ahead is not judged yet. */
  today: string,
): Promise<RawBucket[]> {
  const buckets = bucketsOf(firstMonth, lastMonth);
  const [rows, frames]: [ProgrammeRow[], OwnFrame[]] = await Promise.all([
    q.query(KEY_FIGURES_SQL, [
      municipalityId, buckets[0].from, buckets[buckets.length - 1].to, companyBasedKinds, STARTED_STATUSES, GUARANTEE_QUALIFYING_KINDS, LawVersion.RULES_2022,
      Object.keys(GUARANTEE_QUALIFYING_UNTIL), Object.values(GUARANTEE_QUALIFYING_UNTIL),
    ]),
    q.query(OWN_FRAMES_SQL, [municipalityId]),
  ]);
  return aggregate(rows, buckets, today, frames);
}
