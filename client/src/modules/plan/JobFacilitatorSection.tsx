import { useMutation, useQuery } from '@apollo/client/react';
import { addDays, todayInDenmark } from '@samplan/schema';
import { useId, useRef, useState, type FormEvent } from 'react';
import { formatDate } from '../../core/format';
import { anyConflictOf, changedMeanwhile } from '../../core/forms/conflict';
import { FormPanel } from '../../core/forms/FormPanel';
import { failureTitle, problemsFromServer, toldAtFields, without } from '../../core/forms/formErrors';
import { ErrorSummary, FormActions } from '../../core/forms/FormParts';
import { useRecordEditing } from '../../core/forms/recordEditing';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { PROGRAMME_ENDED_NOTICE, usePlanCannotSave } from './planOpen';

/**
 * Personlig jobformidler (LAB §113 a): in a ressourceforløb under the 2022 rules, the one person in
 * the jobcenter who helps the citizen towards a job. On the "Forløb" card: who it is, from which
 * day, those before; and for the coordinator and the jobcenter's caseworkers on the plan
 * (`mayRecordJobFacilitator`) a form to name or change the person from a day, and "Ingen personlig
 * jobformidler" to end it. The server keeps every assignment.
 *
 * Each change is held to the current assignment as the form read it when it opened
 * (`expectedCurrentId`), not as the page shows it at the moment of saving: a colleague's change
 * arriving live must not be replaced unseen. The server then answers CONFLICT with the current
 * one, the form says who it is now and keeps the choice, and a new save is held to that one.
 * A form open when it can no longer be saved (the forløb ended, the plan taken from the viewer,
 * the right to record it gone, the one to end ended meanwhile) stays with what was chosen,
 * says why, and offers only "Luk".
 */

