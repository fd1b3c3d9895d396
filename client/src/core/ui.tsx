import { useCallback, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { describeError, errorMessage } from './errors';
import { useLiveIndicator, useLiveState, usePendingSaves, type LiveIndicatorState } from './live';

/** An error from the API in Danish, announced to screen readers. */
export function ErrorNotice({ error, title, action, onRetry }: { error: unknown; title?: string; action?: ReactNode; onRetry?: () => void }) {
  const kind = describeError(error).kind;
  return (
    <div className="notice notice-error" role="alert" data-error-kind={kind}>
      {title ? <p className="notice-title">{title}</p> : null}
      <p>{errorMessage(error)}</p>
      {action}
      {onRetry ? (
        <p className="actions">
          <button type="button" className="button button-secondary" onClick={onRetry}>
            Prøv igen
          </button>
        </p>
      ) : null}
    </div>
  );
}

/**
 * How long a status message's live region is in the page, empty, before the message is put
 * into it. A screen reader announces a change to a live region it already knows; a region
 * that arrives with its text already in it is often not read out at all.
 */
export const STATUS_FILL_DELAY_MS = 100;

/**
 * What just happened (a save, a change by someone else), announced politely; nothing when
 * there is no message. A new message's region goes into the page empty (and unseen) and is
 * filled STATUS_FILL_DELAY_MS later, so it is announced; a message that replaces another
 * goes straight into the region that is already there.
 */
export function StatusNotice({ message }: { message?: string | null }) {
  const [filled, setFilled] = useState(false);
  const present = !!message;
  useEffect(() => {
    if (!present) {
      setFilled(false);
      return;
    }
    const timer = setTimeout(() => setFilled(true), STATUS_FILL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [present]);
  if (!message) return null;
  return (
    <p className={filled ? 'notice notice-info' : 'visually-hidden'} role="status">
      {filled ? message : null}
    </p>
  );
}

/** A field's problem under the field; `id` is what the field's aria-describedby names. Nothing when there is no problem. */
export function FieldError({ id, message }: { id: string; message?: string | null }) {
  return message ? (
    <p className="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

/** A polite loading message. */
export function Loading({ label = 'Henter…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

export const LIVE_LOST_MESSAGE = 'Forbindelsen til live-opdateringer er afbrudt. Vi forbinder igen og henter det, du har misset.';
export const OFFLINE_MESSAGE = 'Du er offline. Ændringer, du gemmer nu, sendes, når forbindelsen er tilbage.';

const changes = (n: number) => `${n} ${n === 1 ? 'ændring' : 'ændringer'}`;

/**
 * "Forbindelsen er tilbage. 2 ændringer er sendt.", and what was not saved, with the
 * server's reasons (each said once).
 */
export function backOnlineMessage(sent: number, notSaved: readonly string[] = []): string {
  const said = sent > 0 ? ` ${changes(sent)} er sendt.` : '';
  if (!notSaved.length) return `Forbindelsen er tilbage.${said}`;
  const why = [...new Set(notSaved)].join(' ');
  return `Forbindelsen er tilbage.${said} ${notSaved.length === 1 ? 'Én ændring' : `${notSaved.length} ændringer`} blev ikke gemt: ${why} Se efter på siden, og gem igen, hvis det stadig skal med.`;
}

/** How long the banner says what was sent after the connection came back. */
const SENT_NOTICE_MS = 10_000;

/**
 * A banner, kept at the top of the window while it matters: the browser is offline (saves
 * wait and are sent later), the live connection is lost (the WebSocket reconnects by itself
 * and catches up from the last event it saw), or the connection is back and the saves that
 * waited are sent. The region is always in the page so screen readers announce the change.
 */
export function ConnectionStatus() {
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
  const live = useLiveState();
  const saves = usePendingSaves();
  const { sent, notSaved, acknowledge } = saves;
  // What was sent goes after a while; what was not saved stays until the user has read it.
  const unsaved = notSaved.length > 0;
  useEffect(() => {
    if (!sent || unsaved) return;
    const timer = setTimeout(acknowledge, SENT_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [sent, unsaved, acknowledge]);
  const caughtUp = (sent > 0 || unsaved) && saves.waiting === 0;
  const message = !online ? OFFLINE_MESSAGE : caughtUp ? backOnlineMessage(sent, notSaved) : live === 'reconnecting' ? LIVE_LOST_MESSAGE : null;
  return (
    <div role="status" className={message ? 'offline-banner' : 'visually-hidden'} data-testid="connection-status">
      {message}
      {online && caughtUp && unsaved ? (
        <>
          {' '}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              // The banner goes with the button: focus to the page's main content, not lost to the top.
              document.getElementById('main')?.focus();
              acknowledge();
            }}
          >
            OK
          </button>
        </>
      ) : null}
    </div>
  );
}

export const LIVE_INTERRUPTED_TEXT = 'Ikke live lige nu – prøver igen';
export const LIVE_INTERRUPTED_MESSAGE = 'Ændringer fra andre vises ikke live lige nu. Vi prøver igen af os selv og henter det, du har misset.';

/** The server refused the screen's stream for good (no access any longer): nothing comes live, and nothing is tried again. */
export const LIVE_STOPPED_TEXT = 'Opdateres ikke længere live';

const LIVE_BADGE_TEXT: Record<LiveIndicatorState, string> = {
  connected: 'Opdateres live',
  interrupted: LIVE_INTERRUPTED_TEXT,
  stopped: LIVE_STOPPED_TEXT,
  reconnecting: 'Forbinder igen…',
  connecting: 'Forbinder…',
  idle: 'Live',
};

/**
 * "Opdateres live" / "Forbinder…" / "Ikke live lige nu – prøver igen" / "Opdateres ikke længere
 * live": the live connection's state next to a live list, and whether the screen's streams run
 * (useLiveIndicator). That the screen is not live for a while is said to screen readers once,
 * politely, as it happens; a lost socket is said by the banner (ConnectionStatus), a stream
 * refused for good by the screen itself (e.g. "Du har ikke længere adgang til planen").
 */
export function LiveBadge() {
  const state = useLiveIndicator();
  const text = LIVE_BADGE_TEXT[state];
  return (
    <>
      <span className={`live-badge live-${state}`} data-live-state={state}>
        <span className="live-dot" aria-hidden="true" />
        {text}
      </span>
      <span className="visually-hidden" role="status" aria-live="polite" data-testid="live-state-announcement">
        {state === 'interrupted' ? LIVE_INTERRUPTED_MESSAGE : ''}
      </span>
    </>
  );
}

/**
 * A list that shows its newest `shown` items (the list comes newest first) and a button to
 * show all of it and back. `toggle` is null while everything fits.
 */
export function useNewestShown<T>(
  items: readonly T[],
  shown: number,
  words: { all: (count: number) => string; fewer: string },
): { visible: readonly T[]; toggle: ReactNode } {
  const [all, setAll] = useState(false);
  if (items.length <= shown) return { visible: items, toggle: null };
  return {
    visible: all ? items : items.slice(0, shown),
    toggle: (
      <button type="button" className="button button-secondary" aria-expanded={all} onClick={() => setAll((v) => !v)}>
        {all ? words.fewer : words.all(items.length)}
      </button>
    ),
  };
}

/**
 * useNewestShown that keeps shown the rows the user has opened a form in. A new row at
 * the top (a task logged, a samtale recorded, read again on a live event) or "Vis kun de seneste"
 * would push such a row out of the list, and its form with what the user typed. A kept row stays
 * after its form closes too, with the message of its save and the focus on its button, for as
 * long as the page is open. Used by the mentor's "Min log" and the citizen's held samtaler.
 */
export function useNewestShownKeeping<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  shown: number,
  words: { all: (count: number) => string; fewer: string },
): { visible: readonly T[]; toggle: ReactNode; keep: (id: string) => void } {
  const newest = useNewestShown(items, shown, words);
  const [kept, setKept] = useState<ReadonlySet<string>>(() => new Set());
  const keep = useCallback((id: string) => setKept((k) => (k.has(id) ? k : new Set(k).add(id))), []);
  const visible = kept.size ? items.filter((item) => newest.visible.includes(item) || kept.has(idOf(item))) : newest.visible;
  return { visible, toggle: newest.toggle, keep };
}

/** "Vis hele loggen (9)" / "Vis kun de seneste": a mentor's log, on the plan and on the mentor's page. */
export const LOG_TOGGLE_WORDS = { all: (count: number) => `Vis hele loggen (${count})`, fewer: 'Vis kun de seneste' };

/**
 * A short mark after a heading's text ("Aflyst", "Afsluttet", "Din enhed"), spaced from it: a
 * screen reader reads the heading as "Bostøtte Afsluttet", and so does a copied text, not
 * "BostøtteAfsluttet" (an inline element adds no space of its own).
 */
export function Tag({ children }: { children: ReactNode }) {
  return (
    <>
      {' '}
      <span className="tag">{children}</span>
    </>
  );
}
