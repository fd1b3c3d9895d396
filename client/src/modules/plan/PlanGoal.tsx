import { useRef, useState } from 'react';
import { formatDate, formatDateTime } from '../../core/format';
import { FormPanel } from '../../core/forms/FormPanel';
import { GOAL_KIND_LABELS } from '../../core/labels';
import { StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { RecordHistory } from '../history/RecordHistory';
import { ChangedFlag, highlightClass, useHighlight } from '../live/PlanLive';
import { EditingBadge } from '../presence/PlanPresence';
import { PlanGoalForm, sixMonthPlanApplies } from './PlanGoalForm';
import { usePlanCannotSave, usePlanOpen } from './planOpen';

export const PlanGoalFragment = graphql(`
  fragment PlanGoal_Plan on Plan {
    id
    version
    myStanding
    employmentGoal
    goalKind
    periodStart
    periodEnd
    updatedAt
    programme {
      id
      type
      lawVersion
    }
  }
`);

/** Beskæftigelsesmålet and the plan period; the coordinator edits them here. */
export function PlanGoal(props: { plan: FragmentType<typeof PlanGoalFragment> }) {
  const plan = getFragmentData(PlanGoalFragment, props.plan);
  const highlight = useHighlight('section:goal');
  const open = usePlanOpen();
  const cannotSave = usePlanCannotSave();
  const heading = useRef<HTMLHeadingElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section className={`card${highlightClass(highlight)}`} aria-labelledby="goal-heading" data-testid="goal-section">
      <h2 id="goal-heading" ref={heading} tabIndex={-1}>
        Beskæftigelsesmål
      </h2>
      <ChangedFlag highlight={highlight} />
      <EditingBadge recordId={plan.id} />
      <p className="goal">{plan.employmentGoal}</p>
      <dl className="facts">
        <div>
          <dt>Målet angiver</dt>
          <dd>{GOAL_KIND_LABELS[plan.goalKind] ?? plan.goalKind}</dd>
        </div>
        <div>
          <dt>Planperiode</dt>
          <dd>
            <time dateTime={plan.periodStart}>{formatDate(plan.periodStart)}</time>
            {' – '}
            <time dateTime={plan.periodEnd}>{formatDate(plan.periodEnd)}</time>
          </dd>
        </div>
        <div>
          <dt>Senest ændret</dt>
          <dd>
            <time dateTime={plan.updatedAt}>{formatDateTime(plan.updatedAt)}</time>
          </dd>
        </div>
      </dl>
      <StatusNotice message={message} />
      {/* After the end "Redigér" goes; a form left open stays with what was typed, and cannot be saved. */}
      {plan.myStanding === 'COORDINATOR' ? (
        <FormPanel label="Redigér mål og planperiode" offered={open} focusWithoutButton={heading} onDone={setMessage}>
          {(close, done) => (
            <PlanGoalForm
              plan={plan}
              liveVersion={plan.version}
              sixMonthPlan={sixMonthPlanApplies(plan.programme?.type, plan.programme?.lawVersion ?? null)}
              cannotSave={cannotSave}
              onCancel={close}
              onDone={done}
            />
          )}
        </FormPanel>
      ) : null}
      <RecordHistory recordId={plan.id} title="planen" />
    </section>
  );
}
