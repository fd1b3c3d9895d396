import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { usePendingSaves } from '../live';
import { followUnsavedText, formHoldsUnsavedText } from '../unsaved-text';
import type { Problems } from './formErrors';

export const WAITING_FOR_CONNECTION = 'Venter på forbindelse — gemmes automatisk';

export const DISCARD_QUESTION = 'Vil du kassere det, du har skrevet?';

/** A form's text field, select or check box. */
const FIELD = 'input, select, textarea';

/**
 * "Opret …"/"Gem" and "Annullér" at the foot of a form. A save made offline waits for the
 * connection (core/apollo.tsx, OfflineSaveLink): the form stays open with what was typed and
 * says so, instead of failing.
 *
 * "Annullér" on a form with something typed and not yet saved asks first, DISCARD_QUESTION:
 * "Kassér" closes the form, "Fortsæt med at skrive" gives the text back, focus where it was.
 * On a form with nothing typed it closes at once. Escape does what "Annullér" does, and says
 * "Fortsæt med at skrive" to the question (escapeAsCancel, `data-escape`).
 *
 * `cannotSave`: the form can no longer be saved (it says why at its top, e.g. the programme
 * has ended): only "Luk" is offered, and the fields keep what was typed, to copy.
 */
export function FormActions(props: { loading: boolean; submitLabel: string; busyLabel: string; onCancel: () => void; cannotSave?: string | null }) {
  const id = useId();
  const row = useRef<HTMLParagraphElement>(null);
  // Where the user was when asked (the field Escape was pressed in), and their form.
  const asked = useRef<{ form: HTMLFormElement | null; focus: Element | null } | null>(null);
  const [asking, setAsking] = useState(false);
  useEffect(() => followUnsavedText(), []);
  if (props.cannotSave) return <CloseOnly onClose={props.onCancel} />;

  const cancel = () => {
    const form = row.current?.closest('form') ?? null;
    if (!formHoldsUnsavedText(form)) return props.onCancel();
    asked.current = { form, focus: document.activeElement };
    setAsking(true);
  };
  const keepWriting = () => {
    const { form, focus } = asked.current ?? { form: null, focus: null };
    setAsking(false);
    const back = focus instanceof HTMLElement && focus.isConnected && focus.matches(FIELD) ? focus : form?.querySelector<HTMLElement>(FIELD);
    back?.focus();
  };
  if (asking) {
    return (
      <ConfirmQuestion
        id={`${id}-discard`}
        question={DISCARD_QUESTION}
        confirmLabel="Kassér"
        busyLabel="Kassér"
        busy={false}
        cancelLabel="Fortsæt med at skrive"
        escapeCancels
        onConfirm={props.onCancel}
        onCancel={keepWriting}
      />
    );
  }
  return (
    <>
      {/* data-saving while saving: Escape does not close a form whose save is on its way (escapeAsCancel). */}
      <p ref={row} className="actions" data-saving={props.loading || undefined}>
        <button type="submit" className="button" disabled={props.loading}>
          {props.loading ? props.busyLabel : props.submitLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={cancel} disabled={props.loading} data-escape>
          Annullér
        </button>
      </p>
      <WaitingForConnection saving={props.loading} />
    </>
  );
}

/**
 * Escape within `close`'s form (or panel) does what its "Annullér" does: the button marked
 * `data-escape` is pressed (FormActions; while asked, "Fortsæt med at skrive"), so a form
 * with typed text asks before it goes and one without closes at once. A form showing only
 * "Luk" (it can no longer be saved) closes. Nothing while its save is on its way (`data-saving`):
 * a form closed under it could show neither the server's refusal nor a conflict, and what was
 * typed would go.
 */
export function escapeAsCancel(close: () => void) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    const within = event.currentTarget;
    if (within.querySelector('[data-saving]')) return;
    const cancel = within.querySelector<HTMLButtonElement>('button[data-escape]');
    if (cancel) cancel.click();
    else close();
  };
}

/**
 * Says WAITING_FOR_CONNECTION while the form's save is held offline, under the form's own
 * buttons (a form without FormActions, e.g. "Log opgave", puts it there itself).
 */
export function WaitingForConnection(props: { saving: boolean }) {
  const { waiting } = usePendingSaves();
  const waitingHere = props.saving && waiting > 0;
  return (
    <p role="status" className={waitingHere ? 'notice notice-info' : 'visually-hidden'}>
      {waitingHere ? WAITING_FOR_CONNECTION : null}
    </p>
  );
}

