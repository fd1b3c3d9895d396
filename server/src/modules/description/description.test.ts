import { codeOf, count, planIdOf, untilWaitingForLock } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * The plan's overall description through the real server. Per Hansen's plan: coordinator Anna
 * (jobcenter), Social (Bent) on the team, Health (Carla) not. Eva Jensen's ressourceforløb
 * (2022 rules): Employment (Anna, Dorte) and Health (Carla) on the team. Jonas Friis's
 * helhedsorienteret forløb (2026): coordinator Bent. Otto works in another municipality,
 * Mikkel is a mentor, Lene a leader.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'otto', 'mikkel', 'lene']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const userId = async (username: string): Promise<string> => (await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;

const FIELDS = 'id kind title text inCitizensOwnWords authorKind version updatedAt updatedBy { name }';
const SECTIONS = `query($id: ID!) { plan(id: $id) { descriptionSections { ${FIELDS} } } }`;
const UPDATE = `mutation($input: UpdateDescriptionSectionInput!) { updateDescriptionSection(input: $input) { ${FIELDS} } }`;
const HISTORY = `query($planId: ID!, $recordId: ID) { planHistory(planId: $planId, recordId: $recordId) { items { kind summary changes { field before after } } } }`;

interface Section { id: string; kind: string; title: string; text: string; inCitizensOwnWords: boolean; authorKind: string; version: number; updatedAt: string | null; updatedBy: { name: string } | null }

async function sections(user: string, citizen: string): Promise<Section[]> {
  const res = await t.gql<{ plan: { descriptionSections: Section[] } }>(SECTIONS, { id: await planIdOf(t, citizen) }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.plan.descriptionSections;
}

async function section(user: string, citizen: string, kind: string): Promise<Section> {
  return (await sections(user, citizen)).find((s) => s.kind === kind)!;
}

async function update(user: string, citizen: string, kind: string, text: string, expectedVersion: number, extra: Record<string, unknown> = {}) {
  const input = { planId: await planIdOf(t, citizen), kind, text, inCitizensOwnWords: false, expectedVersion, ...extra };
  return t.gql<{ updateDescriptionSection: Section }>(UPDATE, { input }, tokens[user]);
}

async function write(user: string, citizen: string, kind: string, text: string, extra: Record<string, unknown> = {}): Promise<Section> {
  const current = await section(user, citizen, kind);
  const res = await update(user, citizen, kind, text, current.version, extra);
  expect(res.errors).toBeUndefined();
  return res.data!.updateDescriptionSection;
}

const BASE_KINDS = ['RESOURCES', 'CHALLENGES', 'CITIZEN_WISHES', 'HELP_WANTED'];

describe('the sections a plan shows', () => {
  it('every kind, the unwritten ones empty at version 0 with an id that stays when it is written', async () => {
    const before = await sections('anna', 'Per');
    expect(before.map((s) => [s.kind, s.title])).toEqual([
      ['RESOURCES', 'Ressourcer'], ['CHALLENGES', 'Udfordringer'], ['CITIZEN_WISHES', 'Mine ønsker og mål'],
      ['HELP_WANTED', 'Det vil jeg gerne have hjælp til'], ['HEALTH_COORDINATOR_ADVICE', 'Sundhedskoordinatorens anbefaling'],
    ]);
    const challenges = before.find((s) => s.kind === 'CHALLENGES')!;
    expect(challenges).toMatchObject({ text: '', version: 0, updatedAt: null, updatedBy: null, inCitizensOwnWords: false });
    const written = await write('anna', 'Per', 'CHALLENGES', 'Angst i store grupper; svært ved at møde om morgenen.');
    expect(written).toMatchObject({ id: challenges.id, version: 1, authorKind: 'STAFF', updatedBy: { name: 'Anna Holm' } });
  });
});

describe('who may write and read the description', () => {
  it('the coordinator writes the citizen\'s wishes in their own words; the team caseworker reads them and writes on', async () => {
    const mine = await write('anna', 'Per', 'CITIZEN_WISHES', 'Jeg vil gerne arbejde i en butik, hvor jeg kender kollegerne.', { inCitizensOwnWords: true });
    expect(mine).toMatchObject({ version: 1, inCitizensOwnWords: true, updatedBy: { name: 'Anna Holm' } });
    expect(await section('bent', 'Per', 'CITIZEN_WISHES')).toMatchObject({ text: 'Jeg vil gerne arbejde i en butik, hvor jeg kender kollegerne.', inCitizensOwnWords: true });
    const bents = await write('bent', 'Per', 'CITIZEN_WISHES', 'Jeg vil gerne arbejde i en butik og bo i egen lejlighed.', { inCitizensOwnWords: true });
    expect(bents).toMatchObject({ version: 2, updatedBy: { name: 'Bent Sørensen' } });
  });

  it.each([
    ['a caseworker whose unit is not on the team', 'carla'],
    ['a caseworker of another municipality', 'otto'],
  ])('%s gets NOT_FOUND for reading and writing, audited, and nothing is written', async (_label, user) => {
    const planId = await planIdOf(t, 'Per');
    const denialsBefore = await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND outcome = 'DENIED'`, [await userId(user)]);
    expect(codeOf(await t.gql(SECTIONS, { id: planId }, tokens[user]))).toBe('NOT_FOUND');
    expect(codeOf(await update(user, 'Per', 'RESOURCES', 'Ikke min sag', 0))).toBe('NOT_FOUND');
    expect(await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND outcome = 'DENIED'`, [await userId(user)])).toBeGreaterThanOrEqual(denialsBefore + 2);
    expect(await count(t, `SELECT 1 FROM plan_description_section WHERE text = 'Ikke min sag'`)).toBe(0);
  });

  it("a section the citizen wrote while a caseworker's save waited is not written over: she is shown it (CONFLICT); writing over it after that is refused and logged", async () => {
    const mine = await write('anna', 'Kim', 'HELP_WANTED', 'Hjælp til at finde en praktikplads.');
    // The citizen's own save (Min plan), not yet committed: it holds the section's row.
    const citizens = t.db.dataSource.createQueryRunner();
    await citizens.connect();
    await citizens.startTransaction();
    await citizens.query(
      `UPDATE plan_description_section SET text = 'Hjælp til at skrive ansøgninger.', in_citizens_own_words = true, author_kind = 'CITIZEN', version = version + 1 WHERE id = $1`, [mine.id]);
    try {
      const pending = update('anna', 'Kim', 'HELP_WANTED', 'Annas rettelse', mine.version);
      expect(await untilWaitingForLock(t, pending)).toBe(true);
      await citizens.commitTransaction();
      const res = await pending;
      // Saved on the version she read: what is there now is shown to her, as for any save meanwhile.
      expect(res.errors![0].extensions).toMatchObject({ code: 'CONFLICT', current: { text: 'Hjælp til at skrive ansøgninger.', authorKind: 'CITIZEN' } });
    } finally {
      await citizens.release();
    }
    const denied = async () => t.db.dataSource.query(
      `SELECT action, citizen_id, detail FROM audit_log WHERE actor_id = $1 AND outcome = 'DENIED' AND entity_id = $2`, [await userId('anna'), mine.id]);
    expect(await denied()).toEqual([]);
    // On top of the citizen's version, knowing it is theirs: refused, and in the citizen's access log.
    const again = await update('anna', 'Kim', 'HELP_WANTED', 'Annas rettelse', mine.version + 1);
    expect(again.errors![0]).toMatchObject({ message: 'Afsnittet er skrevet af borgeren selv. Kun borgeren kan ændre sine egne ord.', extensions: { code: 'FORBIDDEN' } });
    const [{ citizen_id: kim }] = await t.db.dataSource.query(`SELECT citizen_id FROM plan WHERE id = $1`, [await planIdOf(t, 'Kim')]);
    expect(await denied()).toEqual([{ action: 'UPDATE_DESCRIPTION_SECTION', citizen_id: kim, detail: "the citizen's own words" }]);
    expect(await section('anna', 'Kim', 'HELP_WANTED')).toMatchObject({ text: 'Hjælp til at skrive ansøgninger.', authorKind: 'CITIZEN' });
  });

  it.each([['a mentor', 'mikkel'], ['a leader', 'lene']])('%s can neither write nor read the description', async (_label, user) => {
    expect(codeOf(await update(user, 'Eva', 'RESOURCES', 'Ikke min sag', 0))).toBe('FORBIDDEN');
    // Refused by role, the same answer for a real plan and a made-up one: it tells nothing of the plan.
    const real = codeOf(await t.gql(SECTIONS, { id: await planIdOf(t, 'Eva') }, tokens[user]));
    expect(real).toMatch(/NOT_FOUND|FORBIDDEN/);
    expect(codeOf(await t.gql(SECTIONS, { id: '00000000-0000-4000-8000-000000000000' }, tokens[user]))).toBe(real);
    expect(await count(t, `SELECT 1 FROM plan_description_section WHERE text = 'Ikke min sag'`)).toBe(0);
  });
});

