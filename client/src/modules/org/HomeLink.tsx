import { Link, paths } from '../../core/router';
import type { Role } from '../../gql/graphql';
import { useViewer } from './viewer';

/**
 * Each role's start page (paths.home()) by the name the main menu gives it: a caseworker's Mine
 * sager, a mentor's Mentor page, a leader's Nøgletal, an administrator's Administration and a
 * citizen's Min plan.
 */
const HOME_PAGE_NAMES: Readonly<Record<Role, string>> = {
  CASEWORKER: 'Mine sager',
  MENTOR: 'Mentor',
  LEADER: 'Nøgletal',
  ADMINISTRATOR: 'Administration',
  CITIZEN: 'Min plan',
};

/** The start page's name for `role`; null before the role is known. */
export function homePageName(role: string | null | undefined): string | null {
  return role && role in HOME_PAGE_NAMES ? HOME_PAGE_NAMES[role as Role] : null;
}

/** A link to the viewer's start page, named for where it goes ("Til Mine sager", "Til Nøgletal"); "Til forsiden" until the role is known. */
export function HomeLink() {
  const name = homePageName(useViewer()?.role);
  return <Link to={paths.home()}>{name ? `Til ${name}` : 'Til forsiden'}</Link>;
}
