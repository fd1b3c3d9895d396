import { addDays, addMonths, daysBetween, instantOfDanishWallTime, localDate } from '@samplan/schema';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../core/clock';
import { lawVersionFor } from '../modules/rules/law/law-version';

/**
 * Demo data: Faaborg-Midtfyn with the four citizens of STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks
 * (Eva, Per, Bo, Kim), the demo users (anna, a caseworker, coordinates most of the cases; ida and jonas, two administrators,
 * so that one approves the staff invitations the other makes), a jobafklaringsforløb and a helhedsorienteret
 * forløb started after the reform, and a second municipality with one citizen of its own
 * (to show that municipalities never see each other).
 * Dates are relative to today so the demo always looks current — within the law: no
 * ressourceforløb can be decided from 1 February 2026 (lov nr. 1750 af 29. december 2025), so a ressourceforløb starts
 * `monthsIn` months ago or, when that is later, before that day; interventions that have
 * ended are completed, not active.
 */
export const DEMO_USERS = [
  { username: 'anna', name: 'Anna Holm', role: 'CASEWORKER', unit: 'EMPLOYMENT', municipality: 'fmk' },
  { username: 'bent', name: 'Bent Sørensen', role: 'CASEWORKER', unit: 'SOCIAL', municipality: 'fmk' },
  { username: 'carla', name: 'Carla Nielsen', role: 'CASEWORKER', unit: 'HEALTH', municipality: 'fmk' },
  { username: 'dorte', name: 'Dorte Madsen', role: 'CASEWORKER', unit: 'EMPLOYMENT', municipality: 'fmk' },
  { username: 'mikkel', name: 'Mikkel Lund', role: 'MENTOR', unit: null, municipality: 'fmk' },
  { username: 'lene', name: 'Lene Kristensen', role: 'LEADER', unit: null, municipality: 'fmk' },
  { username: 'ida', name: 'Ida Administrator', role: 'ADMINISTRATOR', unit: null, municipality: 'fmk' },
  { username: 'jonas', name: 'Jonas Krogh', role: 'ADMINISTRATOR', unit: null, municipality: 'fmk' },
  { username: 'otto', name: 'Otto Berg', role: 'CASEWORKER', unit: 'EMPLOYMENT', municipality: 'svb' },
  { username: 'sif', name: 'Sif Administrator', role: 'ADMINISTRATOR', unit: null, municipality: 'svb' },
] as const;

/** The demo's citizen account: Per Hansen (one of the guide's four citizens) signed in to his own plan. */
export const DEMO_CITIZEN = { username: 'per', name: 'Per Hansen', role: 'CITIZEN' } as const;

/**
 * The line `npm start` prints in demo mode, in Danish as the interface is: whom to sign in as,
 * with their role and unit, e.g. "anna (sagsbehandler, jobcenter)".
 */
export function demoUsersLine(): string {
  const roles = { CASEWORKER: 'sagsbehandler', MENTOR: 'mentor', LEADER: 'leder', ADMINISTRATOR: 'administrator', CITIZEN: 'borger' } as const;
  const units = { EMPLOYMENT: 'jobcenter', SOCIAL: 'socialforvaltningen', HEALTH: 'sundhed' } as const;
  const users = [...DEMO_USERS, DEMO_CITIZEN].map((u) => {
    const where = [u.role === 'CITIZEN' ? u.name : null, 'unit' in u && u.unit ? units[u.unit] : null, 'municipality' in u && u.municipality !== 'fmk' ? 'en anden kommune' : null];
    return `${u.username} (${[roles[u.role], ...where].filter(Boolean).join(', ')})`;
  });
  return `Demotilstand — log ind som: ${users.join(', ')}`;
}

/** The seeded demo users' user names: whom demo login signs in, and all a demo-secret token may name. */
export const DEMO_USERNAMES: ReadonlySet<string> = new Set([...DEMO_USERS.map((u) => u.username as string), DEMO_CITIZEN.username]);

/**
 * Work e-mail and phone for the demo's caseworkers and mentor: what a citizen sees as the
 * contact on their plan. Made up, in the municipality's own number series.
 */
function demoContact(u: (typeof DEMO_USERS)[number], index: number): [string | null, string | null] {
  if (u.role !== 'CASEWORKER' && u.role !== 'MENTOR') return [null, null];
  const ascii = u.name.toLowerCase().replace(/ø/g, 'oe').replace(/æ/g, 'ae').replace(/å/g, 'aa').replace(/ /g, '.');
  const domain = u.municipality === 'fmk' ? 'fmk.dk' : 'svendborg.dk';
  return [`${ascii}@${domain}`, `${u.municipality === 'fmk' ? '72 53' : '62 23'} 10 ${String(10 + index).padStart(2, '0')}`];
}

const UNIT_NAMES = { EMPLOYMENT: 'Jobcenter', SOCIAL: 'Socialforvaltningen', HEALTH: 'Sundhedsforvaltningen' } as const;

type UnitKey = 'EMPLOYMENT' | 'SOCIAL' | 'HEALTH';
type ProgrammeKind = 'RESSOURCEFORLOEB' | 'JOBAFKLARINGSFORLOEB' | 'HELHEDSORIENTERET';

interface DemoActivity {
  title: string;
  /** Due this many days after the programme's start … */
  inDays?: number;
  /** … or this many days from today (an upcoming step). */
  fromToday?: number;
  /** The weekday its title names (ISO: 1 Monday … 7 Sunday): the due day moves on to it, whatever day the demo is seeded. */
  weekday?: number;
  /** Default: done when its day has passed, else planned. */
  status?: 'PLANNED' | 'DONE';
  assignee?: string;
  /** Where it takes place ("Sted", at most 200 characters); none: not given. */
  place?: string;
}

