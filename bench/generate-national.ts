import 'reflect-metadata';
import { localDate } from '@samplan/schema';
import type { QueryRunner } from 'typeorm';
import { log, openBenchDatabase } from './bench-db';

/**
 * A national-scale data set: 20,000 programmes (BENCH_PROGRAMMES) spread over Denmark's 98
 * municipalities by population, with plans, teams, coordinator history, sub-goals,
 * interventions of all three units, activities, follow-up meetings, mentor grants and
 * next-step decisions — dated relative to today, so key figures and warnings look live.
 *
 * Everything is set-based SQL (generate_series, INSERT … SELECT) in one session, and
 * reproducible for a given day: every random draw is a hash of the row's id and a tag.
 *
 * Usage: npm run bench:generate [-- --force]   (DATABASE_URL, or an embedded PostgreSQL)
 * --force wipes a database that holds anything but an earlier generated data set.
 */

/** Municipality, population in thousands (approximate, 2023). */
const MUNICIPALITIES: Array<[string, number]> = [
  ['København', 660], ['Aarhus', 365], ['Aalborg', 222], ['Odense', 207], ['Vejle', 121], ['Esbjerg', 116], ['Frederiksberg', 104],
  ['Randers', 99], ['Viborg', 97], ['Silkeborg', 99], ['Kolding', 95], ['Horsens', 97], ['Herning', 90], ['Roskilde', 89], ['Næstved', 84],
  ['Slagelse', 80], ['Gentofte', 75], ['Sønderborg', 74], ['Holbæk', 73], ['Gladsaxe', 70], ['Hjørring', 64], ['Helsingør', 64],
  ['Guldborgsund', 60], ['Frederikshavn', 59], ['Skanderborg', 63], ['Køge', 62], ['Svendborg', 59], ['Holstebro', 59],
  ['Ringkøbing-Skjern', 56], ['Aabenraa', 58], ['Haderslev', 56], ['Lyngby-Taarbæk', 56], ['Hillerød', 52], ['Rudersdal', 57],
  ['Kalundborg', 49], ['Høje-Taastrup', 57], ['Ballerup', 52], ['Hvidovre', 53], ['Greve', 51], ['Favrskov', 49], ['Fredericia', 52],
  ['Vordingborg', 45], ['Egedal', 44], ['Frederikssund', 46], ['Varde', 50], ['Skive', 46], ['Faaborg-Midtfyn', 51], ['Thisted', 43],
  ['Mariagerfjord', 42], ['Syddjurs', 43], ['Furesø', 41], ['Tårnby', 43], ['Ikast-Brande', 41], ['Fredensborg', 41],
  ['Vesthimmerland', 37], ['Assens', 41], ['Middelfart', 39], ['Lolland', 40], ['Norddjurs', 37], ['Gribskov', 41], ['Halsnæs', 31],
  ['Brønderslev', 36], ['Albertslund', 28], ['Jammerbugt', 38], ['Vejen', 43], ['Faxe', 37], ['Tønder', 37], ['Odsherred', 33],
  ['Kerteminde', 24], ['Nyborg', 32], ['Sorø', 30], ['Lejre', 28], ['Glostrup', 23], ['Ringsted', 35], ['Stevns', 23], ['Hedensted', 47],
  ['Odder', 23], ['Struer', 21], ['Billund', 27], ['Herlev', 29], ['Brøndby', 35], ['Rødovre', 41], ['Ishøj', 23], ['Vallensbæk', 17],
  ['Dragør', 14], ['Allerød', 26], ['Hørsholm', 25], ['Solrød', 23], ['Lemvig', 19], ['Morsø', 20], ['Rebild', 31], ['Nordfyns', 30],
  ['Langeland', 12], ['Bornholm', 39], ['Ærø', 6], ['Samsø', 3.7], ['Fanø', 3.5], ['Læsø', 1.8],
];

