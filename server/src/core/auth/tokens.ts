import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigError, DEMO_SECRET_DEFAULT, type AuthConfig, type OidcSettings } from '../config';
import { assuranceOf, DEFAULT_CITIZEN_MIN_LEVEL, meetsLevel, NETS_EID_BROKER_CPR_CLAIM, NSIS_LOA_CLAIM, OIO_CPR_CLAIM, OIOSAML2_CPR_CLAIM, type NsisLevel } from './nsis';

export interface VerifiedToken {
  subject: string;
  /** The e-mail address, when the token carries one (`email`, else `preferred_username` or `upn` if they look like one). */
  email?: string;
  /**
   * The CPR number, when the token carries one at the NSIS level a citizen's binding needs
   * (OIDC_CITIZEN_MIN_LOA, Substantial unless set): a citizen signing in with MitID through
   * NemLog-in or a broker with the CPR match (claim `cpr`, NemLog-in's (OIOSAML 3.0)
   * `https://data.gov.dk/model/core/eid/cprNumber`, OIOSAML 2's `dk:gov:saml:attribute:CprNumberIdentifier`,
   * or Nets eID Broker's `dk.cpr`).
   */
  cpr?: string;
  /**
   * The token carries a CPR number, but states a lower level than that, or none (`stated` unset):
   * the number is not read, so it binds no account and moves none (`cpr` is unset). A staff
   * identity from a broker that also sends a cpr attribute, or MitID at Low, is no citizen's
   * sign-in. Said to the holder, who may sign in again at the level (authenticate.ts).
   */
  cprBelowLevel?: { stated?: NsisLevel; required: NsisLevel };
  /**
   * The NSIS level of assurance the token states (nsis.ts, `assuranceOf`), unset when it states
   * none this server reads. Kept with the token, not with the account: a citizen who signed in
   * at Substantial yesterday and at Low now is judged by the token now (authenticate.ts).
   */
  level?: NsisLevel;
  /**
   * The level a citizen's token must state, as this verifier is configured (OIDC_CITIZEN_MIN_LOA):
   * for their CPR number to bind an account, and for every request of a citizen's account
   * (authenticate.ts). Unset is the default, Substantial.
   */
  citizenMinLevel?: NsisLevel;
  /** When the token stops being accepted (seconds since epoch): its `exp`, or `iat` + the maximum age if sooner. */
  expiresAt: number;
  /**
   * When the provider issued it (`iat`, seconds since epoch). A sign-in may follow a move to
   * another municipality only with a token issued after the deactivation it follows (modules/org),
   * and only such a token acts as the account the login moved to (authenticate.ts); `issuedSurelyAfter`
   * allows for the provider's clock running ahead.
   */
  issuedAt: number;
  /** Who issued it (`iss`). */
  issuer: string;
}

/**
 * The identity provider could not be asked for its keys (down, slow, or answering nonsense):
 * not the caller's fault, so no failed sign-in either (authenticate.ts answers SERVICE_UNAVAILABLE).
 */
export class IdentityProviderUnavailable extends Error {
  override name = 'IdentityProviderUnavailable';
}

export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}

const ASYMMETRIC_ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * How far a token may seem to come from the future (`iat`, `nbf` ahead of this server's
 * clock). The provider's clock and this server's are never quite the same: a token issued
 * "a second from now" by a provider whose clock runs a little ahead is genuine, and refusing
 * it signs the user out and counts a failed login against their address. Half a minute covers
 * clocks kept by NTP; a token minutes ahead is still refused. Expiry is not stretched by it
 * (`verified` checks `exp` and the maximum age exactly): the client renews before then anyway.
 */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Whether a token was surely issued after `moment` (the database's time, as a deactivation is
 * stamped). Its `iat` is the provider's clock in whole seconds, and that clock may run ahead of
 * the database's by as much as a token may seem to come from the future (CLOCK_TOLERANCE_SECONDS):
 * a token issued just before a deactivation by such a provider states an `iat` after it. So a
 * token counts as issued after the moment only when its `iat` lies more than the allowance after
 * it. The price: a genuine sign-in within the allowance after a deactivation counts as before it
 * too. That matters for a member of staff who moves to another municipality (modules/org): a
 * sign-in made within half a minute of their old account's deactivation (or of the deactivation
 * that lets them back to an account reactivated for them) is refused as the deactivated account's,
 * and told to sign in again in a moment (`secondsUntilSurelyAfter`).
 */
export function issuedSurelyAfter(issuedAt: number, moment: Date): boolean {
  return moment.getTime() < earliestIssue(issuedAt) * 1000;
}

