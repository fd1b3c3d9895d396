import { charCount } from '@samplan/schema';
import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent, type JSX } from 'react';
import { FieldGrid } from '../../../core/forms/FieldInput';
import { ConfirmQuestion } from '../../../core/forms/FormParts';
import { conflictOf } from '../../../core/forms/conflict';
import type { EditField } from '../../../core/forms/fields';
import { problemsFromServer, without, type Problems } from '../../../core/forms/formErrors';
import { formatDateTime } from '../../../core/format';
import { label, MEETING_MODE_LABELS, MEETING_MODES } from '../../../core/labels';
import { READ_ANEW } from '../../../core/live';
import { formSaved } from '../../../core/unsaved-text';
import { ErrorNotice, Loading, StatusNotice, useNewestShownKeeping } from '../../../core/ui';
import type { MeetingMode } from '../../../gql/graphql';
import '../../description/citizen-words.css';
import { OWN_WORDS_ENDED_NOTICE, refusedAsEnded, type ReportUnsaved, type UnsavedWords } from './keptWords';
import {
  MarkMyPlanSeenMutation, MyOwnWordsQuery, RequestMeetingMutation, WriteMyDescriptionSectionMutation, WriteMyMeetingCommentMutation,
} from './citizenWords.documents';

/** The limits the server checks (modules/citizen-words), told before the citizen writes. */
const SECTION_MAX = 4_000;
const COMMENT_MAX = 2_000;
const REQUEST_MAX = 1_000;
const WISHED_TIME_MAX = 200;

const REFETCH = { refetchQueries: [MyOwnWordsQuery], awaitRefetchQueries: true };

type Values = Record<string, string>;

/**
 * Required and not too long, in Danish, per field. Counted without the spaces at either end,
 * which the form leaves out when it sends (the server counts what it is sent).
 */
function check(fields: readonly (EditField & { max?: number; requiredMessage?: string })[], values: Values): Problems {
  const problems: Problems = {};
  for (const f of fields) {
    const text = (values[f.key] ?? '').trim();
    if (f.required && !text) problems[f.key] = f.requiredMessage ?? `Udfyld ${f.label.toLowerCase()}.`;
    else if (f.max && charCount(text) > f.max) problems[f.key] = `Højst ${f.max.toLocaleString('da-DK')} tegn (du har skrevet ${charCount(text).toLocaleString('da-DK')}).`;
  }
  return problems;
}

/**
 * What of the form the citizen has written and not saved: each field typed in that differs
 * from the saved text, a choice by its option's label; nothing when no text is (a choice alone).
 */
function unsavedOf(title: string, fields: readonly EditField[], values: Values, saved: Values): UnsavedWords | null {
  const written = fields.filter((f) => (values[f.key] ?? '').trim() && (values[f.key] ?? '') !== (saved[f.key] ?? ''));
  if (!written.some((f) => f.input !== 'select')) return null;
  return {
    title,
    fields: written.map((f) => ({ label: f.label, text: f.options?.find((o) => o.value === values[f.key])?.label ?? values[f.key] })),
  };
}

/** What a save announces, and the version it saved (for a text the citizen goes on editing). */
interface Saved {
  message: string;
  version?: number;
}

/**
 * One small form of the citizen's: its fields under the error summary (core/forms), checked
 * in the browser and by the server, whose refusal shows at its field. A text is saved on the
 * version the citizen's draft started from, not the newest one read: the own words are read
 * again on every live event and every save, and a save on the newest version would overwrite
 * a text someone else saved meanwhile, unseen. So such a save is refused (CONFLICT) and shows
 * the saved text, with the citizen's own still in the field; a second "Gem" saves theirs on
 * top of it.
 */
