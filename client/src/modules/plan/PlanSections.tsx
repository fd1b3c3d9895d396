import { useState } from 'react';
import { formatDateTime } from '../../core/format';
import { useChangeNotice } from '../../core/forms/ChangeNotice';
import { FormPanel } from '../../core/forms/FormPanel';
import { ACTIVITY_STATUS_LABELS, AREA_LABELS, AREAS, label, SUB_GOAL_STATUS_LABELS } from '../../core/labels';
import { StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { RecordHistory } from '../history/RecordHistory';
import { UndoActivityOutcome } from '../history/UndoActivityOutcome';
import { ChangedFlag, highlightClass, useHighlight } from '../live/PlanLive';
import { EditingBadge } from '../presence/PlanPresence';
import { ActivityControls, type ActivityRights } from './ActivityControls';
import { ProgressChart } from './ProgressChart';
import { SubGoalActions } from './SubGoalActions';
import { NewSubGoalForm } from './SubGoalForms';

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
        <p className="notice notice-info sub-goal-wide" role="status">
          {message}
        </p>
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
  const goals = props.subGoals.map((ref) => ({ ref, goal: getFragmentData(SubGoalFragment, ref) }));
  const groups = AREAS.map((area) => ({ area, items: goals.filter((g) => g.goal.area === area) })).filter((g) => g.items.length);
  return (
    <section className="card" aria-labelledby="subgoals-heading" data-testid="subgoals-section">
      <h2 id="subgoals-heading">Delmål</h2>
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
      {props.canCreate ? (
        <FormPanel label="Nyt delmål" onDone={setMessage}>
          {(close, done) => (
            <NewSubGoalForm
              planId={props.planId}
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
    notes
    interventionId
    sharedWithMentor
    version
    updatedAt
    updatedBy {
      id
      name
    }
  }
`);

function ActivityItem(props: {
  activity: FragmentType<typeof ActivityFragment>;
  interventionTitle?: string;
  rights?: ActivityRights;
  onChanged: (message: string) => void;
}) {
  const a = getFragmentData(ActivityFragment, props.activity);
  const highlight = useHighlight(a.id);
  return (
    <li className={`activity${highlightClass(highlight)}`} data-testid="activity" data-activity-id={a.id}>
      <p className="activity-title">
        <span>{a.title}</span> <span className={`status status-${a.status.toLowerCase()}`}>{label(ACTIVITY_STATUS_LABELS, a.status)}</span>
      </p>
      <ChangedFlag highlight={highlight} />
      <EditingBadge recordId={a.id} />
      <p className="hint">
        <time dateTime={a.dueAt}>{formatDateTime(a.dueAt)}</time>
        {a.assignee ? ` · Ansvarlig: ${a.assignee}` : ''}
        {props.interventionTitle ? ` · ${props.interventionTitle}` : ''}
        {a.sharedWithMentor ? ' · Delt med mentor' : ''}
      </p>
      {a.notes ? <p className="hint">Noter: {a.notes}</p> : null}
      {props.rights ? <ActivityControls activity={a} rights={props.rights} onChanged={props.onChanged} /> : null}
      <RecordHistory
        recordId={a.id}
        title={a.title}
        action={props.rights?.editableInterventionIds.has(a.interventionId ?? '') ? (event) => <UndoActivityOutcome event={event} activity={a} /> : undefined}
      />
    </li>
  );
}

/** Aktiviteter: the plan's dated steps, the next ones first. */
export function ActivitiesSection(props: {
  activities: ReadonlyArray<FragmentType<typeof ActivityFragment>>;
  interventionTitles: ReadonlyMap<string, string>;
  /** What I may change; without it the list is read-only. */
  rights?: ActivityRights;
  now?: Date;
}) {
  const notice = useChangeNotice('activity-notice');
  const now = (props.now ?? new Date()).getTime();
  const items = props.activities.map((ref) => ({ ref, a: getFragmentData(ActivityFragment, ref) }));
  const upcoming = items.filter((x) => x.a.status === 'PLANNED' && new Date(x.a.dueAt).getTime() >= now - 86_400_000);
  const rest = items.filter((x) => !upcoming.includes(x)).reverse();
  const render = (list: typeof items) => (
    <ul className="activity-list">
      {list.map(({ ref, a }) => (
        <ActivityItem
          key={a.id}
          activity={ref}
          interventionTitle={a.interventionId ? props.interventionTitles.get(a.interventionId) : undefined}
          rights={props.rights}
          onChanged={notice.show}
        />
      ))}
    </ul>
  );
  return (
    <section className="card" aria-labelledby="activities-heading">
      <h2 id="activities-heading">Aktiviteter</h2>
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
