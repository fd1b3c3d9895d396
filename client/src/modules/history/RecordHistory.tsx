import { useId, useMemo, useState, type ReactNode } from 'react';
import { formatDateTime } from '../../core/format';
import { ErrorNotice } from '../../core/ui';
import type { PlanEvent } from '../live/events';
import { usePlanLive } from '../live/PlanLive';
import { changedBy, changeText, eventSentence } from '../live/sentence';
import { ShowOlder } from './ShowOlder';
import { usePlanHistory } from './usePlanHistory';
import './history.css';

/** One change in a record's history: who, when, and each field before → after. */
function HistoryEntry(props: { event: PlanEvent; unseen: boolean; action?: ReactNode }) {
  const { event } = props;
  return (
    <li className={`history-entry${props.unseen ? ' is-new' : ''}`} data-testid="history-entry">
      <p className="history-meta">
        {props.unseen ? <span className="new-marker">Ny</span> : null}
        {props.unseen ? ' ' : null}
        <strong>{changedBy(event)}</strong> · <time dateTime={event.at}>{formatDateTime(event.at)}</time>
      </p>
      {event.changes.length ? (
        <ul className="history-changes">
          {event.changes.map((change) => (
            <li key={change.field}>{changeText(change)}</li>
          ))}
        </ul>
      ) : (
        <p className="history-changes">{eventSentence(event)}</p>
      )}
      {props.action}
    </li>
  );
}

/** The history of one record, newest first, read when opened; live changes to it join at the top. */
function HistoryList(props: { planId: string; recordId: string; action?: (event: PlanEvent) => ReactNode }) {
  const live = usePlanLive();
  const all = live?.events;
  const arrived = useMemo(() => (all ?? []).filter((event) => event.entityId === props.recordId), [all, props.recordId]);
  const history = usePlanHistory({ planId: props.planId, recordId: props.recordId, live: arrived });
  return (
    <>
      {history.error ? <ErrorNotice error={history.error} title="Historikken kunne ikke hentes" /> : null}
      {history.loading ? <p className="hint">Henter historik…</p> : null}
      {!history.loading && history.items.length === 0 && !history.error ? <p className="hint">Ingen ændringer endnu.</p> : null}
      {history.items.length ? (
        <ol className="history-list">
          {history.items.map((event) => (
            <HistoryEntry key={event.seq} event={event} unseen={live?.isUnseen(event) ?? false} action={props.action?.(event)} />
          ))}
        </ol>
      ) : null}
      {history.hasOlder ? <ShowOlder onClick={() => void history.loadOlder()} busy={history.loadingOlder} /> : null}
    </>
  );
}

/**
 * "Historik" on a card: a button that opens the record's changes (who, when, each field
 * before → after), newest first, with "Vis ældre". `action` adds a control to an entry
 * (e.g. "Fortryd" on an activity's outcome).
 */
export function RecordHistory(props: { recordId: string; title: string; action?: (event: PlanEvent) => ReactNode }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  // The plan the record belongs to, from the plan page's live context (a card shown on its own has no history).
  const planId = usePlanLive()?.planId;
  if (!planId) return null;
  return (
    <div className="record-history">
      <button type="button" className="button button-secondary button-small" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        Historik<span className="visually-hidden"> for {props.title}</span>
      </button>
      <div id={id} className="record-history-panel" hidden={!open}>
        {open ? <HistoryList planId={planId} recordId={props.recordId} action={props.action} /> : null}
      </div>
    </div>
  );
}
