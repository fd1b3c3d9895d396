import { recordPgMessages } from '../../test-support/pg-messages';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase, insertMeeting, type CaseIds } from '../rules/rules-fixtures';

/**
 * "Book den aftalte samtale" on Mine sager: whether the samtale agreed at each plan's latest held
 * samtale is booked, read for a page of plans at once, and read from the latest held samtale of
 * each plan only, not from every samtale of every plan on the page.
 */
jest.setTimeout(60_000);
const messages = recordPgMessages();

let t: TestServer;
let anna: string;
beforeAll(async () => {
  t = await startTestServer();
  anna = await t.login('anna');
});
afterAll(() => t.stop());

/** A day `days` from today, as insertMeeting takes it. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const CASELOAD = `query($filter: CaseloadFilter) { caseload(first: 100, filter: $filter) { items { id nextFollowUpAt nextFollowUpBooked citizen { name } } } }`;
interface Item { id: string; nextFollowUpAt: string | null; nextFollowUpBooked: boolean; citizen: { name: string } }

/** Books the samtale agreed at the plan's latest held samtale, as "Book den aftalte samtale" does. */
async function bookAgreed(c: CaseIds): Promise<void> {
  const [latest] = await t.db.dataSource.query(`SELECT next_meeting_at FROM follow_up_meeting WHERE plan_id = $1 ORDER BY held_at DESC LIMIT 1`, [c.planId]);
  const startsAt = new Date(latest.next_meeting_at);
  const res = await t.gql(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`, {
    input: { planId: c.planId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), mode: 'PHONE', agreedAt: startsAt.toISOString() },
  }, anna);
  expect(res.errors).toBeUndefined();
}

it('a page of Mine sager tells for each plan whether the samtale agreed at its latest held samtale is booked, reading one held samtale per plan', async () => {
  const start = day(-200);
  // Booked: the samtale agreed at the latest held samtale is booked.
  const booked = await insertCase(t.db.dataSource, { start, name: 'Aftaleborger Booket' });
  await insertMeeting(t.db.dataSource, booked, day(-150), day(-100));
  await insertMeeting(t.db.dataSource, booked, day(-100), day(20));
  await bookAgreed(booked);
  // Booked before: the agreement of an earlier samtale was booked; the one agreed at the latest is not.
  const earlier = await insertCase(t.db.dataSource, { start, name: 'Aftaleborger Tidligere' });
  await insertMeeting(t.db.dataSource, earlier, day(-150), day(10));
  await bookAgreed(earlier);
  await insertMeeting(t.db.dataSource, earlier, day(-5), day(30));
  // No samtale held yet.
  await insertCase(t.db.dataSource, { start, name: 'Aftaleborger Ingen' });

  messages.length = 0;
  const res = await t.gql<{ caseload: { items: Item[] } }>(CASELOAD, { filter: { search: 'Aftaleborger' } }, anna);
  expect(res.errors).toBeUndefined();
  const byName = Object.fromEntries(res.data!.caseload.items.map((i) => [i.citizen.name, i]));
  expect(Object.keys(byName).sort()).toEqual(['Aftaleborger Booket', 'Aftaleborger Ingen', 'Aftaleborger Tidligere']);
  expect(byName['Aftaleborger Booket'].nextFollowUpBooked).toBe(true);
  expect(byName['Aftaleborger Tidligere'].nextFollowUpBooked).toBe(false);
  expect(new Date(byName['Aftaleborger Tidligere'].nextFollowUpAt!).toISOString().slice(0, 10)).toBe(day(30));
  expect(byName['Aftaleborger Ingen']).toMatchObject({ nextFollowUpAt: null, nextFollowUpBooked: false });

  // The same without nextFollowUpAt (which lists the plan's samtaler): the page then reads the
  // latest held samtale of every plan in one statement, and no plan's samtaler as a whole.
  messages.length = 0;
  const only = await t.gql<{ caseload: { items: Array<{ nextFollowUpBooked: boolean; citizen: { name: string } }> } }>(
    `query($filter: CaseloadFilter) { caseload(first: 100, filter: $filter) { items { nextFollowUpBooked citizen { name } } } }`, { filter: { search: 'Aftaleborger' } }, anna);
  expect(only.data!.caseload.items.map((i) => [i.citizen.name, i.nextFollowUpBooked]).sort()).toEqual([
    ['Aftaleborger Booket', true], ['Aftaleborger Ingen', false], ['Aftaleborger Tidligere', false],
  ]);
  const sent = messages.flat();
  const heldRead = sent.filter((s) => /\bfollow_up_meeting"?\s+WHERE\s+"?plan_id"?\s*=\s*ANY/i.test(s));
  expect(heldRead).toHaveLength(1);
  expect(heldRead[0]).toMatch(/^SELECT DISTINCT ON \(plan_id\)/);
});
