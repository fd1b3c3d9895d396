import { randomUUID } from 'node:crypto';
import { codeOf, count, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * A forløb marked "Registreret ved en fejl" was never the citizen's (docs/domain.md, rule 5):
 * Min plan passes it over, and so do the citizen's own words. Its plan answers the citizen as
 * another citizen's plan does — NOT_FOUND, as a made-up id, in the access log as a refusal —
 * for what staff wrote in its sections may be about someone else. Per Hansen signs in as `per`;
 * Anna coordinates his running forløb; he also has an ended one, not marked.
 */
jest.setTimeout(60_000);

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'per']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const OWN_WORDS = `query($p: ID!) { myOwnWords(planId: $p) { id sections { kind text } heldMeetings { followUpId } meetingRequests { text } } }`;
const WRITE_SECTION = `mutation($input: WriteMyDescriptionSectionInput!) { writeMyDescriptionSection(input: $input) { id } }`;
const COMMENT = `mutation($input: WriteMyMeetingCommentInput!) { writeMyMeetingComment(input: $input) { id } }`;
const REQUEST = `mutation($input: RequestMeetingInput!) { requestMeeting(input: $input) { id } }`;
const SEEN = `mutation($planId: ID!) { markMyPlanSeen(planId: $planId) { id } }`;
const CORRECTION = `{ id version neverRan }`;
const MARK = `mutation($i: ProgrammeCorrectionInput!) { markProgrammeRegisteredInError(input: $i) ${CORRECTION} }`;
const UNMARK = `mutation($i: ProgrammeCorrectionInput!) { unmarkProgrammeRegisteredInError(input: $i) ${CORRECTION} }`;
const ABOUT_SOMEONE_ELSE = 'Ønsker at blive tømrer (skrevet om en anden borger)';

interface OwnWords { id: string; sections: Array<{ kind: string; text: string }>; heldMeetings: Array<{ followUpId: string }>; meetingRequests: Array<{ text: string }> }

const perReads = (planId: string) => t.gql<{ myOwnWords: OwnWords }>(OWN_WORDS, { p: planId }, tokens.per);
const perRows = (planId: string, action: string, outcome: string) => count(t,
  `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.actor_id WHERE u.username = 'per' AND a.action = $1 AND a.entity_id = $2 AND a.outcome = $3`,
  [action, planId, outcome]);

it("after the mark, the forløb's plan answers Per as a made-up id does: his words, samtaler and requests there are not read or written, and each try is a refusal in the access log", async () => {
  const planId = await planIdOf(t, 'Per');
  const [programme] = await t.db.dataSource.query(`SELECT pr.id, pr.version FROM programme pr JOIN plan p ON p.programme_id = pr.id WHERE p.id = $1`, [planId]);
  // Written while the forløb ran: by staff in his section, and his own request for a samtale.
  const wrote = await t.gql(`mutation($i: UpdateDescriptionSectionInput!) { updateDescriptionSection(input: $i) { id } }`,
    { i: { planId, kind: 'CITIZEN_WISHES', text: ABOUT_SOMEONE_ELSE, expectedVersion: 0, inCitizensOwnWords: false } }, tokens.anna);
  expect(wrote.errors).toBeUndefined();
  expect((await t.gql(REQUEST, { input: { planId, text: 'Kan vi tale om praktikken?' } }, tokens.per)).errors).toBeUndefined();
  const before = await perReads(planId);
  expect(before.errors).toBeUndefined();
  expect(before.data!.myOwnWords.sections.map((s) => s.text)).toContain(ABOUT_SOMEONE_ELSE);
  const [held] = before.data!.myOwnWords.heldMeetings;
  expect(held).toBeDefined();

  const marked = await t.gql<{ markProgrammeRegisteredInError: { version: number; neverRan: boolean } }>(MARK,
    { i: { id: programme.id, expectedVersion: programme.version, reason: 'Oprettet på den forkerte borger' } }, tokens.anna);
  expect(marked.errors).toBeUndefined();
  expect((await t.gql<{ myPlan: unknown }>(`{ myPlan { id } }`, {}, tokens.per)).data!.myPlan).toBeNull();
  const readsBefore = await perRows(planId, 'READ_OWN_WORDS', 'ALLOWED');

  // The same answer as an id that names no plan: nothing tells him the plan is there.
  const madeUp = await perReads(randomUUID());
  expect(codeOf(madeUp)).toBe('NOT_FOUND');
  const after = await perReads(planId);
  expect(after.data?.myOwnWords ?? null).toBeNull();
  expect(codeOf(after)).toBe('NOT_FOUND');
  expect(after.errors![0].message).toBe(madeUp.errors![0].message);
  expect(JSON.stringify(after)).not.toContain(ABOUT_SOMEONE_ELSE);
  expect(await perRows(planId, 'READ_OWN_WORDS', 'ALLOWED')).toBe(readsBefore);
  expect(await perRows(planId, 'READ_OWN_WORDS', 'DENIED')).toBe(1);

  // Nor does he write in it: the plan is not found (not "Dit forløb er afsluttet"), nothing is stored.
  const events = await count(t, `SELECT 1 FROM plan_event WHERE plan_id = $1`, [planId]);
  const writes: Array<[string, Record<string, unknown>, string]> = [
    [WRITE_SECTION, { input: { planId, kind: 'HELP_WANTED', expectedVersion: 0, text: 'Hjælp til at finde en praktik' } }, 'WRITE_OWN_DESCRIPTION_SECTION'],
    [COMMENT, { input: { followUpId: held.followUpId, expectedVersion: 0, text: 'Det var en god samtale' } }, 'WRITE_MEETING_COMMENT'],
    [REQUEST, { input: { planId, text: 'Kan vi tales ved igen?' } }, 'REQUEST_MEETING'],
    [SEEN, { planId }, 'MARK_PLAN_SEEN_BY_CITIZEN'],
  ];
  for (const [mutation, variables, action] of writes) {
    expect(codeOf(await t.gql(mutation, variables, tokens.per))).toBe('NOT_FOUND');
    const refusedAt = action === 'WRITE_MEETING_COMMENT' ? held.followUpId : planId;
    expect(await perRows(refusedAt, action, 'DENIED')).toBe(1);
  }
  expect(await count(t, `SELECT 1 FROM plan_event WHERE plan_id = $1`, [planId])).toBe(events);

  // His ended forløb that is not marked is still his to read.
  const [ended] = await t.db.dataSource.query(
    `SELECT p.id FROM plan p JOIN programme pr ON pr.id = p.programme_id JOIN citizen c ON c.id = p.citizen_id
      WHERE c.name = 'Per Hansen' AND pr.status = 'ENDED' AND pr.registered_in_error_at IS NULL LIMIT 1`);
  expect((await perReads(ended.id)).data?.myOwnWords.id).toBe(ended.id);

  // The mark taken back: the forløb counts again, ended, and its words are his to read, as any ended forløb's.
  const unmarked = await t.gql(UNMARK, { i: { id: programme.id, expectedVersion: marked.data!.markProgrammeRegisteredInError.version, reason: 'Det var den rigtige borger' } }, tokens.anna);
  expect(unmarked.errors).toBeUndefined();
  expect((await perReads(planId)).data?.myOwnWords.id).toBe(planId);
});
