import { localDate } from '@samplan/schema';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { EventKind } from '../../core/events/event-kinds';
import { appendEvent } from '../../core/events/event-log';
import { onOwnProgrammeSettingsChanged, onPlanChange, Programme, type PlanChangeKind } from '../plan';
import { WarningSeverity } from './warning.type';
import { loadFacts, loadFactsIfNamed } from './warning-facts';
import type { ProgrammeFacts } from './warning-rules';
import { recordWarningStates, type SweepChangeHandler, type WarningChange } from './warnings.service';

/** "Advarsler på forløbet: 2 advarsler, heraf 1 overskredet" — what the caseload's feed shows. */
export function warningsSummary(change: WarningChange): string {
  const n = change.warnings.length;
  if (n === 0) return 'Ingen advarsler på forløbet længere';
  const overdue = change.warnings.filter((w) => w.severity === WarningSeverity.OVERDUE).length;
  return `Advarsler på forløbet: ${n === 1 ? '1 advarsel' : `${n} advarsler`}${overdue ? `, heraf ${overdue} overskredet` : ''}`;
}

/**
 * One WARNINGS_CHANGED event per changed programme, in the caller's transaction. The
 * payload is the programme itself, so a subscriber reads its fresh `warnings` (and the
 * caseload reorders) from the event without another request. Mentors never receive these
 * (the mentor event filter lets only their own records and shared items through).
 */
export async function appendWarningEvents(m: EntityManager, changes: WarningChange[], actor: Actor | null): Promise<void> {
  for (const change of changes) {
    const programme = await m.findOneBy(Programme, { id: change.programmeId });
    if (!programme) continue;
    await appendEvent(m, {
      planId: change.planId,
      municipalityId: change.municipalityId,
      kind: EventKind.WARNINGS_CHANGED,
      entityType: 'PROGRAMME',
      entityId: change.programmeId,
      actor,
      summary: warningsSummary(change),
      payload: { entity: { __typename: 'Programme', ...programme }, warnings: change.warnings.map((w) => ({ rule: w.rule, severity: w.severity, dueDate: w.dueDate })) },
    });
  }
}

/** The daily sweep's changes (no writer: the day passed), in the sweep's transaction. */
export const appendSweepEvents: SweepChangeHandler = (changes, m) => appendWarningEvents(m, changes, null);

/**
 * The records whose tables the warning facts (`programme_warning_facts`, migration 30) never
 * read, so that changing one cannot change a warning: an activity, a mentor's task, a
 * sub-goal and its progress. A test reads the function's definition and holds it to this.
 */
export const RECORDS_WITHOUT_WARNINGS: Readonly<Record<string, readonly string[]>> = {
  ACTIVITY: ['activity'],
  MENTOR_TASK: ['mentor_task'],
  SUB_GOAL: ['sub_goal', 'intervention_sub_goal'],
  SUB_GOAL_PROGRESS: ['sub_goal_progress'],
};

/**
 * For records the facts do read: the columns they read. An update that sets none of them (an
 * intervention's notes or short-term goal) cannot change a warning either. The same test
 * holds the function's definition to this list. The owning unit (`unit_id`, migration 68) says
 * whom a warning's advice is for, not what the warning is; it is listed all the same, as read.
 */
export const COLUMNS_WARNINGS_READ: Readonly<Record<string, readonly string[]>> = {
  INTERVENTION: ['id', 'plan_id', 'title', 'unit_id', 'unit_kind', 'kind', 'status', 'start_date', 'end_date', 'details', 'health_talk_asked_on', 'health_talk_before_start', 'health_talk_decided_on'],
};

/**
 * An update of an intervention whose only column the facts read is its title: warnings show
 * an intervention's title only when they are about it, so its facts are read only when the
 * recorded warning set names it (loadFactsIfNamed).
 */
function titleOnly(change: PlanChangeKind): change is PlanChangeKind & { entityId: string } {
  const read = COLUMNS_WARNINGS_READ[change.entityType];
  return change.entityType === 'INTERVENTION' && !!change.entityId && !!change.columns && change.columns.filter((c) => read.includes(c)).join() === 'title';
}

