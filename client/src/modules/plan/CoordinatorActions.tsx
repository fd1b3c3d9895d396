import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from '../../core/errors';
import { formatDateTime, formatWhen, fromLocalInput, toLocalInput } from '../../core/format';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { MeetingMode, UnitCode } from '../../gql/graphql';
import { ChangedFlag, useHighlight } from '../live/PlanLive';
import { roleLabel } from '../org/labels';
import { label, MEETING_MODE_LABELS, UNIT_CODES, UNIT_LABELS } from './labels';

/* ---------- Koordinator ---------- */

export const CoordinatorFragment = graphql(`
  fragment CoordinatorSection_Plan on Plan {
    id
    myStanding
    programme {
      id
    }
    coordinator {
      id
      fromAt
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
    colleagues(roles: [COORDINATOR, CASEWORKER]) {
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

function Disclosure(props: { label: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  return (
    <div className="disclosure">
      <button
        ref={button}
        type="button"
        className="button button-secondary"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((o) => !o)}
      >
        {props.label}
      </button>
      <div id={`${id}-panel`} hidden={!open}>
        {open
          ? props.children(() => {
              setOpen(false);
              button.current?.focus();
            })
          : null}
      </div>
    </div>
  );
}

function ReassignForm(props: { programmeId: string; currentUserId?: string; onDone: (message: string) => void }) {
  const id = useId();
  const candidates = useQuery(CoordinatorCandidatesQuery, { fetchPolicy: 'cache-first' });
  const [reassign, { loading, error }] = useMutation(ReassignCoordinatorMutation);
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const [consulted, setConsulted] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});

  const people = (candidates.data?.colleagues ?? []).filter((u) => u.id !== props.currentUserId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const p: Record<string, string> = {};
    if (!userId.trim()) p.userId = 'Vælg den nye koordinator.';
    if (!reason.trim()) p.reason = 'Skriv en begrundelse for skiftet.';
    setProblems(p);
    if (Object.keys(p).length) return;
    try {
      const result = await reassign({ variables: { input: { programmeId: props.programmeId, userId: userId.trim(), reason: reason.trim(), citizenConsulted: consulted } } });
      props.onDone(`${result.data?.reassignCoordinator.user.name ?? 'Den nye koordinator'} er nu koordinerende sagsbehandler.`);
    } catch {
      // Shown below from the mutation's error.
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-user`}>Ny koordinerende sagsbehandler</label>
        <select id={`${id}-user`} value={userId} onChange={(e) => setUserId(e.target.value)} aria-invalid={problems.userId ? true : undefined} aria-describedby={problems.userId ? `${id}-user-error` : undefined}>
          <option value="">{candidates.loading ? 'Henter medarbejdere…' : people.length ? 'Vælg en medarbejder' : 'Ingen andre medarbejdere i kommunen'}</option>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} – {roleLabel(u.role)}
              {u.unit ? `, ${u.unit.name}` : ''}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-user-error`} message={problems.userId} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Begrundelse</label>
        <textarea
          id={`${id}-reason`}
          className="plain-textarea"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={problems.reason ? true : undefined}
          aria-describedby={problems.reason ? `${id}-reason-error` : undefined}
        />
        <FieldError id={`${id}-reason-error`} message={problems.reason} />
      </div>
      <div className="checkbox">
        <input id={`${id}-consulted`} type="checkbox" checked={consulted} onChange={(e) => setConsulted(e.target.checked)} aria-describedby={`${id}-consulted-hint`} />
        <label htmlFor={`${id}-consulted`}>Borgeren er hørt</label>
      </div>
      <p className="hint" id={`${id}-consulted-hint`}>
        Borgeren bør høres, før koordinatoren skiftes (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).
      </p>
      {error ? <ErrorNotice error={error} title="Koordinatoren blev ikke skiftet" /> : null}
      <button type="submit" className="button" disabled={loading}>
        {loading ? 'Skifter…' : 'Skift koordinator'}
      </button>
    </form>
  );
}

export function CoordinatorSection(props: { plan: FragmentType<typeof CoordinatorFragment>; onChanged: () => void }) {
  const plan = getFragmentData(CoordinatorFragment, props.plan);
  const highlight = useHighlight('section:coordinator');
  const [message, setMessage] = useState<string | null>(null);
  const current = plan.coordinator;
  const history = [...plan.coordinatorHistory].reverse();
  return (
    <section className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="coordinator-heading" data-testid="coordinator-section">
      <h2 id="coordinator-heading">Koordinerende sagsbehandler</h2>
      <ChangedFlag highlight={highlight} />
      {current ? (
        <p className="coordinator-now">
          <strong>{current.user.name}</strong>
          {current.unit ? `, ${current.unit.name}` : ''} – siden <time dateTime={current.fromAt}>{formatWhen(current.fromAt)}</time>
        </p>
      ) : (
        <p>Ingen koordinator er tildelt.</p>
      )}
      <StatusNotice message={message} />
      {plan.myStanding === 'COORDINATOR' ? (
        <Disclosure label="Skift koordinator">
          {(close) => (
            <ReassignForm
              programmeId={plan.programme.id}
              currentUserId={current?.user.id}
              onDone={(m) => {
                setMessage(m);
                close();
                props.onChanged();
              }}
            />
          )}
        </Disclosure>
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
                    Begrundelse: {a.reason}. {a.citizenConsulted ? 'Borgeren var hørt.' : 'Borgeren var ikke hørt.'}
                  </span>
                </li>
              ))}
          </ol>
        </details>
      ) : null}
      {current ? (
        <p className="hint">
          Begrundelse for nuværende tildeling: {current.reason}. {current.citizenConsulted ? 'Borgeren er hørt.' : 'Borgeren er ikke hørt.'}
        </p>
      ) : null}
    </section>
  );
}

/* ---------- Plan-teamet ---------- */

export const TeamFragment = graphql(`
  fragment TeamSection_Plan on Plan {
    id
    myStanding
    team {
      id
      code
      name
    }
    coordinator {
      id
      unit {
        id
        code
      }
    }
  }
