import { useEffect, useState, type MouseEvent } from 'react';
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

/** The card of a record on the plan page (cards name their record in a data attribute). */
function cardOf(recordId: string): HTMLElement | null {
  const id = CSS.escape(recordId);
  return document.querySelector<HTMLElement>(`[data-intervention-id="${id}"], [data-activity-id="${id}"], [data-sub-goal-id="${id}"]`);
}

/** "Se historik": to the record's card, with its history opened. */
function showHistory(event: MouseEvent<HTMLAnchorElement>, recordId: string) {
  const card = cardOf(recordId) ?? document.querySelector<HTMLElement>('[data-testid=goal-section]');
  const button = card ? [...card.querySelectorAll<HTMLButtonElement>('button[aria-expanded]')].find((b) => b.textContent?.startsWith('Historik')) : null;
  if (!card || !button) return;
  event.preventDefault();
  if (button.getAttribute('aria-expanded') !== 'true') button.click();
  card.scrollIntoView({ block: 'start' });
  button.focus();
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
  return (
    <div className="overwrite-notices" aria-live="polite">
      {shown.map((n) => (
        <div key={n.seq} className="overwrite-notice" data-testid="overwrite-notice">
          <p>{n.text}</p>
          <a href={`#iv-${n.recordId}`} onClick={(e) => showHistory(e, n.recordId)}>
            Se historik<span className="visually-hidden"> for {n.title}</span>
          </a>
          <button type="button" className="button button-secondary button-small" onClick={() => setClosed((c) => new Set([...c, n.seq]))}>
            Luk<span className="visually-hidden"> beskeden om {n.title}</span>
          </button>
        </div>
      ))}
    </div>
  );
}
