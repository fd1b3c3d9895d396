import { charCount, danishWallTimeProblem, firstSamtaleDay, FOLLOW_UP_PARTICIPANTS_MAX, TEXT_LIMITS, tooLongMessage } from '@samplan/schema';
import { useMutation } from '@apollo/client/react';
import { useId, useRef, useState, type FormEvent } from 'react';
import { failureTitle, problemsFromServer, toldAtFields } from '../../core/forms/formErrors';
import { formatDateTime, fromLocalInput, toLocalInput } from '../../core/format';
import { hintOf, problemOf, type EditField } from '../../core/forms/fields';
import { FormPanel } from '../../core/forms/FormPanel';
import { ErrorSummary, FormActions } from '../../core/forms/FormParts';
import { label, MEETING_MODE_LABELS, MEETING_MODES } from '../../core/labels';
import { ErrorNotice, FieldError, StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { MeetingMode, ProgrammeType } from '../../gql/graphql';
import { ChangedFlag, useHighlight } from '../live/PlanLive';
import { nextSamtale, nextSamtaleState } from '../meeting/nextSamtale';
import { ShareWithMentor } from '../meeting/ShareWithMentor';
import { useViewer } from '../org/viewer';
import { usePlanCannotSave, usePlanOpen } from './planOpen';
import { ruleSource } from './programmeSources';

/**
 * Opfølgningssamtaler: the meetings held, and the next one, which is always booked before
 * a meeting ends (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5). The coordinator
 * records a meeting.
 */

export const FollowUpsFragment = graphql(`
  fragment FollowUpsSection_Plan on Plan {
    id
    myStanding
    programme {
      id
      type
      status
      decisionDate
      startDate
    }
    nextFollowUpAt
    nextFollowUpBooked
    nextBookedMeeting {
      id
      startsAt
    }
    bookedAwaitingAttendanceAt
    followUps {
      ...FollowUpItem_FollowUpMeeting
    }
  }
`);

/** A held samtale as the list shows it; a live event writes the same fields (modules/live). */
export const FollowUpItemFragment = graphql(`
  fragment FollowUpItem_FollowUpMeeting on FollowUpMeeting {
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

/** The form's fields, by the names the server gives them in a refusal. */
const FOLLOW_UP_FIELDS = ['heldAt', 'participants', 'summary', 'nextMeetingAt'];

/** The summary, with the limit the server holds it to (RecordFollowUpInput). */
const SUMMARY_FIELD: EditField = { key: 'summary', label: 'Resumé', input: 'textarea', maxChars: TEXT_LIMITS.long };

const PARTICIPANTS_HINT = `Adskil med komma. Højst ${FOLLOW_UP_PARTICIPANTS_MAX} deltagere og højst ${TEXT_LIMITS.title} tegn pr. navn.`;

/** The names typed, as they are sent: split at the commas, trimmed, none empty. */
const participantNames = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/**
 * Too many names, in the server's words, or a name over its limit, named by its place in the list
 * and with what was typed counted, as the other forms say it; null when the list may be sent.
 */
function participantsProblem(names: readonly string[]): string | null {
  if (names.length > FOLLOW_UP_PARTICIPANTS_MAX) return `Højst ${FOLLOW_UP_PARTICIPANTS_MAX} deltagere.`;
  const over = names.findIndex((n) => charCount(n) > TEXT_LIMITS.title);
  if (over < 0) return null;
  return tooLongMessage(`Deltager ${over + 1}`, TEXT_LIMITS.title, names[over]);
}

/**
 * The booked samtale's time as "Næste samtale" takes it (a Danish clock's time), when it begins
 * after the samtale registered as held at `heldAt` (now, while that field cannot be read); else ''.
 */
function bookedAfterHeld(bookedAt: string | null | undefined, heldAt: string): string {
  if (!bookedAt) return '';
  const held = fromLocalInput(heldAt);
  const after = held ? new Date(held).getTime() : Date.now();
  return new Date(bookedAt).getTime() > after ? toLocalInput(bookedAt) : '';
}

function FollowUpForm(props: {
  planId: string;
  /** The forløb's decision date and first day: a samtale is not held before it came to be. */
  programme: { decisionDate: string; startDate: string; type?: ProgrammeType };
  /** Why the form can no longer be saved (the programme has ended): what was typed stays, and "Luk" closes it. */
  cannotSave?: string | null;
  /** A booked samtale begun and not registered (under Samtaler): held, it is registered there. */
  bookedAt?: string | null;
  /** The next samtale booked (under Samtaler), not yet over: agreed already, so "Næste samtale" starts from it. */
  nextBookedAt?: string | null;
  /** A mentor grant runs today: only then is "Del med mentor" offered. */
  mentorCanReceive: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const id = useId();
  const [record, { loading, error }] = useMutation(RecordFollowUpMutation);
  const [heldAt, setHeldAt] = useState(() => toLocalInput(new Date().toISOString()));
  const [mode, setMode] = useState<MeetingMode>('IN_PERSON');
  // The citizen and the one registering: only the coordinator registers a held samtale, so it
  // is them, by name, as a held samtale lists its participants. Until typed in, the list follows
  // the signed-in user, who may be read after the form opened.
  const viewer = useViewer();
  const [typedParticipants, setParticipants] = useState<string | null>(null);
  const participants = typedParticipants ?? (viewer?.name ? `Borgeren, ${viewer.name}` : 'Borgeren');
  const [summary, setSummary] = useState('');
  // What the user typed in "Næste samtale"; until then the field holds the samtale booked after
  // the one registered (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5: agreed before this
  // one ends), so the user only confirms it. One begun by then is the one registered, or held
  // before it: not the next.
  const [typedNext, setNext] = useState<string | null>(null);
  const booked = bookedAfterHeld(props.nextBookedAt, heldAt);
  const next = typedNext ?? booked;
  const [shared, setShared] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  // The first day a samtale of this forløb can have been held, and why one before it cannot, in the server's words (@samplan/schema).
  const first = firstSamtaleDay(props.programme);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const p: Record<string, string> = {};
    // A time that does not exist (summer time begins) or comes twice (it ends) is said as such.
    const heldProblem = danishWallTimeProblem(heldAt);
    if (heldProblem || !fromLocalInput(heldAt)) p.heldAt = heldProblem ?? 'Skriv hvornår samtalen blev holdt.';
    // The field holds a Danish clock's time, so its first ten characters are the Danish day.
    else if (heldAt.slice(0, 10) < first.day) p.heldAt = first.message;
    const names = participantNames(participants);
    const namesProblem = participantsProblem(names);
    if (namesProblem) p.participants = namesProblem;
    // Counted as it is sent and stored: trimmed.
    const summaryOver = problemOf(SUMMARY_FIELD, summary.trim());
    if (!summary.trim()) p.summary = 'Skriv et kort resumé.';
    else if (summaryOver) p.summary = summaryOver;
    const nextProblem = danishWallTimeProblem(next);
    if (nextProblem || !fromLocalInput(next)) p.nextMeetingAt = nextProblem ?? `Aftal næste samtale, før denne slutter (${ruleSource(props.programme.type, '5.5')}).`;
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
            participants: names,
            summary: summary.trim(),
            nextMeetingAt: fromLocalInput(next),
            sharedWithMentor: shared && props.mentorCanReceive,
          },
        },
      });
      props.onDone(`Samtalen er registreret. Næste samtale: ${formatDateTime(fromLocalInput(next))}.`);
    } catch (e) {
      // The server's refusal by the fields it is about, in the error summary, which takes the
      // focus; any other is shown under the form.
      setProblems(problemsFromServer(e, FOLLOW_UP_FIELDS));
    }
  };

  const err = (key: string) => problems[key];
  const described = (key: string, hint?: boolean) => [hint ? `${id}-${key}-hint` : null, err(key) ? `${id}-${key}-error` : null].filter(Boolean).join(' ') || undefined;
  const errorText = (key: string) => <FieldError id={`${id}-${key}-error`} message={err(key)} />;

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <StatusNotice message={props.cannotSave} />
      {props.bookedAt ? (
        // Registered here as well, a booked samtale would stay "ikke registreret" under Samtaler and be counted twice once it is.
        <p className="notice notice-info" data-testid="booked-samtale-hint">
          Samtalen <time dateTime={props.bookedAt}>{formatDateTime(props.bookedAt)}</time> er booket. Er det den, du registrerer, så brug »Registrér fremmøde« ved
          samtalen under Samtaler i stedet: så afsluttes bookingen, og samtalen tælles én gang.
        </p>
      ) : null}
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-heldAt`}>Afholdt</label>
          <input id={`${id}-heldAt`} type="datetime-local" min={`${first.day}T00:00`} value={heldAt} onChange={(e) => setHeldAt(e.target.value)} aria-invalid={err('heldAt') ? true : undefined} aria-describedby={described('heldAt')} />
          {errorText('heldAt')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-mode`}>Form</label>
          <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as MeetingMode)} aria-describedby={`${id}-mode-hint`}>
            {MEETING_MODES.map((m) => (
              <option key={m} value={m}>
                {MEETING_MODE_LABELS[m]}
              </option>
            ))}
          </select>
          <p className="hint" id={`${id}-mode-hint`}>
            Samtaler over telefon og video tæller som samtaler på lige fod med fremmøde (lov nr. 295 af 20. marts 2023).
          </p>
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-participants`}>Deltagere</label>
          <p className="hint" id={`${id}-participants-hint`}>
            {PARTICIPANTS_HINT}
          </p>
          <input id={`${id}-participants`} value={participants} onChange={(e) => setParticipants(e.target.value)} aria-invalid={err('participants') ? true : undefined} aria-describedby={described('participants', true)} />
          {errorText('participants')}
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-summary`}>Resumé</label>
          <p className="hint" id={`${id}-summary-hint`}>
            {hintOf(SUMMARY_FIELD)}
          </p>
          <textarea id={`${id}-summary`} className="plain-textarea" rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} aria-invalid={err('summary') ? true : undefined} aria-describedby={described('summary', true)} />
          {errorText('summary')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-nextMeetingAt`}>Næste samtale</label>
          {booked && next === booked ? (
            <p className="hint" id={`${id}-nextMeetingAt-hint`}>
              Udfyldt med den bookede samtale. Er en anden tid aftalt, så ret den her.
            </p>
          ) : null}
          <input
            id={`${id}-nextMeetingAt`}
            type="datetime-local"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            aria-invalid={err('nextMeetingAt') ? true : undefined}
            aria-describedby={described('nextMeetingAt', !!booked && next === booked)}
          />
          {errorText('nextMeetingAt')}
        </div>
      </div>
      {props.mentorCanReceive ? <ShareWithMentor id={id} shared={shared} onChange={setShared} /> : null}
      {/* Said at its fields and in the summary, a field's problem is not said a third time here. */}
      {error && !toldAtFields(error, FOLLOW_UP_FIELDS) ? <ErrorNotice error={error} title={failureTitle(problems, 'Samtalen blev ikke registreret')} /> : null}
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Registrér samtale" onCancel={props.onClose} cannotSave={props.cannotSave} />
    </form>
  );
}

