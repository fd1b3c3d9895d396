import { useApolloClient } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { applyEntityToCache } from '../cache';
import { ErrorNotice, StatusNotice } from '../ui';
import { chosenValues, conflictOf, type Conflict, type FieldChoice } from './conflict';
import { ConflictView, isTextField, YourText } from './ConflictView';
import { FieldGrid } from './FieldInput';
import { fromText, isNumberField, periodProblems, problemOf, sameNumber, textFor, toText, type EditField } from './fields';
import { failureTitle, problemsFromServer, toldAtFields, type Problems } from './formErrors';
import { CloseOnly, ConfirmQuestion, FormActions } from './FormParts';
import { useRecordEditing } from './recordEditing';
import { useFieldValues } from './useFieldValues';

/** A field of a versioned edit form: its own words for a missing value, and its own text or API value where the default does not fit. */
export interface FormField extends EditField {
  requiredMessage?: string;
  /** The form's text for the record's value, where it is not the value as text (e.g. a time in local time). */
  textOf?: (value: unknown) => string;
  /** The API value of the form's text, where it is not the trimmed text or the parsed choice, date or number. */
  apiValue?: (text: string) => unknown;
}

export type Values = Record<string, string>;

/** What a saved record must have: the version read, for optimistic concurrency. */
export type VersionedRecord = Record<string, unknown> & { version: number | null };

function textOf(field: FormField, value: unknown): string {
  return field.textOf ? field.textOf(value) : textFor(field, value);
}

/** The API value of a field's text: the field's own, else trimmed text, null for an empty optional choice. */
function apiValueOf(field: FormField, text: string): unknown {
  if (field.apiValue) return field.apiValue(text);
  return isTextField(field) ? text.trim() : fromText(field, text);
}

/** Spaces around a text that is sent trimmed are no change; a number is compared as a number; any other text as typed. */
function unchanged(field: FormField, text: string, base: unknown): boolean {
  if (isNumberField(field)) return sameNumber(field, text, base);
  const before = textOf(field, base);
  return isTextField(field) && !field.apiValue ? text.trim() === before.trim() : text === before;
}

/** The user's typed texts among their changes, but those saved as written. */
function textsNotSaved(fields: readonly FormField[], mine: Record<string, unknown>, savedAsWritten: (key: string) => boolean): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => isTextField(f) && f.key in mine && !savedAsWritten(f.key)).map((f) => [f.key, mine[f.key]]));
}

/** Whether one of the watched fields (by default the form's own) differs between what the form opened with and the record now. */
function watchedChanged(fields: readonly FormField[], watched: readonly string[] | undefined, base: Record<string, unknown>, now: Record<string, unknown>): boolean {
  const fieldOf = new Map(fields.map((f) => [f.key, f]));
  const textAt = (record: Record<string, unknown>, key: string) => {
    const field = fieldOf.get(key);
    return field ? textOf(field, record[key]) : toText(record[key]);
  };
  return (watched ?? fields.map((f) => f.key)).some((key) => textAt(base, key) !== textAt(now, key));
}

/** The labels of the fields that differ between two versions of the record, in the form's order. */
function changedLabels(fields: readonly FormField[], older: Record<string, unknown>, newer: Record<string, unknown>): string[] {
  return fields.filter((f) => textOf(f, older[f.key]) !== textOf(f, newer[f.key])).map((f) => f.label);
}

/** Said in the conflict view when an even newer version has come while the user chose: what changed in it. */
function newerNotice(changed: readonly string[]): string {
  const what = changed.length === 0 ? '' : changed.length === 1 ? ` Ændret: ${changed[0]}.` : ` Ændret: ${changed.slice(0, -1).join(', ')} og ${changed[changed.length - 1]}.`;
  return `Der er gemt en endnu nyere udgave, mens du valgte.${what} Her er den nyeste; dine valg og din tekst er bevaret, hvor de stadig kan gemmes.`;
}

