import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useAuth } from '../../core/auth';
import { describeError } from '../../core/errors';
import { roleLabel } from '../../core/labels';
import { ErrorNotice, FieldError, Loading, StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';

export const DemoUserFragment = graphql(`
  fragment DemoUser_User on User {
    id
    username
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

/** Only in the schema in demo mode; elsewhere it fails validation and we offer the token field. */
export const DemoUsersQuery = graphql(`
  query DemoUsers {
    demoUsers {
      id
      ...DemoUser_User
    }
  }
`);

export const DevLoginMutation = graphql(`
  mutation DevLogin($username: String!) {
    devLogin(username: $username) {
      token
      user {
        id
        name
      }
    }
  }
`);

function DemoUserButton(props: { user: FragmentType<typeof DemoUserFragment>; disabled: boolean; onPick: (username: string) => void }) {
  const user = getFragmentData(DemoUserFragment, props.user);
  const where = [user.unit?.name, user.municipality.name].filter(Boolean).join(', ');
  // Every demo user has one (the demo's login page lists them); a User's login may be withheld elsewhere.
  const username = user.username;
  return (
    <li>
      <button type="button" className="demo-user" disabled={props.disabled || !username} onClick={() => username && props.onPick(username)}>
        <span className="demo-user-name">{user.name}</span>
        <span className="demo-user-role">{roleLabel(user.role)}</span>
        {where ? <span className="demo-user-unit">{where}</span> : null}
      </button>
    </li>
  );
}

/** Sign in with a token issued by the municipality's identity provider. */
export function TokenLoginForm() {
  const { login } = useAuth();
  const id = useId();
  const [token, setToken] = useState('');
  const [invalid, setInvalid] = useState(false);
  const tokenField = useRef<HTMLTextAreaElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) {
      setInvalid(true);
      // To the field, as the other forms do: a screen reader reads it with its problem.
      tokenField.current?.focus();
      return;
    }
    login(token);
  };
  return (
    <form className="stack" onSubmit={submit} noValidate data-leave-freely>
      <div className="field">
        <label htmlFor={`${id}-token`}>Token fra log ind-tjenesten</label>
        <p className="hint" id={`${id}-hint`}>
          Indsæt det adgangstoken, du har fået fra kommunens log ind-tjeneste.
        </p>
        <textarea
          id={`${id}-token`}
          ref={tokenField}
          name="token"
          rows={4}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={invalid ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={invalid || undefined}
          value={token}
          onChange={(e) => {
            setToken(e.target.value);
            setInvalid(false);
          }}
        />
        <FieldError id={`${id}-error`} message={invalid ? 'Indsæt et token.' : null} />
      </div>
      <button type="submit" className="button">
        Log ind
      </button>
    </form>
  );
}

export function LoginPage() {
  const { login, notice } = useAuth();
  const { data, loading, error, refetch } = useQuery(DemoUsersQuery, { fetchPolicy: 'network-only', notifyOnNetworkStatusChange: true });
  const [devLogin, { loading: signingIn, error: loginError }] = useMutation(DevLoginMutation);
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Log ind – Samplan';
  }, []);

  const pick = async (username: string) => {
    setChosen(username);
    try {
      const result = await devLogin({ variables: { username } });
      const token = result.data?.devLogin.token;
      if (token) login(token);
    } catch {
      // Shown from the mutation's error state.
    }
  };

  // No demo mode (the field is not in the schema) looks like any other error here;
  // only a failing connection is worth mentioning, the token field covers the rest.
  const kind = error ? describeError(error).kind : undefined;
  const unreachable = kind === 'NETWORK' || kind === 'SERVICE_UNAVAILABLE';
  const demoUsers = data?.demoUsers ?? [];
  const demo = !error && demoUsers.length > 0;

  return (
    <div className="login">
      <h1 tabIndex={-1}>Log ind</h1>
      <StatusNotice message={notice} />
      {loading && !data ? <Loading label="Henter log ind-muligheder…" /> : null}
      {/* The server or its database is away: asked again on "Prøv igen", which brings the demo users once it is back. */}
      {unreachable ? <ErrorNotice error={error} onRetry={() => void refetch().catch(() => undefined)} /> : null}

      {demo ? (
        <section aria-labelledby="demo-heading" className="card">
          <h2 id="demo-heading">Demobrugere</h2>
          <p className="hint">Samplan kører i demotilstand. Vælg, hvem du vil logge ind som.</p>
          {loginError ? <ErrorNotice error={loginError} title="Log ind mislykkedes" /> : null}
          <ul className="demo-users" aria-busy={signingIn || undefined}>
            {demoUsers.map((user) => (
              <DemoUserButton key={user.id} user={user} disabled={signingIn} onPick={pick} />
            ))}
          </ul>
          {signingIn && chosen ? <Loading label="Logger ind…" /> : null}
        </section>
      ) : null}

      {error || (!loading && !demo) ? (
        <section aria-labelledby="token-heading" className="card">
          <h2 id="token-heading">Log ind med token</h2>
          <TokenLoginForm />
        </section>
      ) : null}
    </div>
  );
}
