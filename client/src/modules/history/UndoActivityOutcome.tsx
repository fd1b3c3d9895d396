import { useMutation } from '@apollo/client/react';
import { ACTIVITY_STATUS_LABELS, label } from '../../core/labels';
import { ErrorNotice } from '../../core/ui';
import type { ActivityStatus } from '../../gql/graphql';
import type { PlanEvent } from '../live/events';
import { UpdateActivityMutation } from '../plan/ActivityEditForm';
import { announceInHistory } from './historyPanelState';

/** The outcomes an activity can be set back from. */
const OUTCOMES: ReadonlySet<string> = new Set<ActivityStatus>(['DONE', 'CANCELLED']);

/** The status before the change, from its Danish label ("Planlagt" → PLANNED); planned when it cannot be told. */
function statusBefore(event: PlanEvent): ActivityStatus {
  const before = event.changes.find((c) => c.field === 'status')?.before;
  const found = (Object.entries(ACTIVITY_STATUS_LABELS) as Array<[ActivityStatus, string]>).find(([, text]) => text === before);
  return found?.[0] ?? 'PLANNED';
}

/**
 * Whether a history entry of an activity can be undone: it set the status to udført or
 * aflyst, and the activity is still exactly as that change left it (same status and
 * version) — anything later would be overwritten.
 */
export function undoableOutcome(event: PlanEvent, activity: { status: string; version: number }): boolean {
  const after = event.record?.__typename === 'Activity' ? event.record : null;
  if (!after || !event.changes.some((c) => c.field === 'status')) return false;
  return OUTCOMES.has(after.status) && after.status === activity.status && after.version === activity.version;
}

/**
 * "Fortryd" on an activity's outcome in its history: sets the status back, guarded by the
 * version (a CONFLICT is shown). Done, the button goes (there is nothing left to undo) and the
 * activity may move to "Kommende": the activity's history says what happened, as the
 * message after marking it does ("… er sat tilbage til planlagt."), and the message takes the
 * focus. It is the history of the activity itself, so the message goes by the activity's id.
 */
export function UndoActivityOutcome(props: { event: PlanEvent; activity: { id: string; title: string; status: string; version: number } }) {
  const [update, { loading, error }] = useMutation(UpdateActivityMutation);
  const { activity } = props;
  if (!undoableOutcome(props.event, activity) && !error) return null;
  const status = statusBefore(props.event);
  const undo = () =>
    void update({ variables: { input: { id: activity.id, expectedVersion: activity.version, status } } })
      .then(() => announceInHistory(activity.id, `»${activity.title}« er sat tilbage til ${label(ACTIVITY_STATUS_LABELS, status).toLowerCase()}.`))
      .catch(() => undefined);
  return (
    <>
      {undoableOutcome(props.event, activity) ? (
        <button type="button" className="button button-secondary button-small" onClick={undo} disabled={loading} aria-busy={loading}>
          Fortryd<span className="visually-hidden"> {label(ACTIVITY_STATUS_LABELS, activity.status as ActivityStatus).toLowerCase()} på {activity.title}</span>
        </button>
      ) : null}
      {error ? <ErrorNotice error={error} title="Aktiviteten blev ikke ændret" /> : null}
    </>
  );
}
