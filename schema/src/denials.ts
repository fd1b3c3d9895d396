/**
 * Why the server refused an access: the stable key it writes as the audit row's detail,
 * and the Danish words the access log, its export and the account review show for it.
 * The server may write a DENIED row only with one of these keys (core/audit), so no
 * refusal reaches a leader's screen untranslated.
 */
export const DENIAL_REASONS = {
  'no access to plan': 'Ingen adgang til planen',
  'not found or not visible': 'Findes ikke, eller ingen adgang',
  'only the coordinator': 'Kun koordinatoren må',
  'not the owning unit': 'Ikke den enhed, der ejer indsatsen',
  'only the coordinator or an employment caseworker': 'Kun koordinatoren eller en sagsbehandler fra beskæftigelse må',
  'decision needs an employment unit': 'Afgørelsen kræver en sagsbehandler fra beskæftigelse',
  'programme ended': 'Forløbet er afsluttet',
  'not on the allow-list': 'Feltet er ikke åbent for brugerens rolle',
  "not the citizen's own plan": 'Ikke borgerens egen plan',
  "the citizen's own words": 'Borgerens egne ord',
  'health advice: coordinator or health unit only': 'Sundhedsfaglig rådgivning: kun koordinatoren eller en sundhedsenhed',
  'no active mentor grant on plan': 'Ingen igangværende mentorbevilling på planen',
  'CPR number registered already': 'CPR-nummeret er allerede registreret',
  'too many CPR lookups without a hit': 'For mange CPR-opslag uden resultat',
  'team or coordinator changed meanwhile': 'Planens team eller koordinator blev ændret samtidig',
  'no longer an administrator': 'Ikke længere administrator',
  'no longer a leader': 'Ikke længere leder',
  'no longer a caseworker': 'Ikke længere sagsbehandler',
  'samtale not yet held': 'Samtalen er ikke holdt endnu',
  'no comment to change': 'Der er ingen kommentar at ændre',
  'not for this role': 'Brugerens rolle giver ikke adgang',
  'own account flag': 'Egen markering: en anden leder skal gennemse den',
  'own invitation': 'Egen invitation: en anden administrator skal godkende den',
  'invitation withdrawn': 'Invitationen er trukket tilbage (deaktiveret)',
  'own staff change': 'Egen ændring af rolle eller enhed: en anden administrator skal godkende den',
} as const;

export type DenialReason = keyof typeof DENIAL_REASONS;

/** A sign-in of someone Samplan does not know: who the token named (not a reason from the table above). */
export type UnknownSignInDetail = `login-id ${string}`;

/** The Danish words for a refusal's key; any other detail is shown as written. */
export function denialReasonText(detail: string): string {
  return (DENIAL_REASONS as Readonly<Record<string, string>>)[detail] ?? detail;
}

/**
 * The words every audit row of the import at go-live (npm run import) carries in its detail,
 * written by no person: the access log names the import as who, by these words.
 */
export const IMPORTED_AT_GO_LIVE = 'Indlæst ved idriftsættelse';
