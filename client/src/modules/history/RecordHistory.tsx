import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { formatDateTime } from '../../core/format';
import { useChangeNotice } from '../../core/forms/ChangeNotice';
import { ErrorNotice } from '../../core/ui';
import type { PlanEvent } from '../live/events';
import { usePlanLive } from '../live/PlanLive';
import { changedBy, changeText, eventSentence } from '../live/sentence';
import { announceInHistory, useHistoryPanelState, type HistoryPanelState } from './historyPanelState';
import { ShowOlder } from './ShowOlder';
import { usePlanHistory } from './usePlanHistory';
import './history.css';

/** One change in a record's history: who, when, and each field before → after. */
function HistoryEntry(props: { event: PlanEvent; unseen: boolean; action?: ReactNode }) {
  const { event } = props;
  return (
    <li className={`history-entry${props.unseen ? ' is-new' : ''}`} data-testid="history-entry" data-seq={event.seq} tabIndex={-1}>
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
  // "Vis ældre" goes once the last page is read, with the focus on it: the first older change
  // takes the focus, so the keyboard user reads on from there (the list may show the page a
  // moment before or after the read says it is done), and the panel's message says what came.
  const list = useRef<HTMLOListElement>(null);
  const [focusSeq, setFocusSeq] = useState<string | null>(null);
  useEffect(() => {
    if (!focusSeq) return;
    const entry = Array.from(list.current?.querySelectorAll<HTMLElement>('[data-seq]') ?? []).find((li) => li.dataset.seq === focusSeq);
    if (!entry) return;
    entry.focus();
    setFocusSeq(null);
  }, [focusSeq, history.items]);
  const showOlder = async () => {
    const older = await history.loadOlder();
    if (!older) return;
    const count = older.items.length;
    setFocusSeq(older.items[0]?.seq ?? null);
    announceInHistory(
      props.recordId,
      `${count} ældre ${count === 1 ? 'ændring' : 'ændringer'} vist.${older.hasOlder ? '' : ' Der er ikke flere.'}`,
    );
  };
  return (
    <>
      {history.error ? <ErrorNotice error={history.error} title="Historikken kunne ikke hentes" /> : null}
      {history.loading ? <p className="hint">Henter historik…</p> : null}
      {!history.loading && history.items.length === 0 && !history.error ? <p className="hint">Ingen ændringer endnu.</p> : null}
      {history.items.length ? (
        <ol ref={list} className="history-list">
          {history.items.map((event) => (
            <HistoryEntry key={event.seq} event={event} unseen={live?.isUnseen(event) ?? false} action={props.action?.(event)} />
          ))}
        </ol>
      ) : null}
      {history.hasOlder ? <ShowOlder onClick={() => void showOlder()} busy={history.loadingOlder} /> : null}
    </>
  );
}

/**
 * The panel's message (what "Fortryd" or "Vis ældre" did), announced; it takes the focus when
 * the control that had it went with the change (useChangeNotice). Shown anew each time the
 * panel has a message, so a closed and reopened panel never shows an old one.
 */
function HistoryNotice(props: { notice: NonNullable<HistoryPanelState['notice']> }) {
  const { show, element } = useChangeNotice('history-notice');
  const { text } = props.notice;
  useEffect(() => show(text), [props.notice, text, show]);
  return element;
}

/**
 * "Historik" on a card: a button that opens the record's changes (who, when, each field
 * before → after), newest first, with "Vis ældre". `action` adds a control to an entry
 * (e.g. "Fortryd" on an activity's outcome).
 */
export function RecordHistory(props: { recordId: string; title: string; action?: (event: PlanEvent) => ReactNode }) {
  const id = useId();
  // Open or not, and the message, by record: an action in the history can move the card (historyPanelState).
  const [{ open, notice }, setOpen] = useHistoryPanelState(props.recordId);
  // The plan the record belongs to, from the plan page's live context (a card shown on its own has no history).
  const planId = usePlanLive()?.planId;
  if (!planId) return null;
  return (
    <div className="record-history">
      {/* Named by its record, so a notice about a change can open this history (OverwriteNotice). */}
      <button type="button" className="button button-secondary button-small" aria-expanded={open} aria-controls={id} data-history-of={props.recordId} onClick={() => setOpen(!open)}>
        Historik<span className="visually-hidden"> for {props.title}</span>
      </button>
      <div id={id} className="record-history-panel" hidden={!open}>
        {open && notice ? <HistoryNotice notice={notice} /> : null}
        {open ? <HistoryList planId={planId} recordId={props.recordId} action={props.action} /> : null}
      </div>
    </div>
  );
}
