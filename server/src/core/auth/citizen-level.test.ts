import { DEMO_SECRET_DEFAULT, type AuthConfig } from '../config';
import { createTokenVerifier, signToken } from './tokens';

/**
 * Which CPR number a verified token yields for a citizen's binding: only one stated at NSIS level
 * Substantial or higher (OIDC_CITIZEN_MIN_LOA), in the claims NemLog-in, a MitID broker or an
 * OIOSAML 2 bridge state the level in. The accounts it binds: modules/org/citizen-sign-in-level.test.ts.
 */
const CPR = '0101801234';
const OIO_CPR = 'https://data.gov.dk/model/core/eid/cprNumber';
const NSIS_LOA = 'https://data.gov.dk/concept/core/nsis/loa';
const nsisUri = (level: string) => `https://data.gov.dk/concept/core/nsis/${level}`;

const config = (over: Partial<AuthConfig> = {}): AuthConfig => ({
  secret: 'a-provider-secret-of-thirty-two-bytes-or-more',
  issuer: 'broker',
  audience: 'samplan',
  demoTokenTtlSeconds: 3600,
  maxTokenAgeSeconds: 3600,
  ...over,
});

/** What a token with these claims verifies to, at the given minimum level (Substantial when not set). */
async function read(claims: Record<string, unknown>, over: Partial<AuthConfig> = {}) {
  const c = config(over);
  const { cpr, cprBelowLevel } = await createTokenVerifier(c).verify(await signToken(c, 'mitid:someone', new Date(), undefined, claims));
  return { cpr, cprBelowLevel };
}

it('takes the CPR number of a sign-in at Substantial or High, in the OIO profile\'s claim names or the older ones', async () => {
  expect(await read({ [OIO_CPR]: CPR, [NSIS_LOA]: 'Substantial' })).toEqual({ cpr: CPR });
  expect(await read({ [OIO_CPR]: CPR, [NSIS_LOA]: 'High' })).toEqual({ cpr: CPR });
  expect(await read({ cpr: '010180-1234', [NSIS_LOA]: 'Substantial' })).toEqual({ cpr: CPR });
  expect(await read({ 'dk:gov:saml:attribute:CprNumberIdentifier': CPR, 'dk:gov:saml:attribute:AssuranceLevel': '3' })).toEqual({ cpr: CPR });
});

it('reads the level from `acr` or a broker\'s `loa` only when they carry an NSIS level\'s URI', async () => {
  expect(await read({ [OIO_CPR]: CPR, acr: nsisUri('Substantial') })).toEqual({ cpr: CPR });
  expect(await read({ [OIO_CPR]: CPR, acr: nsisUri('loa/High') })).toEqual({ cpr: CPR });
  expect(await read({ [OIO_CPR]: CPR, loa: nsisUri('Substantial') })).toEqual({ cpr: CPR });
  // Another scheme's word in `acr` states no NSIS level.
  expect(await read({ [OIO_CPR]: CPR, acr: 'Substantial' })).toEqual({ cprBelowLevel: { required: 'Substantial' } });
  expect(await read({ [OIO_CPR]: CPR, acr: '3' })).toEqual({ cprBelowLevel: { required: 'Substantial' } });
});

it('leaves out the CPR number of a sign-in at Low, or one that states no level, and says so', async () => {
  expect(await read({ cpr: CPR, [NSIS_LOA]: 'Low' })).toEqual({ cprBelowLevel: { stated: 'Low', required: 'Substantial' } });
  expect(await read({ [OIO_CPR]: CPR, acr: nsisUri('Low') })).toEqual({ cprBelowLevel: { stated: 'Low', required: 'Substantial' } });
  expect(await read({ 'dk:gov:saml:attribute:CprNumberIdentifier': CPR, 'dk:gov:saml:attribute:AssuranceLevel': '2' })).toEqual({ cprBelowLevel: { stated: 'Low', required: 'Substantial' } });
  // A staff identity from a broker that sends a cpr attribute and no level.
  expect(await read({ cpr: CPR, email: 'vera@fmk.dk', email_verified: true })).toEqual({ cprBelowLevel: { required: 'Substantial' } });
  // Stated twice, the lower counts.
  expect(await read({ [OIO_CPR]: CPR, [NSIS_LOA]: 'Substantial', acr: nsisUri('Low') })).toEqual({ cprBelowLevel: { stated: 'Low', required: 'Substantial' } });
  // A token without a CPR number is no citizen's sign-in at any level.
  expect(await read({ [NSIS_LOA]: 'Low' })).toEqual({});
});

