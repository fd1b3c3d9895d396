import { useMutation, useQuery } from '@apollo/client/react';
import { addDays, todayInDenmark } from '@samplan/schema';
import { useId, useRef, useState, type FormEvent } from 'react';
import { formatDate } from '../../core/format';
import { FormPanel } from '../../core/forms/FormPanel';
import { failureTitle, problemsFromServer, without } from '../../core/forms/formErrors';
import { ErrorSummary, FormActions } from '../../core/forms/FormParts';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { usePlanAccessLost } from './planOpen';

/**
 * Personlig jobformidler (LAB §113 a): in a ressourceforløb under the 2022 rules, the one person in
 * the jobcenter who helps the citizen towards a job. On the "Forløb" card: who it is, from which
 * day, those before; and for the coordinator and the jobcenter's caseworkers on the plan
 * (`mayRecordJobFacilitator`) a form to name or change the person from a day, and "Ingen personlig
 * jobformidler" to end it. The server keeps every assignment.
 */

export const JobFacilitatorFragment = graphql(`
  fragment JobFacilitatorSection_Programme on Programme {
    id
    jobFacilitatorRight
    mayRecordJobFacilitator
    jobFacilitatorHistory {
      id
      fromDate
      toDate
      userLeft
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

export const AssignJobFacilitatorMutation = graphql(`
  mutation AssignJobFacilitator($input: AssignJobFacilitatorInput!) {
    assignJobFacilitator(input: $input) {
      id
      ...JobFacilitatorSection_Programme
    }
  }
`);

export const EndJobFacilitatorMutation = graphql(`
  mutation EndJobFacilitator($input: EndJobFacilitatorInput!) {
    endJobFacilitator(input: $input) {
      id
      ...JobFacilitatorSection_Programme
    }
  }
`);

/** The municipality's caseworkers; the form offers those of a jobcenter unit (Beskæftigelse) that is open. */
export const JobFacilitatorCandidatesQuery = graphql(`
  query JobFacilitatorCandidates {
    colleagues(roles: [CASEWORKER]) {
      id
      name
      unit {
        id
        name
        kind
        closedAt
      }
    }
  }
`);

/** A day as `<time>`. */
function Day({ date }: { date: string }) {
  return <time dateTime={date}>{formatDate(date)}</time>;
}

/** The day field's own check, as the server's: not ahead of today. */
function dayProblem(day: string): string | null {
  if (!day) return 'Vælg dagen.';
  if (day > todayInDenmark()) return 'Dagen kan ikke ligge frem i tiden.';
  return null;
}

/** "Vælg personlig jobformidler" / "Skift personlig jobformidler": a person of the jobcenter and the day from which. */
function AssignForm(props: { programmeId: string; currentId: string | null; currentUserId?: string; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  // Staff invited or moved since the page opened are on the list: asked again each time the form opens.
  const candidates = useQuery(JobFacilitatorCandidatesQuery, { fetchPolicy: 'cache-and-network' });
  const [assign, { loading, error }] = useMutation(AssignJobFacilitatorMutation);
  const [userId, setUserId] = useState('');
  const [fromDate, setFromDate] = useState(todayInDenmark());
  const [problems, setProblems] = useState<Record<string, string>>({});
  const errorNotice = useRef<HTMLDivElement>(null);
  const people = (candidates.data?.colleagues ?? []).filter((u) => u.unit?.kind === 'EMPLOYMENT' && !u.unit.closedAt && u.id !== props.currentUserId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const p: Record<string, string> = {};
    if (!userId) p.userId = 'Vælg en medarbejder.';
    const day = dayProblem(fromDate);
    if (day) p.fromDate = day;
    setProblems(p);
    if (Object.keys(p).length) return;
    try {
      const result = await assign({ variables: { input: { programmeId: props.programmeId, userId, fromDate, expectedCurrentId: props.currentId } } });
      const now = getFragmentData(JobFacilitatorFragment, result.data?.assignJobFacilitator);
      props.onDone(`${now?.jobFacilitatorHistory.find((a) => !a.toDate)?.user.name ?? 'Medarbejderen'} er borgerens personlige jobformidler fra ${formatDate(fromDate)}.`);
    } catch (e) {
      const atFields = problemsFromServer(e, ['userId', 'fromDate']);
      setProblems(atFields);
      if (Object.keys(atFields).length === 0) setTimeout(() => errorNotice.current?.focus(), 0);
    }
  };

  const control = (key: string) => ({
    id: `${id}-${key}`,
    'aria-invalid': problems[key] ? true : undefined,
    'aria-describedby': problems[key] ? `${id}-${key}-error` : undefined,
  });

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label={props.currentId ? 'Skift personlig jobformidler' : 'Vælg personlig jobformidler'}>
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} order={['userId', 'fromDate']} />
      <div className="field">
        <label htmlFor={`${id}-userId`}>Personlig jobformidler</label>
        <select
          {...control('userId')}
          value={userId}
          onChange={(e) => {
            setUserId(e.target.value);
            setProblems((cur) => without(cur, 'userId'));
          }}
        >
          <option value="">
            {candidates.loading && !people.length
              ? 'Henter medarbejdere…'
              : people.length
                ? 'Vælg en medarbejder'
                : candidates.error
                  ? 'Medarbejderne kunne ikke hentes'
                  : 'Ingen andre sagsbehandlere i jobcenteret'}
          </option>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
              {u.unit ? `, ${u.unit.name}` : ''}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-userId-error`} message={problems.userId} />
        {candidates.error ? (
          <ErrorNotice error={candidates.error} title="Medarbejderne kunne ikke hentes" onRetry={() => void candidates.refetch().catch(() => undefined)} />
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-fromDate`}>Fra</label>
        <input
          {...control('fromDate')}
          type="date"
          max={todayInDenmark()}
          value={fromDate}
          onChange={(e) => {
            setFromDate(e.target.value);
            setProblems((cur) => without(cur, 'fromDate'));
          }}
        />
        <FieldError id={`${id}-fromDate-error`} message={problems.fromDate} />
      </div>
      {error ? (
        <div ref={errorNotice} tabIndex={-1}>
          <ErrorNotice error={error} title={failureTitle(problems, 'Den personlige jobformidler blev ikke gemt')} />
        </div>
      ) : null}
      <FormActions loading={loading} submitLabel="Gem" busyLabel="Gemmer…" onCancel={props.onCancel} />
    </form>
  );
}

/** "Ingen personlig jobformidler" from a day: the current one ends, and stays among those before. */
function EndForm(props: { programmeId: string; currentId: string; name: string; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const [end, { loading, error }] = useMutation(EndJobFacilitatorMutation);
  const [fromDate, setFromDate] = useState(todayInDenmark());
  const [problems, setProblems] = useState<Record<string, string>>({});
  const errorNotice = useRef<HTMLDivElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const day = dayProblem(fromDate);
    setProblems(day ? { fromDate: day } : {});
    if (day) return;
    try {
      await end({ variables: { input: { programmeId: props.programmeId, fromDate, expectedCurrentId: props.currentId } } });
      props.onDone(`Borgeren har ingen personlig jobformidler fra ${formatDate(fromDate)}.`);
    } catch (e) {
      const atFields = problemsFromServer(e, ['fromDate']);
      setProblems(atFields);
      if (Object.keys(atFields).length === 0) setTimeout(() => errorNotice.current?.focus(), 0);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Ingen personlig jobformidler">
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} order={['fromDate']} />
      <p className="hint">{props.name} er ikke længere borgerens personlige jobformidler fra den dag, du vælger.</p>
      <div className="field">
        <label htmlFor={`${id}-fromDate`}>Ingen personlig jobformidler fra</label>
        <input
          id={`${id}-fromDate`}
          type="date"
          max={todayInDenmark()}
          value={fromDate}
          aria-invalid={problems.fromDate ? true : undefined}
          aria-describedby={problems.fromDate ? `${id}-fromDate-error` : undefined}
          onChange={(e) => {
            setFromDate(e.target.value);
            setProblems({});
          }}
        />
        <FieldError id={`${id}-fromDate-error`} message={problems.fromDate} />
      </div>
      {error ? (
        <div ref={errorNotice} tabIndex={-1}>
          <ErrorNotice error={error} title={failureTitle(problems, 'Ændringen blev ikke gemt')} />
        </div>
      ) : null}
      <FormActions loading={loading} submitLabel="Gem" busyLabel="Gemmer…" onCancel={props.onCancel} />
    </form>
  );
}

export function JobFacilitatorSection(props: { programme: FragmentType<typeof JobFacilitatorFragment> }) {
  const programme = getFragmentData(JobFacilitatorFragment, props.programme);
  const accessLost = usePlanAccessLost();
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const [message, setMessage] = useState<string | null>(null);
  // The current assignment is the open one of the history (the query reads each once).
  const current = programme.jobFacilitatorHistory.find((a) => !a.toDate) ?? null;
  const before = programme.jobFacilitatorHistory.filter((a) => a.toDate).reverse();
  // Shown where the right is, and wherever one was recorded.
  if (!programme.jobFacilitatorRight && programme.jobFacilitatorHistory.length === 0) return null;
  const offered = programme.mayRecordJobFacilitator && !accessLost;
  return (
    <section className="subsection" aria-labelledby={headingId} data-testid="job-facilitator">
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        Personlig jobformidler
      </h3>
      {current ? (
        <p data-testid="job-facilitator-current">
          <strong>{current.user.name}</strong>, {current.unit.name} – fra <Day date={current.fromDate} />
        </p>
      ) : (
        <p data-testid="job-facilitator-current">Ingen personlig jobformidler er registreret.</p>
      )}
      {current?.userLeft ? (
        // Min plan no longer names them to the citizen; the plan says why, so someone chooses the next.
        <p className="notice notice-warning" data-testid="job-facilitator-left">
          {current.user.name} er fratrådt og hjælper ikke længere borgeren. Vælg en ny personlig jobformidler, eller registrér, at borgeren ikke har en.
        </p>
      ) : null}
      <p className="hint">Borgeren i ressourceforløb har ret til en personlig jobformidler i jobcenteret (LAB §113 a).</p>
      <StatusNotice message={message} />
      {programme.mayRecordJobFacilitator ? (
        <div className="actions">
          <FormPanel
            label={current ? 'Skift personlig jobformidler' : 'Vælg personlig jobformidler'}
            offered={offered}
            focusWithoutButton={heading}
            onDone={setMessage}
          >
            {(close, done) => <AssignForm programmeId={programme.id} currentId={current?.id ?? null} currentUserId={current?.user.id} onDone={done} onCancel={close} />}
          </FormPanel>
          {current ? (
            <FormPanel label="Ingen personlig jobformidler" offered={offered} focusWithoutButton={heading} onDone={setMessage}>
              {(close, done) => <EndForm programmeId={programme.id} currentId={current.id} name={current.user.name} onDone={done} onCancel={close} />}
            </FormPanel>
          ) : null}
        </div>
      ) : null}
      {before.length ? (
        <details className="more">
          <summary>Tidligere personlige jobformidlere ({before.length})</summary>
          <ol className="history-list">
            {before.map((a) => (
              <li key={a.id}>
                <strong>{a.user.name}</strong>, {a.unit.name}: <ServedDays from={a.fromDate} firstDayWithout={a.toDate!} />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

/**
 * An earlier jobformidler's days. `toDate` is the first day without (the next one's first day),
 * so "til" it would read as one day too many: the last day is the day before. One ended on the
 * day it began (named by mistake and replaced at once) served no day.
 */
function ServedDays({ from, firstDayWithout }: { from: string; firstDayWithout: string }) {
  const lastDay = addDays(firstDayWithout, -1);
  if (lastDay < from) {
    return (
      <>
        registreret fra <Day date={from} />, ophørt samme dag
      </>
    );
  }
  return (
    <>
      fra <Day date={from} /> til og med <Day date={lastDay} />
    </>
  );
}