export const JobFacilitatorFragment = graphql(`
  fragment JobFacilitatorSection_Programme on Programme {
    id
    status
    endDate
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

/** Said in a form still open when the viewer may no longer record the jobformidler (their unit left the team, the coordinatorship handed on). */
export const MAY_NO_LONGER_RECORD_NOTICE =
  'Du kan ikke længere registrere borgerens personlige jobformidler på planen, så det, du har valgt her, kan ikke gemmes. Det står stadig i felterne, før du lukker.';

/** Said in "Ingen personlig jobformidler" when the one it was to end has been ended meanwhile. */
export function endedMeanwhileNotice(name: string): string {
  return `${name} er ikke længere borgerens personlige jobformidler: det er registreret, mens du havde formularen åben. Der er derfor ikke noget at afslutte, og intet er gemt.`;
}

/** The current assignment a form holds its save to (`expectedCurrentId`). */
type Held = { id: string; userId: string; name: string } | null;

/** The current one a CONFLICT answers with (the stored assignment, named by `userName`), or null when there is none. */
function heldOf(current: Record<string, unknown> | null): Held {
  if (!current || typeof current.id !== 'string') return null;
  return { id: current.id, userId: String(current.userId ?? ''), name: typeof current.userName === 'string' ? current.userName : 'En anden medarbejder' };
}

/** What a form says after a CONFLICT: who holds it now, if anyone, and that nothing was saved. */
function conflictNotice(current: Record<string, unknown> | null, byMe: boolean): string {
  const now = heldOf(current);
  const who = now
    ? `Nu er det ${now.name}${typeof current?.fromDate === 'string' ? ` fra ${formatDate(current.fromDate)}` : ''}.`
    : 'Borgeren har nu ingen personlig jobformidler.';
  return `${changedMeanwhile('Borgerens personlige jobformidler', byMe)}, mens du havde formularen åben. ${who} Intet er gemt.`;
}

/** The day field's own check, as the server's: not ahead of today. */
function dayProblem(day: string): string | null {
  if (!day) return 'Vælg dagen.';
  if (day > todayInDenmark()) return 'Dagen kan ikke ligge frem i tiden.';
  return null;
}

/** "Vælg personlig jobformidler" / "Skift personlig jobformidler": a person of the jobcenter and the day from which. */
function AssignForm(props: { programmeId: string; current: Held; cannotSave: string | null; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  // Whether a conflicting save was the viewer's own, in another window.
  const editing = useRecordEditing(null, false);
  // The current one as read when the form opened; after a CONFLICT, as the server says it is now.
  const [held, setHeld] = useState<Held>(() => props.current);
  const [changed, setChanged] = useState<string | null>(null);
  // Staff invited or moved since the page opened are on the list: asked again each time the form opens.
  const candidates = useQuery(JobFacilitatorCandidatesQuery, { fetchPolicy: 'cache-and-network' });
  const [assign, { loading, error }] = useMutation(AssignJobFacilitatorMutation);
  const [userId, setUserId] = useState('');
  const [fromDate, setFromDate] = useState(todayInDenmark());
  const [problems, setProblems] = useState<Record<string, string>>({});
  const errorNotice = useRef<HTMLDivElement>(null);
  const people = (candidates.data?.colleagues ?? []).filter((u) => u.unit?.kind === 'EMPLOYMENT' && !u.unit.closedAt && u.id !== held?.userId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const p: Record<string, string> = {};
    if (!userId) p.userId = 'Vælg en medarbejder.';
    const day = dayProblem(fromDate);
    if (day) p.fromDate = day;
    setProblems(p);
    if (Object.keys(p).length) return;
    try {
      const result = await assign({ variables: { input: { programmeId: props.programmeId, userId, fromDate, expectedCurrentId: held?.id ?? null } } });
      const now = getFragmentData(JobFacilitatorFragment, result.data?.assignJobFacilitator);
      props.onDone(`${now?.jobFacilitatorHistory.find((a) => !a.toDate)?.user.name ?? 'Medarbejderen'} er borgerens personlige jobformidler fra ${formatDate(fromDate)}.`);
    } catch (e) {
      const conflict = anyConflictOf(e);
      if (conflict) {
        // Changed meanwhile: the choice stays, and a new save goes on top of the one now current.
        setHeld(heldOf(conflict.current));
        setChanged(`${conflictNotice(conflict.current, editing.isMe(conflict.current?.assignedById as string | undefined))} Tryk på »Gem« igen, hvis dit valg stadig skal gælde.`);
        setProblems({});
        return;
      }
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
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label={held ? 'Skift personlig jobformidler' : 'Vælg personlig jobformidler'}>
      <StatusNotice message={props.cannotSave ?? changed} />
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
      {/* Said at its fields and in the summary, a field's problem is not said a third time here. */}
      {error && !anyConflictOf(error) && !toldAtFields(error, ['userId', 'fromDate']) ? (
        <div ref={errorNotice} tabIndex={-1}>
          <ErrorNotice error={error} title={failureTitle(problems, 'Den personlige jobformidler blev ikke gemt')} />
        </div>
      ) : null}
      <FormActions loading={loading} submitLabel="Gem" busyLabel="Gemmer…" onCancel={props.onCancel} cannotSave={props.cannotSave} />
    </form>
  );
}

/** "Ingen personlig jobformidler" from a day: the current one ends, and stays among those before. */
function EndForm(props: { programmeId: string; current: Held; cannotSave: string | null; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const editing = useRecordEditing(null, false);
  const [end, { loading, error }] = useMutation(EndJobFacilitatorMutation);
  // The one to end as read when the form opened; after a CONFLICT, as the server says it is now (null: none).
  const [opened] = useState(() => props.current);
  const [held, setHeld] = useState<Held>(opened);
  const [changed, setChanged] = useState<string | null>(null);
  // Ended meanwhile (the page shows none now, or the server said so): nothing is left to end.
  const cannotSave = props.cannotSave ?? (!held || !props.current ? endedMeanwhileNotice(held?.name ?? opened?.name ?? 'Medarbejderen') : null);
  const [fromDate, setFromDate] = useState(todayInDenmark());
  const [problems, setProblems] = useState<Record<string, string>>({});
  const errorNotice = useRef<HTMLDivElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (cannotSave || !held) return;
    const day = dayProblem(fromDate);
    setProblems(day ? { fromDate: day } : {});
    if (day) return;
    try {
      await end({ variables: { input: { programmeId: props.programmeId, fromDate, expectedCurrentId: held.id } } });
      props.onDone(`Borgeren har ingen personlig jobformidler fra ${formatDate(fromDate)}.`);
    } catch (e) {
      const conflict = anyConflictOf(e);
      if (conflict) {
        // Another one now (a new save ends that one, the day kept), or none: then nothing is left to end.
        const now = heldOf(conflict.current);
        setHeld(now);
        setChanged(now ? `${conflictNotice(conflict.current, editing.isMe(conflict.current?.assignedById as string | undefined))} Tryk på »Gem« igen, hvis ${now.name} ikke skal være borgerens personlige jobformidler fra den dag, du har valgt.` : null);
        setProblems({});
        return;
      }
      const atFields = problemsFromServer(e, ['fromDate']);
      setProblems(atFields);
      if (Object.keys(atFields).length === 0) setTimeout(() => errorNotice.current?.focus(), 0);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Ingen personlig jobformidler">
      <StatusNotice message={cannotSave ?? changed} />
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} order={['fromDate']} />
      {held && !cannotSave ? <p className="hint">{held.name} er ikke længere borgerens personlige jobformidler fra den dag, du vælger.</p> : null}
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
      {error && !anyConflictOf(error) && !toldAtFields(error, ['fromDate']) ? (
        <div ref={errorNotice} tabIndex={-1}>
          <ErrorNotice error={error} title={failureTitle(problems, 'Ændringen blev ikke gemt')} />
        </div>
      ) : null}
      <FormActions loading={loading} submitLabel="Gem" busyLabel="Gemmer…" onCancel={props.onCancel} cannotSave={cannotSave} />
    </form>
  );
}

export function JobFacilitatorSection(props: { programme: FragmentType<typeof JobFacilitatorFragment> }) {
  const programme = getFragmentData(JobFacilitatorFragment, props.programme);
  const planCannotSave = usePlanCannotSave();
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const [message, setMessage] = useState<string | null>(null);
  // The current assignment is the open one of the history (the query reads each once).
  const current = programme.jobFacilitatorHistory.find((a) => !a.toDate) ?? null;
  const before = programme.jobFacilitatorHistory.filter((a) => a.toDate).reverse();
  // Shown where the right is, and wherever one was recorded.
  if (!programme.jobFacilitatorRight && programme.jobFacilitatorHistory.length === 0) return null;
  const ended = programme.status !== 'ACTIVE';
  // Why a form open can no longer be saved: then none is offered, and one open stays with what was chosen.
  const cannotSave = planCannotSave ?? (ended ? PROGRAMME_ENDED_NOTICE : programme.mayRecordJobFacilitator ? null : MAY_NO_LONGER_RECORD_NOTICE);
  const offered = !cannotSave;
  const held: Held = current ? { id: current.id, userId: current.user.id, name: current.user.name } : null;
  return (
    <section className="subsection" aria-labelledby={headingId} data-testid="job-facilitator">
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        Personlig jobformidler
      </h3>
      {current && ended ? (
        // Its row stays open after the end (the forløb's end ends it): not "current" any longer.
        <p data-testid="job-facilitator-current">
          <strong>{current.user.name}</strong>, {current.unit.name}, var borgerens personlige jobformidler, da forløbet sluttede <Day date={programme.endDate} /> (fra{' '}
          <Day date={current.fromDate} />
          ).
        </p>
      ) : current ? (
        <p data-testid="job-facilitator-current">
          <strong>{current.user.name}</strong>, {current.unit.name} – fra <Day date={current.fromDate} />
        </p>
      ) : ended ? (
        <p data-testid="job-facilitator-current">Borgeren havde ingen personlig jobformidler, da forløbet sluttede.</p>
      ) : (
        <p data-testid="job-facilitator-current">Ingen personlig jobformidler er registreret.</p>
      )}
      {current?.userLeft && !ended ? (
        // Min plan no longer names them to the citizen; the plan says why, so someone chooses the next.
        <p className="notice notice-warning" data-testid="job-facilitator-left">
          {current.user.name} har ikke længere adgang til Samplan og kan ikke følge borgeren her. Vælg en ny personlig jobformidler, eller registrér, at borgeren ikke har en.
        </p>
      ) : null}
      <p className="hint">Borgeren i ressourceforløb har ret til en personlig jobformidler i jobcenteret (LAB §113 a).</p>
      <StatusNotice message={message} />
      {/* Kept while a form is open, also when it is no longer offered: FormPanel shows the open one alone. */}
      <div className={offered ? 'actions' : undefined}>
        <FormPanel
          label={current ? 'Skift personlig jobformidler' : 'Vælg personlig jobformidler'}
          offered={offered}
          focusWithoutButton={heading}
          onDone={setMessage}
        >
          {(close, done) => <AssignForm programmeId={programme.id} current={held} cannotSave={cannotSave} onDone={done} onCancel={close} />}
        </FormPanel>
        <FormPanel label="Ingen personlig jobformidler" offered={offered && !!current} focusWithoutButton={heading} onDone={setMessage}>
          {(close, done) => <EndForm programmeId={programme.id} current={held} cannotSave={cannotSave} onDone={done} onCancel={close} />}
        </FormPanel>
      </div>
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
