import { useEffect } from 'react';
import { askBeforeUnloadWhile } from './ask-before-unload';

/**
 * What the user has typed in a form and not yet saved: leaving the page would throw it away,
 * so the router asks first (router.tsx, LeaveQuestion) and so does the browser on a reload or
 * a closed tab; so does the form's own "Annullér" (FormActions).
 *
 * Read from the page itself, not kept by each form: a form is marked when a field of it is
 * typed in or changed, and the mark stays until the save succeeds. Sending is not saving: a
 * save refused (the server's reason, a field's problem, no connection) leaves the form open
 * with the text, still unsaved. A form that closes after its save is gone from the page, and
 * with it its mark; a form that stays open after its save (or goes to another page from it)
 * says so with formSaved. Search and filter forms (`role="search"`) and forms marked
 * `data-leave-freely` (a choice of period, a plan id to open, the demo sign-in) hold no work
 * and never count.
 */

const MARK = 'unsaved';
const FREE = 'form[role="search"], form[data-leave-freely]';
/** Fields whose change is the user's work; a search box is not. */
const NOT_WORK = new Set(['search', 'button', 'submit', 'reset', 'hidden', 'image', 'file']);

function formOfWork(target: EventTarget | null): HTMLFormElement | null {
  if (target instanceof HTMLInputElement && NOT_WORK.has(target.type)) return null;
  if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)) return null;
  const form = target.form ?? target.closest('form');
  return form && !form.matches(FREE) ? form : null;
}

function onInput(event: Event): void {
  const form = formOfWork(event.target);
  if (form) form.dataset[MARK] = '';
}

/** Whether `form` holds text typed and not yet saved. */
export function formHoldsUnsavedText(form: HTMLFormElement | null | undefined): boolean {
  return form?.dataset[MARK] !== undefined;
}

/**
 * The save of `form` succeeded and the form stays on the page (emptied for the next entry, or
 * while the page goes on to what was created): what it held is saved, and leaving asks nothing.
 */
export function formSaved(form: HTMLFormElement | null | undefined): void {
  if (form) delete form.dataset[MARK];
}

/** Text on the page that is no form's (useLeavingAsksWhile): one entry per component holding it. */
const textOutsideForms = new Set<object>();

/** True while a form on the page holds typed text not yet saved, or the page holds text kept outside a form. */
export function hasUnsavedText(root: Document = document): boolean {
  if (textOutsideForms.size > 0) return true;
  return Array.from(root.querySelectorAll<HTMLFormElement>(`form[data-${MARK}]`)).some((form) => form.isConnected && !form.closest('[hidden]'));
}

/**
 * For text the user wrote that the page still shows but no form holds (the citizen's words
 * kept after their forløb ended under them, to copy): while `active`, leaving the page asks
 * as it does for a form's typed text.
 */
export function useLeavingAsksWhile(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    followUnsavedText();
    const entry = {};
    textOutsideForms.add(entry);
    return () => {
      textOutsideForms.delete(entry);
    };
  }, [active]);
}

let installed = false;

/** Starts following the page's forms (once; the router calls it when it loads). */
export function followUnsavedText(): void {
  if (installed || typeof document === 'undefined') return;
  installed = true;
  // Capture: a form that stops the event's propagation is still marked.
  document.addEventListener('input', onInput, true);
  document.addEventListener('change', onInput, true);
  askBeforeUnloadWhile(() => hasUnsavedText());
}
