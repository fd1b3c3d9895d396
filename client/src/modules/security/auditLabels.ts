import { DANISH_TIME_ZONE, denialReasonText, IMPORTED_AT_GO_LIVE } from '@samplan/schema';

/**
 * The audit log's codes in Danish. The server writes a free-text code per action
 * (server/src: every recordAudit call, and the actions passed to guardPlan, refuseUnseen
 * and writeInPlan). Labels are phrased as the thing attempted ("Ret indsats"), so they
 * read right next to both "Tilladt" and "Afvist". A code added on the server later shows
 * as itself until it gets a label here.
 */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  READ_PLAN: 'Se planen',
  UPDATE_PLAN: 'Ret planens mål og periode',
  ADD_TEAM_UNIT: 'Tilføj enhed til teamet',
  REMOVE_TEAM_UNIT: 'Fjern enhed fra teamet',
  REASSIGN_COORDINATOR: 'Skift koordinator',
  READ_CASELOAD: 'Se Mine sager',
  READ_PROGRAMME: 'Se forløbet',
  CREATE_CITIZEN: 'Opret borger',
  REGISTER_CITIZEN: 'Registrér borger ved CPR-nummer',
  SEARCH_CITIZEN_CPR: 'Søg borger på CPR-nummer',
  SEARCH_CITIZEN_NAME: 'Søg borger på navn',
  CREATE_PROGRAMME: 'Opret forløb',
  // The law's answer to "Opret forløb" told of the citizen's other forløb (running, or earlier ressourceforløb).
  READ_OTHER_PROGRAMMES: 'Se borgerens andre forløb (nævnt, da et nyt forløb blev afvist)',
  // The forløb a municipality brought along at go-live (npm run import): written by no one.
  IMPORT_CITIZEN: 'Borger indlæst ved idriftsættelse',
  IMPORT_PROGRAMME: 'Forløb indlæst ved idriftsættelse',
  UPDATE_PROGRAMME: 'Ret forløbet',
  MARK_PROGRAMME_REGISTERED_IN_ERROR: 'Markér forløbet som registreret ved en fejl',
  UNMARK_PROGRAMME_REGISTERED_IN_ERROR: 'Fortryd markeringen registreret ved en fejl',
  DECIDE_NEXT_STEP: 'Beslut næste skridt',
  RECORD_FOLLOW_UP: 'Registrér opfølgningssamtale',
  CREATE_SUBGOAL: 'Opret delmål',
  UPDATE_SUBGOAL: 'Ret delmål',
  RECORD_PROGRESS: 'Registrér progression',
  READ_INTERVENTION: 'Se indsats',
  READ_AFTER_CONFLICT: 'Se nyeste version (ændret af en anden imens)',
  CREATE_INTERVENTION: 'Opret indsats',
  UPDATE_INTERVENTION: 'Ret indsats',
  // LAB §113, stk. 3: on an employment offer, by the jobcenter that owns it or the coordinator.
  RECORD_HEALTH_TALK_REQUEST: 'Registrér borgerens ønske om samtale med sundhedskoordinator',
  RECORD_HEALTH_TALK_DECISION: 'Registrér jobcenterets stillingtagen efter samtale med sundhedskoordinator',
  // LAB §113 a: the citizen's personal jobformidler, by the coordinator or the jobcenter.
  ASSIGN_JOB_FACILITATOR: 'Registrér personlig jobformidler',
  END_JOB_FACILITATOR: 'Ingen personlig jobformidler',
  CREATE_ACTIVITY: 'Opret aktivitet',
  UPDATE_ACTIVITY: 'Ret aktivitet',
  CREATE_MENTOR_GRANT: 'Bevilg mentorstøtte',
  END_MENTOR_GRANT: 'Afslut mentorstøtte',
  SET_MENTOR_SHARING: 'Del med mentor',
  MENTOR_ACCESS: 'Åbn mentorsag',
  READ_MENTOR_CASE: 'Se mentorsag',
  LOG_MENTOR_TASK: 'Log mentoropgave',
  UPDATE_MENTOR_TASK: 'Ret mentoropgave',
  REMOVE_MENTOR_TASK: 'Fjern mentoropgave',
  SUBSCRIBE_PLAN_EVENTS: 'Følg planen live',
  SUBSCRIBE_CASELOAD_EVENTS: 'Følg Mine sager live',
  // Who else has the plan open, and what they are editing (presence): refused like the plan itself.
  SUBSCRIBE_PLAN_PRESENCE: 'Se, hvem der har planen åben',
  SET_EDITING: 'Vis, hvad man redigerer på planen',
  RECEIVE_LIVE_EVENTS: 'Modtog ændringer live',
  REPLAY_EVENTS: 'Hentede ændringer efter genopkobling',
  READ_ACCESS_LOG: 'Se adgangsloggen',
  READ_KEY_FIGURES: 'Se nøgletal',
  READ_ACCOUNT_FLAGS: 'Se konti til gennemsyn',
  RESOLVE_ACCOUNT_FLAG: 'Afslut gennemsyn af konto',
  READ_PLAN_HISTORY: 'Se planens historik',
  READ_FIELD: 'Se et felt',
  // A root field the caller's role may not call (the server's role gate): no screen of theirs asks for it.
  CALL_OPERATION: 'Brug en funktion, rollen ikke giver adgang til',
  MARK_PLAN_SEEN: 'Markér planen som set',
  UPDATE_CITIZEN_CONTACT: 'Ret borgerens kontaktoplysninger',
  CORRECT_CITIZEN_CPR: 'Ret borgerens CPR-nummer',
  UNBIND_CITIZEN_LOGIN: 'Luk login bundet til borgeren',
  CLOSE_CITIZEN_ACCESS: 'Luk borgerens adgang til Min plan',
  REOPEN_CITIZEN_ACCESS: 'Åbn borgerens adgang til Min plan igen',
  ADD_PROGRAMME_SUSPENSION: 'Registrér barsel eller suspension',
  REMOVE_PROGRAMME_SUSPENSION: 'Fjern barsel registreret ved en fejl',
  RECORD_CONSENT: 'Registrér samtykke eller hjemmel',
  WITHDRAW_CONSENT: 'Tilbagekald samtykke',
  UPDATE_DESCRIPTION_SECTION: 'Ret beskrivelsen af borgerens situation',
  BOOK_MEETING: 'Book samtale',
  MOVE_MEETING: 'Flyt samtale',
  CANCEL_MEETING: 'Aflys samtale',
  EDIT_MEETING: 'Ret deltagere og dagsorden for samtale',
  READ_MEETING: 'Se samtale',
  RECORD_MEETING_ATTENDANCE: 'Registrér fremmøde til samtale',
  HANDLE_MEETING_REQUEST: 'Behandl borgerens ønske om en samtale',
  // The citizen's own actions on Min plan.
  CITIZEN_FIRST_SIGN_IN: 'Borgerens første login',
  CITIZEN_ACCOUNT_CLOSED: 'Borgerens login lukket (forløbet er slut)',
  CITIZEN_ACCOUNT_REOPENED: 'Borgerens login åbnet igen (nyt forløb)',
  READ_OWN_WORDS: 'Borgeren så sine egne ord',
  WRITE_OWN_DESCRIPTION_SECTION: 'Borgeren skrev i beskrivelsen',
  WRITE_MEETING_COMMENT: 'Borgeren kommenterede en samtale',
  REQUEST_MEETING: 'Borgeren bad om en samtale',
  MARK_PLAN_SEEN_BY_CITIZEN: 'Borgeren markerede planen som set',
  // The administration's own actions: a refused attempt by staff counts towards an account's review.
  CREATE_UNIT: 'Opret enhed',
  RENAME_UNIT: 'Omdøb enhed',
  CLOSE_UNIT: 'Luk enhed',
  REOPEN_UNIT: 'Genåbn enhed',
  INVITE_STAFF: 'Inviter medarbejder',
  APPROVE_STAFF_INVITATION: 'Godkend invitation af medarbejder',
  CHANGE_STAFF: 'Ret medarbejders rolle eller enhed',
  REQUEST_STAFF_CHANGE: 'Bed om ændring af medarbejders rolle eller enhed',
  APPROVE_STAFF_CHANGE: 'Godkend ændring af medarbejders rolle eller enhed',
  WITHDRAW_STAFF_CHANGE: 'Træk ændring af medarbejders rolle eller enhed tilbage',
  CHANGE_STAFF_PHONE: 'Ret medarbejders telefonnummer',
  RENAME_STAFF: 'Ret medarbejders navn',
  DEACTIVATE_STAFF: 'Deaktivér medarbejder',
  REACTIVATE_STAFF: 'Genaktivér medarbejder',
  ACCEPT_INVITATION: 'Første login (invitation taget i brug)',
  SIGN_IN_DEACTIVATED_USER: 'Login med deaktiveret konto',
  SIGN_IN_AWAITING_APPROVAL: 'Login til en invitation, der venter på godkendelse',
  STAFF_SIGN_IN_RELEASED: 'Login frigjort til en invitation i en anden kommune',
  RECOVER_ADMINISTRATOR: 'Administrator inviteret af driften',
  ADD_ADMINISTRATOR: 'Administrator inviteret og godkendt af driften',
  SIGN_IN_UNKNOWN_USER: 'Login af en ukendt bruger',
  SIGN_IN_LEVEL_TOO_LOW: 'Borgerens login på for lavt sikringsniveau',
  SETUP_MUNICIPALITY: 'Opsæt kommunen',
  SET_OWN_PROGRAMME_SETTINGS: 'Sæt kommunens egne rammer for helhedsorienterede forløb',
};

