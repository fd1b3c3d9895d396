import type { DataSource } from 'typeorm';
import WebSocket from 'ws';
import type { Actor } from '../../server/src/core/auth/actor';
import { EventKind } from '../../server/src/core/events/event-kinds';
import { appendEvent } from '../../server/src/core/events/event-log';
import { loadActor } from '../../server/src/modules/org';

/**
 * Helpers for the live-update tests: a small graphql-transport-ws client over `ws` (so a
 * test can kill a socket mid-stream and read close codes), fixtures that put the plan
 * team and coordinator in a known state, and a writer that appends events as the
 * services do (in a transaction, appendEvent last).
 */

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** One unlabelled figure from an instance's /metrics (open to all in development and tests). */
export async function metricOf(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} on /metrics`);
  return Number(line.slice(name.length + 1));
}

/** The record as a client selects it: with fragments per type (a mentor's is their own type). */
export const EVENT_FIELDS = `seq kind planId entityType entityId at summary actor { name } unit { kind name } title
  changes { field label before after } record { __typename ... on Activity { id title } ... on MentorActivity { id title dueAt status } }`;
export const PLAN_EVENTS = `subscription($planId: ID!, $after: String) { planEvents(planId: $planId, afterSeq: $after) { ${EVENT_FIELDS} } }`;
/** The caseload's items are events, or word that a plan left the subscriber (PlanLeftCaseload: its seq and planId only). */
export const CASELOAD_EVENTS = `subscription($after: String) { caseloadEvents(afterSeq: $after) { __typename seq planId ... on PlanEvent { ${EVENT_FIELDS} } } }`;

export interface ReceivedEvent {
  seq: string;
  kind: string;
  planId: string;
  entityType: string;
  entityId: string;
  at: string;
  summary: string;
  actor: { name: string } | null;
  unit: { code: string; name: string } | null;
  title: string | null;
  changes: Array<{ field: string; label: string; before: string | null; after: string | null }>;
  record: Record<string, unknown> | null;
}

export interface GqlError {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}

export class LiveSubscription {
  readonly events: ReceivedEvent[] = [];
  readonly errors: GqlError[] = [];
  /** Each `next` message as it came over the wire, for comparing bytes. */
  readonly raw: string[] = [];
  completed = false;
  constructor(readonly id: string) {}
  seqs(): string[] {
    return this.events.map((e) => e.seq);
  }
  last(): string | undefined {
    return this.events[this.events.length - 1]?.seq;
  }
  has(seq: string): boolean {
    return this.events.some((e) => e.seq === seq);
  }
}

/** One WebSocket speaking graphql-transport-ws, as Apollo Client's GraphQLWsLink does. */
export class LiveClient {
  private readonly subs = new Map<string, LiveSubscription>();
  private nextId = 1;
  closeCode: number | null = null;
  readonly closed: Promise<number>;

  private constructor(private readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve((this.closeCode = code))));
    socket.on('message', (raw) => this.onMessage(JSON.parse(raw.toString()), raw.toString()));
  }

  /** Resolves on connection_ack; with a bad or missing token it resolves too: check `closed`. */
  static connect(httpUrl: string, token?: string): Promise<LiveClient> {
    const socket = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const client = new LiveClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} })));
      client.acked = () => resolve(client);
      void client.closed.then(() => resolve(client));
    });
  }

  private acked: () => void = () => undefined;

  subscribe(query: string, variables: Record<string, unknown> = {}): LiveSubscription {
    const id = String(this.nextId++);
    const sub = new LiveSubscription(id);
    this.subs.set(id, sub);
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    return sub;
  }

  /** As a dropped network does it: no close handshake. */
  kill(): void {
    this.socket.terminate();
  }

  async close(): Promise<void> {
    if (this.closeCode === null) {
      this.socket.close(1000);
      await this.closed;
    }
  }

  private onMessage(msg: { type: string; id?: string; payload?: unknown }, raw: string): void {
    const sub = msg.id ? this.subs.get(msg.id) : undefined;
    switch (msg.type) {
      case 'connection_ack':
        this.acked();
        break;
      case 'ping':
        this.socket.send(JSON.stringify({ type: 'pong' }));
        break;
      case 'next': {
        const payload = msg.payload as { data?: Record<string, ReceivedEvent> | null; errors?: GqlError[] };
        sub?.raw.push(raw);
        if (payload.errors) sub?.errors.push(...payload.errors);
        const event = payload.data ? Object.values(payload.data)[0] : null;
        if (event) sub?.events.push(event);
        break;
      }
      case 'error':
        sub?.errors.push(...(msg.payload as GqlError[]));
        if (sub) sub.completed = true;
        break;
      case 'complete':
        if (sub) sub.completed = true;
        break;
    }
  }
}

/** Waits until a subscription is attached to the feed: then nothing written later is missed. */
export async function attachedCount(count: () => number, atLeast: number): Promise<void> {
  await waitFor(`${atLeast} subscribers attached`, () => count() >= atLeast);
}

/** Waits until a feed has handled every committed event: earlier tests' events cannot leak into the next. */
export async function caughtUp(ds: DataSource, feeds: Array<{ stats(): { last: string } }>): Promise<void> {
  const [{ max }] = await ds.query(`SELECT COALESCE(max(seq), 0)::text AS max FROM plan_event`);
  await waitFor('the feeds to catch up', () => feeds.every((f) => BigInt(f.stats().last || '0') >= BigInt(max)));
}

// ---- fixtures ---------------------------------------------------------------------------

export async function planIdOf(ds: DataSource, citizenName: string): Promise<{ id: string; municipalityId: string }> {
  const rows = await ds.query(
    `SELECT p.id, p.municipality_id FROM plan p JOIN citizen c ON c.id = p.citizen_id JOIN programme pr ON pr.id = p.programme_id
      WHERE c.name LIKE $1 || '%' ORDER BY (pr.status = 'ACTIVE') DESC, pr.start_date DESC`,
    [citizenName],
  );
  if (!rows[0]) throw new Error(`no plan for ${citizenName}`);
  return { id: rows[0].id, municipalityId: rows[0].municipality_id };
}

/** The plan's team is exactly these units (of the plan's municipality). */
export async function setTeam(ds: DataSource, planId: string, units: Array<'EMPLOYMENT' | 'SOCIAL' | 'HEALTH'>): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query(
      `DELETE FROM plan_team_unit t USING unit u WHERE t.plan_id = $1 AND u.id = t.unit_id AND NOT (u.kind = ANY($2::text[]))`,
      [planId, units],
    );
    await m.query(
      `INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id)
       SELECT p.id, u.id, p.municipality_id FROM plan p JOIN unit u ON u.municipality_id = p.municipality_id
        WHERE p.id = $1 AND u.kind = ANY($2::text[])
       ON CONFLICT DO NOTHING`,
      [planId, units],
    );
  });
}

/** The plan's programme is coordinated by this user from now on. */
export async function setCoordinator(ds: DataSource, planId: string, username: string): Promise<void> {
  await ds.transaction(async (m) => {
    const [p] = await m.query(`SELECT programme_id, municipality_id FROM plan WHERE id = $1`, [planId]);
    await m.query(`UPDATE coordinator_assignment SET to_at = now() WHERE programme_id = $1 AND to_at IS NULL`, [p.programme_id]);
    await m.query(
      `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, reason, citizen_consulted)
       SELECT $2, $1, u.id, u.unit_id, 'test', true FROM app_user u WHERE u.username = $3`,
      [p.programme_id, p.municipality_id, username],
    );
  });
}

export async function actorOf(ds: DataSource, username: string): Promise<Actor> {
  const actor = await loadActor(ds, { subject: username });
  if (!actor) throw new Error(`no user ${username}`);
  return actor;
}

/** One change as a service writes it: its own transaction, the event row last. Returns the seq. */
export async function writeEvent(ds: DataSource, plan: { id: string; municipalityId: string }, actor: Actor, summary: string): Promise<string> {
  return ds.transaction((m) =>
    appendEvent(m, {
      planId: plan.id,
      municipalityId: plan.municipalityId,
      kind: EventKind.ACTIVITY_UPDATED,
      entityType: 'ACTIVITY',
      entityId: plan.id,
      actor,
      summary,
      payload: { entity: { __typename: 'Activity', id: plan.id, title: summary } },
    }),
  );
}

export const bySeq = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
