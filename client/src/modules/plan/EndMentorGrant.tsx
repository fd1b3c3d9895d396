import { useApolloClient, useMutation } from '@apollo/client/react';
import { todayInDenmark } from '@samplan/schema';
import { useId, useState, type FormEvent } from 'react';
import { applyEntityToCache } from '../../core/cache';
import { describeError } from '../../core/errors';
import { formatDate } from '../../core/format';
import { conflictOf } from '../../core/forms/conflict';
import { FormPanel } from '../../core/forms/FormPanel';
import { FormActions } from '../../core/forms/FormParts';
import { ErrorNotice, FieldError } from '../../core/ui';
import { graphql } from '../../gql';

export const EndMentorGrantMutation = graphql(`
  mutation EndMentorGrant($id: ID!, $expectedVersion: Int!, $endDate: String) {
    endMentorGrant(id: $id, expectedVersion: $expectedVersion, endDate: $endDate) {
      id
      endDate
      endedEarly
      version
    }
  }
`);

interface Grant {
  id: string;
  version: number;
  endDate: string;
  mentor?: { name: string } | null;
}

/**
 * Asks before ending: the mentor loses access to the citizen after the last day. The
 * server decides what a valid last day is (before the grant's own end), and its Danish
 * message is shown on the field.
 */
function EndGrantForm(props: { grant: Grant; mentorName: string; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const client = useApolloClient();
  const [end, { loading }] = useMutation(EndMentorGrantMutation);
  const [endDate, setEndDate] = useState(() => todayInDenmark());
  const [error, setError] = useState<unknown>(null);
  const info = error ? describeError(error) : null;
  const fieldProblem = info?.field === 'endDate' ? info.detail : undefined;
  const conflicted = info?.kind === 'CONFLICT';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      // Empty means today, as on the server.
      await end({ variables: { id: props.grant.id, expectedVersion: props.grant.version, endDate: endDate || null } });
      props.onDone(`Mentorstøtten med ${props.mentorName} er afsluttet. Sidste dag er ${formatDate(endDate || todayInDenmark())}.`);
    } catch (e) {
      // Show the grant as it is now; ending it again then uses that version.
      const c = conflictOf(e);
      if (c) applyEntityToCache(client.cache, c.current, { typename: 'MentorGrant' });
      setError(e);
    }
  };

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="edit-form-title">
        Afslut mentorstøtten med {props.mentorName} før tid?
      </h3>
      <p>Mentoren mister adgangen til borgeren efter den sidste dag. Mere mentorstøtte kræver en ny bevilling.</p>
      <div className="field">
        <label htmlFor={`${id}-end`}>Sidste dag med mentorstøtte</label>
        <p className="hint" id={`${id}-end-hint`}>
          Skal ligge før bevillingens slutdato, {formatDate(props.grant.endDate)}. Tomt felt betyder i dag.
        </p>
        <input
          id={`${id}-end`}
          type="date"
          value={endDate}
          onChange={(e) => {
            setEndDate(e.target.value);
            setError(null);
          }}
          aria-invalid={fieldProblem ? true : undefined}
          aria-describedby={`${id}-end-hint${fieldProblem ? ` ${id}-end-error` : ''}`}
        />
        <FieldError id={`${id}-end-error`} message={fieldProblem} />
      </div>
      {error ? (
        <ErrorNotice
          error={error}
          title="Mentorstøtten blev ikke afsluttet"
          action={conflicted ? <p>Bevillingen vises nu, som den er gemt. Afslut igen, hvis den stadig skal afsluttes.</p> : undefined}
        />
      ) : null}
      <FormActions loading={loading} busyLabel="Afslutter…" submitLabel="Afslut mentorstøtten" onCancel={props.onCancel} />
    </form>
  );
}

/** "Afslut mentorstøtte" on an active grant (the coordinator only). */
export function EndMentorGrant(props: { grant: Grant; onEnded: (message: string) => void }) {
  const mentorName = props.grant.mentor?.name ?? 'mentoren';
  return (
    <FormPanel
      label={
        <>
          Afslut mentorstøtte<span className="visually-hidden"> med {mentorName}</span>
        </>
      }
      onDone={props.onEnded}
    >
      {(close, done) => <EndGrantForm grant={props.grant} mentorName={mentorName} onCancel={close} onDone={done} />}
    </FormPanel>
  );
}
