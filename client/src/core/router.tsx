import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { followUnsavedText, hasUnsavedText } from './unsaved-text';

/**
 * A very small history router: the path is the state, routes are matched by hand.
 * Add a route by extending `Route`, `matchRoute` and `paths`.
 */

export type Route =
  | { name: 'home' }
  | { name: 'caseload' }
  | { name: 'newProgramme' }
  | { name: 'plan'; id: string }
  | { name: 'planPrint'; id: string }
  | { name: 'accessLog'; id: string }
  | { name: 'mentor' }
  | { name: 'openPlan' }
  | { name: 'keyFigures' }
  | { name: 'accountFlags' }
  | { name: 'administration'; tab: AdministrationTab }
  | { name: 'notFound'; path: string };

/** Administration's tabs: Enheder, Medarbejdere, Administrationslog. */
export type AdministrationTab = 'units' | 'staff' | 'log';

const ADMINISTRATION_TABS: Readonly<Record<AdministrationTab, string>> = { units: '', staff: '/medarbejdere', log: '/log' };

export const paths = {
  /** The start page: where each role's work is (Mine sager, Nøgletal for a leader, …; app/App.tsx). */
  home: () => '/',
  /** Mine sager, for a role whose start page is another (a leader's is Nøgletal). */
  caseload: () => '/mine-sager',
  /** Nyt forløb: create the citizen (or pick one) and the programme with its plan. */
  newProgramme: () => '/nyt-forloeb',
  plan: (id: string) => `/plan/${encodeURIComponent(id)}`,
  /** "Min plan": the printable plan for the citizen. */
  planPrint: (id: string) => `/plan/${encodeURIComponent(id)}/min-plan`,
  /** Adgangslog for the plan's citizen (the coordinator's). */
  accessLog: (id: string) => `/plan/${encodeURIComponent(id)}/adgangslog`,
  mentor: () => '/mentor',
  /** Open a plan by its id (e.g. from a link in another system). */
  openPlan: () => '/aabn-plan',
  /** Nøgletal (modules/figures, KEY_FIGURES_PATH). */
  keyFigures: () => '/noegletal',
  /** Konti til gennemsyn (leaders). */
  accountFlags: () => '/konti-til-gennemsyn',
  /** Administration (administrators): the municipality's units, staff and administration log. */
  administration: (tab: AdministrationTab = 'units') => `/administration${ADMINISTRATION_TABS[tab]}`,
};

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'home' };
  if (path === '/mine-sager') return { name: 'caseload' };
  if (path === '/nyt-forloeb') return { name: 'newProgramme' };
  if (path === '/mentor') return { name: 'mentor' };
  if (path === '/aabn-plan') return { name: 'openPlan' };
  if (path === '/noegletal') return { name: 'keyFigures' };
  if (path === '/konti-til-gennemsyn') return { name: 'accountFlags' };
  const admin = /^\/administration(\/[^/]+)?$/.exec(path);
  if (admin) {
    const tab = (Object.keys(ADMINISTRATION_TABS) as AdministrationTab[]).find((t) => ADMINISTRATION_TABS[t] === (admin[1] ?? ''));
    return tab ? { name: 'administration', tab } : { name: 'notFound', path };
  }
  const plan = /^\/plan\/([^/]+)(\/min-plan|\/adgangslog)?$/.exec(path);
  if (plan) {
    try {
      const id = decodeURIComponent(plan[1]!);
      if (plan[2] === '/min-plan') return { name: 'planPrint', id };
      return plan[2] === '/adgangslog' ? { name: 'accessLog', id } : { name: 'plan', id };
    } catch {
      return { name: 'notFound', path };
    }
  }
  return { name: 'notFound', path };
}

const NAVIGATE_EVENT = 'samplan:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const currentPath = () => window.location.pathname;
const here = () => window.location.pathname + window.location.search + window.location.hash;

/** A navigation to another page held while the user is asked whether to leave typed text behind. */
export interface HeldNavigation {
  to: string;
  replace: boolean;
}

let held: HeldNavigation | null = null;
const heldListeners = new Set<() => void>();
function hold(next: HeldNavigation | null): void {
  held = next;
  for (const listener of heldListeners) listener();
}

/** The last place shown: where a refused "back" returns to. */
let shown = typeof window === 'undefined' ? '/' : here();

function leavesPage(to: string): boolean {
  return new URL(to, window.location.href).pathname !== window.location.pathname;
}

/**
 * Goes to `to`. Another page, while a form holds typed text not yet saved
 * (unsaved-text.ts), is held until the user answers the question (LeaveQuestion);
 * `force` goes anyway (the user answered "Forlad siden"). The same page with other search
 * parameters or another fragment (a filter, a section) is never held.
 */
export function navigate(to: string, options: { replace?: boolean; force?: boolean } = {}): void {
  if (to === here()) return;
  if (!options.force && leavesPage(to) && hasUnsavedText()) {
    hold({ to, replace: options.replace ?? false });
    return;
  }
  if (held) hold(null);
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  shown = here();
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** The navigation waiting for the user's answer, if any. */
export function useHeldNavigation(): { held: HeldNavigation | null; leave: () => void; stay: () => void } {
  const current = useSyncExternalStore(
    (onChange) => {
      heldListeners.add(onChange);
      return () => heldListeners.delete(onChange);
    },
    () => held,
    () => null,
  );
  return {
    held: current,
    leave: () => current && navigate(current.to, { replace: current.replace, force: true }),
    stay: () => hold(null),
  };
}

if (typeof window !== 'undefined') {
  followUnsavedText();
  // The browser's back and forward buttons cannot be refused: the page they left is put back
  // at once (before anything renders the new one), and the user is asked as for a link.
  // Registered when this module loads, before any component listens to popstate.
  window.addEventListener('popstate', (event) => {
    const to = here();
    if (new URL(shown, window.location.href).pathname !== window.location.pathname && hasUnsavedText()) {
      event.stopImmediatePropagation();
      window.history.pushState(null, '', shown);
      hold({ to, replace: false });
      return;
    }
    shown = to;
  });
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

export function useRoute(): Route {
  return matchRoute(usePathname());
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An ordinary link that navigates without reloading (modified clicks still open tabs). */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
