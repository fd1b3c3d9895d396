import { useApolloClient, useMutation } from '@apollo/client/react';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { applyEntityToCache } from '../../core/cache';
import { changedMeanwhile, conflictOf, type Conflict } from '../../core/forms/conflict';
import { ConflictView } from '../../core/forms/ConflictView';
import { useFormPanel } from '../../core/forms/FormPanel';
import { useRecordEditing } from '../../core/forms/recordEditing';
import { errorMessage } from '../../core/errors';
import { ErrorNotice } from '../../core/ui';
import type { ActivityItem_ActivityFragment } from '../../gql/graphql';
import { ACTIVITY_FIELDS, ActivityEditForm, UpdateActivityMutation } from './ActivityEditForm';
import type { InterventionPeriod } from './activityPeriod';
import { MentorSharingToggle } from './MentorSharingToggle';
import { headingById, usePlanCannotSave, usePlanOpen } from './planOpen';

/** Where focus goes when a form kept open after the end closes: its "Redigér" went with the end. */
const SECTION_HEADING = headingById('activities-heading');

/** What the viewer may do with the plan's activities. */
export interface ActivityRights {
  /** Interventions my unit owns: their activities are mine to change (the server's rule for editing the intervention). */
  editableInterventionIds: ReadonlySet<string>;
  /** I coordinate the plan and it has an active mentor grant: I choose what the mentor sees. */
  canShare: boolean;
}

type Activity = ActivityItem_ActivityFragment;
type Outcome = 'DONE' | 'CANCELLED';

/** The activity as it was when the user marked it: the base of the conflict view. */
type MarkedFrom = Record<string, unknown> & { version: number };

const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = { DONE: 'udført', CANCELLED: 'aflyst' };

/** How long "Fortryd" stays after marking an activity: long enough to notice a slip, short enough not to linger. */
export const UNDO_MS = 8_000;

/**
 * "Fortryd" in the message after marking an activity udført or aflyst: sets the status
 * back to planlagt with the version the marking produced, so a change someone made since
 * is never overwritten (a CONFLICT says so instead). It lives in the section's message, not
 * in the row, because the marked activity moves to the folded "Tidligere og afsluttede".
 */
function UndoOutcome(props: { activity: { id: string; title: string }; outcome: Outcome; version: number; onChanged: (message: string) => void }) {
  const client = useApolloClient();
  const [open, setOpen] = useState(true);
  // The programme ended meanwhile: nothing can be set back (the server would refuse it).
  const ended = !usePlanOpen();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Asked only who saved the activity last: the user's own save in another window is told as theirs.
  const editing = useRecordEditing(props.activity.id, false);
  useEffect(() => {
    const timer = setTimeout(() => setOpen(false), UNDO_MS);
    return () => clearTimeout(timer);
  }, []);
  const { id, title } = props.activity;
  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      await client.mutate({ mutation: UpdateActivityMutation, variables: { input: { id, expectedVersion: props.version, status: 'PLANNED' } } });
      props.onChanged(`»${title}« er sat tilbage til planlagt.`);
    } catch (e) {
      setBusy(false);
      const c = conflictOf(e);
      if (c) props.onChanged(`${changedMeanwhile(`»${title}«`, editing.savedByMe(c.current))} i mellemtiden og er ikke sat tilbage.`);
      else setError(e);
    }
  };
  // Inline: the message is a paragraph.
  if (error) return <span role="alert"> Aktiviteten blev ikke sat tilbage. {errorMessage(error)}</span>;
  if (!open || ended) return null;
  return (
    <>
      {' '}
      <button type="button" className="button button-secondary button-small" onClick={() => void undo()} disabled={busy} aria-busy={busy}>
        Fortryd<span className="visually-hidden"> {OUTCOME_WORDS[props.outcome]} på {title}</span>
      </button>
    </>
  );
}

/**
 * One activity's controls: "Markér … som udført/aflyst" in one click and "Redigér" for the
 * unit that owns its intervention, and "Delt med mentor" for the coordinator. The edit form or
 * conflict view left open when the programme ends stays, with what was typed, and cannot be saved.
 */
