import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useFocusKeptWhenTaken } from '../../core/focus-kept';
import { asSentence, formatDateTime } from '../../core/format';
import { FormPanel } from '../../core/forms/FormPanel';
import { failureTitle, problemsFromServer, toldAtFields, without } from '../../core/forms/formErrors';
import { ErrorSummary } from '../../core/forms/FormParts';
import { roleLabel } from '../../core/labels';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { ChangedFlag, useHighlight } from '../live/PlanLive';
import { usePlanAccessLost, usePlanOpen } from './planOpen';

/** Koordinerende sagsbehandler: who coordinates the case, who did before, and the hand-over to a colleague. */

export const CoordinatorFragment = graphql(`
  fragment CoordinatorSection_Plan on Plan {
    id
    myStanding
    coordinatorLeft
    programme {
      id
      status
    }
    coordinatorHistory {
      id
      fromAt
      toAt
      reason
      citizenConsulted
      user {
        id
        name
      }
      unit {
        id
        name
      }
    }
  }
`);

export const ReassignCoordinatorMutation = graphql(`
  mutation ReassignCoordinator($input: ReassignCoordinatorInput!) {
    reassignCoordinator(input: $input) {
      id
      fromAt
      user {
        id
        name
      }
    }
  }
`);

/** Colleagues of my municipality to hand the case to. */
export const CoordinatorCandidatesQuery = graphql(`
  query CoordinatorCandidates {
    colleagues(roles: [CASEWORKER]) {
      id
      name
      role
      unit {
        id
        name
      }
    }
  }
`);

/**
 * "Skift koordinator": the new coordinator and why, then a confirmation, since the one who
 * hands over loses the coordinator's rights on the plan at once (STAR's vejledning om
 * ressourceforløb 2020, afsnit 5.1: the koordinerende sagsbehandler holds the case).
 * "Overtag koordineringen" (`takeOver`) is the same for a caseworker on the team when the
 * coordinator has left: no one hands over, and the one taking over may choose themself.
 */
