import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../core/clock';
import { localDate } from '../core/clock';
import { addDays, addMonths } from '../core/time/dates';

/**
 * Demo data: Faaborg-Midtfyn with the four citizens of STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks
 * (Eva, Per, Bo, Kim), the seven demo users, and a second municipality with one
 * citizen of its own (to show that municipalities never see each other).
 * Dates are relative to today so the demo always looks current.
 */
export const DEMO_USERS = [
  { username: 'anna', name: 'Anna Holm', role: 'COORDINATOR', unit: 'JOBCENTER', municipality: 'fmk' },
  { username: 'bent', name: 'Bent Sørensen', role: 'CASEWORKER', unit: 'SOCIAL', municipality: 'fmk' },
  { username: 'carla', name: 'Carla Nielsen', role: 'CASEWORKER', unit: 'HEALTH', municipality: 'fmk' },
  { username: 'dorte', name: 'Dorte Madsen', role: 'CASEWORKER', unit: 'JOBCENTER', municipality: 'fmk' },
  { username: 'mikkel', name: 'Mikkel Lund', role: 'MENTOR', unit: null, municipality: 'fmk' },
  { username: 'lene', name: 'Lene Kristensen', role: 'LEADER', unit: null, municipality: 'fmk' },
  { username: 'otto', name: 'Otto Berg', role: 'CASEWORKER', unit: 'JOBCENTER', municipality: 'svb' },
] as const;

const UNIT_NAMES = { JOBCENTER: 'Jobcenter', SOCIAL: 'Socialforvaltningen', HEALTH: 'Sundhedsforvaltningen' } as const;

interface DemoIntervention {
  unit: 'JOBCENTER' | 'SOCIAL' | 'HEALTH';
  kind: string;
  title: string;
  goal: string;
  status: 'PLANNED' | 'ACTIVE' | 'PAUSED' | 'COMPLETED' | 'CANCELLED';
  startMonthsIn?: number;
  details: Record<string, unknown>;
  subGoals: number[];
  activities?: Array<{ title: string; inDays: number; status?: 'PLANNED' | 'DONE'; assignee?: string }>;
}

interface DemoCase {
  name: string;
  birthDate: string;
  phone: string;
  address: string;
  monthsIn: number;
  years: number;
  goal: string;
  goalKind: 'JOB' | 'SECTOR' | 'EDUCATION';
  team: Array<'JOBCENTER' | 'SOCIAL' | 'HEALTH'>;
  /** Earlier coordinators (username, reason), before the current one. */
  formerCoordinators?: Array<{ username: string; months: number; reason: string }>;
  subGoals: Array<{ area: 'EMPLOYMENT' | 'EDUCATION' | 'SOCIAL' | 'HEALTH'; text: string; reason: string; progress: number[] }>;
  interventions: DemoIntervention[];
  /** Follow-up meetings held, in days after the start. */
  followUpDays: number[];
}

