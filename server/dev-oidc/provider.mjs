// A real OpenID Connect provider for development and tests: the `oidc-provider` package (a
// certified implementation of OpenID Connect), run as a process of its own so that neither
// the server's CommonJS build nor the tests' ts-jest has to load an ES module.
//
// - Authorization code flow with PKCE for one public web client; refresh tokens so the
//   client can renew before its access token expires; RP-initiated logout (end_session).
// - Access tokens are JWTs for one API resource (features.resourceIndicators: the resource
//   server says `accessTokenFormat: 'jwt'`), carrying `email` when the login is an address.
// - Accounts: anyone who types a login name. A demo user's login (anna, bent, …) is their
//   subject, as the demo seed has it; any other login gets a stable opaque subject.
// - A citizen signing in with MitID: the login is a CPR number, optionally followed by the NSIS
//   level of the sign-in ("010180-1234 lav"; Substantial unless said). The access token carries
//   them under NemLog-in's names (OIOSAML 3.0: the CPR number and the NSIS level).
// - Only for loopback use: any http://localhost or http://127.0.0.1 origin may redirect to it.
//
// Settings (environment): OIDC_DEV_PORT (0: a free port), OIDC_DEV_HOST (127.0.0.1),
// OIDC_DEV_CLIENT_ID (samplan-web), OIDC_DEV_AUDIENCE (api://samplan),
// OIDC_DEV_ACCESS_TOKEN_TTL (seconds, 300). When listening it prints one JSON line:
// {"oidcDevProvider":{"issuer":…,"clientId":…,"audience":…}}.
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const env = process.env;
const HOST = env.OIDC_DEV_HOST || '127.0.0.1';
const PORT = Number(env.OIDC_DEV_PORT || 0);
const CLIENT_ID = env.OIDC_DEV_CLIENT_ID || 'samplan-web';
const AUDIENCE = env.OIDC_DEV_AUDIENCE || 'api://samplan';
const ACCESS_TOKEN_TTL = Number(env.OIDC_DEV_ACCESS_TOKEN_TTL || 300);
/** What the API resource grants; the web client asks for it next to the OpenID scopes. */
const RESOURCE_SCOPE = 'samplan';

/** The demo seed's users (server/src/seed/demo-seed.ts): their login is their subject. */
const DEMO_LOGINS = new Set(['anna', 'bent', 'carla', 'dorte', 'mikkel', 'lene', 'ida', 'jonas', 'otto', 'sif']);

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** NemLog-in's claim names (its OIOSAML 3.0 attribute profile), as server/src/core/auth/nsis.ts reads them. */
const OIO_CPR_CLAIM = 'https://data.gov.dk/model/core/eid/cprNumber';
const NSIS_LOA_CLAIM = 'https://data.gov.dk/concept/core/nsis/loa';
/** A MitID login: a CPR number (a hyphen after the birth date allowed), then the level in Danish or as NSIS names it. */
const CPR_LOGIN = /^([0-9]{6})-?([0-9]{4})(?:\s+(lav|low|betydelig|betydeligt|substantial|høj|højt|high))?$/;
const NSIS_LEVEL_OF = { lav: 'Low', low: 'Low', betydelig: 'Substantial', betydeligt: 'Substantial', substantial: 'Substantial', 'høj': 'High', 'højt': 'High', high: 'High' };

/** The CPR number and NSIS level of a MitID login, or null for any other login. */
function mitIdOf(login) {
  const m = CPR_LOGIN.exec(login);
  return m ? { cpr: `${m[1]}${m[2]}`, loa: m[3] ? NSIS_LEVEL_OF[m[3]] : 'Substantial' } : null;
}

/** Subject → login, for the claims of tokens issued later in this process. */
const logins = new Map();

/**
 * The subject of a login: the demo user's name, else an opaque id that is the same on every
 * start. A MitID login's subject is the person's, whatever level they sign in at.
 */
function subjectOf(login) {
  if (DEMO_LOGINS.has(login)) return login;
  const mitId = mitIdOf(login);
  return `dev-${createHmac('sha256', 'samplan-dev-oidc-subject').update(mitId ? `cpr:${mitId.cpr}` : login).digest('base64url').slice(0, 22)}`;
}

/** The claims of a subject, by its latest login: a MitID login's name is no CPR number (names are shown). */
function claimsOf(sub) {
  const login = logins.get(sub) ?? sub;
  const mitId = mitIdOf(login);
  const name = mitId ? 'MitID-bruger' : login;
  return {
    sub,
    name,
    preferred_username: name,
    ...(EMAIL.test(login) ? { email: login, email_verified: true } : {}),
    ...(mitId ? { [OIO_CPR_CLAIM]: mitId.cpr, [NSIS_LOA_CLAIM]: mitId.loa } : {}),
  };
}

const isLoopback = (value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
};

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(title, body) {
  return `<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:1rem 0 .25rem}input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}button{margin-top:1rem;font-size:1rem;padding:.5rem 1rem}.hint{color:#555}</style>
</head><body><main>${body}</main></body></html>`;
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      data += chunk;
      if (data.length > 10_000) req.destroy();
    });
    req.on('end', () => resolve(new URLSearchParams(data)));
    req.on('error', reject);
  });
}

// A P-256 key: made in about a millisecond, where an RSA key's search for primes can take seconds on
// a busy machine (long enough for a test waiting on this process to give up).
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'ES256' };