it('asks for High when OIDC_CITIZEN_MIN_LOA says so; the OIOSAML 2 scale never says High', async () => {
  expect(await read({ [OIO_CPR]: CPR, [NSIS_LOA]: 'High' }, { citizenMinLoa: 'High' })).toEqual({ cpr: CPR });
  expect(await read({ [OIO_CPR]: CPR, [NSIS_LOA]: 'Substantial' }, { citizenMinLoa: 'High' })).toEqual({ cprBelowLevel: { stated: 'Substantial', required: 'High' } });
  expect(await read({ 'dk:gov:saml:attribute:CprNumberIdentifier': CPR, 'dk:gov:saml:attribute:AssuranceLevel': '4' }, { citizenMinLoa: 'High' }))
    .toEqual({ cprBelowLevel: { stated: 'Substantial', required: 'High' } });
});

it('takes the CPR number Nets eID Broker sends for its `ssn` scope (`dk.cpr`), at the level it states in `loa`', async () => {
  expect(await read({ 'dk.cpr': CPR, loa: nsisUri('Substantial') })).toEqual({ cpr: CPR });
  expect(await read({ 'dk.cpr': CPR, loa: nsisUri('Low') })).toEqual({ cprBelowLevel: { stated: 'Low', required: 'Substantial' } });
  // A MitID Erhverv identity's number (its `nemlogin.cpr`) is a member of staff's, and names no citizen.
  expect(await read({ 'nemlogin.cpr': CPR, loa: nsisUri('Substantial') })).toEqual({});
});

it('carries the level the token states, and the level citizens need, for every request of a citizen (authenticate.ts)', async () => {
  const levelOf = async (claims: Record<string, unknown>, over: Partial<AuthConfig> = {}) => {
    const c = config(over);
    const { level, citizenMinLevel } = await createTokenVerifier(c).verify(await signToken(c, 'mitid:someone', new Date(), undefined, claims));
    return { level, citizenMinLevel };
  };
  expect(await levelOf({ [NSIS_LOA]: 'Low' })).toEqual({ level: 'Low', citizenMinLevel: 'Substantial' });
  expect(await levelOf({ loa: nsisUri('High') }, { citizenMinLoa: 'High' })).toEqual({ level: 'High', citizenMinLevel: 'High' });
  expect(await levelOf({ [NSIS_LOA]: 'Substantial', acr: nsisUri('Low') })).toEqual({ level: 'Low', citizenMinLevel: 'Substantial' });
  expect(await levelOf({})).toEqual({ level: undefined, citizenMinLevel: 'Substantial' });
});

it('the demo\'s own sign-in states the citizens\' level, also under the published demo secret, which drops every other claim', async () => {
  const demo = config({ secret: DEMO_SECRET_DEFAULT, citizenMinLoa: 'High' });
  const verifier = createTokenVerifier(demo, { demoSubjects: new Set(['per']) });
  expect(await verifier.verify(await signToken(demo, 'per', new Date()))).toMatchObject({ subject: 'per', level: 'High', citizenMinLevel: 'High' });
  // Its CPR number is dropped all the same: a demo subject binds no real citizen.
  const withCpr = await verifier.verify(await signToken(demo, 'per', new Date(), undefined, { cpr: CPR, [NSIS_LOA]: 'High' }));
  expect(withCpr.cpr).toBeUndefined();
  expect(withCpr.cprBelowLevel).toBeUndefined();
});
