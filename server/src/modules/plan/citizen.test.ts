import { parseCpr } from '@samplan/schema';
import { codeOf, count, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { CitizenCpr1700000000019 } from '../../core/db/migrations/1700000000019-citizen-cpr';
import { NameSearchDanishCase1700000000055 } from '../../core/db/migrations/1700000000055-name-search-danish-case';

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'otto', 'lene', 'mikkel']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const REGISTER = `mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { id name cpr birthDate phone address } }`;
const SEARCH = `query($search: String!, $first: Int) { citizens(search: $search, first: $first) { id name cpr birthDate hasActiveProgramme } }`;

type Hit = { id: string; name: string; cpr: string | null; birthDate: string; hasActiveProgramme: boolean };
type Registered = { registerCitizen: Hit & { phone: string | null; address: string | null } };

const register = (who: string, input: Record<string, unknown>) => t.gql<Registered>(REGISTER, { input }, tokens[who]);
const search = async (who: string, text: string, first?: number) => {
  const res = await t.gql<{ citizens: Hit[] }>(SEARCH, { search: text, first }, tokens[who]);
  return { hits: res.data?.citizens ?? [], res };
};
const cprOf = async (name: string) => ((await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = $1`, [name])) as Array<{ cpr: string }>)[0].cpr;
const dashed = (digits: string) => `${digits.slice(0, 6)}-${digits.slice(6)}`;
const masked = (digits: string) => `${digits.slice(0, 6)}-****`;
const auditRows = (action: string, citizenId: string | null) =>
  count(t, `SELECT 1 FROM audit_log WHERE action = $1 AND citizen_id IS NOT DISTINCT FROM $2 AND channel = 'SEARCH'`, [action, citizenId]);

describe('the migration', () => {
  // First, while the audit log has no SEARCH rows yet: migrating down and up again rewrites the citizens' CPR numbers.
  it('gives every citizen registered without one a CPR number that agrees with their birth date, unique in the municipality', async () => {
    const migration = new CitizenCpr1700000000019();
    const runner = t.db.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await runner.query(`INSERT INTO citizen (municipality_id, name, birth_date) SELECT municipality_id, 'Tvilling ' || n, birth_date FROM citizen, generate_series(1, 2) n WHERE name = 'Per Hansen'`);
      await migration.up(runner);
      // Migration 19 made the name index as it was then; migration 55 made it anew since.
      await new NameSearchDanishCase1700000000055().up(runner);
    } finally {
      await runner.release();
    }
    const rows: Array<{ municipality_id: string; cpr: string; birth_date: string }> = await t.db.dataSource.query(`SELECT municipality_id, cpr, birth_date FROM citizen`);
    expect(rows.length).toBeGreaterThan(8);
    for (const r of rows) expect(parseCpr(r.cpr)).toEqual({ ok: true, cpr: { digits: r.cpr, birthDate: r.birth_date } });
    expect(new Set(rows.map((r) => `${r.municipality_id}|${r.cpr}`)).size).toBe(rows.length);
    // Per was born in 2005: the century digit says so (4 with YY 05: the 2000s).
    expect((await cprOf('Per Hansen'))[6]).toBe('4');
  });
});

describe('registering a citizen by CPR number', () => {
  it('derives the birth date from the number, shows the whole number to the caseworker who registered them, and audits it', async () => {
    const res = await register('anna', { cpr: '120380-1234', name: ' Lis Madsen ', phone: '20 30 40 50' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.registerCitizen).toMatchObject({ name: 'Lis Madsen', cpr: '120380-1234', birthDate: '1980-03-12', phone: '20 30 40 50', address: null });
    const id = res.data!.registerCitizen.id;
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'REGISTER_CITIZEN' AND citizen_id = $1 AND outcome = 'ALLOWED'`, [id])).toBe(1);
    // Another caseworker finds her by name, with the birth date part only; she has no programme yet.
    const { hits } = await search('carla', 'lis mad');
    expect(hits).toEqual([{ id, name: 'Lis Madsen', cpr: '120380-****', birthDate: '1980-03-12', hasActiveProgramme: false }]);
  });

  it('refuses what is not a CPR number by the field, in Danish', async () => {
    const problems = async (cpr: string) => (await register('anna', { cpr, name: 'Ny Borger' })).errors?.[0];
    expect((await problems('12038O-1234'))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cpr' });
    expect((await problems('12038O-1234'))?.message).toContain('Skriv CPR-nummeret med 10 cifre, fx 010190-1234.');
    expect((await problems('310480-1234'))?.message).toContain('CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ).');
    expect((await problems('290201-4123'))?.message).toContain('CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ).');
    // 7th digit 5, YY 50: born in 2050.
    expect((await problems('010150-5123'))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cpr' });
    expect((await problems('010150-5123'))?.message).toBe('Fødselsdatoen i CPR-nummeret ligger i fremtiden.');
    // 29 February 2000, and no modulus-11 check.
    expect((await register('anna', { cpr: '2902004123', name: 'Skudårsbarn' })).data?.registerCitizen).toMatchObject({ cpr: '290200-4123', birthDate: '2000-02-29' });
  });

  it('refuses a second registration of the same number in the municipality, naming the citizen only to someone who may see them', async () => {
    const first = await register('anna', { cpr: '050575-2222', name: 'Ole Berg' });
    const id = first.data!.registerCitizen.id;
    // Written without the dash, it is the same number.
    const again = await register('anna', { cpr: '0505752222', name: 'Ole Berg' });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'DUPLICATE_CITIZEN', citizenId: id });
    const other = await register('carla', { cpr: '050575-2222', name: 'Ole B.' });
    expect(other.errors?.[0].extensions?.code).toBe('DUPLICATE_CITIZEN');
    expect(other.errors?.[0].extensions).not.toHaveProperty('citizenId');
    expect(await count(t, `SELECT 1 FROM citizen WHERE cpr = '0505752222'`)).toBe(1);
    // Each refusal told the caller the number is registered: in the citizen's access log.
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'REGISTER_CITIZEN' AND citizen_id = $1 AND outcome = 'DENIED'`, [id])).toBe(2);
    // Another municipality registers its own citizen with that number.
    expect((await register('otto', { cpr: '050575-2222', name: 'Ole Berg' })).errors).toBeUndefined();
  });

  it('is for caseworkers only', async () => {
    for (const who of ['lene', 'mikkel']) expect(codeOf(await register(who, { cpr: '010101-1111', name: 'X' }))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REGISTER, { input: { cpr: '010101-1111', name: 'X' } }))).toBe('UNAUTHENTICATED');
  });
});

describe('the CPR number, masked by standing', () => {
  const PLAN = `query($id: ID!) { plan(id: $id) { citizen { cpr } programme { citizen { cpr } } } }`;

  it('is whole on the plan for the coordinator and the units on the team; others in the municipality see DDMMYY-****', async () => {
    const per = await cprOf('Per Hansen');
    const planId = await planIdOf(t, 'Per');
    for (const who of ['anna', 'bent']) {
      const res = await t.gql<{ plan: { citizen: { cpr: string }; programme: { citizen: { cpr: string } } } }>(PLAN, { id: planId }, tokens[who]);
      expect([res.data?.plan.citizen.cpr, res.data?.plan.programme.citizen.cpr]).toEqual([dashed(per), dashed(per)]);
    }
    // Carla's unit is not on Per's team: his plan is NOT_FOUND, and a name search shows the birth date only.
    expect(codeOf(await t.gql(PLAN, { id: planId }, tokens.carla))).toBe('NOT_FOUND');
    expect((await search('carla', 'Per Hansen')).hits.map((h) => h.cpr)).toEqual([masked(per)]);
    expect((await search('bent', 'Per Hansen')).hits.map((h) => h.cpr)).toEqual([dashed(per)]);
  });
});

describe('who registered the citizen', () => {
  it('sees the whole number until the citizen has a plan; then the plan decides', async () => {
    const reg = await register('carla', { cpr: '171170-3456', name: 'Nina Holm' });
    const id = reg.data!.registerCitizen.id;
    expect(reg.data!.registerCitizen.cpr).toBe('171170-3456');
    expect((await search('carla', 'nina holm')).hits.map((h) => h.cpr)).toEqual(['171170-3456']);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const created = await t.gql(`mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`, {
      input: { citizenId: id, type: 'JOBAFKLARINGSFORLOEB', decisionDate: day(0), startDate: day(0), endDate: day(365), employmentGoal: 'Afklaring', goalKind: 'SECTOR', planPeriodEnd: day(200), teamUnits: [] },
    }, tokens.anna);
    expect(created.errors).toBeUndefined();
    // Anna coordinates, with her own unit on the team; Carla's health unit is not on it.
    expect((await search('carla', 'nina holm')).hits.map((h) => [h.cpr, h.hasActiveProgramme])).toEqual([['171170-****', true]]);
    expect((await search('anna', 'nina holm')).hits.map((h) => h.cpr)).toEqual(['171170-3456']);
  });
});

describe('the citizen search', () => {
  it('finds the exact CPR number, with or without the dash, whole even to someone without standing, and audits each lookup naming the citizen', async () => {
    const per = await cprOf('Per Hansen');
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM citizen WHERE name = 'Per Hansen'`);
    const before = await auditRows('SEARCH_CITIZEN_CPR', id);
    for (const text of [per, dashed(per), ` ${dashed(per)} `]) {
      const { hits } = await search('carla', text);
      expect(hits).toEqual([{ id, name: 'Per Hansen', cpr: dashed(per), birthDate: '2005-06-02', hasActiveProgramme: true }]);
    }
    expect(await auditRows('SEARCH_CITIZEN_CPR', id)).toBe(before + 3);
    // ... and it is in Per's access log, which his coordinator reads.
    const log = await t.gql<{ accessLog: Array<{ action: string; channel: string; actorName: string }> }>(
      `query($id: ID!) { accessLog(citizenId: $id) { action channel actorName } }`, { id }, tokens.anna);
    expect(log.data?.accessLog).toContainEqual({ action: 'SEARCH_CITIZEN_CPR', channel: 'SEARCH', actorName: 'Carla Nielsen' });
  });

  it('a CPR number not registered finds nothing, and that lookup is audited too', async () => {
    const before = await auditRows('SEARCH_CITIZEN_CPR', null);
    expect((await search('anna', '111111-1118')).hits).toEqual([]);
    expect(await auditRows('SEARCH_CITIZEN_CPR', null)).toBe(before + 1);
    expect(codeOf((await search('anna', '311111-1118')).res)).toBe('BAD_USER_INPUT');
  });

  it('finds any part of a name, whatever the case, and writes a read per citizen returned', async () => {
    const { hits } = await search('anna', 'HANS');
    expect(hits.map((h) => h.name)).toContain('Per Hansen');
    const per = hits.find((h) => h.name === 'Per Hansen')!;
    const reads = () => count(t, `SELECT 1 FROM audit_log WHERE action = 'SEARCH_CITIZEN_NAME' AND citizen_id = $1 AND channel = 'SEARCH' AND actor_id = (SELECT id FROM app_user WHERE username = 'dorte')`, [per.id]);
    expect(await reads()).toBe(0);
    await search('dorte', 'per h');
    expect(await reads()).toBe(1);
    // A search that finds nobody reads nobody; LIKE's wildcards are taken literally.
    expect((await search('anna', '%%')).hits).toEqual([]);
    expect((await search('anna', 'e_a')).hits).toEqual([]); // '_' as a wildcard would find "Eva"
    expect((await search('anna', 'eva')).hits.map((h) => h.name)).toEqual(['Eva Jensen']);
    // Each word typed is a part of the name, in any order, as a name is often said surname first.
    expect((await search('anna', 'Jensen Eva')).hits.map((h) => h.name)).toEqual(['Eva Jensen']);
    expect((await search('anna', 'jens   ev')).hits.map((h) => h.name)).toEqual(['Eva Jensen']);
    expect((await search('anna', 'Eva Hansen')).hits).toEqual([]);
    expect(codeOf((await search('anna', 'p')).res)).toBe('BAD_USER_INPUT');
  });

  it('finds a name in any usual Danish spelling, as Mine sager does: å as aa, ø as oe or o, æ as ae', async () => {
    const res = await register('anna', { cpr: '140672-3417', name: 'Mette Aagaard Sørensen' });
    expect(res.errors).toBeUndefined();
    const names = async (text: string) => (await search('carla', text)).hits.map((h) => h.name);
    for (const text of ['ågård', 'Aagaard', 'soerensen', 'Sorensen mette', 'ÅGÅRD SØRENSEN', 'aagård']) expect(await names(text)).toEqual(['Mette Aagaard Sørensen']);
    // "a" is not "å": another name, not another spelling.
    expect(await names('agard')).toEqual([]);
  });

  it('never finds another municipality’s citizens, by name or by CPR number', async () => {
    const sofie = await cprOf('Sofie Andersen');
    expect((await search('anna', 'Sofie')).hits).toEqual([]);
    expect((await search('anna', sofie)).hits).toEqual([]);
    expect((await search('otto', 'sofie')).hits.map((h) => [h.name, h.cpr])).toEqual([['Sofie Andersen', dashed(sofie)]]);
    // Ole Berg is registered in both municipalities with the same number: each finds its own.
    const [fmk, svb] = [(await search('anna', '050575-2222')).hits, (await search('otto', '050575-2222')).hits];
    expect(fmk).toHaveLength(1);
    expect(svb).toHaveLength(1);
    expect(fmk[0].id).not.toBe(svb[0].id);
  });

  it('is for caseworkers only, and returns at most `first`', async () => {
    for (const who of ['lene', 'mikkel']) expect(codeOf((await search(who, 'Per')).res)).toBe('FORBIDDEN');
    expect((await search('anna', 'en', 2)).hits).toHaveLength(2);
    expect(codeOf((await search('anna', 'en', 500)).res)).toBe('BAD_USER_INPUT');
  });

  it('refuses a search longer than a name, by its field, before it reads anything or writes a row', async () => {
    const rows = await count(t, `SELECT 1 FROM audit_log`);
    const { res } = await search('anna', `Per ${'Hansen '.repeat(20_000)}`);
    expect({ code: codeOf(res), field: res.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'search' });
    expect(codeOf((await search('anna', 'x'.repeat(101))).res)).toBe('BAD_USER_INPUT');
    expect(await count(t, `SELECT 1 FROM audit_log`)).toBe(rows);
    // A name padded with blanks is the name.
    expect((await search('anna', `Per Hansen${' '.repeat(200)}`)).hits.length).toBeGreaterThan(0);
  });
});

