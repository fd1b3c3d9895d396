import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { describeError, errorMessage } from '../../core/errors';
import { useFocusKeptWhenTaken } from '../../core/focus-kept';
import { formatWhen } from '../../core/format';
import { ErrorNotice, LiveBadge } from '../../core/ui';
import { ShowOlder } from '../history/ShowOlder';
import { oneLinePerAction } from './events';
import { usePlanLive } from './PlanLive';
import { changedBy, eventSentence, newChangesText } from './sentence';

/** "3 ændringer siden dit sidste besøg". */
export function unseenSummary(count: number): string {
  return `${count} ${count === 1 ? 'ændring' : 'ændringer'} siden dit sidste besøg`;
}

/** The heading of "Seneste ændringer", where the notice of new changes leads. */
const FEED_HEADING_ID = 'feed-heading';

/**
 * Whether the notice's own place at the top of the plan is in the window. Where the browser
 * cannot tell, it is taken as scrolled away: the notice is then always held in view.
 */
function usePlaceInView(place: RefObject<HTMLElement | null>, watching: boolean): boolean {
  const canTell = typeof IntersectionObserver !== 'undefined';
  const [inView, setInView] = useState(canTell);
  useEffect(() => {
    const element = place.current;
    if (!watching || !element || !canTell) return;
    const observer = new IntersectionObserver(([entry]) => setInView(!!entry?.isIntersecting));
    observer.observe(element);
    return () => {
      observer.disconnect();
      setInView(true);
    };
  }, [place, watching, canTell]);
  return inView;
}

/**
 * "3 nye ændringer": jumps to the feed, where they are marked. Nothing when there is nothing new.
 * It has its place among the section links at the top of the plan; once that is scrolled out of
 * the window it is held at the bottom of the window (.live-notice.is-floating), so a change that
 * arrives while the user is far down the plan is seen where they are. Each change is read out by
 * the feed's own polite live region, so the notice is not one too.
 */
export function UnseenPill() {
  const count = usePlanLive()?.unseenCount ?? 0;
  const place = useRef<HTMLDivElement>(null);
  const placeInView = usePlaceInView(place, count > 0);
  if (count === 0) return null;
  return (
    <div ref={place} className={`live-notice${placeInView ? '' : ' is-floating'}`} data-testid="live-notice">
      <a className="unseen-pill" href={`#${FEED_HEADING_ID}`} data-testid="unseen-pill">
        {newChangesText(count)}
      </a>
    </div>
  );
}

/** "Nyt siden dit sidste besøg": how many, and "Markér som set". */
function UnseenSummary() {
  const live = usePlanLive();
  if (!live || live.unseenCount === 0) return null;
  return (
    <div className="unseen-summary" data-testid="unseen-summary">
      <p>
        <span className="new-marker">Ny</span> {unseenSummary(live.unseenCount)}
      </p>
      <button type="button" className="button button-secondary button-small" onClick={() => void live.markSeen()} disabled={live.marking} aria-busy={live.marking}>
        Markér som set
      </button>
      {live.markError ? <ErrorNotice error={live.markError} title="Kunne ikke markere ændringerne som set" /> : null}
    </div>
  );
}

/** "Seneste ændringer": the plan's history, newest first, with live changes on top and what is new to me marked "Ny". */
export function LiveFeed() {
  const live = usePlanLive();
  // One line per action: the record's own history (RecordHistory) lists each of its events.
  const all = live?.events;
  const events = useMemo(() => oneLinePerAction(all ?? []), [all]);
  const history = live?.history;
  // "Markér som set" goes with what it marked: a focus on it goes to the feed's heading, not the top of the page.
  const feed = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusKeptWhenTaken(feed, !live?.unseenCount, heading);
  return (
    <section ref={feed} className="card live-feed" aria-labelledby={FEED_HEADING_ID} id="seneste-aendringer">
      <div className="section-heading">
        <h2 id={FEED_HEADING_ID} ref={heading} tabIndex={-1}>
          Seneste ændringer
        </h2>
        <LiveBadge />
      </div>
      {/* Announces each new change once, politely, without reading the whole list. */}
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="live-announcement">
        {live?.announcement ?? ''}
      </p>
      {live?.error ? (
        <p className="hint" role="alert">
          {describeError(live.error).kind === 'NOT_FOUND'
            ? 'Du har ikke længere adgang til planen, så den opdateres ikke mere.'
            : `Live-opdateringer virker ikke lige nu: ${errorMessage(live.error)}`}
        </p>
      ) : null}
      <UnseenSummary />
      {history?.error ? <ErrorNotice error={history.error} title="Historikken kunne ikke hentes" /> : null}
      {events.length === 0 ? (
        // Everyone's changes are listed, the reader's own among them (only the rules' warnings are not).
        <p className="hint">{history?.loading ? 'Henter ændringer…' : 'Ændringer i planen vises her, så snart de er gemt – også dine egne.'}</p>
      ) : (
        // Focusable: the list scrolls, and keyboard users scroll it too.
        <ol className="feed-list" aria-label="Ændringer, nyeste først" tabIndex={0}>
          {events.map((event) => {
            const unseen = live?.isUnseen(event) ?? false;
            return (
              <li key={event.seq} className={`feed-item${unseen ? ' is-new' : ''}`} data-testid="feed-item" data-seq={event.seq}>
                <p className="feed-summary">
                  {unseen ? <span className="new-marker">Ny</span> : null}
                  {unseen ? ' ' : null}
                  {eventSentence(event)}
                </p>
                <p className="feed-meta">
                  {changedBy(event)} · <time dateTime={event.at}>{formatWhen(event.at)}</time>
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {history?.hasOlder ? <ShowOlder onClick={() => void history.loadOlder()} busy={history.loadingOlder} /> : null}
    </section>
  );
}