describe("the sundhedskoordinator's advice (LAB §113, stk. 3)", () => {
  const ADVICE = 'HEALTH_COORDINATOR_ADVICE';

  it('the health caseworker on the team writes it; the coordinator reads it; another unit on the team neither sees nor writes it', async () => {
    const advice = await write('carla', 'Eva', ADVICE, 'Skånehensyn: ingen tunge løft; højst fire timer om dagen i de første måneder.');
    expect(advice).toMatchObject({ version: 1, updatedBy: { name: 'Carla Nielsen' } });
    expect(await section('anna', 'Eva', ADVICE)).toMatchObject({ text: advice.text, version: 1 });

    expect((await sections('dorte', 'Eva')).map((s) => s.kind)).toEqual(BASE_KINDS);
    expect(codeOf(await update('dorte', 'Eva', ADVICE, 'Dortes udkast', 1))).toBe('NOT_FOUND');
    expect(await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND action = 'UPDATE_DESCRIPTION_SECTION' AND outcome = 'DENIED'`, [await userId('dorte')])).toBe(1);
    expect(await section('anna', 'Eva', ADVICE)).toMatchObject({ text: advice.text, version: 1 });
    const ownWords = await update('anna', 'Eva', ADVICE, 'Borgerens ord', 1, { inCitizensOwnWords: true });
    expect(ownWords.errors![0]).toMatchObject({ message: 'Sundhedskoordinatorens anbefaling er ikke skrevet med borgerens egne ord.', extensions: { code: 'BAD_USER_INPUT', field: 'inCitizensOwnWords' } });
  });

  it("its event names the change but not the advice, which is kept in the section's versions", async () => {
    const advice = await write('anna', 'Eva', ADVICE, 'Anbefaler samtale med egen læge om smertebehandling.');
    const [event] = await t.db.dataSource.query(`SELECT summary, payload::text AS payload FROM plan_event WHERE entity_id = $1::uuid ORDER BY seq DESC LIMIT 1`, [advice.id]);
    expect(event.summary).toBe('Anna Holm (Jobcenter) opdaterede sundhedskoordinatorens anbefaling');
    expect(event.payload).not.toContain('smertebehandling');
    const versions = await t.db.dataSource.query(`SELECT version, text FROM plan_description_section_version WHERE section_id = $1 ORDER BY version`, [advice.id]);
    expect(versions.map((v: { version: number }) => v.version)).toEqual([...Array(advice.version).keys()].map((i) => i + 1));
    expect(versions[versions.length - 1].text).toBe('Anbefaler samtale med egen læge om smertebehandling.');
  });

  it('a forløb decided after the reform has it too: the samlet beskrivelse with the sundhedskoordinator\'s advice (lov nr. 1750/2025)', async () => {
    // Jonas Friis: a helhedsorienteret forløb from 2026, coordinator Bent (social), health on the team.
    expect((await sections('bent', 'Jonas')).map((s) => s.kind)).toEqual([...BASE_KINDS, ADVICE]);
    const advice = await write('carla', 'Jonas', ADVICE, 'Anbefaler afklaring af søvnproblemer hos egen læge før praktik.');
    expect(advice).toMatchObject({ version: 1, updatedBy: { name: 'Carla Nielsen' } });
    expect(await section('bent', 'Jonas', ADVICE)).toMatchObject({ text: advice.text });
  });

  it('a jobafklaringsforløb under the 2022 rules has none: not shown, and writing it is refused with the rule', async () => {
    // Lise Mortensen's jobafklaringsforløb, as if decided before 1 February 2026 (lov nr. 1160/2021).
    await t.db.dataSource.query(
      `UPDATE programme SET law_version = 'RULES_2022' WHERE citizen_id = (SELECT id FROM citizen WHERE name = 'Lise Mortensen') AND type = 'JOBAFKLARINGSFORLOEB'`);
    expect((await sections('anna', 'Lise')).map((s) => s.kind)).toEqual(BASE_KINDS);
    const res = await update('anna', 'Lise', ADVICE, 'Skånehensyn', 0);
    expect(res.errors![0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'NO_HEALTH_COORDINATOR_ADVICE', source: 'LAB §113, stk. 3 (lov nr. 1160/2021); lov nr. 1750/2025' });
  });
});

describe('versions, validation, audit rows and events', () => {
  it('a save on a stale version is refused with CONFLICT and the current section; so is creating one someone else created', async () => {
    const first = await write('anna', 'Per', 'HELP_WANTED', 'Hjælp til at komme op om morgenen.');
    const second = await write('bent', 'Per', 'HELP_WANTED', 'Hjælp til at komme op om morgenen og til økonomien.');
    const stale = await update('anna', 'Per', 'HELP_WANTED', 'Annas ændring', first.version);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions!.current).toMatchObject({ version: second.version, text: second.text });
    const again = await update('anna', 'Per', 'HELP_WANTED', 'Annas nye afsnit', 0);
    expect(codeOf(again)).toBe('CONFLICT');
    expect(await section('anna', 'Per', 'HELP_WANTED')).toMatchObject({ version: second.version, text: second.text });
  });

  it("two who began on a section not yet written: the second, shown the first's text (CONFLICT), saves their own on it from version 0, and the history says whose text it replaced", async () => {
    const planId = await planIdOf(t, 'Per');
    const unwritten = (await sections('anna', 'Per')).find((x) => BASE_KINDS.includes(x.kind) && x.version === 0)!;
    expect(unwritten).toBeDefined();
    const annas = await write('anna', 'Per', unwritten.kind, 'Per er god til at holde styr på lageret.');
    const refused = await update('bent', 'Per', unwritten.kind, 'Per har et netværk i fodboldklubben.', 0);
    expect(codeOf(refused)).toBe('CONFLICT');

    const merged = await update('bent', 'Per', unwritten.kind, 'Per er god til at holde styr på lageret og har et netværk i fodboldklubben.', annas.version, { baseVersion: 0 });
    expect(merged.errors).toBeUndefined();
    expect(merged.data!.updateDescriptionSection).toMatchObject({ version: annas.version + 1, updatedBy: { name: 'Bent Sørensen' } });
    const [event] = await t.db.dataSource.query(`SELECT payload->'overwrote' AS overwrote FROM plan_event WHERE plan_id = $1 AND entity_id = $2 ORDER BY seq DESC LIMIT 1`, [planId, unwritten.id]);
    expect(event.overwrote).toEqual([expect.objectContaining({ userId: await userId('anna'), fields: ['text'] })]);
  });

  it('text of at most 10,000 characters, with a Danish message', async () => {
    const res = await update('anna', 'Per', 'RESOURCES', 'x'.repeat(10_001), 0);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toBe('Teksten må højst være 10.000 tegn.');
    expect((await write('anna', 'Per', 'RESOURCES', 'x'.repeat(10_000))).text).toHaveLength(10_000);
  });

  it('counted as the database counts: 10,000 "❤️" (a heart and U+FE0F, two characters each) are refused at the text; 5,000 are kept, and so are spaces around 10,000, which are not stored', async () => {
    const heart = '❤️';
    const current = await section('anna', 'Per', 'CHALLENGES');
    const res = await update('anna', 'Per', 'CHALLENGES', heart.repeat(10_000), current.version);
    expect(res.errors![0]).toMatchObject({ message: 'Teksten må højst være 10.000 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    expect((await section('anna', 'Per', 'CHALLENGES')).version).toBe(current.version);
    expect((await write('anna', 'Per', 'CHALLENGES', heart.repeat(5_000))).text).toBe(heart.repeat(5_000));
    expect((await write('anna', 'Per', 'CHALLENGES', ` ${'y'.repeat(10_000)}\n`)).text).toBe('y'.repeat(10_000));
  });

  it('an empty section is not marked as written in the citizen\'s own words: refused at the text, with a Danish message, and nothing saved', async () => {
    const before = await section('anna', 'Per', 'CHALLENGES');
    for (const text of ['', '   ']) {
      const res = await update('anna', 'Per', 'CHALLENGES', text, before.version, { inCitizensOwnWords: true });
      expect(res.errors![0]).toMatchObject({
        message: 'Et tomt afsnit kan ikke være skrevet med borgerens egne ord. Skriv borgerens ord i feltet, eller fjern markeringen »Skrevet med borgerens egne ord«.',
        extensions: { code: 'BAD_USER_INPUT', field: 'text' },
      });
    }
    expect(await section('anna', 'Per', 'CHALLENGES')).toMatchObject({ text: before.text, inCitizensOwnWords: before.inCitizensOwnWords, version: before.version });
    // With the citizen's words in it, the mark is kept.
    expect(await write('anna', 'Per', 'CHALLENGES', 'Jeg bliver hurtigt træt.', { inCitizensOwnWords: true })).toMatchObject({ inCitizensOwnWords: true });
  });

  it('each save commits its change, audit row and event in one transaction; the history names the text before and after', async () => {
    const first = await write('anna', 'Kim', 'RESOURCES', 'Gode hænder og glad for at lave noget praktisk.', { inCitizensOwnWords: true });
    const second = await write('bent', 'Kim', 'RESOURCES', 'Gode hænder; har tidligere arbejdet som tømrerlærling.');
    const events: Array<{ kind: string; summary: string; tx: string }> = await t.db.dataSource.query(
      `SELECT kind, summary, xmin::text AS tx FROM plan_event WHERE entity_id = $1::uuid ORDER BY seq`, [first.id]);
    expect(events.map((e) => [e.kind, e.summary])).toEqual([
      // The whole sentence in the plan's changes: who, as every other line names them, and the heading in » «.
      ['DESCRIPTION_UPDATED', 'Anna Holm (Jobcenter) opdaterede »Ressourcer« i den samlede beskrivelse med borgerens egne ord'],
      ['DESCRIPTION_UPDATED', 'Bent Sørensen (Socialforvaltningen) opdaterede »Ressourcer« i den samlede beskrivelse'],
    ]);
    const audits: Array<{ tx: string }> = await t.db.dataSource.query(
      `SELECT xmin::text AS tx FROM audit_log WHERE entity_id = $1 AND action = 'UPDATE_DESCRIPTION_SECTION' AND outcome = 'ALLOWED' ORDER BY id`, [first.id]);
    expect(audits.map((a) => a.tx)).toEqual(events.map((e) => e.tx));
    const [row] = await t.db.dataSource.query(`SELECT xmin::text AS tx FROM plan_description_section WHERE id = $1`, [second.id]);
    expect(row.tx).toBe(events[1].tx);

    const history = await t.gql<{ planHistory: { items: Array<{ kind: string; changes: Array<{ field: string; before: string | null; after: string | null }> }> } }>(
      HISTORY, { planId: await planIdOf(t, 'Kim'), recordId: first.id }, tokens.anna);
    expect(history.errors).toBeUndefined();
    const [latest, earliest] = history.data!.planHistory.items;
    expect(latest.changes).toContainEqual(expect.objectContaining({ field: 'text', before: first.text, after: second.text }));
    expect(earliest.changes).toContainEqual(expect.objectContaining({ field: 'text', after: first.text }));
  });
});
