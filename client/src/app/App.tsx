import { useEffect, useRef, type ReactNode } from 'react';
import { AppApolloProvider } from '../core/apollo';
import { AuthProvider, useAuth } from '../core/auth';
import { Link, navigate, paths, usePathname, useRoute, type Route } from '../core/router';
import { lazyPage, PageLoader } from '../core/lazy-page';
import { LeaveQuestion } from '../core/LeaveQuestion';
import { ConnectionStatus, ErrorNotice, Loading } from '../core/ui';
import { canAdminister } from '../modules/admin/admin';
import { POPUP_CALLBACK_PATH, SIGN_IN_CALLBACK_PATH, SIGNED_OUT_PATH, SILENT_CALLBACK_PATH } from '../core/oidc';
import { LoginPage } from '../modules/auth/LoginPage';
import { FrameCallback, NotAUserPage, OidcLoginPage, SignedOutPage, SignInAgainNotice, SignInCallbackPage, SignInUnavailablePage } from '../modules/auth/OidcPages';
import { CaseloadPage } from '../modules/caseload/CaseloadPage';
import { canSeeKeyFigures } from '../modules/figures/figures';
import { RightsChangedNotice } from '../modules/org/RightsChangedNotice';
import { UserMenu } from '../modules/org/UserMenu';
import { useViewerQuery } from '../modules/org/viewer';
import { NewProgrammePage } from '../modules/programme/NewProgrammePage';
import { canReviewAccounts } from '../modules/security/accountFlags';
import { NotFoundPage } from './NotFoundPage';
import { OpenPlanPage } from './OpenPlanPage';
import { NotYourPage, PAGE_ACCESS } from './pageAccess';

// The start page of most (Mine sager, with its Nyt forløb) and the sign-in pages come with
// the first load; every other page on its first visit: a citizen's phone does not fetch the
// staff's pages, and the leaders' dashboard brings the chart library only to those who open it.
const KeyFiguresPage = lazyPage(() => import('../modules/figures/KeyFiguresPage').then((m) => m.KeyFiguresPage));
const PlanPage = lazyPage(() => import('../modules/plan/PlanPage').then((m) => m.PlanPage));
const PrintPlanPage = lazyPage(() => import('../modules/plan/PrintPlanPage').then((m) => m.PrintPlanPage));
const MentorPage = lazyPage(() => import('../modules/mentor/MentorPage').then((m) => m.MentorPage));
const AdministrationPage = lazyPage(() => import('../modules/admin').then((m) => m.AdministrationPage));
const AccessLogPage = lazyPage(() => import('../modules/security').then((m) => m.AccessLogPage));
const FlaggedAccountsPage = lazyPage(() => import('../modules/security').then((m) => m.FlaggedAccountsPage));
const CitizenPlanPage = lazyPage(() => import('../modules/citizen').then((m) => m.CitizenPlanPage));

const keyFiguresPage = <KeyFiguresPage />;

/** To the start page, in place of the address (Back does not come here again). */
function ToStartPage() {
  useEffect(() => navigate(paths.home(), { replace: true }), []);
  return <Loading />;
}

/**
 * The page for the route. `untilRole` is what shows where the page depends on the role
 * and the role is not known yet: "Henter…" while it comes, the refusal if it did not.
 */
