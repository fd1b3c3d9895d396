import { errorMessage } from '../../core/errors';
import { formatWhen } from '../../core/format';
import { LiveBadge } from '../../core/ui';
import { changedByLabel } from './events';
import { usePlanLive } from './PlanLive';

/** "Seneste ændringer": the plan's events as they arrive, newest first. */
export function LiveFeed() {
  const live = usePlanLive();
  const events = live?.events ?? [];
  return (
    <section className="card live-feed" aria-labelledby="feed-heading">
      <div className="section-heading">
        <h2 id="feed-heading">Seneste ændringer</h2>
        <LiveBadge />
      </div>
      {/* Announces each new change once, politely, without reading the whole list. */}
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="live-announcement">
        {live?.announcement ?? ''}
      </p>
      {live?.error ? (
        <p className="hint" role="alert">
          Live-opdateringer virker ikke lige nu: {errorMessage(live.error)}
        </p>
      ) : null}
      {events.length === 0 ? (
        <p className="hint">Ændringer fra de andre forvaltninger vises her, så snart de bliver gemt.</p>
      ) : (
        <ol className="feed-list">
          {events.map((event) => (
            <li key={event.seq} className="feed-item">
              <p className="feed-summary">{event.summary}</p>
              <p className="feed-meta">
                {[event.actor?.name, event.unit?.name].filter(Boolean).join(', ') || changedByLabel(event)} · <time dateTime={event.at}>{formatWhen(event.at)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
