import { ProgrammeRegisteredInError1700000000062 } from '../../core/db/migrations/1700000000062-programme-registered-in-error';
import { codeOf, unitIdOf } from '../../test-support/fixtures';
import { onDataBefore } from '../../test-support/test-db';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsResult } from '../../test-support/ws-client';
import { queryKeyFigures } from '../figures/figures.sql';

/**
 * "Registreret ved en fejl": a forløb registered by mistake is marked as never having run, once
 * its first day has come too, by its coordinator or the municipality's leader, with a reason.
 * A running one is ended by it. It then counts nowhere a forløb the citizen has had counts: the
 * key figures, the 2022 age rules, the count of earlier jobafklaringsforløb, Min plan. The mark
 * can be taken back, with a reason; nothing is deleted. Through the API, with the injected clock.
 */
jest.setTimeout(60_000);
let now = new Date();
const clock = { now: () => now };
const setDay = (day: string) => (now = new Date(`${day}T12:00:00+01:00`));

let t: TestServer;
const tokens: Record<string, string> = {};
const sockets: WsClient[] = [];
beforeAll(async () => {
  t = await startTestServer({ clock });
  // Tokens are checked against real time: sign them before the clock moves.
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'ida', 'lene', 'mikkel', 'otto', 'per']) tokens[u] = await t.login(u);
});
afterAll(async () => {
  for (const s of sockets) await s.close();
  await t.stop();
});

type Res<T> = { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);
const ext = (res: Res<unknown>) => res.errors?.[0]?.extensions;

const FIELDS = 'id version status endDate endReason stoppedBeforeStart neverRan registeredInErrorReason registeredInErrorAt registeredInErrorBy { name }';
interface Shown {
  id: string; version: number; status: string; endDate: string; endReason: string | null; stoppedBeforeStart: boolean; neverRan: boolean;
  registeredInErrorReason: string | null; registeredInErrorAt: string | null; registeredInErrorBy: { name: string } | null;
}
const MARK = `mutation($input: ProgrammeCorrectionInput!) { markProgrammeRegisteredInError(input: $input) { ${FIELDS} } }`;
const UNMARK = `mutation($input: ProgrammeCorrectionInput!) { unmarkProgrammeRegisteredInError(input: $input) { ${FIELDS} } }`;
const mark = (id: string, expectedVersion: number, reason: string, who = 'anna') =>
  t.gql<{ markProgrammeRegisteredInError: Shown }>(MARK, { input: { id, expectedVersion, reason } }, tokens[who]);
const unmark = (id: string, expectedVersion: number, reason: string, who = 'anna') =>
  t.gql<{ unmarkProgrammeRegisteredInError: Shown }>(UNMARK, { input: { id, expectedVersion, reason } }, tokens[who]);

let serial = 0;
async function citizen(name: string, born = '010485'): Promise<string> {
  const res = await t.gql<{ registerCitizen: { id: string } }>(`mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { id } }`,
    { input: { name, cpr: `${born}-${String(2000 + ++serial)}` } }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!.registerCitizen.id;
}

interface Created { createProgramme: { id: string; programme: { id: string; version: number; warnings: Array<{ rule: string; severity: string }> } } }
const CREATE = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id programme { id version warnings { rule severity } } } }`;
async function create(citizenId: string, over: Record<string, unknown>) {
  const input = {
    citizenId, type: 'RESSOURCEFORLOEB', employmentGoal: 'Lønnede timer i detailhandlen', goalKind: 'SECTOR', teamUnits: [await unitIdOf(t, 'SOCIAL')], ...over,
  } as Record<string, unknown>;
  input.planPeriodEnd ??= input.endDate;
  return t.gql<Created>(CREATE, { input }, tokens.anna);
}
async function running(name: string, over: Record<string, unknown> = {}): Promise<{ citizenId: string; planId: string; programmeId: string; version: number }> {
  const citizenId = await citizen(name);
  const res = await create(citizenId, { decisionDate: '2025-06-20', startDate: '2025-07-01', endDate: '2026-06-30', ...over });
  expect(res.errors).toBeUndefined();
  const { id: planId, programme } = res.data!.createProgramme;
  return { citizenId, planId, programmeId: programme.id, version: programme.version };
}
const endRunning = (citizenId: string) => q(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER' WHERE citizen_id = $1 AND status = 'ACTIVE'`, [citizenId]);