export function Page({ route, isMentor, role, untilRole = <Loading /> }: { route: Route; isMentor: boolean; role: string | undefined; untilRole?: ReactNode }) {
  // Every page but the start page (which the role chooses) and the not-found page is some roles'
  // only (pageAccess.tsx): it waits for the role before it asks for anything that would be refused.
  const access = PAGE_ACCESS[route.name];
  if (access && role === undefined) return untilRole;
  // A link to a plan (or its print) sent to its citizen or its mentor takes them to their start
  // page (Min plan, the mentor page), in place of the address, and the plan is not asked for:
  // every refusal would be logged against them.
  if ((route.name === 'plan' || route.name === 'planPrint') && (role === 'CITIZEN' || isMentor)) return <ToStartPage />;
  // A citizen has their own plan only: Min plan is their start page, and no staff page is theirs.
  if (role === 'CITIZEN') return route.name === 'home' ? <CitizenPlanPage /> : <NotFoundPage />;
  // A page of another role's (an administrator on an old link to Nøgletal, a leader on a plan)
  // says whose it is and where the viewer's own work is, rather than "Siden findes ikke", or the
  // page with "Du har ikke adgang" under it. The server refuses them the data all the same.
  if (access && role !== undefined && !access.shows(role)) return <NotYourPage access={access} role={role} />;
  switch (route.name) {
    case 'home':
      // Until the role is known: the caseload would be asked for, and refused, for an administrator.
      if (role === undefined) return untilRole;
      // An administrator has no caseload: their start page is Administration.
      if (canAdminister(role)) return <AdministrationPage tab="units" />;
      // A mentor has no caseload of plans: their start page is the mentor page.
      if (isMentor) return <MentorPage isMentor />;
      // A leader follows the municipality's figures: their start page is Nøgletal.
      return role === 'LEADER' ? keyFiguresPage : <CaseloadPage />;
    case 'caseload':
      return <CaseloadPage />;
    case 'newProgramme':
      return <NewProgrammePage />;
    case 'plan':
      return <PlanPage key={route.id} id={route.id} />;
    case 'planPrint':
      return <PrintPlanPage key={route.id} id={route.id} />;
    case 'accessLog':
      return <AccessLogPage key={route.id} planId={route.id} />;
    case 'mentor':
      return <MentorPage isMentor={isMentor} />;
    case 'openPlan':
      return <OpenPlanPage />;
    case 'keyFigures':
      return keyFiguresPage;
    case 'accountFlags':
      return <FlaggedAccountsPage />;
    case 'administration':
      return <AdministrationPage tab={route.tab} />;
    case 'notFound':
      return <NotFoundPage />;
  }
}

/** How long focus waits for a page's heading while its code comes. */
const HEADING_WAIT_MS = 10_000;

/**
 * After in-app navigation, login and logout, move focus to the new page's heading so
 * screen readers announce it (not on first load: the browser starts at the top).
 */
function useFocusHeadingOnNavigate(pathname: string, signedIn: boolean) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.getElementById('main');
    const heading = main?.querySelector<HTMLElement>('h1');
    if (!main || heading) {
      heading?.focus();
      return;
    }
    // A page whose code is still coming (core/lazy-page.tsx) has no heading yet: focus waits
    // on <main> and goes to the heading when the page shows it, unless the user moved it.
    main.focus();
    const observer = new MutationObserver(() => {
      const shown = main.querySelector<HTMLElement>('h1');
      if (!shown) return;
      stop();
      if (document.activeElement === main || document.activeElement === document.body) shown.focus();
    });
    const timer = setTimeout(() => observer.disconnect(), HEADING_WAIT_MS);
    const stop = () => {
      observer.disconnect();
      clearTimeout(timer);
    };
    observer.observe(main, { childList: true, subtree: true });
    return stop;
  }, [pathname, signedIn]);
}

