import { TEXT_LIMITS } from '@samplan/schema';
import { useMutation } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { formatDateTime, fromLocalInput, toLocalInput } from '../../core/format';
import { VersionedEditForm, type FormField, type Values } from '../../core/forms/VersionedEditForm';
import { ACTIVITY_STATUS_LABELS, label } from '../../core/labels';
import { graphql } from '../../gql';
import type { ActivityItem_ActivityFragment, ActivityStatus } from '../../gql/graphql';
import { outsidePeriodText, type InterventionPeriod } from './activityPeriod';

export const UpdateActivityMutation = graphql(`
  mutation UpdateActivity($input: UpdateActivityInput!) {
    updateActivity(input: $input) {
      id
      ...ActivityItem_Activity
    }
  }
`);

const ACTIVITY_STATUSES: readonly ActivityStatus[] = ['PLANNED', 'DONE', 'CANCELLED'];

const DUE_AT_MISSING = 'Vælg tidspunkt eller frist.';

/** Where the step is, said alike in "Ny aktivitet" and "Redigér": the citizen reads it under Kommende aftaler. */
export const PLACE_HINT = 'Fx adresse eller lokale.';

/** An activity's editable fields, for the form and for the conflict view. */
export const ACTIVITY_FIELDS: readonly FormField[] = [
  { key: 'title', label: 'Titel', input: 'text', required: true, maxChars: TEXT_LIMITS.title },
  {
    key: 'dueAt',
    label: 'Tidspunkt eller frist',
    input: 'datetime',
    required: true,
    requiredMessage: DUE_AT_MISSING,
    format: (v) => formatDateTime(String(v)),
    // Typed and shown in local time.
    textOf: (v) => toLocalInput(v as string),
    apiValue: fromLocalInput,
  },
  {
    key: 'status',
    label: 'Status',
    input: 'select',
    required: true,
    options: ACTIVITY_STATUSES.map((s) => ({ value: s, label: ACTIVITY_STATUS_LABELS[s] })),
    format: (v) => label(ACTIVITY_STATUS_LABELS, v as ActivityStatus),
  },
  // Optional: emptied, it is sent as "" and the server takes the place away.
  { key: 'place', label: 'Sted', input: 'text', hint: PLACE_HINT, maxChars: TEXT_LIMITS.title },
  { key: 'assignee', label: 'Ansvarlig', input: 'text', hint: 'Navn eller rolle, fx borgeren eller kontaktpersonen.', maxChars: TEXT_LIMITS.title },
  // The server keeps notes as typed.
  { key: 'notes', label: 'Noter', input: 'textarea', apiValue: (text) => text, maxChars: TEXT_LIMITS.long },
];

/** A time the browser could not read is no time. */
function checkDueAt(values: Values): Record<string, string> {
  return values.dueAt && !fromLocalInput(values.dueAt) ? { dueAt: DUE_AT_MISSING } : {};
}

/**
 * "Redigér" on an activity of my unit: only the fields the user changed are sent, with the
 * version read when editing began; a newer save by someone else opens the conflict view.
 */
export function ActivityEditForm(props: {
  activity: ActivityItem_ActivityFragment;
  /** Its intervention's Startdato and Slutdato: a time outside them is pointed out while typing, not refused. */
  interventionPeriod?: InterventionPeriod;
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [update, { loading }] = useMutation(UpdateActivityMutation);
  const activity = props.activity;
  const { interventionPeriod: period } = props;
  const fields = useMemo(
    () => ACTIVITY_FIELDS.map((f) => (f.key === 'dueAt' ? { ...f, note: (text: string) => outsidePeriodText(fromLocalInput(text), period) } : f)),
    [period],
  );
  // The title as it was when editing began, for the heading and the conflict view.
  const [title] = useState(activity.title);
  return (
    <VersionedEditForm
      heading={`Redigér ${title}`}
      headingLevel={4}
      subject={title}
      typename="Activity"
      fields={fields}
      record={activity}
      liveVersion={activity.version}
      staleNotice="En anden har gemt en ændring af aktiviteten, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver."
      cannotSave={props.cannotSave}
      check={checkDueAt}
      save={(changed, expectedVersion, _onTopOf, baseVersion) => update({ variables: { input: { id: activity.id, expectedVersion: expectedVersion ?? activity.version, baseVersion, ...changed } } })}
      loading={loading}
      failedTitle="Ændringen blev ikke gemt"
      savedMessage={(changed) => `Ændringen af »${String(changed.title ?? title)}« er gemt.`}
      tookTheirsMessage="Du ser nu den nyeste udgave af aktiviteten. Dine ændringer er ikke gemt."
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}
