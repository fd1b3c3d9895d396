import { graphql } from '../../gql';

/**
 * Who has the plan open now (server: modules/presence). Subscribing is being present; the
 * server sends the whole list whenever it changes. `sessionId` names this browser tab, so a
 * tab's "I am editing …" (over HTTP) finds its own presence.
 */
export const PlanPresenceSubscription = graphql(`
  subscription PlanPresence($planId: ID!, $sessionId: String!) {
    planPresence(planId: $planId, sessionId: $sessionId) {
      planId
      present {
        user {
          id
          name
        }
        unit {
          id
          name
        }
        editing
        since
      }
    }
  }
`);

export const SetEditingMutation = graphql(`
  mutation SetEditing($planId: ID!, $sessionId: String!, $recordId: ID) {
    setEditing(planId: $planId, sessionId: $sessionId, recordId: $recordId)
  }
`);

/** One person with the plan open, as the page shows them. */
export interface PresentPerson {
  userId: string;
  name: string;
  unitName: string | null;
  /** The record they have an edit form open for. */
  editing: string | null;
}

interface PresentUserData {
  user: { id: string; name: string };
  unit?: { name: string } | null;
  editing?: string | null;
  since: string;
}

/**
 * The others with the plan open, first arrived first: the viewer is left out, and a person
 * counted twice (two tabs) is one, editing what either tab edits.
 */
export function othersPresent(present: readonly PresentUserData[], viewerId: string | null | undefined): PresentPerson[] {
  const byUser = new Map<string, PresentPerson & { since: string }>();
  for (const p of present) {
    if (p.user.id === viewerId) continue;
    const seen = byUser.get(p.user.id);
    if (seen) {
      seen.editing ??= p.editing ?? null;
      continue;
    }
    byUser.set(p.user.id, { userId: p.user.id, name: p.user.name, unitName: p.unit?.name ?? null, editing: p.editing ?? null, since: p.since });
  }
  return [...byUser.values()]
    .sort((a, b) => a.since.localeCompare(b.since) || a.name.localeCompare(b.name, 'da'))
    .map(({ since: _since, ...person }) => person);
}

/** "Dorte Madsen (Jobcenter)"; a mentor has no unit. */
export function personLabel(person: Pick<PresentPerson, 'name' | 'unitName'>): string {
  return person.unitName ? `${person.name} (${person.unitName})` : person.name;
}

/** "A", "A og B", "A, B og C". */
export function danishList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;
}

/**
 * What a screen reader says when people come or go; null when nobody did (the server
 * also sends the list when only what someone edits changed).
 */
export function presenceChange(before: readonly PresentPerson[], after: readonly PresentPerson[]): string | null {
  const had = new Set(before.map((p) => p.userId));
  const has = new Set(after.map((p) => p.userId));
  const came = after.filter((p) => !had.has(p.userId)).map((p) => p.name);
  const went = before.filter((p) => !has.has(p.userId)).map((p) => p.name);
  const parts: string[] = [];
  if (came.length) parts.push(`${danishList(came)} har åbnet planen.`);
  if (went.length) parts.push(`${danishList(went)} har lukket planen.`);
  return parts.length ? parts.join(' ') : null;
}

/** "Dorte Madsen redigerer", "Dorte Madsen og Bent Sørensen redigerer"; null when nobody else does. */
export function editingText(others: readonly PresentPerson[], recordId: string): string | null {
  const names = others.filter((p) => p.editing === recordId).map((p) => p.name);
  return names.length ? `${danishList(names)} redigerer` : null;
}

const SESSION_KEY = 'samplan.presenceSession';

function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** This page load: when it started (performance.timeOrigin), and how ('navigate', 'reload', …; unknown outside a browser). */
export interface PageLoad {
  startedAt: number;
  load: string | undefined;
}

function thisPageLoad(): PageLoad {
  const entry = globalThis.performance?.getEntriesByType?.('navigation')[0] as { type?: string } | undefined;
  return { startedAt: globalThis.performance?.timeOrigin ?? 0, load: entry?.type };
}

/**
 * This browser tab's own id, kept in sessionStorage with the page load that took it: the same
 * through the page's life and after a reload of the tab. A tab opened from this one (a link
 * opened in a new tab, "Duplicate") starts with a copy of its sessionStorage, and so with its id
 * from another page load: it takes one of its own. Two tabs with one id are one row on the
 * server, and closing either took the person off the others' "Ser planen nu".
 */
export function tabSessionId(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.sessionStorage, page: PageLoad = thisPageLoad()): string {
  const kept = parseKept(storage?.getItem(SESSION_KEY));
  const mine = kept && (kept.startedAt === page.startedAt || page.load === 'reload' || page.load === undefined);
  const id = mine ? kept.id : randomId();
  storage?.setItem(SESSION_KEY, JSON.stringify({ id, startedAt: page.startedAt }));
  return id;
}

function parseKept(text: string | null | undefined): { id: string; startedAt: number } | null {
  if (!text) return null;
  try {
    const kept = JSON.parse(text) as { id?: unknown; startedAt?: unknown };
    return typeof kept.id === 'string' && typeof kept.startedAt === 'number' ? { id: kept.id, startedAt: kept.startedAt } : null;
  } catch {
    return null;
  }
}
