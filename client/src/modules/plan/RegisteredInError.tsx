import { useApolloClient, useMutation } from '@apollo/client/react';
import { registeredInErrorReasonProblem } from '@samplan/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../core/format';
import { changedMeanwhile } from '../../core/forms/conflict';
import { useRecordEditing } from '../../core/forms/recordEditing';
import { PanelButton, useFormPanel } from '../../core/forms/FormPanel';
import { problemsFromServer, type Problems } from '../../core/forms/formErrors';
import { useFieldValues } from '../../core/forms/useFieldValues';
import type { FormField } from '../../core/forms/VersionedEditForm';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { RegisteredInError_ProgrammeFragment } from '../../gql/graphql';
import { AskFirstFields, programmeConflict } from './ProgrammeEndForms';

export const RegisteredInErrorFragment = graphql(`
  fragment RegisteredInError_Programme on Programme {
    id
    version
    status
    startDate
    registeredInErrorReason
    registeredInErrorAt
    registeredInErrorBy {
      id
      name
    }
  }
`);

export const MarkRegisteredInErrorMutation = graphql(`
  mutation MarkProgrammeRegisteredInError($input: ProgrammeCorrectionInput!) {
    markProgrammeRegisteredInError(input: $input) {
      id
      neverRan
      ...ProgrammeSummary_Programme
      ...NextStepSection_Programme
      ...Warnings_Programme
    }
  }
`);

export const UnmarkRegisteredInErrorMutation = graphql(`
  mutation UnmarkProgrammeRegisteredInError($input: ProgrammeCorrectionInput!) {
    unmarkProgrammeRegisteredInError(input: $input) {
      id
      neverRan
      ...ProgrammeSummary_Programme
      ...NextStepSection_Programme
      ...Warnings_Programme
    }
  }
`);

type Marked = RegisteredInError_ProgrammeFragment;

const REASON_FIELD: FormField = {
  key: 'reason',
  label: 'Begrundelse',
  input: 'textarea',
  required: true,
  hint: 'Hvorfor er forløbet registreret ved en fejl (forkert borger, forkert forløbstype, en dublet)? Begrundelsen står på forløbet og i planens historik.',
};
const UNDO_REASON_FIELD: FormField = { ...REASON_FIELD, hint: 'Hvorfor skal forløbet alligevel tælle med? Begrundelsen står i planens historik.' };

/**
 * The form of a correction: a reason, then a question to confirm, as "Afslut forløb" asks before
 * it ends a forløb (ProgrammeEndForms.tsx). A newer save of the forløb by someone else is shown as
 * it is now, and nothing is sent until it is confirmed again.
 */
