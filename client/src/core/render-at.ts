import { useEffect, useState } from 'react';

/** setTimeout's longest wait (about 24.8 days); a later instant is waited for in steps. */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

/**
 * Renders the component again when the next of `instants` (ISO times) has passed: what it
 * shows by the clock (a samtale begun, ended and awaiting its fremmøde, an agreed time gone)
 * changes then, also on a page nobody touches.
 */
export function useRenderAt(instants: ReadonlyArray<string | null | undefined>): void {
  const [turn, setTurn] = useState(0);
  const key = instants.join('|');
  useEffect(() => {
    const now = Date.now();
    const next = Math.min(...key.split('|').map((i) => (i ? Date.parse(i) : NaN)).filter((t) => t > now));
    if (!Number.isFinite(next)) return;
    // Just after the instant, so a comparison made at render time sees it passed.
    const timer = setTimeout(() => setTurn((n) => n + 1), Math.min(next - now + 20, LONGEST_WAIT_MS));
    return () => clearTimeout(timer);
  }, [key, turn]);
}