export function ActivityControls(props: {
  activity: Activity;
  rights: ActivityRights;
  /** Its intervention's period, for the edit form to point out a time outside it. */
  interventionPeriod?: InterventionPeriod;
  onChanged: (message: string, action?: ReactNode) => void;
  /** True while the edit form or a conflict view is open here, false when it closes: the list holds the row in place meanwhile. */
  onEditing?: (editing: boolean) => void;
}) {
  const a = props.activity;
  const editable = !!a.interventionId && props.rights.editableInterventionIds.has(a.interventionId);
  const client = useApolloClient();
  const [update, { loading }] = useMutation(UpdateActivityMutation);
  const panel = useFormPanel(SECTION_HEADING);
  const [conflict, setConflict] = useState<(Conflict & { base: MarkedFrom; outcome: Outcome }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cannotSave = usePlanCannotSave();
  // Not opened here (the edit form tells the screen itself): asked only who saved the activity last.
  const editing = useRecordEditing(a.id, false);

  // Said before the browser paints and before the section's message takes the focus, so the
  // row is released (and may move) in the same task as the form closes.
  const onEditing = useRef(props.onEditing);
  onEditing.current = props.onEditing;
  const open = panel.open || !!conflict;
  useLayoutEffect(() => {
    if (!open) return;
    onEditing.current?.(true);
    return () => onEditing.current?.(false);
  }, [open]);

  // After the end nobody may change an activity (the rights are none), but what is open stays.
  const kept = !!cannotSave && open;
  if (!editable && !props.rights.canShare && !kept) return null;

  /**
   * `baseVersion`: after a conflict, the version the user marked from, so the server can tell
   * whose saved change this save replaces (and tell them).
   */
  const mark = async (outcome: Outcome, expectedVersion: number, base: MarkedFrom, baseVersion?: number) => {
    if (loading) return;
    setError(null);
    panel.dismiss();
    try {
      const result = await update({ variables: { input: { id: a.id, expectedVersion, baseVersion, status: outcome } } });
      setConflict(null);
      // The saved activity's version (its fragment is typed as masked; the client does not mask at run time).
      const version = (result.data?.updateActivity as { version?: number } | undefined)?.version;
      const undo =
        version != null ? <UndoOutcome key={`${a.id}-${version}`} activity={a} outcome={outcome} version={version} onChanged={props.onChanged} /> : undefined;
      props.onChanged(`Aktiviteten er markeret som ${OUTCOME_WORDS[outcome]}.`, undo);
    } catch (e) {
      const c = conflictOf(e);
      if (c) setConflict({ ...c, base, outcome });
      else setError(e);
    }
  };

  const statusButton = (outcome: Outcome) => (
    <button type="button" className="button button-secondary button-small" onClick={() => void mark(outcome, a.version, { ...a })}>
      {/* One text run: in the flex button the space after the hidden title would collapse. */}
      <span>
        Markér<span className="visually-hidden"> {a.title}</span> som {OUTCOME_WORDS[outcome]}
      </span>
    </button>
  );

  return (
    <>
      <div className="actions">
        {/* Not while the edit form is open: it has its own status field, and marking would close it with what is typed in it. */}
        {editable && a.status === 'PLANNED' && !conflict && !panel.open ? (
          <>
            {statusButton('DONE')}
            {statusButton('CANCELLED')}
          </>
        ) : null}
        {editable ? (
          <button
            {...panel.buttonProps}
            data-activity-edit
            className="button button-secondary button-small"
            onClick={() => {
              setConflict(null);
              setError(null);
              panel.buttonProps.onClick();
            }}
          >
            Redigér<span className="visually-hidden"> {a.title}</span>
          </button>
        ) : null}
        {props.rights.canShare ? <MentorSharingToggle id={a.id} kind="ACTIVITY" shared={a.sharedWithMentor} itemName={a.title} refusal={a.mentorShareRefusal} /> : null}
      </div>
      {error ? <ErrorNotice error={error} title="Aktiviteten blev ikke ændret" /> : null}
      {conflict ? (
        <ConflictView
          title={a.title}
          fields={ACTIVITY_FIELDS}
          base={conflict.base}
          mine={{ status: conflict.outcome }}
          theirs={conflict.current}
          // A newer version of the user's own, saved in another window, is told as theirs.
          theirAuthorIsYou={editing.savedByMe(conflict.current)}
          cannotSave={cannotSave}
          busy={loading}
          onSave={() => void mark(conflict.outcome, conflict.current.version, conflict.base, conflict.base.version)}
          onTakeTheirs={() => {
            applyEntityToCache(client.cache, conflict.current, { typename: 'Activity' });
            setConflict(null);
            props.onChanged(`Du ser nu den nyeste udgave af »${String(conflict.current.title ?? a.title)}«. Din ændring er ikke gemt.`);
          }}
        />
      ) : null}
      {editable || panel.open ? (
        <div {...panel.panelProps}>
          {panel.open ? (
            <ActivityEditForm
              activity={a}
              interventionPeriod={props.interventionPeriod}
              cannotSave={cannotSave}
              onCancel={panel.close}
              onDone={(message) => {
                panel.close();
                props.onChanged(message);
              }}
            />
          ) : null}
        </div>
      ) : null}
    </>
  );
}