describe('the name search index', () => {
  it('can serve a search for any part of a name (trigram), not only its start', async () => {
    // With a few thousand rows the planner rightly prefers reading the table; taking that
    // choice away shows whether the index can answer '%part%' at all.
    const runner = t.db.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query(`SET LOCAL enable_seqscan = off`);
      const plan: Array<{ 'QUERY PLAN': string }> = await runner.query(`EXPLAIN SELECT id FROM citizen WHERE lower(name COLLATE "da-DK-x-icu") LIKE '%anse%'`);
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('Bitmap Index Scan on citizen_name_search_idx');
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });
});

describe('the citizen’s contact details, kept up to date from the plan', () => {
  const UPDATE = `mutation($input: UpdateCitizenContactInput!) { updateCitizenContact(input: $input) { id phone address version } }`;
  const READ_PLAN = `query($id: ID!) { plan(id: $id) { citizen { phone address version } } }`;
  type Contact = { id: string; phone: string | null; address: string | null; version: number };

  it('staff on the plan change phone and address, versioned; the change is audited and in the plan’s history, without the CPR number', async () => {
    const planId = await planIdOf(t, 'Per');
    const read = async (who: string) => (await t.gql<{ plan: { citizen: { phone: string | null; address: string | null; version: number } } }>(READ_PLAN, { id: planId }, tokens[who])).data!.plan.citizen;
    const start = await read('bent');
    const res = await t.gql<{ updateCitizenContact: Contact }>(UPDATE, { input: { planId, expectedVersion: start.version, phone: ' 20  11 22 33 ', address: 'Nørregade 12, 5750 Ringe' } }, tokens.bent);
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateCitizenContact).toMatchObject({ phone: '20 11 22 33', address: 'Nørregade 12, 5750 Ringe', version: start.version + 1 });
    expect(await read('anna')).toEqual({ phone: '20 11 22 33', address: 'Nørregade 12, 5750 Ringe', version: start.version + 1 });

    // In the plan's history, with what changed and no CPR number; in the citizen's access log.
    const [event] = await t.db.dataSource.query(`SELECT kind, summary, payload FROM plan_event WHERE plan_id = $1 ORDER BY seq DESC LIMIT 1`, [planId]);
    expect(event.kind).toBe('CITIZEN_CONTACT_UPDATED');
    expect(event.summary).toBe('Bent Sørensen (Socialforvaltningen) rettede Per Hansens kontaktoplysninger');
    const [{ cpr }] = await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE id = (SELECT citizen_id FROM plan WHERE id = $1)`, [planId]);
    expect(cpr).toMatch(/^\d{10}$/);
    const payload = JSON.stringify(event.payload);
    expect(payload).not.toMatch(/cpr/i);
    for (const written of [cpr, `${cpr.slice(0, 6)}-${cpr.slice(6)}`]) expect(payload).not.toContain(written);
    const HISTORY = `query($planId: ID!) { planHistory(planId: $planId, first: 1) { items { kind title changes { label before after } } } }`;
    const history = await t.gql<{ planHistory: { items: Array<{ kind: string; title: string; changes: Array<{ label: string; before: string | null; after: string | null }> }> } }>(HISTORY, { planId }, tokens.anna);
    expect(history.data!.planHistory.items[0]).toMatchObject({ kind: 'CITIZEN_CONTACT_UPDATED', title: 'borgerens kontaktoplysninger' });
    expect(history.data!.planHistory.items[0].changes.map((c) => [c.label, c.after])).toEqual(expect.arrayContaining([['Telefon', '20 11 22 33'], ['Adresse', 'Nørregade 12, 5750 Ringe']]));
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'UPDATE_CITIZEN_CONTACT' AND outcome = 'ALLOWED' AND citizen_id = (SELECT citizen_id FROM plan WHERE id = $1)`, [planId])).toBe(1);

    // A stale version: CONFLICT with the details as they are, nothing written.
    const stale = await t.gql(UPDATE, { input: { planId, expectedVersion: start.version, phone: '99 99 99 99' } }, tokens.anna);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions!.current).toMatchObject({ phone: '20 11 22 33', version: start.version + 1 });
    expect(stale.errors![0].extensions!.current).not.toHaveProperty('cpr');
    // Empty text clears one field only.
    const cleared = await t.gql<{ updateCitizenContact: Contact }>(UPDATE, { input: { planId, expectedVersion: start.version + 1, phone: '' } }, tokens.anna);
    expect(cleared.data!.updateCitizenContact).toMatchObject({ phone: null, address: 'Nørregade 12, 5750 Ringe' });
  });

  it('refuses what is no phone number, nothing to change, and anyone not on the plan', async () => {
    const planId = await planIdOf(t, 'Per');
    const { version } = (await t.gql<{ plan: { citizen: { version: number } } }>(READ_PLAN, { id: planId }, tokens.anna)).data!.plan.citizen;
    const bad = await t.gql(UPDATE, { input: { planId, expectedVersion: version, phone: 'ring til moren' } }, tokens.anna);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].message).toBe('Skriv et telefonnummer med cifre, fx 72 53 10 00.');
    // Judged as it is stored, runs of spaces made one: "12   345" is five digits, no number.
    const short = await t.gql(UPDATE, { input: { planId, expectedVersion: version, phone: '12   345' } }, tokens.anna);
    expect(short.errors![0]).toMatchObject({ message: 'Skriv et telefonnummer med cifre, fx 72 53 10 00.', extensions: { code: 'BAD_USER_INPUT', field: 'phone' } });
    expect(codeOf(await t.gql(UPDATE, { input: { planId, expectedVersion: version } }, tokens.anna))).toBe('BAD_USER_INPUT');
    for (const who of ['carla', 'otto']) expect(codeOf(await t.gql(UPDATE, { input: { planId, expectedVersion: version, phone: '12 34 56 78' } }, tokens[who]))).toBe('NOT_FOUND');
    // A leader and a mentor are no staff on a plan: refused by role, before any plan is looked up.
    for (const who of ['lene', 'mikkel']) expect(codeOf(await t.gql(UPDATE, { input: { planId, expectedVersion: version, phone: '12 34 56 78' } }, tokens[who]))).toBe('FORBIDDEN');
    expect((await t.gql<{ plan: { citizen: { version: number } } }>(READ_PLAN, { id: planId }, tokens.anna)).data!.plan.citizen.version).toBe(version);
  });
});