describe('who may mark a forløb as registered by mistake', () => {
  it('not a caseworker on its team, nor anyone outside it: FORBIDDEN or NOT_FOUND, audited, nothing changed', async () => {
    setDay('2025-07-10');
    const p = await running('Borger med fejlregistreret forløb');
    // Bent (socialforvaltningen) and Dorte (the coordinator's jobcenter) are on its team: they read it, but may not.
    for (const who of ['bent', 'dorte']) {
      const res = await mark(p.programmeId, p.version, 'Dublet', who);
      expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(res.errors?.[0]?.message).toBe('Kun den koordinerende sagsbehandler og kommunens leder kan markere et forløb som registreret ved en fejl.');
    }
    // Carla (sundhed, not on the team) and Otto (another municipality) do not see it at all.
    for (const who of ['carla', 'otto']) expect(codeOf(await mark(p.programmeId, p.version, 'Dublet', who))).toBe('NOT_FOUND');
    // A mentor and an administrator are neither the coordinator nor the leader.
    for (const who of ['mikkel', 'ida']) expect(codeOf(await mark(p.programmeId, p.version, 'Dublet', who))).toBe('FORBIDDEN');
    expect(await q(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'MARK_PROGRAMME_REGISTERED_IN_ERROR' AND outcome = 'DENIED' AND entity_id = $1`, [p.programmeId]))
      .toEqual([{ n: 4 }]);
    expect(await q(`SELECT status, never_ran, registered_in_error_reason, version FROM programme WHERE id = $1`, [p.programmeId]))
      .toEqual([{ status: 'ACTIVE', never_ran: false, registered_in_error_reason: null, version: p.version }]);
  });

  it('asks for a reason of 1–500 characters, at the field', async () => {
    setDay('2025-07-10');
    const p = await running('Borger uden begrundelse');
    for (const reason of ['', '   ', 'x'.repeat(501)]) {
      const res = await mark(p.programmeId, p.version, reason);
      expect(ext(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    }
    expect(ext(await mark(p.programmeId, p.version, ''))).toBeDefined();
    expect((await mark(p.programmeId, p.version, '')).errors?.[0]?.message).toBe('Skriv begrundelsen.');
    expect((await q(`SELECT status FROM programme WHERE id = $1`, [p.programmeId]))[0].status).toBe('ACTIVE');
    // Exactly 500 is taken, and kept trimmed.
    const res = await mark(p.programmeId, p.version, ` ${'y'.repeat(500)} `);
    expect(res.errors).toBeUndefined();
    expect(res.data!.markProgrammeRegisteredInError.registeredInErrorReason).toBe('y'.repeat(500));
  });

  it('the coordinator marks a running forløb: it is ended today and never ran; audited with the reason, told live and in the plan’s history', async () => {
    setDay('2025-07-10');
    const p = await running('Borger registreret på forkert CPR');
    // Bent, on the team, follows the plan live.
    const ws = await WsClient.connect(t.url, tokens.bent);
    sockets.push(ws);
    const got: WsResult[] = [];
    ws.subscribe(`subscription($planId: ID!) { planEvents(planId: $planId) { kind entityId summary record { __typename ... on Programme { id status neverRan registeredInErrorReason } } } }`,
      { planId: p.planId }, (r) => got.push(r));
    await until('attached', () => t.server.feed.stats().listeners > 0);

    const res = await mark(p.programmeId, p.version, 'Forløbet er oprettet på den forkerte borger.');
    expect(res.errors).toBeUndefined();
    const marked = res.data!.markProgrammeRegisteredInError;
    expect(marked).toMatchObject({
      status: 'ENDED', endDate: '2025-07-10', endReason: 'OTHER', stoppedBeforeStart: false, neverRan: true, version: p.version + 1,
      registeredInErrorReason: 'Forløbet er oprettet på den forkerte borger.', registeredInErrorBy: { name: 'Anna Holm' },
    });
    expect(new Date(marked.registeredInErrorAt!).getTime()).toBe(now.getTime());

    // The audit row, with the reason, committed with the change.
    expect(await q(`SELECT outcome, detail FROM audit_log WHERE action = 'MARK_PROGRAMME_REGISTERED_IN_ERROR' AND entity_id = $1`, [p.programmeId]))
      .toEqual([{ outcome: 'ALLOWED', detail: 'Begrundelse: Forløbet er oprettet på den forkerte borger.' }]);
    const summary = 'Anna Holm (Jobcenter) markerede forløbet som registreret ved en fejl og afsluttede det. Begrundelse: Forløbet er oprettet på den forkerte borger.';
    await until('the live event', () => got.some((r) => (r.data?.planEvents as { entityId?: string } | undefined)?.entityId === p.programmeId));
    const event = got.map((r) => r.data?.planEvents as { kind: string; entityId: string; summary: string; record: unknown }).find((e) => e?.entityId === p.programmeId)!;
    expect(event).toMatchObject({ kind: 'PROGRAMME_UPDATED', summary: expect.stringContaining(summary),
      record: { __typename: 'Programme', id: p.programmeId, status: 'ENDED', neverRan: true, registeredInErrorReason: 'Forløbet er oprettet på den forkerte borger.' } });

    const history = await t.gql<{ planHistory: { items: Array<{ kind: string; summary: string; changes: Array<{ label: string; after: string | null }> }> } }>(
      `query($planId: ID!) { planHistory(planId: $planId) { items { kind summary changes { label after } } } }`, { planId: p.planId }, tokens.bent);
    // Newest first; the warnings' own event may come after it.
    const latest = history.data!.planHistory.items.find((e) => e.kind === 'PROGRAMME_UPDATED')!;
    expect(latest.kind).toBe('PROGRAMME_UPDATED');
    expect(latest.summary).toContain(summary);
    expect(latest.changes).toEqual(expect.arrayContaining([
      { label: 'Status', after: 'Afsluttet' },
      { label: 'Registreret ved en fejl', after: 'Forløbet er oprettet på den forkerte borger.' },
      { label: 'Har ikke kørt nogen dag', after: 'Ja' },
    ]));

    // Marked once: a second mark is refused with a code, and changes nothing.
    const again = await mark(p.programmeId, marked.version, 'Igen', 'lene');
    expect(ext(again)).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_ALREADY_REGISTERED_IN_ERROR' });
    expect((await q(`SELECT version FROM programme WHERE id = $1`, [p.programmeId]))[0].version).toBe(marked.version);
  });

  it('the leader marks an ended forløb of the municipality, and a stale version is a CONFLICT', async () => {
    setDay('2025-07-10');
    const p = await running('Borger med dublet');
    await endRunning(p.citizenId);
    await q(`UPDATE programme SET guarantee_special_reasons = 'Borgeren er indlagt på psykiatrisk afdeling' WHERE id = $1`, [p.programmeId]);
    const stale = await mark(p.programmeId, p.version - 1, 'Dublet af et andet forløb', 'lene');
    expect(codeOf(stale)).toBe('CONFLICT');
    // The newer version it shows is what a leader may read of the forløb: not its citizen, nor the
    // indsatsgaranti's reasons (no field guard sees a CONFLICT's answer).
    const shown = ext(stale)!.current as Record<string, unknown>;
    expect(shown).toMatchObject({ id: p.programmeId, version: p.version, status: 'ENDED' });
    expect(shown).not.toHaveProperty('citizenId');
    expect(JSON.stringify(shown)).not.toContain('psykiatrisk');
    // The coordinator, who reads the whole forløb, is shown the whole of it.
    const coordinators = ext(await mark(p.programmeId, p.version - 1, 'Dublet af et andet forløb'))!.current as Record<string, unknown>;
    expect(coordinators).toMatchObject({ citizenId: p.citizenId, guaranteeSpecialReasons: 'Borgeren er indlagt på psykiatrisk afdeling' });
    // As a read shows it, to either: its fields (the citizen by id), not the stored row's own columns.
    for (const current of [shown, coordinators]) expect(current).not.toHaveProperty('municipalityId');
    for (const current of [shown, coordinators]) expect(current).toMatchObject({ __typename: 'Programme' });
    expect(Object.keys(shown).sort()).toEqual(['__typename', 'decisionDate', 'endDate', 'endReason', 'id', 'lawVersion', 'neverRan', 'registeredInErrorAt', 'registeredInErrorById', 'registeredInErrorReason', 'startDate', 'status', 'stoppedBeforeStart', 'type', 'version']);
    const res = await mark(p.programmeId, p.version, 'Dublet af et andet forløb', 'lene');
    expect(res.errors).toBeUndefined();
    expect(res.data!.markProgrammeRegisteredInError).toMatchObject({ status: 'ENDED', endDate: '2026-06-30', neverRan: true, registeredInErrorBy: { name: 'Lene Kristensen' } });
    expect((await q(`SELECT summary FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [p.planId]))[0].summary)
      .toBe('Lene Kristensen markerede forløbet som registreret ved en fejl. Begrundelse: Dublet af et andet forløb');
  });

  it("the leader's answer holds the forløb's own facts: the citizen, the plan and what quotes them are refused and logged in the citizen's access log", async () => {
    setDay('2025-07-10');
    const p = await running('Borger set af lederen');
    await endRunning(p.citizenId);
    // Marked, unmarked and marked again, each answer asking for one of the three.
    const [mark, unmark] = ['markProgrammeRegisteredInError', 'unmarkProgrammeRegisteredInError'];
    const steps: Array<[string, string, string]> = [
      [mark, 'citizen { name cpr }', 'citizen'],
      [unmark, 'plan { interventions { title } }', 'plan'],
      [mark, 'suspensions { note }', 'suspensions'],
      // Warnings quote the interventions, the next step has a note, the indsatsgaranti its reasons.
      [unmark, 'warnings { message }', 'warnings'],
      [mark, 'nextStep { note }', 'nextStep'],
      [unmark, 'guaranteeSpecialReasons', 'guaranteeSpecialReasons'],
      [mark, 'jobFacilitatorHistory { fromDate }', 'jobFacilitatorHistory'],
    ];
    for (const [i, [mutation, selection, field]] of steps.entries()) {
      const res = await t.gql(`mutation($input: ProgrammeCorrectionInput!) { ${mutation}(input: $input) { id ${selection} } }`,
        { input: { id: p.programmeId, expectedVersion: p.version + i, reason: 'Dublet' } }, tokens.lene);
      expect(res.errors?.map((e) => [e.extensions?.code, (e as { path?: string[] }).path?.at(-1)])).toEqual([['FORBIDDEN', field]]);
      expect(res.errors?.[0]?.message).toBe('En leder ser forløbets egne oplysninger, ikke borgeren eller planen.');
      expect(JSON.stringify(res)).not.toContain('Borger set af lederen');
    }
    // The marks themselves are made: they are the forløb's own facts, and the leader's to correct.
    expect(await q(`SELECT never_ran, version FROM programme WHERE id = $1`, [p.programmeId])).toEqual([{ never_ran: true, version: p.version + steps.length }]);
    // What the leader may read of it is answered.
    const own = await t.gql<{ unmarkProgrammeRegisteredInError: Record<string, unknown> }>(
      `mutation($input: ProgrammeCorrectionInput!) { unmarkProgrammeRegisteredInError(input: $input) { id type status startDate endDate neverRan registeredInErrorBy { name } version } }`,
      { input: { id: p.programmeId, expectedVersion: p.version + steps.length, reason: 'Dublet' } }, tokens.lene);
    expect(own.errors).toBeUndefined();
    expect(own.data!.unmarkProgrammeRegisteredInError).toMatchObject({ status: 'ENDED', neverRan: false, registeredInErrorBy: null, version: p.version + steps.length + 1 });
    expect(await q(`SELECT a.entity_id, a.detail FROM audit_log a JOIN app_user u ON u.id = a.actor_id
                     WHERE u.username = 'lene' AND a.action = 'READ_FIELD' AND a.outcome = 'DENIED' AND a.citizen_id = $1 ORDER BY a.entity_id`, [p.citizenId]))
      .toEqual(steps.map(([, , field]) => `Programme.${field}`).sort().map((entity_id) => ({ entity_id, detail: 'no access to plan' })));
    // The coordinator's answer is whole, as before.
    const marked = await t.gql<{ markProgrammeRegisteredInError: { citizen: { name: string }; warnings: unknown[] } }>(
      `mutation($input: ProgrammeCorrectionInput!) { markProgrammeRegisteredInError(input: $input) { citizen { name } warnings { message } } }`,
      { input: { id: p.programmeId, expectedVersion: p.version + steps.length + 1, reason: 'Dublet' } }, tokens.anna);
    expect(marked.errors).toBeUndefined();
    expect(marked.data!.markProgrammeRegisteredInError.citizen.name).toBe('Borger set af lederen');
  });

  it('is taken back by the same people, with a reason: it counts again, and stays ended', async () => {
    setDay('2025-07-10');
    const p = await running('Borger markeret ved en fejl');
    expect(ext(await unmark(p.programmeId, p.version, 'Ikke markeret'))).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_NOT_REGISTERED_IN_ERROR' });
    const marked = (await mark(p.programmeId, p.version, 'Forkert forløbstype')).data!.markProgrammeRegisteredInError;
    expect(codeOf(await unmark(p.programmeId, marked.version, 'Det var det rigtige forløb', 'bent'))).toBe('FORBIDDEN');
    expect(ext(await unmark(p.programmeId, marked.version, ' '))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const res = await unmark(p.programmeId, marked.version, 'Det var det rigtige forløb', 'lene');
    expect(res.errors).toBeUndefined();
    expect(res.data!.unmarkProgrammeRegisteredInError).toMatchObject({
      status: 'ENDED', neverRan: false, registeredInErrorReason: null, registeredInErrorAt: null, registeredInErrorBy: null, version: marked.version + 1,
    });
    expect(await q(`SELECT detail FROM audit_log WHERE action = 'UNMARK_PROGRAMME_REGISTERED_IN_ERROR' AND outcome = 'ALLOWED' AND entity_id = $1`, [p.programmeId]))
      .toEqual([{ detail: 'Begrundelse: Det var det rigtige forløb' }]);
    expect((await q(`SELECT summary FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [p.planId]))[0].summary)
      .toBe('Lene Kristensen fortrød markeringen af forløbet som registreret ved en fejl. Begrundelse: Det var det rigtige forløb');
  });
});

describe('a forløb registered by mistake counts nowhere', () => {
  it('in the key figures: neither in forløb, started nor ended', async () => {
    setDay('2025-07-10');
    const [{ id: municipalityId }] = await q(`SELECT id FROM municipality WHERE code = '0430'`);
    const july = async () => (await queryKeyFigures(t.db.dataSource, municipalityId, '2025-07-01', '2025-07-01', ['INTERNSHIP'], '2025-07-31')).find((r) => r.isTotal)!;
    const before = await july();
    const p = await running('Borger i nøgletallene ved en fejl');
    const counted = await july();
    expect({ active: counted.active, started: counted.started }).toEqual({ active: before.active + 1, started: before.started + 1 });
    expect((await mark(p.programmeId, p.version, 'Dublet')).errors).toBeUndefined();
    const after = await july();
    expect({ active: after.active, started: after.started, ended: after.ended }).toEqual({ active: before.active, started: before.started, ended: before.ended });
  });

  it('in the 2022 age rules: a ressourceforløb from 50 registered by mistake is not the one forløb', async () => {
    setDay('2025-07-10');
    const id = await citizen('Borger over 50 med fejl', '010572');
    const first = await create(id, { decisionDate: '2025-06-20', startDate: '2025-07-01', endDate: '2026-06-30' });
    const programme = first.data!.createProgramme.programme;
    // Its first day has come: only the mark says it never ran.
    expect((await mark(programme.id, programme.version, 'Oprettet to gange')).errors).toBeUndefined();
    const second = await create(id, { decisionDate: '2025-07-10', startDate: '2025-07-14', endDate: '2026-07-13' });
    expect(second.errors).toBeUndefined();
  });

  it('among earlier jobafklaringsforløb: the next is no third', async () => {
    setDay('2026-03-05');
    const id = await citizen('Borger i jobafklaring med dublet');
    const base = { type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-03-01' };
    expect((await create(id, { ...base, startDate: '2026-03-01', endDate: '2027-02-28' })).errors).toBeUndefined();
    await endRunning(id);
    const duplicate = (await create(id, { ...base, startDate: '2026-03-02', endDate: '2027-03-01' })).data!.createProgramme.programme;
    expect((await mark(duplicate.id, duplicate.version, 'Dublet')).errors).toBeUndefined();
    const next = await create(id, { ...base, startDate: '2026-03-05', endDate: '2027-03-04' });
    expect(next.errors).toBeUndefined();
    expect(next.data!.createProgramme.programme.warnings).not.toContainEqual(expect.objectContaining({ rule: 'JOBAFKLARING_COUNT' }));
  });

  it('for the citizen’s running jobafklaringsforløb on another plan: its recorded warning moves with the mark, in the same change, and is told', async () => {
    setDay('2026-04-01');
    const name = 'Borger med tre jobafklaringsforløb';
    const id = await citizen(name);
    const base = { type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-03-20' };
    const first = (await create(id, { ...base, startDate: '2026-03-20', endDate: '2027-03-19' })).data!.createProgramme.programme;
    await endRunning(id);
    expect((await create(id, { ...base, startDate: '2026-03-25', endDate: '2027-03-24' })).errors).toBeUndefined();
    await endRunning(id);
    const third = await create(id, { ...base, startDate: '2026-04-01', endDate: '2027-03-31' });
    expect(third.data!.createProgramme.programme.warnings).toContainEqual({ rule: 'JOBAFKLARING_COUNT', severity: 'WARNING' });
    const thirdPlan = third.data!.createProgramme.id;
    // Mine sager filters on the warning recorded for the forløb; the row shows the one computed now.
    const listed = async () => {
      const res = await t.gql<{ caseload: { totalCount: number; items: Array<{ programme: { warnings: Array<{ rule: string }> } }> } }>(
        `query($filter: CaseloadFilter) { caseload(first: 5, filter: $filter) { totalCount items { programme { warnings { rule } } } } }`,
        { filter: { search: name, warningLevel: 'WARNING' } }, tokens.anna);
      expect(res.errors).toBeUndefined();
      return res.data!.caseload;
    };
    const told = () => q(`SELECT actor_id, payload->'warnings' AS warnings FROM plan_event WHERE plan_id = $1 AND kind = 'WARNINGS_CHANGED' ORDER BY seq`, [thirdPlan]);
    const [anna] = await q(`SELECT id FROM app_user WHERE username = 'anna'`);
    expect((await listed()).items).toEqual([{ programme: { warnings: [{ rule: 'JOBAFKLARING_COUNT' }] } }]);
    const toldBefore = (await told()).length;

    // The first is marked on its own plan: the third is the citizen's second, with no warning.
    const marked = await mark(first.id, first.version, 'Oprettet på den forkerte borger');
    expect(marked.errors).toBeUndefined();
    expect(await listed()).toEqual({ totalCount: 0, items: [] });
    expect((await told()).slice(toldBefore)).toEqual([{ actor_id: anna.id, warnings: [] }]);

    // Taken back: it is the third again, recorded and told at once.
    const undone = await unmark(first.id, marked.data!.markProgrammeRegisteredInError.version, 'Det var den rigtige borger');
    expect(undone.errors).toBeUndefined();
    expect((await listed()).items).toEqual([{ programme: { warnings: [{ rule: 'JOBAFKLARING_COUNT' }] } }]);
    expect((await told()).slice(toldBefore)).toEqual([
      { actor_id: anna.id, warnings: [] },
      { actor_id: anna.id, warnings: [expect.objectContaining({ rule: 'JOBAFKLARING_COUNT', severity: 'WARNING' })] },
    ]);
  });

  it('in Min plan: the citizen is shown the forløb before it, not the one registered by mistake', async () => {
    setDay('2026-12-10');
    const [per] = await q(`SELECT pr.id, pr.version FROM programme pr JOIN citizen c ON c.id = pr.citizen_id WHERE c.name = 'Per Hansen' AND pr.status = 'ACTIVE'`);
    const [earlier] = await q(`SELECT end_date::text AS "endDate" FROM programme pr JOIN citizen c ON c.id = pr.citizen_id WHERE c.name = 'Per Hansen' AND pr.status = 'ENDED'`);
    expect((await mark(per.id, per.version, 'Oprettet på den forkerte borger')).errors).toBeUndefined();
    const res = await t.gql<{ myEndedProgramme: { endDate: string; stoppedBeforeStart: boolean } }>(`{ myEndedProgramme { endDate stoppedBeforeStart } }`, {}, tokens.per);
    expect(res.data!.myEndedProgramme).toEqual({ endDate: earlier.endDate, stoppedBeforeStart: false });
  });
});

describe('migration 62', () => {
  it('marks no forløb stored before; never_ran is the stop before the first day; only an ended forløb can carry the mark', () =>
    onDataBefore(new ProgrammeRegisteredInError1700000000062(), async (runner, migration) => {
      await migration.up(runner);
      expect(await runner.query(`SELECT count(*)::int AS n FROM programme WHERE never_ran IS DISTINCT FROM stopped_before_start OR registered_in_error_at IS NOT NULL`))
        .toEqual([{ n: 0 }]);
      const [running] = await runner.query(`SELECT id FROM programme WHERE status = 'ACTIVE' LIMIT 1`);
      await expect(runner.query(`UPDATE programme SET registered_in_error_at = now(), registered_in_error_reason = 'Dublet' WHERE id = $1`, [running.id]))
        .rejects.toThrow(/programme_registered_in_error/);
      await expect(runner.query(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER', registered_in_error_at = now(), registered_in_error_reason = '' WHERE id = $1`, [running.id]))
        .rejects.toThrow(/programme_registered_in_error/);
      await runner.query(`UPDATE programme SET status = 'ENDED', end_reason = 'OTHER', registered_in_error_at = now(), registered_in_error_reason = 'Dublet' WHERE id = $1`, [running.id]);
      expect(await runner.query(`SELECT never_ran FROM programme WHERE id = $1`, [running.id])).toEqual([{ never_ran: true }]);
    }));
});

async function until(what: string, cond: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