interface DemoIntervention {
  unit: UnitKey;
  kind: string;
  title: string;
  goal: string;
  /** Only to keep something planned; otherwise planned before it starts, active while it runs, completed after its end. */
  status?: 'PLANNED' | 'PAUSED';
  startMonthsIn?: number;
  /** Length in months (inclusive end); none: runs with the programme. */
  months?: number;
  details: Record<string, unknown>;
  subGoals: number[];
  activities?: DemoActivity[];
}

interface DemoCase {
  name: string;
  birthDate: string;
  phone: string;
  address: string;
  type?: ProgrammeKind;
  /** How long ago it started (a ressourceforløb: at the latest before 1 February 2026). */
  monthsIn: number;
  /** Length in months, as fixed in the decision (inclusive end date). */
  months: number;
  goal: string;
  goalKind: 'JOB' | 'SECTOR' | 'EDUCATION';
  team: UnitKey[];
  coordinator?: string;
  /** Earlier coordinators (username, reason), before the current one. */
  formerCoordinators?: Array<{ username: string; months: number; reason: string }>;
  subGoals: Array<{ area: 'EMPLOYMENT' | 'EDUCATION' | 'SOCIAL' | 'HEALTH'; text: string; reason: string; progress: number[] }>;
  interventions: DemoIntervention[];
  /** Samtaler held, in days after the start (more follow at the coordinator's rhythm up to today). */
  followUpDays: number[];
}

/** The last day a ressourceforløb could be decided (lov nr. 1750 af 29. december 2025, in force 1 February 2026). */
const LAST_RESSOURCEFORLOEB_DECISION = '2026-01-31';
const REFORM_DAY = '2026-02-01';