/** Required, parseable, then the form's own checks (e.g. dates in order), in Danish. */
export function checkFields(fields: readonly FormField[], values: Values, base: Record<string, unknown>): Problems {
  const problems: Problems = {};
  for (const f of fields) {
    const text = values[f.key] ?? '';
    if (f.required && !text.trim()) problems[f.key] = f.requiredMessage ?? problemOf(f, text) ?? `Udfyld ${f.label.toLowerCase()}.`;
    else if (!unchanged(f, text, base[f.key])) {
      const problem = problemOf(f, text);
      if (problem) problems[f.key] = problem;
    }
  }
  // A period that ends before it starts, wherever the form has both dates.
  for (const [key, message] of Object.entries(periodProblems(fields, values))) problems[key] ??= message;
  return problems;
}

/**
 * Inline edit of one versioned record (the plan, a sub-goal, an activity …): only the
 * fields the user changed are sent, with the version read when editing began. The
 * server's refusal of a field (BAD_USER_INPUT, or a RULE_VIOLATION named in `ruleFields`)
 * shows by that field; a newer save by someone else opens the conflict view, where the user
 * chooses per field and saves on top of the newest version (with `baseVersion`, the version
 * they started from). A text of theirs that did not go in as written stays on screen ("Din
 * tekst") until they close the form. While open, the form tells the screen which record is
 * being edited (the others on the plan see it).
 */