export function FollowUpsSection(props: {
  plan: FragmentType<typeof FollowUpsFragment>;
  /** A mentor grant runs today (mentorGrants.ts): a samtale may be shared with the mentor. */
  mentorCanReceive?: boolean;
  onChanged: () => void;
}) {
  const plan = getFragmentData(FollowUpsFragment, props.plan);
  const highlight = useHighlight('section:followUps');
  const open = usePlanOpen();
  const cannotSave = usePlanCannotSave();
  // A form left open when the programme ends has lost its button: closing it gives the focus to the heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const followUps = getFragmentData(FollowUpItemFragment, plan.followUps);
  const meetings = [...followUps].reverse();
  // An ended forløb has no next samtale: one agreed at its last samtale and never held is not pending.
  const ended = plan.programme.status === 'ENDED';
  const next = ended ? null : nextSamtale(plan);
  return (
    <section className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="followups-heading" data-testid="followups-section">
      <h2 id="followups-heading" ref={heading} tabIndex={-1}>
        Opfølgningssamtaler
      </h2>
      <ChangedFlag highlight={highlight} />
      <p className="next-meeting">
        <span className="label-inline">Næste samtale:</span>{' '}
        {next ? (
          <>
            <time dateTime={next.at}>{formatDateTime(next.at)}</time> {next.booked ? '(booket)' : <strong>({nextSamtaleState(next)})</strong>}
          </>
        ) : ended ? (
          'Ingen – forløbet er afsluttet'
        ) : (
          <strong>Ikke aftalt</strong>
        )}
      </p>
      <StatusNotice message={message} />
      {/* After the end the button goes; a form left open stays with what was typed, and cannot be saved. */}
      {plan.myStanding === 'COORDINATOR' ? (
        <FormPanel
          label="Registrér opfølgningssamtale"
          offered={open}
          focusWithoutButton={heading}
          onDone={(m) => {
            setMessage(m);
            props.onChanged();
          }}
        >
          {(close, done) => <FollowUpForm planId={plan.id} programme={plan.programme} cannotSave={cannotSave} bookedAt={plan.bookedAwaitingAttendanceAt ?? null} nextBookedAt={next?.booked ? next.at : null} mentorCanReceive={!!props.mentorCanReceive} onClose={close} onDone={done} />}
        </FormPanel>
      ) : null}
      <p className="hint">{followUps.length === 1 ? '1 samtale afholdt.' : `${followUps.length} samtaler afholdt.`}</p>
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
                <span className="pre-line">{m.summary}</span>
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