/** The four cases of STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks, in Danish. */
const CASES: DemoCase[] = [
  {
    // "Rehabiliteringsteamet indstiller til et 2-årigt ressourceforløb": praktik i kantine, mentorstøtte (the grant below), mindfulness;
    // "Efter 2 måneders praktik aftales det med arbejdsgiveren, at Eva får løn".
    name: 'Eva Jensen', birthDate: '1974-03-12', phone: '20 11 22 33', address: 'Havnegade 4, 5600 Faaborg', monthsIn: 4, months: 24,
    goal: 'Job med overskuelige og praktiske opgaver i et køkken eller en kantine', goalKind: 'SECTOR', team: ['EMPLOYMENT', 'HEALTH'],
    subGoals: [
      { area: 'EMPLOYMENT', text: 'Opbygge tillid og være sammen med andre på en arbejdsplads', reason: 'Eva er bange for at skulle præstere og "gå ned igen"; hun vil prøve sig selv af i en praktik.', progress: [2, 3, 3, 4] },
      { area: 'HEALTH', text: 'Mindske angsten og skabe ro omkring forløbet', reason: 'Depression og angst siden ung; problemer med hukommelse og koncentration.', progress: [2, 2, 3] },
    ],
    interventions: [
      { unit: 'EMPLOYMENT', kind: 'INTERNSHIP', title: 'Virksomhedspraktik i kantine', goal: 'Møde stabilt 2 dage om ugen i 1,5 time', startMonthsIn: 1, months: 2,
        details: { companyName: 'Kantinen, Faaborg Rådhus', hoursPerWeek: 3, internshipPurpose: 'ORDINARY_HOURS' }, subGoals: [0],
        activities: [
          { title: 'Start i kantinen 1,5 t om tirsdagen', inDays: 35, weekday: 2, assignee: 'Eva', place: 'Kantinen, Faaborg Rådhus, indgang fra gården' },
          { title: 'Øg til 2 dage om ugen', inDays: 60, assignee: 'Dorte Madsen', place: 'Jobcentret, Vestergade 12, mødelokale 3' },
        ] },
      { unit: 'EMPLOYMENT', kind: 'ORDINARY_HOURS', title: 'Ordinære løntimer i kantinen', goal: 'Løn for opvasken 2 dage om ugen i 1,5 time', startMonthsIn: 3,
        details: { companyName: 'Kantinen, Faaborg Rådhus', hoursPerWeek: 3 }, subGoals: [0],
        activities: [{ title: 'Samtale med arbejdsgiver om løntimer', fromToday: 12, assignee: 'Dorte Madsen' }] },
      { unit: 'HEALTH', kind: 'MINDFULNESS', title: 'Mindfulnessforløb', goal: 'Redskaber til at håndtere angst', startMonthsIn: 1,
        details: { provider: 'Sundhedscenter Faaborg', sessionsPerMonth: 4, focus: 'Angst' }, subGoals: [1],
        activities: [{ title: 'Ugentlig mindfulness, torsdag kl. 10', fromToday: 3, weekday: 4, assignee: 'Sundhedscenter Faaborg', place: 'Sundhedscenter Faaborg, holdlokalet på 1. sal' }] },
    ],
    followUpDays: [2, 30, 62, 95],
  },
  {
    // Per's first forløb (2 years) ended, and "Ressourceforløbet forlænges": a ressourceforløb cannot be extended
    // (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; Ankestyrelsen 82-16), so this is his second, new forløb (the first: seedPreviousProgramme).
    name: 'Per Hansen', birthDate: '2005-06-02', phone: '30 44 55 66', address: 'Østergade 12, 5750 Ringe', monthsIn: 7, months: 24,
    goal: 'Lønnede timer i butikken eller på en anden arbejdsplads i detailhandlen, på sigt fleksjob', goalKind: 'SECTOR', team: ['EMPLOYMENT', 'SOCIAL'],
    subGoals: [
      { area: 'EMPLOYMENT', text: 'Løse faste opgaver i butikken selvstændigt (fx fylde mælk op i køledisken)', reason: 'Per vil gerne arbejde i en butik; han kan fungere på en arbejdsplads, hvis han trænes stille og roligt op.', progress: [1, 2, 2, 3, 3] },
      { area: 'SOCIAL', text: 'Flytte i egen lejlighed og klare hverdagen', reason: 'Per bor hjemme; teamet har talt med ham om at begynde at klare sig selv.', progress: [1, 2] },
    ],
    interventions: [
      { unit: 'EMPLOYMENT', kind: 'INTERNSHIP', title: 'Virksomhedspraktik i detailbutik', goal: 'Kende butikkens faste opgaver og løse dem selv', startMonthsIn: 0,
        details: { companyName: 'Dagligvarebutikken i Ringe', hoursPerWeek: 10, internshipPurpose: 'SKILLS' }, subGoals: [0],
        activities: [{ title: 'Fast opgave: fylde mælk op hver morgen', inDays: 60, assignee: 'Per', place: 'Dagligvarebutikken i Ringe, ved køledisken' }] },
      { unit: 'EMPLOYMENT', kind: 'MENTOR_SUPPORT', title: 'Virksomhedsmentor i butikken', goal: 'En erfaren kollega støtter Per i hverdagen', startMonthsIn: 6, months: 6, details: { companyName: 'Dagligvarebutikken i Ringe' }, subGoals: [0] },
      { unit: 'SOCIAL', kind: 'HOUSING_SUPPORT', title: 'Bostøtte', goal: 'Per kan selv handle ind, betale regninger og holde lejligheden', status: 'PLANNED',
        details: { legalBasis: 'SEL §85', provider: 'Bostøtteteamet, Ringe', hoursPerWeek: 3 }, subGoals: [1],
        activities: [{ title: 'Besøg i den nye lejlighed med Per og forældrene', fromToday: 14, assignee: 'Bent Sørensen', place: 'Den nye lejlighed, Søndergade 8, 2. th., 5750 Ringe' }] },
    ],
    followUpDays: [3, 28, 60, 90, 150, 200],
  },
  {
    name: 'Bo Petersen', birthDate: '1987-09-21', phone: '40 77 88 99', address: 'Bygade 3, 5672 Broby', monthsIn: 2, months: 36,
    goal: 'Fleksjob på et lager (tidligere jobområde)', goalKind: 'SECTOR', team: ['EMPLOYMENT', 'HEALTH'],
    subGoals: [
      { area: 'EMPLOYMENT', text: 'Lønnede timer på et lager, start med få timer', reason: 'Bo har erfaring fra lager og butik og ønsker fleksjob inden for sit gamle område.', progress: [2, 2] },
      { area: 'HEALTH', text: 'Mere energi og færre hovedpiner', reason: 'Træthed, hovedpine og koncentrationsbesvær efter trafikuheld for 7 år siden.', progress: [2] },
    ],
    interventions: [
      { unit: 'EMPLOYMENT', kind: 'ORDINARY_HOURS', title: 'Ordinære løntimer på lager', goal: '6 timer om ugen, vurderes løbende', startMonthsIn: 1,
        details: { companyName: 'Broby Lager ApS', hoursPerWeek: 6 }, subGoals: [0],
        activities: [{ title: 'Opfølgning med arbejdsgiver efter 4 uger', inDays: 60, assignee: 'Dorte Madsen', place: 'Broby Lager ApS, kontoret ved porten' }] },
      { unit: 'HEALTH', kind: 'PHYSIOTHERAPY', title: 'Træning hos fysioterapeut', goal: 'Styrke funktionsevnen og give energi', startMonthsIn: 0,
        details: { provider: 'Fysioterapien Broby', sessionsPerMonth: 4, focus: 'Energi og smerter' }, subGoals: [1] },
    ],
    followUpDays: [1, 25, 52],
  },
  {
    // "Virksomhedspraktik med fokus på at opnå lønnede timer med håndværksmæssige opgaver og virksomhedsmentor; tilknytning af social
    // mentor; støttende samtaler hos socialpsykiatrisk konsulent". The praktik ran 10 months; then a new workplace as electrician.
    name: 'Kim Larsen', birthDate: '1990-01-30', phone: '50 12 34 56', address: 'Skolevej 8, 5600 Faaborg', monthsIn: 10, months: 36,
    goal: 'Lønnede timer med håndværksmæssige opgaver, på sigt som elektriker', goalKind: 'JOB', team: ['EMPLOYMENT', 'SOCIAL', 'HEALTH'],
    formerCoordinators: [{ username: 'bent', months: 10, reason: 'Indsatsen var i starten mest social' }],
    subGoals: [
      { area: 'EMPLOYMENT', text: 'Lønnede timer med håndværksmæssige opgaver', reason: 'Kim var elektriker i 7 år og vil tilbage til det håndværksmæssige område.', progress: [2, 3, 3, 4] },
      { area: 'SOCIAL', text: 'Komme op om morgenen og ud af huset', reason: 'En social mentor har tidligere hjulpet Kim med at komme ud af huset.', progress: [2, 3, 4] },
      { area: 'HEALTH', text: 'Håndtere social angst i mødet med kolleger', reason: 'Social fobi og dårlig hørelse begrænser kontakten til andre.', progress: [2, 3] },
    ],
    interventions: [
      { unit: 'EMPLOYMENT', kind: 'INTERNSHIP', title: 'Praktik som pedel på efterskole', goal: 'Fast arbejdsplads i et længere forløb', startMonthsIn: 0, months: 10,
        details: { companyName: 'Efterskolen ved Faaborg', hoursPerWeek: 15, internshipPurpose: 'ORDINARY_HOURS' }, subGoals: [0] },
      // Mentor support is granted 6 months at a time (STAR’s vejledning om ressourceforløb 2020, afsnit 7).
      { unit: 'EMPLOYMENT', kind: 'MENTOR_SUPPORT', title: 'Virksomhedsmentor på efterskolen', goal: 'En kollega støtter Kim i opgaverne og blandt kollegerne', startMonthsIn: 0, months: 6,
        details: { companyName: 'Efterskolen ved Faaborg' }, subGoals: [0, 2] },
      { unit: 'EMPLOYMENT', kind: 'MENTOR_SUPPORT', title: 'Social mentor', goal: 'Støtte til at komme op og ud af huset', startMonthsIn: 6, months: 6, details: {}, subGoals: [1] },
      { unit: 'SOCIAL', kind: 'SUPPORT_CONTACT', title: 'Støttende samtaler hos socialpsykiatrisk konsulent', goal: 'Redskaber mod social angst', startMonthsIn: 1,
        details: { legalBasis: 'SEL §99', provider: 'Socialpsykiatrien, Faaborg-Midtfyn', hoursPerWeek: 1 }, subGoals: [2] },
      { unit: 'EMPLOYMENT', kind: 'INTERNSHIP', title: 'Praktik hos elinstallatør', goal: 'Afklare fra start muligheden for lønnede timer som elektriker', startMonthsIn: 10,
        details: { companyName: 'Faaborg El-service', hoursPerWeek: 15, internshipPurpose: 'ORDINARY_HOURS' }, subGoals: [0] },
      { unit: 'HEALTH', kind: 'COPING_COURSE', title: 'Kursus i at håndtere social angst', goal: 'Redskaber til mødet med nye kolleger', status: 'PLANNED',
        details: { provider: 'Sundhedscenter Faaborg', sessionsPerMonth: 2, focus: 'Social angst' }, subGoals: [2] },
    ],
    followUpDays: [2, 30, 60, 88, 150, 240, 290],
  },
];

