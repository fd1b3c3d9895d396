import type { DataSource } from 'typeorm';
import type { Actor } from '../core/auth/actor';
import { loadActor } from '../modules/org';
import type { GraphQLResponse, TestServer } from './test-server';

/** Looks up seeded rows by their human names, as a tester reads them off the screen (a citizen's running programme first: Per has had two). */
export async function planIdOf(t: TestServer, citizenName: string): Promise<string> {
  const rows: Array<{ id: string }> = await t.db.dataSource.query(
    `SELECT p.id FROM plan p JOIN citizen c ON c.id = p.citizen_id JOIN programme pr ON pr.id = p.programme_id
      WHERE c.name LIKE $1 || '%' ORDER BY (pr.status = 'ACTIVE') DESC, pr.start_date DESC`,
    [citizenName],
  );
  if (!rows[0]) throw new Error(`no plan for ${citizenName}`);
  return rows[0].id;
}

export async function interventionOf(t: TestServer, citizenName: string, title: string): Promise<{ id: string; version: number }> {
  const rows: Array<{ id: string; version: number }> = await t.db.dataSource.query(
    `SELECT i.id, i.version FROM intervention i JOIN plan p ON p.id = i.plan_id JOIN citizen c ON c.id = p.citizen_id
      WHERE c.name LIKE $1 || '%' AND i.title = $2`,
    [citizenName, title],
  );
  if (!rows[0]) throw new Error(`no intervention ${title} for ${citizenName}`);
  return rows[0];
}

export async function count(t: TestServer, sql: string, params: unknown[] = []): Promise<number> {
  const rows: Array<{ n: number }> = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params);
  return rows[0].n;
}

/** A user's refused attempts with this reason, in order: what each tried, on what. */
export function refusalsOf(t: TestServer, username: string, detail: string): Promise<Array<{ action: string; entity_type: string; entity_id: string | null }>> {
  return t.db.dataSource.query(
    `SELECT a.action, a.entity_type, a.entity_id FROM audit_log a JOIN app_user u ON u.id = a.actor_id
      WHERE u.username = $1 AND a.outcome = 'DENIED' AND a.detail = $2 ORDER BY a.id`,
    [username, detail],
  );
}

export const codeOf = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => res.errors?.[0]?.extensions?.code;

/** The actor a demo user's token would name (for tests that drive core without HTTP). */
export async function actorNamed(ds: DataSource, username: string): Promise<Actor> {
  const actor = await loadActor(ds, { subject: username });
  if (!actor) throw new Error(`no user ${username}`);
  return actor;
}

/** A seeded unit's id by its kind, in Faaborg-Midtfyn (the demo municipality has one unit of each kind), or in the municipality of the given code. */
export async function unitIdOf(t: TestServer, kind: string, municipalityCode = '0430'): Promise<string> {
  const rows: Array<{ id: string }> = await t.db.dataSource.query(
    `SELECT u.id FROM unit u JOIN municipality m ON m.id = u.municipality_id WHERE m.code = $1 AND u.kind = $2 ORDER BY u.name`,
    [municipalityCode, kind],
  );
  if (!rows[0]) throw new Error(`no ${kind} unit in municipality ${municipalityCode}`);
  return rows[0].id;
}

/**
 * Waits, without sleeping, until a session of the test's database waits for a lock (asked of
 * PostgreSQL), or until `pending` settles first. True when a wait was seen: the request under
 * test is held by a transaction the test keeps open.
 */
export async function untilWaitingForLock(t: TestServer, pending?: Promise<unknown>, atLeast = 1): Promise<boolean> {
  let settled = false;
  void pending?.then(() => (settled = true), () => (settled = true));
  for (;;) {
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (n >= atLeast) return true;
    if (settled) return false;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Asks until the answer fits, for at most a second. A change of rights reaches each instance
 * as a notice at commit (migration 1700000000015), which drops the user from its actor cache:
 * the bound for the change to take effect everywhere is one second.
 */
export async function withinASecond<T>(ask: () => Promise<T>, fits: (answer: T) => boolean): Promise<T> {
  const until = performance.now() + 1000;
  let answer = await ask();
  while (!fits(answer) && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 10));
    answer = await ask();
  }
  return answer;
}

/**
 * The earliest moment a token issued after `at` can say so: its `iat` counts whole seconds, so a
 * token of `at`'s own second may be older than `at`. For a sign-in after a deactivation.
 */
export const issuedAfter = (at: Date | string): Date => new Date((Math.floor(new Date(at).getTime() / 1000) + 1) * 1000);

/**
 * The newest lines of a plan's changes as the user of `token` reads them (`planHistory`, newest
 * first): the summaries a coordinator is told, who did what. `recordId` keeps one record's lines.
 */
export async function summariesReadBy(t: TestServer, token: string, planId: string, first: number, recordId?: string): Promise<string[]> {
  const res = await t.gql<{ planHistory: { items: Array<{ summary: string }> } }>(
    `query($planId: ID!, $first: Int, $recordId: ID) { planHistory(planId: $planId, first: $first, recordId: $recordId) { items { summary } } }`,
    { planId, first, recordId }, token);
  if (res.errors) throw new Error(`planHistory: ${res.errors[0].message}`);
  return res.data!.planHistory.items.map((i) => i.summary);
}

/**
 * Another active administrator of `colleague`'s municipality, made as the operations make one
 * (`npm run setup`: no administrator invited them, so there is nothing to approve), who signs in
 * as `subject`: the second pair of eyes an administrator's staff invitation waits for. Their id.
 */
export async function addAdministrator(ds: DataSource, colleague: string, name: string, subject: string): Promise<string> {
  const [{ id }]: Array<{ id: string }> = await ds.query(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at)
     SELECT municipality_id, $2, $2, $3, 'ADMINISTRATOR', now() FROM app_user WHERE username = $1 RETURNING id`,
    [colleague, subject, name],
  );
  return id;
}

/** addAdministrator on the test server's database, with a token the server takes for them. */
export async function otherAdministrator(t: TestServer, colleague: string, name: string, subject: string): Promise<{ id: string; token: string }> {
  return { id: await addAdministrator(t.db.dataSource, colleague, name, subject), token: await t.login(subject) };
}

/** An administrator's yes to a staff invitation (`approveStaffInvitation`), on the version read just now. */
export async function approveInvitation(t: TestServer, token: string, userId: string): Promise<GraphQLResponse<{ approveStaffInvitation: { id: string; awaitingApproval: boolean; version: number } }>> {
  const [{ version }]: Array<{ version: number }> = await t.db.dataSource.query(`SELECT version FROM app_user WHERE id = $1`, [userId]);
  return t.gql(
    `mutation($id: ID!, $v: Int!) { approveStaffInvitation(userId: $id, expectedVersion: $v) { id awaitingApproval version } }`,
    { id: userId, v: version },
    token,
  );
}
