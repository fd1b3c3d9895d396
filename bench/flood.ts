import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppDataSource } from '../server/src/app-modules';
import { systemClock } from '../server/src/core/clock';
import { migrateUnderLock } from '../server/src/core/db/migrate';
import { seedDemoIfEmpty } from '../server/src/seed/demo-seed';
import { scratchDatabase } from './bench-db';
import { ask, now, percentiles, round, sleep, type FromInstance, type Percentiles } from './bench-kit';
import type { FromFlooder, ToFlooder } from './flood-client';

/**
 * `npm run bench:flood`: can one user slow everyone with subscriptions? One server
 * instance (its own process, pool of DB_POOL_SIZE=10) over a history of BENCH_EVENTS
 * events. Another user (bent) asks for `myCaseload` one request after another; we measure
 * its latency for BENCH_SECONDS at baseline, then for BENCH_SECONDS while one user (anna,
 * in a process of her own) floods one socket with `caseloadEvents(afterSeq: "0")`
 * subscriptions: BENCH_FLOOD at once, then BENCH_FLOOD_EVERY more each second. Each one
 * accepted replays the whole history. The goal: p99 during the flood at most 2x baseline.
 *
 * Settings (environment): BENCH_EVENTS (20000), BENCH_SECONDS (10), BENCH_FLOOD (1500),
 * BENCH_FLOOD_EVERY (100), DATABASE_URL (else an embedded PostgreSQL in the temp folder);
 * the instance reads SUBSCRIPTIONS_PER_SOCKET, SUBSCRIPTIONS_PER_USER, RATE_SUBSCRIBE_* too.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const FLOOD = Number(process.env.BENCH_FLOOD ?? 1500);
const FLOOD_EVERY = Number(process.env.BENCH_FLOOD_EVERY ?? 100);
const POOL = 10;
const VICTIM_QUERY = `query Caseload { myCaseload { id myStanding updatedAt nextFollowUpAt citizen { id name } programme { id type daysLeft endDate warningLevel } team { id kind name } coordinator { id user { id name } } } }`;
const FLOOD_QUERY = `subscription { caseloadEvents(afterSeq: "0") { ... on PlanEvent { seq kind planId entityId at summary actor { name } unit { kind name } } } }`;
const log = (m: string) => process.stdout.write(`${m}\n`);

function spawn(file: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return fork(path.join(__dirname, file), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation($u: String!) { devLogin(username: $u) { token } }`, variables: { u: username } }),
  });
  return ((await res.json()) as { data: { devLogin: { token: string } } }).data.devLogin.token;
}

/** The other user's requests, one after another, for `seconds`: their latencies in ms. */
async function measure(url: string, token: string, seconds: number, during?: () => void): Promise<{ latency: Percentiles; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  const end = now() + seconds * 1000;
  let tick = now();
  while (now() < end) {
    if (during && now() - tick >= 1000) {
      tick = now();
      during();
    }
    const t = now();
    const res = await fetch(`${url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: VICTIM_QUERY }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    samples.push(now() - t);
    if (body.errors?.length) errors++;
  }
  return { latency: percentiles(samples), errors };
}

const ms = (p: Percentiles) => ({ n: p.n, p50: round(p.p50), p95: round(p.p95), p99: round(p.p99), max: round(p.max) });

async function main(): Promise<void> {
  const started = Date.now();
  // Other work on a shared machine shows in both phases: keep the load next to the figures.
  const loadBefore = round(os.loadavg()[0], 2);
  const db = await scratchDatabase(log);
  const setup = createAppDataSource(db.url, { poolSize: 2 });
  await setup.initialize();
  await migrateUnderLock(setup, (d) => seedDemoIfEmpty(d, systemClock).then(() => undefined));
  const [anna] = await setup.query(`SELECT id, municipality_id, unit_id FROM app_user WHERE username = 'anna'`);
  // A history to replay: events on every plan of anna's municipality, in one statement.
  await setup.query(
    `INSERT INTO plan_event (plan_id, municipality_id, kind, entity_type, entity_id, actor_id, unit_id, summary, payload)
     SELECT p.id, p.municipality_id, 'ACTIVITY_UPDATED', 'ACTIVITY', p.id, $2, $3, 'Jobcenter ændrede aktiviteten Flood ' || g,
            jsonb_build_object('entity', jsonb_build_object('__typename', 'Activity', 'id', p.id, 'title', 'Flood ' || g))
       FROM generate_series(1, $1::int) g
       JOIN LATERAL (SELECT id, municipality_id FROM plan WHERE municipality_id = $4 ORDER BY id OFFSET (g % 5) LIMIT 1) p ON true`,
    [EVENTS, anna.id, anna.unit_id, anna.municipality_id],
  );
  const [{ n: events }] = await setup.query(`SELECT count(*)::int AS n FROM plan_event`);
  const [{ server_version: version }] = await setup.query('SHOW server_version');
  log(`history: ${events} events`);

  const instance = spawn('instance.js', { DATABASE_URL: db.url, AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0000', DEMO: '1', DB_POOL_SIZE: String(POOL) });
  const url = await new Promise<string>((resolve) => instance.once('message', (m: FromInstance) => m.type === 'ready' && resolve(m.url)));
  const [victim, flooderToken] = [await login(url, 'bent'), await login(url, 'anna')];

  // Warm-up (plan caches, JIT), not counted.
  await measure(url, victim, 2);
  const baseline = await measure(url, victim, SECONDS);
  log(`baseline      myCaseload (bent): p50 ${round(baseline.latency.p50)} ms, p99 ${round(baseline.latency.p99)} ms (${baseline.latency.n} requests)`);

  const flooder = spawn('flood-client.js');
  await ask<FromFlooder>(flooder, { type: 'connect', url, token: flooderToken } satisfies ToFlooder, 'connected');
  await ask<FromFlooder>(flooder, { type: 'flood', n: FLOOD, query: FLOOD_QUERY } satisfies ToFlooder, 'flooding');
  const during = await measure(url, victim, SECONDS, () => flooder.send({ type: 'flood', n: FLOOD_EVERY, query: FLOOD_QUERY } satisfies ToFlooder));
  const flood = await ask<Extract<FromFlooder, { type: 'stats' }>>(flooder, { type: 'stats' } satisfies ToFlooder, 'stats');
  log(`during flood  myCaseload (bent): p50 ${round(during.latency.p50)} ms, p99 ${round(during.latency.p99)} ms (${during.latency.n} requests)`);
  const ratio = { p50: round(during.latency.p50 / baseline.latency.p50), p99: round(during.latency.p99 / baseline.latency.p99) };
  log(`ratio during/baseline: p50 ${ratio.p50}x, p99 ${ratio.p99}x (goal p99 <= 2x: ${ratio.p99 <= 2 ? 'met' : 'NOT met'}) | load average (1 min) ${loadBefore} before, ${round(os.loadavg()[0], 2)} after`);
  log(`flood: ${flood.sent} subscription attempts, ${flood.accepted} accepted and replaying, ${flood.events} events received, refused ${JSON.stringify(flood.refused)}, socket ${flood.closeCode === null ? 'open' : `closed ${flood.closeCode}`}`);

  const out = {
    benchmark: 'flood',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version, postgres: version, loadAverage1m: { before: loadBefore, after: round(os.loadavg()[0], 2) } },
    settings: {
      historyEvents: events, secondsPerPhase: SECONDS, floodAtOnce: FLOOD, floodPerSecond: FLOOD_EVERY, instancePoolSize: POOL,
      victimQuery: VICTIM_QUERY, floodQuery: FLOOD_QUERY,
      limits: { SUBSCRIPTIONS_PER_SOCKET: process.env.SUBSCRIPTIONS_PER_SOCKET ?? 'default', SUBSCRIPTIONS_PER_USER: process.env.SUBSCRIPTIONS_PER_USER ?? 'default' },
    },
    definitions: {
      latency: 'round trip of one myCaseload request by another user (bent), sent one after another over HTTP',
      ratio: 'latency percentile during the flood divided by the same percentile at baseline; goal p99 <= 2',
    },
    baselineMs: ms(baseline.latency),
    duringFloodMs: ms(during.latency),
    ratio,
    goalMet: ratio.p99 <= 2,
    victimErrors: { baseline: baseline.errors, during: during.errors },
    flood,
    totalSeconds: round((Date.now() - started) / 1000, 1),
  };
  const file = path.join(__dirname, '..', '..', 'results', 'flood.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`\nwritten ${path.relative(process.cwd(), file)} in ${out.totalSeconds} s`);

  await ask(flooder, { type: 'close' } satisfies ToFlooder, 'closed');
  flooder.kill();
  await sleep(100);
  await new Promise((r) => {
    instance.once('exit', r);
    instance.send({ type: 'stop' });
  });
  await setup.destroy();
  await db.stop();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
