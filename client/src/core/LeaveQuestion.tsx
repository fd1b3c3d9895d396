import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useHeldNavigation } from './router';

/**
 * "Vil du forlade siden?": asked when the user goes to another page (a link, the menu, the
 * browser's back button) while a form holds text not yet saved (core/unsaved-text.ts).
 * Staying is the default and what Escape does: focus returns where it was, to the text.
 */
export function LeaveQuestion() {
  const { held, leave, stay } = useHeldNavigation();
  const id = useId();
  const stayButton = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const before = useRef<Element | null>(null);
  const open = held !== null;

  useEffect(() => {
    if (!open) return;
    before.current = document.activeElement;
    stayButton.current?.focus();
    return () => {
      const back = before.current;
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, [open]);

  if (!open) return null;
  // A modal question: Tab stays on its two buttons.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      stay();
      return;
    }
    if (event.key !== 'Tab') return;
    const buttons = Array.from(box.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[(at + (event.shiftKey ? buttons.length - 1 : 1)) % buttons.length];
    event.preventDefault();
    next?.focus();
  };
  return (
    <div className="modal-backdrop no-print">
      <div ref={box} className="modal card" role="alertdialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`} onKeyDown={onKeyDown}>
        <h2 id={`${id}-title`}>Vil du forlade siden?</h2>
        <p id={`${id}-text`}>Du har skrevet noget, der ikke er gemt. Forlader du siden nu, går det tabt.</p>
        <p className="actions">
          <button ref={stayButton} type="button" className="button" onClick={stay}>
            Bliv på siden
          </button>
          <button type="button" className="button button-danger" onClick={leave}>
            Forlad siden
          </button>
        </p>
      </div>
    </div>
  );
}
