import { addDays, instantOfDanishWallTime, todayInDenmark } from '@samplan/schema';
import { codeOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { nameHasEveryWord } from '../../core/db/like';
import { encodeCursor } from './caseload.service';
import { CaseloadSort } from './caseload.types';

/**
 * Mine sager a page at a time: keyset pagination with opaque cursors, server-side search,
 * filters and sorts, and the access log written only for the citizens on the page.
 * Sidse (a coordinator without a unit) coordinates exactly the seven citizens made here.
 */
jest.setTimeout(60_000);

let t: TestServer;
let sidse: string;
let anna: string;
const DAY = 86_400_000;

interface Made {
  name: string;
  type: 'RESSOURCEFORLOEB' | 'JOBAFKLARINGSFORLOEB' | 'HELHEDSORIENTERET';
  units: string[];
  severity: 'INFO' | 'WARNING' | 'OVERDUE' | null;
  /** Days from now to the next booked meeting (none when null). */
  meetingIn: number | null;
  /** Days ago of the plan's last change. */
  changedAgo: number;
}

const MADE: Made[] = [
  { name: 'Gustav Gran', type: 'RESSOURCEFORLOEB', units: ['EMPLOYMENT'], severity: null, meetingIn: 3, changedAgo: 10 },
  { name: 'Anders Ager', type: 'RESSOURCEFORLOEB', units: ['EMPLOYMENT', 'SOCIAL'], severity: 'OVERDUE', meetingIn: null, changedAgo: 5 },
  { name: 'Birthe Bøg', type: 'JOBAFKLARINGSFORLOEB', units: ['EMPLOYMENT', 'HEALTH'], severity: 'INFO', meetingIn: 20, changedAgo: 1 },
  { name: 'Carsten Carlsen', type: 'RESSOURCEFORLOEB', units: ['EMPLOYMENT'], severity: 'WARNING', meetingIn: 1, changedAgo: 30 },
  { name: 'Dorthe Dahl', type: 'HELHEDSORIENTERET', units: ['EMPLOYMENT', 'SOCIAL', 'HEALTH'], severity: null, meetingIn: 7, changedAgo: 2 },
  { name: 'Erik Eg', type: 'JOBAFKLARINGSFORLOEB', units: ['EMPLOYMENT'], severity: 'OVERDUE', meetingIn: 2, changedAgo: 20 },
  { name: 'Freja 100% Fisk_', type: 'RESSOURCEFORLOEB', units: ['EMPLOYMENT', 'SOCIAL'], severity: 'INFO', meetingIn: null, changedAgo: 3 },
];
const planOf = new Map<string, string>();
const citizenOf = new Map<string, string>();

/** A citizen with a running programme and plan, coordinated by `userId`, as `c` describes. */
async function makeCase(m: string, userId: string, c: (typeof MADE)[number]): Promise<{ plan: string; citizen: string }> {
  const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);
  const now = Date.now();
  const [{ id: citizen }] = await q(`INSERT INTO citizen (municipality_id, name, birth_date) VALUES ($1, $2, '1980-01-01') RETURNING id`, [m, c.name]);
  const [{ id: programme }] = await q(
    `INSERT INTO programme (municipality_id, citizen_id, type, decision_date, law_version, start_date, end_date, joint_plan_consent_on)
     VALUES ($1, $2, $3, current_date - 100, $4, current_date - 100, current_date + 600, CASE WHEN $3 = 'HELHEDSORIENTERET' THEN current_date - 100 END) RETURNING id`,
    [m, citizen, c.type, c.type === 'HELHEDSORIENTERET' ? 'REFORM_2026' : 'RULES_2022'],
  );
  const [{ id: plan }] = await q(
    `INSERT INTO plan (municipality_id, programme_id, citizen_id, employment_goal, goal_kind, period_start, period_end, updated_at)
     VALUES ($1, $2, $3, 'Job', 'JOB', current_date - 100, current_date + 200, $4) RETURNING id`,
    [m, programme, citizen, new Date(now - c.changedAgo * DAY)],
  );
  await q(
    `INSERT INTO coordinator_assignment (municipality_id, programme_id, user_id, unit_id, from_at, reason, citizen_consulted) VALUES ($1, $2, $3, NULL, now(), 'Test', true)`,
    [m, programme, userId],
  );
  for (const code of c.units) {
    await q(`INSERT INTO plan_team_unit (plan_id, unit_id, municipality_id) SELECT $1, id, $2 FROM unit WHERE municipality_id = $2 AND kind = $3`, [plan, m, code]);
  }
  if (c.meetingIn !== null) {
    await q(
      `INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, summary, next_meeting_at) VALUES ($1, $2, $3, 'PHONE', 'Samtale', $4)`,
      [m, plan, new Date(now - 40 * DAY), new Date(now + c.meetingIn * DAY)],
    );
  }
  await q(
    `INSERT INTO programme_warning_state (programme_id, municipality_id, plan_id, fingerprint, top_severity, computed_on) VALUES ($1, $2, $3, 'x', $4, current_date)`,
    [programme, m, plan, c.severity],
  );
  return { plan, citizen };
}