export function VersionedEditForm(props: {
  heading: string;
  headingLevel?: 3 | 4;
  /** Shown under the heading, before the fields (e.g. what cannot be changed). */
  intro?: ReactNode;
  /** Moves focus to the first field on opening, for a form that is not opened from a FormPanel. */
  focusFirstField?: boolean;
  /** Names the record in the conflict view: "{subject} er ændret af en anden …". */
  subject: string;
  typename: string;
  fields: readonly FormField[];
  /** The fields as the conflict view offers them, where they differ from the form's (a status the newest version rules out no longer offered). */
  conflictFields?: readonly FormField[];
  record: VersionedRecord;
  /**
   * `record` is the record as it is now in the cache, kept up to date by the plan's live events:
   * a newer version that arrives while the conflict view is open becomes the version the user
   * chooses against there, with their choices kept where they still go, and what changed said.
   */
  recordIsLive?: boolean;
  /** The version now in the cache (a live update may move it on while the form is open). */
  liveVersion?: number | null;
  /**
   * In place of liveVersion, for a record that several forms each edit a part of (the
   * programme): the record as it is now in the cache. A newer version counts as a change
   * under the user only when one of `watched` differs from what the form opened with. A save
   * of another part meanwhile (also the user's own, in a form beside this one) is no conflict
   * with this form: nothing is said, and the form saves on top of the newer version.
   */
  liveRecord?: VersionedRecord;
  /** With liveRecord: the record's fields this form's save rests on; by default the form's own fields. */
  watched?: readonly string[];
  /** Says what changed under the user, e.g. "En anden har gemt en ændring af planen …". */
  staleNotice?: string;
  /** Says that the record, which did not exist when the form opened (version null), has been saved by someone else meanwhile; a sentence with `subject` by default. */
  createdNotice?: string;
  /**
   * The id the plan's live events name this record by, when it is not the record's own (a
   * decision on what follows is told as a change of its programme): so that the user's own
   * save in another window is told as theirs, also of a record that did not exist when the form opened.
   */
  savedAs?: string;
  /**
   * Why the form can no longer be saved, once the record has gone out of the user's hands
   * while it was open (a proposal the jobcenter has decided meanwhile, the programme ended):
   * said at the top in place of the other notices. The fields keep what the user typed, to
   * copy, and the form offers "Luk" instead of saving. In the conflict view "Gem valgene"
   * goes, and the newest version can still be taken.
   */
  cannotSave?: string | null;
  /** The form's own checks across fields; a problem by field key. */
  check?: (values: Values) => Problems;
  ruleFields?: Readonly<Record<string, string>>;
  /** Other fields that follow a field's change (e.g. a start date when the status becomes active), as their new texts; also what a value picked in the conflict view brings, so without side effects. */
  follow?: (key: string, value: string, values: Values) => Values;
  /** Told of each change the user makes in the form's fields (not of a choice in the conflict view). */
  onEdit?: (key: string, value: string) => void;
  aliases?: Readonly<Record<string, string>>;
  /**
   * Sends the changed fields; `onTopOf` is the record they go on top of (for a save of the
   * whole record). After a conflict, `baseVersion` is the version the user started from, so
   * the server can tell whose saved values this save replaces.
   */
  save: (changed: Record<string, unknown>, expectedVersion: number | null, onTopOf: Record<string, unknown>, baseVersion?: number) => Promise<unknown>;
  loading: boolean;
  submitLabel?: string;
  failedTitle: string;
  /** What onDone says after a save; a function is given the fields that were saved. */
  savedMessage?: string | ((changed: Record<string, unknown>) => string);
  /**
   * For a change that cannot be undone (a programme's end date moved earlier): the question
   * asked, with the changed fields, before anything is sent; null sends at once.
   */
  confirm?: (changed: Record<string, unknown>) => string | null;
  /** The confirming button ("Ja, flyt slutdatoen"). */
  confirmLabel?: string;
  /** What onDone says when the user takes the newest version instead of their own. */
  tookTheirsMessage?: string;
  /** Replaces the default of writing the newest version into the cache. */
  onTakeTheirs?: (current: Conflict['current']) => void;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const client = useApolloClient();
  const { fields } = props;
  // What the user saw when they started editing: the base for "what did I change".
  const [base] = useState<VersionedRecord>(() => ({ ...props.record }));
  /** Required, parseable, in order, then the form's own checks across fields: what a save is checked by before it is sent. */
  const check = (texts: Values): Problems => {
    const found = checkFields(fields, texts, base);
    for (const [key, problem] of Object.entries(props.check?.(texts) ?? {})) if (!found[key]) found[key] = problem;
    return found;
  };
  const { values, set, problems, setProblems, setFound } = useFieldValues(() => Object.fromEntries(fields.map((f) => [f.key, textOf(f, base[f.key])])), check);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<(Conflict & { mine: Record<string, unknown>; notice?: string }) | null>(null);
  // Done after a conflict, with the user's texts that were not saved as written: shown until closed.
  const [saved, setSaved] = useState<{ message: string; yourTexts: Record<string, unknown> } | null>(null);
  const Heading = props.headingLevel === 4 ? 'h4' : 'h3';
  const keys = fields.map((f) => f.key);
  const form = useRef<HTMLFormElement>(null);
  const savedHeading = useRef<HTMLHeadingElement>(null);
  // The others on the plan see that this record is being edited, until it is saved or closed.
  const editing = useRecordEditing(typeof base.id === 'string' ? base.id : null, !saved);
  // A change that cannot be undone waits here for the user's yes.
  const [confirming, setConfirming] = useState<{ question: string; changed: Record<string, unknown> } | null>(null);

  // Once, when the form opens.
  useEffect(() => {
    if (props.focusFirstField) form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);

  useEffect(() => {
    if (saved) savedHeading.current?.focus();
  }, [saved]);

  // The question answered, its buttons go: "Fortryd" gives the focus back to the first field,
  // "Ja" to the form's heading while it saves (the busy button cannot hold it), not to the page.
  const [answered, setAnswered] = useState<{ yes: boolean } | null>(null);
  useEffect(() => {
    if (!answered) return;
    if (answered.yes) form.current?.querySelector<HTMLElement>('.edit-form-title')?.focus();
    else form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [answered]);

  // Whether someone changed what this form edits since it opened (see liveRecord).
  const liveVersion = props.liveRecord ? props.liveRecord.version : props.liveVersion;
  const newer = liveVersion != null && base.version != null && liveVersion > base.version;
  const changedUnderUser = newer && (!props.liveRecord || watchedChanged(fields, props.watched, base, props.liveRecord));
  // The record was not there when the form opened, and is now.
  const createdUnderUser = base.version == null && liveVersion != null;
  /** The version a save goes on: the newest, when what changed since the form opened is nothing this form rests on. */
  const savedOn = () => (newer && !changedUnderUser ? liveVersion : base.version);

  const savedMessage = (changed: Record<string, unknown>) => {
    const message = props.savedMessage ?? 'Ændringen er gemt.';
    return typeof message === 'function' ? message(changed) : message;
  };

  /** Saves; on a conflict, shows (or refreshes) the conflict view with `mine` kept. */
  const attempt = async (changed: Record<string, unknown>, expectedVersion: number | null, onTopOf: Record<string, unknown>, after?: { mine: Record<string, unknown>; choices: Record<string, FieldChoice> }) => {
    setError(null);
    try {
      await props.save(changed, expectedVersion, onTopOf, after ? (base.version ?? undefined) : undefined);
      setConflict(null);
      // Texts of mine that did not go in as written stay on screen until the user closes.
      const yourTexts = after ? textsNotSaved(fields, after.mine, (key) => after.choices[key]?.take === 'mine') : {};
      if (Object.keys(yourTexts).length) setSaved({ message: savedMessage(changed), yourTexts });
      else props.onDone(savedMessage(changed));
    } catch (e) {
      const c = conflictOf(e);
      if (c) {
        setConflict({
          ...c,
          mine: after?.mine ?? changed,
          notice: after ? newerNotice(changedLabels(props.conflictFields ?? fields, onTopOf, c.current)) : undefined,
        });
        return;
      }
      setProblems(problemsFromServer(e, keys, { ruleFields: props.ruleFields, aliases: props.aliases }));
      setError(e);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const found = check(values);
    setFound(found);
    if (Object.keys(found).length) return;
    const changed: Record<string, unknown> = {};
    for (const f of fields) {
      const text = values[f.key] ?? '';
      if (!unchanged(f, text, base[f.key])) changed[f.key] = apiValueOf(f, text);
    }
    if (Object.keys(changed).length === 0) {
      props.onDone('Der var ingen ændringer at gemme.');
      return;
    }
    const ask = props.confirm?.(changed);
    if (ask) {
      setConfirming({ question: ask, changed });
      return;
    }
    void attempt(changed, savedOn(), base);
  };

  if (saved) {
    return (
      <section className="edit-form" aria-labelledby={`${id}-heading`} data-testid="saved-after-conflict">
        <Heading id={`${id}-heading`} ref={savedHeading} tabIndex={-1} className="edit-form-title">
          {props.heading}
        </Heading>
        <StatusNotice message={saved.message} />
        <YourText fields={fields} texts={saved.yourTexts} />
        <p className="actions">
          <button type="button" className="button button-secondary" onClick={() => props.onDone(saved.message)}>
            Luk
          </button>
        </p>
      </section>
    );
  }

  if (conflict) {
    const viewFields = props.conflictFields ?? fields;
    const fieldOf = new Map(viewFields.map((f) => [f.key, f]));
    // A newer version heard live while the user chooses is the one they choose against (not while their own save is under way).
    const live = props.recordIsLive && !props.loading && typeof props.record.version === 'number' && props.record.version > conflict.current.version ? props.record : null;
    const current: Conflict['current'] = live ? { ...live, version: live.version as number } : conflict.current;
    const chosenOf = (choices: Readonly<Record<string, FieldChoice>>) => chosenValues(choices, conflict.mine, (key, text) => apiValueOf(fieldOf.get(key)!, text));
    /** The form's texts of the record as the choices would save it. */
    const textsOf = (chosen: Record<string, unknown>, follows: Readonly<Record<string, string>> = {}): Values =>
      Object.fromEntries(viewFields.map((f) => [f.key, follows[f.key] ?? textOf(f, f.key in chosen ? chosen[f.key] : current[f.key])]));
    return (
      <ConflictView
        title={props.subject}
        fields={viewFields}
        base={base}
        mine={conflict.mine}
        theirs={current}
        theirAuthor={editing.savedByName(current)}
        // The newer version is the user's own, saved in another window (a second tab of the plan).
        theirAuthorIsYou={editing.savedByMe(current)}
        notice={live ? newerNotice(changedLabels(viewFields, conflict.current, live)) : conflict.notice}
        cannotSave={props.cannotSave}
        busy={props.loading}
        error={error}
        // A value picked in the view brings what follows from it in the form (an end date with Afsluttet), where the user chose nothing.
        followOf={(key, text, choices) => {
          const chosen = chosenOf(choices);
          return Object.fromEntries(Object.entries(props.follow?.(key, text, textsOf(chosen)) ?? {}).filter(([other]) => !(other in chosen) && fieldOf.has(other)));
        }}
        // What a pick brings is checked as the form checks it (an end date not ahead, not before the start).
        checkFollows={(choices) => {
          const follows = Object.assign({}, ...Object.values(choices).map((c) => (c.take === 'picked' ? c.follows : undefined))) as Record<string, string>;
          const found = check(textsOf(chosenOf(choices), follows));
          return Object.fromEntries(Object.entries(found).filter(([key]) => key in follows));
        }}
        onSave={(choices) => {
          if (props.cannotSave) return;
          const chosen = chosenOf(choices);
          for (const choice of Object.values(choices)) {
            if (choice.take !== 'picked') continue;
            for (const [other, text] of Object.entries(choice.follows ?? {})) {
              if (!(other in chosen) && fieldOf.has(other)) chosen[other] = apiValueOf(fieldOf.get(other)!, text);
            }
          }
          void attempt(chosen, current.version, current, { mine: conflict.mine, choices });
        }}
        onTakeTheirs={() => {
          if (props.onTakeTheirs) props.onTakeTheirs(current);
          // A version heard live is in the cache already.
          else if (!live) applyEntityToCache(client.cache, current, { typename: props.typename });
          const message = props.tookTheirsMessage ?? 'Du ser nu den nyeste udgave. Dine ændringer er ikke gemt.';
          // The user's own words stay on screen until they close the form.
          const yourTexts = textsNotSaved(viewFields, conflict.mine, () => false);
          if (Object.keys(yourTexts).length) setSaved({ message, yourTexts });
          else props.onDone(message);
        }}
      />
    );
  }

  return (
    <form ref={form} className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} className="edit-form-title" tabIndex={-1}>
        {props.heading}
      </Heading>
      <StatusNotice
        message={
          props.cannotSave ??
          (createdUnderUser
            ? props.savedAs && editing.lastSavedByMeAs(props.savedAs)
              ? `${props.subject} er gemt af dig i et andet vindue, mens du skrev her. Når du gemmer, kan du sammenligne de to udgaver.`
              : (props.createdNotice ?? `${props.subject} er gemt af en anden, mens du skrev. Når du gemmer, kan du sammenligne de to udgaver.`)
            : changedUnderUser
              ? (props.savedAs ? editing.lastSavedByMeAs(props.savedAs) : editing.lastSavedByMe())
                ? `${props.subject} er gemt af dig i et andet vindue, mens du redigerer her. Når du gemmer, kan du sammenligne de to udgaver.`
                : props.staleNotice
              : null)
        }
      />
      {props.intro}
      <FieldGrid
        id={id}
        fields={fields}
        values={values}
        problems={problems}
        onChange={(key, v) => {
          set(key, v);
          props.onEdit?.(key, v);
          for (const [other, text] of Object.entries(props.follow?.(key, v, values) ?? {})) set(other, text);
          setConfirming(null);
        }}
      />
      {/* A refusal told at the fields is said there and in the error summary; the box is for what no field shows. */}
      {error && !toldAtFields(error, keys, { ruleFields: props.ruleFields, aliases: props.aliases }) ? <ErrorNotice error={error} title={failureTitle(problems, props.failedTitle)} /> : null}
      {props.cannotSave ? (
        <CloseOnly onClose={props.onCancel} />
      ) : confirming ? (
        <ConfirmQuestion
          id={id}
          question={confirming.question}
          confirmLabel={props.confirmLabel ?? 'Ja, gem'}
          busyLabel="Gemmer…"
          busy={props.loading}
          onConfirm={() => {
            const { changed } = confirming;
            setConfirming(null);
            setAnswered({ yes: true });
            void attempt(changed, savedOn(), base);
          }}
          onCancel={() => {
            setConfirming(null);
            setAnswered({ yes: false });
          }}
        />
      ) : (
        <FormActions loading={props.loading} busyLabel="Gemmer…" submitLabel={props.submitLabel ?? 'Gem'} onCancel={props.onCancel} />
      )}
    </form>
  );
}
