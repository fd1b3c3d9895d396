import { useQuery } from '@apollo/client/react';
import { useAuth } from '../../core/auth';
import { roleLabel } from '../../core/labels';
import { ErrorNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';

export const CurrentUserFragment = graphql(`
  fragment CurrentUser_User on User {
    id
    name
    role
    unit {
      id
      name
    }
    municipality {
      id
      name
    }
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      id
      ...CurrentUser_User
    }
  }
`);

/** Who is signed in (name, role, unit, municipality). */
export function CurrentUser(props: { user: FragmentType<typeof CurrentUserFragment> }) {
  const user = getFragmentData(CurrentUserFragment, props.user);
  const where = [user.unit?.name, user.municipality.name].filter(Boolean).join(', ');
  return (
    <p className="current-user">
      <span className="current-user-name">{user.name}</span>
      <span className="current-user-meta">
        {roleLabel(user.role)}
        {where ? ` · ${where}` : ''}
      </span>
    </p>
  );
}

/** The header's right side: the signed-in user and "Log ud". */
export function UserMenu() {
  const { logout } = useAuth();
  const { data, error } = useQuery(MeQuery);
  return (
    <div className="user-menu">
      {data?.me ? <CurrentUser user={data.me} /> : error ? <ErrorNotice error={error} /> : <span className="current-user-meta">Henter bruger…</span>}
      <button type="button" className="button button-secondary" onClick={() => logout()}>
        Log ud
      </button>
    </div>
  );
}
