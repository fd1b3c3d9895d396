import { useEffect, useRef, type RefObject } from 'react';

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