function WordsForm(props: {
  fields: ReadonlyArray<EditField & { max?: number; requiredMessage?: string }>;
  initial: Values;
  /** The version of the saved text in `initial`, as last read (a live update moves it on). None for a form that writes something new. */
  version?: number;
  submitLabel: string;
  testId: string;
  /**
   * Saves on `expectedVersion` (the version the draft started from, or after a conflict the
   * one saved since); `baseVersion` is given after a conflict: the version the draft started from.
   */
  save: (values: Values, expectedVersion: number, baseVersion?: number) => Promise<Saved>;
  /** Empty the fields after a save (a new request), rather than keep what was saved (a text the citizen edits). */
  clearAfter?: boolean;
  /** Called with the announcement after a save, instead of showing it in the form (a form that closes). */
  onSaved?: (message: string) => void;
  onCancel?: () => void;
  className?: string;
  /** Told what the citizen has written and not saved, under `unsavedKey` with `unsavedTitle`: kept should the forløb end under them. */
  onUnsaved?: ReportUnsaved;
  unsavedKey: string;
  unsavedTitle: string;
  /** A save refused because the forløb has ended: Min plan reads the plan again to learn it. */
  onEnded?: () => void;
  /**
   * Emptied and saved, a text the citizen had saved is taken back, after this question; an
   * empty form with nothing saved to take back is refused as a required field is.
   */
  removal?: { question: string; confirmLabel: string };
}) {
  const id = useId();
  const [values, setValues] = useState<Values>(props.initial);
  // The saved text and version the draft started from: what a save goes on top of.
  const [base, setBase] = useState<{ values: Values; version: number }>({ values: props.initial, version: props.version ?? 0 });
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  // Pressed again before the page shows it saving: not sent twice.
  const sending = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<{ text: string; version: number } | null>(null);
  const [ended, setEnded] = useState(false);
  const [askingRemoval, setAskingRemoval] = useState(false);
  const keys = props.fields.map((f) => f.key);
  // Every field emptied, over a text the citizen had saved: taking it back, not a missing text.
  const removing = !!props.removal && keys.every((k) => !(values[k] ?? '').trim()) && keys.some((k) => (base.values[k] ?? '').trim());
  const untouched = keys.every((k) => (values[k] ?? '') === (base.values[k] ?? ''));

  // While the citizen has written nothing, the draft follows a newer saved text (a live
  // update, their own save elsewhere) and is based on it; once they write, it stays theirs.
  useEffect(() => {
    if (props.version === undefined || props.version <= base.version || !untouched || busy || conflict) return;
    setBase({ values: props.initial, version: props.version });
    setValues(props.initial);
  }, [props.version]);

  // Not cleared when the form leaves the page: that is when the forløb ended under the citizen, and Min plan keeps it.
  const { onUnsaved, unsavedKey, unsavedTitle } = props;
  useEffect(() => {
    onUnsaved?.(unsavedKey, unsavedOf(unsavedTitle, props.fields, values, base.values));
  }, [values, base, onUnsaved, unsavedKey, unsavedTitle]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (sending.current) return;
    setMessage(null);
    setError(null);
    setEnded(false);
    const found = check(removing ? props.fields.map((f) => ({ ...f, required: false })) : props.fields, values);
    setProblems(found);
    if (Object.keys(found).length) return;
    if (removing) setAskingRemoval(true);
    else void send();
  };

  const send = async () => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      // After a conflict, on the version saved since; the base only when it was a saved text (the API's baseVersion is 1 or more).
      const done = conflict
        ? await props.save(values, conflict.version, base.version > 0 ? base.version : undefined)
        : await props.save(values, base.version);
      setConflict(null);
      // Saved: nothing to keep, also for a form that closes now, nor to ask about on leaving the page.
      onUnsaved?.(unsavedKey, null);
      formSaved(form.current);
      if (props.clearAfter) setValues(props.initial);
      // What was saved is the draft's base now.
      else if (done.version !== undefined) setBase({ values, version: done.version });
      if (props.onSaved) return props.onSaved(done.message);
      setMessage(done.message);
    } catch (e) {
      const current = conflictOf(e);
      if (current) setConflict({ text: String(current.current.text ?? ''), version: current.current.version });
      else if (refusedAsEnded(e)) {
        // The text stays in the field; the page reads the plan again and learns that the forløb has ended.
        setEnded(true);
        props.onEnded?.();
      } else {
        const fromServer = problemsFromServer(e, keys);
        setProblems(fromServer);
        if (!Object.keys(fromServer).length) setError(e);
      }
    } finally {
      sending.current = false;
      setBusy(false);
      setAskingRemoval(false);
    }
  };

  return (
    <form ref={form} onSubmit={submit} noValidate data-testid={props.testId} className={['citizen-words-form', props.className].filter(Boolean).join(' ')}>
      <FieldGrid id={id} fields={props.fields} values={values} problems={problems} onChange={(key, value) => {
        setValues((v) => ({ ...v, [key]: value }));
        setProblems((p) => without(p, key));
        setAskingRemoval(false);
      }} />
      {conflict ? (
        <div className="notice notice-warning" role="alert">
          <p className="notice-title">Din tekst er ikke gemt: teksten er ændret, mens du skrev</p>
          <p>Den gemte tekst er nu:</p>
          <blockquote className="citizen-quote">{conflict.text || '(tom)'}</blockquote>
          <p>Din egen tekst står stadig i feltet. Tryk på &quot;{props.submitLabel}&quot; igen for at gemme den i stedet.</p>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} title="Det blev ikke gemt" /> : null}
      {ended ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Det blev ikke gemt</p>
          <p>{OWN_WORDS_ENDED_NOTICE}</p>
        </div>
      ) : null}
      {askingRemoval && props.removal ? (
        <ConfirmQuestion
          id={`${id}-removal`}
          question={props.removal.question}
          confirmLabel={props.removal.confirmLabel}
          busyLabel="Fjerner…"
          busy={busy}
          onConfirm={() => void send()}
          onCancel={() => setAskingRemoval(false)}
        />
      ) : null}
      <p className="actions">
        {/* Not `disabled` while saving: a disabled button loses the focus to the top of the page, and the keyboard user their place. */}
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? 'Gemmer…' : props.submitLabel}
        </button>
        {props.onCancel ? (
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => {
            // Cancelled: what was typed is given up, not kept.
            onUnsaved?.(unsavedKey, null);
            props.onCancel?.();
          }}>
            Annullér
          </button>
        ) : null}
      </p>
      <StatusNotice message={message} />
    </form>
  );
}

