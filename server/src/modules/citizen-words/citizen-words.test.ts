import { codeOf, count, planIdOf, summariesReadBy } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { citizenMayRead } from '../citizen';

/**
 * The citizen's own words through the real server. Per Hansen signs in as `per` (role
 * CITIZEN, bound to Per). His running plan: coordinator Anna (jobcenter), Social (Bent) on the
 * team. Eva Jensen's plan is another citizen's. Mikkel is a mentor.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
let perPlan: string;
let evaPlan: string;
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['per', 'anna', 'bent', 'mikkel']) tokens[u] = await t.login(u);
  perPlan = await planIdOf(t, 'Per');
  evaPlan = await planIdOf(t, 'Eva');
});
afterAll(() => t.stop());

const userId = async (username: string): Promise<string> => (await t.db.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;

const SECTION = 'id kind title text inCitizensOwnWords authorKind version updatedAt';
const WORDS = `id sections { ${SECTION} } heldMeetings { followUpId heldAt mode comment { id text version } }
  meetingRequests { id text wishedTime wishedMode requestedAt handledAt version } lastSeen { id seenAt }`;
const MY_WORDS = `query($planId: ID!) { myOwnWords(planId: $planId) { ${WORDS} } }`;
const STAFF_WORDS = `query($id: ID!) { plan(id: $id) { id unseenChangeCount citizenOwnWords { ${WORDS} } descriptionSections { ${SECTION} } followUps { id citizenComment { text version } } } }`;
const WRITE_SECTION = `mutation($input: WriteMyDescriptionSectionInput!) { writeMyDescriptionSection(input: $input) { ${SECTION} } }`;
const STAFF_SECTION = `mutation($input: UpdateDescriptionSectionInput!) { updateDescriptionSection(input: $input) { ${SECTION} } }`;
const COMMENT = `mutation($input: WriteMyMeetingCommentInput!) { writeMyMeetingComment(input: $input) { id followUpId text version } }`;
const REQUEST = `mutation($input: RequestMeetingInput!) { requestMeeting(input: $input) { id text wishedTime wishedMode handledAt version } }`;
const HANDLE = `mutation($input: HandleMeetingRequestInput!) { handleMeetingRequest(input: $input) { id handledAt handledBy { name } version } }`;
const SEEN = `mutation($planId: ID!) { markMyPlanSeen(planId: $planId) { id seenAt } }`;

interface Section { id: string; kind: string; title: string; text: string; inCitizensOwnWords: boolean; authorKind: string; version: number }
interface Words {
  id: string;
  sections: Section[];
  heldMeetings: Array<{ followUpId: string; heldAt: string; comment: { id: string; text: string; version: number } | null }>;
  meetingRequests: Array<{ id: string; text: string; wishedTime: string | null; wishedMode: string | null; handledAt: string | null; version: number }>;
  lastSeen: { id: string; seenAt: string } | null;
}

async function myWords(planId = perPlan): Promise<Words> {
  const res = await t.gql<{ myOwnWords: Words }>(MY_WORDS, { planId }, tokens.per);
  expect(res.errors).toBeUndefined();
  return res.data!.myOwnWords;
}

async function staffView(user = 'anna') {
  const res = await t.gql<{ plan: { unseenChangeCount: number; citizenOwnWords: Words; descriptionSections: Section[]; followUps: Array<{ id: string; citizenComment: { text: string; version: number } | null }> } }>(STAFF_WORDS, { id: perPlan }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.plan;
}

/** The last event of the plan, with the transaction ids of it and the audit row of the same action. */
async function lastEvent(planId: string) {
  const [event] = await t.db.dataSource.query(
    `SELECT kind, summary, actor_id, entity_id::text AS entity_id, xmin::text AS tx FROM plan_event WHERE plan_id = $1 ORDER BY seq DESC LIMIT 1`, [planId]);
  return event as { kind: string; summary: string; actor_id: string; entity_id: string; tx: string };
}

async function auditTx(action: string, entityId: string, outcome = 'ALLOWED'): Promise<string[]> {
  const rows: Array<{ tx: string }> = await t.db.dataSource.query(
    `SELECT xmin::text AS tx FROM audit_log WHERE action = $1 AND entity_id = $2 AND outcome = $3 ORDER BY id`, [action, entityId, outcome]);
  return rows.map((r) => r.tx);
}

const denials = (action: string) => count(t, `SELECT 1 FROM audit_log WHERE action = $1 AND outcome = 'DENIED'`, [action]);