function ReassignForm(props: {
  programmeId: string;
  currentUserId?: string;
  takeOver?: boolean;
  /** Only caseworkers of these units (a takeover, or an ended programme: no new unit gets access). */
  withinUnits?: readonly string[];
  /** The units on the plan: a new coordinator from another unit brings it onto the plan. */
  teamUnitIds: readonly string[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  // A colleague invited or moved since the page opened is on the list: asked again each time the form opens.
  const candidates = useQuery(CoordinatorCandidatesQuery, { fetchPolicy: 'cache-and-network' });
  const [reassign, { loading, error }] = useMutation(ReassignCoordinatorMutation);
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const [consulted, setConsulted] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const errorNotice = useRef<HTMLDivElement>(null);

  const people = (candidates.data?.colleagues ?? []).filter((u) => u.id !== props.currentUserId && (!props.withinUnits || (!!u.unit && props.withinUnits.includes(u.unit.id))));
  const chosen = people.find((u) => u.id === userId);
  // The coordinator's unit joins the plan's team (the server adds it with the hand-over): its
  // caseworkers may then open the citizen's plan, which the one handing over should know first.
  const joining = chosen?.unit && !props.teamUnitIds.includes(chosen.unit.id) ? `${chosen.unit.name} kommer med på planen, så enhedens sagsbehandlere kan se den.` : null;

  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const p: Record<string, string> = {};
    if (!userId.trim()) p.userId = 'Vælg den nye koordinator.';
    if (!reason.trim()) p.reason = 'Skriv en begrundelse for skiftet.';
    setProblems(p);
    if (Object.keys(p).length) return;
    setConfirming(true);
  };

  const handOver = async () => {
    try {
      const result = await reassign({ variables: { input: { programmeId: props.programmeId, userId: userId.trim(), reason: reason.trim(), citizenConsulted: consulted } } });
      props.onDone(`${result.data?.reassignCoordinator.user.name ?? 'Den nye koordinator'} er nu koordinerende sagsbehandler.`);
    } catch (e) {
      // The server's refusal by the field it is about (a colleague outside the plan's units),
      // where the error summary takes focus; any other under the form, with focus on it.
      const atFields = problemsFromServer(e, ['userId', 'reason']);
      setProblems(atFields);
      setConfirming(false);
      if (Object.keys(atFields).length === 0) setTimeout(() => errorNotice.current?.focus(), 0);
    }
  };

  const stepBack = () => {
    setConfirming(false);
    // After the form is back.
    setTimeout(() => submitButton.current?.focus(), 0);
  };

  /** A field's control, tied to its problem; typing in it clears the problem. */
  const control = (key: string) => ({
    id: `${id}-${key}`,
    'aria-invalid': problems[key] ? true : undefined,
    'aria-describedby': problems[key] ? `${id}-${key}-error` : undefined,
  });
  const change = (key: string, set: (value: string) => void, value: string) => {
    set(value);
    setProblems((cur) => without(cur, key));
  };

  if (confirming) {
    return (
      <div className="stack confirm" role="group" aria-labelledby={`${id}-question`}>
        <p id={`${id}-question`} ref={question} tabIndex={-1} className="confirm-question">
          {props.takeOver ? (
            <strong>Gør {chosen?.name ?? 'den valgte medarbejder'} til koordinerende sagsbehandler?</strong>
          ) : (
            <>
              <strong>Overdrag koordinatorrollen til {chosen?.name ?? 'den valgte medarbejder'}?</strong> Du mister de rettigheder, der følger med rollen.
              {joining ? ` ${joining}` : null}
            </>
          )}
        </p>
        <p className="actions">
          <button type="button" className="button" onClick={() => void handOver()} disabled={loading}>
            {loading ? 'Gemmer…' : props.takeOver ? 'Ja, gem' : 'Overdrag'}
          </button>
          <button type="button" className="button button-secondary" onClick={stepBack} disabled={loading}>
            Annullér
          </button>
        </p>
      </div>
    );
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={props.takeOver ? 'Overtag koordineringen' : 'Skift koordinator'}>
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} order={['userId', 'reason']} />
      <div className="field">
        <label htmlFor={`${id}-userId`}>Ny koordinerende sagsbehandler</label>
        <select
          {...control('userId')}
          aria-describedby={[problems.userId ? `${id}-userId-error` : '', joining ? `${id}-userId-joining` : ''].filter(Boolean).join(' ') || undefined}
          value={userId}
          onChange={(e) => change('userId', setUserId, e.target.value)}
        >
          <option value="">
            {candidates.loading && !people.length
              ? 'Henter medarbejdere…'
              : people.length
                ? 'Vælg en medarbejder'
                : candidates.error
                  ? 'Medarbejderne kunne ikke hentes'
                  : props.withinUnits
                    ? 'Ingen andre sagsbehandlere i enhederne på planen'
                    : 'Ingen andre sagsbehandlere i kommunen'}
          </option>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} – {roleLabel(u.role)}
              {u.unit ? `, ${u.unit.name}` : ''}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-userId-error`} message={problems.userId} />
        {joining ? (
          <p className="hint" id={`${id}-userId-joining`}>
            {joining}
          </p>
        ) : null}
        {candidates.error ? (
          <ErrorNotice error={candidates.error} title="Medarbejderne kunne ikke hentes" onRetry={() => void candidates.refetch().catch(() => undefined)} />
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Begrundelse</label>
        <textarea {...control('reason')} className="plain-textarea" rows={3} value={reason} onChange={(e) => change('reason', setReason, e.target.value)} />
        <FieldError id={`${id}-reason-error`} message={problems.reason} />
      </div>
      <div className="checkbox">
        <input id={`${id}-consulted`} type="checkbox" checked={consulted} onChange={(e) => setConsulted(e.target.checked)} aria-describedby={`${id}-consulted-hint`} />
        <label htmlFor={`${id}-consulted`}>Borgeren er hørt</label>
      </div>
      <p className="hint" id={`${id}-consulted-hint`}>
        Borgeren bør høres, før koordinatoren skiftes (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).
      </p>
      {/* Said at its fields and in the summary, a field's problem is not said a third time here. */}
      {error && !toldAtFields(error, ['userId', 'reason']) ? (
        <div ref={errorNotice} tabIndex={-1}>
          <ErrorNotice error={error} title={failureTitle(problems, 'Koordinatoren blev ikke skiftet')} />
        </div>
      ) : null}
      <p className="actions">
        <button ref={submitButton} type="submit" className="button" disabled={loading}>
          {props.takeOver ? 'Overtag koordineringen' : 'Skift koordinator'}
        </button>
        <button type="button" className="button button-secondary" onClick={props.onCancel} disabled={loading}>
          Annullér
        </button>
      </p>
    </form>
  );
}

/** Whether the citizen was consulted on the change; nothing for the first assignment, where it was not asked. */
function consultedText(consulted: boolean | null | undefined, tense: 'er' | 'var'): string {
  if (consulted == null) return '';
  return consulted ? `Borgeren ${tense} hørt.` : `Borgeren ${tense} ikke hørt.`;
}

export function CoordinatorSection(props: {
  plan: FragmentType<typeof CoordinatorFragment>;
  /** The units on the plan: whom a takeover, or a hand-over after the end, may choose from. */
  teamUnitIds: readonly string[];
  onChanged: () => void;
}) {
  const plan = getFragmentData(CoordinatorFragment, props.plan);
  const highlight = useHighlight('section:coordinator');
  const open = usePlanOpen();
  // Taken from me (planOpen.ts): a hand-over, which the server takes after the end, is refused now.
  const accessLost = usePlanAccessLost();
  const [message, setMessage] = useState<string | null>(null);
  // The current assignment is the open one of the history (the query reads each once).
  const current = plan.coordinatorHistory.find((a) => !a.toAt) ?? null;
  const history = [...plan.coordinatorHistory].reverse();
  const mayHandOver = plan.myStanding === 'COORDINATOR' || (plan.myStanding === 'TEAM' && plan.coordinatorLeft);
  // Handing the role over (or someone else taking it) takes "Skift koordinator" away with it:
  // a focus that was on it or in its form goes to the section's heading, not the top of the page.
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusKeptWhenTaken(section, !mayHandOver, heading);
  return (
    <section ref={section} className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="coordinator-heading" data-testid="coordinator-section">
      <h2 id="coordinator-heading" ref={heading} tabIndex={-1}>
        Koordinerende sagsbehandler
      </h2>
      <ChangedFlag highlight={highlight} />
      {current ? (
        // Since when, with its year, as the earlier coordinators below and the plan's other dates say it.
        <p className="coordinator-now">
          <strong>{current.user.name}</strong>
          {current.unit ? `, ${current.unit.name}` : ''} – siden <time dateTime={current.fromAt}>{formatDateTime(current.fromAt)}</time>
        </p>
      ) : (
        <p>Ingen koordinator er tildelt.</p>
      )}
      {plan.coordinatorLeft ? (
        <p className="notice notice-info" data-testid="coordinator-left">
          {current ? `${current.user.name} har ikke længere adgang til Samplan.` : 'Planen har ingen koordinator.'}{' '}
          {/* Why an ended forløb is taken over: its coordinator withdraws the citizen's consents (docs/domain.md). */}
          {plan.programme.status === 'ENDED' ? 'Forløbet er afsluttet, men planen skal stadig have en koordinator, der fx kan tilbagekalde et samtykke. ' : ''}
          En sagsbehandler fra en enhed på planen kan overtage koordineringen.
        </p>
      ) : null}
      <StatusNotice message={message} />
      {/* Also on an ended programme: someone must hold it, if only to withdraw a consent. */}
      {mayHandOver ? (
        <FormPanel
          label={plan.myStanding === 'COORDINATOR' ? 'Skift koordinator' : 'Overtag koordineringen'}
          offered={!accessLost}
          focusWithoutButton={heading}
          onDone={(m) => {
            setMessage(m);
            props.onChanged();
          }}
        >
          {(close, done) => (
            <ReassignForm
              programmeId={plan.programme.id}
              currentUserId={current?.user.id}
              takeOver={plan.myStanding !== 'COORDINATOR'}
              withinUnits={plan.myStanding !== 'COORDINATOR' || !open ? props.teamUnitIds : undefined}
              teamUnitIds={props.teamUnitIds}
              onDone={done}
              onCancel={close}
            />
          )}
        </FormPanel>
      ) : null}
      {history.length > 1 ? (
        <details className="more">
          <summary>Tidligere koordinatorer ({history.length - 1})</summary>
          <ol className="history-list">
            {history
              .filter((a) => a.toAt)
              .map((a) => (
                <li key={a.id}>
                  <strong>{a.user.name}</strong>
                  {a.unit ? `, ${a.unit.name}` : ''}: <time dateTime={a.fromAt}>{formatDateTime(a.fromAt)}</time> –{' '}
                  {a.toAt ? <time dateTime={a.toAt}>{formatDateTime(a.toAt)}</time> : 'nu'}
                  <br />
                  <span className="hint">
                    Begrundelse: {a.reason}. {consultedText(a.citizenConsulted, 'var')}
                  </span>
                </li>
              ))}
          </ol>
        </details>
      ) : null}
      {current ? (
        <p className="hint">
          Begrundelse for nuværende tildeling: {asSentence(current.reason)} {consultedText(current.citizenConsulted, 'er')}
        </p>
      ) : null}
    </section>
  );
}