/**
 * After the reform (lov nr. 1750 af 29. december 2025): a jobafklaringsforløb (they continue) and the municipality's own
 * helhedsorienteret forløb, coordinated from social services — who may coordinate, but
 * not decide under the employment legislation (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).
 */
const AFTER_REFORM: DemoCase[] = [
  {
    // Målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023: sygemeldt, sygedagpengene kan ikke forlænges; the municipality's internal
    // offer "Forløb med stress coach" (13 weeks) and a snusepraktik.
    name: 'Lise Mortensen', birthDate: '1979-05-17', phone: '21 43 65 87', address: 'Nørregade 9, 5750 Ringe', type: 'JOBAFKLARINGSFORLOEB', monthsIn: 3, months: 12,
    goal: 'Tilbage i arbejde som kontorassistent, evt. på nedsat tid i starten', goalKind: 'JOB', team: ['EMPLOYMENT', 'HEALTH'],
    subGoals: [
      { area: 'HEALTH', text: 'Mindre stress og bedre søvn', reason: 'Sygemeldt med stress; sygedagpengene kunne ikke forlænges.', progress: [2, 3] },
      { area: 'EMPLOYMENT', text: 'Afprøve kontorarbejde nogle timer om ugen', reason: 'Lise vil gerne tilbage til sit fag, men er usikker på, hvor meget hun kan.', progress: [2] },
    ],
    interventions: [
      { unit: 'HEALTH', kind: 'COPING_COURSE', title: 'Mestringsforløb med stresscoach', goal: 'Redskaber til at håndtere stress i hverdagen', startMonthsIn: 0, months: 3,
        details: { provider: 'Sundhedscenter Ringe', sessionsPerMonth: 3, focus: 'Stress' }, subGoals: [0] },
      { unit: 'EMPLOYMENT', kind: 'INTERNSHIP', title: 'Snusepraktik på et kontor', goal: 'Afklare, hvad Lise kan i et kontorjob', startMonthsIn: 2, months: 3,
        details: { companyName: 'Ringe Revision', hoursPerWeek: 8, internshipPurpose: 'CLARIFY_JOB_GOAL' }, subGoals: [1] },
    ],
    followUpDays: [3, 21, 45, 70],
  },
  {
    name: 'Jonas Friis', birthDate: '1997-08-08', phone: '26 18 29 30', address: 'Midlertidigt: Herberget, Faaborg', type: 'HELHEDSORIENTERET', monthsIn: 2, months: 24,
    goal: 'Uddannelse som lagermedarbejder (AMU), på sigt job på et lager', goalKind: 'EDUCATION', team: ['SOCIAL', 'EMPLOYMENT', 'HEALTH'], coordinator: 'bent',
    subGoals: [
      { area: 'SOCIAL', text: 'Stoffrihed og egen bolig', reason: 'Jonas har et hashmisbrug og har ikke fast bopæl.', progress: [1, 2] },
      { area: 'EDUCATION', text: 'Afklare uddannelse på et AMU-kursus', reason: 'Jonas har ingen uddannelse ud over folkeskolen, men har arbejdet på et lager.', progress: [2] },
    ],
    interventions: [
      { unit: 'SOCIAL', kind: 'ADDICTION_TREATMENT', title: 'Ambulant misbrugsbehandling', goal: 'Stoppe med hash', startMonthsIn: 0,
        details: { legalBasis: 'SEL §101', provider: 'Rusmiddelcenter Faaborg-Midtfyn', hoursPerWeek: 2 }, subGoals: [0] },
      { unit: 'SOCIAL', kind: 'TEMPORARY_HOUSING', title: 'Midlertidigt botilbud', goal: 'Et sted at bo, mens der findes en bolig', startMonthsIn: 0, months: 6,
        details: { legalBasis: 'SEL §110', provider: 'Herberget, Faaborg' }, subGoals: [0] },
      { unit: 'EMPLOYMENT', kind: 'EDUCATION_GUIDANCE', title: 'Uddannelsesvejledning', goal: 'Vælge et AMU-kursus', status: 'PLANNED', details: {}, subGoals: [1] },
    ],
    followUpDays: [2, 16, 30, 45],
  },
];

