import { z } from 'zod';
import { CITIZEN_MIN_LEVELS, DEFAULT_CITIZEN_MIN_LEVEL, type CitizenMinLevel } from './auth/nsis';
import { checkTrustedProxies } from './http/client-address';

/**
 * Runtime settings, parsed once from the environment at start (main.ts, migrate-cli.ts)
 * against one schema (zod, https://zod.dev): nothing else in the server reads
 * `process.env`. A value that does not fit stops the start with one line naming the
 * variable; there is no silent fallback to a default. The variables and their defaults
 * are README.md's Environment table.
 *
 * The law is no setting: what changed between 2013, 2022 and the reform of 2026 (how long a
 * ressourceforløb lasts, whether one can be granted at all) is one module per law version
 * (modules/rules/law), chosen by each programme's decision date. The municipality's own
 * frame for its helhedsorienterede forløb is stored per municipality, not here.
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
  /** Oldest token accepted (now − iat), whatever its `exp` says; `exp` and `iat` are required. */
  maxTokenAgeSeconds: number;
  /**
   * The provider is the municipality's own directory: an e-mail it sends without
   * `email_verified`, or as `preferred_username`/`upn`, binds an invitation too (tokens.ts).
   */
  trustUnverifiedEmail?: boolean;
  /**
   * The lowest NSIS level of assurance at which a token's CPR number binds a citizen's account
   * at their first sign-in, or follows their move (OIDC_CITIZEN_MIN_LOA; core/auth/nsis.ts).
   * Below it, or with no level stated, the number is not read. Substantial when not given.
   */
  citizenMinLoa?: CitizenMinLevel;
  /**
   * Sign-in with OpenID Connect: the web client signs staff in at this provider, and the API
   * accepts its access tokens (keys found by discovery). Demo tokens (HS256) are then accepted
   * only in demo mode.
   */
  oidc?: OidcSettings;
}

/** The identity provider, as the web client needs it (GET /auth/config) and the API checks its tokens. */
export interface OidcSettings {
  /** The provider's issuer URL: `iss` of its tokens, and the base of its discovery document. */
  issuer: string;
  /** The web client's id at the provider (a public client: authorization code with PKCE). */
  clientId: string;
  /** The API's resource: the `aud` its access tokens must carry. */
  audience: string;
  /** What the web client asks for. */
  scopes: string;
}

/** OIDC_DEV: the local provider (server/dev-oidc/provider.mjs) started by main.ts, for development. */
export interface OidcDevSettings {
  /** Its port; 0 is a free one. */
  port: number;
  accessTokenTtlSeconds: number;
}

/** Per-user mutation and per-address failed-login limits (core/http/rate-limit.ts). */
export interface RateLimitSettings {
  /** Mutations a user may send per minute, sustained. */
  mutationsPerMinute: number;
  /** Mutations a user may send at once (bucket size). */
  mutationBurst: number;
  /** Failed authentications per client address within the window before it is refused. */
  authFailures: number;
  authFailureWindowSeconds: number;
  /** Subscriptions a user may start per minute, sustained (over WebSocket; core/http/subscription-limits.ts). */
  subscribesPerMinute: number;
  /** Subscriptions a user may start at once (bucket size). */
  subscribeBurst: number;
}

/** Live subscriptions open at once on this instance (core/http/subscription-limits.ts). */
export interface SubscriptionLimitSettings {
  perSocket: number;
  /** Across all of one user's sockets on this instance. */
  perUser: number;
}

