import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { systemClock } from '../server/src/core/clock';
import { scratchDatabase } from './bench-db';
import { createAppDataSource } from '../server/src/app-modules';
import { migrateUnderLock } from '../server/src/core/db/migrate';
import { EventKind } from '../server/src/core/events/event-kinds';
import { appendEvent } from '../server/src/core/events/event-log';
import { loadActor } from '../server/src/modules/org';
import { seedDemoIfEmpty } from '../server/src/seed/demo-seed';
import { ask, now, percentiles, round, sleep, until, type FromClients, type FromInstance, type Percentiles, type TierResult, type ToClients } from './bench-kit';

/**
 * `npm run bench:fanout`: commit-to-delivery latency of live events through two server
 * instances to 1, 100 and 1,000 WebSocket subscribers, against the floor of a raw
 * PostgreSQL commit of a one-row update measured in the same run.
 *
 * Latency = arrival at the subscriber - the moment the writer sent COMMIT. Each change is
 * one transaction (a one-row update plus its event row, as every service writes them),
 * alternating between two writer pools. Subscribers use caseloadEvents with the fields the
 * client shows; a few warm-up events per tier are not counted.
 *
 * Then one more tier at BENCH_FAST_RATE changes/s to BENCH_FAST_TIER subscribers, and the
 * floor of CPU per delivery: two bare WebSocket servers (floor-instance.ts) writing each event,
 * serialised once, as one frame to each of BENCH_FLOOR_TIER subscribers at BENCH_RATE.
 *
 * Goals (docs/performance.md): server CPU per delivery at 1,000 subscribers <= 15 µs (the tier
 * at BENCH_RATE), and p99 from write to delivery <= 100 ms at 25 changes/s to 1,000
 * subscribers over two instances, with no event lost. The figures are printed next to
 * their goals and written to bench/results/fanout.json, with the machine's load average
 * before and after each tier (other work on a shared machine shows in both).
 *
 * Settings (environment): BENCH_TIERS (1,100,1000), BENCH_RATE (changes/s, 5),
 * BENCH_FAST_TIER (1000, 0 for none), BENCH_FAST_RATE (25), BENCH_SECONDS (per tier, 20),
 * BENCH_INSTANCE_NODE_ARGS (Node flags of the instances), DATABASE_URL (else an embedded
 * PostgreSQL in the temp folder).
 */
const TIERS = (process.env.BENCH_TIERS ?? '1,100,1000').split(',').map(Number);
const RATE = Number(process.env.BENCH_RATE ?? 5);
const FAST_TIER = Number(process.env.BENCH_FAST_TIER ?? 1000);
const FAST_RATE = Number(process.env.BENCH_FAST_RATE ?? 25);
/** Subscribers of the floor tier (floor-instance.ts), at BENCH_RATE; 0 for none. */
const FLOOR_TIER = Number(process.env.BENCH_FLOOR_TIER ?? 1000);
const RUNS: Array<{ n: number; rate: number }> = [...TIERS.map((n) => ({ n, rate: RATE })), ...(FAST_TIER > 0 ? [{ n: FAST_TIER, rate: FAST_RATE }] : [])];
const GOAL_CPU_US = 15;
const GOAL_P99_MS = 100;
/** Started by this run: stopped when it fails too, so that none is left behind. */
const children: ChildProcess[] = [];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/** Node flags for the server instances, e.g. "--max-semi-space-size=64" (less GC per delivery). */
const INSTANCE_NODE_ARGS = (process.env.BENCH_INSTANCE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const FLOOR_SAMPLES = 300;
const QUERY = process.env.BENCH_QUERY ?? `subscription { caseloadEvents { ... on PlanEvent { seq kind planId entityId at summary actor { name } unit { kind name } } } }`;
const log = (m: string) => process.stdout.write(`${m}\n`);

/** Every plan of the demo municipality: all three units on the team, anna coordinating. */
async function prepare(ds: DataSource): Promise<Array<{ id: string; municipalityId: string }>> {
  await migrateUnderLock(ds, (d) => seedDemoIfEmpty(d, systemClock).then(() => undefined));
  const [anna] = await ds.query(`SELECT id, municipality_id FROM app_user WHERE username = 'anna'`);
  const plans: Array<{ id: string; municipality_id: string }> = await ds.query(`SELECT id, municipality_id FROM plan WHERE municipality_id = $1`, [anna.municipality_id]);
  await ds.query(
    `INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id)
     SELECT p.id, u.id, p.municipality_id FROM plan p JOIN unit u ON u.municipality_id = p.municipality_id
      WHERE p.municipality_id = $1 ON CONFLICT DO NOTHING`,
    [anna.municipality_id],
  );
  await ds.query(`CREATE TABLE bench_change (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0)`);
  await ds.query(`INSERT INTO bench_change (id) SELECT generate_series(0, 15)`);
  await ds.query(`CREATE TABLE bench_floor (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0)`);
  await ds.query(`INSERT INTO bench_floor (id) VALUES (1)`);
  return plans.map((p) => ({ id: p.id, municipalityId: p.municipality_id }));
}

/** The floor: an autocommit one-row UPDATE on a connection of its own, round trip. */
async function measureFloor(url: string): Promise<Percentiles> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const samples: number[] = [];
  for (let i = 0; i < FLOOR_SAMPLES; i++) {
    const t = now();
    await c.query('UPDATE bench_floor SET n = n + 1 WHERE id = 1');
    samples.push(now() - t);
  }
  await c.end();
  return percentiles(samples.slice(20)); // the first few warm the connection's plan cache
}

