import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A section's message after a change ("… er markeret som udført."). A change can take the
 * focused control away with it: marking an activity done moves it from "Kommende" to the
 * folded "Tidligere og afsluttede", and ending a mentor grant removes its button. Then
 * focus lands on this message, so a keyboard user keeps their place on the page.
 */
export function useChangeNotice(testId?: string) {
  const [notice, setNotice] = useState<{ text: string; action?: ReactNode; count: number } | null>(null);
  const ref = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (!notice) return;
    // After the re-render that may have removed the focused control.
    const timer = setTimeout(() => {
      const active = document.activeElement;
      if (!active || active === document.body) ref.current?.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [notice]);

  /** `action`: a control that belongs to the message, e.g. "Fortryd" (it brings its own space before it). */
  const show = useCallback((text: string, action?: ReactNode) => setNotice((cur) => ({ text, action, count: (cur?.count ?? 0) + 1 })), []);
  const element = notice ? (
    <p ref={ref} tabIndex={-1} className="notice notice-info" role="status" data-testid={testId}>
      {notice.text}
      {notice.action}
    </p>
  ) : null;
  /** Takes the message away: another, newer one elsewhere on the card now says what happened last. */
  const clear = useCallback(() => setNotice(null), []);
  return { show, clear, element };
}
