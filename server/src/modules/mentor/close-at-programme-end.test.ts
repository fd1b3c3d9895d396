import { addDays, formatDanishDate, localDate } from '@samplan/schema';
import { count } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase } from '../rules/rules-fixtures';

/**
 * Ending a programme ends the mentor grants that run past its last day (close-at-programme-end.ts).
 * A grant already called off is not ended again, and a grant keeps the tasks its mentor logged
 * inside it (MENTOR_GRANT_ENDS_BEFORE_TASK, docs/domain.md §6), also when the programme is ended
 * as of a day gone by.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  const [fmk] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'mikkel'`);
  await t.db.dataSource.query(`INSERT INTO app_user (municipality_id, username, subject, name, role, activated_at) VALUES ($1, 'mette', 'mette', 'Mette Mentor', 'MENTOR', now()), ($1, 'mona', 'mona', 'Mona Mentor', 'MENTOR', now())`, [fmk.municipality_id]);
  for (const u of ['anna', 'mikkel', 'mette', 'mona']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);
// Danish days, as the server counts them, whatever the hour in UTC.
const dk = (offset: number) => addDays(localDate(new Date()), offset);

const CREATE = `mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id version } }`;
const LOG = `mutation($input: LogMentorTaskInput!) { logMentorTask(input: $input) { id } }`;
const END_GRANT = `mutation($id: ID!, $v: Int!, $d: String) { endMentorGrant(id: $id, expectedVersion: $v, endDate: $d) { endDate } }`;
const END_PROGRAMME = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { status endDate } }`;

async function grant(planId: string, mentor: string, startDate: string, endDate: string): Promise<{ id: string; version: number }> {
  const [{ id: mentorId }] = await q(`SELECT id FROM app_user WHERE username = $1`, [mentor]);
  const res = await t.gql<{ createMentorGrant: { id: string; version: number } }>(CREATE, { input: {
    planId, mentorId, purpose: 'Støtte i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate, endDate,
  } }, tokens.anna);
  expect(res.errors).toBeUndefined();
  return res.data!.createMentorGrant;
}

async function logTask(mentor: string, grantId: string, date: string): Promise<void> {
  expect((await t.gql(LOG, { input: { grantId, date, minutes: 30, title: 'Fulgte borgeren til jobcentret' } }, tokens[mentor])).errors).toBeUndefined();
}

async function endProgramme(programmeId: string, endDate?: string): Promise<void> {
  const [{ version }] = await q(`SELECT version FROM programme WHERE id = $1`, [programmeId]);
  const res = await t.gql(END_PROGRAMME, { input: { id: programmeId, expectedVersion: version, endReason: 'MOVED', endDate } }, tokens.anna);
  expect(res.errors).toBeUndefined();
}

const stored = async (id: string) =>
  (await q(`SELECT to_char(end_date, 'YYYY-MM-DD') AS "end", ended_early AS early, version FROM mentor_grant WHERE id = $1`, [id]))[0] as { end: string; early: boolean; version: number };
const endings = (id: string) => q(`SELECT summary FROM plan_event WHERE entity_id = $1 AND kind = 'MENTOR_GRANT_ENDED' ORDER BY seq`, [id]) as Promise<Array<{ summary: string }>>;
const audits = (id: string) => count(t, `SELECT 1 FROM audit_log WHERE action = 'END_MENTOR_GRANT' AND entity_id = $1 AND outcome = 'ALLOWED'`, [id]);

describe('a programme ended as of a day gone by', () => {
  it("ends a grant on the latest day its mentor logged a task, not before it; one begun since with tasks ends on its task's day, not called off; one begun since without tasks is called off", async () => {
    const ids = await insertCase(t.db.dataSource, { start: dk(-60), name: 'Flyttede for ti dage siden' });
    // Mikkel's grant ran from a month ago; he logged work 20 and 4 days ago.
    const mikkels = await grant(ids.planId, 'mikkel', dk(-30), dk(60));
    await logTask('mikkel', mikkels.id, dk(-20));
    await logTask('mikkel', mikkels.id, dk(-4));
    // Mette's began six days ago; she logged work three days ago.
    const mettes = await grant(ids.planId, 'mette', dk(-6), dk(60));
    await logTask('mette', mettes.id, dk(-3));
    // Mona's began five days ago; she has logged nothing.
    const monas = await grant(ids.planId, 'mona', dk(-5), dk(60));

    // The citizen moved ten days ago; the coordinator hears of it today.
    const E = dk(-10);
    await endProgramme(ids.programmeId, E);

    expect(await stored(mikkels.id)).toEqual({ end: dk(-4), early: true, version: mikkels.version + 1 });
    expect(await endings(mikkels.id)).toEqual([{ summary: `Mentorstøtten er afsluttet pr. ${formatDanishDate(dk(-4))}: forløbet er afsluttet` }]);
    // Begun after the programme's last day, but it ran: Mette worked under it. It ends on her task's day, and is not told as called off.
    expect(await stored(mettes.id)).toEqual({ end: dk(-3), early: true, version: mettes.version + 1 });
    expect(await endings(mettes.id)).toEqual([{ summary: `Mentorstøtten er afsluttet pr. ${formatDanishDate(dk(-3))}: forløbet er afsluttet` }]);
    // Nothing logged under it: called off, as before (the day before its first is its last).
    expect(await stored(monas.id)).toEqual({ end: dk(-6), early: true, version: monas.version + 1 });
    expect(await endings(monas.id)).toEqual([{ summary: `Mentorstøtten fra ${formatDanishDate(dk(-5))} er aflyst: forløbet er afsluttet` }]);
    // Each grant so ended has its audit row, written with it.
    for (const g of [mikkels, mettes, monas]) expect(await audits(g.id)).toBe(1);
    // No task lies after its grant's last day.
    expect(await count(t, `SELECT 1 FROM mentor_task k JOIN mentor_grant g ON g.id = k.grant_id WHERE g.plan_id = $1 AND k.done_on > g.end_date`, [ids.planId])).toBe(0);
  });
});

describe('a grant called off before the programme ends', () => {
  it('is not ended again: no second audit row, event or notice to its mentor, and the ending does not say the mentor support ended', async () => {
    const ids = await insertCase(t.db.dataSource, { start: dk(-60), name: 'Aflyst mentor' });
    const ahead = await grant(ids.planId, 'mikkel', dk(10), dk(60));
    expect((await t.gql(END_GRANT, { id: ahead.id, v: ahead.version, d: null }, tokens.anna)).errors).toBeUndefined();
    const calledOff = await stored(ahead.id);
    expect(calledOff).toEqual({ end: dk(9), early: true, version: ahead.version + 1 });

    await endProgramme(ids.programmeId);

    expect(await stored(ahead.id)).toEqual(calledOff);
    expect((await endings(ahead.id)).map((e) => e.summary)).toEqual([expect.stringMatching(/ aflyste mentorstøtten fra .*, før den begyndte$/)]);
    expect(await audits(ahead.id)).toBe(1);
    const [ended] = await q(`SELECT summary FROM plan_event WHERE plan_id = $1 AND kind = 'PROGRAMME_UPDATED' ORDER BY seq DESC LIMIT 1`, [ids.planId]);
    expect(ended.summary).toMatch(/afsluttede forløbet/);
    expect(ended.summary).not.toMatch(/mentorstøtten/);
  });
});