/** Whether a change can change its programme's warnings (the facts read what it touched). */
export function mayChangeWarnings(change: PlanChangeKind): boolean {
  if (Object.hasOwn(RECORDS_WITHOUT_WARNINGS, change.entityType)) return false;
  const read = COLUMNS_WARNINGS_READ[change.entityType];
  return !read || !change.columns || change.columns.some((c) => read.includes(c));
}

/** Records the warnings of programmes whose facts were read in a writer's transaction, and tells of those that changed (WARNINGS_CHANGED), by `actor`. */
async function recordAndTell(m: EntityManager, ctx: RequestContext, facts: Map<string, ProgrammeFacts>, actor: Actor | null): Promise<void> {
  const changes = await recordWarningStates(m, facts, localDate(ctx.deps.clock.now()));
  if (changes.length) await appendWarningEvents(m, changes, actor);
}

// Every other change of a plan re-evaluates its programme's warnings in the same transaction,
// so a booked meeting or a started intervention clears its warning at once (docs/domain.md rules 1–8).
// The facts are read as soon as the change is queued (plan-write.ts), the state written after.
onPlanChange({
  concerns: mayChangeWarnings,
  read: (m, _ctx, changed, change) => (titleOnly(change) ? loadFactsIfNamed(m, changed.programmeId, change.entityId) : loadFacts(m, [changed.programmeId])),
  // By whoever made the change; nobody for a programme imported at go-live.
  write: (m, ctx, _changed, facts) => recordAndTell(m, ctx, facts, ctx.actor),
});

/**
 * The columns of a programme that the facts of the citizen's other programmes read: whether it
 * ran at all (`never_ran`, which PostgreSQL keeps from these two marks, migration 62) and where it
 * lies among them (`earlier_same_type`, counted by start date).
 */
const COLUMNS_OTHER_PROGRAMMES_READ: readonly string[] = ['stopped_before_start', 'registered_in_error_at', 'start_date'];

/**
 * A change of a programme that says it sets one of those columns (marking an earlier
 * jobafklaringsforløb "Registreret ved en fejl", or taking the mark back) moves the count of
 * earlier jobafklaringsforløb (LAB kapitel 18; JOBAFKLARING_COUNT) of the citizen's running forløb
 * of the same type, on another plan. Its warnings are evaluated again and recorded in the same
 * transaction, so Mine sager's filter and sort by warning agree with the warning its row shows,
 * and open lists hear WARNINGS_CHANGED. Its row is locked first, as a change of its own plan
 * locks it (plan-write.ts), so neither records warnings read before the other committed. A
 * change that names no columns is of the citizen's one running forløb itself (a creation, an
 * ending: STAR’s vejledning om ressourceforløb 2020, afsnit 5.1), which the hook above covers.
 */
onPlanChange({
  concerns: (change) => change.entityType === 'PROGRAMME' && !!change.columns?.some((c) => COLUMNS_OTHER_PROGRAMMES_READ.includes(c)),
  async read(m, _ctx, changed) {
    const rows: Array<{ id: string }> = await m.query(
      `SELECT o.id FROM programme o JOIN programme p ON p.id = $1
        WHERE o.citizen_id = p.citizen_id AND o.type = p.type AND o.id <> p.id AND o.status = 'ACTIVE'
        ORDER BY o.id FOR NO KEY UPDATE OF o`,
      [changed.programmeId],
    );
    return rows.length ? loadFacts(m, rows.map((r) => r.id)) : new Map<string, ProgrammeFacts>();
  },
  write: (m, ctx, _changed, facts) => recordAndTell(m, ctx, facts, ctx.actor),
});

/**
 * A municipality's own frames for its helhedsorienterede forløb (length, samtaler) decide their
 * warnings: when a leader changes them, every such running forløb is evaluated again and
 * recorded in the same transaction, so Mine sager's filter and sort by warning agree with the
 * warning each row shows, and open lists hear WARNINGS_CHANGED.
 */
onOwnProgrammeSettingsChanged(async (m, ctx, municipalityId) => {
  const rows: Array<{ id: string }> = await m.query(
    `SELECT id FROM programme WHERE municipality_id = $1 AND type = 'HELHEDSORIENTERET' AND status = 'ACTIVE' ORDER BY id FOR UPDATE`,
    [municipalityId],
  );
  if (rows.length === 0) return;
  await recordAndTell(m, ctx, await loadFacts(m, rows.map((r) => r.id)), actorOf(ctx));
});
