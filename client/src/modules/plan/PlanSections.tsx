import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { formatDateTime } from '../../core/format';
import { useChangeNotice } from '../../core/forms/ChangeNotice';
import { FormPanel } from '../../core/forms/FormPanel';
import { ACTIVITY_STATUS_LABELS, AREA_LABELS, AREAS, INTERVENTION_STATUS_LABELS, label, SUB_GOAL_STATUS_LABELS } from '../../core/labels';
import { StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { ActivityItem_ActivityFragment, InterventionStatus } from '../../gql/graphql';
import { RecordHistory } from '../history/RecordHistory';
import { UndoActivityOutcome } from '../history/UndoActivityOutcome';
import { ChangedFlag, highlightClass, useHighlight } from '../live/PlanLive';
import { EditingBadge } from '../presence/PlanPresence';
import { ActivityControls, type ActivityRights } from './ActivityControls';
import { sharedWithMentorText } from './MentorSharingToggle';
import { outsidePeriodText, type InterventionPeriod } from './activityPeriod';
import { ProgressChart } from './ProgressChart';
import { SubGoalActions } from './SubGoalActions';
import { NewSubGoalForm } from './SubGoalForms';
import { usePlanCannotSave } from './planOpen';

export const SubGoalFragment = graphql(`
  fragment SubGoalItem_SubGoal on SubGoal {
    id
    area
    text
    reason
    status
    version
    updatedAt
    progress {
      id
      measuredOn
      scale
      value
      comment
      recordedBy {
        id
        name
      }
    }
  }
`);

/**
 * One measurement with the fields the progression chart reads: what the progress form and a
 * live event write into the cache. The sub-goal above lists the same fields inline, not by
 * this spread, which the query cost limit would count as one more level of nesting.
 */
export const ProgressPointFragment = graphql(`
  fragment ProgressPoint_SubGoalProgress on SubGoalProgress {
    id
    measuredOn
    scale
    value
    comment
    recordedBy {
      id
      name
    }
  }
`);

function SubGoalItem(props: { goal: FragmentType<typeof SubGoalFragment>; canRecord: boolean; canEdit: boolean }) {
  const goal = getFragmentData(SubGoalFragment, props.goal);
  const highlight = useHighlight(goal.id);
  const [message, setMessage] = useState<string | null>(null);
  const lastScale = goal.progress[goal.progress.length - 1]?.scale;
  return (
    <li className={`sub-goal${highlightClass(highlight)}`} data-testid="sub-goal" data-sub-goal-id={goal.id}>
      <div className="sub-goal-text">
        <p className="sub-goal-title">
          {goal.text} <span className={`status status-${goal.status.toLowerCase()}`}>{label(SUB_GOAL_STATUS_LABELS, goal.status)}</span>
        </p>
        <ChangedFlag highlight={highlight} />
        <EditingBadge recordId={goal.id} />
        <p className="hint">Begrundelse: {goal.reason}</p>
      </div>
      <ProgressChart points={goal.progress} />
      {message ? (
        <div className="sub-goal-wide">
          <StatusNotice message={message} />
        </div>
      ) : null}
      <SubGoalActions goal={goal} canEdit={props.canEdit} canRecord={props.canRecord} defaultScale={lastScale} onMessage={setMessage} />
      <div className="sub-goal-wide">
        <RecordHistory recordId={goal.id} title={goal.text} />
      </div>
    </li>
  );
}

/**
 * Delmål by indsatsområde, each with its progression over time. Everyone on the plan
 * records progress; only the coordinator adds or edits a sub-goal.
 */
export function SubGoalsSection(props: {
  planId: string;
  subGoals: ReadonlyArray<FragmentType<typeof SubGoalFragment>>;
  canCreate: boolean;
  canRecord: boolean;
}) {
  const [message, setMessage] = useState<string | null>(null);
  const cannotSave = usePlanCannotSave();
  // "Nyt delmål" left open when the programme ends has lost its button: closing it gives the focus to the heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const goals = props.subGoals.map((ref) => ({ ref, goal: getFragmentData(SubGoalFragment, ref) }));
  const groups = AREAS.map((area) => ({ area, items: goals.filter((g) => g.goal.area === area) })).filter((g) => g.items.length);
  return (
    <section className="card" aria-labelledby="subgoals-heading" data-testid="subgoals-section">
      <h2 id="subgoals-heading" ref={heading} tabIndex={-1}>
        Delmål
      </h2>
      {groups.length === 0 ? <p className="hint">Der er ingen delmål endnu.</p> : null}
      {groups.map((g) => (
        <section key={g.area} aria-labelledby={`area-${g.area}`} className="area-group">
          <h3 id={`area-${g.area}`}>{AREA_LABELS[g.area]}</h3>
          <ul className="sub-goal-list">
            {g.items.map(({ ref, goal }) => (
              <SubGoalItem key={goal.id} goal={ref} canRecord={props.canRecord} canEdit={props.canCreate} />
            ))}
          </ul>
        </section>
      ))}
      <StatusNotice message={message} />
      {/* After the end the button goes; a form left open stays with what was typed, and cannot be saved. */}
      {props.canCreate || cannotSave ? (
        <FormPanel label="Nyt delmål" offered={props.canCreate} focusWithoutButton={heading} onDone={setMessage}>
          {(close, done) => (
            <NewSubGoalForm
              planId={props.planId}
              cannotSave={cannotSave}
              onCancel={close}
              onDone={done}
            />
          )}
        </FormPanel>
      ) : null}
    </section>
  );
}

export const ActivityFragment = graphql(`
  fragment ActivityItem_Activity on Activity {
    id
    title
    dueAt
    status
    assignee
    place
    notes
    interventionId
    sharedWithMentor
    mentorShareRefusal
    version
    updatedAt
    updatedBy {
      id
      name
    }
  }
`);

/** An intervention as the activity list needs it: its title to name it, its status to tell whether it has ended, its period to tell a step outside it. */
export interface ActivityIntervention extends InterventionPeriod {
  title: string;
  status: InterventionStatus;
}

/** Afsluttet or Annulleret: its steps still planned are no longer going to happen (as the printed plan says). */
const isOver = (iv: ActivityIntervention | undefined) => iv?.status === 'COMPLETED' || iv?.status === 'CANCELLED';

function ActivityItem(props: {
  activity: FragmentType<typeof ActivityFragment>;
  intervention?: ActivityIntervention;
  rights?: ActivityRights;
  /** A mentor grant runs today: a shared step reaches the mentor (sharedWithMentorText). */
  mentorCanReceive: boolean;
  onChanged: (message: string) => void;
  onEditing: (id: string, editing: boolean) => void;
}) {
  const a = getFragmentData(ActivityFragment, props.activity);
  const iv = props.intervention;
  const highlight = useHighlight(a.id);
  const { onEditing } = props;
  const editing = useCallback((on: boolean) => onEditing(a.id, on), [onEditing, a.id]);
  // A cancelled step will not happen, so where it would have fallen no longer matters.
  const outside = a.status === 'CANCELLED' ? null : outsidePeriodText(a.dueAt, iv);
  return (
    <li className={`activity${highlightClass(highlight)}`} data-testid="activity" data-activity-id={a.id}>
      <p className="activity-title">
        <span>{a.title}</span> <span className={`status status-${a.status.toLowerCase()}`}>{label(ACTIVITY_STATUS_LABELS, a.status)}</span>
      </p>
      <ChangedFlag highlight={highlight} />
      <EditingBadge recordId={a.id} />
      <p className="hint">
        <time dateTime={a.dueAt}>{formatDateTime(a.dueAt)}</time>
        {a.place ? ` · Sted: ${a.place}` : ''}
        {a.assignee ? ` · Ansvarlig: ${a.assignee}` : ''}
        {iv ? ` · ${iv.title}${isOver(iv) ? ` (${label(INTERVENTION_STATUS_LABELS, iv.status).toLowerCase()})` : ''}` : ''}
        {a.sharedWithMentor ? ` · ${sharedWithMentorText(a.mentorShareRefusal, props.mentorCanReceive)}` : ''}
      </p>
      {outside ? <p className="hint activity-outside-period">{outside}</p> : null}
      {a.notes ? <p className="hint">Noter: {a.notes}</p> : null}
      {props.rights ? <ActivityControls activity={a} rights={props.rights} interventionPeriod={iv} onChanged={props.onChanged} onEditing={editing} /> : null}
      <RecordHistory
        recordId={a.id}
        title={a.title}
        action={props.rights?.editableInterventionIds.has(a.interventionId ?? '') ? (event) => <UndoActivityOutcome event={event} activity={a} /> : undefined}
      />
    </li>
  );
}

type ActivityListName = 'upcoming' | 'rest';
type ListedActivity = { ref: FragmentType<typeof ActivityFragment>; a: ActivityItem_ActivityFragment };

const DAY_MS = 86_400_000;
const dueTime = (x: ListedActivity) => new Date(x.a.dueAt).getTime();

/** An activity's row in the section, by its id. */
function rowIn(section: HTMLElement | null, id: string): HTMLElement | undefined {
  return Array.from(section?.querySelectorAll<HTMLElement>('[data-activity-id]') ?? []).find((li) => li.dataset.activityId === id);
}

/**
 * A list in the order of its activities' times, except around the rows held in place (an
 * edit form or a conflict view is open in them): every other row that was shown before stays
 * on its side of each held row, so React never moves a held row's element. Moving it would
 * take the focus, and with it the user's place, from the field they type in. A row that is
 * new to the list goes by its time.
 */
function arrange(
  items: readonly ListedActivity[],
  compare: (x: ListedActivity, y: ListedActivity) => number,
  before: readonly string[],
  held: ReadonlyMap<string, unknown>,
): ListedActivity[] {
  const sorted = [...items].sort(compare);
  const pinned = before.flatMap((id) => (held.has(id) ? items.filter((x) => x.a.id === id) : []));
  if (!pinned.length) return sorted;
  const pinnedAt = pinned.map((p) => before.indexOf(p.a.id));
  const side = (x: ListedActivity) => {
    const at = before.indexOf(x.a.id);
    return at >= 0 ? pinnedAt.filter((p) => p < at).length : pinned.filter((p) => compare(p, x) <= 0).length;
  };
  const others = sorted.filter((x) => !pinned.includes(x));
  return pinned.flatMap((p, i) => [...others.filter((x) => side(x) === i), p]).concat(others.filter((x) => side(x) === pinned.length));
}

/**
 * Aktiviteter: the plan's dated steps, the next ones first, the earlier and finished ones
 * newest first. The lists follow each activity's time and status as the cache has them now
 * (a live change, my own save), so neither the server's order nor a refetch is waited for.
 * A step still planned in an intervention that has ended is not "Kommende": it is listed with
 * the earlier ones, where it can be marked udført or aflyst, and nothing of it is lost.
 */
export function ActivitiesSection(props: {
  activities: ReadonlyArray<FragmentType<typeof ActivityFragment>>;
  /** The plan's interventions by id, as the cache has them now (one ended by a colleague moves its steps at once). */
  interventions: ReadonlyMap<string, ActivityIntervention>;
  /** What I may change; without it the list is read-only. */
  rights?: ActivityRights;
  /** A mentor grant runs today, so what is shared with the mentor reaches them. */
  mentorCanReceive: boolean;
  now?: Date;
}) {
  const notice = useChangeNotice('activity-notice');
  const now = (props.now ?? new Date()).getTime();
  const section = useRef<HTMLElement>(null);
  // The ids in each list as last shown, and the rows whose form is open, with the list they are held in.
  const shown = useRef<Record<ActivityListName, readonly string[]>>({ upcoming: [], rest: [] });
  const [held, setHeld] = useState<ReadonlyMap<string, ActivityListName>>(() => new Map());
  // A row whose form closed with focus in it: the focus follows the row if it moves.
  const refocus = useRef<string | null>(null);

  // While a row's edit form (or conflict view) is open, a colleague's "udført" or the
  // 24-hour cut-off would move it to the other list: another element, and the form with
  // what the user typed would be gone. It stays where it is until the form closes.
  const editing = useCallback((id: string, on: boolean) => {
    if (!on && rowIn(section.current, id)?.contains(document.activeElement)) refocus.current = id;
    setHeld((current) => {
      const next = new Map(current);
      if (on) next.set(id, shown.current.rest.includes(id) ? 'rest' : 'upcoming');
      else next.delete(id);
      return next;
    });
  }, []);

  const items: ListedActivity[] = props.activities.map((ref) => ({ ref, a: getFragmentData(ActivityFragment, ref) }));
  const interventionOf = (x: ListedActivity) => (x.a.interventionId ? props.interventions.get(x.a.interventionId) : undefined);
  const listOf = (x: ListedActivity): ActivityListName =>
    held.get(x.a.id) ?? (x.a.status === 'PLANNED' && dueTime(x) >= now - DAY_MS && !isOver(interventionOf(x)) ? 'upcoming' : 'rest');
  const upcoming = arrange(
    items.filter((x) => listOf(x) === 'upcoming'),
    (x, y) => dueTime(x) - dueTime(y),
    shown.current.upcoming,
    held,
  );
  // The server lists by time; of equal times the later listed comes first here, as before.
  const rest = arrange(
    items.filter((x) => listOf(x) === 'rest').reverse(),
    (x, y) => dueTime(y) - dueTime(x),
    shown.current.rest,
    held,
  );

  useLayoutEffect(() => {
    shown.current = { upcoming: upcoming.map((x) => x.a.id), rest: rest.map((x) => x.a.id) };
    const id = refocus.current;
    if (!id || held.has(id)) return;
    refocus.current = null;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    // The row moved (its element is new, or was moved): to its "Redigér", or to the folded list's summary it went into.
    const row = rowIn(section.current, id);
    const folded = row?.closest('details');
    if (folded && !folded.open) folded.querySelector('summary')?.focus();
    else row?.querySelector<HTMLElement>('[data-activity-edit]')?.focus();
  });

  const render = (list: readonly ListedActivity[]) => (
    <ul className="activity-list">
      {list.map((x) => (
        <ActivityItem
          key={x.a.id}
          activity={x.ref}
          intervention={interventionOf(x)}
          rights={props.rights}
          mentorCanReceive={props.mentorCanReceive}
          onChanged={notice.show}
          onEditing={editing}
        />
      ))}
    </ul>
  );
  return (
    <section ref={section} className="card" aria-labelledby="activities-heading">
      {/* Focusable: a form kept open after the end gives the focus here when it closes (ActivityControls). */}
      <h2 id="activities-heading" tabIndex={-1}>
        Aktiviteter
      </h2>
      {notice.element}
      {items.length === 0 ? <p className="hint">Der er ingen aktiviteter endnu.</p> : null}
      {upcoming.length ? (
        <>
          <h3>Kommende</h3>
          {render(upcoming)}
        </>
      ) : null}
      {rest.length ? (
        <details className="more">
          <summary>Tidligere og afsluttede ({rest.length})</summary>
          {render(rest)}
        </details>
      ) : null}
    </section>
  );
}