export function MainNav({ route, role }: { route: Route; role: string | undefined }) {
  const items = canAdminister(role)
    ? [{ to: paths.administration(), label: 'Administration', active: route.name === 'home' || route.name === 'administration' }]
    : role === 'MENTOR'
      ? [{ to: paths.home(), label: 'Mentor', active: route.name === 'home' || route.name === 'mentor' }]
      : role === 'LEADER'
        ? [
            // A leader follows the figures, never a citizen's case (no caseload, no plan: the server answers NOT_FOUND).
            { to: paths.home(), label: 'Nøgletal', active: route.name === 'home' || route.name === 'keyFigures' },
            ...(canReviewAccounts(role) ? [{ to: paths.accountFlags(), label: 'Konti til gennemsyn', active: route.name === 'accountFlags' }] : []),
          ]
        : [
            { to: paths.home(), label: 'Mine sager', active: route.name === 'home' || route.name === 'caseload' },
            { to: paths.openPlan(), label: 'Åbn en plan', active: route.name === 'openPlan' },
            // No "Mentor" for a caseworker: the mentor page is the mentor's own (a caseworker shares with a mentor from the plan).
            // The server decides in the end; the menu only offers what the role may open.
            ...(canSeeKeyFigures(role) ? [{ to: paths.keyFigures(), label: 'Nøgletal', active: route.name === 'keyFigures' }] : []),
            ...(canReviewAccounts(role) ? [{ to: paths.accountFlags(), label: 'Konti til gennemsyn', active: route.name === 'accountFlags' }] : []),
          ];
  // A citizen's menu holds their own plan only.
  const shown = role === 'CITIZEN' ? [{ to: paths.home(), label: 'Min plan', active: route.name === 'home' }] : items;
  return (
    <nav aria-label="Hovedmenu" className="main-nav">
      <ul>
        {shown.map((item) => (
          <li key={item.to}>
            <Link to={item.to} aria-current={item.active ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Who is signed in could not be fetched: the refusal in Danish, and "Prøv igen". */
function ViewerRefused({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorNotice error={error} title="Siden kunne ikke vises" onRetry={retry} />;
}

/** The signed-in shell: the menu, the connection banner and the page the viewer's role decides. */
export function SignedIn({ route }: { route: Route }) {
  const { viewer, error, retry } = useViewerQuery();
  const isMentor = viewer?.role === 'MENTOR';
  // Without the viewer the start page cannot be chosen: a failed query says so and can be
  // asked again, instead of "Henter…" forever.
  const untilRole = error ? <ViewerRefused error={error} retry={retry} /> : <Loading />;
  return (
    <>
      <div className="app-nav no-print">
        <MainNav route={route} role={viewer?.role} />
      </div>
      <ConnectionStatus />
      <main id="main" tabIndex={-1} className={`app-main${route.name === 'planPrint' ? ' app-main-print' : ''}`}>
        <RightsChangedNotice viewer={viewer} />
        {/* One loader per kind of page: a page whose code is coming does not keep the last one, hidden, behind it. */}
        <PageLoader key={route.name}>
          <Page route={route} isMentor={isMentor} role={viewer?.role} untilRole={untilRole} />
        </PageLoader>
      </main>
    </>
  );
}

/** Signed out: demo login, or the identity provider's sign-in and the pages around it. */
function SignedOut({ pathname }: { pathname: string }) {
  const { mode } = useAuth();
  if (mode === 'loading') return <Loading />;
  if (mode === 'unavailable') return <SignInUnavailablePage />;
  if (mode === 'demo') return <LoginPage />;
  if (pathname === SIGN_IN_CALLBACK_PATH) return <SignInCallbackPage />;
  return pathname === SIGNED_OUT_PATH ? <SignedOutPage /> : <OidcLoginPage />;
}

function Shell() {
  const { token, session, notAUser, renewalFailed } = useAuth();
  const pathname = usePathname();
  const route = useRoute();
  useFocusHeadingOnNavigate(pathname, token !== null);

  // The provider's answer in a popup (signing in again) or a hidden frame (renewal): nothing else.
  if (pathname === POPUP_CALLBACK_PATH || pathname === SILENT_CALLBACK_PATH) {
    return <FrameCallback kind={pathname === POPUP_CALLBACK_PATH ? 'popup' : 'silent'} />;
  }
  const signedIn = token !== null && !notAUser && pathname !== SIGN_IN_CALLBACK_PATH;
  return (
    <>
      <a className="skip-link" href="#main">
        Spring til indhold
      </a>
      <header className="app-header no-print">
        <div className="app-header-inner">
          <Link to={paths.home()} className="brand">
            Samplan
          </Link>
          {signedIn ? <UserMenu /> : null}
        </div>
      </header>
      {signedIn && renewalFailed ? <SignInAgainNotice /> : null}
      {signedIn ? (
        // Keyed by the session: another user gets fresh screens; a renewed token keeps them (and what is typed).
        <SignedIn key={session ?? ''} route={route} />
      ) : (
        <>
          <ConnectionStatus />
          <main id="main" tabIndex={-1} className="app-main">
            {notAUser ? <NotAUserPage /> : <SignedOut pathname={pathname} />}
          </main>
        </>
      )}
      <LeaveQuestion />
    </>
  );
}

export function App() {
  return (
    <AuthProvider>
      <AppApolloProvider>
        <Shell />
      </AppApolloProvider>
    </AuthProvider>
  );
}
