import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type { PlanEvent } from '../live/events';
import { usePlanLive } from '../live/PlanLive';
import { useViewer } from '../org/viewer';
import './presence.css';

export interface OverwriteNotice {
  seq: string;
  recordId: string;
  /** "Anna Holm gemte oven i din ændring af Bostøtte (Status, Noter)" */
  text: string;
  title: string;
}

/** The notice for the viewer when this save replaced values the viewer had saved; null otherwise. */
export function overwriteNoticeOf(event: Pick<PlanEvent, 'seq' | 'entityId' | 'title' | 'actor' | 'overwrote'>, viewerId: string | null | undefined): OverwriteNotice | null {
  if (!viewerId || event.actor?.id === viewerId) return null;
  const fields = [...new Set(event.overwrote.filter((o) => o.user.id === viewerId).flatMap((o) => o.fields))];
  if (fields.length === 0) return null;
  const who = event.actor?.name ?? 'En anden';
  const title = event.title ?? 'en post i planen';
  return { seq: event.seq, recordId: event.entityId, title, text: `${who} gemte oven i din ændring af ${title} (${fields.join(', ')})` };
}

/**
 * "Se historik": the record's own history opened, where the page shows one for it (every
 * "Historik" button names its record, RecordHistory); otherwise "Seneste ændringer", the
 * plan's whole history, which holds the change too (the link's own target).
 */
function showHistory(event: MouseEvent<HTMLAnchorElement>, recordId: string) {
  event.preventDefault();
  const button = document.querySelector<HTMLButtonElement>(`button[data-history-of="${CSS.escape(recordId)}"]`);
  if (button) {
    if (button.getAttribute('aria-expanded') !== 'true') button.click();
    button.scrollIntoView({ block: 'center' });
    button.focus();
    return;
  }
  const feed = document.getElementById('feed-heading');
  feed?.scrollIntoView({ block: 'start' });
  feed?.focus();
}

/**
 * "Anna Holm gemte oven i din ændring af Bostøtte (Status, Noter)": when someone saves over
 * values the viewer had saved (after a conflict, by choice), the viewer is told, on the plan
 * page, until they close the notice. Changes the viewer has not yet marked seen are told
 * again after a reload.
 */
export function OverwriteNotices() {
  const live = usePlanLive();
  const viewer = useViewer();
  const [notices, setNotices] = useState<OverwriteNotice[]>([]);
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const events = live?.events;

  // Kept here once seen: the live list moves on, the notice stays until closed.
  useEffect(() => {
    const found = (events ?? []).filter((e) => live?.isUnseen(e)).map((e) => overwriteNoticeOf(e, viewer?.id)).filter((n): n is OverwriteNotice => !!n);
    if (found.length === 0) return;
    setNotices((current) => {
      const known = new Set(current.map((n) => n.seq));
      const added = found.filter((n) => !known.has(n.seq));
      return added.length ? [...added, ...current] : current;
    });
  }, [events, viewer?.id]);

  const shown = notices.filter((n) => !closed.has(n.seq));
  // "Luk" takes its button away: the focus goes to the next notice's "Luk" (or the one before),
  // and with the last one closed to "Seneste ændringer", never to the top of the page.
  const list = useRef<HTMLDivElement>(null);
  const focusAfterClose = useRef<string | null>(null);
  const close = (seq: string) => {
    const at = shown.findIndex((n) => n.seq === seq);
    focusAfterClose.current = (shown[at + 1] ?? shown[at - 1])?.seq ?? '';
    setClosed((c) => new Set([...c, seq]));
  };
  useEffect(() => {
    const next = focusAfterClose.current;
    if (next === null) return;
    focusAfterClose.current = null;
    const target = next ? list.current?.querySelector<HTMLElement>(`[data-notice-seq="${CSS.escape(next)}"] button`) : document.getElementById('feed-heading');
    target?.focus();
  }, [closed]);
  return (
    <div ref={list} className="overwrite-notices" aria-live="polite">
      {shown.map((n) => (
        <div key={n.seq} className="overwrite-notice" data-testid="overwrite-notice" data-notice-seq={n.seq}>
          <p>{n.text}</p>
          <a href="#seneste-aendringer" onClick={(e) => showHistory(e, n.recordId)}>
            Se historik<span className="visually-hidden"> for {n.title}</span>
          </a>
          <button type="button" className="button button-secondary button-small" onClick={() => close(n.seq)}>
            Luk<span className="visually-hidden"> beskeden om {n.title}</span>
          </button>
        </div>
      ))}
    </div>
  );
}