describe("the citizen's own sections", () => {
  it('Per writes "Mine ønsker og mål" in his own plan: author CITIZEN, his own words; the change, audit row and event in one transaction; Anna reads it and her unseen count goes up', async () => {
    const before = await staffView();
    const mine = (await myWords()).sections;
    expect(mine.map((s) => [s.kind, s.title])).toEqual([['CITIZEN_WISHES', 'Mine ønsker og mål'], ['HELP_WANTED', 'Det vil jeg gerne have hjælp til']]);
    const wishes = mine.find((s) => s.kind === 'CITIZEN_WISHES')!;
    const res = await t.gql<{ writeMyDescriptionSection: Section }>(WRITE_SECTION,
      { input: { planId: perPlan, kind: 'CITIZEN_WISHES', text: '  Jeg vil gerne arbejde med dyr, fx i en dyrehandel.  ', expectedVersion: wishes.version } }, tokens.per);
    expect(res.errors).toBeUndefined();
    const written = res.data!.writeMyDescriptionSection;
    expect(written).toMatchObject({ kind: 'CITIZEN_WISHES', text: 'Jeg vil gerne arbejde med dyr, fx i en dyrehandel.', authorKind: 'CITIZEN', inCitizensOwnWords: true, version: wishes.version + 1 });

    const event = await lastEvent(perPlan);
    expect(event).toMatchObject({ kind: 'DESCRIPTION_UPDATED', summary: 'Per Hansen skrev i Mine ønsker og mål', actor_id: await userId('per'), entity_id: written.id });
    const [row] = await t.db.dataSource.query(`SELECT xmin::text AS tx FROM plan_description_section WHERE id = $1`, [written.id]);
    expect(await auditTx('WRITE_OWN_DESCRIPTION_SECTION', written.id)).toEqual([event.tx]);
    expect(row.tx).toBe(event.tx);

    const after = await staffView();
    expect(after.citizenOwnWords.sections.find((s) => s.kind === 'CITIZEN_WISHES')).toMatchObject({ text: written.text, authorKind: 'CITIZEN' });
    expect(after.descriptionSections.find((s) => s.kind === 'CITIZEN_WISHES')).toMatchObject({ text: written.text, authorKind: 'CITIZEN' });
    expect(after.unseenChangeCount).toBe(before.unseenChangeCount + 1);
    expect((await myWords()).sections.find((s) => s.kind === 'CITIZEN_WISHES')!.text).toBe(written.text);
    expect(await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND action = 'READ_OWN_WORDS' AND outcome = 'ALLOWED' AND entity_id = $2`, [await userId('per'), perPlan])).toBeGreaterThan(0);

    // Anna reads who wrote it by name, not by Per's MitID login.
    const by = await t.gql<{ plan: { descriptionSections: Array<{ kind: string; updatedBy: { name: string; username: string | null } | null }> } }>(
      `query($id: ID!) { plan(id: $id) { descriptionSections { kind updatedBy { name username } } } }`, { id: perPlan }, tokens.anna);
    expect(by.data!.plan.descriptionSections.find((s) => s.kind === 'CITIZEN_WISHES')!.updatedBy).toEqual({ name: 'Per Hansen', username: null });
  });

  it('a save on a stale version is CONFLICT with the current section, as for staff', async () => {
    const help = (await myWords()).sections.find((s) => s.kind === 'HELP_WANTED')!;
    const input = { planId: perPlan, kind: 'HELP_WANTED', text: 'Hjælp til at komme op om morgenen.', expectedVersion: help.version };
    const first = await t.gql<{ writeMyDescriptionSection: Section }>(WRITE_SECTION, { input }, tokens.per);
    expect(first.errors).toBeUndefined();
    const stale = await t.gql(WRITE_SECTION, { input: { ...input, text: 'Noget andet' } }, tokens.per);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions!.current).toMatchObject({ text: 'Hjælp til at komme op om morgenen.', version: first.data!.writeMyDescriptionSection.version });
  });

  it('validation: more than 4,000 characters, and another section, are refused with BAD_USER_INPUT naming the field', async () => {
    const wishes = (await myWords()).sections.find((s) => s.kind === 'CITIZEN_WISHES')!;
    const base = { planId: perPlan, kind: 'CITIZEN_WISHES', expectedVersion: wishes.version };
    const long = await t.gql(WRITE_SECTION, { input: { ...base, text: 'x'.repeat(4_001) } }, tokens.per);
    expect(long.errors![0]).toMatchObject({ message: 'Teksten må højst være 4.000 tegn.', extensions: { code: 'BAD_USER_INPUT' } });
    const other = await t.gql(WRITE_SECTION, { input: { ...base, kind: 'RESOURCES', text: 'Mine ressourcer', expectedVersion: 0 } }, tokens.per);
    expect(codeOf(other)).toBe('BAD_USER_INPUT');
    expect(await count(t, `SELECT 1 FROM plan_description_section WHERE text = 'Mine ressourcer'`)).toBe(0);
  });

  it('Per takes back what he wrote: saved empty, the section is his and empty, his words stay in its versions and the event; with nothing of his to take back an empty text is refused', async () => {
    const wishes = (await myWords()).sections.find((s) => s.kind === 'CITIZEN_WISHES')!;
    const words = wishes.text;
    expect(words).not.toBe('');
    const stale = await t.gql(WRITE_SECTION, { input: { planId: perPlan, kind: 'CITIZEN_WISHES', text: '', expectedVersion: wishes.version - 1 } }, tokens.per);
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions!.current).toMatchObject({ text: words, version: wishes.version });

    const res = await t.gql<{ writeMyDescriptionSection: Section }>(WRITE_SECTION, { input: { planId: perPlan, kind: 'CITIZEN_WISHES', text: '  ', expectedVersion: wishes.version } }, tokens.per);
    expect(res.errors).toBeUndefined();
    expect(res.data!.writeMyDescriptionSection).toMatchObject({ text: '', authorKind: 'CITIZEN', inCitizensOwnWords: false, version: wishes.version + 1 });
    expect((await myWords()).sections.find((s) => s.kind === 'CITIZEN_WISHES')).toMatchObject({ text: '', version: wishes.version + 1 });
    expect((await staffView()).descriptionSections.find((s) => s.kind === 'CITIZEN_WISHES')).toMatchObject({ text: '', authorKind: 'CITIZEN' });

    // Nothing is lost: the earlier text is a version of the section, and the event's change says what was taken back.
    const versions: Array<{ text: string }> = await t.db.dataSource.query(`SELECT text FROM plan_description_section_version WHERE section_id = $1 ORDER BY version`, [wishes.id]);
    expect(versions.map((v) => v.text).slice(-2)).toEqual([words, '']);
    const event = await lastEvent(perPlan);
    expect(event).toMatchObject({ kind: 'DESCRIPTION_UPDATED', summary: 'Per Hansen fjernede sin tekst i Mine ønsker og mål', actor_id: await userId('per'), entity_id: wishes.id });
    expect(await auditTx('WRITE_OWN_DESCRIPTION_SECTION', wishes.id)).toContain(event.tx);
    const history = await t.gql<{ planHistory: { items: Array<{ summary: string; changes: Array<{ field: string; before: string | null; after: string | null }> }> } }>(
      `query($planId: ID!) { planHistory(planId: $planId) { items { summary changes { field before after } } } }`, { planId: perPlan }, tokens.anna);
    expect(history.errors).toBeUndefined();
    const removal = history.data!.planHistory.items.find((i) => i.summary === 'Per Hansen fjernede sin tekst i Mine ønsker og mål')!;
    expect(removal.changes.find((c) => c.field === 'text')).toMatchObject({ before: words, after: null });

    // Already empty: nothing of his to take back.
    const again = await t.gql(WRITE_SECTION, { input: { planId: perPlan, kind: 'CITIZEN_WISHES', text: '', expectedVersion: wishes.version + 1 } }, tokens.per);
    expect(again.errors![0]).toMatchObject({ message: 'Skriv en tekst.', extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    // He writes again, on the emptied section.
    const rewritten = await t.gql<{ writeMyDescriptionSection: Section }>(WRITE_SECTION, { input: { planId: perPlan, kind: 'CITIZEN_WISHES', text: words, expectedVersion: wishes.version + 1 } }, tokens.per);
    expect(rewritten.data!.writeMyDescriptionSection).toMatchObject({ text: words, inCitizensOwnWords: true, version: wishes.version + 2 });
  });

  it("an empty text cannot take away what staff wrote in the citizen's section before he wrote in it", async () => {
    // The section as staff leave it when they fill it in before the citizen has written in it.
    await t.db.dataSource.query(`UPDATE plan_description_section SET author_kind = 'STAFF', text = 'Hjælp til CV (skrevet af Anna)', in_citizens_own_words = false WHERE plan_id = $1 AND kind = 'HELP_WANTED'`, [perPlan]);
    const help = (await myWords()).sections.find((s) => s.kind === 'HELP_WANTED')!;
    expect(help).toMatchObject({ authorKind: 'STAFF', text: 'Hjælp til CV (skrevet af Anna)' });
    const res = await t.gql(WRITE_SECTION, { input: { planId: perPlan, kind: 'HELP_WANTED', text: '', expectedVersion: help.version } }, tokens.per);
    expect(res.errors![0]).toMatchObject({ message: 'Skriv en tekst.', extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    expect((await myWords()).sections.find((s) => s.kind === 'HELP_WANTED')).toMatchObject({ authorKind: 'STAFF', text: 'Hjælp til CV (skrevet af Anna)', version: help.version });
  });

  it("another citizen's plan answers NOT_FOUND, audited, with nothing written", async () => {
    const before = await denials('WRITE_OWN_DESCRIPTION_SECTION');
    const res = await t.gql(WRITE_SECTION, { input: { planId: evaPlan, kind: 'CITIZEN_WISHES', text: 'Ikke min plan', expectedVersion: 0 } }, tokens.per);
    expect(res.errors![0]).toMatchObject({ message: 'Planen findes ikke.', extensions: { code: 'NOT_FOUND' } });
    expect(codeOf(await t.gql(MY_WORDS, { planId: evaPlan }, tokens.per))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(WRITE_SECTION, { input: { planId: '00000000-0000-0000-0000-000000000000', kind: 'CITIZEN_WISHES', text: 'x', expectedVersion: 0 } }, tokens.per))).toBe('NOT_FOUND');
    expect(await denials('WRITE_OWN_DESCRIPTION_SECTION')).toBe(before + 2);
    expect(await count(t, `SELECT 1 FROM plan_description_section WHERE text = 'Ikke min plan'`)).toBe(0);
  });

  it("staff may not write the citizen's own words: not through the citizen's mutation, and not over the citizen's text", async () => {
    const res = await t.gql(WRITE_SECTION, { input: { planId: perPlan, kind: 'CITIZEN_WISHES', text: 'Annas ord', expectedVersion: 1 } }, tokens.anna);
    expect(codeOf(res)).toBe('FORBIDDEN');
    const wishes = (await staffView()).descriptionSections.find((s) => s.kind === 'CITIZEN_WISHES')!;
    expect(wishes.authorKind).toBe('CITIZEN');
    const over = await t.gql(STAFF_SECTION, { input: { planId: perPlan, kind: 'CITIZEN_WISHES', text: 'Annas ord', inCitizensOwnWords: true, expectedVersion: wishes.version } }, tokens.anna);
    expect(over.errors![0]).toMatchObject({ message: 'Afsnittet er skrevet af borgeren selv. Kun borgeren kan ændre sine egne ord.', extensions: { code: 'FORBIDDEN' } });
    expect(await count(t, `SELECT 1 FROM audit_log WHERE actor_id = $1 AND action = 'UPDATE_DESCRIPTION_SECTION' AND outcome = 'DENIED' AND entity_id = $2`, [await userId('anna'), wishes.id])).toBe(1);
    expect(await count(t, `SELECT 1 FROM plan_description_section WHERE text = 'Annas ord'`)).toBe(0);
    expect(codeOf(await t.gql(MY_WORDS, { planId: perPlan }, tokens.anna))).toBe('FORBIDDEN');
  });
});

describe('comments on held samtaler', () => {
  it('one comment per held samtale, editable with its versions kept; Anna sees it on the follow-up; event and audit row in the same transaction', async () => {
    const held = (await myWords()).heldMeetings;
    expect(held.length).toBeGreaterThan(0);
    const meeting = held[0];
    expect(meeting.comment).toBeNull();
    const before = await staffView();
    const first = await t.gql<{ writeMyMeetingComment: { id: string; text: string; version: number } }>(COMMENT,
      { input: { followUpId: meeting.followUpId, text: 'Det var en god samtale.', expectedVersion: 0 } }, tokens.per);
    expect(first.errors).toBeUndefined();
    const comment = first.data!.writeMyMeetingComment;
    const event = await lastEvent(perPlan);
    expect(event).toMatchObject({ kind: 'MEETING_COMMENT_WRITTEN', actor_id: await userId('per'), entity_id: comment.id });
    expect(event.summary).toMatch(/^Per Hansen kommenterede samtalen \d+\. \S+ \d{4} kl\. \d{2}\.\d{2}$/);
    expect(await auditTx('WRITE_MEETING_COMMENT', comment.id)).toEqual([event.tx]);

    const again = await t.gql(COMMENT, { input: { followUpId: meeting.followUpId, text: 'En kommentar mere', expectedVersion: 0 } }, tokens.per);
    expect(codeOf(again)).toBe('CONFLICT');
    const edited = await t.gql<{ writeMyMeetingComment: { id: string; text: string; version: number } }>(COMMENT,
      { input: { followUpId: meeting.followUpId, text: 'Det var en god samtale. Jeg glæder mig til praktikken.', expectedVersion: 1 } }, tokens.per);
    expect(edited.data!.writeMyMeetingComment).toMatchObject({ id: comment.id, version: 2 });
    expect((await lastEvent(perPlan)).summary).toMatch(/^Per Hansen ændrede sin kommentar til samtalen /);
    expect(codeOf(await t.gql(COMMENT, { input: { followUpId: meeting.followUpId, text: 'Forældet', expectedVersion: 1 } }, tokens.per))).toBe('CONFLICT');
    const versions = await t.db.dataSource.query(`SELECT version, text FROM citizen_meeting_comment_version WHERE comment_id = $1 ORDER BY version`, [comment.id]);
    expect(versions.map((v: { text: string }) => v.text)).toEqual(['Det var en god samtale.', 'Det var en god samtale. Jeg glæder mig til praktikken.']);

    const after = await staffView();
    expect(after.followUps.find((f) => f.id === meeting.followUpId)!.citizenComment).toMatchObject({ text: 'Det var en god samtale. Jeg glæder mig til praktikken.', version: 2 });
    expect(after.citizenOwnWords.heldMeetings.find((m) => m.followUpId === meeting.followUpId)!.comment).toMatchObject({ version: 2 });
    expect(after.unseenChangeCount).toBe(before.unseenChangeCount + 2);
  });

  it("an empty or too long comment is BAD_USER_INPUT; another citizen's samtale is NOT_FOUND; staff cannot comment for the citizen", async () => {
    const meeting = (await myWords()).heldMeetings[0];
    const empty = await t.gql(COMMENT, { input: { followUpId: meeting.followUpId, text: ' ', expectedVersion: 0 } }, tokens.per);
    expect(empty.errors![0]).toMatchObject({ message: 'Skriv en kommentar.', extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    expect(codeOf(await t.gql(COMMENT, { input: { followUpId: meeting.followUpId, text: 'x'.repeat(2_001), expectedVersion: 0 } }, tokens.per))).toBe('BAD_USER_INPUT');
    const [evas] = await t.db.dataSource.query(`SELECT id FROM follow_up_meeting WHERE plan_id = $1 LIMIT 1`, [evaPlan]);
    const before = await denials('WRITE_MEETING_COMMENT');
    const other = await t.gql(COMMENT, { input: { followUpId: evas.id, text: 'Ikke min samtale', expectedVersion: 0 } }, tokens.per);
    expect(other.errors![0]).toMatchObject({ message: 'Samtalen findes ikke.', extensions: { code: 'NOT_FOUND' } });
    expect(await denials('WRITE_MEETING_COMMENT')).toBe(before + 1);
    expect(codeOf(await t.gql(COMMENT, { input: { followUpId: meeting.followUpId, text: 'Annas kommentar', expectedVersion: 0 } }, tokens.anna))).toBe('FORBIDDEN');
    expect(await count(t, `SELECT 1 FROM citizen_meeting_comment WHERE text IN ('Ikke min samtale', 'Annas kommentar')`)).toBe(0);
  });

  it('a samtale not yet held, and a comment never written, are NOT_FOUND, each in his access log', async () => {
    const [ahead] = await t.db.dataSource.query(
      `INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, participants, summary, next_meeting_at, created_by)
       SELECT municipality_id, plan_id, now() + interval '2 days', mode, participants, 'Aftalt', now() + interval '30 days', created_by FROM follow_up_meeting WHERE plan_id = $1 LIMIT 1 RETURNING id`, [perPlan]);
    const notYet = await t.gql(COMMENT, { input: { followUpId: ahead.id, text: 'På forhånd', expectedVersion: 0 } }, tokens.per);
    expect(notYet.errors![0]).toMatchObject({ message: 'Samtalen findes ikke.', extensions: { code: 'NOT_FOUND' } });
    const uncommented = (await myWords()).heldMeetings.find((m) => m.comment === null)!;
    const never = await t.gql(COMMENT, { input: { followUpId: uncommented.followUpId, text: 'Rettelse', expectedVersion: 1 } }, tokens.per);
    expect(never.errors![0]).toMatchObject({ message: 'Kommentaren findes ikke.', extensions: { code: 'NOT_FOUND' } });
    const [{ citizen_id: per }] = await t.db.dataSource.query(`SELECT citizen_id FROM plan WHERE id = $1`, [perPlan]);
    const logged = await t.db.dataSource.query(
      `SELECT entity_id::text AS entity_id, detail FROM audit_log WHERE action = 'WRITE_MEETING_COMMENT' AND outcome = 'DENIED' AND citizen_id = $1 AND entity_id IN ($2, $3) ORDER BY id`,
      [per, ahead.id, uncommented.followUpId]);
    expect(logged).toEqual([{ entity_id: ahead.id, detail: 'samtale not yet held' }, { entity_id: uncommented.followUpId, detail: 'no comment to change' }]);
    expect(await count(t, `SELECT 1 FROM citizen_meeting_comment WHERE text IN ('På forhånd', 'Rettelse')`)).toBe(0);
  });

  it('a CONFLICT on his comment shows Per the comment as he reads it: the fields of his allow-list, not the stored row; no refused field is logged', async () => {
    const [held] = await t.db.dataSource.query(
      `INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, participants, summary, next_meeting_at, created_by)
       SELECT municipality_id, plan_id, now() - interval '3 days', mode, participants, 'Aftalt', now() + interval '30 days', created_by FROM follow_up_meeting WHERE plan_id = $1 LIMIT 1 RETURNING id`, [perPlan]);
    const write = (text: string, expectedVersion: number) => t.gql<{ writeMyMeetingComment: { id: string; version: number } }>(COMMENT, { input: { followUpId: held.id, text, expectedVersion } }, tokens.per);
    const first = (await write('Godt at tale om praktikken.', 0)).data!.writeMyMeetingComment;
    expect((await write('Godt at tale om praktikken. Og om bussen.', 1)).errors).toBeUndefined();
    const refusedFields = () => count(t, `SELECT 1 FROM audit_log WHERE action = 'READ_FIELD' AND outcome = 'DENIED'`);
    const refusedBefore = await refusedFields();
    // A second first comment, and a save on the version he read before the last: both CONFLICT with the comment as it is.
    for (const stale of [await write('En anden kommentar', 0), await write('Forældet', 1)]) {
      expect(codeOf(stale)).toBe('CONFLICT');
      const current = stale.errors![0].extensions!.current as Record<string, unknown>;
      // Not the municipality, nor who saved it: no fields of the comment, so not his to read.
      expect(Object.keys(current).sort()).toEqual(['__typename', 'createdAt', 'followUpId', 'id', 'planId', 'text', 'updatedAt', 'version']);
      expect(current).toMatchObject({ __typename: 'CitizenMeetingComment', id: first.id, followUpId: held.id, text: 'Godt at tale om praktikken. Og om bussen.', version: 2 });
      expect(Object.keys(current).filter((k) => k !== '__typename').every((k) => citizenMayRead('CitizenMeetingComment', k))).toBe(true);
    }
    expect(await refusedFields()).toBe(refusedBefore);
  });

  it('of two samtaler held the same day, the line in the plan\'s changes names the one commented on by its time', async () => {
    // 01.08 and 01.12 in Denmark on 3 March 2026 (winter time, UTC+1).
    const heldAt = async (at: string): Promise<string> => (await t.db.dataSource.query(
      `INSERT INTO follow_up_meeting (municipality_id, plan_id, held_at, mode, participants, summary, next_meeting_at, created_by)
       SELECT municipality_id, plan_id, $2, mode, participants, 'Aftalt', now() + interval '30 days', created_by FROM follow_up_meeting WHERE plan_id = $1 LIMIT 1 RETURNING id`, [perPlan, at]))[0].id;
    await heldAt('2026-03-03T00:08:00Z');
    const later = await heldAt('2026-03-03T00:12:00Z');
    const write = (text: string, expectedVersion: number) => t.gql(COMMENT, { input: { followUpId: later, text, expectedVersion } }, tokens.per);
    expect((await write('Den sidste af de to samtaler.', 0)).errors).toBeUndefined();
    expect((await lastEvent(perPlan)).summary).toBe('Per Hansen kommenterede samtalen 3. marts 2026 kl. 01.12');
    expect((await write('Den sidste af de to samtaler den dag.', 1)).errors).toBeUndefined();
    expect((await lastEvent(perPlan)).summary).toBe('Per Hansen ændrede sin kommentar til samtalen 3. marts 2026 kl. 01.12');
  });
});

describe('asking for a samtale', () => {
  it('Per asks with a wished time and mode; Anna sees it open and marks it handled; a second handling is CONFLICT; Bent on the team may not', async () => {
    const before = await staffView();
    const res = await t.gql<{ requestMeeting: { id: string; version: number } }>(REQUEST,
      { input: { planId: perPlan, text: 'Jeg vil gerne tale om praktikken.', wishedTime: 'En formiddag i næste uge', wishedMode: 'PHONE' } }, tokens.per);
    expect(res.errors).toBeUndefined();
    const request = res.data!.requestMeeting;
    const event = await lastEvent(perPlan);
    expect(event).toMatchObject({ kind: 'MEETING_REQUESTED', summary: 'Per Hansen bad om en samtale', actor_id: await userId('per'), entity_id: request.id });
    expect(await auditTx('REQUEST_MEETING', request.id)).toEqual([event.tx]);

    const seen = await staffView();
    expect(seen.unseenChangeCount).toBe(before.unseenChangeCount + 1);
    expect(seen.citizenOwnWords.meetingRequests[0]).toMatchObject({ id: request.id, text: 'Jeg vil gerne tale om praktikken.', wishedTime: 'En formiddag i næste uge', wishedMode: 'PHONE', handledAt: null });

    expect(codeOf(await t.gql(HANDLE, { input: { id: request.id, expectedVersion: 1 } }, tokens.bent))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(HANDLE, { input: { id: request.id, expectedVersion: 1 } }, tokens.per))).toBe('FORBIDDEN');
    const handled = await t.gql<{ handleMeetingRequest: { handledAt: string; handledBy: { name: string }; version: number } }>(HANDLE, { input: { id: request.id, expectedVersion: 1 } }, tokens.anna);
    expect(handled.errors).toBeUndefined();
    expect(handled.data!.handleMeetingRequest).toMatchObject({ handledBy: { name: 'Anna Holm' }, version: 2 });
    const handledEvent = await lastEvent(perPlan);
    expect(handledEvent).toMatchObject({ kind: 'MEETING_REQUEST_HANDLED', actor_id: await userId('anna') });
    // The coordinator's feed says who handled it, the person with their unit; Per's own request names him as before.
    expect(await summariesReadBy(t, tokens.anna, perPlan, 2, request.id)).toEqual([
      'Anna Holm (Jobcenter) markerede borgerens ønske om en samtale som behandlet',
      'Per Hansen bad om en samtale',
    ]);
    expect(await auditTx('HANDLE_MEETING_REQUEST', request.id)).toEqual([handledEvent.tx]);
    const again = await t.gql(HANDLE, { input: { id: request.id, expectedVersion: 1 } }, tokens.anna);
    expect(codeOf(again)).toBe('CONFLICT');
    // The request as Anna reads it: who handled it by the field's id, not the stored row's municipality.
    const current = again.errors![0].extensions!.current as Record<string, unknown>;
    expect(current).not.toHaveProperty('municipalityId');
    expect(current).toMatchObject({ __typename: 'CitizenMeetingRequest', id: request.id, version: 2, handledById: await userId('anna') });
    expect((await myWords()).meetingRequests.find((r) => r.id === request.id)!.handledAt).not.toBeNull();
  });

  it('an open request stays in view behind any number of newer handled ones; of the handled, the latest 20', async () => {
    const ask = async (text: string) => (await t.gql<{ requestMeeting: { id: string; version: number } }>(REQUEST, { input: { planId: perPlan, text } }, tokens.per)).data!.requestMeeting;
    const old = await ask('Det gamle ønske, som ingen har set');
    for (let i = 1; i <= 22; i++) {
      const newer = await ask(`Ønske ${i}`);
      expect((await t.gql(HANDLE, { input: { id: newer.id, expectedVersion: newer.version } }, tokens.anna)).errors).toBeUndefined();
    }
    const requests = (await staffView()).citizenOwnWords.meetingRequests;
    expect(requests.find((r) => r.id === old.id)).toMatchObject({ handledAt: null });
    expect(requests.filter((r) => r.handledAt !== null)).toHaveLength(20);
    expect(requests.filter((r) => r.handledAt !== null)[0].text).toBe('Ønske 22');
    expect((await myWords()).meetingRequests.some((r) => r.id === old.id)).toBe(true);
  });

  it("an empty or too long text is BAD_USER_INPUT; another citizen's plan is NOT_FOUND; staff cannot ask in the citizen's name", async () => {
    const empty = await t.gql(REQUEST, { input: { planId: perPlan, text: '  ' } }, tokens.per);
    expect(empty.errors![0]).toMatchObject({ message: 'Skriv, hvad du gerne vil tale om.', extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    expect(codeOf(await t.gql(REQUEST, { input: { planId: perPlan, text: 'x'.repeat(1_001) } }, tokens.per))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(REQUEST, { input: { planId: perPlan, text: 'Samtale', wishedTime: 'x'.repeat(201) } }, tokens.per))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(REQUEST, { input: { planId: evaPlan, text: 'Ikke min plan' } }, tokens.per))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REQUEST, { input: { planId: perPlan, text: 'Annas ønske' } }, tokens.anna))).toBe('FORBIDDEN');
    expect(await count(t, `SELECT 1 FROM citizen_meeting_request WHERE text IN ('Ikke min plan', 'Annas ønske')`)).toBe(0);
  });
});

describe('"Jeg har set planen"', () => {
  it('every mark is kept with its time and the latest shows to staff; its event counts as new for Anna; another plan is NOT_FOUND; staff cannot mark it', async () => {
    const before = await staffView();
    const first = await t.gql<{ markMyPlanSeen: { id: string; seenAt: string } }>(SEEN, { planId: perPlan }, tokens.per);
    expect(first.errors).toBeUndefined();
    const event = await lastEvent(perPlan);
    expect(event).toMatchObject({ kind: 'PLAN_SEEN_BY_CITIZEN', summary: 'Per Hansen har set planen', actor_id: await userId('per'), entity_id: first.data!.markMyPlanSeen.id });
    expect(await auditTx('MARK_PLAN_SEEN_BY_CITIZEN', first.data!.markMyPlanSeen.id)).toEqual([event.tx]);
    const second = await t.gql<{ markMyPlanSeen: { id: string; seenAt: string } }>(SEEN, { planId: perPlan }, tokens.per);
    expect(await count(t, `SELECT 1 FROM citizen_plan_seen WHERE plan_id = $1`, [perPlan])).toBe(2);
    const after = await staffView();
    expect(after.citizenOwnWords.lastSeen).toEqual(second.data!.markMyPlanSeen);
    expect(after.unseenChangeCount).toBe(before.unseenChangeCount + 2);
    expect((await myWords()).lastSeen).toEqual(second.data!.markMyPlanSeen);
    expect(codeOf(await t.gql(SEEN, { planId: evaPlan }, tokens.per))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(SEEN, { planId: perPlan }, tokens.anna))).toBe('FORBIDDEN');
  });

  it("a mentor sees none of it, and the citizen's allow-list holds: staff fields on the plan are not his", async () => {
    // On a plan where he is the mentor (a grant active today), not only on one he has nothing to do with.
    const [{ plan_id: hisPlan }] = await t.db.dataSource.query(
      `SELECT g.plan_id FROM mentor_grant g JOIN app_user u ON u.id = g.mentor_id WHERE u.username = 'mikkel' AND g.start_date <= current_date AND g.end_date >= current_date LIMIT 1`);
    for (const id of [hisPlan, perPlan]) {
      const res = await t.gql<{ plan: { citizenOwnWords: Words | null } | null }>(`query($id: ID!) { plan(id: $id) { citizenOwnWords { id } } }`, { id }, tokens.mikkel);
      expect(res.data?.plan?.citizenOwnWords ?? null).toBeNull();
      expect(codeOf(res)).toMatch(/FORBIDDEN|NOT_FOUND/);
    }
    const citizen = await t.gql(`query($id: ID!) { plan(id: $id) { citizenOwnWords { id } } }`, { id: perPlan }, tokens.per);
    expect(codeOf(citizen)).toMatch(/FORBIDDEN|NOT_FOUND/);
  });

  it('his ended forløb is history: he reads his words there, but writes no more in it', async () => {
    const [ended] = await t.db.dataSource.query(
      `SELECT p.id FROM plan p JOIN programme pr ON pr.id = p.programme_id JOIN citizen c ON c.id = pr.citizen_id
        WHERE c.name = 'Per Hansen' AND pr.status = 'ENDED' LIMIT 1`);
    expect(ended).toBeDefined();
    expect((await myWords(ended.id)).id).toBe(ended.id);
    const write = await t.gql(WRITE_SECTION, { input: { planId: ended.id, kind: 'CITIZEN_WISHES', expectedVersion: 0, text: 'Jeg vil gerne arbejde i en butik' } }, tokens.per);
    expect(codeOf(write)).toBe('RULE_VIOLATION');
    // Min plan shows a running forløb only: the refusal promises no reading the page does not offer.
    expect(write.errors?.[0].message).toBe('Dit forløb er afsluttet, så du kan ikke længere skrive i planen.');
    expect(codeOf(await t.gql(REQUEST, { input: { planId: ended.id, text: 'Kan vi tales ved?' } }, tokens.per))).toBe('RULE_VIOLATION');
    expect(codeOf(await t.gql(SEEN, { planId: ended.id }, tokens.per))).toBe('RULE_VIOLATION');
    expect(await count(t, `SELECT 1 FROM plan_event WHERE plan_id = $1 AND actor_id = $2`, [ended.id, await userId('per')])).toBe(0);
  });
});

describe('lengths, counted as the database counts them', () => {
  // "❤️" is a heart and U+FE0F, which asks for its emoji form: two characters to PostgreSQL's
  // char_length, by which the tables' CHECKs count, and so two here.
  const HEART = '❤️';

  it('a request of 1,000 hearts, or a wished time of 200, is refused at its field in Danish, and nothing is stored', async () => {
    const text = await t.gql(REQUEST, { input: { planId: perPlan, text: HEART.repeat(1_000) } }, tokens.per);
    expect(text.errors![0]).toMatchObject({ message: 'Teksten må højst være 1.000 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    const wished = await t.gql(REQUEST, { input: { planId: perPlan, text: 'Samtale om hjerter', wishedTime: HEART.repeat(200) } }, tokens.per);
    expect(wished.errors![0]).toMatchObject({ message: 'Det ønskede tidspunkt må højst være 200 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'wishedTime' } });
    expect(await count(t, `SELECT 1 FROM citizen_meeting_request WHERE text = 'Samtale om hjerter' OR text LIKE $1`, [`${HEART}%`])).toBe(0);
  });

  it('500 hearts (1,000 characters) are taken as written; spaces around a text at the limit are not stored, so they do not count', async () => {
    const hearts = await t.gql<{ requestMeeting: { text: string; wishedTime: string | null } }>(REQUEST,
      { input: { planId: perPlan, text: HEART.repeat(500), wishedTime: HEART.repeat(100) } }, tokens.per);
    expect(hearts.errors).toBeUndefined();
    expect(hearts.data!.requestMeeting).toMatchObject({ text: HEART.repeat(500), wishedTime: HEART.repeat(100) });
    const padded = await t.gql<{ requestMeeting: { text: string; wishedTime: string | null } }>(REQUEST,
      { input: { planId: perPlan, text: `  ${'x'.repeat(1_000)}\n`, wishedTime: ` ${'y'.repeat(200)} ` } }, tokens.per);
    expect(padded.errors).toBeUndefined();
    expect(padded.data!.requestMeeting).toMatchObject({ text: 'x'.repeat(1_000), wishedTime: 'y'.repeat(200) });
  });

  it('a comment of 2,000 hearts is refused at the text in Danish; 1,000 are kept', async () => {
    const meeting = (await myWords()).heldMeetings[0];
    const expectedVersion = meeting.comment?.version ?? 0;
    const long = await t.gql(COMMENT, { input: { followUpId: meeting.followUpId, text: HEART.repeat(2_000), expectedVersion } }, tokens.per);
    expect(long.errors![0]).toMatchObject({ message: 'Kommentaren må højst være 2.000 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    const ok = await t.gql<{ writeMyMeetingComment: { text: string } }>(COMMENT, { input: { followUpId: meeting.followUpId, text: HEART.repeat(1_000), expectedVersion } }, tokens.per);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.writeMyMeetingComment.text).toBe(HEART.repeat(1_000));
  });
});