async function insertOne(m: EntityManager, sql: string, params: unknown[]): Promise<string> {
  const rows: Array<{ id: string }> = await m.query(sql, params);
  return rows[0].id;
}

/** Seeds only an empty database; safe to call on every start (runs under the migration lock). */
export async function seedDemoIfEmpty(ds: DataSource, clock: Clock): Promise<boolean> {
  const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM municipality');
  if (count > 0) return false;
  await ds.transaction(async (m) => {
    const today = localDate(clock.now());
    const municipalities = {
      fmk: await insertOne(m, `INSERT INTO municipality (code, name) VALUES ('0430', 'Faaborg-Midtfyn Kommune') RETURNING id`, []),
      svb: await insertOne(m, `INSERT INTO municipality (code, name) VALUES ('0479', 'Svendborg Kommune') RETURNING id`, []),
    };
    const units: Record<string, string> = {};
    for (const [key, municipalityId] of Object.entries(municipalities)) {
      for (const [code, name] of Object.entries(UNIT_NAMES)) {
        units[`${key}:${code}`] = await insertOne(m, `INSERT INTO unit (municipality_id, kind, name) VALUES ($1, $2, $3) RETURNING id`, [municipalityId, code, name]);
      }
    }
    const users: Record<string, string> = {};
    for (const u of DEMO_USERS) {
      users[u.username] = await insertOne(
        m,
        // Demo users sign in with their username as the identity provider's subject, already activated.
        `INSERT INTO app_user (municipality_id, username, subject, name, role, unit_id, email, phone, activated_at) VALUES ($1, $2, $2, $3, $4, $5, $6, $7, now()) RETURNING id`,
        [municipalities[u.municipality], u.username, u.name, u.role, u.unit ? units[`${u.municipality}:${u.unit}`] : null, ...demoContact(u, DEMO_USERS.indexOf(u))],
      );
    }
    const ctx = { m, today, users, units };
    const seeded = [];
    for (const c of CASES) seeded.push(await seedCase(ctx, 'fmk', municipalities.fmk, c, c.coordinator ?? 'anna'));
    // Per signs in as himself (the demo's citizen account; in real use through a MitID broker).
    const perCitizen = seeded[CASES.findIndex((c) => c.name === 'Per Hansen')].citizenId;
    users[DEMO_CITIZEN.username] = await insertOne(
      m,
      `INSERT INTO app_user (municipality_id, username, subject, name, role, citizen_id, activated_at) VALUES ($1, $2, $2, $3, 'CITIZEN', $4, now()) RETURNING id`,
      [municipalities.fmk, DEMO_CITIZEN.username, DEMO_CITIZEN.name, perCitizen],
    );
    await seedMentorGrant(ctx, municipalities.fmk, seeded[0]);
    for (const c of AFTER_REFORM) if (startOf(c, today) <= today) await seedCase(ctx, 'fmk', municipalities.fmk, c, c.coordinator ?? 'anna');
    await seedCase(ctx, 'svb', municipalities.svb, {
      name: 'Sofie Andersen', birthDate: '1983-11-05', phone: '60 98 76 54', address: 'Møllergade 20, 5700 Svendborg', monthsIn: 3, months: 24,
      goal: 'Job som pædagogmedhjælper', goalKind: 'JOB', team: ['EMPLOYMENT'],
      subGoals: [{ area: 'EMPLOYMENT', text: 'Afprøve arbejdet i en børnehave', reason: 'Sofie har erfaring som dagplejer.', progress: [3] }],
      interventions: [{ unit: 'EMPLOYMENT', kind: 'INTERNSHIP', title: 'Praktik i børnehave', goal: 'Afklare jobmål', startMonthsIn: 0, details: { companyName: 'Børnehaven Solsikken', hoursPerWeek: 12, internshipPurpose: 'CLARIFY_JOB_GOAL' }, subGoals: [0] }],
      followUpDays: [3, 30, 60],
    }, 'otto');
    // Last, so that a citizen's running programme is the first row a lookup by name meets.
    await seedPreviousProgramme(ctx, municipalities.fmk, seeded[1]);
  });
  return true;
}

interface SeedContext {
  m: EntityManager;
  today: string;
  users: Record<string, string>;
  units: Record<string, string>;
}

