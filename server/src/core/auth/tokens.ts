import { createLocalJWKSet, createRemoteJWKSet, importSPKI, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey, type KeyLike } from 'jose';
import type { AuthConfig } from '../config';

export interface VerifiedToken {
  subject: string;
  /** The e-mail address, when the token carries one (`email`, else `preferred_username` or `upn` if they look like one). */
  email?: string;
  /** When the token stops being accepted (seconds since epoch): its `exp`, or `iat` + the maximum age if sooner. */
  expiresAt: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}

const ASYMMETRIC_ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * The API trusts only signed tokens, checked for signature, issuer, audience and expiry,
 * as an OIDC provider issues them. Key source, in order: JWKS URL, PEM public key, shared secret.
 * `exp` and `iat` are required (a token without `exp` would be good forever), and a token
 * older than AUTH_MAX_TOKEN_AGE_SECONDS (now − iat) is refused whatever its `exp` says; one
 * issued in the future is refused too.
 */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  let keyPromise: Promise<KeyLike | Uint8Array | JWTVerifyGetKey>;
  let algorithms: string[];
  if (config.jwksUrl) {
    keyPromise = Promise.resolve(createRemoteJWKSet(new URL(config.jwksUrl)));
    algorithms = ASYMMETRIC_ALGS;
  } else if (config.publicKeyPem) {
    const alg = config.publicKeyPem.includes('BEGIN PUBLIC KEY') ? 'RS256' : 'ES256';
    keyPromise = importSPKI(config.publicKeyPem, alg);
    algorithms = ASYMMETRIC_ALGS;
  } else if (config.secret) {
    keyPromise = Promise.resolve(new TextEncoder().encode(config.secret));
    algorithms = ['HS256'];
  } else {
    throw new Error('No key configured for token verification');
  }
  return {
    async verify(token: string): Promise<VerifiedToken> {
      const key = await keyPromise;
      const options = {
        issuer: config.issuer,
        audience: config.audience,
        algorithms,
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: config.maxTokenAgeSeconds,
      };
      const { payload } =
        typeof key === 'function'
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key as KeyLike | Uint8Array, options);
      if (!payload.sub) throw new Error('token has no subject');
      // jwtVerify has checked both to be numbers (requiredClaims), and iat not in the future.
      const expiresAt = Math.min(payload.exp!, payload.iat! + config.maxTokenAgeSeconds);
      return { subject: payload.sub, email: emailOf(payload), expiresAt };
    },
  };
}

/** Providers name the e-mail differently: OIDC's `email`; Entra ID's access tokens `preferred_username` or `upn`. */
function emailOf(payload: JWTPayload): string | undefined {
  for (const claim of ['email', 'preferred_username', 'upn']) {
    const value = payload[claim];
    if (typeof value === 'string' && /^[^@\s]+@[^@\s]+$/.test(value)) return value.toLowerCase();
  }
  return undefined;
}

/** Issues a token for a demo user; only reachable in demo mode (HS256 with the demo secret). */
export async function signToken(
  config: AuthConfig,
  subject: string,
  now: Date,
  ttlSeconds = config.demoTokenTtlSeconds,
  extra: JWTPayload = {},
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