/** Marks a generated data set (municipality codes), so a rerun may replace it without --force. */
export const BENCH_CODE_PREFIX = 'B';
export const BENCH_COORDINATOR = 'bench-koordinator';
export const CASELOAD_SIZE = 40;

/** A deterministic number in [0, 1) per municipality (the local rate of ressourceforløb varies, Faaborg-Midtfyns borgerpjece om ressourceforløb). */
function hash01(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h / 4294967296;
}

/** Programmes per municipality: by population times a local rate (0.7–1.3), summing exactly to the total. */
export function allocate(total: number): number[] {
  const weights = MUNICIPALITIES.map(([name, pop], i) => pop * (i === 0 ? 1 : 0.7 + 0.6 * hash01(name)));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; counts.reduce((a, b) => a + b, 0) < total; k++) counts[order[k % order.length][1]]++;
  return counts.map((n) => Math.max(n, 1));
}

const FIRST = ['Anne', 'Mette', 'Lene', 'Susanne', 'Maria', 'Louise', 'Camilla', 'Sara', 'Fatima', 'Ida', 'Peter', 'Jens', 'Lars', 'Michael', 'Henrik', 'Thomas', 'Søren', 'Ali', 'Mads', 'Jonas'];
const LAST = ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen', 'Yilmaz'];
const sqlArray = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;

