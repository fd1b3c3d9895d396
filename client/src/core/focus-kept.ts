import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Keeps the keyboard user's place when a change from elsewhere takes away the control they
 * were on (a programme or a grant ending removes its buttons): once `taken` turns true, a focus
 * that was inside `scope` (null: anywhere on the page) and has fallen to the page's body goes
 * to `target` instead of the top of the page. Followed by `focusin` on the document, since a control taken out of the page
 * says nothing when it loses the focus.
 */
export function useFocusKeptWhenTaken(scope: RefObject<HTMLElement | null> | null, taken: boolean, target: RefObject<HTMLElement | null>): void {
  const focusWithin = useRef(false);
  useEffect(() => {
    const onFocusIn = (e: FocusEvent) => {
      focusWithin.current = scope ? !!scope.current?.contains(e.target as Node) : e.target !== document.body;
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, [scope]);
  useEffect(() => {
    if (!taken || !focusWithin.current) return;
    if (!document.activeElement || document.activeElement === document.body) target.current?.focus();
  }, [taken, target]);
}

/**
 * "Vis ældre" on a paged list: the first entry of the page just added takes the focus, so the
 * keyboard user reads on from there instead of starting over at the button (which goes once the
 * last page is read). Entries carry `data-entry-id`; call `focusEntry(id)` once the page has
 * been fetched. The list may show the page a moment before or after the fetch says it is done,
 * so the focus is tried again on every render of `entries` until the entry is there.
 */
export function useFocusOnNewEntry<T extends HTMLElement>(entries: unknown): { container: RefObject<T | null>; focusEntry: (id: string | null) => void } {
  const container = useRef<T>(null);
  const [focusId, focusEntry] = useState<string | null>(null);
  useEffect(() => {
    if (!focusId) return;
    const entry = [...(container.current?.querySelectorAll<HTMLElement>('[data-entry-id]') ?? [])].find((el) => el.dataset.entryId === focusId);
    if (!entry) return;
    entry.focus();
    focusEntry(null);
  }, [focusId, entries]);
  return { container, focusEntry };
}
