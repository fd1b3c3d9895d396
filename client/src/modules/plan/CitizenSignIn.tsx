import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { citizenAccessReasonProblem, formatCpr, localDate, parseCpr, REGISTERED_IN_ERROR_REASON_MAX } from '@samplan/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatDate } from '../../core/format';
import { conflictOf } from '../../core/forms/conflict';
import { PanelButton, useFormPanel } from '../../core/forms/FormPanel';
import { problemsFromServer, toldAtFields, type Problems } from '../../core/forms/formErrors';
import { useFieldValues } from '../../core/forms/useFieldValues';
import type { FormField } from '../../core/forms/VersionedEditForm';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { CitizenSignIn_CitizenFragment } from '../../gql/graphql';
import { usePlanCannotSave } from './planOpen';
import { AskFirstForm, useAskFirstState } from './askFirst';
import { AskFirstFields } from './ProgrammeEndForms';

export const CitizenSignInFragment = graphql(`
  fragment CitizenSignIn_Citizen on Citizen {
    id
    cpr
    birthDate
    version
    signIn {
      firstSignInAt
      closedAt
      closedByName
    }
  }
`);

export const CorrectCitizenCprMutation = graphql(`
  mutation CorrectCitizenCpr($input: CorrectCitizenCprInput!) {
    correctCitizenCpr(input: $input) {
      id
      ...CitizenSignIn_Citizen
    }
  }
`);

export const CloseCitizenAccessMutation = graphql(`
  mutation CloseCitizenAccess($input: CitizenAccessInput!) {
    closeCitizenAccess(input: $input) {
      id
      ...CitizenSignIn_Citizen
    }
  }
`);

export const ReopenCitizenAccessMutation = graphql(`
  mutation ReopenCitizenAccess($input: CitizenAccessInput!) {
    reopenCitizenAccess(input: $input) {
      id
      ...CitizenSignIn_Citizen
    }
  }
`);

type Citizen = CitizenSignIn_CitizenFragment;
type Action = 'cpr' | 'close' | 'reopen';

const REASON_FIELD: FormField = {
  key: 'reason',
  label: 'Begrundelse',
  input: 'textarea',
  required: true,
  hint: 'Hvorfor? Begrundelsen står i borgerens adgangslog.',
  // Said in the hint; checked before sending in the server's words (citizenAccessReasonProblem).
  maxChars: REGISTERED_IN_ERROR_REASON_MAX,
};
const CPR_FIELD: FormField = { key: 'cpr', label: 'Rigtigt CPR-nummer', input: 'text', required: true, hint: '10 cifre, fx 010190-1234.' };

/** A day the citizen's login was bound, as staff read it: "3. december 2026". */
const dayOf = (at: string) => formatDate(localDate(new Date(at)));

/** What each form is called, asks and says. */
const ACTIONS: Record<Action, { title: string; fields: readonly FormField[]; confirmLabel: string; busyLabel: string; failedTitle: string }> = {
  cpr: { title: 'Ret CPR-nummer', fields: [CPR_FIELD, REASON_FIELD], confirmLabel: 'Ja, ret CPR-nummeret', busyLabel: 'Retter…', failedTitle: 'CPR-nummeret blev ikke rettet' },
  close: { title: 'Luk borgerens adgang', fields: [REASON_FIELD], confirmLabel: 'Ja, luk adgangen', busyLabel: 'Lukker…', failedTitle: 'Adgangen blev ikke lukket' },
  reopen: { title: 'Åbn adgangen igen', fields: [REASON_FIELD], confirmLabel: 'Ja, åbn adgangen igen', busyLabel: 'Åbner…', failedTitle: 'Adgangen blev ikke åbnet' },
};

/** The question before a change, in what it does to the citizen's login (the server does the same, citizen-sign-in.ts). */
function questionOf(action: Action, citizen: Citizen, newCpr: { digits: string; birthDate: string } | null): string {
  const bound = citizen.signIn?.firstSignInAt;
  const loginCloses = bound ? ` Borgerens login (første log ind ${dayOf(bound)}) lukkes med det samme, og den, der loggede ind, mister adgangen til planen.` : '';
  if (action === 'reopen') return 'Åbn borgerens adgang igen? Borgerens næste log ind med MitID bindes til borgeren ved CPR-nummeret.';
  if (action === 'close') return `Luk borgerens adgang til Min plan?${loginCloses} Intet log ind med MitID bindes til borgeren, før adgangen åbnes igen.`;
  const next = citizen.signIn?.closedAt ? ' Borgerens adgang forbliver lukket, til den åbnes igen.' : ' Borgerens næste log ind med MitID bindes ved det nye nummer.';
  return `Ret CPR-nummeret fra ${citizen.cpr} til ${formatCpr(newCpr!.digits)}? Fødselsdatoen bliver ${formatDate(newCpr!.birthDate)}.${loginCloses}${next}`;
}