function CorrectionForm(props: { programme: Marked; undo: boolean; cannotSave: string | null; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const client = useApolloClient();
  const [mark, marking] = useMutation(MarkRegisteredInErrorMutation);
  const [unmark, unmarking] = useMutation(UnmarkRegisteredInErrorMutation);
  const loading = marking.loading || unmarking.loading;
  const { programme, undo } = props;
  const [version, setVersion] = useState(programme.version);
  // Asked who saved the forløb last, when a save meets a newer version (as "Afslut forløb" asks).
  const editing = useRecordEditing(programme.id, false);
  const { values, set, problems, setProblems } = useFieldValues(() => ({ reason: '' }));
  const [error, setError] = useState<unknown>(null);
  const [changed, setChanged] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const errorNotice = useRef<HTMLDivElement>(null);
  const changedNotice = useRef<HTMLParagraphElement>(null);
  const [answer, setAnswer] = useState<'changed' | 'error' | null>(null);
  useEffect(() => {
    if (answer) (answer === 'changed' ? changedNotice : errorNotice).current?.focus();
  }, [answer]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = registeredInErrorReasonProblem(values.reason);
    const found: Problems = problem ? { reason: problem } : {};
    setProblems(found);
    setError(null);
    if (!problem) setConfirming(true);
  };

  const send = async () => {
    const input = { id: programme.id, expectedVersion: version, reason: values.reason.trim() };
    try {
      if (undo) await unmark({ variables: { input } });
      else await mark({ variables: { input } });
      props.onDone(undo ? 'Markeringen er fortrudt. Forløbet tæller igen med.' : 'Forløbet er markeret som registreret ved en fejl.');
    } catch (e) {
      setConfirming(false);
      const c = programmeConflict(client.cache, e, setVersion);
      if (c) {
        setChanged(`${changedMeanwhile('Forløbet', editing.savedByMe(c.current))}, mens du havde formularen åben. Intet er gemt. Se forløbet igen, og bekræft, hvis det stadig er rigtigt.`);
        setAnswer('changed');
        return;
      }
      const atFields = problemsFromServer(e, ['reason']);
      setProblems(atFields);
      setError(e);
      if (Object.keys(atFields).length === 0) setAnswer('error');
    }
  };

  const running = programme.status === 'ACTIVE';
  const question = undo
    ? 'Fortryd markeringen af forløbet som registreret ved en fejl? Forløbet tæller så igen med som et forløb, borgeren har haft. Et afsluttet forløb genåbnes ikke.'
    : `Markér forløbet som registreret ved en fejl? Det tæller så ikke med som et forløb, borgeren har haft: ikke i nøgletallene, aldersreglerne eller antallet af tidligere jobafklaringsforløb.${running ? ' Forløbet afsluttes i dag.' : ''} Planen og dens historik bevares.`;

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="edit-form-title">
        {undo ? 'Fortryd markeringen' : 'Registreret ved en fejl'}
      </h3>
      {changed ? (
        <p className="notice notice-info" role="status" ref={changedNotice} tabIndex={-1}>
          {changed}
        </p>
      ) : null}
      <AskFirstFields
        id={id}
        fields={[undo ? UNDO_REASON_FIELD : REASON_FIELD]}
        values={values}
        problems={problems}
        set={set}
        error={error}
        errorNotice={errorNotice}
        failedTitle={undo ? 'Markeringen blev ikke fortrudt' : 'Forløbet blev ikke markeret'}
        confirming={confirming}
        setConfirming={setConfirming}
        question={question}
        confirmLabel={undo ? 'Ja, fortryd markeringen' : 'Ja, markér forløbet som registreret ved en fejl'}
        busyLabel={undo ? 'Fortryder…' : 'Markerer…'}
        loading={loading}
        cannotSave={props.cannotSave}
        onConfirm={() => void send()}
        onCancel={props.onCancel}
      />
    </form>
  );
}

/**
 * "Registreret ved en fejl" on the Forløb card: what the mark says (the reason, who and when), and
 * for the coordinator (`canCorrect`; the municipality's leader may too, through the API) the
 * button that opens the form, or "Fortryd markeringen" once it is marked. Offered on an ended
 * forløb as well: a duplicate may have run its course before it was found.
 */
export function RegisteredInError(props: {
  programme: FragmentType<typeof RegisteredInErrorFragment>;
  canCorrect: boolean;
  /** Why it can no longer be saved (the plan taken from the viewer): nothing is offered, and an open form stays with what is typed. */
  cannotSave: string | null;
}) {
  const programme = getFragmentData(RegisteredInErrorFragment, props.programme);
  const box = useRef<HTMLDivElement>(null);
  const panel = useFormPanel(box);
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const [focusMessage, setFocusMessage] = useState(false);
  useEffect(() => {
    if (!focusMessage) return;
    messageRef.current?.focus();
    setFocusMessage(false);
  }, [focusMessage]);
  const marked = !!programme.registeredInErrorAt;

  return (
    <div data-testid="programme-registered-in-error" ref={box} tabIndex={-1}>
      {marked ? (
        <p className="notice notice-warning">
          <strong>Registreret ved en fejl:</strong> {programme.registeredInErrorReason}
          <span className="hint">
            {' '}
            Markeret af {programme.registeredInErrorBy?.name ?? 'en tidligere medarbejder'}{' '}
            <time dateTime={programme.registeredInErrorAt!}>{formatDateTime(programme.registeredInErrorAt!)}</time>. Forløbet tæller ikke med som et forløb, borgeren har haft.
          </span>
        </p>
      ) : null}
      {message ? (
        <p className="notice notice-info" role="status" ref={messageRef} tabIndex={-1}>
          {message}
        </p>
      ) : null}
      {props.canCorrect ? (
        <>
          {props.cannotSave ? null : (
            <p className="actions">
              <PanelButton panel={panel} onClick={() => setMessage(null)}>
                {marked ? 'Fortryd markeringen' : 'Registreret ved en fejl'}
              </PanelButton>
            </p>
          )}
          <div {...panel.panelProps}>
            {panel.open ? (
              <CorrectionForm
                programme={programme}
                undo={marked}
                cannotSave={props.cannotSave}
                onCancel={panel.close}
                onDone={(m) => {
                  setMessage(m);
                  panel.dismiss();
                  setFocusMessage(true);
                }}
              />
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
