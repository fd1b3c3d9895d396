import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { EditField } from '../../core/forms/fields';
import { failureTitle, problemsFromServer, toldAtFields, type Problems } from '../../core/forms/formErrors';
import { useFieldValues } from '../../core/forms/useFieldValues';
import { describeError } from '../../core/errors';
import { ErrorNotice } from '../../core/ui';

/**
 * What an administrator's action just did, as a status line that takes focus: the button
 * that started the action is often gone afterwards (a closed form, "Luk enhed" turned into
 * "Genåbn"), so the keyboard user's place is kept on the message that says what happened.
 */
export function useAnnouncement() {
  const [message, setMessage] = useState<string | null>(null);
  // A counter, so the same message twice (two renames to one name) still takes focus.
  const [count, setCount] = useState(0);
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (count) ref.current?.focus();
  }, [count]);
  const announce = useCallback((text: string) => {
    setMessage(text);
    setCount((c) => c + 1);
  }, []);
  const notice = message ? (
    <p className="notice notice-info" role="status" tabIndex={-1} ref={ref}>
      {message}
    </p>
  ) : null;
  return { announce, notice };
}

/**
 * An administrator's refusal, in Danish. A CONFLICT is said in the server's words alone
 * ("Enheden er ændret, siden du hentede siden. Se den nyeste udgave, og prøv igen."): they say
 * what changed and what to do, and the general text before them would say it twice, and blame
 * someone else when it was the same administrator in another window.
 */
function AdminErrorNotice({ error, title, action }: { error: unknown; title: string; action?: ReactNode }) {
  const info = describeError(error);
  if (info.kind !== 'CONFLICT' || !info.detail) return <ErrorNotice error={error} title={title} action={action} />;
  return (
    <div className="notice notice-error" role="alert" data-error-kind={info.kind}>
      <p className="notice-title">{title}</p>
      <p>{info.detail}</p>
      {action}
    </div>
  );
}

/**
 * A refusal next to the action that caused it (the server's Danish message, e.g. why a
 * unit cannot be closed yet), focused so it is read out where the user is.
 */
export function ActionError({ error, title }: { error: unknown; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [error]);
  return (
    <div ref={ref} tabIndex={-1} className="admin-action-error">
      <AdminErrorNotice error={error} title={title} />
    </div>
  );
}

/**
 * "Luk Socialpsykiatri?": a question with its consequence, and a yes and a no, for the row's
 * open action. The question takes focus when it appears, so a screen reader reads what is
 * about to happen; yes sends, and the row reports `done` when the server agreed; Escape is no.
 */
export function Confirm(props: { action: Pick<RowAction, 'busy' | 'run' | 'cancel'>; label: string; confirmLabel: string; send: () => Promise<unknown>; done: string; children: ReactNode }) {
  const { action } = props;
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    question.current?.focus();
  }, []);
  return (
    // Escape says no, as "Fortryd" does and as it closes the row's forms; not while the yes is on its way.
    <div className="confirm-box stack" role="group" aria-label={props.label} onKeyDown={(e) => e.key === 'Escape' && !action.busy && action.cancel()}>
      <p tabIndex={-1} ref={question}>
        {props.children}
      </p>
      <p className="actions">
        <button type="button" className="button button-danger" disabled={action.busy} onClick={() => void action.run(props.send, props.done)}>
          {action.busy ? 'Vent…' : props.confirmLabel}
        </button>
        <button type="button" className="button button-secondary" disabled={action.busy} onClick={action.cancel}>
          Fortryd
        </button>
      </p>
    </div>
  );
}

/** A row's button that opens one of its actions; `about` (the unit's or person's name) completes its name for screen readers. */
export function ActionButton<Mode extends string>(props: { action: RowAction<Mode>; mode: Mode; about: string; children: ReactNode }) {
  return (
    <button type="button" className="button button-secondary button-small" data-action={props.mode} onClick={() => props.action.open(props.mode)}>
      {props.children}
      <span className="visually-hidden"> {props.about}</span>
    </button>
  );
}

/**
 * One action at a time on a row (a unit, a person): which one is open, whether it is being
 * sent, and the refusal if the server said no. `run` reports the done message upwards.
 * `cancel` closes the open action and puts focus back on the button that opened it (the
 * button marked `data-action={mode}` inside `containerRef`), so the keyboard user's place
 * is kept.
 */
export function useRowAction<Mode extends string>(onDone: (message: string) => void) {
  const [mode, setMode] = useState<Mode | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [returnTo, setReturnTo] = useState<Mode | null>(null);
  const containerRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (returnTo) containerRef.current?.querySelector<HTMLElement>(`[data-action="${returnTo}"]`)?.focus();
  }, [returnTo]);
  const open = (next: Mode) => {
    setMode(next);
    setError(null);
    setReturnTo(null);
  };
  const cancel = () => {
    setReturnTo(mode);
    setMode(null);
    setError(null);
  };
  const run = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      setMode(null);
      onDone(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  /** After a form of the row reported success: close it, and pass its message on. */
  const done = (message: string) => {
    setMode(null);
    onDone(message);
  };
  return { mode, open, cancel, busy, error, run, containerRef, formProps: { onDone: done, onCancel: cancel } };
}

export type RowAction<Mode extends string = string> = ReturnType<typeof useRowAction<Mode>>;

/** Moves focus to the first field with a problem (ids as FieldGrid makes them), so the keyboard user lands on it. */
function focusFirstProblem(formId: string, problems: Problems, order: readonly EditField[]): void {
  const first = order.find((f) => problems[f.key]);
  if (first) document.getElementById(`${formId}-${first.key}`)?.focus();
}

/**
 * A form's texts and problems by field (ids `{formId}-{key}`, as FieldGrid makes them), and
 * the two ways a send can fail: the form's own check before sending, and the server's
 * refusal (a BAD_USER_INPUT goes by the field it names). Either way focus moves to the
 * first field at fault.
 */
export function useAdminForm(formId: string, initial: () => Record<string, string>) {
  const { values, set, problems, setProblems } = useFieldValues(initial);
  const [error, setError] = useState<unknown>(null);
  /** Shows what was found before sending; true when nothing was, and the form may be sent. */
  const check = (found: Problems, fields: readonly EditField[]): boolean => {
    setProblems(found);
    setError(null);
    focusFirstProblem(formId, found, fields);
    return Object.keys(found).length === 0;
  };
  const refused = (e: unknown, fields: readonly EditField[]) => {
    const keys = fields.map((f) => f.key);
    const found = problemsFromServer(e, keys);
    setProblems(found);
    // Said at its fields and in the summary, a field's problem is not said a third time in a box.
    setError(toldAtFields(e, keys) ? null : e);
    focusFirstProblem(formId, found, fields);
  };
  /** The refusal above the form's buttons: "Ret feltet" when it sits by a field, else `title`; `extra` under its text (e.g. what a CONFLICT found). */
  const failure = (title: string, extra?: ReactNode) => (error ? <AdminErrorNotice error={error} title={failureTitle(problems, title)} action={extra} /> : null);
  return { values, set, problems, check, refused, failure };
}
