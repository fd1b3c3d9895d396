import { useMutation } from '@apollo/client/react';
import { useId, useRef, useState, type RefObject } from 'react';
import { formatDate, formatMinutes } from '../../core/format';
import { useFormPanel } from '../../core/forms/FormPanel';
import { ConfirmQuestion } from '../../core/forms/FormParts';
import { ErrorNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { EARLIER_GRANT_ENTRY_NOTICE, mayMeanAccessEnded } from './grantEnded';
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

export const RemoveMentorTaskMutation = graphql(`
  mutation RemoveMentorTask($id: ID!, $expectedVersion: Int!) {
    removeMentorTask(id: $id, expectedVersion: $expectedVersion) {
      id
      removedAt
    }
  }
`);

/** The entry as the mentor tells it from others: what, how long, which day. */
const entryWords = (t: { title: string; minutes: number; date: string }) => `»${t.title}« (${formatMinutes(t.minutes)}, ${formatDate(t.date)})`;

/**
 * One entry of "Min log", with "Redigér" that opens the entry's form in place, and "Fjern" for
 * an entry logged by mistake (on the wrong citizen, or twice), which asks first and then says
 * what was removed. The entry is kept on the server, marked removed, and leaves every list. Once the grant
 * has ended (`cannotSave`), an entry shows only a form that was open then, with what was typed
 * in it, until it is closed; nothing is offered that the server would refuse. An entry of an
 * earlier grant (`fromEarlierGrant`, after a renewal) is read only: the server corrects only the
 * running grant's entries, so it has no "Redigér"; a form open on it when the renewal took over
 * (the page left open past the last day) keeps what was typed, says why it cannot be saved, and
 * offers "Luk".
 */
export function MentorLogEntry(props: {
  task: FragmentType<typeof MentorTaskFragment>;
  /** The running grant's first day, and today: a corrected day lies between them (MentorTaskEditForm). */
  grantStart?: string;
  today?: string;
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
  const id = useId();
  const [asking, setAsking] = useState(false);
  const removeButton = useRef<HTMLButtonElement>(null);
  // Removed, the entry leaves the cache and so every list that holds it; the live event reads the cases again.
  const [remove, removing] = useMutation(RemoveMentorTaskMutation, {
    update: (cache, { data }) => {
      if (data?.removeMentorTask.removedAt) cache.evict({ id: cache.identify({ __typename: 'MentorTask', id: data.removeMentorTask.id }) });
    },
  });
  if (props.cannotSave && !panel.open) return null;
  const formCannotSave = props.cannotSave ?? (props.fromEarlierGrant ? EARLIER_GRANT_ENTRY_NOTICE : null);
  const offered = !(props.cannotSave || props.fromEarlierGrant);
  /** Back from the question to "Fjern", once it is shown again. */
  const backToRemove = () => {
    setAsking(false);
    setTimeout(() => removeButton.current?.focus(), 0);
  };
  const confirmRemoval = () => {
    const words = entryWords(t);
    // Removed, the entry goes, and the card's message says what went (and takes the focus).
    remove({ variables: { id: t.id, expectedVersion: t.version } }).then(
      () => props.onSaved(`${words} er fjernet fra din log.`),
      (e: unknown) => {
        backToRemove();
        if (mayMeanAccessEnded(e)) props.onRefused?.();
      },
    );
  };
  return (
    <li data-testid="mentor-log-entry">
      <strong>{formatDate(t.date)}</strong>: {t.title} ({formatMinutes(t.minutes)})
      {t.outcome ? ` – ${t.outcome}` : ''}
      {t.nextStep ? <span className="hint"> Næste skridt: {t.nextStep}</span> : null}{' '}
      {props.fromEarlierGrant ? <span className="hint">(tidligere bevilling)</span> : null}
      {offered ? (
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
      ) : null}{' '}
      {offered && !asking ? (
        <button ref={removeButton} type="button" className="button button-secondary button-small" onClick={() => setAsking(true)}>
          Fjern<span className="visually-hidden"> {t.title}, {formatDate(t.date)}</span>
        </button>
      ) : null}
      {offered && asking ? (
        <ConfirmQuestion
          id={`${id}-remove`}
          question={`Fjern ${entryWords(t)} fra din log? Gør det kun, hvis opgaven er logget ved en fejl, fx hos den forkerte borger eller to gange. Koordinatoren kan se i planens historik, at du har fjernet den.`}
          confirmLabel="Ja, fjern"
          busyLabel="Fjerner…"
          busy={removing.loading}
          onConfirm={confirmRemoval}
          onCancel={backToRemove}
        />
      ) : null}
      {removing.error && !asking ? <ErrorNotice error={removing.error} title="Opgaven blev ikke fjernet" /> : null}
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
            grantStart={props.grantStart}
            today={props.today}
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