function spawn(file: string, env: NodeJS.ProcessEnv, execArgv: string[] = []): ChildProcess {
  const child = fork(path.join(__dirname, file), [], { env: { ...process.env, ...env }, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return child;
}

async function main(): Promise<void> {
  const started = Date.now();
  const db = await scratchDatabase(log);
  const setup = createAppDataSource(db.url, { poolSize: 2 });
  await setup.initialize();
  const plans = await prepare(setup);
  const actors = await Promise.all(['anna', 'bent', 'carla', 'dorte'].map((u) => loadActor(setup, { subject: u })));
  const [{ server_version: version }] = await setup.query('SHOW server_version');

  // Four demo users hold a thousand subscriptions between them: the per-user limit and the
  // subscribe budget (which guard against one user flooding, bench:flood) are opened up here.
  const instanceEnv = {
    DATABASE_URL: db.url, AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0000', DEMO: '1',
    SUBSCRIPTIONS_PER_USER: '100000', RATE_SUBSCRIBES_PER_MINUTE: '1000000', RATE_SUBSCRIBE_BURST: '100000',
  };
  const instances = [spawn('instance.js', instanceEnv, INSTANCE_NODE_ARGS), spawn('instance.js', instanceEnv, INSTANCE_NODE_ARGS)];
  const urls = await Promise.all(instances.map((c) => new Promise<string>((resolve) => c.once('message', (m: FromInstance) => m.type === 'ready' && resolve(m.url)))));
  const tokens: string[] = [];
  for (const u of ['anna', 'bent', 'carla', 'dorte']) {
    const res = await fetch(`${urls[0]}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation($u: String!) { devLogin(username: $u) { token } }`, variables: { u } }),
    });
    tokens.push(((await res.json()) as { data: { devLogin: { token: string } } }).data.devLogin.token);
  }
  const clients = spawn('clients.js', {});
  const writers = [createAppDataSource(db.url, { poolSize: 6 }), createAppDataSource(db.url, { poolSize: 6 })];
  await Promise.all(writers.map((w) => w.initialize()));
  const instanceStats = () => Promise.all(instances.map((c) => ask<Extract<FromInstance, { type: 'stats' }>>(c, { type: 'stats' }, 'stats')));
  const listeners = async () => (await instanceStats()).reduce((s, x) => s + x.listeners, 0);
  const cpu = async () => ({
    instances: (await instanceStats()).reduce((s, x) => s + x.cpuMs, 0),
    // In the kernel: mostly sending frames (on loopback, the receiving side's TCP work as well).
    instancesSystem: (await instanceStats()).reduce((s, x) => s + x.systemMs, 0),
    clients: (await ask<Extract<FromClients, { type: 'cpu' }>>(clients, { type: 'cpu' } satisfies ToClients, 'cpu')).cpuMs,
    writer: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
  });

  let counter = 0;
  /** One change: a one-row update and its event, one transaction; t0 = when COMMIT is sent. */
  async function change(): Promise<{ seq: number; t0: number; commitMs: number }> {
    const i = counter++;
    const plan = plans[i % plans.length];
    const qr = writers[i % 2].createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await qr.query('UPDATE bench_change SET n = n + 1 WHERE id = $1', [i % 16]);
      const seq = await appendEvent(qr.manager, {
        planId: plan.id, municipalityId: plan.municipalityId, kind: EventKind.ACTIVITY_UPDATED, entityType: 'ACTIVITY', entityId: plan.id,
        actor: actors[i % actors.length]!, summary: `Jobcenter ændrede aktiviteten Bench ${i}`,
        payload: { entity: { __typename: 'Activity', id: plan.id, title: `Bench ${i}` } },
      });
      const t0 = now();
      await qr.commitTransaction();
      return { seq: Number(seq), t0, commitMs: now() - t0 };
    } finally {
      await qr.release();
    }
  }
  const progress = () => ask<Extract<FromClients, { type: 'progress' }>>(clients, { type: 'progress' } satisfies ToClients, 'progress');

  const tiers = [];
  for (const { n, rate } of RUNS) {
    const loadBefore = round(os.loadavg()[0], 2);
    const floor = await measureFloor(db.url);
    const opened = await ask<Extract<FromClients, { type: 'opened' }>>(clients, { type: 'open', n, urls, tokens, query: QUERY } satisfies ToClients, 'opened');
    if (opened.failed) throw new Error(`${opened.failed} subscribers could not connect`);
    await until('subscribers attached', async () => (await listeners()) >= n);
    // Warm-up: each subscription loads its actor and unit once; not counted.
    let warm = 0;
    for (let i = 0; i < 3; i++) warm = (await change()).seq;
    await until('warm-up delivered', async () => (await progress()).minSeq >= warm);

    const cpuBefore = await cpu();
    const total = Math.round(rate * SECONDS);
    const t0 = new Map<number, number>();
    const commits: number[] = [];
    const begin = now();
    const pending: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      await sleep(begin + (i * 1000) / rate - now());
      pending.push(change().then((r) => {
        t0.set(r.seq, r.t0);
        commits.push(r.commitMs);
      }));
    }
    await Promise.all(pending);
    const last = Math.max(...t0.keys());
    await until('every subscriber to get the last change', async () => (await progress()).minSeq >= last).catch((e) => log(String(e)));
    const cpuAfter = await cpu();
    const { result } = await ask<Extract<FromClients, { type: 'finished' }>>(clients, { type: 'finish', from: warm, t0: [...t0] } satisfies ToClients, 'finished');
    await ask(clients, { type: 'close' } satisfies ToClients, 'closed');
    await until('subscribers detached', async () => (await listeners()) === 0);
    const perDelivery = (k: 'instances' | 'instancesSystem' | 'clients') => round(((cpuAfter[k] - cpuBefore[k]) * 1000) / Math.max(1, result.deliveries), 1);
    tiers.push({
      ...summarize(n, result, floor, percentiles(commits), total, (Math.max(...t0.values()) - Math.min(...t0.values())) / 1000),
      cpuMicrosecondsPerDelivery: { serverInstances: perDelivery('instances'), serverInstancesInKernel: perDelivery('instancesSystem'), subscriberProcess: perDelivery('clients') },
      targetRatePerSecond: rate,
      // Other work on the machine skews latency and CPU: keep the load next to the figures.
      loadAverage1m: { before: loadBefore, after: round(os.loadavg()[0], 2) },
    });
    print(tiers[tiers.length - 1]);
  }

  // The floor of CPU per delivery, on this machine now: two bare WebSocket servers
  // (floor-instance.ts) writing each event, serialised once, to the same 1,000 subscribers.
  let floorTier: { subscribers: number; events: number; deliveries: number; lost: number; cpuMicrosecondsPerDelivery: { floorInstances: number; floorInstancesInKernel: number }; loadAverage1m: { before: number; after: number } } | undefined;
  if (FLOOR_TIER > 0) {
    const loadBefore = round(os.loadavg()[0], 2);
    const floors = [spawn('floor-instance.js', {}), spawn('floor-instance.js', {})];
    const floorUrls = await Promise.all(floors.map((c) => new Promise<string>((resolve) => c.once('message', (m: FromInstance) => m.type === 'ready' && resolve(m.url)))));
    const floorStats = () => Promise.all(floors.map((c) => ask<Extract<FromInstance, { type: 'stats' }>>(c, { type: 'stats' }, 'stats')));
    const opened = await ask<Extract<FromClients, { type: 'opened' }>>(clients, { type: 'open', n: FLOOR_TIER, urls: floorUrls, tokens, query: QUERY } satisfies ToClients, 'opened');
    if (opened.failed) throw new Error(`${opened.failed} subscribers could not connect to the floor`);
    await until('floor subscribers attached', async () => (await floorStats()).reduce((s, x) => s + x.listeners, 0) >= FLOOR_TIER);
    let seq = 1_000_000_000;
    const event = () => {
      seq++;
      for (const c of floors) c.send({ type: 'event', seq });
      return seq;
    };
    const warm = event();
    await until('floor warm-up delivered', async () => (await progress()).minSeq >= warm);
    const before = await floorStats();
    const total = Math.round(RATE * SECONDS);
    const t0 = new Map<number, number>();
    const begin = now();
    for (let i = 0; i < total; i++) {
      await sleep(begin + (i * 1000) / RATE - now());
      const at = now();
      t0.set(event(), at);
    }
    const last = Math.max(...t0.keys());
    await until('every floor subscriber to get the last event', async () => (await progress()).minSeq >= last).catch((e) => log(String(e)));
    const after = await floorStats();
    const { result } = await ask<Extract<FromClients, { type: 'finished' }>>(clients, { type: 'finish', from: warm, t0: [...t0] } satisfies ToClients, 'finished');
    await ask(clients, { type: 'close' } satisfies ToClients, 'closed');
    const used = (k: 'cpuMs' | 'systemMs') => after.reduce((s, x) => s + x[k], 0) - before.reduce((s, x) => s + x[k], 0);
    floorTier = {
      subscribers: FLOOR_TIER, events: total, deliveries: result.deliveries, lost: result.lost,
      cpuMicrosecondsPerDelivery: { floorInstances: round((used('cpuMs') * 1000) / Math.max(1, result.deliveries), 1), floorInstancesInKernel: round((used('systemMs') * 1000) / Math.max(1, result.deliveries), 1) },
      loadAverage1m: { before: loadBefore, after: round(os.loadavg()[0], 2) },
    };
    log(`${String(FLOOR_TIER).padStart(5)} subscribers, FLOOR (bare ws servers, one pre-serialised frame per subscriber) | ${total} events at ${RATE}/s | ${result.deliveries} deliveries, lost ${result.lost}\n` +
      `      CPU per delivery: floor instances ${floorTier.cpuMicrosecondsPerDelivery.floorInstances} µs (${floorTier.cpuMicrosecondsPerDelivery.floorInstancesInKernel} in the kernel) | load average (1 min) ${loadBefore} before, ${floorTier.loadAverage1m.after} after`);
    await Promise.all(floors.map((c) => new Promise((r) => {
      c.once('exit', r);
      c.send({ type: 'stop' });
    })));
  }

  // The goals, from the tiers that define them (absent when the settings skipped a tier).
  const cpuTier = tiers.find((t) => t.subscribers === 1000 && t.targetRatePerSecond === RATE);
  const fastTier = tiers.find((t) => t.subscribers === 1000 && t.targetRatePerSecond === FAST_RATE && FAST_RATE === 25);
  const goals = [
    ...(cpuTier ? [{ goal: `server CPU per delivery at 1,000 subscribers, ${RATE}/s`, value: cpuTier.cpuMicrosecondsPerDelivery.serverInstances, unit: 'µs', limit: GOAL_CPU_US, met: cpuTier.cpuMicrosecondsPerDelivery.serverInstances <= GOAL_CPU_US }] : []),
    ...(fastTier ? [
      { goal: 'server CPU per delivery at 1,000 subscribers, 25/s', value: fastTier.cpuMicrosecondsPerDelivery.serverInstances, unit: 'µs', limit: GOAL_CPU_US, met: fastTier.cpuMicrosecondsPerDelivery.serverInstances <= GOAL_CPU_US },
      { goal: 'p99 write to delivery at 25/s, 1,000 subscribers, two instances, none lost', value: fastTier.latencyMs.p99, unit: 'ms', limit: GOAL_P99_MS, met: fastTier.latencyMs.p99 <= GOAL_P99_MS && fastTier.lost === 0 },
    ] : []),
  ];
  log('');
  for (const g of goals) log(`goal: ${g.goal}: ${g.value} ${g.unit} (goal <= ${g.limit} ${g.unit}) ${g.met ? 'met' : 'NOT met'}`);
  if (floorTier) log(`floor: ${floorTier.cpuMicrosecondsPerDelivery.floorInstances} µs per delivery for a bare server writing one frame per subscriber, measured in this run`);

  const out = {
    benchmark: 'fanout',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version, postgres: version },
    settings: {
      instances: 2, ratePerSecond: RATE, secondsPerTier: SECONDS, tiers: TIERS, fastTier: FAST_TIER, fastRatePerSecond: FAST_RATE,
      floorSamples: FLOOR_SAMPLES, floorTier: FLOOR_TIER, query: QUERY, instanceNodeArgs: INSTANCE_NODE_ARGS,
      instanceEnv: { SUBSCRIPTIONS_PER_USER: instanceEnv.SUBSCRIPTIONS_PER_USER, RATE_SUBSCRIBES_PER_MINUTE: instanceEnv.RATE_SUBSCRIBES_PER_MINUTE, RATE_SUBSCRIBE_BURST: instanceEnv.RATE_SUBSCRIBE_BURST },
    },
    definitions: {
      latency: 'subscriber arrival time minus the time the writer sent COMMIT (same machine, absolute clocks)',
      floor: 'round trip of an autocommit one-row UPDATE on its own connection, measured before each tier',
      ratio: 'latency percentile divided by the floor p50 of the same tier',
    },
    tiers,
    floor: floorTier
      ? { definition: 'two bare ws servers (bench/floor-instance.ts) writing each event, serialised once, as one frame per subscriber: no GraphQL, no database, no access check', ...floorTier }
      : undefined,
    goals,
    totalSeconds: round((Date.now() - started) / 1000, 1),
  };
  const file = path.join(__dirname, '..', '..', 'results', 'fanout.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`\nwritten ${path.relative(process.cwd(), file)} in ${out.totalSeconds} s`);

  clients.kill();
  await Promise.all(instances.map((c) => new Promise((r) => {
    c.once('exit', r);
    c.send({ type: 'stop' });
  })));
  await Promise.all([...writers, setup].map((w) => w.destroy()));
  await db.stop();
}