/** `hour` o'clock on `day` on a Danish clock: 10.00 is 10.00 in summer too (CEST), not 11.00. */
const at = (day: string, hour = 10) => instantOfDanishWallTime(`${day}T${String(hour).padStart(2, '0')}:00`)!.toISOString();
/** The day itself when it is that ISO weekday (1 Monday … 7 Sunday), else the first such day after it. */
const onOrAfterWeekday = (day: string, weekday: number) => addDays(day, (weekday - (((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1) + 7) % 7);
const minDay = (a: string, b: string) => (a < b ? a : b);
const maxDay = (a: string, b: string) => (a > b ? a : b);

/**
 * The start: `monthsIn` months ago. A ressourceforløb is decided before 1 February 2026 at the latest
 * (lov nr. 1750 af 29. december 2025), so when that is later it starts as many weeks before that day as it was meant to be months in;
 * the forløb after the reform start from 1 February 2026.
 */
function startOf(c: DemoCase, today: string): string {
  const wanted = addMonths(today, -c.monthsIn);
  if ((c.type ?? 'RESSOURCEFORLOEB') === 'RESSOURCEFORLOEB') return minDay(wanted, addDays(LAST_RESSOURCEFORLOEB_DECISION, -7 * c.monthsIn));
  return maxDay(wanted, addDays(REFORM_DAY, 1));
}

/**
 * A made-up CPR number that agrees with the birth date: DDMMYY, the century digit
 * CPR-kontoret uses for the year (1 for the 1900s, 4 for 2000–2036), and a serial taken
 * from the name (the demo's birth dates all differ, so the numbers do too).
 */
function demoCpr(c: Pick<DemoCase, 'name' | 'birthDate'>): string {
  const [y, mo, d] = c.birthDate.split('-');
  const serial = [...c.name].reduce((sum, ch) => (sum * 31 + ch.charCodeAt(0)) % 1000, 7);
  return `${d}${mo}${y.slice(2)}${Number(y) >= 2000 ? 4 : 1}${String(serial).padStart(3, '0')}`;
}

const TYPE_WORD: Record<ProgrammeKind, string> = { RESSOURCEFORLOEB: 'ressourceforløb', JOBAFKLARINGSFORLOEB: 'jobafklaringsforløb', HELHEDSORIENTERET: 'helhedsorienteret forløb' };

async function seedCase(ctx: SeedContext, mKey: string, municipalityId: string, c: DemoCase, coordinator: string): Promise<{ planId: string; programmeId: string; citizenId: string; start: string; goalIds: string[] }> {
  const { m, today, users, units } = ctx;
  const type = c.type ?? 'RESSOURCEFORLOEB';
  const start = startOf(c, today);
  const end = addDays(addMonths(start, c.months), -1);
  // A ressourceforløb (and a jobafklaringsforløb before the reform) came from the rehabiliteringsteam; the first samtale is within a week of it (STAR’s vejledning om ressourceforløb 2020, afsnit 5.2).
  const teamMeeting = type === 'RESSOURCEFORLOEB' ? addDays(start, -3) : null;
  const decision = type === 'RESSOURCEFORLOEB' ? addDays(start, -2) : addDays(start, -1);
  const elapsed = daysBetween(start, today);
  const unitOf = (code: string) => units[`${mKey}:${code}`];
  const citizenId = await insertOne(m, `INSERT INTO citizen (municipality_id, cpr, name, birth_date, phone, address, registered_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [municipalityId, demoCpr(c), c.name, c.birthDate, c.phone, c.address, users[coordinator]]);
  // Registered on the day of its decision, as in a municipality that uses Samplan: the key figures count from the first registration.
  const programmeId = await insertOne(m,
    `INSERT INTO programme (municipality_id, citizen_id, type, decision_date, law_version, start_date, end_date, team_meeting_date, joint_plan_consent_on, health_talk_guided_on, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ($4::date + time '09:00') AT TIME ZONE 'Europe/Copenhagen') RETURNING id`,
    // A ressourceforløb: the citizen was told of the right to a samtale with the sundhedskoordinator with the decision (LAB §113, stk. 3).
    [municipalityId, citizenId, type, decision, lawVersionFor(decision), start, end, teamMeeting, type === 'HELHEDSORIENTERET' ? decision : null, type === 'RESSOURCEFORLOEB' ? decision : null]);
  // The plan covers at least the next 6 months, or runs to the programme's end (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).
  const planId = await insertOne(m,
    `INSERT INTO plan (municipality_id, programme_id, citizen_id, employment_goal, goal_kind, period_start, period_end, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [municipalityId, programmeId, citizenId, c.goal, c.goalKind, start, minDay(addMonths(today, 7), end), users[coordinator]]);
  for (const code of c.team) {
    await m.query(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id, added_by) VALUES ($1, $2, $3, $4)`, [planId, unitOf(code), municipalityId, users[coordinator]]);
  }
  let from = at(start, 9);
  for (const former of c.formerCoordinators ?? []) {
    const to = at(addDays(start, 45), 9);
    await m.query(
      `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, to_at, reason, citizen_consulted, assigned_by)
       SELECT $1, $2, u.id, u.unit_id, $3, $4, $5, true, u.id FROM app_user u WHERE u.id = $6`,
      [municipalityId, programmeId, from, to, former.reason, users[former.username]]);
    from = to;
  }
  await m.query(
    `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, reason, citizen_consulted, assigned_by)
     SELECT $1, $2, u.id, u.unit_id, $3, $4, true, u.id FROM app_user u WHERE u.id = $5`,
    [municipalityId, programmeId, from, c.formerCoordinators ? 'Fokus flyttet til beskæftigelse' : `Bevilget ${TYPE_WORD[type]}`, users[coordinator]]);
  await seedConsents(ctx, municipalityId, { citizenId, planId, given: decision, type, name: c.name }, coordinator);
  const goalIds = await seedPlanContents(ctx, mKey, municipalityId, planId, start, c, coordinator);
  const participants = ['Borgeren', 'Koordinerende sagsbehandler'];
  // The samtaler of the case, then the coordinator's rhythm (every 6 weeks) up to today; the next one is always booked.
  const days = [...c.followUpDays];
  for (let d = days[days.length - 1] + 42; d < elapsed - 7; d += 42) days.push(d);
  const held = days.filter((d) => d <= elapsed);
  for (const [i, day] of held.entries()) {
    const next = held[i + 1] ?? Math.max(day + 30, elapsed + 14);
    await m.query(
      `INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, participants, summary, next_meeting_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [municipalityId, planId, at(addDays(start, day)), i % 4 === 3 ? 'VIDEO' : i % 3 === 2 ? 'PHONE' : 'IN_PERSON', participants,
        i > 0 ? 'Opfølgning på delmål og indsatser. Borgeren oplever fremskridt.'
          : teamMeeting ? 'Første samtale efter mødet i rehabiliteringsteamet. Teamets indstilling og planen er gennemgået med borgeren.'
          : 'Første samtale. Planen er gennemgået med borgeren, og samtykket til en fælles plan er drøftet.',
        at(addDays(start, next)), users[coordinator]]);
  }
  return { planId, programmeId, citizenId, start, goalIds };
}

