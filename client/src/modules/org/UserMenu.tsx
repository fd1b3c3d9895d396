import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import { useAskBeforeUnload } from '../../core/ask-before-unload';
import { useAuth } from '../../core/auth';
import { ConfirmQuestion } from '../../core/forms/FormParts';
import { roleLabel } from '../../core/labels';
import { usePendingSaves } from '../../core/live';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import './org.css';

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

/** "2 ændringer er endnu ikke sendt …": what signing out now would throw away. */
export function unsentSavesQuestion(waiting: number): string {
  const what = waiting === 1 ? '1 ændring er' : `${waiting} ændringer er`;
  return `${what} endnu ikke sendt. Logger du ud nu, går ${waiting === 1 ? 'den' : 'de'} tabt.`;
}

/**
 * The header's right side: the signed-in user and "Log ud". With saves still held offline,
 * "Log ud" asks first: signing out ends the session they would be sent with.
 */
export function UserMenu() {
  const id = useId();
  const { logout } = useAuth();
  const { data, error } = useQuery(MeQuery);
  const { waiting } = usePendingSaves();
  const [asking, setAsking] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // Once the user chose to sign out, the browser does not ask again on the way to the provider.
  useAskBeforeUnload(waiting > 0 && !signingOut);
  // The question closes by itself when the saves got sent meanwhile: nothing is lost any more,
  // and it does not come back with the next save held.
  const confirming = asking && waiting > 0;
  useEffect(() => {
    if (waiting === 0) setAsking(false);
  }, [waiting]);

  // Back from the question (Fortryd, or the saves got sent): focus returns to "Log ud" when it
  // was in the question (now gone), never away from a field the user went on typing in.
  const question = useRef<HTMLDivElement>(null);
  const focusWasInQuestion = useRef(false);
  const wasConfirming = useRef(false);
  useEffect(() => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (wasConfirming.current && !confirming && !signingOut && (focusWasInQuestion.current || lost)) button.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming, signingOut]);

  const signOut = () => {
    setSigningOut(true);
    setAsking(false);
    logout();
  };

  return (
    <div className="user-menu">
      {/* Why the user could not be read (Samplan unavailable, say) is the page's to announce: the page
          reads from the same server and says it with a way to try again; said here as well, a
          screen reader would hear it twice. */}
      {data?.me ? (
        <CurrentUser user={data.me} />
      ) : error ? (
        <span className="current-user-meta">Din bruger kunne ikke hentes</span>
      ) : (
        <span className="current-user-meta">Henter bruger…</span>
      )}
      {confirming ? (
        <div
          ref={question}
          onFocus={() => (focusWasInQuestion.current = true)}
          onBlur={(e) => (focusWasInQuestion.current = !!e.relatedTarget && question.current?.contains(e.relatedTarget as Node) === true)}
        >
          <ConfirmQuestion
            id={`${id}-logout`}
            question={unsentSavesQuestion(waiting)}
            confirmLabel="Log ud alligevel"
            busyLabel="Logger ud…"
            busy={false}
            onConfirm={signOut}
            onCancel={() => setAsking(false)}
          />
        </div>
      ) : (
        <button ref={button} type="button" className="button button-secondary" onClick={() => (waiting > 0 ? setAsking(true) : signOut())}>
          Log ud
        </button>
      )}
    </div>
  );
}
