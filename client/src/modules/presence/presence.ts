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

/** This browser tab's own id: kept in sessionStorage, so a reload is the same tab and another tab is another. */
export function tabSessionId(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.sessionStorage): string {
  const kept = storage?.getItem(SESSION_KEY);
  if (kept) return kept;
  const id = randomId();
  storage?.setItem(SESSION_KEY, id);
  return id;
}
