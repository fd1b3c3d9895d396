import { ConfigError, configFromEnv, DEFAULT_RATE_LIMITS, DEMO_SECRET_DEFAULT } from './config';

/** The environment is read once, against one schema; a value that does not fit stops the start. */
describe('configuration from the environment', () => {
  const fails = (env: NodeJS.ProcessEnv) => {
    try {
      configFromEnv(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(env)}`);
  };

  it('has README.md’s defaults when nothing is set (demo mode without DATABASE_URL)', () => {
    const c = configFromEnv({});
    expect(c).toMatchObject({
      port: 4000,
      host: undefined,
      databaseUrl: undefined,
      dbPoolSize: 20,
      demo: true,
      production: false,
      bodyLimitBytes: 262144,
      rateLimits: DEFAULT_RATE_LIMITS,
      eventPollMs: 1000,
      keyFigures: { companyBasedTarget: 0.3 },
      logLevel: 'info',
    });
    expect(c.auth).toEqual({
      secret: DEMO_SECRET_DEFAULT, publicKeyPem: undefined, jwksUrl: undefined, issuer: 'samplan-demo', audience: 'samplan', demoTokenTtlSeconds: 8 * 3600, maxTokenAgeSeconds: 12 * 3600,
      citizenMinLoa: 'Substantial',
    });
  });

  it('reads every documented variable', () => {
    const c = configFromEnv({
      PORT: '8080', HOST: '127.0.0.1', DATABASE_URL: 'postgres://u:p@db:5432/samplan', DB_POOL_SIZE: '5', DEMO: '0', AUTH_SECRET: 'a-secret-of-thirty-two-bytes-or-more',
      NODE_ENV: 'production', RATE_MUTATIONS_PER_MINUTE: '60', RATE_MUTATION_BURST: '10', RATE_AUTH_FAILURES: '3', RATE_AUTH_FAILURE_WINDOW_SECONDS: '60',
      EVENT_POLL_MS: '250', KEY_FIGURE_COMPANY_TARGET_PERCENT: '35', EMBEDDED_PG_PORT: '5433', LOG_LEVEL: 'warn', AUTH_MAX_TOKEN_AGE_SECONDS: '3600',
    });
    expect(c.auth.maxTokenAgeSeconds).toBe(3600);
    expect(c).toMatchObject({
      port: 8080, host: '127.0.0.1', databaseUrl: 'postgres://u:p@db:5432/samplan', dbPoolSize: 5, demo: false, production: true, eventPollMs: 250,
      embeddedPgPort: 5433, logLevel: 'warn', rateLimits: { mutationsPerMinute: 60, mutationBurst: 10, authFailures: 3, authFailureWindowSeconds: 60 },
    });
    expect(c.keyFigures.companyBasedTarget).toBeCloseTo(0.35);
  });

  it('keeps statements prepared unless a pooler is set up (DATABASE_DIRECT_URL past it), or the setting says otherwise', () => {
    const db = 'postgres://db:5432/samplan';
    expect(configFromEnv({}).dbPreparedStatements).toBe(true);
    expect(configFromEnv({ DATABASE_URL: db, AUTH_SECRET: 's' }).dbPreparedStatements).toBe(true);
    expect(configFromEnv({ DATABASE_URL: db, DATABASE_DIRECT_URL: db, AUTH_SECRET: 's' }).dbPreparedStatements).toBe(true);
    expect(configFromEnv({ DATABASE_URL: 'postgres://pooler:6432/samplan', DATABASE_DIRECT_URL: db, AUTH_SECRET: 's' }).dbPreparedStatements).toBe(false);
    expect(configFromEnv({ DATABASE_URL: 'postgres://pooler:6432/samplan', DATABASE_DIRECT_URL: db, DATABASE_PREPARED_STATEMENTS: '1', AUTH_SECRET: 's' }).dbPreparedStatements).toBe(true);
    expect(configFromEnv({ DATABASE_URL: db, DATABASE_PREPARED_STATEMENTS: 'false', AUTH_SECRET: 's' }).dbPreparedStatements).toBe(false);
    expect(fails({ DATABASE_PREPARED_STATEMENTS: 'sometimes' })).toContain('DATABASE_PREPARED_STATEMENTS must be 1, 0, true or false');
  });

  it('takes an empty value as unset, and DATABASE_URL turns demo mode off by default', () => {
    expect(configFromEnv({ PORT: '', RATE_MUTATION_BURST: ' ' })).toMatchObject({ port: 4000, rateLimits: { mutationBurst: 40 } });
    expect(configFromEnv({ DATABASE_URL: 'postgres://db/samplan', AUTH_SECRET: 's' }).demo).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535, got "70000"'],
    [{ RATE_MUTATIONS_PER_MINUTE: '-1' }, 'RATE_MUTATIONS_PER_MINUTE must be a number above 0, got "-1"'],
    [{ RATE_MUTATION_BURST: '0' }, 'RATE_MUTATION_BURST must be a whole number of at least 1, got "0"'],
    [{ DB_POOL_SIZE: '2.5' }, 'DB_POOL_SIZE must be a whole number from 1 to 1000, got "2.5"'],
    [{ DEMO: 'yes' }, 'DEMO must be 1, 0, true or false, got "yes"'],
    [{ KEY_FIGURE_COMPANY_TARGET_PERCENT: '130' }, 'KEY_FIGURE_COMPANY_TARGET_PERCENT must be a number from 0 to 100, got "130"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ EMBEDDED_PG_PORT: 'x' }, 'EMBEDDED_PG_PORT must be a port number from 0 to 65535, got "x"'],
    [{ AUTH_MAX_TOKEN_AGE_SECONDS: '0' }, 'AUTH_MAX_TOKEN_AGE_SECONDS must be a whole number of at least 1, got "0"'],
  ])('refuses %j with one line naming the variable', (env, reason) => {
    const message = fails(env);
    expect(message).toBe(`Invalid environment: ${reason}`);
    expect(message).not.toContain('\n');
  });

  it('names every bad variable at once, and never echoes a URL (it may hold a password)', () => {
    const message = fails({ PORT: 'abc', DATABASE_URL: 'mysql://u:secret@db/x', AUTH_SECRET: 's' });
    expect(message).toBe('Invalid environment: PORT must be a whole number from 0 to 65535, got "abc"; DATABASE_URL must be a URL (postgres: or postgresql:)');
    expect(message).not.toContain('secret');
  });

  it('refuses a retired setting instead of ignoring it', () => {
    expect(fails({ RULE_RESSOURCEFORLOEB_MAX_YEARS: '3' })).toBe(
      "Invalid environment: RULE_RESSOURCEFORLOEB_MAX_YEARS is no longer read (the law version of a programme's decision date decides); remove it",
    );
  });

  it('refuses DATABASE_DIRECT_URL without DATABASE_URL instead of starting the embedded database', () => {
    const reason = 'Invalid environment: DATABASE_DIRECT_URL is set without DATABASE_URL; set DATABASE_URL as well (the database the requests use), or remove DATABASE_DIRECT_URL';
    expect(fails({ DATABASE_DIRECT_URL: 'postgres://db:5432/samplan' })).toBe(reason);
    expect(fails({ DATABASE_URL: ' ', DATABASE_DIRECT_URL: 'postgres://db:5432/samplan', AUTH_SECRET: 's' })).toBe(reason);
    expect(() => configFromEnv({ DATABASE_DIRECT_URL: 'postgres://db:5432/samplan' }, { verifiesTokens: false })).toThrow(reason);
  });

  it('needs a way to verify tokens outside demo mode, except for tools that serve no requests', () => {
    expect(fails({ DEMO: '0' })).toMatch(/^No token verification configured/);
    expect(configFromEnv({ DEMO: '0' }, { verifiesTokens: false }).demo).toBe(false);
    expect(configFromEnv({ DEMO: '0', AUTH_JWKS_URL: 'https://idp.example/jwks' }).auth.jwksUrl).toBe('https://idp.example/jwks');
  });

  describe('production (NODE_ENV=production) refuses what only a demo may do', () => {
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/samplan', AUTH_SECRET: 'a-real-secret-from-the-vault-32-bytes-or-more' };

    it('starts with a database and a key of its own', () => {
      expect(configFromEnv(prod)).toMatchObject({ production: true, demo: false, auth: { secret: 'a-real-secret-from-the-vault-32-bytes-or-more' } });
    });

    it.each([
      [{ DEMO: '1' }, 'Refused in production (NODE_ENV=production): DEMO is on (demo login and demo seed are for local use only)'],
      [{ DEMO: 'true', AUTH_SECRET: '' }, 'Refused in production (NODE_ENV=production): DEMO is on (demo login and demo seed are for local use only)'],
      [{ AUTH_SECRET: DEMO_SECRET_DEFAULT }, 'Refused in production (NODE_ENV=production): AUTH_SECRET is the demo secret published in the source'],
      [{ DATABASE_URL: '' }, 'Refused in production (NODE_ENV=production): DATABASE_URL is not set (the embedded database is for local use only)'],
      [
        { DEMO: '1', DATABASE_URL: '', AUTH_SECRET: DEMO_SECRET_DEFAULT },
        'Refused in production (NODE_ENV=production): DEMO is on (demo login and demo seed are for local use only); AUTH_SECRET is the demo secret published in the source; DATABASE_URL is not set (the embedded database is for local use only)',
      ],
      [{ AUTH_SECRET: 'x' }, 'Refused in production (NODE_ENV=production): AUTH_SECRET is shorter than 32 bytes (anyone holding one token could find it offline and sign their own)'],
      [
        { AUTH_SECRET: 'change-me-demo-secret-at-least-32-characters' },
        'Refused in production (NODE_ENV=production): AUTH_SECRET is a placeholder from an example ("change-me…") (anyone holding one token could find it offline and sign their own)',
      ],
      [{ METRICS_TOKEN: 'change-me-metrics-token' }, 'Refused in production (NODE_ENV=production): METRICS_TOKEN is a placeholder from an example ("change-me…")'],
    ])('refuses %j with one line', (env, reason) => {
      const message = fails({ ...prod, ...env });
      expect(message).toBe(reason);
      expect(message).not.toContain('\n');
    });

    it('holds for the tools too (migrate-cli.ts): no demo seed in production', () => {
      expect(() => configFromEnv({ ...prod, DEMO: '1' }, { verifiesTokens: false })).toThrow(ConfigError);
    });

    it('judges AUTH_SECRET only where it verifies tokens: a leftover one beside a provider is not used', () => {
      expect(configFromEnv({ ...prod, AUTH_SECRET: 'x', AUTH_JWKS_URL: 'https://idp.example/jwks' }).production).toBe(true);
    });

    it('takes NODE_ENV only as production, development or test: a miscased one would switch the checks off', () => {
      for (const value of ['Production', 'PRODUCTION', 'prod']) expect(fails({ ...prod, NODE_ENV: value })).toMatch(/^Invalid environment: NODE_ENV must be production, development or test/);
    });

    it('leaves demo mode alone outside production', () => {
      expect(configFromEnv({ DEMO: '1', DATABASE_URL: 'postgres://db/samplan' }).auth.secret).toBe(DEMO_SECRET_DEFAULT);
      expect(configFromEnv({}).demo).toBe(true);
    });
  });

  describe('sign-in with OpenID Connect', () => {
    const oidc = { OIDC_ISSUER: 'https://login.example-kommune.dk/v2.0', OIDC_CLIENT_ID: 'samplan-web', OIDC_AUDIENCE: 'api://samplan' };
    const db = { DATABASE_URL: 'postgres://db/samplan' };

    it('reads the provider, and drops the shared secret outside demo mode (demo tokens are refused)', () => {
      const c = configFromEnv({ ...db, ...oidc, AUTH_SECRET: 'a-secret-of-an-older-setup' });
      expect(c.auth.oidc).toEqual({ issuer: oidc.OIDC_ISSUER, clientId: 'samplan-web', audience: 'api://samplan', scopes: 'openid profile email' });
      expect(c.auth.secret).toBeUndefined();
      expect(configFromEnv({ ...oidc, OIDC_SCOPES: 'openid api://samplan/access' }).auth).toMatchObject({ secret: DEMO_SECRET_DEFAULT, oidc: { scopes: 'openid api://samplan/access' } });
    });

    it('needs the issuer, client id and audience together, and no other key source', () => {
      expect(fails({ ...db, OIDC_ISSUER: oidc.OIDC_ISSUER })).toBe('Invalid environment: OIDC_CLIENT_ID, OIDC_AUDIENCE must be set with OIDC_ISSUER');
      expect(fails({ ...db, ...oidc, AUTH_JWKS_URL: 'https://idp.example/jwks' })).toMatch(/OIDC_ISSUER and AUTH_JWKS_URL\/AUTH_PUBLIC_KEY exclude each other/);
      expect(fails({ ...db, ...oidc, OIDC_DEV: '1' })).toMatch(/OIDC_DEV exclude each other/);
      expect(fails({ ...db, OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'x', OIDC_AUDIENCE: 'y' })).toMatch(/OIDC_ISSUER must be a URL/);
    });

    it('reads the NSIS level a citizen must sign in at for their CPR number to bind them: Substantial unless set, never Low', () => {
      expect(configFromEnv({ ...db, ...oidc }).auth.citizenMinLoa).toBe('Substantial');
      expect(configFromEnv({ ...db, ...oidc, OIDC_CITIZEN_MIN_LOA: 'high' }).auth.citizenMinLoa).toBe('High');
      expect(fails({ ...db, ...oidc, OIDC_CITIZEN_MIN_LOA: 'Low' })).toMatch(/OIDC_CITIZEN_MIN_LOA must be Substantial or High .*got "Low"/);
    });

    it('OIDC_DEV counts as a way to verify tokens, and is refused in production', () => {
      expect(configFromEnv({ ...db, OIDC_DEV: '1' }).oidcDev).toEqual({ port: 4001, accessTokenTtlSeconds: 300 });
      expect(fails({ ...db, OIDC_DEV: '1', NODE_ENV: 'production' })).toContain('OIDC_DEV is on');
    });
  });
});