/** The generation itself, step by step; `today` anchors every date. */
function steps(today: string): Array<[string, string]> {
  const T = `'${today}'::date`;
  return [
    ['helpers', `
      CREATE OR REPLACE FUNCTION pg_temp.u(t text) RETURNS float8 LANGUAGE sql IMMUTABLE AS
        $$ SELECT ('x' || substr(md5(t), 1, 8))::bit(32)::bigint / 4294967296.0 $$;
      CREATE OR REPLACE FUNCTION pg_temp.uid(t text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT md5(t)::uuid $$;`],
    ['units', `
      INSERT INTO unit (id, municipality_id, kind, name)
      SELECT pg_temp.uid(m.code || c.code), m.id, c.code, c.name FROM municipality m
       CROSS JOIN (VALUES ('EMPLOYMENT', 'Jobcenter'), ('SOCIAL', 'Socialforvaltningen'), ('HEALTH', 'Sundhedsforvaltningen')) c(code, name)
       WHERE m.code LIKE '${BENCH_CODE_PREFIX}%'`],
    ['users', `
      INSERT INTO app_user (id, municipality_id, username, subject, name, role, unit_id, activated_at)
      SELECT pg_temp.uid(x.username), x.municipality_id, x.username, x.username, x.name, x.role, x.unit_id, now() FROM (
        SELECT gm.municipality_id, 'leder-' || gm.code AS username, 'Leder ' || gm.name AS name, 'LEADER' AS role, NULL::uuid AS unit_id FROM gm
        UNION ALL
        SELECT gm.municipality_id, 'koord-' || gm.code || '-' || k, 'Koordinator ' || k || ' ' || gm.name, 'CASEWORKER', pg_temp.uid(gm.code || 'EMPLOYMENT')
          FROM gm CROSS JOIN LATERAL generate_series(0, gm.n_coord - 1) k
        UNION ALL
        SELECT gm.municipality_id, 'soc-' || gm.code || '-' || k, 'Socialrådgiver ' || k || ' ' || gm.name, 'CASEWORKER', pg_temp.uid(gm.code || 'SOCIAL')
          FROM gm CROSS JOIN LATERAL generate_series(0, gm.n_soc - 1) k
        UNION ALL
        SELECT gm.municipality_id, 'sund-' || gm.code, 'Sundhed ' || gm.name, 'CASEWORKER', pg_temp.uid(gm.code || 'HEALTH') FROM gm
        UNION ALL
        SELECT gm.municipality_id, 'mentor-' || gm.code, 'Mentor ' || gm.name, 'MENTOR', NULL FROM gm
        UNION ALL
        -- The benchmark's coordinator has no unit: myCaseload today also lists every plan the
        -- caller's unit is on the team of (the whole municipality, for a jobcenter coordinator),
        -- so only a unit-less coordinator's caseload is exactly the 40 citizens they coordinate.
        SELECT gm.municipality_id, '${BENCH_COORDINATOR}', 'Bench Koordinator', 'CASEWORKER', NULL FROM gm WHERE gm.largest
      ) x`],
    // One row per programme with every draw it needs; the tables below are filled from it.
    ['draws', `
      CREATE TEMP TABLE g0 AS
      SELECT gm.municipality_id, gm.code, gm.largest, gm.n_coord, gm.n_soc, k,
             pg_temp.uid('p' || gm.code || k) AS programme_id, pg_temp.uid('pl' || gm.code || k) AS plan_id, pg_temp.uid('c' || gm.code || k) AS citizen_id,
             (gm.largest AND k < ${CASELOAD_SIZE}) AS bench
        FROM gm CROSS JOIN LATERAL generate_series(0, gm.n - 1) k;
      CREATE TEMP TABLE g1 AS
      SELECT g0.*,
             CASE WHEN bench OR pg_temp.u(programme_id || 'type') < 0.9 THEN 'RESSOURCEFORLOEB' ELSE 'JOBAFKLARINGSFORLOEB' END AS type,
             CASE WHEN bench THEN ${T} - floor(pg_temp.u(programme_id || 'start') * 700)::int
                  ELSE ${T} - floor(power(pg_temp.u(programme_id || 'start'), 1.15) * 1800)::int END AS start_date,
             pg_temp.u(programme_id || 'len') AS r_len, pg_temp.u(programme_id || 'end') AS r_end, pg_temp.u(programme_id || 'why') AS r_why
        FROM g0;
      CREATE TEMP TABLE g2 AS
      SELECT g1.*,
             CASE WHEN type = 'RESSOURCEFORLOEB'
                  THEN (start_date + make_interval(years => CASE WHEN bench THEN 3 WHEN r_len < .10 THEN 1 WHEN r_len < .45 THEN 2 WHEN r_len < .80 THEN 3 WHEN r_len < .90 THEN 4 ELSE 5 END))::date
                  ELSE (start_date + make_interval(months => 6 + floor(r_len * 18)::int))::date END AS planned_end
        FROM g1;
      CREATE TEMP TABLE g AS
      SELECT g2.*,
             CASE WHEN bench THEN 'ACTIVE'
                  WHEN planned_end < ${T} - 45 THEN 'ENDED'
                  WHEN planned_end < ${T} AND r_end < 0.5 THEN 'ENDED'
                  WHEN r_end < 0.12 AND start_date < ${T} - 240 THEN 'EARLY'
                  ELSE 'ACTIVE' END AS fate
        FROM g2;
      ALTER TABLE g ADD COLUMN status text, ADD COLUMN end_date date, ADD COLUMN end_reason text, ADD COLUMN period_end date,
                    ADD COLUMN coordinator text, ADD COLUMN former text, ADD COLUMN switched_at date;
      UPDATE g SET
        status = CASE WHEN fate = 'ACTIVE' THEN 'ACTIVE' ELSE 'ENDED' END,
        end_date = CASE WHEN fate = 'EARLY' THEN least(planned_end, ${T} - 1, start_date + 180 + floor(r_end * 8 * (planned_end - start_date - 180))::int) ELSE planned_end END,
        -- Faaborg-Midtfyns borgerpjece om ressourceforløb: 40 % flexjob, 28 % førtidspension, 20 % moved, 6 % work/education, 6 % other; early exits are mostly work or moving.
        end_reason = CASE WHEN fate = 'ACTIVE' THEN NULL
                          WHEN fate = 'EARLY' THEN CASE WHEN r_why < .30 THEN 'EMPLOYMENT' WHEN r_why < .40 THEN 'EDUCATION' WHEN r_why < .85 THEN 'MOVED' ELSE 'OTHER' END
                          ELSE CASE WHEN r_why < .45 THEN 'FLEXJOB' WHEN r_why < .77 THEN 'FOERTIDSPENSION' WHEN r_why < .90 THEN 'MOVED' WHEN r_why < .95 THEN 'EMPLOYMENT' ELSE 'OTHER' END END,
        coordinator = CASE WHEN bench THEN '${BENCH_COORDINATOR}'
                           WHEN pg_temp.u(programme_id || 'coord') < 0.15 THEN 'soc-' || code || '-' || (k % n_soc)
                           ELSE 'koord-' || code || '-' || (k % n_coord) END,
        former = CASE WHEN NOT bench AND pg_temp.u(programme_id || 'former') < 0.10 THEN 'soc-' || code || '-' || ((k + 1) % n_soc) END;
      UPDATE g SET
        period_end = CASE WHEN status = 'ENDED' THEN end_date
                          WHEN pg_temp.u(programme_id || 'plan') < 0.10 THEN ${T} + 30 + floor(pg_temp.u(programme_id || 'plan2') * 140)::int
                          ELSE ${T} + 183 + floor(pg_temp.u(programme_id || 'plan2') * 100)::int END,
        switched_at = CASE WHEN former IS NOT NULL THEN least(start_date + 60 + floor(pg_temp.u(programme_id || 'sw') * 240)::int, ${T} - 1) END;
      UPDATE g SET switched_at = NULL, former = NULL WHERE switched_at <= start_date;
      CREATE INDEX ON g (programme_id);
      ANALYZE g;`],
    ['citizens', `
      INSERT INTO citizen (id, municipality_id, name, birth_date)
      SELECT citizen_id, municipality_id,
             (${sqlArray(FIRST)})[1 + floor(pg_temp.u(citizen_id || 'f') * ${FIRST.length})::int] || ' ' ||
             (${sqlArray(LAST)})[1 + floor(pg_temp.u(citizen_id || 'l') * ${LAST.length})::int],
             date '1962-01-01' + floor(pg_temp.u(citizen_id || 'b') * 15000)::int
        FROM g`],
    ['programmes', `
      INSERT INTO programme (id, municipality_id, citizen_id, type, decision_date, law_version, start_date, end_date, status, end_reason, created_at)
      SELECT programme_id, municipality_id, citizen_id, type, start_date,
             CASE WHEN start_date < '2022-01-01' THEN 'RULES_2013' WHEN start_date < '2026-02-01' THEN 'RULES_2022' ELSE 'REFORM_2026' END,
             start_date, end_date, status, end_reason, start_date::timestamptz FROM g`],
    ['plans', `
      INSERT INTO plan (id, municipality_id, programme_id, citizen_id, employment_goal, goal_kind, period_start, period_end, updated_at)
      SELECT plan_id, municipality_id, programme_id, citizen_id,
             (ARRAY['Lønnede timer på et lager', 'Fleksjob i detailhandlen', 'Job i et køkken eller en kantine', 'Uddannelse som SOSU-hjælper', 'Lønnede timer med håndværksopgaver'])[1 + floor(pg_temp.u(plan_id || 'goal') * 5)::int],
             (ARRAY['SECTOR', 'JOB', 'EDUCATION'])[1 + floor(pg_temp.u(plan_id || 'kind') * 3)::int],
             start_date, period_end, start_date::timestamptz
        FROM g`],
    ['coordinators', `
      INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, to_at, reason, citizen_consulted)
      SELECT g.municipality_id, g.programme_id, u.id, u.unit_id, (g.start_date + time '09:00') AT TIME ZONE 'Europe/Copenhagen',
             (g.switched_at + time '09:00') AT TIME ZONE 'Europe/Copenhagen', 'Bevilget forløb', true
        FROM g JOIN app_user u ON u.username = g.former
      UNION ALL
      SELECT g.municipality_id, g.programme_id, u.id, u.unit_id, (coalesce(g.switched_at, g.start_date) + time '09:00') AT TIME ZONE 'Europe/Copenhagen',
             NULL, CASE WHEN g.former IS NULL THEN 'Bevilget forløb' ELSE 'Fokus flyttet til beskæftigelse' END, true
        FROM g JOIN app_user u ON u.username = g.coordinator`],
    ['teams', `
      INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id, added_at)
      SELECT g.plan_id, pg_temp.uid(g.code || c.code), g.municipality_id, g.start_date::timestamptz
        FROM g CROSS JOIN (VALUES ('EMPLOYMENT', 1.0), ('SOCIAL', 0.55), ('HEALTH', 0.6)) c(code, p)
       WHERE pg_temp.u(g.plan_id || c.code) < c.p OR (c.code = 'SOCIAL' AND (g.coordinator LIKE 'soc-%' OR g.former IS NOT NULL))`],
    ['sub-goals', `
      INSERT INTO sub_goal (municipality_id, plan_id, area, text, reason, status, created_at, updated_at)
      SELECT g.municipality_id, g.plan_id, a.area, a.text, a.reason, 'ACTIVE', g.start_date::timestamptz, g.start_date::timestamptz
        FROM g CROSS JOIN (VALUES
          ('EMPLOYMENT', 'Lønnede timer, start med få timer om ugen', 'Borgeren ønsker at prøve sig selv af på en arbejdsplads.', 1.0),
          ('HEALTH', 'Mere energi og færre smerter i hverdagen', 'Helbredet begrænser i dag arbejdsevnen.', 0.7),
          ('SOCIAL', 'Styr på økonomi og bolig', 'Gæld og boligforhold fylder og står i vejen for indsatsen.', 0.5)) a(area, text, reason, p)
       WHERE pg_temp.u(g.plan_id || a.area) < a.p`],
    // Kinds and how often a programme gets one; starts mostly within the first months (indsatsgaranti, STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8).
    ['interventions', `
      CREATE TEMP TABLE kinds (unit text, kind text, title text, p float8, delay int, spread int, details jsonb);
      INSERT INTO kinds VALUES
        ('EMPLOYMENT', 'INTERNSHIP', 'Virksomhedspraktik', 0.55, 30, 400, '{}'),
        ('EMPLOYMENT', 'WAGE_SUBSIDY', 'Løntilskudsjob', 0.05, 180, 500, '{}'),
        ('EMPLOYMENT', 'ORDINARY_HOURS', 'Ordinære løntimer', 0.15, 240, 500, '{}'),
        ('EMPLOYMENT', 'MENTOR_SUPPORT', 'Mentorstøtte', 0.50, 0, 120, '{}'),
        ('EMPLOYMENT', 'COURSE', 'Kursus (fx truckcertifikat)', 0.18, 60, 400, '{"courseName": "Truckcertifikat"}'),
        ('EMPLOYMENT', 'EDUCATION_GUIDANCE', 'Uddannelsesvejledning', 0.10, 30, 300, '{}'),
        ('SOCIAL', 'HOUSING_SUPPORT', 'Bostøtte', 0.30, 0, 150, '{"legalBasis": "SEL §85", "provider": "Bostøtteteamet", "hoursPerWeek": 3}'),
        ('SOCIAL', 'SOCIAL_MENTOR', 'Social mentor', 0.12, 0, 150, '{"legalBasis": "SEL §85", "provider": "Socialpsykiatrien"}'),
        ('SOCIAL', 'ADDICTION_TREATMENT', 'Misbrugsbehandling', 0.10, 0, 120, '{"legalBasis": "SEL §101", "provider": "Rusmiddelcentret"}'),
        ('SOCIAL', 'DEBT_COUNSELLING', 'Gældsrådgivning', 0.10, 0, 200, '{"legalBasis": "SEL §10", "provider": "Gældsrådgivningen"}'),
        ('HEALTH', 'PHYSIOTHERAPY', 'Træning hos fysioterapeut', 0.25, 0, 150, '{"provider": "Fysioterapien", "sessionsPerMonth": 4}'),
        ('HEALTH', 'PSYCHOLOGIST', 'Samtaler hos psykolog', 0.20, 0, 200, '{"provider": "Psykologhuset", "sessionsPerMonth": 2}'),
        ('HEALTH', 'MINDFULNESS', 'Mindfulnessforløb', 0.10, 0, 200, '{"provider": "Sundhedscentret", "sessionsPerMonth": 4, "focus": "Angst"}'),
        ('HEALTH', 'PSYCHIATRIC_TREATMENT', 'Behandling i psykiatrien', 0.08, 0, 200, '{"provider": "Psykiatrien", "sessionsPerMonth": 2}');
      CREATE TEMP TABLE iv AS
      SELECT pg_temp.uid(g.programme_id || k.kind) AS id, g.*, k.unit, k.kind, k.title, k.details AS base_details,
             g.start_date + k.delay + floor(pg_temp.u(g.programme_id || k.kind || 's') * k.spread)::int AS iv_start,
             pg_temp.u(g.programme_id || k.kind || 'x') AS r
        FROM g JOIN kinds k ON pg_temp.u(g.programme_id || k.kind) < k.p;
      DELETE FROM iv WHERE iv_start >= end_date OR iv_start > ${T} + 60;
      -- A paused one keeps the day it was paused (migration 57): its first day here, as its last change was.
      INSERT INTO intervention (id, municipality_id, plan_id, unit_id, unit_kind, kind, title, short_term_goal, status, paused_on, start_date, end_date, details, created_at, updated_at)
      SELECT id, municipality_id, plan_id, pg_temp.uid(code || unit), unit, kind, title, 'Delmål på kort sigt', 
             s.status, CASE WHEN s.status = 'PAUSED' THEN iv_start END,
             iv_start, least(iv_start + CASE WHEN kind IN ('INTERNSHIP', 'WAGE_SUBSIDY', 'ORDINARY_HOURS') THEN 150 + floor(r * 300)::int ELSE 90 + floor(r * 180)::int END, end_date),
             base_details || CASE kind
               WHEN 'INTERNSHIP' THEN jsonb_build_object('companyName', 'Virksomhed ' || (1 + floor(r * 400)::int), 'hoursPerWeek', 2 + floor(r * 14)::int,
                                      'internshipPurpose', CASE WHEN r < 0.06 THEN NULL WHEN r < 0.45 THEN 'ORDINARY_HOURS' WHEN r < 0.75 THEN 'SKILLS' ELSE 'CLARIFY_JOB_GOAL' END)
               WHEN 'ORDINARY_HOURS' THEN jsonb_build_object('companyName', 'Virksomhed ' || (1 + floor(r * 400)::int), 'hoursPerWeek', 2 + floor(r * 11)::int)
               WHEN 'WAGE_SUBSIDY' THEN jsonb_build_object('companyName', 'Virksomhed ' || (1 + floor(r * 400)::int), 'hoursPerWeek', 15 + floor(r * 16)::int)
               ELSE '{}'::jsonb END,
             iv_start::timestamptz, iv_start::timestamptz
        FROM iv CROSS JOIN LATERAL (SELECT
             CASE WHEN r < 0.04 THEN 'CANCELLED'
                  WHEN iv_start > ${T} THEN 'PLANNED'
                  WHEN least(iv_start + CASE WHEN kind IN ('INTERNSHIP', 'WAGE_SUBSIDY', 'ORDINARY_HOURS') THEN 150 + floor(r * 300)::int ELSE 90 + floor(r * 180)::int END, end_date) < ${T} THEN 'COMPLETED'
                  WHEN r > 0.97 THEN 'PAUSED'
                  ELSE 'ACTIVE' END AS status) s;
      -- Its pause as a period of its own, the current one (migration 63).
      INSERT INTO intervention_pause (municipality_id, intervention_id, paused_on)
      SELECT iv.municipality_id, iv.id, iv.iv_start FROM iv JOIN intervention i ON i.id = iv.id WHERE i.status = 'PAUSED'`],
    ['activities', `
      INSERT INTO activity (municipality_id, plan_id, intervention_id, title, due_at, status, assignee)
      SELECT i.municipality_id, i.plan_id, i.id, 'Aktivitet ' || n || ': ' || i.title,
             ((i.start_date + n * 21) + time '10:00') AT TIME ZONE 'Europe/Copenhagen',
             CASE WHEN i.start_date + n * 21 < ${T} THEN 'DONE' ELSE 'PLANNED' END, 'Borgeren'
        FROM intervention i CROSS JOIN LATERAL generate_series(0, 1 + abs(hashtext(i.id::text)) % 2) n
       WHERE i.municipality_id IN (SELECT municipality_id FROM gm)`],
    // STAR’s vejledning om ressourceforløb 2020, afsnit 5.5: most keep a monthly rhythm (4+ meetings in six months); some drift, some forget to book.
    ['follow-ups', `
      CREATE TEMP TABLE fu AS
      SELECT g.municipality_id, g.plan_id, g.start_date + 2 + floor(pg_temp.u(g.plan_id || 'first') * 10)::int AS first_day,
             CASE WHEN pg_temp.u(g.plan_id || 'gap') < 0.75 THEN 25 + floor(pg_temp.u(g.plan_id || 'g2') * 16)::int ELSE 50 + floor(pg_temp.u(g.plan_id || 'g2') * 26)::int END AS gap,
             CASE WHEN g.status = 'ENDED' THEN least(g.end_date, ${T} - 1)
                  WHEN pg_temp.u(g.plan_id || 'miss') < 0.06 THEN ${T} - 45 ELSE ${T} - 1 END AS until
        FROM g;
      INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, participants, summary, next_meeting_at, created_at)
      SELECT fu.municipality_id, fu.plan_id, ((fu.first_day + n * fu.gap) + time '10:00') AT TIME ZONE 'Europe/Copenhagen',
             CASE WHEN n % 3 = 2 THEN 'PHONE' ELSE 'IN_PERSON' END, '{Borgeren,"Koordinerende sagsbehandler"}',
             'Opfølgning på delmål og indsatser.',
             ((fu.first_day + (n + 1) * fu.gap) + time '10:00') AT TIME ZONE 'Europe/Copenhagen',
             (fu.first_day + n * fu.gap)::timestamptz
        FROM fu CROSS JOIN LATERAL generate_series(0, (fu.until - fu.first_day) / fu.gap) n
       WHERE fu.until >= fu.first_day`],
    // Mentor support is granted for at most 6 months at a time (STAR’s vejledning om ressourceforløb 2020, afsnit 7).
    ['mentor grants', `
      INSERT INTO mentor_grant (municipality_id, programme_id, plan_id, mentor_id, purpose, goals, focus_areas, start_date, end_date)
      SELECT g.municipality_id, g.programme_id, g.plan_id, pg_temp.uid('mentor-' || g.code), 'Støtte til at gennemføre planen',
             '{"Komme op om morgenen","Møde i praktikken"}', '{Struktur,Økonomi}', s, (s + interval '6 months' - interval '1 day')::date
        FROM g CROSS JOIN LATERAL (SELECT greatest(g.start_date, ${T} - floor(pg_temp.u(g.plan_id || 'mg') * 170)::int) AS s) x(s)
       WHERE g.status = 'ACTIVE' AND EXISTS (SELECT 1 FROM intervention i WHERE i.plan_id = g.plan_id AND i.kind = 'MENTOR_SUPPORT')
         AND pg_temp.u(g.plan_id || 'mentor') < 0.6`],
    // STAR’s vejledning om ressourceforløb 2020, afsnit 6.5: decided for every ended programme, and for half of those ending within 3 months.
    ['next steps', `
      INSERT INTO programme_next_step (municipality_id, programme_id, step, decided_on)
      SELECT g.municipality_id, g.programme_id,
             CASE WHEN g.status = 'ACTIVE' THEN (ARRAY['FLEXJOB', 'FOERTIDSPENSION', 'NEW_PROGRAMME', 'CASH_BENEFIT'])[1 + floor(pg_temp.u(g.programme_id || 'step') * 4)::int]
                  WHEN g.end_reason IN ('FLEXJOB', 'FOERTIDSPENSION', 'EMPLOYMENT', 'EDUCATION') THEN g.end_reason ELSE 'OTHER' END,
             least(g.end_date, ${T}) - 20
        FROM g
       WHERE g.status = 'ENDED' OR (g.end_date <= ${T} + 92 AND pg_temp.u(g.programme_id || 'decided') < 0.5)`],
    ['analyze', `ANALYZE`],
  ];
}