export interface AppConfig {
  port: number;
  /** Address to listen on; undefined: all interfaces. */
  host?: string;
  databaseUrl: string;
  /**
   * A direct connection to PostgreSQL, for what a pooler in transaction mode cannot carry:
   * LISTEN (the event feed) and migrations (a session-level lock). Undefined: `databaseUrl`.
   */
  databaseDirectUrl?: string;
  /**
   * Keep the requests' statements prepared by name per connection (parsed once, planned
   * seldom). Off behind a pooler in transaction mode that does not carry prepared
   * statements: by default, off exactly when `databaseDirectUrl` names another database
   * address than `databaseUrl` (the pooler set-up), on otherwise.
   */
  dbPreparedStatements: boolean;
  /** Connections per instance (a request holds one while it runs). */
  dbPoolSize: number;
  /** Port of the embedded PostgreSQL (no DATABASE_URL); undefined: a free one. */
  embeddedPgPort?: number;
  /** Demo mode: adds devLogin and seeds the demo municipality on an empty database. */
  demo: boolean;
  production: boolean;
  auth: AuthConfig;
  keyFigures: {
    /** Target share (0–1) of programmes with a company-based intervention. */
    companyBasedTarget: number;
  };
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** The load balancers in front (addresses, CIDR ranges, or loopback/linklocal/uniquelocal), whose X-Forwarded-For is believed (core/http/client-address.ts). */
  trustedProxies: string[];
  rateLimits: RateLimitSettings;
  subscriptionLimits: SubscriptionLimitSettings;
  /** How often the event feed polls besides LISTEN. */
  eventPollMs: number;
  /** Folder of the built client, served at `/` when present. */
  clientDist?: string;
  logLevel: string;
  /** OIDC_DEV=1: main.ts starts the local OpenID provider and points `auth.oidc` at it. */
  oidcDev?: OidcDevSettings;
  /**
   * Bearer token for `/metrics` (core/http/metrics.ts). Set: required everywhere. Unset:
   * `/metrics` is open in development and absent (404) in production.
   */
  metricsToken?: string;
}

/** The configuration as the environment gives it: the database may still have to be started (embedded). */
export type EnvConfig = Omit<AppConfig, 'databaseUrl'> & { databaseUrl?: string };

export const DEMO_SECRET_DEFAULT = 'samplan-demo-secret-only-for-local-demo-mode-0001';

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  mutationsPerMinute: 120,
  mutationBurst: 40,
  authFailures: 20,
  authFailureWindowSeconds: 300,
  subscribesPerMinute: 120,
  subscribeBurst: 40,
};

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimitSettings = { perSocket: 20, perUser: 50 };

/** Shortest secret production takes: 32 bytes, as long as the key of the HS256 it signs with. */
const MIN_SECRET_BYTES = 32;

/** Why a secret is too weak for production (too short, or a placeholder left in from an example), or null. */
function weakSecret(value: string): string | null {
  if (/^change-?me/i.test(value)) return 'a placeholder from an example ("change-me…")';
  if (Buffer.byteLength(value) < MIN_SECRET_BYTES) return `shorter than ${MIN_SECRET_BYTES} bytes`;
  return null;
}

