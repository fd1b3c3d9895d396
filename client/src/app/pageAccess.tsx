import { useEffect } from 'react';
import { roleLabel } from '../core/labels';
import { Link, paths, type Route } from '../core/router';
import type { Role } from '../gql/graphql';
import { canAdminister } from '../modules/admin/admin';
import { hasCaseload } from '../modules/caseload/caseload';
import { canSeeKeyFigures } from '../modules/figures/figures';
import { homePageName } from '../modules/org/HomeLink';
import { canCreateProgramme } from '../modules/programme/NewProgrammePage';
import { canReviewAccounts } from '../modules/security/accountFlags';

/** A page that only some roles use: who, and what the others are told. */
export interface PageAccess {
  /** The page's name: the refusal's heading and the tab's title. */
  title: string;
  /** Whether `role` gets the page (the server still decides what it shows them). */
  shows: (role: string) => boolean;
  /** Who the page is for, in one Danish sentence: what everyone else is told. */
  says: string;
}

/**
 * Only a caseworker is on a plan (server: plan.policy.ts, standing, STAFF_ROLES): its coordinator, or
 * a caseworker whose unit is on its team. A leader, an administrator or a mentor never is.
 */
const onPlans = (role: string): boolean => role === 'CASEWORKER';

const PLAN: PageAccess = { title: 'Plan', shows: onPlans, says: 'Kun sagsbehandlerne på planen åbner borgerens plan.' };

/**
 * The app's known addresses that are some roles' only, one row each: who gets the page, and the
 * sentence everyone else is told instead of it. An address not here is everyone's (the start
 * page, which the role chooses) or not found. Only what the client says: the server refuses the
 * data to anyone it is not for, whatever the client shows.
 */
export const PAGE_ACCESS: Readonly<Partial<Record<Route['name'], PageAccess>>> = {
  caseload: { title: 'Mine sager', shows: hasCaseload, says: 'Mine sager er for sagsbehandlere.' },
  newProgramme: { title: 'Nyt forløb', shows: canCreateProgramme, says: 'Kun sagsbehandlere kan oprette et forløb.' },
  openPlan: { title: 'Åbn en plan', shows: onPlans, says: 'Kun sagsbehandlere åbner borgernes planer.' },
  plan: PLAN,
  planPrint: PLAN,
  // The server shows it to the citizen's coordinator only: a caseworker who is not is told so by the page.
  accessLog: { title: 'Adgangslog', shows: onPlans, says: 'Adgangsloggen er for borgerens koordinerende sagsbehandler.' },
  // A caseworker is shown what the mentor page is for (MentorPage): they grant the mentor support from the plan.
  mentor: { title: 'Mentor', shows: (role) => role === 'MENTOR' || role === 'CASEWORKER', says: 'Mentorsiden er for mentorer.' },
  keyFigures: { title: 'Nøgletal', shows: canSeeKeyFigures, says: 'Nøgletal er for ledere og sagsbehandlere.' },
  accountFlags: { title: 'Konti til gennemsyn', shows: canReviewAccounts, says: 'Konti til gennemsyn er for ledere.' },
  administration: { title: 'Administration', shows: canAdminister, says: 'Administration er for administratorer.' },
};

/** What each role finds on their start page, whose name is HomeLink's (homePageName). */
const FOUND_AT_HOME: Readonly<Record<Role, string>> = {
  CASEWORKER: 'dine sager',
  MENTOR: 'dine borgere',
  LEADER: 'kommunens nøgletal',
  ADMINISTRATOR: 'kommunens enheder og medarbejdere',
  CITIZEN: 'din plan',
};

/**
 * A known page that is not the viewer's: who it is for, and where the viewer's own work is
 * ("Som leder finder du kommunens nøgletal under Nøgletal"), with a link to their start page.
 * Not "Siden findes ikke": the address is right, the role is not.
 */
export function NotYourPage({ access, role }: { access: PageAccess; role: string }) {
  useEffect(() => {
    document.title = `${access.title} – Samplan`;
  }, [access.title]);
  const home = homePageName(role);
  const found = role in FOUND_AT_HOME ? FOUND_AT_HOME[role as Role] : null;
  return (
    <>
      <h1 tabIndex={-1}>{access.title}</h1>
      <p className="notice notice-info">{access.says}</p>
      <p>
        {home && found ? (
          <>
            Som {roleLabel(role as Role).toLowerCase()} finder du {found} under <Link to={paths.home()}>{home}</Link>.
          </>
        ) : (
          <Link to={paths.home()}>Til forsiden</Link>
        )}
      </p>
    </>
  );
}
