import { useApolloClient, useMutation } from '@apollo/client/react';
import { localDate, REGISTERED_IN_ERROR_REASON_MAX, registeredInErrorReasonProblem, stopsBeforeStart } from '@samplan/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatDate, formatDateTime } from '../../core/format';
import { changedMeanwhile } from '../../core/forms/conflict';
import { useRecordEditing } from '../../core/forms/recordEditing';
import { PanelButton, useFormPanel } from '../../core/forms/FormPanel';
import { problemsFromServer, toldAtFields, type Problems } from '../../core/forms/formErrors';
import { useFieldValues } from '../../core/forms/useFieldValues';
import type { FormField } from '../../core/forms/VersionedEditForm';
import { END_REASON_LABELS } from '../../core/labels';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { RegisteredInError_ProgrammeFragment } from '../../gql/graphql';
import { AskFirstForm, useAskFirstState } from './askFirst';
import { AskFirstFields, endedWithoutDay, programmeConflict } from './ProgrammeEndForms';

export const RegisteredInErrorFragment = graphql(`
  fragment RegisteredInError_Programme on Programme {
    id
    version
    status
    startDate
    endDate
    stoppedBeforeStart
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
  hint: 'Hvorfor er forløbet registreret ved en fejl (forkert borger, forkert forløbstype, en dublet)? Begrundelsen står på forløbet og i planens historik, som alle på planen kan læse: skriv ikke en anden borgers navn eller CPR-nummer.',
  // Said in the hint; checked before sending in the server's words (registeredInErrorReasonProblem).
  maxChars: REGISTERED_IN_ERROR_REASON_MAX,
};
const UNDO_REASON_FIELD: FormField = { ...REASON_FIELD, hint: 'Hvorfor skal forløbet alligevel tælle med? Begrundelsen står i planens historik.' };

/** Said in an open form when the viewer is no longer the plan's coordinating caseworker (the coordinatorship handed on): it stays with what is typed. */
export function notCoordinatorNotice(undo: boolean): string {
  return `Du er ikke længere koordinerende sagsbehandler, så markeringen kan ikke ${undo ? 'fortrydes' : 'gemmes'}. Det, du har skrevet, står stadig i feltet, så du kan kopiere det, før du lukker.`;
}

/**
 * Said in an open form when the forløb's mark turned under it (marked, or the mark taken back,
 * by someone else or by the user in another window): the form does not send the opposite of
 * what it was opened for. Closed and opened again, it offers what fits the forløb as it is now.
 */
function turnedNotice(undo: boolean, byMe: boolean): string {
  const kept = 'Det, du har skrevet, står stadig i feltet.';
  if (undo) {
    const who = byMe ? 'Du har netop fortrudt markeringen i et andet vindue' : 'Markeringen er netop fortrudt af en anden';
    return `${who}, så der er ingen markering at fortryde. ${kept} Luk formularen, og åbn den igen, hvis forløbet skal markeres.`;
  }
  const who = byMe ? 'Du har netop markeret forløbet som registreret ved en fejl i et andet vindue' : 'Forløbet er netop markeret som registreret ved en fejl af en anden';
  return `${who}, så det skal ikke markeres igen. ${kept} Luk formularen, og åbn den igen, hvis markeringen skal fortrydes.`;
}

/**
 * What a running forløb's mark does to its end, as the server ends it (endingColumns, as "Afslut
 * forløb" ends one with no day given) and in "Afslut forløb"'s words: stopped before its first
 * day when not begun, else ended today, or on its end date when that has passed; with the end
 * reason Andet.
 */
function endingSaid(programme: Pick<Marked, 'startDate' | 'endDate'>): string {
  const today = localDate(new Date());
  const reason = `med årsagen »${END_REASON_LABELS.OTHER}«`;
  return stopsBeforeStart(today, programme)
    ? ` Forløbet stoppes, før det begynder ${formatDate(programme.startDate)}, ${reason}.`
    : ` Forløbet afsluttes pr. ${endedWithoutDay(today, programme)} ${reason}.`;
}

/**
 * The form of a correction: a reason, then a question to confirm, as "Afslut forløb" asks before
 * it ends a forløb (ProgrammeEndForms.tsx). A newer save of the forløb by someone else is shown as
 * it is now, and nothing is sent until it is confirmed again. What it does (`undo`) is fixed when
 * it opens: when the mark turns meanwhile, it says so and sends nothing.
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
  const { error, setError, changed, setChanged, confirming, setConfirming, errorNotice, changedNotice, setAnswer } = useAskFirstState();

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
      if (undo) {
        const res = await unmark({ variables: { input } });
        // Stopped before its first day as well, it still never ran (Programme.neverRan): it counts no more than before.
        props.onDone(res.data?.unmarkProgrammeRegisteredInError.neverRan
          ? 'Markeringen er fortrudt. Forløbet blev stoppet, før det begyndte, og tæller derfor stadig ikke med.'
          : 'Markeringen er fortrudt. Forløbet tæller igen med.');
      } else {
        await mark({ variables: { input } });
        props.onDone('Forløbet er markeret som registreret ved en fejl.');
      }
    } catch (e) {
      setConfirming(false);
      const c = programmeConflict(client.cache, e, setVersion);
      if (c) {
        // Marked, or the mark taken back, meanwhile: the turn is said below, and nothing is asked again.
        const turnedNow = !!c.current.registeredInErrorAt !== undo;
        const next = turnedNow ? '' : ' Se forløbet igen, og bekræft, hvis det stadig er rigtigt.';
        setChanged(`${changedMeanwhile('Forløbet', editing.savedByMe(c.current))}, mens du havde formularen åben. Intet er gemt.${next}`);
        setAnswer('changed');
        return;
      }
      const atFields = problemsFromServer(e, ['reason']);
      setProblems(atFields);
      // Said at Begrundelse and in the summary, the refusal is not said a third time in a box.
      setError(toldAtFields(e, ['reason']) ? null : e);
      if (Object.keys(atFields).length === 0) setAnswer('error');
    }
  };

  const running = programme.status === 'ACTIVE';
  // Stopped before its first day, the forløb never ran, marked or not.
  const countsAgain = programme.stoppedBeforeStart
    ? 'Forløbet blev stoppet, før det begyndte, og tæller derfor stadig ikke med som et forløb, borgeren har haft.'
    : 'Forløbet tæller så igen med som et forløb, borgeren har haft.';
  const question = undo
    ? `Fortryd markeringen af forløbet som registreret ved en fejl? ${countsAgain} Et afsluttet forløb genåbnes ikke.`
    : `Markér forløbet som registreret ved en fejl? Det tæller så ikke med som et forløb, borgeren har haft: ikke i nøgletallene, aldersreglerne eller antallet af tidligere jobafklaringsforløb.${running ? endingSaid(programme) : ''} Planen og dens historik bevares.`;
  // The mark as it is now, against what the form was opened for; who turned it, as far as the screen knows.
  const turned = !!programme.registeredInErrorAt !== undo;
  const turnedByMe = turned && (undo ? editing.lastSavedByMe() : editing.isMe(programme.registeredInErrorBy?.id));
  const cannotSave = props.cannotSave ?? (turned ? turnedNotice(undo, turnedByMe) : null);

  return (
    <AskFirstForm id={id} title={undo ? 'Fortryd markeringen' : 'Registreret ved en fejl'} changed={changed} changedNotice={changedNotice} onSubmit={submit}>
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
        cannotSave={cannotSave}
        onConfirm={() => void send()}
        onCancel={props.onCancel}
      />
    </AskFirstForm>
  );
}

/**
 * "Registreret ved en fejl" on the Forløb card: what the mark says (the reason, who and when), and
 * for the coordinator (`canCorrect`; the municipality's leader may too, through the API) the
 * button that opens the form, or "Fortryd markeringen" once it is marked. Offered on an ended
 * forløb as well: a duplicate may have run its course before it was found. The form open keeps
 * what it was opened for, and stays with what is typed when the coordinatorship is handed on.
 */
export function RegisteredInError(props: {
  programme: FragmentType<typeof RegisteredInErrorFragment>;
  /** The viewer is the plan's coordinating caseworker: the button is offered. No longer so, an open form stays, unsaveable. */
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
  // What the form does is taken when it opens (marked or not then), so a colleague's mark arriving
  // meanwhile (live, or with a CONFLICT) does not turn it into the opposite under the user.
  const [openedUndo, setOpenedUndo] = useState(marked);
  const undo = panel.open ? openedUndo : marked;

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
      {props.canCorrect || panel.open ? (
        <>
          {props.cannotSave || !props.canCorrect ? null : (
            <p className="actions">
              <PanelButton
                panel={panel}
                onClick={() => {
                  setMessage(null);
                  if (!panel.open) setOpenedUndo(marked);
                }}
              >
                {undo ? 'Fortryd markeringen' : 'Registreret ved en fejl'}
              </PanelButton>
            </p>
          )}
          <div {...panel.panelProps}>
            {panel.open ? (
              <CorrectionForm
                programme={programme}
                undo={openedUndo}
                cannotSave={props.cannotSave ?? (props.canCorrect ? null : notCoordinatorNotice(openedUndo))}
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
