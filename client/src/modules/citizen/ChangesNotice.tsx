import { useRef, type JSX, type RefObject } from 'react';
import { useFocusKeptWhenTaken } from '../../core/focus-kept';
import { formatTime } from '../../core/format';
import type { MyPlanQuery } from '../../gql/graphql';
import { changeLines, type PlanChange } from './planChanges';

type Plan = NonNullable<MyPlanQuery['myPlan']>;

const SEEN_KEY = (planId: string) => `samplan.minPlan.seen.${planId}`;

/**
 * Where the citizen had seen their plan to when this browser kept it (before the position was
 * kept with their account, CitizenPlan.changesSeenUpTo): read once, to carry it to the server
 * when it is further on than the server's, then forgotten (forgetKeptPosition).
 */
export function keptPosition(planId: string): string | null {
  try {
    return globalThis.localStorage?.getItem(SEEN_KEY(planId)) ?? null;
  } catch {
    // Storage unavailable (private browsing, disabled storage): nothing kept to carry over.
    return null;
  }
}

/** Drops the position this browser kept, once the server holds it (or one further on). */
export function forgetKeptPosition(planId: string): void {
  try {
    globalThis.localStorage?.removeItem(SEEN_KEY(planId));
  } catch {
    // As above: nothing kept, nothing to forget.
  }
}

/** Scrolls to the changed part of the page and puts the focus there, so a screen reader reads on from it. */
function jumpTo(id: string) {
  const element = document.getElementById(id);
  if (!element) return;
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.scrollIntoView?.({ block: 'start' });
  element.focus();
}

/**
 * "Nyt i din plan": each change the municipality made that the citizen has not seen yet, in
 * their own words, with a link to where it is on the page (on a phone the samtale may be far
 * below). The changed cards keep their "Nyt" until "Jeg har set det", so the one a link jumps
 * to still says it is new when the citizen gets there. "Jeg har set det" takes the box away with
 * the button on it: the keyboard user's place is then `focusWhenGone` (the page's heading, just
 * above where the box was), not the top of the page.
 */
export function ChangesNotice(props: {
  plan: Plan;
  changes: readonly PlanChange[];
  /** When the plan was last read again on a live change; none for changes made before this visit. */
  updatedAt: string | null;
  onSeen: () => void;
  /** Where the focus goes when it was in the box and the box goes (it must take the focus: a heading with tabIndex -1). */
  focusWhenGone: RefObject<HTMLElement | null>;
}): JSX.Element | null {
  const box = useRef<HTMLElement>(null);
  useFocusKeptWhenTaken(box, props.changes.length === 0, props.focusWhenGone);
  if (props.changes.length === 0) return null;
  // Newest first; two changes of the same card keep a line each unless they read alike.
  const lines = changeLines(props.changes, props.plan);
  return (
    <section ref={box} className="notice notice-info citizen-changes no-print" aria-labelledby="citizen-changes-heading" data-testid="citizen-updated">
      <h2 id="citizen-changes-heading" className="notice-title">
        {props.changes.every((c) => c.earlier) ? 'Nyt, siden du sidst så din plan' : 'Nyt i din plan'}
      </h2>
      {props.updatedAt ? <p>Planen blev opdateret {formatTime(props.updatedAt)}.</p> : null}
      <ul className="citizen-changes-list">
        {lines.map(({ seq, text, target }) => (
          <li key={seq} data-testid="citizen-change">
            {target ? (
              <a
                href={`#${target}`}
                onClick={(e) => {
                  e.preventDefault();
                  jumpTo(target);
                }}
              >
                {text}
              </a>
            ) : (
              text
            )}
          </li>
        ))}
      </ul>
      <p className="actions">
        <button type="button" className="button button-secondary" onClick={props.onSeen}>
          Jeg har set det
        </button>
      </p>
    </section>
  );
}

/** "Nyt" on a card or section the citizen has not seen since it changed. */
export function NewTag({ shown }: { shown: boolean }): JSX.Element | null {
  return shown ? (
    <>
      {' '}
      <span className="new-marker" data-testid="citizen-new">
        Nyt
      </span>
    </>
  ) : null;
}
