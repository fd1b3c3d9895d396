import type { JWTPayload } from 'jose';

/**
 * The NSIS levels of assurance (National Standard for Identiteters Sikringsniveauer), lowest
 * first: how sure the sign-in is that the person is who the token says. MitID signs in at Low
 * (username and password only), Substantial (the app, a code display) or High.
 */
export const NSIS_LEVELS = ['Low', 'Substantial', 'High'] as const;
export type NsisLevel = (typeof NSIS_LEVELS)[number];

/**
 * The lowest level at which a token's CPR number may bind a citizen's account (OIDC_CITIZEN_MIN_LOA):
 * the account shows the citizen's plan, personal data about their health and their ability to
 * work, and a sign-in at Low (MitID's username and password alone, or a staff broker's own
 * scheme) proves too little for that. Low is no choice.
 */
export const CITIZEN_MIN_LEVELS = ['Substantial', 'High'] as const satisfies readonly NsisLevel[];
export type CitizenMinLevel = (typeof CITIZEN_MIN_LEVELS)[number];
export const DEFAULT_CITIZEN_MIN_LEVEL: CitizenMinLevel = 'Substantial';

/*
 * Claim names, as the public profiles name them. NemLog-in's attribute profile for persons
 * (OIOSAML Web SSO Profile 3.0) names the CPR number and the NSIS level with these URIs, the
 * level as "Low", "Substantial" or "High"; NemLog-in's OpenID Connect side and brokers in front
 * of it pass them on as claims under the same names.
 */
/** The NSIS level of the sign-in: "Low", "Substantial" or "High" (OIOSAML 3.0). */
export const NSIS_LOA_CLAIM = 'https://data.gov.dk/concept/core/nsis/loa';
/** The person's CPR number, ten digits (OIOSAML 3.0). */
export const OIO_CPR_CLAIM = 'https://data.gov.dk/model/core/eid/cprNumber';
/** The CPR number as NemLog-in's OIOSAML 2 profile (the NemID era) named it, still sent by brokers bridging to it. */
export const OIOSAML2_CPR_CLAIM = 'dk:gov:saml:attribute:CprNumberIdentifier';
/**
 * The CPR number as Nets eID Broker (Signaturgruppen's MitID broker) issues it, when the service
 * asks for its `ssn` scope: ten digits, after the broker's CPR match. Its level comes in `loa` as
 * an NSIS URI (below). Not its `nemlogin.cpr`: that is a MitID Erhverv identity's, a member of
 * staff signing in for their employer, and no citizen's sign-in.
 */
export const NETS_EID_BROKER_CPR_CLAIM = 'dk.cpr';
/**
 * The level as the OIOSAML 2 profile named it, "1" to "4" (the national scale of
 * autenticitetssikring, older than NSIS). 3 (NemID's level) and 4 are read as Substantial, never
 * as High, which that scale cannot say; 1 and 2 as Low.
 */
export const OIOSAML2_ASSURANCE_CLAIM = 'dk:gov:saml:attribute:AssuranceLevel';

/**
 * A level stated as a URI: "https://data.gov.dk/concept/core/nsis/Substantial", as MitID
 * brokers put it in `acr` and `loa` (Nets eID Broker), or ".../nsis/loa/Substantial", the
 * authentication context class reference NemLog-in's SAML profile requests and answers with.
 */
const NSIS_LEVEL_URI = /^https:\/\/data\.gov\.dk\/concept\/core\/nsis\/(?:loa\/)?(Low|Substantial|High)$/;

function levelNamed(value: unknown, plain: boolean): NsisLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const uri = NSIS_LEVEL_URI.exec(value.trim());
  if (uri) return uri[1] as NsisLevel;
  return plain ? NSIS_LEVELS.find((level) => level === value.trim()) : undefined;
}

function oiosaml2Level(value: unknown): NsisLevel | undefined {
  const n = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (n === '3' || n === '4') return 'Substantial';
  if (n === '1' || n === '2') return 'Low';
  return undefined;
}

/**
 * The NSIS level a token states, or undefined when it states none that this server reads.
 * Read from the NSIS loa claim (a level's name or URI); `acr` and `loa` only when they carry an
 * NSIS URI (in `acr` a bare "Low" or "3" is another scheme's word, and means nothing here); and
 * the OIOSAML 2 assurance level. A token stating it in more than one claim counts at the lowest.
 */
export function assuranceOf(payload: JWTPayload): NsisLevel | undefined {
  const stated = [
    levelNamed(payload[NSIS_LOA_CLAIM], true),
    levelNamed(payload.acr, false),
    levelNamed(payload.loa, false),
    oiosaml2Level(payload[OIOSAML2_ASSURANCE_CLAIM]),
  ].filter((level): level is NsisLevel => level !== undefined);
  if (stated.length === 0) return undefined;
  return NSIS_LEVELS[Math.min(...stated.map((level) => NSIS_LEVELS.indexOf(level)))];
}

/** Whether `level` is `required` or higher; no level stated is below every level. */
export function meetsLevel(level: NsisLevel | undefined, required: NsisLevel): boolean {
  return level !== undefined && NSIS_LEVELS.indexOf(level) >= NSIS_LEVELS.indexOf(required);
}
