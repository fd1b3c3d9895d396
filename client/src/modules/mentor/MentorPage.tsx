import { useMutation, useQuery } from '@apollo/client/react';
import { todayInDenmark } from '@samplan/schema';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formatDate, formatDateTime, formatMinutes, formatTime } from '../../core/format';
import { useFocusKeptWhenTaken } from '../../core/focus-kept';
import { useRenderAt } from '../../core/render-at';
import { useChangeNotice } from '../../core/forms/ChangeNotice';
import { hintOf } from '../../core/forms/fields';
import { FieldInput } from '../../core/forms/FieldInput';
import { ErrorSummary, WaitingForConnection } from '../../core/forms/FormParts';
import { problemsFromServer, toldAtFields, without, type Problems } from '../../core/forms/formErrors';
import { checkFields } from '../../core/forms/VersionedEditForm';
import { formSaved } from '../../core/unsaved-text';
import { ACTIVITY_STATUS_LABELS, AREA_LABELS, label, MEETING_MODE_LABELS } from '../../core/labels';
import { READ_ANEW, useEventStream, useRefreshOnReconnect } from '../../core/live';
import { ErrorNotice, FieldError, LiveBadge, Loading, LOG_TOGGLE_WORDS, StatusNotice, Tag, useNewestShownKeeping } from '../../core/ui';
import { graphql } from '../../gql';
import { nextSamtaleState } from '../meeting/nextSamtale';
import { HomeLink } from '../org/HomeLink';
import type { MentorEventsSubscription as MentorEvent, MentorPageQuery } from '../../gql/graphql';
import { grantEndedOnCard, mayMeanAccessEnded, MENTOR_GRANT_ENDED_NOTICE } from './grantEnded';
import { MentorLogEntry } from './MentorLogEntry';
import { MINUTES, OTHER_TIME, OTHER_TIME_HINT, otherMinutes } from './minutes';
import { NEXT_STEP_FIELD, NOTE_FIELD, OUTCOME_FIELD, taskDateProblem, taskTitleField } from './taskFields';

export const MentorCasesQuery = graphql(`
  query MentorPage {
    myMentorCases {
      employmentGoal
      citizen {
        name
        phone
        address
      }
      grant {
        id
        planId
        previousGrantId
        purpose
        goals
        focusAreas
        startDate
        endDate
      }
      subGoals {
        id
        area
        text
      }
      sharedActivities {
        id
        title
        dueAt
        status
        place
      }
      sharedMeetings {
        id
        heldAt
        mode
        nextMeetingAt
      }
      nextSamtale {
        status
        startsAt
        endsAt
        mode
      }
      mySamtaler {
        id
        startsAt
        endsAt
        mode
        place
        videoLink
        cancelled
      }
      tasks {
        id
        title
        grantId
        ...MentorLogEntry_Task
      }
    }
  }
`);

export const LogMentorTaskMutation = graphql(`
  mutation LogMentorTask($input: LogMentorTaskInput!) {
    logMentorTask(input: $input) {
      id
      ...MentorLogEntry_Task
    }
  }
`);

type MentorCase = MentorPageQuery['myMentorCases'][number];

/**
 * " – Per Hansen", heard but not seen, after the heading of a part of a citizen's card: a
 * mentor with two citizens has two of each ("Min log", "Delt med dig", …), and the parts named
 * by their headings are told apart by a screen reader's list of them.
 */
function ForCitizen({ name }: { name: string }) {
  return <span className="visually-hidden"> – {name}</span>;
}

/** The fields of "Log opgave" in the form's order: the error summary lists their problems so. */
const LOG_FIELDS = ['title', 'minutes', 'date', 'outcome', 'nextStep', 'note'] as const;

/** The optional texts under "Flere oplysninger": the form opens it to show a problem with one. */
const MORE_FIELDS = [OUTCOME_FIELD, NEXT_STEP_FIELD, NOTE_FIELD];

/**
 * "Log opgave": a typical entry takes at most three actions — write what you did, (pick
 * the time if not 30 minutes), press "Log opgave". The date is today (in Denmark, as the server
 * counts days) and follows it on a page left open past midnight, until the mentor picks a day;
 * after a task is logged it follows today again. The rest is optional.
 * `cannotSave`: the grant has ended while the page was open. What was typed stays, to copy,
 * and nothing is offered to send; with nothing typed the form goes.
 */