/** The four cases of STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks, in Danish. */
const CASES: DemoCase[] = [
  {
    name: 'Eva Jensen', birthDate: '1974-03-12', phone: '20 11 22 33', address: 'Havnegade 4, 5600 Faaborg', monthsIn: 4, years: 2,
    goal: 'Job med overskuelige og praktiske opgaver i et køkken eller en kantine', goalKind: 'SECTOR', team: ['JOBCENTER', 'HEALTH'],
    subGoals: [
      { area: 'EMPLOYMENT', text: 'Opbygge tillid og være sammen med andre på en arbejdsplads', reason: 'Eva er bange for at skulle præstere og "gå ned igen"; hun vil prøve sig selv af i en praktik.', progress: [2, 3, 3, 4] },
      { area: 'HEALTH', text: 'Mindske angsten og skabe ro omkring forløbet', reason: 'Depression og angst siden ung; problemer med hukommelse og koncentration.', progress: [2, 2, 3] },
    ],
    interventions: [
      { unit: 'JOBCENTER', kind: 'INTERNSHIP', title: 'Virksomhedspraktik i kantine', goal: 'Møde stabilt 2 dage om ugen i 1,5 time', status: 'ACTIVE', startMonthsIn: 1,
        details: { companyName: 'Kantinen, Faaborg Rådhus', hoursPerWeek: 3, internshipPurpose: 'ORDINARY_HOURS' }, subGoals: [0],
        activities: [{ title: 'Start i kantinen 1,5 t om tirsdagen', inDays: 35, status: 'DONE', assignee: 'Eva' }, { title: 'Øg til 2 dage om ugen', inDays: 90, status: 'DONE', assignee: 'Dorte Madsen' }, { title: 'Samtale med arbejdsgiver om løntimer', inDays: 130, assignee: 'Dorte Madsen' }] },
      { unit: 'JOBCENTER', kind: 'MENTOR_SUPPORT', title: 'Mentorstøtte – struktur i hverdagen', goal: 'Faste rutiner morgen og aften', status: 'ACTIVE', startMonthsIn: 0, details: {}, subGoals: [0, 1] },
      { unit: 'HEALTH', kind: 'MINDFULNESS', title: 'Mindfulnessforløb', goal: 'Redskaber til at håndtere angst', status: 'ACTIVE', startMonthsIn: 1,
        details: { provider: 'Sundhedscenter Faaborg', sessionsPerMonth: 4, focus: 'Angst' }, subGoals: [1],
        activities: [{ title: 'Ugentlig mindfulness, torsdag kl. 10', inDays: 125, assignee: 'Sundhedscenter Faaborg' }] },
    ],
    followUpDays: [6, 30, 62, 95],
  },
  {
    name: 'Per Hansen', birthDate: '2005-06-02', phone: '30 44 55 66', address: 'Østergade 12, 5750 Ringe', monthsIn: 7, years: 2,
    goal: 'Lønnede timer i en butik i detailhandlen, på sigt fleksjob', goalKind: 'SECTOR', team: ['JOBCENTER', 'SOCIAL'],
    subGoals: [
      { area: 'EMPLOYMENT', text: 'Løse faste opgaver i butikken selvstændigt (fx fylde mælk op i køledisken)', reason: 'Per vil gerne arbejde i en butik; han kan fungere på en arbejdsplads, hvis han trænes stille og roligt op.', progress: [1, 2, 2, 3, 3] },
      { area: 'SOCIAL', text: 'Flytte i egen lejlighed og klare hverdagen', reason: 'Per bor hjemme; teamet har talt med ham om at begynde at klare sig selv.', progress: [1, 2] },
    ],
    interventions: [
      { unit: 'JOBCENTER', kind: 'INTERNSHIP', title: 'Virksomhedspraktik i detailbutik', goal: 'Kende butikkens faste opgaver', status: 'ACTIVE', startMonthsIn: 0,
        details: { companyName: 'Dagligvarebutikken i Ringe', hoursPerWeek: 10, internshipPurpose: 'SKILLS' }, subGoals: [0],
        activities: [{ title: 'Fast opgave: fylde mælk op hver morgen', inDays: 120, status: 'DONE', assignee: 'Per' }] },
      { unit: 'JOBCENTER', kind: 'MENTOR_SUPPORT', title: 'Virksomhedsmentor i butikken', goal: 'En erfaren kollega støtter Per i hverdagen', status: 'ACTIVE', startMonthsIn: 0, details: { companyName: 'Dagligvarebutikken i Ringe' }, subGoals: [0] },
      { unit: 'SOCIAL', kind: 'HOUSING_SUPPORT', title: 'Bostøtte', goal: 'Per kan selv handle ind, betale regninger og holde lejligheden', status: 'PLANNED',
        details: { legalBasis: 'SEL §85', provider: 'Bostøtteteamet, Ringe', hoursPerWeek: 3 }, subGoals: [1],
        activities: [{ title: 'Besøg i den nye lejlighed med Per og forældrene', inDays: 215, assignee: 'Bent Sørensen' }] },
    ],
    followUpDays: [5, 28, 60, 90, 150, 200],
  },
  {
    name: 'Bo Petersen', birthDate: '1987-09-21', phone: '40 77 88 99', address: 'Bygade 3, 5672 Broby', monthsIn: 2, years: 3,
    goal: 'Fleksjob på et lager (tidligere jobområde)', goalKind: 'SECTOR', team: ['JOBCENTER', 'HEALTH'],
    subGoals: [
      { area: 'EMPLOYMENT', text: 'Lønnede timer på et lager, start med få timer', reason: 'Bo har erfaring fra lager og butik og ønsker fleksjob inden for sit gamle område.', progress: [2, 2] },
      { area: 'HEALTH', text: 'Mere energi og færre hovedpiner', reason: 'Træthed, hovedpine og koncentrationsbesvær efter trafikuheld for 7 år siden.', progress: [2] },
    ],
    interventions: [
      { unit: 'JOBCENTER', kind: 'ORDINARY_HOURS', title: 'Ordinære løntimer på lager', goal: '6 timer om ugen, vurderes løbende', status: 'ACTIVE', startMonthsIn: 1,
        details: { companyName: 'Broby Lager ApS', hoursPerWeek: 6 }, subGoals: [0],
        activities: [{ title: 'Opfølgning med arbejdsgiver efter 4 uger', inDays: 60, assignee: 'Dorte Madsen' }] },
      { unit: 'HEALTH', kind: 'PHYSIOTHERAPY', title: 'Træning hos fysioterapeut', goal: 'Styrke funktionsevnen og give energi', status: 'ACTIVE', startMonthsIn: 0,
        details: { provider: 'Fysioterapien Broby', sessionsPerMonth: 4, focus: 'Energi og smerter' }, subGoals: [1] },
    ],
    followUpDays: [4, 25, 52],
  },
  {
    name: 'Kim Larsen', birthDate: '1990-01-30', phone: '50 12 34 56', address: 'Skolevej 8, 5600 Faaborg', monthsIn: 10, years: 3,
    goal: 'Lønnede timer med håndværksmæssige opgaver, på sigt som elektriker', goalKind: 'JOB', team: ['JOBCENTER', 'SOCIAL', 'HEALTH'],
    formerCoordinators: [{ username: 'bent', months: 10, reason: 'Indsatsen var i starten mest social' }],
    subGoals: [
      { area: 'EMPLOYMENT', text: 'Lønnede timer med håndværksmæssige opgaver', reason: 'Kim var elektriker i 7 år og vil tilbage til det håndværksmæssige område.', progress: [2, 3, 3, 4] },
      { area: 'SOCIAL', text: 'Komme op om morgenen og ud af huset', reason: 'En social mentor har tidligere hjulpet Kim med at komme ud af huset.', progress: [2, 3, 4] },
      { area: 'HEALTH', text: 'Håndtere social angst i mødet med kolleger', reason: 'Social fobi og dårlig hørelse begrænser kontakten til andre.', progress: [2, 3] },
    ],
    interventions: [
      { unit: 'JOBCENTER', kind: 'INTERNSHIP', title: 'Praktik som pedel på efterskole', goal: 'Fast arbejdsplads i et længere forløb', status: 'ACTIVE', startMonthsIn: 0,
        details: { companyName: 'Efterskolen ved Faaborg', hoursPerWeek: 15, internshipPurpose: 'ORDINARY_HOURS' }, subGoals: [0] },
      { unit: 'SOCIAL', kind: 'SOCIAL_MENTOR', title: 'Social mentor', goal: 'Støtte til at komme op og ud af huset', status: 'ACTIVE', startMonthsIn: 0,
        details: { legalBasis: 'SEL §85', provider: 'Socialpsykiatrien' }, subGoals: [1] },
      { unit: 'HEALTH', kind: 'PSYCHIATRIC_TREATMENT', title: 'Støttende samtaler hos socialpsykiatrisk konsulent', goal: 'Redskaber mod social angst', status: 'ACTIVE', startMonthsIn: 1,
        details: { provider: 'Socialpsykiatrisk konsulent', sessionsPerMonth: 2, focus: 'Social angst' }, subGoals: [2] },
    ],
    followUpDays: [6, 30, 60, 88, 150, 240, 290],
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
        units[`${key}:${code}`] = await insertOne(m, `INSERT INTO unit (municipality_id, code, name) VALUES ($1, $2, $3) RETURNING id`, [municipalityId, code, name]);
      }
    }
    const users: Record<string, string> = {};
    for (const u of DEMO_USERS) {
      users[u.username] = await insertOne(
        m,
        `INSERT INTO app_user (municipality_id, username, name, role, unit_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [municipalities[u.municipality], u.username, u.name, u.role, u.unit ? units[`${u.municipality}:${u.unit}`] : null],
      );
    }
    const ctx = { m, today, users, units };
    const seeded = [];
    for (const c of CASES) seeded.push(await seedCase(ctx, 'fmk', municipalities.fmk, c, 'anna'));
    await seedMentorGrant(ctx, municipalities.fmk, seeded[0]);
    await seedCase(ctx, 'svb', municipalities.svb, {
      name: 'Sofie Andersen', birthDate: '1983-11-05', phone: '60 98 76 54', address: 'Møllergade 20, 5700 Svendborg', monthsIn: 3, years: 2,
      goal: 'Job som pædagogmedhjælper', goalKind: 'JOB', team: ['JOBCENTER'],
      subGoals: [{ area: 'EMPLOYMENT', text: 'Afprøve arbejdet i en børnehave', reason: 'Sofie har erfaring som dagplejer.', progress: [3] }],
      interventions: [{ unit: 'JOBCENTER', kind: 'INTERNSHIP', title: 'Praktik i børnehave', goal: 'Afklare jobmål', status: 'ACTIVE', startMonthsIn: 0, details: { companyName: 'Børnehaven Solsikken', hoursPerWeek: 12, internshipPurpose: 'CLARIFY_JOB_GOAL' }, subGoals: [0] }],
      followUpDays: [5, 30, 60],
    }, 'otto');
  });
  return true;
}

interface SeedContext {
  m: EntityManager;
  today: string;
  users: Record<string, string>;
  units: Record<string, string>;
}

const at = (day: string, hour = 10) => `${day}T${String(hour).padStart(2, '0')}:00:00+01:00`;

async function seedCase(ctx: SeedContext, mKey: string, municipalityId: string, c: DemoCase, coordinator: string): Promise<{ planId: string; programmeId: string; goalIds: string[] }> {
  const { m, today, users, units } = ctx;
  const start = addMonths(today, -c.monthsIn);
  const unitOf = (code: string) => units[`${mKey}:${code}`];
  const citizenId = await insertOne(m, `INSERT INTO citizen (municipality_id, name, birth_date, phone, address) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [municipalityId, c.name, c.birthDate, c.phone, c.address]);
  const programmeId = await insertOne(m, `INSERT INTO programme (municipality_id, citizen_id, type, start_date, end_date) VALUES ($1, $2, 'RESSOURCEFORLOEB', $3, $4) RETURNING id`,
    [municipalityId, citizenId, start, addMonths(start, c.years * 12)]);
  const planId = await insertOne(m,
    `INSERT INTO plan (municipality_id, programme_id, citizen_id, employment_goal, goal_kind, period_start, period_end, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [municipalityId, programmeId, citizenId, c.goal, c.goalKind, start, addMonths(today, 7), users[coordinator]]);
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
    [municipalityId, programmeId, from, c.formerCoordinators ? 'Fokus flyttet til beskæftigelse; borgeren er hørt' : 'Bevilget ressourceforløb', users[coordinator]]);
  const goalIds: string[] = [];
  for (const g of c.subGoals) {
    const id = await insertOne(m, `INSERT INTO sub_goal (municipality_id, plan_id, area, text, reason, updated_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [municipalityId, planId, g.area, g.text, g.reason, users[coordinator]]);
    goalIds.push(id);
    for (const [i, value] of g.progress.entries()) {
      await m.query(`INSERT INTO sub_goal_progress (municipality_id, sub_goal_id, measured_on, scale, value, comment, recorded_by) VALUES ($1, $2, $3, 'ONE_TO_FIVE', $4, $5, $6)`,
        [municipalityId, id, addDays(start, 14 + i * 28), value, i === 0 ? 'Udgangspunkt' : null, users[coordinator]]);
    }
  }
  const staffOf: Record<string, string> = { JOBCENTER: mKey === 'fmk' ? 'dorte' : 'otto', SOCIAL: 'bent', HEALTH: 'carla' };
  for (const iv of c.interventions) {
    const author = users[staffOf[iv.unit]];
    const ivStart = iv.startMonthsIn !== undefined ? addMonths(start, iv.startMonthsIn) : null;
    const id = await insertOne(m,
      `INSERT INTO intervention (municipality_id, plan_id, unit_id, unit_code, kind, title, short_term_goal, status, start_date, end_date, details, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
      [municipalityId, planId, unitOf(iv.unit), iv.unit, iv.kind, iv.title, iv.goal, iv.status, ivStart, ivStart ? addMonths(ivStart, 6) : null, JSON.stringify(iv.details), author]);
    for (const g of iv.subGoals) {
      await m.query(`INSERT INTO intervention_sub_goal (intervention_id, sub_goal_id, municipality_id) VALUES ($1, $2, $3)`, [id, goalIds[g], municipalityId]);
    }
    for (const a of iv.activities ?? []) {
      await m.query(
        `INSERT INTO activity (municipality_id, plan_id, intervention_id, title, due_at, status, assignee, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [municipalityId, planId, id, a.title, at(addDays(start, a.inDays)), a.status ?? 'PLANNED', a.assignee ?? '', author]);
    }
  }
  const participants = ['Borgeren', 'Koordinerende sagsbehandler'];
  for (const [i, day] of c.followUpDays.entries()) {
    const next = c.followUpDays[i + 1] ?? Math.max(day + 30, c.monthsIn * 30 + 14);
    await m.query(
      `INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, participants, summary, next_meeting_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [municipalityId, planId, at(addDays(start, day)), i % 3 === 2 ? 'PHONE' : 'IN_PERSON', participants,
        i === 0 ? 'Første opfølgning efter mødet i rehabiliteringsteamet. Planen er gennemgået med borgeren.' : 'Opfølgning på delmål og indsatser. Borgeren oplever fremskridt.',
        at(addDays(start, next)), users[coordinator]]);
  }
  return { planId, programmeId, goalIds };
}

/** Eva already has a mentor (STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks): mikkel, with prioritised goals, shared items and a log entry. */
async function seedMentorGrant(ctx: SeedContext, municipalityId: string, eva: { planId: string; programmeId: string; goalIds: string[] }): Promise<void> {
  const { m, today, users } = ctx;
  // Near the end of its six months, so the coordinator's caseload shows the rule 6 warning
  // (a new period must be considered, STAR’s vejledning om ressourceforløb 2020, afsnit 7) and "Bevil ny periode" has a purpose.
  const start = addDays(addMonths(today, -6), 12);
  const grantId = await insertOne(m,
    `INSERT INTO mentor_grant (municipality_id, programme_id, plan_id, mentor_id, purpose, goals, focus_areas, sub_goal_ids, start_date, end_date, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [municipalityId, eva.programmeId, eva.planId, users.mikkel, 'Støtte til at strukturere hverdagen, så Eva kan møde stabilt i praktikken',
      ['Komme op om morgenen og møde i praktikken', 'Overblik over regninger'], ['Morgenrutiner', 'Økonomi'], [eva.goalIds[0]],
      start, addDays(addMonths(start, 6), -1), users.anna]);
  await m.query(`UPDATE activity SET shared_with_mentor = true WHERE plan_id = $1 AND title LIKE 'Øg til 2 dage%' OR (plan_id = $1 AND title LIKE 'Samtale med arbejdsgiver%')`, [eva.planId]);
  await m.query(`UPDATE follow_up_meeting SET shared_with_mentor = true WHERE id = (SELECT id FROM follow_up_meeting WHERE plan_id = $1 ORDER BY held_at DESC LIMIT 1)`, [eva.planId]);
  await m.query(
    `INSERT INTO mentor_task (municipality_id, grant_id, plan_id, mentor_id, done_on, minutes, title, note, outcome, next_step)
     VALUES ($1, $2, $3, $4, $5, 45, 'Morgenbesøg før praktikken', 'Vi gennemgik ugeplanen.', 'Eva mødte til tiden', 'Følg med til kantinen tirsdag')`,
    [municipalityId, grantId, eva.planId, users.mikkel, addDays(today, -3)]);
}
