import { useEffect } from 'react';

/**
 * The browser's own question before the page is left by a reload, a closed tab or a link
 * out: asked while any of the registered reasons holds (typed text not yet submitted,
 * unsaved-text.ts; saves held offline, the header's user menu). One listener serves them all.
 */
const reasons = new Set<() => boolean>();
let listening = false;

function onBeforeUnload(event: BeforeUnloadEvent): void {
  if (![...reasons].some((holds) => holds())) return;
  event.preventDefault();
  // Older browsers ask only when returnValue is set.
  event.returnValue = '';
}

/** Asks before unload while `holds()` is true, until the returned function is called. */
export function askBeforeUnloadWhile(holds: () => boolean): () => void {
  reasons.add(holds);
  if (!listening && typeof window !== 'undefined') {
    window.addEventListener('beforeunload', onBeforeUnload);
    listening = true;
  }
  return () => {
    reasons.delete(holds);
  };
}

/** Asks before unload while `active` (a component's state, e.g. saves held offline). */
export function useAskBeforeUnload(active: boolean): void {
  useEffect(() => (active ? askBeforeUnloadWhile(() => true) : undefined), [active]);
}
