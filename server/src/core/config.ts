import { rateLimitsFromEnv, type RateLimitSettings } from './http/rate-limit';

/**
 * Runtime settings, read once from the environment. Rules the source documents
 * disagree on (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3 says a ressourceforløb lasts 1–5 years, målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023: up to 3)
 * are settings here, not constants in code.
 */
export interface AuthConfig {
  /** Shared secret for HS256 tokens (demo mode, tests, or a provider that signs with a secret). */
  secret?: string;
  /** PEM public key (RS256/ES256) of the identity provider. */
  publicKeyPem?: string;
  /** JWKS URL of the identity provider (OIDC). */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Lifetime of tokens issued by demo login. */
  demoTokenTtlSeconds: number;
}

export interface ProgrammeRules {
  ressourceforloebMinYears: number;
  ressourceforloebMaxYears: number;
  jobafklaringMaxYears: number;
  jobafklaringMaxPerCitizen: number;
}

export interface AppConfig {
  port: number;
  databaseUrl: string;
  /** Demo mode: adds devLogin and seeds the demo municipality on an empty database. */
  demo: boolean;
  production: boolean;
  auth: AuthConfig;
  rules: ProgrammeRules;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Per-user mutation and per-address failed-login limits (core/http/rate-limit.ts). */
  rateLimits?: RateLimitSettings;
  /** Folder of the built client, served at `/` when present. */
  clientDist?: string;
  logLevel: string;
}

export const DEMO_SECRET_DEFAULT = 'samplan-demo-secret-only-for-local-demo-mode-0001';

export const defaultRules: ProgrammeRules = {
  ressourceforloebMinYears: 1,
  ressourceforloebMaxYears: 5,
  jobafklaringMaxYears: 2,
  jobafklaringMaxPerCitizen: 2,
};

function num(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`Not a number: ${value}`);
  return n;
}

/** Builds the configuration from the environment; `databaseUrl` may be filled in later (embedded). */
export function configFromEnv(env: NodeJS.ProcessEnv, defaults: { demo: boolean }): Omit<AppConfig, 'databaseUrl'> {
  const demo = env.DEMO !== undefined ? env.DEMO === '1' || env.DEMO === 'true' : defaults.demo;
  const production = env.NODE_ENV === 'production';
  const secret = env.AUTH_SECRET ?? (demo ? DEMO_SECRET_DEFAULT : undefined);
  if (!secret && !env.AUTH_PUBLIC_KEY && !env.AUTH_JWKS_URL) {
    throw new Error('No token verification configured: set AUTH_JWKS_URL, AUTH_PUBLIC_KEY or AUTH_SECRET (or DEMO=1).');
  }
  return {
    port: num(env.PORT, 4000),
    demo,
    production,
    auth: {
      secret,
      publicKeyPem: env.AUTH_PUBLIC_KEY,
      jwksUrl: env.AUTH_JWKS_URL,
      issuer: env.AUTH_ISSUER ?? 'samplan-demo',
      audience: env.AUTH_AUDIENCE ?? 'samplan',
      demoTokenTtlSeconds: num(env.DEMO_TOKEN_TTL_SECONDS, 8 * 3600),
    },
    rules: {
      ressourceforloebMinYears: num(env.RULE_RESSOURCEFORLOEB_MIN_YEARS, defaultRules.ressourceforloebMinYears),
      ressourceforloebMaxYears: num(env.RULE_RESSOURCEFORLOEB_MAX_YEARS, defaultRules.ressourceforloebMaxYears),
      jobafklaringMaxYears: num(env.RULE_JOBAFKLARING_MAX_YEARS, defaultRules.jobafklaringMaxYears),
      jobafklaringMaxPerCitizen: num(env.RULE_JOBAFKLARING_MAX_PER_CITIZEN, defaultRules.jobafklaringMaxPerCitizen),
    },
    bodyLimitBytes: num(env.BODY_LIMIT_BYTES, 256 * 1024),
    rateLimits: rateLimitsFromEnv(env),
    clientDist: env.CLIENT_DIST,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