/**
 * What each demo citizen agreed to share (the consent register, modules/consent): health and social details with the
 * whole team, so the demo plans show the team everything; the consent to the joint plan a helhedsorienteret forløb
 * requires; and Per lets his parents follow the social part (the bostøtte they take part in).
 */
async function seedConsents(ctx: SeedContext, municipalityId: string, c: { citizenId: string; planId: string; given: string; type: ProgrammeKind; name: string }, coordinator: string): Promise<void> {
  const entries: Array<[scope: string, recipient: string, name: string | null, relation: string | null]> = [
    ['HEALTH_DETAILS', 'WHOLE_TEAM', null, null],
    ['SOCIAL_DETAILS', 'WHOLE_TEAM', null, null],
  ];
  if (c.type === 'HELHEDSORIENTERET') entries.unshift(['JOINT_PLAN', 'WHOLE_TEAM', null, null]);
  if (c.name === 'Per Hansen') entries.push(['SOCIAL_DETAILS', 'NETWORK_PERSON', 'Hanne og Jens Hansen', 'forældre']);
  for (const [scope, recipient, name, relation] of entries) {
    await ctx.m.query(
      `INSERT INTO consent_entry (municipality_id, citizen_id, plan_id, scope, recipient_kind, recipient_name, recipient_relation, basis, given_on, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'CONSENT', $8, $9, $10)`,
      [municipalityId, c.citizenId, c.planId, scope, recipient, name, relation, c.given, at(c.given, 11), ctx.users[coordinator]]);
  }
}

/** Sub-goals with progress, and the interventions with their activities: planned before they start, active while they run, completed after their end. */
async function seedPlanContents(ctx: SeedContext, mKey: string, municipalityId: string, planId: string, start: string, c: Pick<DemoCase, 'subGoals' | 'interventions'>, coordinator: string): Promise<string[]> {
  const { m, today, users, units } = ctx;
  const goalIds: string[] = [];
  for (const g of c.subGoals) {
    const id = await insertOne(m, `INSERT INTO sub_goal (municipality_id, plan_id, area, text, reason, updated_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [municipalityId, planId, g.area, g.text, g.reason, users[coordinator]]);
    goalIds.push(id);
    for (const [i, value] of g.progress.entries()) {
      const day = addDays(start, 14 + i * 28);
      if (day > today) break;
      await m.query(`INSERT INTO sub_goal_progress (municipality_id, sub_goal_id, measured_on, scale, value, comment, recorded_by) VALUES ($1, $2, $3, 'ONE_TO_FIVE', $4, $5, $6)`,
        [municipalityId, id, day, value, i === 0 ? 'Udgangspunkt' : null, users[coordinator]]);
    }
  }
  const staffOf: Record<string, string> = { EMPLOYMENT: mKey === 'fmk' ? 'dorte' : 'otto', SOCIAL: 'bent', HEALTH: 'carla' };
  for (const iv of c.interventions) {
    const author = users[staffOf[iv.unit]];
    const ivStart = iv.startMonthsIn !== undefined && !iv.status ? addMonths(start, iv.startMonthsIn) : null;
    const ivEnd = ivStart && iv.months ? addDays(addMonths(ivStart, iv.months), -1) : null;
    const status = iv.status ?? (!ivStart || ivStart > today ? 'PLANNED' : ivEnd && ivEnd < today ? 'COMPLETED' : 'ACTIVE');
    // One Sat på pause keeps the day it was paused (the key figures' ordinary hours end there): today, as seeded.
    const id = await insertOne(m,
      `INSERT INTO intervention (municipality_id, plan_id, unit_id, unit_kind, kind, title, short_term_goal, status, start_date, end_date, details, created_by, updated_by, paused_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id`,
      [municipalityId, planId, units[`${mKey}:${iv.unit}`], iv.unit, iv.kind, iv.title, iv.goal, status, ivStart, ivEnd, JSON.stringify(iv.details), author,
        status === 'PAUSED' ? today : null]);
    // And its pause as a period of its own, the current one (migration 63).
    if (status === 'PAUSED') {
      await m.query(`INSERT INTO intervention_pause (municipality_id, intervention_id, paused_on, paused_by) VALUES ($1, $2, $3, $4)`, [municipalityId, id, today, author]);
    }
    for (const g of iv.subGoals) {
      await m.query(`INSERT INTO intervention_sub_goal (intervention_id, sub_goal_id, municipality_id) VALUES ($1, $2, $3)`, [id, goalIds[g], municipalityId]);
    }
    for (const a of iv.activities ?? []) {
      const day = a.fromToday !== undefined ? addDays(today, a.fromToday) : addDays(start, a.inDays ?? 0);
      const due = a.weekday ? onOrAfterWeekday(day, a.weekday) : day;
      await m.query(
        `INSERT INTO activity (municipality_id, plan_id, intervention_id, title, due_at, status, assignee, updated_by, place) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [municipalityId, planId, id, a.title, at(due), a.status ?? (due < today ? 'DONE' : 'PLANNED'), a.assignee ?? '', author, a.place ?? null]);
    }
  }
  return goalIds;
}

/**
 * Per's first ressourceforløb ("Rehabiliteringsteamet indstiller til et ressourceforløb på 2 år, for at se, hvordan det går"): it
 * ran its two years, the jobcenter decided on a new forløb before it ended (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5), and it ended
 * the day before the new one started — a new forløb, not an extension (afsnit 6.3).
 */