beforeAll(async () => {
  t = await startTestServer();
  const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);
  const [{ municipality_id: m }] = await q(`SELECT municipality_id FROM app_user WHERE username = 'anna'`);
  const [{ id: userId }] = await q(
    `INSERT INTO app_user (municipality_id, username, subject, name, role, unit_id, activated_at) VALUES ($1, 'sidse', 'sidse', 'Sidse Sagsbehandler', 'CASEWORKER', NULL, now()) RETURNING id`,
    [m],
  );
  for (const c of MADE) {
    const { plan, citizen } = await makeCase(m, userId, c);
    planOf.set(c.name, plan);
    citizenOf.set(c.name, citizen);
  }
  sidse = await t.login('sidse');
  anna = await t.login('anna');
});
afterAll(() => t.stop());

interface Page {
  items: Array<{ id: string; citizen: { name: string } }>;
  nextCursor: string | null;
  totalCount: number;
}
const QUERY = `query($first: Int, $after: String, $filter: CaseloadFilter, $sort: CaseloadSort) {
  caseload(first: $first, after: $after, filter: $filter, sort: $sort) { items { id citizen { name } } nextCursor totalCount } }`;

async function page(vars: Record<string, unknown>, token = sidse) {
  return t.gql<{ caseload: Page }>(QUERY, vars, token);
}
async function ok(vars: Record<string, unknown>, token = sidse): Promise<Page> {
  const res = await page(vars, token);
  expect(res.errors).toBeUndefined();
  return res.data!.caseload;
}
const names = (p: Page) => p.items.map((i) => i.citizen.name);

/** Every page of an order, following the cursors. */
async function all(vars: Record<string, unknown>, first = 2): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (let n = 0; n < 20; n++) {
    const p: Page = await ok({ ...vars, first, after });
    out.push(...names(p));
    if (!p.nextCursor) return out;
    after = p.nextCursor;
  }
  throw new Error('no end');
}

const BY_NAME = ['Anders Ager', 'Birthe Bøg', 'Carsten Carlsen', 'Dorthe Dahl', 'Erik Eg', 'Freja 100% Fisk_', 'Gustav Gran'];

