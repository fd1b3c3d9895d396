import { useApolloClient } from '@apollo/client/react';
import { secondsInDanish } from '@samplan/schema';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { tokenSubject, useAuth, type CitizenLevel } from '../../core/auth';
import { describeError, ERROR_MESSAGES } from '../../core/errors';
import { signedOutLocally } from '../../core/oidc';
import { navigate } from '../../core/router';
import { Loading, StatusNotice } from '../../core/ui';
import { ViewerQuery } from '../org/viewer';

/**
 * The screens of signing in with the municipality's identity provider (OpenID Connect). The
 * provider asks for the password; these only send the user there, take them back, and say
 * what happened.
 */

function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} – Samplan`;
  }, [title]);
}

/** Said when the identity provider (or the server's sign-in settings) cannot be reached. */
export const SIGN_IN_UNREACHABLE = 'Log ind-tjenesten kan ikke nås lige nu. Prøv igen om lidt.';

/**
 * A button that stays disabled while its action runs (a redirect or a popup underway). When the
 * action fails (the provider cannot be reached), it says so under the button.
 */
function BusyButton({ action, children, disabled = false }: { action: () => Promise<unknown>; children: ReactNode; disabled?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={busy || disabled}
        onClick={() => {
          setBusy(true);
          setFailed(false);
          void action()
            .catch(() => setFailed(true))
            .finally(() => setBusy(false));
        }}
      >
        {children}
      </button>
      {failed ? (
        <p className="notice notice-error" role="alert">
          {SIGN_IN_UNREACHABLE}
        </p>
      ) : null}
    </>
  );
}

/** The server's sign-in settings could not be read: say so, and ask again on "Prøv igen". */
export function SignInUnavailablePage() {
  const { retryConfig } = useAuth();
  useTitle('Log ind');
  return (
    <div className="login">
      <h1 tabIndex={-1}>Log ind</h1>
      <section className="card stack">
        <p className="notice notice-error" role="alert">
          {SIGN_IN_UNREACHABLE}
        </p>
        <p className="actions">
          <button type="button" className="button" onClick={retryConfig}>
            Prøv igen
          </button>
        </p>
      </section>
    </div>
  );
}

/** Not signed in: to the provider. */
export function OidcLoginPage() {
  const { signIn, notice } = useAuth();
  useTitle('Log ind');
  return (
    <div className="login">
      <h1 tabIndex={-1}>Log ind</h1>
      <StatusNotice message={notice} />
      <section className="card stack">
        <p>Du logger ind med kommunens log ind-tjeneste.</p>
        <BusyButton action={signIn}>Log ind</BusyButton>
      </section>
    </div>
  );
}

/** Said when "Log ud" ended Samplan's session, but the provider's could not be ended (SIGNED_OUT_LOCALLY_PATH). */
export const SIGNED_OUT_OF_SAMPLAN_ONLY = 'Du er logget ud af Samplan, men Samplan kunne ikke logge dig ud af kommunens log ind-tjeneste. Du er stadig logget ind der.';
export const CLOSE_THE_BROWSER =
  'Luk browseren (alle vinduer), før du går fra computeren, eller log ud hos kommunens log ind-tjeneste. Ellers kan den næste, der bruger computeren, komme ind som dig uden adgangskode.';

/**
 * Where the provider sends the browser after signing out there; or, when it could not sign the
 * user out (SIGNED_OUT_LOCALLY_PATH), where Samplan does: then the page must not say the user is
 * signed out of the provider, for on a shared PC the next person would be signed in as them.
 */
export function SignedOutPage() {
  const { signIn } = useAuth();
  useTitle('Logget ud');
  const onlySamplan = signedOutLocally(window.location.search);
  return (
    <div className="login">
      <h1 tabIndex={-1}>{onlySamplan ? 'Du er logget ud af Samplan' : 'Du er logget ud'}</h1>
      <section className="card stack">
        {onlySamplan ? (
          <>
            <p>{SIGNED_OUT_OF_SAMPLAN_ONLY}</p>
            <p className="notice notice-error" role="alert">
              <strong>{CLOSE_THE_BROWSER}</strong>
            </p>
          </>
        ) : (
          <p>Du er logget ud af Samplan og af kommunens log ind-tjeneste.</p>
        )}
        <BusyButton action={() => signIn('/')}>Log ind igen</BusyButton>
      </section>
    </div>
  );
}

/** Back from the provider with a code: exchange it, then go where the user was headed. */
export function SignInCallbackPage() {
  const { completeSignIn, signIn } = useAuth();
  const [failed, setFailed] = useState(false);
  const started = useRef(false);
  useTitle('Logger ind');
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    completeSignIn().then(
      (to) => navigate(to, { replace: true }),
      () => setFailed(true),
    );
  }, [completeSignIn]);
  if (!failed) return <Loading label="Logger ind…" />;
  return (
    <div className="login">
      <h1 tabIndex={-1}>Log ind mislykkedes</h1>
      <section className="card stack">
        <p>Log ind-tjenesten sendte ikke et gyldigt svar tilbage. Prøv igen.</p>
        <BusyButton action={() => signIn('/')}>Prøv igen</BusyButton>
      </section>
    </div>
  );
}

/** In the popup (signing in again) or the hidden frame (renewal): hand the answer to the page. */
export function FrameCallback({ kind }: { kind: 'popup' | 'silent' }) {
  const { completeInFrame, mode } = useAuth();
  const started = useRef(false);
  useEffect(() => {
    if (mode !== 'oidc' || started.current) return;
    started.current = true;
    void completeInFrame(kind);
  }, [mode, kind, completeInFrame]);
  return <Loading label="Logger ind…" />;
}

/**
 * The login a token names, as the person and their administrator know it: the provider's user
 * id (`sub`), which an invitation by bruger-id must name exactly and which always binds, and the
 * e-mail when the provider vouches for it (`email_verified`). The server binds an invitation by
 * an e-mail only then (or by `preferred_username`/`upn` where the municipality trusts the
 * provider without the flag, a setting this page cannot see: server/src/core/auth/tokens.ts), so
 * an address it would not take is not offered. Read without checking: the server has checked
 * the token, and this only shows it to its holder.
 */
function loginOf(token: string | null): { email?: string; subject?: string } {
  const payload = token?.split('.')[1];
  let claims: Record<string, unknown> = {};
  try {
    if (payload) claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) ?? {};
  } catch {
    // Not a readable JWT (a pasted demo token): no address to show.
  }
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  const email = verified && typeof claims.email === 'string' && claims.email.includes('@') ? claims.email : undefined;
  return { email, subject: tokenSubject(token) };
}

/**
 * A valid sign-in of someone Samplan does not know (NOT_A_USER), whose user an administrator
 * has deactivated, or whose invitation waits for a second administrator's approval: the server
 * says which only to the person the token proves them to be.
 *
 * Someone Samplan does not know may have been invited all the same, by another e-mail or
 * bruger-id than their login gives (an invitation that names a bruger-id is bound by it alone),
 * so the page does not say that nobody created them: it says which login was used, for the
 * administrator to compare with the invitation.
 */
export function NotAUserPage() {
  const { logout, notAUserReason, notAUserLevelRequired, notAUserSignInAgainAt, token } = useAuth();
  useTitle('Ingen adgang');
  if (notAUserReason === 'citizen' && notAUserLevelRequired) return <CitizenLevelPage level={notAUserLevelRequired} />;
  if (notAUserReason === 'deactivated' && notAUserSignInAgainAt) return <SignInAgainAfterMovePage at={notAUserSignInAgainAt} />;
  // A citizen is told as a citizen: they have no administrator, their municipality has their forløb.
  const [heading, text] = notAUserReason === 'deactivated'
    ? ['Din bruger er deaktiveret i Samplan — kontakt din administrator.', 'Du er logget ind hos kommunens log ind-tjeneste, men din administrator har deaktiveret din bruger i Samplan. Kontakt din administrator, hvis du skal bruge Samplan igen.']
    : notAUserReason === 'awaitingApproval'
      ? [
          'Din invitation venter på godkendelse',
          'Du er logget ind hos kommunens log ind-tjeneste, og du er inviteret til Samplan. Før du kan bruge Samplan, skal en anden administrator end den, der inviterede dig, ' +
            'godkende invitationen. Vælg »Prøv igen«, når den er godkendt, eller kontakt din administrator.',
        ]
      : notAUserReason === 'citizen'
        ? ['Ingen plan i Samplan til dit log ind', 'Du er logget ind med MitID, men Samplan har ikke en plan, der kan knyttes til dig. Har du et forløb, så kontakt din kommune eller dit jobcenter.']
        : [
            ERROR_MESSAGES.NOT_A_USER,
            'Du er logget ind hos kommunens log ind-tjeneste, men Samplan kender ikke det log ind, du har brugt. Enten har din administrator ikke oprettet dig som bruger, ' +
              'eller også er du inviteret med en anden e-mail eller et andet bruger-id, end dit log ind giver.',
          ];
  const login = notAUserReason === 'unknown' ? loginOf(token) : {};
  return (
    <div className="login">
      <h1 tabIndex={-1}>{heading}</h1>
      <section className="card stack">
        <p>{text}</p>
        {login.email || login.subject ? (
          <>
            <p>Dit log ind giver Samplan disse oplysninger. Giv dem til din administrator, som kan invitere dig med dem:</p>
            <dl className="facts facts-compact" aria-label="Dit log ind">
              {login.email ? (
                <div>
                  <dt>E-mail</dt>
                  <dd>{login.email}</dd>
                </div>
              ) : null}
              {login.subject ? (
                <div>
                  <dt>Bruger-id hos identitetsudbyderen</dt>
                  <dd>{login.subject}</dd>
                </div>
              ) : null}
            </dl>
          </>
        ) : null}
        {notAUserReason === 'awaitingApproval' ? <AskAgain /> : null}
        <button type="button" className={notAUserReason === 'awaitingApproval' ? 'button button-secondary' : 'button'} onClick={() => logout()}>
          Log ud
        </button>
      </section>
    </div>
  );
}

/** Said when "Prøv igen" finds the invitation still waiting. */
export const STILL_AWAITING_APPROVAL = 'Invitationen venter stadig på godkendelse. Prøv igen, når en anden administrator har godkendt den.';

/**
 * "Prøv igen" on the page of an invitation awaiting approval: asks the server again with the
 * sign-in the person has, without a new login at the provider. Approved meanwhile, they are let in
 * and see Samplan; still waiting, they are told so here. A sign-in the server no longer takes
 * (expired) goes to the provider's sign-in, which brings them back here.
 */
function AskAgain() {
  const { clearNotAUser, logout, mode, signIn } = useAuth();
  const client = useApolloClient();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const ask = async () => {
    setBusy(true);
    setSaid(null);
    try {
      await client.query({ query: ViewerQuery, fetchPolicy: 'network-only' });
      clearNotAUser();
    } catch (err) {
      const { kind, reason, message } = describeError(err);
      if (kind === 'NOT_A_USER' && reason === 'AWAITING_APPROVAL') setSaid(STILL_AWAITING_APPROVAL);
      // Another refusal (the invitation withdrawn meanwhile): the page says it, from the answer itself (core/apollo.tsx).
      else if (kind === 'NOT_A_USER') return;
      else if (kind === 'UNAUTHENTICATED' && mode === 'oidc') await signIn('/').catch(() => setSaid(SIGN_IN_UNREACHABLE));
      else if (kind === 'UNAUTHENTICATED') logout(ERROR_MESSAGES.UNAUTHENTICATED);
      else setSaid(message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <StatusNotice message={said} />
      <p className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => void ask()}>
          Prøv igen
        </button>
      </p>
    </>
  );
}

/** Whole seconds from now until `at` (epoch ms), never below 0. */
const secondsUntil = (at: number) => Math.max(0, Math.ceil((at - Date.now()) / 1000));

/** The seconds left until `at`, counted down once a second, and 0 from then on. */
function useSecondsUntil(at: number): number {
  const [left, setLeft] = useState(() => secondsUntil(at));
  useEffect(() => {
    setLeft(secondsUntil(at));
    if (secondsUntil(at) === 0) return;
    const timer = setInterval(() => {
      const now = secondsUntil(at);
      setLeft(now);
      if (now === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [at]);
  return left;
}

/**
 * A deactivated account's sign-in made so soon after the deactivation that the server cannot tell
 * it from a token issued before it (NOT_A_USER, reason DEACTIVATED, with `retryAfterSeconds`):
 * most likely someone just invited by another municipality, who signed in at once. A sign-in after
 * that time is let into the new account, so they are told when, and "Log ind igen" opens then.
 */
function SignInAgainAfterMovePage({ at }: { at: number }) {
  const { logout, mode, signIn } = useAuth();
  const left = useSecondsUntil(at);
  const again = mode === 'oidc' ? () => signIn() : async () => logout();
  return (
    <div className="login">
      <h1 tabIndex={-1}>Din bruger er deaktiveret i Samplan</h1>
      <section className="card stack">
        <p>
          {left > 0
            ? `Din bruger er deaktiveret i Samplan. Er du lige blevet inviteret i en anden kommune, så log ind igen om ${secondsInDanish(left)}.`
            : 'Din bruger er deaktiveret i Samplan. Er du lige blevet inviteret i en anden kommune, så log ind igen nu.'}
        </p>
        <p>Er du ikke det, så kontakt din administrator, hvis du skal bruge Samplan igen.</p>
        {/* Said once when it opens, not every second while it counts down. */}
        <p className="visually-hidden" role="status">
          {left > 0 ? '' : 'Du kan logge ind igen nu.'}
        </p>
        <BusyButton action={again} disabled={left > 0}>
          Log ind igen
        </BusyButton>
        <button type="button" className="button button-secondary" onClick={() => logout()}>
          Log ud
        </button>
      </section>
    </div>
  );
}

/** The level in the words MitID uses for it ("betydeligt niveau", "højt niveau"). */
const LEVEL_WORDS: Record<CitizenLevel, string> = { Substantial: 'betydeligt', High: 'højt' };

/**
 * A citizen signed in with MitID at a lower level than Min plan asks (NOT_A_USER, reason CITIZEN,
 * `levelRequired`): they may well have a plan, so they are told why the level, and how to reach
 * it (MitID's app reaches Substantial; username and password alone are Low), and are offered to
 * sign in again. The provider is asked to sign them in anew, not to hand back the session it has.
 */
function CitizenLevelPage({ level }: { level: CitizenLevel }) {
  const { logout, mode, signIn } = useAuth();
  const words = LEVEL_WORDS[level];
  return (
    <div className="login">
      <h1 tabIndex={-1}>{`Log ind på ${words} niveau`}</h1>
      <section className="card stack">
        <p>{`Min plan indeholder oplysninger om dit helbred og din sociale sag. Log ind med MitID på ${words} niveau${level === 'Substantial' ? ' (fx MitID-appen)' : ''} for at se den.`}</p>
        {mode === 'oidc' ? <BusyButton action={() => signIn(undefined, { again: true })}>Log ind igen</BusyButton> : null}
        <button type="button" className={mode === 'oidc' ? 'button button-secondary' : 'button'} onClick={() => logout()}>
          Log ud
        </button>
      </section>
    </div>
  );
}

/**
 * The session could not be renewed. The page stays as it is, with whatever is typed into it;
 * signing in again happens in a popup, and the page carries on with the new token.
 */
export function SignInAgainNotice() {
  const { signInAgain } = useAuth();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="notice notice-info" role="alert">
      <p>
        <strong>Din session er udløbet.</strong> Log ind igen for at fortsætte. Siden bliver stående, så du ikke mister det, du har skrevet.
      </p>
      {problem ? <p>{problem}</p> : null}
      <BusyButton
        action={() => {
          setProblem(null);
          return signInAgain().catch(() => setProblem('Vinduet til log ind blev lukket eller kunne ikke åbnes. Tillad pop op-vinduer for Samplan, og prøv igen.'));
        }}
      >
        Log ind igen
      </BusyButton>
    </div>
  );
}