/** What the action was about (the audit row's entity type). */
export const ENTITY_LABELS: Readonly<Record<string, string>> = {
  PLAN: 'Plan',
  PROGRAMME: 'Forløb',
  PROGRAMME_SUSPENSION: 'Barsel eller suspension',
  CITIZEN: 'Borger',
  CASELOAD: 'Mine sager',
  COORDINATOR_ASSIGNMENT: 'Koordinator',
  JOB_FACILITATOR: 'Personlig jobformidler',
  FOLLOW_UP: 'Opfølgningssamtale',
  SUB_GOAL: 'Delmål',
  SUB_GOAL_PROGRESS: 'Progression',
  INTERVENTION: 'Indsats',
  ACTIVITY: 'Aktivitet',
  MENTOR_GRANT: 'Mentorbevilling',
  MENTOR_TASK: 'Mentoropgave',
  KEY_FIGURES: 'Nøgletal',
  ACCOUNT_FLAG: 'Markering',
  MEETING: 'Samtale',
  CONSENT: 'Samtykke',
  DESCRIPTION_SECTION: 'Beskrivelse',
  // The citizen's own words on Min plan.
  CITIZEN_MEETING_COMMENT: 'Borgerens kommentar til en samtale',
  CITIZEN_MEETING_REQUEST: 'Borgerens ønske om en samtale',
  CITIZEN_PLAN_SEEN: 'Borgeren har set planen',
  FIELD: 'Felt',
  OPERATION: 'Funktion',
  STAFF: 'Medarbejder',
  UNIT: 'Enhed',
  MUNICIPALITY: 'Kommune',
  USER: 'Bruger',
};

