import { useEffect, type RefObject } from 'react';

/**
 * The folded sections (a unit month by month, the figures' definitions) open while the page is
 * printed, and those the leader had closed fold again after: folded, a section prints as its
 * heading alone. styles.css unfolds them in print too, where the browser can; this covers the
 * browsers that cannot.
 */
export function useOpenForPrint(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    let opened: HTMLDetailsElement[] = [];
    const open = () => {
      opened = Array.from(ref.current?.querySelectorAll<HTMLDetailsElement>('details:not([open])') ?? []);
      for (const details of opened) details.open = true;
    };
    const restore = () => {
      for (const details of opened) details.open = false;
      opened = [];
    };
    window.addEventListener('beforeprint', open);
    window.addEventListener('afterprint', restore);
    return () => {
      window.removeEventListener('beforeprint', open);
      window.removeEventListener('afterprint', restore);
    };
  }, [ref]);
}
