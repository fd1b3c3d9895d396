import { useApolloClient, useMutation } from '@apollo/client/react';
import { addDays, todayInDenmark } from '@samplan/schema';
import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { applyEntityToCache } from '../../core/cache';
import { describeError } from '../../core/errors';
import { formatDate } from '../../core/format';
import { changedMeanwhile, conflictOf } from '../../core/forms/conflict';
import { FormPanel } from '../../core/forms/FormPanel';
import { FormActions } from '../../core/forms/FormParts';
import { useRecordEditing } from '../../core/forms/recordEditing';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import { graphql } from '../../gql';
import { mayCallOffGrant } from './mentorGrants';

export const EndMentorGrantMutation = graphql(`
  mutation EndMentorGrant($id: ID!, $expectedVersion: Int!, $endDate: String, $baseVersion: Int) {
    endMentorGrant(id: $id, expectedVersion: $expectedVersion, endDate: $endDate, baseVersion: $baseVersion) {
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
  startDate: string;
  endDate: string;
  mentor?: { name: string } | null;
}

/**
 * Asks before ending: the mentor loses access to the citizen after the last day. The
 * server decides what a valid last day is (before the grant's own end, not before the latest
 * task the mentor logged under it), and its Danish message is shown on the field.
 *
 * What is ended is the grant as it was when the form opened: the plan is read again on every
 * live change, so the version at the time of sending may be one the coordinator never saw
 * (its end moved, the last day chosen against the old one). The version read on opening is
 * sent, and a CONFLICT shows the grant as it is now, with the chosen day kept and nothing
 * ended until the coordinator sends again. That second send carries the version first read
 * (`baseVersion`), so the colleague whose change it goes on top of is told.
 */
function EndGrantForm(props: { grant: Grant; mentorName: string; tasksLogged: boolean; cannotSave?: string | null; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const client = useApolloClient();
  const [end, { loading }] = useMutation(EndMentorGrantMutation);
  // A grant whose last day is today ends earlier only on a day gone by: yesterday, which cuts the
  // mentor's access now (the server refuses today, its last day already).
  const [endDate, setEndDate] = useState(() => (props.grant.endDate <= todayInDenmark() ? addDays(todayInDenmark(), -1) : todayInDenmark()));
  // A grant not begun yet is called off as a whole: the mentor never gets access. So is one
  // begun today with nothing logged under it: the mentor's access ends now, not at midnight.
  const [callOff, setCallOff] = useState(() => mayCallOffGrant(props.grant, todayInDenmark(), props.tasksLogged));
  const [begunToday] = useState(() => props.grant.startDate === todayInDenmark());
  const question = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (callOff) question.current?.focus();
  }, [callOff]);
  const [error, setError] = useState<unknown>(null);
  // The grant the coordinator is ending: as read when the form opened, after a conflict as it is now.
  const [shown, setShown] = useState(() => ({ version: props.grant.version, endDate: props.grant.endDate }));
  // Its last day as now shown (a conflict may have moved it): today's, and the hint says to choose yesterday.
  const endsToday = shown.endDate <= todayInDenmark();
  const [openedVersion] = useState(props.grant.version);
  const [changedBy, setChangedBy] = useState<string | null>(null);
  // Asked only who saved the grant last (its record does not say; the live events do).
  const editing = useRecordEditing(props.grant.id, false);
  const staleBy = (doing: string) => (editing.lastSavedByMe() ? `Bevillingen er gemt af dig i et andet vindue, mens du ${doing} her` : `En anden har ændret bevillingen, mens du ${doing}`);
  // A live change since: said now, shown in full when the coordinator sends (the CONFLICT).
  const stale = props.grant.version > shown.version;
  const info = error ? describeError(error) : null;
  const fieldProblem = info?.field === 'endDate' ? info.detail : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    setError(null);
    try {
      // Empty means today, as on the server.
      const baseVersion = shown.version === openedVersion ? undefined : openedVersion;
      // Called off, by the day before it starts, sent as such: if it is sent only on a day after
      // its first (held offline, or after midnight), the server refuses it rather than ending it then.
      await end({ variables: { id: props.grant.id, expectedVersion: shown.version, endDate: callOff ? addDays(props.grant.startDate, -1) : endDate || null, baseVersion } });
      props.onDone(
        !callOff
          ? `Mentorstøtten med ${props.mentorName} er afsluttet. Sidste dag er ${formatDate(endDate || todayInDenmark())}.`
          : begunToday
            ? `Mentorstøtten med ${props.mentorName} er aflyst. Mentoren har ikke længere adgang til borgeren.`
            : `Mentorstøtten med ${props.mentorName} er aflyst, før den begyndte. Mentoren får ikke adgang til borgeren.`,
      );
    } catch (e) {
      const c = conflictOf(e);
      if (!c) {
        // The mentor logged a task under it since the page was read: the grant keeps that day
        // (MENTOR_GRANT_ENDS_BEFORE_TASK), so it can be ended, not called off. The form becomes
        // the ending's, with the server's refusal at the last day's field.
        if (callOff && describeError(e).rule === 'MENTOR_GRANT_ENDS_BEFORE_TASK') setCallOff(false);
        return setError(e);
      }
      const grantEnd = typeof c.current.endDate === 'string' ? c.current.endDate : shown.endDate;
      if (c.current.endedEarly === true) {
        // Ended (or called off) already: the grant leaves the active ones and this form with it, so the section says it.
        props.onDone(
          grantEnd < props.grant.startDate
            ? `Mentorstøtten med ${props.mentorName} er allerede blevet aflyst, mens du havde formularen åben. Intet er gemt.`
            : `Mentorstøtten med ${props.mentorName} er allerede blevet afsluttet, mens du havde formularen åben. Sidste dag er ${formatDate(grantEnd)}. Intet er gemt.`,
        );
        applyEntityToCache(client.cache, c.current, { typename: 'MentorGrant' });
        return;
      }
      // Show the grant as it is now; ending it again goes on that version, with the chosen day kept.
      applyEntityToCache(client.cache, c.current, { typename: 'MentorGrant' });
      setShown({ version: c.current.version, endDate: grantEnd });
      const changed = `${changedMeanwhile('Bevillingen', editing.savedByMe(c.current))}, mens du havde formularen åben. Den slutter nu ${formatDate(grantEnd)}.`;
      setChangedBy(
        callOff
          ? `${changed} Intet er aflyst. Aflys igen, hvis mentorstøtten stadig ikke skal begynde.`
          : `${changed} Intet er afsluttet. Se den sidste dag igen, og afslut, hvis mentorstøtten stadig skal afsluttes før tid.`,
      );
    }
  };

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      {/* Called off, the form has no field to take the focus: the question takes it, so it is read. */}
      <h3 id={`${id}-heading`} className="edit-form-title" tabIndex={callOff ? -1 : undefined} ref={question}>
        {!callOff
          ? `Afslut mentorstøtten med ${props.mentorName} før tid?`
          : begunToday
            ? `Aflys mentorstøtten med ${props.mentorName}, som begyndte i dag?`
            : `Aflys mentorstøtten med ${props.mentorName}, før den begynder?`}
      </h3>
      {changedBy ? (
        <p className="notice notice-info" role="status" data-testid="grant-changed">
          {changedBy}
        </p>
      ) : null}
      <StatusNotice
        message={
          props.cannotSave ??
          (!stale
            ? null
            : callOff
              ? `${staleBy('aflyser den')}. Når du trykker på »Aflys mentorstøtten«, ser du den nye udgave, før noget bliver aflyst.`
              : `${staleBy('afslutter den')}. Når du trykker på »Afslut mentorstøtten«, ser du den nye udgave, før noget bliver afsluttet.`)
        }
      />
      {callOff && begunToday ? (
        <p>Bevillingen begyndte i dag, og mentoren har ikke logget noget under den. Aflyst mister mentoren adgangen til borgeren med det samme. Mentorstøtte senere kræver en ny bevilling.</p>
      ) : callOff ? (
        <p>Bevillingen begynder {formatDate(props.grant.startDate)}. Aflyst giver den aldrig mentoren adgang til borgeren. Mentorstøtte senere kræver en ny bevilling.</p>
      ) : (
        <p>Mentoren mister adgangen til borgeren efter den sidste dag. Mere mentorstøtte kræver en ny bevilling.</p>
      )}
      {callOff ? null : (
      <div className="field">
        <label htmlFor={`${id}-end`}>Sidste dag med mentorstøtte</label>
        <p className="hint" id={`${id}-end-hint`}>
          {endsToday
            ? 'Bevillingens sidste dag er i dag. Vælg i går, så lukkes mentorens adgang nu.'
            : `Skal ligge før bevillingens slutdato, ${formatDate(shown.endDate)}. Tomt felt betyder i dag.`}
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
      )}
      {error ? <ErrorNotice error={error} title={callOff ? 'Mentorstøtten blev ikke aflyst' : 'Mentorstøtten blev ikke afsluttet'} /> : null}
      <FormActions
        loading={loading}
        busyLabel={callOff ? 'Aflyser…' : 'Afslutter…'}
        submitLabel={callOff ? 'Aflys mentorstøtten' : 'Afslut mentorstøtten'}
        onCancel={props.onCancel}
        cannotSave={props.cannotSave}
      />
    </form>
  );
}

/**
 * "Afslut mentorstøtte" on an active grant (or one ended early whose last day is still ahead),
 * "Aflys mentorstøtte" on one not begun, or begun today with nothing logged (the coordinator
 * only). Not `offered` (the programme has ended, and the grant with it), a form
 * already open stays with what was chosen; `cannotSave` says why it cannot be sent.
 */
export function EndMentorGrant(props: {
  grant: Grant;
  /** Whether the mentor has logged a task under it: then it is ended, not called off. */
  tasksLogged?: boolean;
  offered?: boolean;
  cannotSave?: string | null;
  /** Where focus goes when a form kept open closes without its button. */
  focusWithoutButton?: RefObject<HTMLElement | null>;
  onEnded: (message: string) => void;
}) {
  const mentorName = props.grant.mentor?.name ?? 'mentoren';
  return (
    <FormPanel
      label={
        <>
          {mayCallOffGrant(props.grant, todayInDenmark(), props.tasksLogged ?? false) ? 'Aflys' : 'Afslut'} mentorstøtte<span className="visually-hidden"> med {mentorName}</span>
        </>
      }
      offered={props.offered}
      focusWithoutButton={props.focusWithoutButton}
      onDone={props.onEnded}
    >
      {(close, done) => <EndGrantForm grant={props.grant} mentorName={mentorName} tasksLogged={props.tasksLogged ?? false} cannotSave={props.cannotSave} onCancel={close} onDone={done} />}
    </FormPanel>
  );
}