function summarize(n: number, r: TierResult, floor: Percentiles, commit: Percentiles, total: number, spanS: number) {
  const ratio = (v: number) => round(v / floor.p50, 1);
  return {
    subscribers: n,
    events: total,
    eventsPerSecond: round(total / spanS, 1),
    deliveries: r.deliveries,
    deliveriesPerSecond: round(r.deliveries / ((r.lastReceive - r.firstT0) / 1000), 0),
    lost: r.lost,
    socketsClosedByServer: r.closedByServer,
    closeCodes: r.closeCodes,
    duplicates: r.duplicates,
    outOfOrder: r.outOfOrder,
    latencyMs: { p50: round(r.latencyMs.p50), p95: round(r.latencyMs.p95), p99: round(r.latencyMs.p99), max: round(r.latencyMs.max), mean: round(r.latencyMs.mean) },
    floorMs: { p50: round(floor.p50, 3), p95: round(floor.p95, 3), p99: round(floor.p99, 3) },
    ratioToFloor: { p50: ratio(r.latencyMs.p50), p95: ratio(r.latencyMs.p95), p99: ratio(r.latencyMs.p99) },
    writerCommitMs: { p50: round(commit.p50, 3), p99: round(commit.p99, 3) },
  };
}

function print(t: ReturnType<typeof summarize> & { cpuMicrosecondsPerDelivery: { serverInstances: number; serverInstancesInKernel: number; subscriberProcess: number }; loadAverage1m: { before: number; after: number } }): void {
  log(
    `${String(t.subscribers).padStart(5)} subscribers | ${t.events} events at ${t.eventsPerSecond}/s | ${t.deliveries} deliveries (${t.deliveriesPerSecond}/s), ` +
      `lost ${t.lost}, dup ${t.duplicates}, out of order ${t.outOfOrder}, sockets closed by the server ${t.socketsClosedByServer} ${JSON.stringify(t.closeCodes)}\n` +
      `      latency ms p50 ${t.latencyMs.p50} (${t.ratioToFloor.p50}x floor)  p95 ${t.latencyMs.p95} (${t.ratioToFloor.p95}x)  p99 ${t.latencyMs.p99} (${t.ratioToFloor.p99}x)  max ${t.latencyMs.max}` +
      ` | floor (one-row UPDATE commit) p50 ${t.floorMs.p50} p95 ${t.floorMs.p95} p99 ${t.floorMs.p99} | writer commit p50 ${t.writerCommitMs.p50}\n` +
      `      CPU per delivery: server instances ${t.cpuMicrosecondsPerDelivery.serverInstances} µs (${t.cpuMicrosecondsPerDelivery.serverInstancesInKernel} in the kernel), subscriber process ${t.cpuMicrosecondsPerDelivery.subscriberProcess} µs` +
      ` | load average (1 min) ${t.loadAverage1m.before} before, ${t.loadAverage1m.after} after`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  for (const child of children) child.kill();
  process.exit(1);
});