describe('pagination', () => {
  it('the first page, the next pages and the last page; totalCount is the whole caseload', async () => {
    const first = await ok({ first: 3 });
    expect(first.totalCount).toBe(7);
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok({ first: 3, after: first.nextCursor });
    const last = await ok({ first: 3, after: second.nextCursor });
    expect(last.totalCount).toBe(7);
    expect(last.nextCursor).toBeNull();
    // The default order is by name; no duplicates, nothing missed.
    const seen = [...names(first), ...names(second), ...names(last)];
    expect(seen).toEqual(BY_NAME);
    expect(await all({}, 3)).toEqual(seen);
  });

  it('"Navn (A–Å)" is Danish order: lower and upper case together, Æ, Ø, Å after Z, "Aa" as Å; the pages follow it', async () => {
    const [{ municipality_id: m }] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'anna'`);
    const [{ id: dina }] = await t.db.dataSource.query(
      `INSERT INTO app_user (municipality_id, username, subject, name, role, unit_id, activated_at) VALUES ($1, 'dina', 'dina', 'Dina Dansk', 'CASEWORKER', NULL, now()) RETURNING id`, [m]);
    const danish = ['Åse Ås', 'Zenia Zink', 'Aagaard Aas', 'Øster Ø', 'anna Lund', 'Ærø Æble', 'Bo Bak'];
    for (const name of danish) await makeCase(m, dina, { ...MADE[0], name });
    const token = await t.login('dina');
    const pages: string[] = [];
    let after: string | null = null;
    do {
      const p: Page = await ok({ first: 2, after, sort: 'NAME' }, token);
      pages.push(...names(p));
      after = p.nextCursor;
    } while (after);
    expect(pages).toEqual(['anna Lund', 'Bo Bak', 'Zenia Zink', 'Ærø Æble', 'Øster Ø', 'Aagaard Aas', 'Åse Ås']);
  });

  it('an exactly full page has no next cursor; one short of full has one', async () => {
    const full = await ok({ first: 7 });
    expect(full.items).toHaveLength(7);
    expect(full.nextCursor).toBeNull();
    const almost = await ok({ first: 6 });
    expect(almost.items).toHaveLength(6);
    const rest = await ok({ first: 6, after: almost.nextCursor });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
  });

  it('after the last item: an empty page, no cursor, the same total', async () => {
    const almost = await ok({ first: 6 });
    const rest = await ok({ first: 1, after: almost.nextCursor });
    const last = rest.items[0]!;
    const afterLast = await ok({ first: 5, after: encodeCursor({ s: CaseloadSort.NAME, k: '0', n: last.citizen.name, id: last.id }) });
    expect(afterLast).toEqual({ items: [], nextCursor: null, totalCount: 7 });
  });

  it('an empty caseload is an empty page', async () => {
    const lene = await t.login('lene');
    expect(await ok({}, lene)).toEqual({ items: [], nextCursor: null, totalCount: 0 });
    expect(await ok({ filter: { search: 'findes ikke' } })).toEqual({ items: [], nextCursor: null, totalCount: 0 });
  });

  it('refuses a cursor of another sort, a malformed cursor and a page size outside 1–100 (BAD_USER_INPUT)', async () => {
    const byName = await ok({ first: 2 });
    const wrong = await page({ first: 2, after: byName.nextCursor, sort: 'LAST_CHANGE' });
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.data).toBeNull();
    for (const after of ['not a cursor', 'eyJ4IjoxfQ', Buffer.from('{"s":"NAME","k":"0; DROP","n":"x","id":"1"}').toString('base64url')]) {
      expect(codeOf(await page({ after }))).toBe('BAD_USER_INPUT');
    }
    // Made by hand to look like ours: keys PostgreSQL could not read are refused as well, not a server error.
    const id = planOf.get('Erik Eg')!;
    const forged = [
      { sort: 'NAME', after: encodeCursor({ s: CaseloadSort.NAME, k: '1e99999999', n: 'A', id }) },
      { sort: 'NAME', after: encodeCursor({ s: CaseloadSort.NAME, k: '0', n: 'A\u0000B', id }) },
      { sort: 'NEXT_MEETING', after: encodeCursor({ s: CaseloadSort.NEXT_MEETING, k: '1', n: 'A', id, at: '2026' }) },
      { sort: 'NEXT_MEETING', after: encodeCursor({ s: CaseloadSort.NEXT_MEETING, k: '1', n: 'A', id, at: '+275760-09-13T00:00:00.000Z' }) },
      { sort: 'NEXT_MEETING', after: encodeCursor({ s: CaseloadSort.NEXT_MEETING, k: '1', n: 'A', id, at: 'Tue, 01 Jan 99999' }) },
    ];
    for (const vars of forged) expect({ vars, code: codeOf(await page(vars)) }).toEqual({ vars, code: 'BAD_USER_INPUT' });
    expect(codeOf(await page({ first: 101 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await page({ first: 0 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await page({ first: 100 }))).toBeUndefined();
    expect(codeOf(await page({ filter: { search: 'x'.repeat(101) } }))).toBe('BAD_USER_INPUT');
  });
});

describe('search and filters', () => {
  it('searches the citizen name, case-insensitively, as "contains"; % and _ are plain characters', async () => {
    expect(names(await ok({ filter: { search: 'BØG' } }))).toEqual(['Birthe Bøg']);
    expect(names(await ok({ filter: { search: 'eR' } }))).toEqual(['Anders Ager', 'Erik Eg']);
    expect(names(await ok({ filter: { search: '100%' } }))).toEqual(['Freja 100% Fisk_']);
    expect(names(await ok({ filter: { search: '%' } }))).toEqual(['Freja 100% Fisk_']);
    expect(names(await ok({ filter: { search: 'k_' } }))).toEqual(['Freja 100% Fisk_']);
    const p = await ok({ first: 1, filter: { search: 'e' } });
    expect(p.totalCount).toBe(MADE.filter((c) => c.name.toLowerCase().includes('e')).length);
  });

  it('finds a name by its parts in any order, with a middle name between them and extra spaces', async () => {
    await t.db.dataSource.query(`UPDATE citizen SET name = 'Carsten Ole Carlsen' WHERE id = $1`, [citizenOf.get('Carsten Carlsen')]);
    try {
      for (const search of ['Carsten Carlsen', 'carlsen carsten', '  Cars   Carl ', 'Ole Carsten']) {
        expect({ search, names: names(await ok({ filter: { search } })) }).toEqual({ search, names: ['Carsten Ole Carlsen'] });
      }
      // Every part must be in the name.
      expect(names(await ok({ filter: { search: 'Carsten Hansen' } }))).toEqual([]);
    } finally {
      await t.db.dataSource.query(`UPDATE citizen SET name = 'Carsten Carlsen' WHERE id = $1`, [citizenOf.get('Carsten Carlsen')]);
    }
  });

  it('finds a name in any usual Danish spelling: å as aa, ø as oe or o, æ as ae, either way round', async () => {
    const [{ municipality_id: m }] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'anna'`);
    const [{ id: vera }] = await t.db.dataSource.query(
      `INSERT INTO app_user (municipality_id, username, subject, name, role, unit_id, activated_at) VALUES ($1, 'vera', 'vera', 'Vera Variant', 'CASEWORKER', NULL, now()) RETURNING id`, [m]);
    const spelled = ['Karen Aaberg', 'Jens Åberg', 'Ib Aberg', 'Bo Ågård', 'Lise Sørensen', 'Mads Soerensen', 'Hans Hansen', 'Mikael Bæk', 'Ole Baek'];
    for (const name of spelled) await makeCase(m, vera, { ...MADE[0], name });
    const token = await t.login('vera');
    const found = async (search: string) => ({ search, names: names(await ok({ filter: { search } }, token)) });
    for (const search of ['åberg', 'Åberg', 'Aaberg', 'AABERG']) expect(await found(search)).toEqual({ search, names: ['Jens Åberg', 'Karen Aaberg'] });
    for (const search of ['aagaard', 'Ågård', 'Aagård', 'bo aagaard']) expect(await found(search)).toEqual({ search, names: ['Bo Ågård'] });
    for (const search of ['Sorensen', 'Sørensen', 'soerensen', 'Søren']) expect(await found(search)).toEqual({ search, names: ['Lise Sørensen', 'Mads Soerensen'] });
    for (const search of ['Baek', 'bæk']) expect(await found(search)).toEqual({ search, names: ['Mikael Bæk', 'Ole Baek'] });
    // Å is not A, nor Æ E: a name with none of the letters is not found by them ("åberg" above
    // did not find Ib Aberg), and "Aberg" does not find Åberg, only the names it is a part of as written.
    expect(await found('Aberg')).toEqual({ search: 'Aberg', names: ['Ib Aberg', 'Karen Aaberg'] });
    expect(await found('Hånsen')).toEqual({ search: 'Hånsen', names: [] });
    expect(await found('Bek')).toEqual({ search: 'Bek', names: [] });
    // A word typed half-way finds what it found before: "Aa" of Aaberg, "Soe" of Soerensen.
    expect(await found('Aa')).toEqual({ search: 'Aa', names: ['Bo Ågård', 'Jens Åberg', 'Karen Aaberg'] });
    expect(await found('Soe')).toEqual({ search: 'Soe', names: ['Lise Sørensen', 'Mads Soerensen'] });
    // The spelling holds across pages, with the total of the whole result.
    const first = await ok({ first: 1, filter: { search: 'åberg' } }, token);
    expect({ names: names(first), total: first.totalCount }).toEqual({ names: ['Jens Åberg'], total: 2 });
    expect(names(await ok({ first: 1, after: first.nextCursor, filter: { search: 'åberg' } }, token))).toEqual(['Karen Aaberg']);
  });

  it('finds a citizen by the exact CPR number, with or without the dash; never one outside the caseload', async () => {
    const cpr = async (name: string, digits: string) => t.db.dataSource.query(`UPDATE citizen SET cpr = $2 WHERE id = $1`, [citizenOf.get(name), digits]);
    await cpr('Erik Eg', '0101801235');
    await cpr('Birthe Bøg', '0101801236');
    // A citizen of the same municipality on nobody's list of Sidse's.
    const [{ id: outside }] = await t.db.dataSource.query(
      `INSERT INTO citizen (municipality_id, name, birth_date, cpr) SELECT municipality_id, 'Ude Udenfor', '1980-01-01', '0101801237' FROM app_user WHERE username = 'sidse' RETURNING id`);
    try {
      for (const search of ['0101801235', '010180-1235', ' 010180-1235 ']) {
        const p = await ok({ filter: { search } });
        expect({ search, names: names(p), total: p.totalCount }).toEqual({ search, names: ['Erik Eg'], total: 1 });
      }
      // Exact, not a part of the number: a date of birth shared by two citizens finds neither.
      expect(names(await ok({ filter: { search: '010180' } }))).toEqual([]);
      expect(names(await ok({ filter: { search: '010180-1237' } }))).toEqual([]);
      // Combined with the filters like any search.
      expect(names(await ok({ filter: { search: '0101801236', programmeType: 'JOBAFKLARINGSFORLOEB' } }))).toEqual(['Birthe Bøg']);
      expect(names(await ok({ filter: { search: '0101801236', programmeType: 'RESSOURCEFORLOEB' } }))).toEqual([]);
    } finally {
      await t.db.dataSource.query(`UPDATE citizen SET cpr = NULL WHERE id = ANY($1::uuid[])`, [[citizenOf.get('Erik Eg'), citizenOf.get('Birthe Bøg')]]);
      await t.db.dataSource.query(`DELETE FROM citizen WHERE id = $1`, [outside]);
    }
  });

  it('filters by a unit on the team', async () => {
    expect((await all({ filter: { unit: 'HEALTH' } })).sort()).toEqual(['Dorthe Dahl', 'Birthe Bøg'].sort());
    expect((await all({ filter: { unit: 'SOCIAL' } })).sort()).toEqual(['Anders Ager', 'Dorthe Dahl', 'Freja 100% Fisk_'].sort());
  });

  it('filters by programme type', async () => {
    expect((await all({ filter: { programmeType: 'JOBAFKLARINGSFORLOEB' } })).sort()).toEqual(['Erik Eg', 'Birthe Bøg'].sort());
    expect(await all({ filter: { programmeType: 'HELHEDSORIENTERET' } })).toEqual(['Dorthe Dahl']);
  });

  it('filters by status: an ended forløb is out of the running ones and in the ended ones', async () => {
    const everyone = (await all({})).sort();
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'EMPLOYMENT' WHERE id = (SELECT p.programme_id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Erik Eg')`);
    try {
      expect((await all({ filter: { status: 'ACTIVE' } })).sort()).toEqual(everyone.filter((n) => n !== 'Erik Eg'));
      expect(await all({ filter: { status: 'ENDED' } })).toEqual(['Erik Eg']);
      expect((await ok({ filter: { status: 'ENDED' } })).totalCount).toBe(1);
    } finally {
      await t.db.dataSource.query(`UPDATE programme SET status = 'ACTIVE', end_reason = NULL WHERE id = (SELECT p.programme_id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Erik Eg')`);
    }
  });

  it('filters by warning level: at least this severity', async () => {
    expect((await all({ filter: { warningLevel: 'OVERDUE' } })).sort()).toEqual(['Anders Ager', 'Erik Eg']);
    expect((await all({ filter: { warningLevel: 'WARNING' } })).sort()).toEqual(['Anders Ager', 'Carsten Carlsen', 'Erik Eg']);
    expect((await all({ filter: { warningLevel: 'INFO' } })).length).toBe(5);
  });

  it('combines search and filters, with a total for the combination', async () => {
    const p = await ok({ first: 1, filter: { unit: 'SOCIAL', programmeType: 'RESSOURCEFORLOEB', search: 'ag' } });
    expect(p.totalCount).toBe(1);
    expect(names(p)).toEqual(['Anders Ager']);
  });
});