async function wipeIfAllowed(runner: QueryRunner, force: boolean): Promise<void> {
  const [{ all, bench }] = await runner.query(
    `SELECT count(*)::int AS all, count(*) FILTER (WHERE code LIKE '${BENCH_CODE_PREFIX}%')::int AS bench FROM municipality`,
  );
  if (all > 0 && all !== bench && !force) {
    throw new Error('The database holds data that is not a generated data set. Use an empty database, or pass --force to wipe it.');
  }
  if (all > 0) {
    log('removing the previous data set');
    // TRUNCATE does not fire the append-only row triggers of plan_event and audit_log.
    await runner.query(`TRUNCATE municipality CASCADE`);
  }
}

export async function generateNational(runner: QueryRunner, options: { programmes: number; today: string; force: boolean }): Promise<Record<string, number>> {
  await wipeIfAllowed(runner, options.force);
  const counts = allocate(options.programmes);
  const largest = counts.indexOf(Math.max(...counts));
  const codes = MUNICIPALITIES.map((_, i) => `${BENCH_CODE_PREFIX}${String(i + 1).padStart(3, '0')}`);
  await runner.query(
    `INSERT INTO municipality (id, code, name) SELECT md5(c)::uuid, c, n || ' Kommune' FROM unnest($1::text[], $2::text[]) AS x(c, n)`,
    [codes, MUNICIPALITIES.map(([name]) => name)],
  );
  // A coordinator carries about 40 citizens; some cases are coordinated from social services (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).
  await runner.query(
    `CREATE TEMP TABLE gm AS
     SELECT md5(c)::uuid AS municipality_id, c AS code, n || ' Kommune' AS name, k AS n,
            greatest(1, round(k * 0.55 / 40))::int AS n_coord, greatest(1, round(k * 0.55 * 0.15 / 40))::int AS n_soc, i = $4 AS largest
       FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS x(c, n, k, i)`,
    [codes, MUNICIPALITIES.map(([name]) => name), counts, largest + 1],
  );
  for (const [name, sql] of steps(options.today)) {
    const started = Date.now();
    await runner.query(sql);
    log(`${name.padEnd(16)} ${Date.now() - started} ms`);
  }
  const [sizes] = await runner.query(`SELECT
      (SELECT count(*) FROM municipality)::int AS municipalities, (SELECT count(*) FROM programme)::int AS programmes,
      (SELECT count(*) FROM programme WHERE status = 'ACTIVE')::int AS "activeProgrammes", (SELECT count(*) FROM intervention)::int AS interventions,
      (SELECT count(*) FROM activity)::int AS activities, (SELECT count(*) FROM follow_up_meeting)::int AS "followUpMeetings",
      (SELECT count(*) FROM mentor_grant)::int AS "mentorGrants", (SELECT count(*) FROM app_user)::int AS users`);
  return sizes;
}

async function main(): Promise<void> {
  const programmes = Number(process.env.BENCH_PROGRAMMES ?? 20_000);
  const force = process.argv.includes('--force');
  const db = await openBenchDatabase(2);
  const runner = db.dataSource.createQueryRunner();
  const started = Date.now();
  try {
    await runner.connect();
    await runner.startTransaction();
    const sizes = await generateNational(runner, { programmes, today: localDate(new Date()), force });
    await runner.commitTransaction();
    log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(sizes)}`);
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    await runner.release();
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`generate-national failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