/**
 * The earliest the database's clock may have shown when a token with this `iat` was issued
 * (seconds since epoch), for a statement to hold it against a moment it stamped (`issuedSurelyAfter`).
 */
export const earliestIssue = (issuedAt: number): number => issuedAt - CLOCK_TOLERANCE_SECONDS;

/**
 * For a token whose `iat` says it was issued after `moment` but by less than the allowance
 * (`issuedSurelyAfter`): in how many seconds a new sign-in would be taken as after it. Undefined for a
 * token that says it is from before the moment, or that counts as after it.
 */
export function secondsUntilSurelyAfter(issuedAt: number, moment: Date): number | undefined {
  if (issuedAt * 1000 <= moment.getTime() || issuedSurelyAfter(issuedAt, moment)) return undefined;
  return Math.floor(moment.getTime() / 1000) + CLOCK_TOLERANCE_SECONDS + 1 - issuedAt;
}

/** How long the provider may take to answer for its discovery document or its keys. */
const PROVIDER_TIMEOUT_MS = 5_000;

/**
 * The API trusts only signed tokens, checked for signature, issuer, audience and expiry,
 * as an OIDC provider issues them. With OIDC_ISSUER: the provider's tokens (keys by discovery),
 * and HS256 demo tokens only in demo mode. Without: one key source, in order JWKS URL, PEM
 * public key, shared secret. `exp` and `iat` are required (a token without `exp` would be good forever), and a token
 * older than AUTH_MAX_TOKEN_AGE_SECONDS (now − iat) is refused whatever its `exp` says; one
 * issued in the future is refused too, beyond CLOCK_TOLERANCE_SECONDS of clock difference.
 */
export function createTokenVerifier(config: AuthConfig, options: TokenVerifierOptions = {}): TokenVerifier {
  return rememberingVerified(signatureVerifier(config, options.demoSubjects ?? new Set()));
}

export interface TokenVerifierOptions {
  /**
   * The subjects a token signed with the demo secret published in the source
   * (DEMO_SECRET_DEFAULT) may name: the demo's own users, whom demo login signs in anyway.
   * Anybody can sign such a token, so a demo instance pointed at a database with real people
   * in it must not take one for them. None when not given.
   */
  demoSubjects?: ReadonlySet<string>;
}

/** Verified tokens kept per instance; beyond this the oldest goes first. */
const VERIFIED_KEPT = 5_000;

/**
 * A client sends the same token with every request until it renews it, and checking its
 * signature again each time is most of what answering `{ me { name } }` costs. A token
 * that verified once is kept, by its exact text, with its claims, and accepted again from
 * memory until it expires (`expiresAt`: its `exp`, or `iat` + the maximum age if sooner),
 * which is checked at every use. A refused token is never kept: it is checked in full
 * every time. A key the provider withdraws stops new tokens at once; one it signed already
 * stays good until it expires, as with any verifier that caches the provider's key set.
 */
export function rememberingVerified(inner: TokenVerifier, now: () => number = Date.now): TokenVerifier {
  const kept = new Map<string, VerifiedToken>();
  return {
    async verify(token) {
      const seconds = Math.floor(now() / 1000);
      const known = kept.get(token);
      if (known && seconds < known.expiresAt) return known;
      if (known) kept.delete(token);
      const fresh = await inner.verify(token);
      kept.set(token, Object.freeze(fresh));
      if (kept.size > VERIFIED_KEPT) kept.delete(kept.keys().next().value as string);
      return fresh;
    },
  };
}

function signatureVerifier(config: AuthConfig, demoSubjects: ReadonlySet<string>): TokenVerifier {
  if (!config.oidc) return keyVerifier(config, demoSubjects);
  const provider = providerVerifier(config.oidc, config);
  // Demo tokens (HS256 with the shared secret) only while config.ts kept the secret: in demo mode.
  const demo = config.secret ? keyVerifier({ ...config, jwksUrl: undefined, publicKeyPem: undefined }, demoSubjects) : undefined;
  return {
    verify(token) {
      let alg: string | undefined;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        return Promise.reject(new Error('not a JWT'));
      }
      if (alg === 'HS256') return demo ? demo.verify(token) : Promise.reject(new Error('demo tokens are refused outside demo mode'));
      return provider.verify(token);
    },
  };
}