/** How many held samtaler show before "Vis alle". */
const MEETINGS_SHOWN = 3;

interface Held {
  followUpId: string;
  heldAt: string;
  mode: MeetingMode;
  comment?: { id: string; text: string; version: number } | null;
}

/** One held samtale: the citizen's comment, and "Skriv en kommentar" / "Ret din kommentar" opening the form. */
function HeldMeeting(props: {
  meeting: Held;
  save: (text: string, expectedVersion: number, baseVersion?: number) => Promise<void>;
  /** The comment's form opens: the list keeps the samtale shown from now on. */
  onOpen: (followUpId: string) => void;
  onUnsaved?: ReportUnsaved;
  onEnded?: () => void;
  /** Past the newest shown on screen ("Vis alle"): on paper only, where every comment is printed. */
  printOnly?: boolean;
}) {
  const { meeting } = props;
  const id = useId();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // Focus in the text when the form opens; back on the button that opened it when it closes (saved or cancelled).
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  const item = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (open) item.current?.querySelector('textarea')?.focus();
    else if (wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const when = `${formatDateTime(meeting.heldAt)} (${label(MEETING_MODE_LABELS, meeting.mode).toLowerCase()})`;
  return (
    // On screen, the newest three unless "Vis alle" (past them: print-only); on paper, only a samtale
    // the citizen commented on (without a comment it is a heading over nothing): one past the newest
    // three without a comment shows on neither.
    <li ref={item} data-testid="own-meeting" aria-labelledby={`${id}-when`} className={[props.printOnly ? 'print-only' : '', meeting.comment ? '' : 'no-print'].filter(Boolean).join(' ') || undefined}>
      <h3 id={`${id}-when`}>Samtalen {when}</h3>
      {meeting.comment ? <blockquote className="citizen-quote">{meeting.comment.text}</blockquote> : <p className="hint">Du har ikke skrevet en kommentar til samtalen.</p>}
      <StatusNotice message={message} />
      {open ? (
        <WordsForm
          testId="own-meeting-comment"
          unsavedKey={`comment-${meeting.followUpId}`}
          unsavedTitle={`Din kommentar til samtalen ${when}`}
          onUnsaved={props.onUnsaved}
          onEnded={props.onEnded}
          fields={[{
            key: 'text', label: 'Din kommentar', input: 'textarea', required: true,
            max: COMMENT_MAX, requiredMessage: 'Skriv en kommentar.', hint: `Højst ${COMMENT_MAX.toLocaleString('da-DK')} tegn.`,
          }]}
          initial={{ text: meeting.comment?.text ?? '' }}
          version={meeting.comment?.version ?? 0}
          submitLabel="Gem kommentar"
          save={async (values, expectedVersion, baseVersion) => {
            // The form closes; opened again, it starts from the comment as then read.
            await props.save(values.text, expectedVersion, baseVersion);
            return { message: 'Din kommentar er gemt.' };
          }}
          onSaved={(done) => {
            setMessage(done);
            setOpen(false);
          }}
          onCancel={() => setOpen(false)}
        />
      ) : (
        <p className="actions">
          <button ref={opener} type="button" className="button button-secondary" onClick={() => { setMessage(null); props.onOpen(meeting.followUpId); setOpen(true); }}>
            {meeting.comment ? 'Ret din kommentar' : 'Skriv en kommentar'}
            <span className="visually-hidden"> til samtalen {when}</span>
          </button>
        </p>
      )}
    </li>
  );
}

/**
 * No wish as to how to talk, in the citizen's own words: the first choice, sent as none. The
 * forms' own empty choice, »(ikke angivet)«, reads to a citizen as a word of the system.
 */
const ANY_MODE = 'ANY';
const MODE_OPTIONS = [{ value: ANY_MODE, label: 'Det er lige meget' }, ...MEETING_MODES.map((m) => ({ value: m, label: label(MEETING_MODE_LABELS, m) }))];

/**
 * The citizen's own words in "Min plan": they write "Mine ønsker og mål" (job wishes too) and
 * "Det vil jeg gerne have hjælp til", comment on each held samtale, ask for a samtale, and mark
 * that they have seen the plan. Their coordinator and the team see it at once.
 */
export function CitizenOwnWords({ planId, hasCoordinator = true, onUnsaved, onEnded }: {
  planId: string;
  /** Whether the plan has a coordinator now: the one a request for a samtale goes to. */
  hasCoordinator?: boolean;
  /** Told what the citizen has written and not saved in each form (CitizenPlanPage keeps it should the forløb end). */
  onUnsaved?: ReportUnsaved;
  /** A save refused because the forløb has ended. */
  onEnded?: () => void;
}): JSX.Element | null {
  // Read again when Min plan hears of a change (CitizenPlanPage): each time anew.
  const { data, loading, error, refetch } = useQuery(MyOwnWordsQuery, { variables: { planId }, ...READ_ANEW });
  const [writeSection] = useMutation(WriteMyDescriptionSectionMutation, REFETCH);
  const [writeComment] = useMutation(WriteMyMeetingCommentMutation, REFETCH);
  const [request] = useMutation(RequestMeetingMutation, REFETCH);
  // The answer is the new mark: written into the own words here, with nothing to read again
  // (the cache never lets an older answer take it back, core/apollo.tsx).
  const [markSeen, seenState] = useMutation(MarkMyPlanSeenMutation, {
    update(cache, { data: marked }) {
      const seen = marked?.markMyPlanSeen;
      if (!seen) return;
      cache.modify({
        id: cache.identify({ __typename: 'CitizenOwnWords', id: planId }),
        fields: { lastSeen: (_, { toReference }) => toReference({ __typename: 'CitizenPlanSeen', id: seen.id }) },
      });
    },
  });
  const [seenError, setSeenError] = useState<unknown>(null);
  const words = data?.myOwnWords;
  // A samtale the citizen comments on stays when a new one is recorded and pushes it past the newest three.
  const held = useNewestShownKeeping(words?.heldMeetings ?? [], (m) => m.followUpId, MEETINGS_SHOWN, {
    all: (count) => `Vis alle ${count} samtaler`,
    fewer: 'Vis kun de seneste samtaler',
  });
  if (loading && !words) return <Loading />;
  // A failed reading again keeps what is shown, and what the citizen is writing in it.
  if (error && !data) return <ErrorNotice error={error} title="Dine egne ord kunne ikke vises" />;
  if (!words) return null;

  const seen = async () => {
    if (seenState.loading) return;
    setSeenError(null);
    try {
      await markSeen({ variables: { planId } });
    } catch (e) {
      setSeenError(e);
      // The forløb ended meanwhile (the live stream down, say): the page reads itself again, as after a refused save.
      if (refusedAsEnded(e)) onEnded?.();
    }
  };

  return (
    <div className="citizen-own-words" data-testid="citizen-own-words">
      {error ? (
        <ErrorNotice
          error={error}
          title="Dine egne ord kunne ikke opdateres"
          action={<p>Det, du har skrevet, er ikke gået tabt. Du ser dine egne ord, som de var, da de sidst blev hentet.</p>}
          onRetry={() => void refetch().catch(() => undefined)}
        />
      ) : null}
      <section className="card" aria-labelledby="own-words-heading">
        <h2 id="own-words-heading">Med mine egne ord</h2>
        <p className="hint no-print">Det, du skriver her, kan din koordinerende sagsbehandler og de andre på din plan læse med det samme.</p>
        {words.sections.map((s) => {
          // Staff may fill in the section before the citizen has written in it. That text is shown
          // as theirs, not put in the citizen's box: saved from there, it would be stored as the
          // citizen's own words, which staff can then no longer correct.
          const byStaff = s.authorKind === 'STAFF' && s.text.trim() !== '';
          return (
            <div key={s.id} className="citizen-words-section" data-testid="own-section" data-kind={s.kind}>
              {/* On paper, the saved text in full: a text box prints only the lines scrolled into it. */}
              <div className="print-only">
                <h3>{s.title}</h3>
                {byStaff ? <p className="hint">Skrevet af en medarbejder på din plan:</p> : null}
                <p className="citizen-text">{s.text.trim() || 'Ikke udfyldt endnu.'}</p>
              </div>
              {byStaff ? (
                <div className="no-print" data-testid="staff-text">
                  <p className="hint">
                    Skrevet af en medarbejder på din plan{s.updatedAt ? <>, <time dateTime={s.updatedAt}>{formatDateTime(s.updatedAt)}</time></> : null}:
                  </p>
                  <blockquote className="citizen-text">{s.text}</blockquote>
                  <p className="hint">Du kan skrive det med dine egne ord herunder. Når du gemmer, står din tekst i din plan i stedet.</p>
                </div>
              ) : null}
              <WordsForm
                className="no-print"
                testId={`own-section-${s.kind}`}
                unsavedKey={`section-${s.kind}`}
                unsavedTitle={s.title}
                onUnsaved={onUnsaved}
                onEnded={onEnded}
                fields={[{
                  key: 'text', label: s.title, input: 'textarea', required: true, max: SECTION_MAX, requiredMessage: 'Skriv en tekst.',
                  hint: `${s.kind === 'CITIZEN_WISHES' ? 'Fx hvilket arbejde du gerne vil have, og hvad der er vigtigt for dig. ' : ''}Højst ${SECTION_MAX.toLocaleString('da-DK')} tegn.${
                    !byStaff && s.text.trim() ? ' Vil du fjerne det, du har skrevet, så slet teksten og tryk på "Gem".' : ''}`,
                }]}
                initial={{ text: byStaff ? '' : s.text }}
                version={s.version}
                submitLabel="Gem"
                removal={{ question: 'Vil du fjerne det, du har skrevet?', confirmLabel: 'Ja, fjern det' }}
                save={async (values, expectedVersion, baseVersion) => {
                  const text = values.text.trim();
                  const result = await writeSection({ variables: { input: { planId, kind: s.kind, text, expectedVersion, baseVersion } } });
                  return { message: text ? `»${s.title}« er gemt.` : `Det, du skrev i »${s.title}«, er fjernet.`, version: result.data?.writeMyDescriptionSection.version };
                }}
              />
              {s.updatedAt && !byStaff ? <p className="hint">Senest gemt <time dateTime={s.updatedAt}>{formatDateTime(s.updatedAt)}</time></p> : null}
            </div>
          );
        })}
      </section>

      {/* On paper, the comments written, or nothing when there is none. */}
      <section className={`card${words.heldMeetings.some((m) => m.comment) ? '' : ' no-print'}`} aria-labelledby="own-comments-heading">
        <h2 id="own-comments-heading">Mine kommentarer til samtaler</h2>
        {words.heldMeetings.length === 0 ? <p className="hint">Du har ikke haft nogen samtaler endnu.</p> : null}
        <ul className="citizen-words-list">
          {/* On paper, every samtale with a comment: there is no "Vis alle" to press. */}
          {words.heldMeetings.map((m) => (
            <HeldMeeting key={m.followUpId} meeting={m} printOnly={!held.visible.includes(m)} onOpen={held.keep} onUnsaved={onUnsaved} onEnded={onEnded} save={async (text, expectedVersion, baseVersion) => {
              await writeComment({ variables: { input: { followUpId: m.followUpId, text: text.trim(), expectedVersion, baseVersion } } });
            }} />
          ))}
        </ul>
        {held.toggle ? <p className="actions">{held.toggle}</p> : null}
      </section>

      {/* On paper, the requests sent (the form to send one is left out), or nothing when none is. */}
      <section className={`card${words.meetingRequests.length ? '' : ' no-print'}`} aria-labelledby="own-request-heading">
        <h2 id="own-request-heading" className="no-print">Bed om en samtale</h2>
        <h2 className="print-only">Dine ønsker om en samtale</h2>
        <WordsForm
          testId="own-request"
          unsavedKey="request"
          unsavedTitle="Dit ønske om en samtale"
          onUnsaved={onUnsaved}
          onEnded={onEnded}
          clearAfter
          fields={[
            { key: 'text', label: 'Hvad vil du gerne tale om?', input: 'textarea', required: true, max: REQUEST_MAX, requiredMessage: 'Skriv, hvad du gerne vil tale om.', hint: `Højst ${REQUEST_MAX.toLocaleString('da-DK')} tegn.` },
            { key: 'wishedTime', label: 'Hvornår passer det dig?', input: 'text', max: WISHED_TIME_MAX, hint: 'Valgfrit, fx »en formiddag i næste uge«.' },
            // Always a choice, »Det er lige meget« among them: so no empty one is offered.
            { key: 'wishedMode', label: 'Hvordan vil du helst tale sammen?', input: 'select', options: MODE_OPTIONS, required: true },
          ]}
          initial={{ text: '', wishedTime: '', wishedMode: ANY_MODE }}
          submitLabel="Send ønsket"
          save={async (values) => {
            await request({ variables: { input: { planId, text: values.text.trim(), wishedTime: values.wishedTime.trim() || null, wishedMode: values.wishedMode === ANY_MODE ? null : (values.wishedMode as MeetingMode) } } });
            return {
              message: hasCoordinator
                ? 'Dit ønske om en samtale er sendt til din koordinerende sagsbehandler.'
                : 'Dit ønske om en samtale er gemt i din plan. Du har ikke en koordinerende sagsbehandler lige nu, så kontakt også kommunen.',
            };
          }}
        />
        {words.meetingRequests.length ? (
          <>
            <h3 className="no-print">Dine ønsker</h3>
            <ul className="citizen-words-list">
              {words.meetingRequests.map((r) => (
                <li key={r.id} data-testid="own-request-item">
                  <p>{r.text}</p>
                  {r.wishedTime || r.wishedMode ? (
                    <p className="hint" data-testid="own-request-wish">
                      {[r.wishedTime ? `Ønsket tid: ${r.wishedTime}` : null, r.wishedMode ? `Form: ${label(MEETING_MODE_LABELS, r.wishedMode)}` : null].filter(Boolean).join(' · ')}
                    </p>
                  ) : null}
                  <p className="hint">
                    Sendt <time dateTime={r.requestedAt}>{formatDateTime(r.requestedAt)}</time>
                    {r.handledAt ? <>. Behandlet <time dateTime={r.handledAt}>{formatDateTime(r.handledAt)}</time></> : '. Ikke behandlet endnu'}
                  </p>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {/* On paper, when the citizen marked the plan seen; the button to mark it is left out. */}
      <section className={`card${words.lastSeen ? '' : ' no-print'}`} aria-labelledby="own-seen-heading">
        <h2 id="own-seen-heading">Har du set din plan?</h2>
        <p className="actions">
          {/* As "Gem": the focus stays on the button while the mark is saved. */}
          <button type="button" className="button" aria-disabled={seenState.loading || undefined} onClick={() => void seen()}>
            {seenState.loading ? 'Gemmer…' : 'Jeg har set planen'}
          </button>
        </p>
        {seenError ? <ErrorNotice error={seenError} title="Det blev ikke gemt" /> : null}
        <p role="status" data-testid="own-seen">
          {words.lastSeen ? <>Du markerede, at du har set planen <time dateTime={words.lastSeen.seenAt}>{formatDateTime(words.lastSeen.seenAt)}</time>.</> : null}
        </p>
      </section>
    </div>
  );
}