/** An environment variable whose value does not fit: the message names it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Unset and empty are the same: the default applies (as in a compose file's `VAR=`). */
const raw = z.string().optional().transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A number in [min, max] (whole when `whole`); unset gives `fallback`. Its text is shown: numbers are no secrets. */
function number(fallback: number, o: { min: number; max?: number; whole?: boolean; exclusiveMin?: boolean }) {
  const max = o.max ?? Number.MAX_SAFE_INTEGER;
  const kind = o.whole ? 'a whole number' : 'a number';
  const range = o.max !== undefined ? ` from ${o.min} to ${max}` : o.exclusiveMin ? ` above ${o.min}` : ` of at least ${o.min}`;
  return raw.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    const fits = Number.isFinite(n) && (!o.whole || Number.isInteger(n)) && (o.exclusiveMin ? n > o.min : n >= o.min) && n <= max;
    if (!fits) {
      ctx.addIssue({ code: 'custom', message: `must be ${kind}${range}, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });
}

const optionalPort = raw.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    ctx.addIssue({ code: 'custom', message: `must be a port number from 0 to 65535, got "${v}"` });
    return z.NEVER;
  }
  return n;
});

const flag = raw.transform((v, ctx) => {
  if (v === undefined) return undefined;
  if (['1', 'true'].includes(v.toLowerCase())) return true;
  if (['0', 'false'].includes(v.toLowerCase())) return false;
  ctx.addIssue({ code: 'custom', message: `must be 1, 0, true or false, got "${v}"` });
  return z.NEVER;
});

/** A URL with one of the protocols; the value is not echoed (it may hold a password). */
function url(protocols: string[]) {
  return raw.refine((v) => {
    if (v === undefined) return true;
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL (${protocols.join(' or ')})`);
}

/** Variables that were settings once and are read no more (the law versions took them over). */
const RETIRED = ['RULE_RESSOURCEFORLOEB_MIN_YEARS', 'RULE_RESSOURCEFORLOEB_MAX_YEARS', 'RULE_JOBAFKLARING_MAX_YEARS', 'RULE_JOBAFKLARING_MAX_PER_CITIZEN'];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every variable the server reads, with its rule and default (README.md, Environment). */
const ENV = z.object({
  PORT: number(4000, { min: 0, max: 65535, whole: true }),
  HOST: raw,
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  DATABASE_DIRECT_URL: url(['postgres:', 'postgresql:']),
  DATABASE_PREPARED_STATEMENTS: flag,
  DB_POOL_SIZE: number(20, { min: 1, max: 1000, whole: true }),
  DEMO: flag,
  DEMO_TOKEN_TTL_SECONDS: number(8 * 3600, { min: 1, whole: true }),
  AUTH_MAX_TOKEN_AGE_SECONDS: number(12 * 3600, { min: 1, whole: true }),
  AUTH_TRUST_UNVERIFIED_EMAIL: flag,
  AUTH_JWKS_URL: url(['https:', 'http:']),
  AUTH_PUBLIC_KEY: raw,
  AUTH_SECRET: raw,
  AUTH_ISSUER: raw.transform((v) => v ?? 'samplan-demo'),
  AUTH_AUDIENCE: raw.transform((v) => v ?? 'samplan'),
  OIDC_ISSUER: url(['https:', 'http:']),
  OIDC_CLIENT_ID: raw,
  OIDC_AUDIENCE: raw,
  OIDC_SCOPES: raw.transform((v) => v ?? 'openid profile email'),
  OIDC_CITIZEN_MIN_LOA: raw.transform((v, ctx): CitizenMinLevel => {
    if (v === undefined) return DEFAULT_CITIZEN_MIN_LEVEL;
    const level = CITIZEN_MIN_LEVELS.find((l) => l.toLowerCase() === v.toLowerCase());
    if (level) return level;
    ctx.addIssue({ code: 'custom', message: `must be ${CITIZEN_MIN_LEVELS.join(' or ')} (an NSIS level of assurance; Low proves too little to show a citizen their plan), got "${v}"` });
    return z.NEVER;
  }),
  OIDC_DEV: flag,
  OIDC_DEV_PORT: optionalPort,
  OIDC_DEV_ACCESS_TOKEN_TTL: number(300, { min: 1, whole: true }),
  NODE_ENV: raw.refine((v) => v === undefined || ['production', 'development', 'test'].includes(v), {
    message: 'must be production, development or test (a miscased "Production" would switch off every production check)',
  }),
  BODY_LIMIT_BYTES: number(256 * 1024, { min: 1, whole: true }),
  RATE_MUTATIONS_PER_MINUTE: number(DEFAULT_RATE_LIMITS.mutationsPerMinute, { min: 0, exclusiveMin: true }),
  RATE_MUTATION_BURST: number(DEFAULT_RATE_LIMITS.mutationBurst, { min: 1, whole: true }),
  TRUSTED_PROXIES: raw.transform((v, ctx) => {
    const entries = v === undefined ? [] : v.split(',').map((p) => p.trim()).filter(Boolean);
    try {
      checkTrustedProxies(entries);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be addresses or CIDR ranges (or loopback, linklocal, uniquelocal), separated by commas, got "${v}"` });
      return z.NEVER;
    }
    return entries;
  }),
  RATE_AUTH_FAILURES: number(DEFAULT_RATE_LIMITS.authFailures, { min: 1, whole: true }),
  RATE_AUTH_FAILURE_WINDOW_SECONDS: number(DEFAULT_RATE_LIMITS.authFailureWindowSeconds, { min: 1, whole: true }),
  RATE_SUBSCRIBES_PER_MINUTE: number(DEFAULT_RATE_LIMITS.subscribesPerMinute, { min: 0, exclusiveMin: true }),
  RATE_SUBSCRIBE_BURST: number(DEFAULT_RATE_LIMITS.subscribeBurst, { min: 1, whole: true }),
  SUBSCRIPTIONS_PER_SOCKET: number(DEFAULT_SUBSCRIPTION_LIMITS.perSocket, { min: 1, whole: true }),
  SUBSCRIPTIONS_PER_USER: number(DEFAULT_SUBSCRIPTION_LIMITS.perUser, { min: 1, whole: true }),
  EVENT_POLL_MS: number(1000, { min: 1, whole: true }),
  KEY_FIGURE_COMPANY_TARGET_PERCENT: number(30, { min: 0, max: 100 }),
  CLIENT_DIST: raw,
  METRICS_TOKEN: raw,
  EMBEDDED_PG_PORT: optionalPort,
  LOG_LEVEL: raw.refine((v) => v === undefined || (LOG_LEVELS as readonly string[]).includes(v), `must be one of ${LOG_LEVELS.join(', ')}`).transform((v) => v ?? 'info'),
});

/**
 * Builds the configuration from the environment, or throws a ConfigError whose message is
 * one line naming every variable that does not fit. `defaults.demo` overrides the
 * documented default of DEMO (on exactly when DATABASE_URL is not set); `verifiesTokens:
 * false` is for tools that serve no requests (migrate-cli.ts) and need no AUTH_* setting.
 */
export function configFromEnv(env: NodeJS.ProcessEnv, defaults: { demo?: boolean; verifiesTokens?: boolean } = {}): EnvConfig {
  const parsed = ENV.safeParse(env);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`Invalid environment: ${reasons.join('; ')}`);
  }
  const e = parsed.data;
  // A deployment that still sets one expects an effect it no longer has: say so, do not ignore it.
  const retired = RETIRED.filter((name) => env[name] !== undefined && env[name] !== '');
  if (retired.length) {
    throw new ConfigError(`Invalid environment: ${retired.join(', ')} ${retired.length === 1 ? 'is' : 'are'} no longer read (the law version of a programme's decision date decides); remove ${retired.length === 1 ? 'it' : 'them'}`);
  }
  // Without DATABASE_URL the embedded database is started, migrated and seeded with the demo:
  // a direct URL alone would be ignored while the operator believes the real one is in use.
  if (e.DATABASE_DIRECT_URL !== undefined && e.DATABASE_URL === undefined) {
    throw new ConfigError('Invalid environment: DATABASE_DIRECT_URL is set without DATABASE_URL; set DATABASE_URL as well (the database the requests use), or remove DATABASE_DIRECT_URL');
  }
  const demo = e.DEMO ?? defaults.demo ?? e.DATABASE_URL === undefined;
  const production = e.NODE_ENV === 'production';
  if (production) {
    // What makes a demo a demo is public: its login, its secret (in this file) and a database
    // on the local disk. None of it may reach production, not even by a forgotten default.
    const refused = [
      demo && e.DEMO !== undefined && 'DEMO is on (demo login and demo seed are for local use only)',
      e.AUTH_SECRET === DEMO_SECRET_DEFAULT && 'AUTH_SECRET is the demo secret published in the source',
      e.DATABASE_URL === undefined && 'DATABASE_URL is not set (the embedded database is for local use only)',
      e.OIDC_DEV && 'OIDC_DEV is on (the local OpenID provider takes anyone who types a name)',
      // Judged only where it verifies tokens: a provider's keys (OIDC, a JWKS URL, a PEM key) come first.
      e.AUTH_SECRET !== undefined && !oidcFrom(e) && !e.AUTH_JWKS_URL && !e.AUTH_PUBLIC_KEY && weakSecret(e.AUTH_SECRET) &&
        `AUTH_SECRET is ${weakSecret(e.AUTH_SECRET)} (anyone holding one token could find it offline and sign their own)`,
      e.METRICS_TOKEN !== undefined && weakSecret(e.METRICS_TOKEN) && `METRICS_TOKEN is ${weakSecret(e.METRICS_TOKEN)}`,
    ].filter((r): r is string => typeof r === 'string');
    if (refused.length) throw new ConfigError(`Refused in production (NODE_ENV=production): ${refused.join('; ')}`);
    if (demo) throw new ConfigError('Refused in production (NODE_ENV=production): demo mode is on (demo login and demo seed are for local use only)');
  }
  const oidc = oidcFrom(e);
  // With a provider, a token signed with the shared secret is a demo token: only in demo mode.
  const secret = oidc && !demo ? undefined : (e.AUTH_SECRET ?? (demo ? DEMO_SECRET_DEFAULT : undefined));
  if (defaults.verifiesTokens !== false && !oidc && !e.OIDC_DEV && !secret && !e.AUTH_PUBLIC_KEY && !e.AUTH_JWKS_URL) {
    throw new ConfigError('No token verification configured: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_AUDIENCE (or AUTH_JWKS_URL, AUTH_PUBLIC_KEY or AUTH_SECRET, or DEMO=1).');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseDirectUrl: e.DATABASE_DIRECT_URL,
    dbPreparedStatements: e.DATABASE_PREPARED_STATEMENTS ?? !(e.DATABASE_DIRECT_URL && e.DATABASE_DIRECT_URL !== e.DATABASE_URL),
    dbPoolSize: e.DB_POOL_SIZE,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    demo,
    production,
    auth: {
      secret,
      publicKeyPem: e.AUTH_PUBLIC_KEY,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      demoTokenTtlSeconds: e.DEMO_TOKEN_TTL_SECONDS,
      maxTokenAgeSeconds: e.AUTH_MAX_TOKEN_AGE_SECONDS,
      trustUnverifiedEmail: e.AUTH_TRUST_UNVERIFIED_EMAIL,
      citizenMinLoa: e.OIDC_CITIZEN_MIN_LOA,
      ...(oidc ? { oidc } : {}),
    },
    keyFigures: { companyBasedTarget: e.KEY_FIGURE_COMPANY_TARGET_PERCENT / 100 },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustedProxies: e.TRUSTED_PROXIES,
    rateLimits: {
      mutationsPerMinute: e.RATE_MUTATIONS_PER_MINUTE,
      mutationBurst: e.RATE_MUTATION_BURST,
      authFailures: e.RATE_AUTH_FAILURES,
      authFailureWindowSeconds: e.RATE_AUTH_FAILURE_WINDOW_SECONDS,
      subscribesPerMinute: e.RATE_SUBSCRIBES_PER_MINUTE,
      subscribeBurst: e.RATE_SUBSCRIBE_BURST,
    },
    subscriptionLimits: { perSocket: e.SUBSCRIPTIONS_PER_SOCKET, perUser: e.SUBSCRIPTIONS_PER_USER },
    eventPollMs: e.EVENT_POLL_MS,
    clientDist: e.CLIENT_DIST,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    ...(e.OIDC_DEV ? { oidcDev: { port: e.OIDC_DEV_PORT ?? 4001, accessTokenTtlSeconds: e.OIDC_DEV_ACCESS_TOKEN_TTL } } : {}),
  };
}

/** The configuration signing in at `oidc` (main.ts, once OIDC_DEV's provider is up): the same rule for demo tokens as OIDC_ISSUER. */
export function withOidc<C extends EnvConfig>(config: C, oidc: OidcSettings): C {
  return { ...config, auth: { ...config.auth, oidc, secret: config.demo ? config.auth.secret : undefined } };
}

/** OIDC_ISSUER names the provider; the client id and the API's audience must come with it. */
function oidcFrom(e: z.infer<typeof ENV>): OidcSettings | undefined {
  const given = { OIDC_ISSUER: e.OIDC_ISSUER, OIDC_CLIENT_ID: e.OIDC_CLIENT_ID, OIDC_AUDIENCE: e.OIDC_AUDIENCE };
  const set = Object.entries(given).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (set.length === 0) return undefined;
  if (e.OIDC_DEV) throw new ConfigError(`Invalid environment: ${set.join(', ')} and OIDC_DEV exclude each other (OIDC_DEV starts the local provider and sets them)`);
  const missing = Object.keys(given).filter((k) => !set.includes(k));
  if (missing.length) throw new ConfigError(`Invalid environment: ${missing.join(', ')} must be set with ${set.join(', ')}`);
  if (e.AUTH_JWKS_URL || e.AUTH_PUBLIC_KEY) {
    throw new ConfigError('Invalid environment: OIDC_ISSUER and AUTH_JWKS_URL/AUTH_PUBLIC_KEY exclude each other (the provider\'s keys are found by discovery)');
  }
  return { issuer: e.OIDC_ISSUER!, clientId: e.OIDC_CLIENT_ID!, audience: e.OIDC_AUDIENCE!, scopes: e.OIDC_SCOPES };
}
