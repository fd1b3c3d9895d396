import type { RefObject } from 'react';
import { formatDate, formatMinutes } from '../../core/format';
import { useFormPanel } from '../../core/forms/FormPanel';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { EARLIER_GRANT_ENTRY_NOTICE } from './grantEnded';
import { MentorTaskEditForm } from './MentorTaskEditForm';

/** One entry of the mentor's own log, as logged, listed and corrected. */
export const MentorTaskFragment = graphql(`
  fragment MentorLogEntry_Task on MentorTask {
    id
    title
    date
    minutes
    outcome
    nextStep
    note
    version
  }
`);

/**
 * One entry of "Min log", with "Redigér" that opens the entry's form in place. Once the grant
 * has ended (`cannotSave`), an entry shows only a form that was open then, with what was typed
 * in it, until it is closed; nothing is offered that the server would refuse. An entry of an
 * earlier grant (`fromEarlierGrant`, after a renewal) is read only: the server corrects only the
 * running grant's entries, so it has no "Redigér"; a form open on it when the renewal took over
 * (the page left open past the last day) keeps what was typed, says why it cannot be saved, and
 * offers "Luk".
 */
export function MentorLogEntry(props: {
  task: FragmentType<typeof MentorTaskFragment>;
  /** The entry's form opens: the list keeps the entry shown from now on. */
  onOpen?: (id: string) => void;
  onSaved: (message: string) => void;
  cannotSave?: string | null;
  /** Logged under an earlier grant of the mentor's for the citizen: shown, not corrected. */
  fromEarlierGrant?: boolean;
  onRefused?: () => void;
  /** Where focus goes when a form kept open after the end closes: its button went with the end. */
  focusWithoutButton?: RefObject<HTMLElement | null>;
}) {
  const t = getFragmentData(MentorTaskFragment, props.task);
  const panel = useFormPanel(props.focusWithoutButton);
  if (props.cannotSave && !panel.open) return null;
  const formCannotSave = props.cannotSave ?? (props.fromEarlierGrant ? EARLIER_GRANT_ENTRY_NOTICE : null);
  return (
    <li data-testid="mentor-log-entry">
      <strong>{formatDate(t.date)}</strong>: {t.title} ({formatMinutes(t.minutes)})
      {t.outcome ? ` – ${t.outcome}` : ''}
      {t.nextStep ? <span className="hint"> Næste skridt: {t.nextStep}</span> : null}{' '}
      {props.fromEarlierGrant ? <span className="hint">(tidligere bevilling)</span> : null}
      {props.cannotSave || props.fromEarlierGrant ? null : (
        <button
          {...panel.buttonProps}
          className="button button-secondary button-small"
          onClick={() => {
            props.onOpen?.(t.id);
            panel.buttonProps.onClick();
          }}
        >
          {/* The same title may be logged on many days: the date tells the entries apart. */}
          Redigér<span className="visually-hidden"> {t.title}, {formatDate(t.date)}</span>
        </button>
      )}
      {/* Shown with the entry, as the coordinator and the team read it under "Mentorens log" (NOTE_READERS). */}
      {t.note.trim() ? (
        <p className="pre-line" data-testid="mentor-log-note">
          <span className="label-inline">Note:</span> {t.note}
        </p>
      ) : null}
      <div {...panel.panelProps}>
        {panel.open ? (
          <MentorTaskEditForm
            task={t}
            cannotSave={formCannotSave}
            onRefused={props.onRefused}
            onCancel={panel.close}
            onDone={(message) => {
              panel.close();
              props.onSaved(message);
            }}
          />
        ) : null}
      </div>
    </li>
  );
}