describe('the name search index', () => {
  it('serves the search in any spelling: the name as written and in its Danish spelling each by its index', async () => {
    // With a few rows the planner rightly prefers reading the table; taking that choice away
    // shows whether the indexes can answer the search at all.
    const runner = t.db.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query(`SET LOCAL enable_seqscan = off`);
      const params: unknown[] = [];
      const where = nameHasEveryWord('c.name', 'Sørensen', (v) => `$${params.push(v)}`);
      const plan: Array<{ 'QUERY PLAN': string }> = await runner.query(`EXPLAIN SELECT c.id FROM citizen c WHERE ${where}`, params);
      const text = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toContain('Bitmap Index Scan on citizen_name_search_idx');
      expect(text).toContain('Bitmap Index Scan on citizen_name_spelling_idx');
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });
});

describe('sorts, across pages', () => {
  it('next meeting: nearest first, none last (then by name)', async () => {
    expect(await all({ sort: 'NEXT_MEETING' })).toEqual(['Carsten Carlsen', 'Erik Eg', 'Gustav Gran', 'Dorthe Dahl', 'Birthe Bøg', 'Anders Ager', 'Freja 100% Fisk_']);
  });

  it('next meeting, with the ended forløb too: an ended one has no next samtale and sorts last, not by the time its last samtale agreed', async () => {
    const erik = `(SELECT p.programme_id FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Erik Eg')`;
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'EMPLOYMENT' WHERE id = ${erik}`);
    try {
      expect(await all({ sort: 'NEXT_MEETING', filter: { status: null } })).toEqual(['Carsten Carlsen', 'Gustav Gran', 'Dorthe Dahl', 'Birthe Bøg', 'Anders Ager', 'Erik Eg', 'Freja 100% Fisk_']);
    } finally {
      await t.db.dataSource.query(`UPDATE programme SET status = 'ACTIVE', end_reason = NULL WHERE id = ${erik}`);
    }
  });

  it('warning level: overdue, warning, info, none (then by name)', async () => {
    expect(await all({ sort: 'WARNING_LEVEL' })).toEqual(['Anders Ager', 'Erik Eg', 'Carsten Carlsen', 'Birthe Bøg', 'Freja 100% Fisk_', 'Dorthe Dahl', 'Gustav Gran']);
  });

  it('last change: newest first', async () => {
    expect(await all({ sort: 'LAST_CHANGE' })).toEqual(['Birthe Bøg', 'Dorthe Dahl', 'Freja 100% Fisk_', 'Anders Ager', 'Gustav Gran', 'Erik Eg', 'Carsten Carlsen']);
  });

  it('every sort pages the same list as one big page', async () => {
    for (const sort of Object.values(CaseloadSort)) {
      expect(await all({ sort }, 2)).toEqual(names(await ok({ sort, first: 100 })));
    }
  });

  it('last change: any change on the plan counts (a samtale booked, as its event records it); the rules worked out again and the citizen\'s "seen" do not', async () => {
    const event = (name: string, kind: string) => t.db.dataSource.query(
      `INSERT INTO plan_event (plan_id, municipality_id, kind, entity_type, entity_id, summary, at)
       SELECT p.id, p.municipality_id, $2, 'MEETING', gen_random_uuid(), 'Samtale booket', now() + interval '1 minute'
         FROM plan p JOIN citizen c ON c.id = p.citizen_id WHERE c.name = $1`, [name, kind]);
    await event('Carsten Carlsen', 'MEETING_BOOKED');
    await event('Erik Eg', 'WARNINGS_CHANGED');
    // The citizen saying they have seen the plan changes nothing in it either.
    await event('Gustav Gran', 'PLAN_SEEN_BY_CITIZEN');
    expect(await all({ sort: 'LAST_CHANGE' })).toEqual(['Carsten Carlsen', 'Birthe Bøg', 'Dorthe Dahl', 'Freja 100% Fisk_', 'Anders Ager', 'Gustav Gran', 'Erik Eg']);
    expect(await all({ sort: 'LAST_CHANGE' }, 2)).toEqual(names(await ok({ sort: 'LAST_CHANGE', first: 100 })));

    // Each row says when, by the same measure: the samtale's time for Carsten, newest first down the list.
    const rows = await t.gql<{ caseload: { items: Array<{ citizen: { name: string }; updatedAt: string; latestChangeAt: string }> } }>(
      `query($first: Int, $sort: CaseloadSort) { caseload(first: $first, sort: $sort) { items { citizen { name } updatedAt latestChangeAt } } }`, { first: 100, sort: 'LAST_CHANGE' }, sidse);
    expect(rows.errors).toBeUndefined();
    const items = rows.data!.caseload.items;
    const [booked] = await t.db.dataSource.query(
      `SELECT e.at FROM plan_event e JOIN plan p ON p.id = e.plan_id JOIN citizen c ON c.id = p.citizen_id WHERE c.name = 'Carsten Carlsen' AND e.kind = 'MEETING_BOOKED'`);
    expect(items[0]).toMatchObject({ citizen: { name: 'Carsten Carlsen' }, latestChangeAt: (booked.at as Date).toISOString() });
    expect(Date.parse(items[0].latestChangeAt)).toBeGreaterThan(Date.parse(items[0].updatedAt));
    const times = items.map((i) => Date.parse(i.latestChangeAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe('the access log', () => {
  it('each citizen on the returned page gets a CASELOAD read; citizens not returned do not', async () => {
    const p = await ok({ first: 2, sort: 'NAME', filter: { search: 'e' } }, sidse);
    const reads = async (citizen: string): Promise<number> =>
      Number((await t.db.dataSource.query(
        `SELECT coalesce(sum(a.count), 0) AS n FROM audit_log a JOIN app_user u ON u.id = a.actor_id
          WHERE u.username = 'sidse' AND a.citizen_id = $1 AND a.channel = 'CASELOAD' AND a.action = 'READ_CASELOAD' AND a.outcome = 'ALLOWED'`,
        [citizen],
      ))[0].n);
    const before = new Map<string, number>();
    for (const c of MADE) before.set(c.name, await reads(citizenOf.get(c.name)!));
    const again = await ok({ first: 2, sort: 'NAME', filter: { search: 'e' } }, sidse);
    expect(names(again)).toEqual(names(p));
    for (const c of MADE) {
      const shown = names(again).includes(c.name);
      expect({ name: c.name, added: (await reads(citizenOf.get(c.name)!)) - before.get(c.name)! }).toEqual({ name: c.name, added: shown ? 1 : 0 });
      if (shown) {
        const [row] = await t.db.dataSource.query(`SELECT entity_id FROM audit_log WHERE citizen_id = $1 AND channel = 'CASELOAD' ORDER BY id DESC LIMIT 1`, [citizenOf.get(c.name)]);
        expect(row.entity_id).toBe(planOf.get(c.name));
      }
    }
  });

  it('a jobcenter coordinator sees them through the team; another municipality does not', async () => {
    expect((await ok({ first: 100, filter: { search: 'Gustav' } }, anna)).totalCount).toBe(1);
    expect((await ok({ first: 100, filter: { search: 'Gustav' } }, await t.login('otto'))).totalCount).toBe(0);
  });
});

describe('the next samtale follows the booking', () => {
  const NEXT = `query($first: Int, $sort: CaseloadSort) {
    caseload(first: $first, sort: $sort) { items { citizen { name } nextFollowUpAt nextBookedMeeting { startsAt } } } }`;
  const book = async (name: string, inDays: number, status = 'BOOKED') => {
    const starts = new Date(Date.now() + inDays * DAY);
    await t.db.dataSource.query(
      `INSERT INTO booked_meeting (municipality_id, plan_id, starts_at, ends_at, mode, status, cancel_reason, booked_by)
       SELECT p.municipality_id, p.id, $2, $3, 'PHONE', $4, CASE WHEN $4 = 'CANCELLED' THEN 'Syg' END, u.id FROM plan p, app_user u WHERE p.id = $1 AND u.username = 'sidse'`,
      [planOf.get(name), starts, new Date(starts.getTime() + 3_600_000), status],
    );
    return starts.toISOString();
  };
  afterAll(() => t.db.dataSource.query(`DELETE FROM booked_meeting WHERE plan_id = ANY($1::uuid[])`, [[...planOf.values()]]));

  it('a booked samtale wins over the agreed time, a cancelled one does not count, and the order follows', async () => {
    const anders = await book('Anders Ager', 5); // nothing agreed: now between Gustav (3) and Dorthe (7)
    const carsten = await book('Carsten Carlsen', 10); // agreed in 1 day, moved to 10: after Dorthe
    await book('Freja 100% Fisk_', 4, 'CANCELLED'); // called off: Freja still has none
    await book('Gustav Gran', -30); // long past: not the next samtale
    expect(await all({ sort: 'NEXT_MEETING' })).toEqual(['Erik Eg', 'Gustav Gran', 'Anders Ager', 'Dorthe Dahl', 'Carsten Carlsen', 'Birthe Bøg', 'Freja 100% Fisk_']);

    const res = await t.gql<{ caseload: { items: Array<{ citizen: { name: string }; nextFollowUpAt: string | null; nextBookedMeeting: { startsAt: string } | null }> } }>(NEXT, { first: 100 }, sidse);
    expect(res.errors).toBeUndefined();
    const row = (name: string) => res.data!.caseload.items.find((i) => i.citizen.name === name)!;
    expect(row('Anders Ager')).toMatchObject({ nextFollowUpAt: null, nextBookedMeeting: { startsAt: anders } });
    expect(row('Carsten Carlsen').nextBookedMeeting).toEqual({ startsAt: carsten });
    expect(row('Carsten Carlsen').nextFollowUpAt).not.toBeNull();
    expect(row('Freja 100% Fisk_').nextBookedMeeting).toBeNull();
    expect(row('Gustav Gran').nextBookedMeeting).toBeNull();
  });

  it('every page of the order is taken at the first page’s instant, carried in the cursor', async () => {
    const decode = (c: string) => JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as { at?: string };
    const first = await ok({ sort: 'NEXT_MEETING', first: 2 });
    const at = decode(first.nextCursor!).at!;
    expect(Math.abs(Date.parse(at) - Date.now())).toBeLessThan(60_000);
    const second = await ok({ sort: 'NEXT_MEETING', first: 2, after: first.nextCursor });
    expect(decode(second.nextCursor!).at).toBe(at);
    // The name order does not depend on the time, and its cursor carries none.
    expect(decode((await ok({ sort: 'NAME', first: 2 })).nextCursor!).at).toBeUndefined();
    const forged = encodeCursor({ s: CaseloadSort.NEXT_MEETING, k: '1', n: 'A', id: planOf.get('Erik Eg')!, at: 'i går' });
    expect(codeOf(await page({ sort: 'NEXT_MEETING', first: 2, after: forged }))).toBe('BAD_USER_INPUT');
  });
});

describe('who made the latest change', () => {
  const LATEST = `query($filter: CaseloadFilter) { caseload(first: 10, filter: $filter) { items { id citizen { name } latestChangeAt latestChangeBy { name role unit { name } } } } }`;
  type Row = { id: string; citizen: { name: string }; latestChangeAt: string; latestChangeBy: { name: string; role: string; unit: { name: string } | null } | null };
  const perRow = async (): Promise<Row> => {
    const res = await t.gql<{ caseload: { items: Row[] } }>(LATEST, { filter: { search: 'Per Hansen', status: 'ACTIVE' } }, anna);
    expect(res.errors).toBeUndefined();
    return res.data!.caseload.items[0]!;
  };

  it('names the citizen when the citizen wrote last on Min plan, and the caseworker when she did', async () => {
    const per = await t.login('per');
    const { id: planId } = await perRow();
    const words = await t.gql<{ myOwnWords: { sections: Array<{ kind: string; version: number }> } }>(
      `query($planId: ID!) { myOwnWords(planId: $planId) { sections { kind version } } }`, { planId }, per);
    const wishes = words.data!.myOwnWords.sections.find((s) => s.kind === 'CITIZEN_WISHES')!;
    const written = await t.gql(`mutation($input: WriteMyDescriptionSectionInput!) { writeMyDescriptionSection(input: $input) { id } }`,
      { input: { planId, kind: 'CITIZEN_WISHES', text: 'Jeg vil gerne arbejde med dyr.', expectedVersion: wishes.version } }, per);
    expect(written.errors).toBeUndefined();
    const [event] = await t.db.dataSource.query(`SELECT at FROM plan_event WHERE plan_id = $1 ORDER BY seq DESC LIMIT 1`, [planId]);
    expect(await perRow()).toMatchObject({ latestChangeAt: (event.at as Date).toISOString(), latestChangeBy: { name: 'Per Hansen', role: 'CITIZEN', unit: null } });

    // Anna books a samtale after him: the row names her, with her unit.
    // 10.00 Danish time a week ahead: a samtale ends the day it begins, whatever the hour the test runs.
    const startsAt = instantOfDanishWallTime(`${addDays(todayInDenmark(), 7)}T10:00`)!.toISOString();
    const booked = await t.gql(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`,
      { input: { planId, startsAt, endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(), mode: 'PHONE' } }, anna);
    expect(booked.errors).toBeUndefined();
    expect((await perRow()).latestChangeBy).toEqual({ name: 'Anna Holm', role: 'CASEWORKER', unit: { name: 'Jobcenter' } });
  });

  it('names no one for a change without an actor', async () => {
    // An event no person made (as Samplan's own), newer than anything else on Gustav's plan.
    await t.db.dataSource.query(
      `INSERT INTO plan_event (plan_id, municipality_id, kind, entity_type, entity_id, summary, at)
       SELECT p.id, p.municipality_id, 'MEETING_BOOKED', 'MEETING', gen_random_uuid(), 'Samtale booket', now() + interval '2 minutes' FROM plan p WHERE p.id = $1`,
      [planOf.get('Gustav Gran')]);
    const res = await t.gql<{ caseload: { items: Row[] } }>(LATEST, { filter: { search: 'Gustav' } }, sidse);
    expect(res.errors).toBeUndefined();
    expect(res.data!.caseload.items[0]!.latestChangeBy).toBeNull();
  });
});