// The issuer is only known once the port is: listen first, then build the provider.
let handle = (_req, res) => {
  res.statusCode = 503;
  res.end();
};
const server = createServer((req, res) => handle(req, res));
await new Promise((resolve) => server.listen(PORT, HOST, resolve));
const issuer = `http://${HOST.includes(':') ? `[${HOST}]` : HOST}:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://localhost:4000/auth/callback'],
      post_logout_redirect_uris: ['http://localhost:4000/logget-ud'],
      id_token_signed_response_alg: 'ES256',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  scopes: ['openid', 'profile', 'email', 'offline_access', RESOURCE_SCOPE],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
  async findAccount(_ctx, sub) {
    return { accountId: sub, claims: async () => claimsOf(sub) };
  },
  // What an identity provider such as Entra ID puts into access tokens, so an invitation by
  // e-mail can be bound at the first sign-in; and what NemLog-in puts there for a citizen
  // signing in with MitID, so their CPR number binds their account at the first sign-in.
  async extraTokenClaims(_ctx, token) {
    const claims = claimsOf(token.accountId);
    const { email, email_verified } = claims;
    const mitId = claims[OIO_CPR_CLAIM] ? { [OIO_CPR_CLAIM]: claims[OIO_CPR_CLAIM], [NSIS_LOA_CLAIM]: claims[NSIS_LOA_CLAIM] } : {};
    return email || claims[OIO_CPR_CLAIM] ? { ...(email ? { email, email_verified } : {}), ...mitId } : undefined;
  },
  // Every access token is for the Samplan API, as a JWT the API verifies against /jwks.
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => AUDIENCE,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resource) => {
        if (resource !== AUDIENCE) throw new Provider.errors.InvalidTarget();
        return { scope: RESOURCE_SCOPE, audience: AUDIENCE, accessTokenTTL: ACCESS_TOKEN_TTL, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
      },
    },
    rpInitiatedLogout: {
      enabled: true,
      // The relying party asked for it with the id_token_hint: sign out at once (the form posts itself).
      async logoutSource(ctx, form) {
        ctx.body = page('Log ud (udviklingsudbyder)', `<h1>Log ud</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Log ud</button>
<script>document.getElementById('op.logoutForm').insertAdjacentHTML('beforeend','<input type="hidden" name="logout" value="yes">');document.getElementById('op.logoutForm').submit()</script>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Logget ud (udviklingsudbyder)', '<h1>Du er logget ud</h1>');
      },
    },
  },
  // A refresh token without offline_access: the browser renews with it while the provider's session lasts.
  async issueRefreshToken(_ctx, client) {
    return client.grantTypeAllowed('refresh_token');
  },
  ttl: {
    AccessToken: () => ACCESS_TOKEN_TTL,
    IdToken: () => 3600,
    RefreshToken: () => 8 * 3600,
    Session: () => 8 * 3600,
    Grant: () => 8 * 3600,
    Interaction: () => 3600,
  },
  // A first-party client: no consent screen, the grant covers what it asks for.
  async loadExistingGrant(ctx) {
    const { client, session, params } = ctx.oidc;
    const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
    let grant = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
    if (grant && grant.accountId !== session.accountId) grant = undefined;
    grant ??= new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope(String(params.scope ?? 'openid'));
    grant.addResourceScope(AUDIENCE, RESOURCE_SCOPE);
    await grant.save();
    return grant;
  },
  clientBasedCORS: (_ctx, origin) => isLoopback(origin),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Fejl (udviklingsudbyder)', `<h1>Der opstod en fejl</h1><pre>${escape(out.error)}: ${escape(out.error_description ?? '')}</pre>`);
  },
});
// Development only: the Samplan web client on any loopback port may use it.
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  return this.redirectUris.includes(value) || isLoopback(value);
};
provider.Client.prototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(value) {
  return this.postLogoutRedirectUris.includes(value) || isLoopback(value);
};

const callback = provider.callback();

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (details.prompt.name !== 'login') {
    // Consent and the like: a first-party client, granted by loadExistingGrant.
    return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
  }
  if (req.method === 'POST' && action === 'login') {
    const login = ((await readForm(req)).get('login') ?? '').trim().toLowerCase();
    if (login) {
      const sub = subjectOf(login);
      logins.set(sub, login);
      return provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    }
  }
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(
    page(
      'Log ind (udviklingsudbyder)',
      `<h1>Log ind (udviklingsudbyder)</h1>
<p class="hint">Kun til udvikling og test. Skriv et brugernavn fra demoen (anna, bent, carla, dorte, mikkel, lene, ida, jonas, otto, sif) eller en e-mailadresse.
Som borger med MitID: skriv et CPR-nummer, evt. efterfulgt af sikringsniveauet (lav, betydelig eller høj; betydelig hvis intet angives).</p>
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
<label for="login">Brugernavn</label><input id="login" name="login" required autofocus>
<button type="submit">Log ind</button></form>`,
    ),
  );
}

handle = (req, res) => {
  // No icon: an empty answer, rather than a 404 in every browser console.
  if (req.url === '/favicon.ico') {
    res.statusCode = 204;
    return res.end();
  }
  const m = /^\/interaction\/([\w-]+)(?:\/(login))?$/.exec(req.url?.split('?')[0] ?? '');
  if (!m) return callback(req, res);
  interaction(req, res, m[1], m[2]).catch((err) => {
    res.statusCode = 400;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(page('Fejl (udviklingsudbyder)', `<h1>Log ind mislykkedes</h1><p>${escape(err.message)}</p><p>Gå tilbage til Samplan, og prøv igen.</p>`));
  });
};

process.stdout.write(`${JSON.stringify({ oidcDevProvider: { issuer, clientId: CLIENT_ID, audience: AUDIENCE, scope: `openid profile email ${RESOURCE_SCOPE}` } })}\n`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Started by a parent (npm start, the tests): go when it goes.
process.on('disconnect', stop);