`);

export const AddTeamUnitMutation = graphql(`
  mutation AddTeamUnit($planId: ID!, $unit: UnitCode!) {
    addTeamUnit(planId: $planId, unit: $unit) {
      id
      team {
        id
        code
        name
      }
    }
  }
`);

export const RemoveTeamUnitMutation = graphql(`
  mutation RemoveTeamUnit($planId: ID!, $unit: UnitCode!) {
    removeTeamUnit(planId: $planId, unit: $unit) {
      id
      team {
        id
        code
        name
      }
    }
  }
`);

export function TeamSection(props: { plan: FragmentType<typeof TeamFragment>; onChanged: () => void }) {
  const plan = getFragmentData(TeamFragment, props.plan);
  const id = useId();
  const highlight = useHighlight('section:team');
  const coordinator = plan.myStanding === 'COORDINATOR';
  const [add, adding] = useMutation(AddTeamUnitMutation);
  const [remove, removing] = useMutation(RemoveTeamUnitMutation);
  const [confirm, setConfirm] = useState<UnitCode | null>(null);
  const [choice, setChoice] = useState<UnitCode | ''>('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const missing = UNIT_CODES.filter((c) => !plan.team.some((u) => u.code === c));

  const run = async (what: () => Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    try {
      await what();
      setMessage(done);
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="team-heading" data-testid="team-section">
      <h2 id="team-heading">Plan-teamet</h2>
      <ChangedFlag highlight={highlight} />
      <ul className="team-list">
        {plan.team.map((u) => (
          <li key={u.id}>
            <span>{u.name}</span>
            {coordinator && u.code !== plan.coordinator?.unit?.code ? (
              confirm === u.code ? (
                <span className="confirm" role="group" aria-label={`Bekræft fjernelse af ${u.name}`}>
                  <span>Fjern {u.name}? Deres medarbejdere mister adgangen til planen.</span>
                  <button
                    type="button"
                    className="button button-danger"
                    disabled={removing.loading}
                    onClick={() => {
                      setConfirm(null);
                      void run(() => remove({ variables: { planId: plan.id, unit: u.code } }), `${u.name} er fjernet fra teamet.`);
                    }}
                  >
                    Ja, fjern
                  </button>
                  <button type="button" className="button button-secondary" onClick={() => setConfirm(null)}>
                    Fortryd
                  </button>
                </span>
              ) : (
                <button type="button" className="button button-secondary button-small" onClick={() => setConfirm(u.code)}>
                  Fjern<span className="visually-hidden"> {u.name}</span>
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
      <StatusNotice message={message} />
      {error ? <ErrorNotice error={error} title="Teamet blev ikke ændret" /> : null}
      {coordinator && missing.length ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!choice) return;
            const name = UNIT_LABELS[choice];
            void run(() => add({ variables: { planId: plan.id, unit: choice } }), `${name} er tilføjet teamet.`).then(() => setChoice(''));
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-unit`}>Tilføj forvaltning</label>
            <select id={`${id}-unit`} value={choice} onChange={(e) => setChoice(e.target.value as UnitCode | '')}>
              <option value="">Vælg forvaltning</option>
              {missing.map((c) => (
                <option key={c} value={c}>
                  {UNIT_LABELS[c]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={!choice || adding.loading}>
            Tilføj
          </button>
        </form>
      ) : null}
    </section>
  );
}