/** "Luk", in place of a form's save: for a form that can no longer be saved. */
export function CloseOnly(props: { onClose: () => void }) {
  return (
    <p className="actions">
      <button type="button" className="button button-secondary" onClick={props.onClose}>
        Luk
      </button>
    </p>
  );
}

/** The problems that are set (forms clear a field's problem by deleting it or setting it undefined). */
/**
 * The yes-or-no before a change that cannot be undone: the question takes focus when it
 * appears; "Fortryd" (or `cancelLabel`) goes back to the form without sending. `escapeCancels`:
 * the form's Escape answers no (escapeAsCancel, `data-escape`).
 */
export function ConfirmQuestion(props: {
  id: string;
  question: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  cancelLabel?: string;
  escapeCancels?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => question.current?.focus(), []);
  return (
    <div className="confirm-box" role="group" aria-labelledby={`${props.id}-question`}>
      <p id={`${props.id}-question`} ref={question} tabIndex={-1}>
        {props.question}
      </p>
      <p className="actions">
        <button type="button" className="button button-danger" onClick={props.onConfirm} disabled={props.busy}>
          {props.busy ? props.busyLabel : props.confirmLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={props.onCancel} disabled={props.busy} data-escape={props.escapeCancels || undefined}>
          {props.cancelLabel ?? 'Fortryd'}
        </button>
      </p>
    </div>
  );
}

export function problemEntries(problems: Readonly<Record<string, string | null | undefined>>): Array<[string, string]> {
  return Object.entries(problems).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
}

/** True when `next` only lacks problems `before` had: the user fixed a field, nothing new went wrong. */
function onlyCleared(next: Array<[string, string]>, before: Array<[string, string]>): boolean {
  const had = new Set(before.map(([k]) => k));
  return next.length < before.length && next.every(([k]) => had.has(k));
}

/** One more than the heading just before `element` in the page, so the outline has no gap. */
function levelAfterPrecedingHeading(element: HTMLElement): number {
  let previous = 1;
  for (const h of Array.from(document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6'))) {
    if (element.contains(h)) continue;
    if (h.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) previous = Number(h.tagName[1]);
  }
  return Math.min(6, previous + 1);
}

/**
 * "Der er et problem": every problem of a failed submit at once, at the top of the form,
 * each a link that moves focus to its field — the error summary of the Danish public design
 * system (designsystem.dk, "Fejlopsummering"). Focus moves to the summary when a submit
 * fails (new problems appear; fixing a field only removes one), so a screen reader reads the
 * list first. Each field keeps its own message too (FieldInput, FieldError).
 *
 * `fieldId` names the control a problem is about; `order` lists the form's field keys, so
 * the list follows the form.
 */
export function ErrorSummary(props: {
  problems: Readonly<Record<string, string | null | undefined>>;
  fieldId: (key: string) => string;
  order?: readonly string[];
}) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const [level, setLevel] = useState(2);
  const entries = problemEntries(props.problems);
  if (props.order) entries.sort(([a], [b]) => rank(props.order!, a) - rank(props.order!, b));
  const before = useRef<Array<[string, string]>>([]);
  const shown = entries.length > 0;

  useLayoutEffect(() => {
    if (shown && box.current) setLevel(levelAfterPrecedingHeading(box.current));
  }, [shown]);

  useEffect(() => {
    const previous = before.current;
    before.current = entries;
    if (entries.length && !onlyCleared(entries, previous)) box.current?.focus();
    // Runs when the problems object changes: a submit sets a new one, even with the same problems.
  }, [props.problems]);

  if (!shown) return null;
  const Heading = `h${level}` as 'h2';
  const goTo = (key: string) => (event: MouseEvent) => {
    const field = document.getElementById(props.fieldId(key));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView?.({ block: 'center' });
  };
  return (
    <div ref={box} className="error-summary" tabIndex={-1} role="group" aria-labelledby={`${id}-heading`} data-testid="error-summary">
      <Heading id={`${id}-heading`} className="error-summary-heading">
        Der er et problem
      </Heading>
      <ul className="error-summary-list">
        {entries.map(([key, message]) => (
          <li key={key}>
            <a href={`#${props.fieldId(key)}`} onClick={goTo(key)}>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function rank(order: readonly string[], key: string): number {
  const at = order.indexOf(key);
  return at < 0 ? order.length : at;
}