async function seedPreviousProgramme(ctx: SeedContext, municipalityId: string, current: { citizenId: string; start: string }): Promise<void> {
  const { m, users } = ctx;
  const end = addDays(current.start, -1);
  const start = addMonths(current.start, -24);
  const decision = addDays(start, -2);
  const programmeId = await insertOne(m,
    `INSERT INTO programme (municipality_id, citizen_id, type, decision_date, law_version, start_date, end_date, team_meeting_date, status, end_reason, created_at)
     VALUES ($1, $2, 'RESSOURCEFORLOEB', $3, $4, $5, $6, $7, 'ENDED', 'RESSOURCEFORLOEB', ($3::date + time '09:00') AT TIME ZONE 'Europe/Copenhagen') RETURNING id`,
    [municipalityId, current.citizenId, decision, lawVersionFor(decision), start, end, addDays(start, -3)]);
  const planId = await insertOne(m,
    `INSERT INTO plan (municipality_id, programme_id, citizen_id, employment_goal, goal_kind, period_start, period_end, updated_by)
     VALUES ($1, $2, $3, 'Arbejde i en butik', 'SECTOR', $4, $5, $6) RETURNING id`,
    [municipalityId, programmeId, current.citizenId, start, end, users.anna]);
  await m.query(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id, added_by) VALUES ($1, $2, $3, $4), ($1, $5, $3, $4)`,
    [planId, ctx.units['fmk:EMPLOYMENT'], municipalityId, users.anna, ctx.units['fmk:SOCIAL']]);
  await m.query(
    `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, to_at, reason, citizen_consulted, assigned_by)
     SELECT $1, $2, u.id, u.unit_id, $3, $4, 'Bevilget ressourceforløb', true, u.id FROM app_user u WHERE u.id = $5`,
    [municipalityId, programmeId, at(start, 9), at(end, 16), users.anna]);
  await seedPlanContents(ctx, 'fmk', municipalityId, planId, start, {
    subGoals: [{ area: 'EMPLOYMENT', text: 'Prøve at være på en arbejdsplads', reason: 'Per og hans forældre ønsker brændende, at Per skal prøve at være på en arbejdsplads.', progress: [1, 1, 2] }],
    interventions: [
      { unit: 'EMPLOYMENT', kind: 'INTERNSHIP', title: 'Første praktik i detailbutik', goal: 'Møde stabilt og lære butikken at kende', startMonthsIn: 0, months: 24,
        details: { companyName: 'Dagligvarebutikken i Ringe', hoursPerWeek: 6, internshipPurpose: 'SKILLS' }, subGoals: [0] },
    ],
  }, 'anna');
  for (const [i, day] of [3, 30, 60, 120, 180, 300, 450, 600].entries()) {
    await m.query(
      `INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, participants, summary, next_meeting_at, created_by)
       VALUES ($1, $2, $3, 'IN_PERSON', $4, $5, $6, $7)`,
      [municipalityId, planId, at(addDays(start, day)), ['Borgeren', 'Forældrene', 'Koordinerende sagsbehandler'],
        i === 0 ? 'Første samtale efter mødet i rehabiliteringsteamet.' : 'Opfølgning: Per udvikler sig langsomt, men der sker gradvist fremskridt.',
        at(addDays(start, day + 30)), users.anna]);
  }
  await m.query(
    `INSERT INTO programme_next_step (municipality_id, programme_id, step, status, decided_on, note, decided_by) VALUES ($1, $2, 'NEW_PROGRAMME', 'DECIDED', $3, $4, $5)`,
    [municipalityId, programmeId, addMonths(end, -2), 'Rehabiliteringsteamet indstiller til et nyt ressourceforløb for at få Per tættere på en afklaring.', users.anna]);
}

/**
 * Eva already has a mentor (STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks): mikkel, with prioritised goals, shared items and a log entry.
 * Mentor support is an employment measure (LAB kapitel 26), granted by the jobcenter; it appears once, as this grant.
 */
async function seedMentorGrant(ctx: SeedContext, municipalityId: string, eva: { planId: string; programmeId: string; goalIds: string[] }): Promise<void> {
  const { m, today, users } = ctx;
  // Near the end of its six months, so the coordinator's caseload shows the rule 6 warning
  // (a new period must be considered, STAR’s vejledning om ressourceforløb 2020, afsnit 7) and "Bevil ny periode" has a purpose.
  const start = addDays(addMonths(today, -6), 12);
  const grantId = await insertOne(m,
    `INSERT INTO mentor_grant (municipality_id, programme_id, plan_id, mentor_id, purpose, goals, focus_areas, sub_goal_ids, start_date, end_date, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [municipalityId, eva.programmeId, eva.planId, users.mikkel, 'Støtte til at strukturere hverdagen, så Eva kan møde stabilt i kantinen',
      ['Komme op om morgenen og møde i kantinen', 'Overblik over regninger'], ['Morgenrutiner', 'Økonomi'], [eva.goalIds[0]],
      start, addDays(addMonths(start, 6), -1), users.anna]);
  await m.query(`UPDATE activity SET shared_with_mentor = true WHERE plan_id = $1 AND title LIKE 'Øg til 2 dage%' OR (plan_id = $1 AND title LIKE 'Samtale med arbejdsgiver%')`, [eva.planId]);
  await m.query(`UPDATE follow_up_meeting SET shared_with_mentor = true WHERE id = (SELECT id FROM follow_up_meeting WHERE plan_id = $1 ORDER BY held_at DESC LIMIT 1)`, [eva.planId]);
  await m.query(
    `INSERT INTO mentor_task (municipality_id, grant_id, plan_id, mentor_id, done_on, minutes, title, note, outcome, next_step)
     VALUES ($1, $2, $3, $4, $5, 45, 'Morgenbesøg før arbejdet', 'Vi gennemgik ugeplanen.', 'Eva mødte til tiden', 'Følg med til kantinen tirsdag')`,
    [municipalityId, grantId, eva.planId, users.mikkel, addDays(today, -3)]);
}