/** Verifies with one key source: JWKS URL, PEM public key, or shared secret. */
function keyVerifier(config: AuthConfig, demoSubjects: ReadonlySet<string>): TokenVerifier {
  let key: KeyObject | Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.jwksUrl) {
    key = remoteKeys(new URL(config.jwksUrl));
    algorithms = ASYMMETRIC_ALGS;
  } else if (config.publicKeyPem) {
    ({ key, algorithms } = publicKeyOf(config.publicKeyPem));
  } else if (config.secret) {
    key = new TextEncoder().encode(config.secret);
    algorithms = ['HS256'];
  } else {
    throw new Error('No key configured for token verification');
  }
  return {
    async verify(token: string): Promise<VerifiedToken> {
      const options = {
        issuer: config.issuer,
        audience: config.audience,
        algorithms,
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: config.maxTokenAgeSeconds,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      };
      const { payload } =
        typeof key === 'function'
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key as KeyLike | Uint8Array, options);
      if (config.secret === DEMO_SECRET_DEFAULT && !config.jwksUrl && !config.publicKeyPem) {
        if (!demoSubjects.has(payload.sub!)) throw new Error('a token signed with the published demo secret names a demo user only');
        // Nor may it bring an e-mail or a CPR number: those would bind a real person's waiting
        // invitation, or a real citizen, to the demo subject (modules/org, loadActor). Its level
        // stays: it names a demo user, whom devLogin signs in with the level anyway (signToken).
        const { subject, expiresAt, issuedAt, issuer, level, citizenMinLevel } = verified(payload, config);
        return { subject, expiresAt, issuedAt, issuer, ...(level ? { level } : {}), citizenMinLevel };
      }
      return verified(payload, config);
    },
  };
}

type ClaimSettings = Pick<AuthConfig, 'maxTokenAgeSeconds' | 'trustUnverifiedEmail' | 'citizenMinLoa'>;

function verified(payload: JWTPayload, config: ClaimSettings): VerifiedToken {
  if (!payload.sub) throw new Error('token has no subject');
  // jwtVerify has checked both to be numbers (requiredClaims), and iat not in the future
  // beyond the clock tolerance, which it applies to expiry too: that is checked exactly here.
  const expiresAt = Math.min(payload.exp!, payload.iat! + config.maxTokenAgeSeconds);
  if (expiresAt <= Math.floor(Date.now() / 1000)) {
    const [claim, why] = expiresAt === payload.exp ? ['exp', 'timestamp check failed'] : ['iat', 'timestamp check failed (too far in the past)'];
    throw new errors.JWTExpired(`"${claim}" claim ${why}`, payload, claim, 'check_failed');
  }
  const citizenMinLevel = config.citizenMinLoa ?? DEFAULT_CITIZEN_MIN_LEVEL;
  const level = assuranceOf(payload);
  return {
    subject: payload.sub,
    email: emailOf(payload, config.trustUnverifiedEmail === true),
    ...citizenOf(payload, level, citizenMinLevel),
    ...(level ? { level } : {}),
    citizenMinLevel,
    expiresAt,
    issuedAt: payload.iat!,
    issuer: payload.iss ?? '',
  };
}

/**
 * The public key of AUTH_PUBLIC_KEY, and the algorithms it verifies, read from the key itself:
 * every SPKI PEM says "BEGIN PUBLIC KEY", whether RSA or EC. A key that cannot be read, or of a
 * kind no accepted algorithm uses, stops the start with the reason, not at the first request.
 */
function publicKeyOf(pem: string): { key: KeyObject; algorithms: string[] } {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new ConfigError(`Invalid environment: AUTH_PUBLIC_KEY is not a public key in PEM form (-----BEGIN PUBLIC KEY-----…): ${err instanceof Error ? err.message : String(err)}`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'rsa') return { key, algorithms: ['RS256', 'PS256'] };
  if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1') return { key, algorithms: ['ES256'] };
  if (key.asymmetricKeyType === 'ed25519') return { key, algorithms: ['EdDSA'] };
  const kind = `${key.asymmetricKeyType ?? 'unknown'}${curve ? ` (${curve})` : ''}`;
  throw new ConfigError(`Invalid environment: AUTH_PUBLIC_KEY holds a key of type ${kind}; tokens are verified with RSA (RS256, PS256), EC P-256 (ES256) or Ed25519 (EdDSA) keys`);
}