export function LogTaskForm(props: {
  grantId: string;
  grantStart?: string;
  /** Today in Denmark, as the page last saw the date turn (useReadAgainWhenTheDayTurns); read now when not given. */
  today?: string;
  /** The citizen's whole name: the form is named by it, as the page has a form for each citizen. */
  citizenName: string;
  suggestions: readonly string[];
  onLogged: (title: string) => void;
  cannotSave?: string | null;
  /** A refusal that may mean the grant has ended: the page reads the cases again. */
  onRefused?: () => void;
}) {
  const id = useId();
  const [log, { loading }] = useMutation(LogMentorTaskMutation, { refetchQueries: [MentorCasesQuery] });
  const [title, setTitle] = useState('');
  /** A choice of "Tid" (its minutes) or OTHER_TIME, with the minutes typed for it in `otherTime`. */
  const [time, setTime] = useState('30');
  const [otherTime, setOtherTime] = useState('');
  /** The day the mentor picked; null: today, whichever day that is now. */
  const [pickedDate, setPickedDate] = useState<string | null>(null);
  const today = props.today ?? todayInDenmark();
  const date = pickedDate ?? today;
  /** The optional texts under "Flere oplysninger", by their field's key. */
  const [more, setMore] = useState<Record<string, string>>({ outcome: '', nextStep: '', note: '' });
  const { outcome, nextStep, note } = more;
  const [moreOpen, setMoreOpen] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  // Asked by the citizen's first name, as the mentor calls them; each problem names the field so.
  const titleField = taskTitleField(`Hvad har du gjort med ${props.citizenName.split(' ')[0] || props.citizenName}?`);
  /** A refusal that is about no one field, shown under the form until the next try. */
  const [refusal, setRefusal] = useState<unknown>(null);
  const titleInput = useRef<HTMLInputElement>(null);

  /** Problems shown: an optional text's opens "Flere oplysninger", so its field is seen and the summary's link reaches it. */
  const show = (found: Problems) => {
    setProblems(found);
    if (MORE_FIELDS.some((f) => found[f.key])) setMoreOpen(true);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (props.cannotSave) return;
    // Every problem at once, each at its field and in the summary, which takes the focus.
    const found: Problems = checkFields([titleField, ...MORE_FIELDS], { title, ...more }, {});
    const typed = time === OTHER_TIME ? otherMinutes(otherTime) : { minutes: Number(time) };
    if ('problem' in typed) found.minutes = typed.problem;
    const dateProblem = taskDateProblem(date, props.grantStart, todayInDenmark());
    if (dateProblem) found.date = dateProblem;
    show(found);
    setRefusal(null);
    if ('problem' in typed || Object.keys(found).length) return;
    try {
      await log({
        variables: {
          input: { grantId: props.grantId, title: title.trim(), minutes: typed.minutes, date, outcome: outcome.trim(), note: note.trim(), nextStep: nextStep.trim() || null },
        },
      });
      props.onLogged(title.trim());
      // Logged, the form stays for the next task: nothing in it is unsaved now.
      formSaved(form);
      setTitle('');
      setMore({ outcome: '', nextStep: '', note: '' });
      // The next task is today's again, unless the mentor picks another day.
      setPickedDate(null);
      titleInput.current?.focus();
    } catch (e) {
      // Each field the server refused at that field and in the summary; below the form only what no field shows. A
      // refusal because the grant ended shows as that once the cases are read again.
      show(problemsFromServer(e, LOG_FIELDS));
      if (!toldAtFields(e, LOG_FIELDS)) setRefusal(e);
      if (mayMeanAccessEnded(e)) props.onRefused?.();
    }
  };

  if (props.cannotSave && ![title, outcome, nextStep, note].some((text) => text.trim())) return null;
  // A problem with the time sits at the control that holds it: the minutes typed, or the choice.
  const timeError = problems.minutes && time !== OTHER_TIME ? `${id}-minutes-error` : undefined;
  const otherTimeDescribedBy = [`${id}-other-hint`, problems.minutes && time === OTHER_TIME ? `${id}-other-error` : null].filter(Boolean).join(' ');
  const titleHint = hintOf(titleField);
  // The summary's links go to the control that holds each problem: the minutes typed, or the choice of "Tid".
  const fieldId = (key: string) => (key === 'minutes' && time === OTHER_TIME ? `${id}-other` : `${id}-${key}`);

  return (
    <form className="log-task" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      {/* Named by the citizen too: with two citizens the page has two of these forms, and a landmark's name tells them apart. */}
      <h3 id={`${id}-heading`}>
        Log opgave<ForCitizen name={props.citizenName} />
      </h3>
      <StatusNotice message={props.cannotSave} />
      <ErrorSummary problems={problems} fieldId={fieldId} order={LOG_FIELDS} />
      <div className="log-task-row">
        <div className="field">
          <label htmlFor={`${id}-title`}>{titleField.label}</label>
          {titleHint ? (
            <p className="hint" id={`${id}-title-hint`}>
              {titleHint}
            </p>
          ) : null}
          <input
            id={`${id}-title`}
            ref={titleInput}
            value={title}
            list={`${id}-suggestions`}
            autoComplete="off"
            onChange={(e) => {
              setTitle(e.target.value);
              setProblems((p) => without(p, 'title'));
            }}
            aria-invalid={problems.title ? true : undefined}
            aria-describedby={[titleHint ? `${id}-title-hint` : null, problems.title ? `${id}-title-error` : null].filter(Boolean).join(' ') || undefined}
          />
          <datalist id={`${id}-suggestions`}>
            {props.suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <FieldError id={`${id}-title-error`} message={problems.title} />
        </div>
        <div className="field field-narrow">
          <label htmlFor={`${id}-minutes`}>Tid</label>
          <select
            id={`${id}-minutes`}
            value={time}
            onChange={(e) => {
              setTime(e.target.value);
              setProblems((p) => without(p, 'minutes'));
            }}
            aria-invalid={timeError ? true : undefined}
            aria-describedby={timeError}
          >
            {MINUTES.map((m) => (
              <option key={m} value={String(m)}>
                {formatMinutes(m)}
              </option>
            ))}
            <option value={OTHER_TIME}>Anden tid …</option>
          </select>
          <FieldError id={`${id}-minutes-error`} message={timeError ? problems.minutes : null} />
          {/* A longer task (or an odd time): whole minutes, within the server's 24 hours (as when a task is corrected). Shown after the choice, so Tab reaches it next. */}
          {time === OTHER_TIME ? (
            <>
              <label htmlFor={`${id}-other`}>Antal minutter</label>
              <p className="hint" id={`${id}-other-hint`}>
                {OTHER_TIME_HINT}
              </p>
              <input
                id={`${id}-other`}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                value={otherTime}
                onChange={(e) => {
                  setOtherTime(e.target.value);
                  setProblems((p) => without(p, 'minutes'));
                }}
                aria-invalid={problems.minutes ? true : undefined}
                aria-describedby={otherTimeDescribedBy}
              />
              <FieldError id={`${id}-other-error`} message={problems.minutes} />
            </>
          ) : null}
        </div>
        <div className="field field-narrow">
          <label htmlFor={`${id}-date`}>Dato</label>
          {/* A task is logged on a day of the grant, not before it began (the server says the same). */}
          <input
            id={`${id}-date`}
            type="date"
            value={date}
            min={props.grantStart}
            max={today}
            onChange={(e) => {
              // Emptied: today again, and following it.
              setPickedDate(e.target.value || null);
              setProblems((p) => without(p, 'date'));
            }}
            aria-invalid={problems.date ? true : undefined}
            aria-describedby={problems.date ? `${id}-date-error` : undefined}
          />
          <FieldError id={`${id}-date-error`} message={problems.date} />
        </div>
      </div>
      <details className="more" open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
        <summary>Flere oplysninger (valgfrit)</summary>
        <div className="form-grid">
          {MORE_FIELDS.map((field) => (
            <FieldInput
              key={field.key}
              id={`${id}-${field.key}`}
              field={field}
              value={more[field.key]}
              error={problems[field.key]}
              onChange={(value) => {
                setMore((was) => ({ ...was, [field.key]: value }));
                setProblems((p) => without(p, field.key));
              }}
            />
          ))}
        </div>
      </details>
      {refusal && !props.cannotSave ? <ErrorNotice error={refusal} title="Opgaven blev ikke logget" /> : null}
      {props.cannotSave ? null : (
        <p className="actions">
          <button type="submit" className="button" disabled={loading}>
            {loading ? 'Logger…' : 'Log opgave'}
          </button>
        </p>
      )}
      {/* Logged offline, the task waits for the connection: say so, rather than "Logger…" alone. */}
      {props.cannotSave ? null : <WaitingForConnection saving={loading} />}
    </form>
  );
}

/**
 * "Et punkt er ikke længere delt med dig": what was shared with the mentor and is no longer in
 * the case as read again (the coordinator stopped sharing it, or the citizen withdrew the
 * consent it was shared under). Said without the item's title: it was taken back.
 * `stepsEnded`: the latest change heard of on the plan ended an intervention with steps shared
 * with the mentor (the server tells nothing else of that kind, mentor-events.ts): its planned
 * steps left the list, still shared, because they will not take place. That is said instead,
 * so the mentor does not take them for taken back, nor ask the coordinator to share them again.
 */
function useWithdrawnNotice(mentorCase: MentorCase, stepsEnded: boolean): string | null {
  const ids = [...mentorCase.sharedActivities.map((a) => a.id), ...mentorCase.sharedMeetings.map((m) => m.id)];
  const key = ids.join(',');
  const [seen, setSeen] = useState({ key, ids });
  const [notice, setNotice] = useState<string | null>(null);
  if (key !== seen.key) {
    const now = new Set(ids);
    const gone = seen.ids.filter((i) => !now.has(i)).length;
    setSeen({ key, ids });
    if (gone === 0) setNotice(null);
    else if (stepsEnded) setNotice(gone === 1 ? STEP_ENDED_NOTICE : `${gone} aktiviteter er ikke længere på din liste, fordi indsatsen er afsluttet.`);
    else setNotice(gone === 1 ? 'Et punkt er ikke længere delt med dig.' : `${gone} punkter er ikke længere delt med dig.`);
  }
  return notice;
}

export const STEP_ENDED_NOTICE = 'En aktivitet er ikke længere på din liste, fordi indsatsen er afsluttet.';

/**
 * The next samtale as the server gives it to the mentor (docs/domain.md, rule 2): the booked
 * time and form once the agreed samtale is booked or moved, "aflyst" when it was called off with
 * nothing booked instead, else the agreed time, marked "aftalt, ikke booket" as staff read it (a
 * time agreed at the last samtale, with no place or form yet). Only while it is ahead, also on a
 * page left open.
 */
export function nextSamtaleWords(next: MentorCase['nextSamtale'], now: number): string {
  const none = 'Ingen kommende samtale er delt med dig';
  if (!next || new Date(next.endsAt ?? next.startsAt).getTime() < now) return none;
  const when = formatDateTime(next.startsAt);
  if (next.status === 'CANCELLED') return `Samtalen ${when} er aflyst, og der er ikke booket en ny. Spørg koordinatoren om den nye tid.`;
  if (next.status === 'BOOKED' && next.mode) return `${when} (${label(MEETING_MODE_LABELS, next.mode).toLowerCase()})`;
  if (next.status === 'AGREED') return `${when} (${nextSamtaleState({ at: next.startsAt, booked: false, passed: false })})`;
  return when;
}

/**
 * Where a samtale the mentor takes part in is, after its form: the address for one in person,
 * the link to join a video samtale by (as the citizen gets it; the server takes https only),
 * nothing more for a phone call.
 */
function whereOf(m: MentorCase['mySamtaler'][number]): ReactNode {
  if (m.mode === 'IN_PERSON') return m.place ? ` · ${m.place}` : null;
  if (m.mode === 'VIDEO') {
    return m.videoLink ? (
      <>
        {' · '}
        <a href={m.videoLink}>Deltag via video</a>
      </>
    ) : (
      ' · link oplyses senere'
    );
  }
  return null;
}

/**
 * One citizen. `ended`: the grant has ended while the page was open (early, on its last day,
 * or with the programme). The card then says so and drops what was shared with the mentor,
 * but keeps what the mentor had typed in a form, to copy, until they close it with "Luk".
 *
 * The card is the citizen's plan's (MentorCases): when a renewal or another grant on the plan
 * takes over from the one it showed, it goes on with that grant, forms and all — "Log opgave"
 * keeps what was typed and logs under the running grant; an entry of the earlier grant being
 * corrected keeps its text with a word why it cannot be saved (MentorLogEntry).
 */
function MentorCaseCard({
  mentorCase,
  ended,
  stepsEnded,
  today,
  onRecheck,
  onClose,
}: {
  mentorCase: MentorCase;
  ended: boolean;
  /** The latest change heard of on the plan ended (or set going again) an intervention with steps shared with the mentor. */
  stepsEnded: boolean;
  today: string;
  onRecheck: () => void;
  onClose: () => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const cannotSave = ended ? MENTOR_GRANT_ENDED_NOTICE : null;
  // `count`: each logging is a new message, so the same title logged again is said again.
  const [logged, setLogged] = useState<{ title: string; count: number } | null>(null);
  const corrected = useChangeNotice();
  const { citizen, grant } = mentorCase;
  const withdrawn = useWithdrawnNotice(mentorCase, stepsEnded);
  // The grant ending takes its buttons ("Log opgave", "Redigér"): the focus on one goes to the card's heading.
  const article = useRef<HTMLElement>(null);
  useFocusKeptWhenTaken(article, ended, heading);
  // So does a renewal taking over the card ("Redigér" on the earlier grant's entries).
  const [firstGrantId] = useState(mentorCase.grant.id);
  useFocusKeptWhenTaken(article, mentorCase.grant.id !== firstGrantId, heading);
  // An entry being corrected stays in the list when a new task pushes it past the newest eight.
  const log = useNewestShownKeeping(mentorCase.tasks, (t) => t.id, LOG_SHOWN, LOG_TOGGLE_WORDS);
  const now = Date.now();
  const upcoming = mentorCase.sharedActivities.filter((a) => a.status === 'PLANNED' && new Date(a.dueAt).getTime() >= now - 86_400_000);
  const nextSamtale = nextSamtaleWords(mentorCase.nextSamtale, now);
  // Those still to end, and the next samtale till it has gone by, also on a page left open past one.
  useRenderAt([...mentorCase.mySamtaler.map((m) => m.endsAt), mentorCase.nextSamtale ? (mentorCase.nextSamtale.endsAt ?? mentorCase.nextSamtale.startsAt) : null]);
  const mySamtaler = mentorCase.mySamtaler.filter((m) => new Date(m.endsAt).getTime() > now);
  const suggestions = [...new Set([...mentorCase.tasks.map((t) => t.title), ...grant.focusAreas])].slice(0, 10);

  return (
    <article ref={article} className="card mentor-case" aria-labelledby={`${id}-name`} data-testid="mentor-case">
      <h2 id={`${id}-name`} ref={heading} tabIndex={-1}>
        {citizen.name}
      </h2>
      {ended ? (
        <StatusNotice message={grantEndedOnCard(citizen.name)} />
      ) : (
        <p className="hint">{[citizen.phone ? `Telefon ${citizen.phone}` : null, citizen.address].filter(Boolean).join(' · ')}</p>
      )}
      {/* In the same place whether ended or not: a form moved elsewhere would lose what was typed in it. */}
      <LogTaskForm
        grantId={grant.id}
        grantStart={grant.startDate}
        today={today}
        citizenName={citizen.name}
        suggestions={suggestions}
        onLogged={(title) => {
          // The newest word on the card is the one that stands: a correction's message gives way.
          corrected.clear();
          setLogged((l) => ({ title, count: (l?.count ?? 0) + 1 }));
        }}
        cannotSave={cannotSave}
        onRefused={onRecheck}
      />
      <p className="visually-hidden" role="status" aria-live="polite">
        {/* A new element for each logging: a screen reader reads out what is added to the region, also when it reads as before. */}
        {logged && !ended ? <span key={logged.count}>Opgaven »{logged.title}« er logget.</span> : null}
      </p>
      {logged && !ended ? (
        <p className="notice notice-info" aria-hidden="true">
          Opgaven »{logged.title}« er logget.
        </p>
      ) : null}

      <div className="mentor-grid">
        {ended ? null : (
          <section aria-labelledby={`${id}-grant`}>
            <h3 id={`${id}-grant`}>
              Mentorstøtten<ForCitizen name={citizen.name} />
            </h3>
            <p>{grant.purpose}</p>
            <p className="hint">
              {formatDate(grant.startDate)} – {formatDate(grant.endDate)}
            </p>
            {grant.goals.length ? (
              <>
                <h4>Mål, vigtigste først</h4>
                <ol>
                  {grant.goals.map((g) => (
                    <li key={g}>{g}</li>
                  ))}
                </ol>
              </>
            ) : null}
            {grant.focusAreas.length ? <p>Fokus: {grant.focusAreas.join(', ')}</p> : null}
            <p className="hint">Borgerens mål: {mentorCase.employmentGoal}</p>
            {mentorCase.subGoals.length ? (
              <ul className="plain-list">
                {mentorCase.subGoals.map((g) => (
                  <li key={g.id}>
                    {AREA_LABELS[g.area]}: {g.text}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        )}

        {ended ? null : (
          <section aria-labelledby={`${id}-shared`}>
            <h3 id={`${id}-shared`}>
              Delt med dig<ForCitizen name={citizen.name} />
            </h3>
            <StatusNotice message={withdrawn} />
            <p>
              <span className="label-inline">Næste opfølgningssamtale:</span> {nextSamtale}
            </p>
            {upcoming.length ? (
              <ul className="plain-list">
                {upcoming.map((a) => (
                  <li key={a.id}>
                    {formatDateTime(a.dueAt)}: {a.title} ({label(ACTIVITY_STATUS_LABELS, a.status)}){a.place ? ` · Sted: ${a.place}` : ''}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="hint">Ingen kommende aktiviteter er delt med dig.</p>
            )}
            {mentorCase.sharedMeetings.length ? (
              <details className="more">
                <summary>Afholdte samtaler ({mentorCase.sharedMeetings.length})</summary>
                <ul className="plain-list">
                  {mentorCase.sharedMeetings.map((m) => (
                    <li key={m.id}>
                      {formatDateTime(m.heldAt)} · {label(MEETING_MODE_LABELS, m.mode)}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            {mySamtaler.length ? (
              <>
                <h4 id={`${id}-samtaler`}>Samtaler, du deltager i</h4>
                <ul className="plain-list" aria-labelledby={`${id}-samtaler`} data-testid="mentor-samtaler">
                  {mySamtaler.map((m) => (
                    <li key={m.id}>
                      <time dateTime={m.startsAt}>{formatDateTime(m.startsAt)}</time>–<time dateTime={m.endsAt}>{formatTime(m.endsAt).replace(/^kl\. /, '')}</time>
                      {' · '}
                      {label(MEETING_MODE_LABELS, m.mode)}
                      {whereOf(m)}
                      {m.cancelled ? <Tag>Aflyst</Tag> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        )}

        <section aria-labelledby={ended ? undefined : `${id}-log`}>
          {ended ? null : (
            <h3 id={`${id}-log`}>
              Min log<ForCitizen name={citizen.name} />
            </h3>
          )}
          {ended ? null : corrected.element}
          {mentorCase.tasks.length ? (
            <>
              <ul className="plain-list" data-testid="mentor-log">
                {log.visible.map((t) => (
                  <MentorLogEntry
                    key={t.id}
                    task={t}
                    fromEarlierGrant={t.grantId !== grant.id}
                    grantStart={grant.startDate}
                    today={today}
                    onOpen={log.keep}
                    onSaved={(message) => {
                      setLogged(null);
                      corrected.show(message);
                    }}
                    cannotSave={cannotSave}
                    onRefused={onRecheck}
                    focusWithoutButton={heading}
                  />
                ))}
              </ul>
              {ended ? null : log.toggle}
            </>
          ) : ended ? null : (
            <p className="hint">Du har ikke logget noget endnu.</p>
          )}
        </section>
      </div>
      {ended ? (
        <p className="actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Luk<span className="visually-hidden"> {citizen.name}</span>
          </button>
        </p>
      ) : null}
    </article>
  );
}

/**
 * The newest entries of "Min log" shown at first; the whole log on request: the running grant's
 * entries (each can still be corrected) and those of the mentor's earlier grants for the citizen
 * (read only).
 */
const LOG_SHOWN = 8;

/** Mentor: my citizens (one per active grant), what is shared with me, and "Log opgave". */
export function MentorPage({ isMentor }: { isMentor: boolean }) {
  useEffect(() => {
    document.title = 'Mine borgere – Mentor – Samplan';
  }, []);

  if (!isMentor) {
    return (
      <>
        <h1 tabIndex={-1}>Mentor</h1>
        <section className="card" aria-labelledby="mentor-info">
          <h2 id="mentor-info">Mentorens side</h2>
          <p>
            Her ser mentoren sine borgere, de aktiviteter og møder, koordinatoren har delt, og logger sine opgaver. Som koordinerende sagsbehandler
            bevilger du mentorstøtte og ser mentorens log på borgerens plan.
          </p>
          <p>
            <HomeLink />
          </p>
        </section>
      </>
    );
  }
  return <MentorCases />;
}

/**
 * Only the fact of a change, and its kind: the mentor's feed carries the records cut to the
 * mentor's view, and the page reads its cases again rather than write them into the cache one
 * by one. The kind says why items leave a card at that reading (useWithdrawnNotice).
 */
export const MentorEventsSubscription = graphql(`
  subscription MentorEvents($afterSeq: String) {
    caseloadEvents(afterSeq: $afterSeq) {
      seq
      planId
      ... on PlanEvent {
        kind
      }
    }
  }
`);

/** The one kind of change that takes shared steps from the mentor's list without taking them back: their intervention ended. */
const STEPS_ENDED_KIND = 'INTERVENTION_STATUS_CHANGED';

/**
 * Follows the mentor's cases live: an item shared, a grant ended early, an intervention with
 * shared steps ended or a task logged from another screen reads the cases again; so does coming
 * back after a dropped connection, and the Danish date turning. Today's date in Denmark, as
 * last seen, and the plans whose latest change heard of was an intervention's end (or its
 * taking up again).
 */
function useLiveCases(refetch: () => Promise<unknown>): { today: string; stepsEndedOn: ReadonlySet<string> } {
  const refresh = useCallback(() => void refetch().catch(() => undefined), [refetch]);
  const [stepsEndedOn, setStepsEndedOn] = useState<ReadonlySet<string>>(() => new Set());
  // Noted before the reading it starts, so the card knows why items left when the answer comes.
  const onEvent = useCallback(
    (event: MentorEvent['caseloadEvents']) => {
      const ended = 'kind' in event && event.kind === STEPS_ENDED_KIND;
      setStepsEndedOn((was) => {
        if (ended === was.has(event.planId)) return was;
        const next = new Set(was);
        if (ended) next.add(event.planId);
        else next.delete(event.planId);
        return next;
      });
      refresh();
    },
    [refresh],
  );
  useEventStream({ document: MentorEventsSubscription, variables: {}, key: 'mentor', pick: (data) => data.caseloadEvents, onEvent, catchUp: refresh });
  useRefreshOnReconnect(refresh);
  return { today: useReadAgainWhenTheDayTurns(refresh), stepsEndedOn };
}

/** How often the page looks at the Danish date (a comparison in memory, nothing sent). */
const DAY_CHECK_MS = 60_000;

/**
 * A grant runs through its last day, and nothing is written when that day is over: no event
 * comes. So the cases are read again when the Danish date turns, and a grant whose last day
 * has passed shows as ended within a minute of midnight, not only at the next save. The page
 * renders again with the new date too ("Log opgave" follows today), whatever the read brings.
 */
function useReadAgainWhenTheDayTurns(refresh: () => void): string {
  const latest = useRef(refresh);
  latest.current = refresh;
  const [today, setToday] = useState(todayInDenmark);
  useEffect(() => {
    let day = todayInDenmark();
    setToday(day);
    const timer = setInterval(() => {
      const now = todayInDenmark();
      if (now === day) return;
      day = now;
      setToday(now);
      latest.current();
    }, DAY_CHECK_MS);
    return () => clearInterval(timer);
  }, []);
  return today;
}

/**
 * Whether `live` carries on the mentor support of `gone` for the same citizen: a grant on the
 * same plan (a renewal, linked to the one it continues or not, or a grant taking over), or the
 * renewal linked to it. A mentor holds one grant at a time with a citizen (docs/domain.md, rule 6).
 */
function continues(live: MentorCase, gone: MentorCase): boolean {
  return live.grant.planId === gone.grant.planId || live.grant.previousGrantId === gone.grant.id;
}

/**
 * The cases on the page: those the server gives now, and those it gave before and no longer
 * does (the grant ended, early, on its last day or with the programme) until the mentor closes
 * them, so a form open on such a case is not taken from under the mentor with what they typed.
 * A case whose grant left while a grant on the same plan is given (a renewal from the day after,
 * or a takeover) has not ended: the support goes on, and its card goes on as that grant's
 * (`keyOf`), so nothing is said to have ended and nothing typed is lost. So does the card of a
 * grant that ended before, once a new grant on its plan begins.
 * In the server's order (by the grant's start); a card keeps its state as it ends or goes on.
 */
function useCasesKeptWhenEnded(cases: readonly MentorCase[] | undefined) {
  const [ended, setEnded] = useState<readonly MentorCase[]>([]);
  const [closed, setClosed] = useState<ReadonlySet<string>>(() => new Set());
  const [seen, setSeen] = useState(cases);
  if (cases && cases !== seen) {
    setSeen(cases);
    const live = new Set(cases.map((c) => c.grant.id));
    const gone = (seen ?? []).filter((c) => !live.has(c.grant.id));
    const goneOn = (c: MentorCase) => live.has(c.grant.id) || cases.some((l) => continues(l, c));
    setEnded((was) => [...was, ...gone.filter((c) => !was.some((w) => w.grant.id === c.grant.id))].filter((c) => !goneOn(c)));
  }
  // Closed, an ended card stays away (a later grant on its plan is shown as any running one is).
  const shown = [...(cases ?? []), ...ended.filter((c) => !closed.has(c.grant.id))].sort((a, b) => a.grant.startDate.localeCompare(b.grant.startDate));
  // One card per plan: a card that goes on with another grant keeps its state (forms, what was typed).
  const keys = new Map<MentorCase, string>();
  for (const c of shown) {
    const byPlan = `plan-${c.grant.planId}`;
    keys.set(c, [...keys.values()].includes(byPlan) ? `grant-${c.grant.id}` : byPlan);
  }
  return {
    shown,
    keyOf: (c: MentorCase) => keys.get(c) ?? `grant-${c.grant.id}`,
    // A grant whose last day passed while the page was open is learnt of when a save is refused (onRecheck).
    isEnded: (c: MentorCase) => ended.includes(c),
    close: (grantId: string) => setClosed((was) => new Set(was).add(grantId)),
  };
}

function MentorCases() {
  const { data, loading, error, refetch } = useQuery(MentorCasesQuery, READ_ANEW);
  const { today, stepsEndedOn } = useLiveCases(refetch);
  const cases = data?.myMentorCases ?? [];
  const kept = useCasesKeptWhenEnded(data?.myMentorCases);
  const recheck = useCallback(() => void refetch().catch(() => undefined), [refetch]);
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <>
      <header className="page-header">
        <p className="eyebrow">Mentor</p>
        <h1 ref={heading} tabIndex={-1}>
          Mine borgere
        </h1>
        <p className="page-header-meta">
          Du ser kun det, din opgave kræver. <LiveBadge />
        </p>
      </header>
      {loading && !data ? <Loading label="Henter dine borgere…" /> : null}
      {error ? (
        <ErrorNotice
          error={error}
          title="Dine borgere kunne ikke vises"
          onRetry={() => void refetch()}
        />
      ) : null}
      {data && cases.length === 0 ? <p>Du har ingen aktive mentorbevillinger.</p> : null}
      {kept.shown.map((c) => (
        <MentorCaseCard
          key={kept.keyOf(c)}
          mentorCase={c}
          ended={kept.isEnded(c)}
          stepsEnded={stepsEndedOn.has(c.grant.planId)}
          today={today}
          onRecheck={recheck}
          onClose={() => {
            kept.close(c.grant.id);
            // The card goes with its button: focus to the page's heading, not lost to the top.
            heading.current?.focus();
          }}
        />
      ))}
    </>
  );
}