/* ---------- Opfølgningssamtaler ---------- */

export const FollowUpsFragment = graphql(`
  fragment FollowUpsSection_Plan on Plan {
    id
    myStanding
    nextFollowUpAt
    followUps {
      id
      heldAt
      mode
      participants
      summary
      nextMeetingAt
      sharedWithMentor
      createdBy {
        id
        name
      }
    }
  }
`);

export const RecordFollowUpMutation = graphql(`
  mutation RecordFollowUp($input: RecordFollowUpInput!) {
    recordFollowUp(input: $input) {
      id
      heldAt
      nextMeetingAt
    }
  }
`);

const MODES: readonly MeetingMode[] = ['IN_PERSON', 'PHONE', 'VIDEO'];

function FollowUpForm(props: { planId: string; onDone: (message: string) => void }) {
  const id = useId();
  const [record, { loading, error }] = useMutation(RecordFollowUpMutation);
  const [heldAt, setHeldAt] = useState(() => toLocalInput(new Date().toISOString()));
  const [mode, setMode] = useState<MeetingMode>('IN_PERSON');
  const [participants, setParticipants] = useState('Borgeren, Koordinerende sagsbehandler');
  const [summary, setSummary] = useState('');
  const [next, setNext] = useState('');
  const [shared, setShared] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const fieldError = error ? describeError(error).field : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const p: Record<string, string> = {};
    if (!fromLocalInput(heldAt)) p.heldAt = 'Skriv hvornår samtalen blev holdt.';
    if (!summary.trim()) p.summary = 'Skriv et kort resumé.';
    if (!fromLocalInput(next)) p.nextMeetingAt = 'Aftal næste samtale, før denne slutter (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).';
    else if (fromLocalInput(heldAt) && new Date(fromLocalInput(next)) <= new Date(fromLocalInput(heldAt))) p.nextMeetingAt = 'Næste samtale skal ligge efter denne.';
    setProblems(p);
    if (Object.keys(p).length) return;
    try {
      await record({
        variables: {
          input: {
            planId: props.planId,
            heldAt: fromLocalInput(heldAt),
            mode,
            participants: participants.split(',').map((s) => s.trim()).filter(Boolean),
            summary: summary.trim(),
            nextMeetingAt: fromLocalInput(next),
            sharedWithMentor: shared,
          },
        },
      });
      props.onDone(`Samtalen er registreret. Næste samtale: ${formatDateTime(fromLocalInput(next))}.`);
    } catch {
      // Shown below.
    }
  };

  const err = (key: string) => problems[key] ?? (fieldError === key ? describeError(error).detail : undefined);
  const described = (key: string, hint?: boolean) => [hint ? `${id}-${key}-hint` : null, err(key) ? `${id}-${key}-error` : null].filter(Boolean).join(' ') || undefined;
  const errorText = (key: string) => <FieldError id={`${id}-${key}-error`} message={err(key)} />;

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-heldAt`}>Afholdt</label>
          <input id={`${id}-heldAt`} type="datetime-local" value={heldAt} onChange={(e) => setHeldAt(e.target.value)} aria-invalid={err('heldAt') ? true : undefined} aria-describedby={described('heldAt')} />
          {errorText('heldAt')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-mode`}>Form</label>
          <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as MeetingMode)} aria-describedby={`${id}-mode-hint`}>
            {MODES.map((m) => (
              <option key={m} value={m}>
                {MEETING_MODE_LABELS[m]}
              </option>
            ))}
          </select>
          <p className="hint" id={`${id}-mode-hint`}>
            Telefon er muligt, når borgeren er i et beskæftigelsestilbud.
          </p>
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-participants`}>Deltagere</label>
          <p className="hint" id={`${id}-participants-hint`}>
            Adskil med komma.
          </p>
          <input id={`${id}-participants`} value={participants} onChange={(e) => setParticipants(e.target.value)} aria-describedby={`${id}-participants-hint`} />
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-summary`}>Resumé</label>
          <textarea id={`${id}-summary`} className="plain-textarea" rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} aria-invalid={err('summary') ? true : undefined} aria-describedby={described('summary')} />
          {errorText('summary')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-nextMeetingAt`}>Næste samtale</label>
          <input id={`${id}-nextMeetingAt`} type="datetime-local" value={next} onChange={(e) => setNext(e.target.value)} aria-invalid={err('nextMeetingAt') ? true : undefined} aria-describedby={described('nextMeetingAt')} />
          {errorText('nextMeetingAt')}
        </div>
      </div>
      <div className="checkbox">
        <input id={`${id}-shared`} type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        <label htmlFor={`${id}-shared`}>Del med mentor</label>
      </div>
      {error ? <ErrorNotice error={error} title="Samtalen blev ikke registreret" /> : null}
      <button type="submit" className="button" disabled={loading}>
        {loading ? 'Gemmer…' : 'Registrér samtale'}
      </button>
    </form>
  );
}

export function FollowUpsSection(props: { plan: FragmentType<typeof FollowUpsFragment>; onChanged: () => void }) {
  const plan = getFragmentData(FollowUpsFragment, props.plan);
  const highlight = useHighlight('section:followUps');
  const [message, setMessage] = useState<string | null>(null);
  const meetings = [...plan.followUps].reverse();
  return (
    <section className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="followups-heading" data-testid="followups-section">
      <h2 id="followups-heading">Opfølgningssamtaler</h2>
      <ChangedFlag highlight={highlight} />
      <p className="next-meeting">
        <span className="label-inline">Næste samtale:</span>{' '}
        {plan.nextFollowUpAt ? <time dateTime={plan.nextFollowUpAt}>{formatDateTime(plan.nextFollowUpAt)}</time> : <strong>Ikke aftalt</strong>}
      </p>
      <StatusNotice message={message} />
      {plan.myStanding === 'COORDINATOR' ? (
        <Disclosure label="Registrér opfølgningssamtale">
          {(close) => (
            <FollowUpForm
              planId={plan.id}
              onDone={(m) => {
                setMessage(m);
                close();
                props.onChanged();
              }}
            />
          )}
        </Disclosure>
      ) : null}
      <p className="hint">{plan.followUps.length} samtaler afholdt.</p>
      {meetings.length ? (
        <details className="more">
          <summary>Afholdte samtaler</summary>
          <ol className="history-list">
            {meetings.map((m) => (
              <li key={m.id}>
                <strong>
                  <time dateTime={m.heldAt}>{formatDateTime(m.heldAt)}</time>
                </strong>{' '}
                · {label(MEETING_MODE_LABELS, m.mode)}
                <br />
                {m.summary}
                <br />
                <span className="hint">Deltagere: {m.participants.join(', ')}</span>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