export const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  ALLOWED: 'Tilladt',
  DENIED: 'Afvist',
};

export const actionLabel = (code: string): string => ACTION_LABELS[code] ?? code;

/**
 * Who, for a row no person wrote: the import at go-live (every row it writes says so in its
 * detail: the citizen, the forløb, and the consent recorded with the forløb); the citizen
 * refused at login below the required level (the account is theirs, but no one was let in);
 * else someone Samplan no longer knows.
 */
export const actorText = (r: { actorName?: string | null; detail?: string | null; action?: string }): string =>
  r.actorName ?? (r.detail?.includes(IMPORTED_AT_GO_LIVE) ? 'Idriftsættelse' : r.action && BY_THE_CITIZEN.has(r.action) ? 'Borgeren (ikke logget ind)' : 'Ukendt');
/** Lines of the citizen's own refused login: no one signed in, but the account is the citizen's. */
const BY_THE_CITIZEN: ReadonlySet<string> = new Set(['SIGN_IN_LEVEL_TOO_LOW']);
export const entityLabel = (code: string): string => ENTITY_LABELS[code] ?? code;
export const outcomeLabel = (code: string): string => OUTCOME_LABELS[code] ?? code;
/** A refusal's reason in Danish (DENIAL_REASONS, shared with the server); any other detail is already written in Danish. */
export const detailLabel = (detail: string | null | undefined): string => (detail ? denialReasonText(detail) : '');

const exportTime = new Intl.DateTimeFormat('sv-SE', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: DANISH_TIME_ZONE,
});

/** "2026-11-02 10:05:33" in Danish time: sorts as text in a spreadsheet, to the second. */
export function exportDateTime(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : exportTime.format(date);
}