/** What was done, said under the section once the form closes. */
function doneOf(action: Action, hadLogin: boolean): string {
  if (action === 'reopen') return 'Borgerens adgang er åbnet igen.';
  if (action === 'close') return 'Borgerens adgang er lukket.';
  return hadLogin ? 'CPR-nummeret er rettet, og borgerens login er lukket.' : 'CPR-nummeret er rettet.';
}

/**
 * One of the coordinator's changes of the citizen's login: the fields (the right CPR number, the
 * reason), checked as the server checks them, then a question that says what happens to the
 * login, as "Registreret ved en fejl" asks (AskFirstFields). A newer save of the citizen by
 * someone else meanwhile sends nothing and asks again.
 */
function SignInForm(props: { action: Action; citizen: Citizen; planId: string; cannotSave: string | null; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const { action, citizen } = props;
  const spec = ACTIONS[action];
  const keys = spec.fields.map((f) => f.key);
  const [correct, correcting] = useMutation(CorrectCitizenCprMutation);
  const [close, closing] = useMutation(CloseCitizenAccessMutation);
  const [reopen, reopening] = useMutation(ReopenCitizenAccessMutation);
  const loading = correcting.loading || closing.loading || reopening.loading;
  const [version, setVersion] = useState(citizen.version);
  const { values, set, problems, setProblems } = useFieldValues(() => ({ cpr: '', reason: '' }));
  const { error, setError, changed, setChanged, confirming, setConfirming, errorNotice, changedNotice, setAnswer } = useAskFirstState();

  const parsed = action === 'cpr' ? parseCpr(values.cpr, localDate(new Date())) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Problems = {};
    if (parsed && !parsed.ok) found.cpr = parsed.problem;
    const reasonProblem = citizenAccessReasonProblem(values.reason);
    if (reasonProblem) found.reason = reasonProblem;
    setProblems(found);
    setError(null);
    setAnswer(null);
    if (Object.keys(found).length === 0) setConfirming(true);
  };

  const send = async () => {
    const input = { planId: props.planId, expectedVersion: version, reason: values.reason.trim() };
    const hadLogin = !!citizen.signIn?.firstSignInAt;
    try {
      if (action === 'cpr') await correct({ variables: { input: { ...input, cpr: values.cpr.trim() } } });
      else await (action === 'close' ? close : reopen)({ variables: { input } });
      props.onDone(doneOf(action, hadLogin));
    } catch (e) {
      setConfirming(false);
      const c = conflictOf(e);
      if (c) {
        setVersion(c.current.version);
        setChanged('Borgerens oplysninger er ændret af en anden, mens du havde formularen åben. Intet er gemt. Se oplysningerne igen, og bekræft, hvis det stadig er rigtigt.');
        setAnswer('changed');
        return;
      }
      const atFields = problemsFromServer(e, keys);
      // The code's own words are a registration's ("Vælg den eksisterende borger …"): the server's say it of a correction.
      const taken = CombinedGraphQLErrors.is(e) ? e.errors.find((x) => x.extensions?.code === 'DUPLICATE_CITIZEN') : undefined;
      if (taken) atFields.cpr = taken.message;
      setProblems(atFields);
      // Said at its field and in the summary, the refusal is not said a third time in a box.
      setError(toldAtFields(e, keys) ? null : e);
      if (Object.keys(atFields).length === 0) setAnswer('error');
    }
  };

  return (
    <AskFirstForm id={id} title={spec.title} changed={changed} changedNotice={changedNotice} onSubmit={submit}>
      <AskFirstFields
        id={id}
        fields={spec.fields}
        values={values}
        problems={problems}
        set={set}
        error={error}
        errorNotice={errorNotice}
        failedTitle={spec.failedTitle}
        confirming={confirming}
        setConfirming={setConfirming}
        question={confirming ? questionOf(action, citizen, parsed?.ok ? parsed.cpr : null) : ''}
        confirmLabel={spec.confirmLabel}
        busyLabel={spec.busyLabel}
        loading={loading}
        cannotSave={props.cannotSave}
        onConfirm={() => void send()}
        onCancel={props.onCancel}
      />
    </AskFirstForm>
  );
}