/**
 * The keys a provider publishes at `url` (a JWKS), fetched on first use, again when they are
 * ten minutes old, and when a token names a key not seen yet (the provider rotated its keys).
 * A key set that cannot be read is the provider's failure, not the token's: no answer in time,
 * an answer other than 200 (a 503 while it restarts), a page that is no key set. jose says the
 * middle two with a plain JOSEError ("Expected 200 OK…", "Failed to parse…"), so only what is
 * about the token passes as the token's fault: no published key fits its `kid` and `alg`, or
 * more than one does. All else is IdentityProviderUnavailable (authenticate.ts: SERVICE_UNAVAILABLE,
 * not counted as a failed login).
 */
function remoteKeys(url: URL): JWTVerifyGetKey {
  const set = createRemoteJWKSet(url, { timeoutDuration: PROVIDER_TIMEOUT_MS });
  return async (header, token) => {
    try {
      return await set(header, token);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
      throw new IdentityProviderUnavailable(`the keys at ${url.href} could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/**
 * What an OpenID provider's discovery document says (OpenID Connect Discovery 1.0, section 3),
 * as far as Samplan uses it: the keys the API verifies tokens with, and the endpoints the web
 * client's browser reaches (the Content-Security-Policy allows their origins, http/app.ts). A
 * provider may keep them on other hosts than the issuer (Entra ID, KOMBIT's context handler).
 */
export interface ProviderMetadata {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  userinfo_endpoint?: string;
  revocation_endpoint?: string;
  end_session_endpoint?: string;
  check_session_iframe?: string;
}

const PROVIDER_ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'revocation_endpoint', 'end_session_endpoint', 'check_session_iframe'] as const;

/** Each issuer's discovery document, read once per process: asked for, or read already. */
const discovered = new Map<string, Promise<ProviderMetadata>>();

/**
 * The discovery document of `issuer` (`/.well-known/openid-configuration`), as `readDiscovery`
 * reads it, once per process: the Content-Security-Policy (http/app.ts) and the token verifier
 * both need it at start, and callers at the same time share the one request. A failed read is
 * not kept, so the next caller asks again (the policy at most once a minute, the verifier at its
 * next token): a provider that was down at start is read once it answers. The document is kept
 * for the process's life; a provider that moves its keys to another address is read anew at a
 * restart (a key rotated at the same address is fetched by the key set itself, `remoteKeys`).
 */
export function discoverProvider(issuer: string): Promise<ProviderMetadata> {
  const known = discovered.get(issuer);
  if (known) return known;
  const reading = readDiscovery(issuer);
  discovered.set(issuer, reading);
  reading.catch(() => {
    if (discovered.get(issuer) === reading) discovered.delete(issuer);
  });
  return reading;
}

/**
 * Reads the discovery document of `issuer`. It must be the issuer's own (OpenID Connect
 * Discovery 1.0, section 4.3) and name its keys; an endpoint that is no string is left out.
 * IdentityProviderUnavailable when it cannot be read in time, or is not that.
 */
async function readDiscovery(issuer: string): Promise<ProviderMetadata> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let doc: Record<string, unknown>;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    doc = (await res.json()) as Record<string, unknown>;
    if (!doc || typeof doc !== 'object') throw new Error('not a JSON object');
  } catch (err) {
    throw new IdentityProviderUnavailable(`discovery at ${url} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (doc.issuer !== issuer || typeof doc.jwks_uri !== 'string') {
    throw new IdentityProviderUnavailable(`discovery at ${url} names issuer ${String(doc.issuer)}, expected ${issuer}, or has no jwks_uri`);
  }
  const metadata: ProviderMetadata = { issuer, jwks_uri: doc.jwks_uri };
  for (const endpoint of PROVIDER_ENDPOINTS) {
    const value = doc[endpoint];
    if (typeof value === 'string') metadata[endpoint] = value;
  }
  // Shared by every caller in the process (discoverProvider): none may change it for the others.
  return Object.freeze(metadata);
}

/**
 * Access tokens of an OpenID provider: its keys are found by discovery (OpenID Connect
 * Discovery 1.0, `/.well-known/openid-configuration` → `jwks_uri`), fetched on first use and
 * again when a token names a key not yet seen (the provider rotated its keys). The token must
 * carry the provider's `iss`, the API's `aud`, `exp`, `iat` and `sub` (RFC 9068, JWT access tokens).
 */
function providerVerifier(oidc: OidcSettings, config: ClaimSettings): TokenVerifier {
  const { maxTokenAgeSeconds } = config;
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => remoteKeys(new URL((await discoverProvider(oidc.issuer)).jwks_uri));
  const getKey: JWTVerifyGetKey = async (header, token) => {
    // A failed discovery is tried again by the next request rather than remembered.
    const set = await (keys ??= discover().catch((err) => {
      keys = undefined;
      throw err;
    }));
    return set(header, token);
  };
  return {
    async verify(token: string): Promise<VerifiedToken> {
      const { payload } = await jwtVerify(token, getKey, {
        issuer: oidc.issuer,
        audience: oidc.audience,
        algorithms: ASYMMETRIC_ALGS,
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub'],
        maxTokenAge: maxTokenAgeSeconds,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      return verified(payload, config);
    },
  };
}

/**
 * The e-mail binds an invitation at the first sign-in, so only an address the provider
 * vouches for counts: OIDC's `email` with `email_verified: true`. Some providers vouch
 * differently: a municipality's own directory (single-tenant Entra ID, AD FS) sends its
 * staff's addresses without the flag, or only as `preferred_username` / `upn`, which are
 * trustworthy there and nowhere else (a user can choose them at a provider open to
 * anyone). `trustUnflagged` (AUTH_TRUST_UNVERIFIED_EMAIL) takes those too; an address the
 * provider says it has not verified is never taken.
 */
function emailOf(payload: JWTPayload, trustUnflagged: boolean): string | undefined {
  const flag = payload.email_verified;
  if (flag === false || flag === 'false') return undefined;
  const claims = flag === true || flag === 'true' ? ['email'] : trustUnflagged ? ['email', 'preferred_username', 'upn'] : [];
  for (const claim of claims) {
    const value = payload[claim];
    if (typeof value === 'string' && /^[^@\s]+@[^@\s]+$/.test(value)) return value.toLowerCase();
  }
  return undefined;
}

/**
 * The claims a CPR number comes in: a plain `cpr` (brokers that name it so), NemLog-in's
 * (OIOSAML 3.0), OIOSAML 2's, and Nets eID Broker's (nsis.ts names them).
 */
const CPR_CLAIMS = ['cpr', OIO_CPR_CLAIM, OIOSAML2_CPR_CLAIM, NETS_EID_BROKER_CPR_CLAIM];

/** A CPR number is ten digits (a hyphen after the birth date is allowed and dropped); anything else is no CPR claim. */
function cprOf(payload: JWTPayload): string | undefined {
  for (const claim of CPR_CLAIMS) {
    const value = payload[claim];
    if (typeof value === 'string' && /^[0-9]{6}-?[0-9]{4}$/.test(value)) return value.replace('-', '');
  }
  return undefined;
}

/**
 * The CPR number names a citizen, and their first sign-in binds their account to the token's
 * subject for good (modules/org/actor.service.ts), so it is taken only from a sign-in that proves
 * the person at `required` or higher (core/auth/nsis.ts reads the level). Staff and citizens may
 * sign in through one broker: a staff identity that carries a cpr attribute, or MitID at Low,
 * must not become that citizen's account and read their plan.
 */
function citizenOf(payload: JWTPayload, stated: NsisLevel | undefined, required: NsisLevel): Pick<VerifiedToken, 'cpr' | 'cprBelowLevel'> {
  const cpr = cprOf(payload);
  if (!cpr) return {};
  if (meetsLevel(stated, required)) return { cpr };
  return { cprBelowLevel: stated ? { stated, required } : { required } };
}

/**
 * The claims of the demo's own sign-in (devLogin): it stands for MitID at the level Samplan asks
 * of citizens (OIDC_CITIZEN_MIN_LOA), and says so as NemLog-in does, so the demo citizen reads
 * their plan as one signed in with MitID would (authenticate.ts checks every request of a
 * citizen's account). It proves nothing a demo does not already give away: devLogin signs
 * anybody in as any demo user. A token of a real provider states its own level, or none.
 */
const demoSignInClaims = (config: AuthConfig): JWTPayload => ({ [NSIS_LOA_CLAIM]: config.citizenMinLoa ?? DEFAULT_CITIZEN_MIN_LEVEL });

/**
 * Issues a token for a demo user; only reachable in demo mode (HS256 with the demo secret). With
 * `extra`, a token with exactly those claims (tests stand in for a provider with it); without,
 * the demo's own sign-in, at the citizens' level (demoSignInClaims).
 */
export async function signToken(
  config: AuthConfig,
  subject: string,
  now: Date,
  ttlSeconds = config.demoTokenTtlSeconds,
  extra: JWTPayload = demoSignInClaims(config),
): Promise<string> {
  if (!config.secret) throw new Error('Token signing needs AUTH_SECRET');
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT(extra)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(new TextEncoder().encode(config.secret));
}

export { createLocalJWKSet };