/**
 * The citizen's login to Min plan under the plan's heading, for the people working the case (the
 * server gives it to no one else): since when it is bound, so a login bound to the wrong person is
 * noticed ("Borgeren loggede første gang ind 3. december 2026" when the citizen says they never
 * have), and whether the coordinator closed the access. The coordinator of the citizen's current
 * forløb (the running one, or after the end the latest, whose plan the login still reads)
 * corrects the CPR number ("Ret CPR-nummer") or closes the access ("Luk borgerens adgang") and
 * opens it again; a form left open when that is no longer theirs stays, unsaveable.
 */
export function CitizenSignIn(props: { citizen: FragmentType<typeof CitizenSignInFragment>; planId: string; canChange: boolean }) {
  const citizen = getFragmentData(CitizenSignInFragment, props.citizen);
  // The plan's own reason first (its forløb ended, the plan taken from the user), unless the change is still the user's.
  const planCannotSave = usePlanCannotSave();
  const cannotSave = props.canChange ? null : (planCannotSave ?? 'Du er ikke længere koordinerende sagsbehandler på borgerens forløb, så ændringen kan ikke gemmes.');
  const box = useRef<HTMLElement>(null);
  const cprPanel = useFormPanel(box);
  const accessPanel = useFormPanel(box);
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);
  const closedNow = !!citizen.signIn?.closedAt;
  // What the access form does is taken when it opens, so a colleague's change arriving meanwhile does not turn it under the user.
  const [accessAction, setAccessAction] = useState<Action>(closedNow ? 'reopen' : 'close');
  const signIn = citizen.signIn;
  if (!signIn) return null;
  const done = (panel: ReturnType<typeof useFormPanel>) => (said: string) => {
    setMessage(said);
    panel.dismiss();
  };
  const formProps = (action: Action, panel: ReturnType<typeof useFormPanel>) => ({
    action,
    citizen,
    planId: props.planId,
    cannotSave,
    onCancel: panel.close,
    onDone: done(panel),
  });

  return (
    <section ref={box} tabIndex={-1} className="citizen-sign-in" aria-label="Borgerens adgang til Min plan" data-testid="citizen-sign-in">
      <p>
        {signIn.firstSignInAt ? (
          <>Borgeren loggede første gang ind <time dateTime={signIn.firstSignInAt}>{dayOf(signIn.firstSignInAt)}</time> (MitID).</>
        ) : (
          'Intet log ind er bundet til borgeren.'
        )}
        {signIn.closedAt ? (
          <>
            {' '}
            <strong>Adgangen er lukket</strong> af {signIn.closedByName ?? 'en tidligere medarbejder'} <time dateTime={signIn.closedAt}>{dayOf(signIn.closedAt)}</time>: intet log ind bindes til borgeren, før den åbnes igen.
          </>
        ) : null}
      </p>
      {message ? (
        <p className="notice notice-info" role="status" ref={messageRef} tabIndex={-1}>
          {message}
        </p>
      ) : null}
      {props.canChange ? (
        <p className="actions no-print">
          <PanelButton panel={cprPanel} onClick={() => { setMessage(null); accessPanel.dismiss(); }}>
            Ret CPR-nummer
          </PanelButton>
          <PanelButton
            panel={accessPanel}
            onClick={() => {
              setMessage(null);
              cprPanel.dismiss();
              if (!accessPanel.open) setAccessAction(closedNow ? 'reopen' : 'close');
            }}
          >
            {(accessPanel.open ? accessAction === 'reopen' : closedNow) ? 'Åbn adgangen igen' : 'Luk borgerens adgang'}
          </PanelButton>
        </p>
      ) : null}
      <div {...cprPanel.panelProps}>{cprPanel.open ? <SignInForm {...formProps('cpr', cprPanel)} /> : null}</div>
      <div {...accessPanel.panelProps}>{accessPanel.open ? <SignInForm {...formProps(accessAction, accessPanel)} /> : null}</div>
    </section>
  );
}
