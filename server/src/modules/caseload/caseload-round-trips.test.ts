import { recordPgMessages } from '../../test-support/pg-messages';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase, insertIntervention, insertMeeting } from '../rules/rules-fixtures';

/**
 * What the first page of Mine sager costs in round trips to PostgreSQL (every message the server
 * sends through node-postgres: one `query` call, however many statements it holds), when its
 * warnings advise: the advice is said to each reader as fits their rights on the plan, and those
 * rights and the intervention's unit must not cost round trips of their own after the warnings.
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

/** The live feed's reads, on connections of their own (woken by NOTIFY or a timed poll). */
const isFeeds = (message: string) => message.includes('FROM plan_event e WHERE e.seq >') || message.includes('pg_locks');

/** Mine sager's first page as the client asks for it (client/src/modules/caseload/CaseloadPage.tsx). */
const CASELOAD = `query Caseload($first: Int, $after: String, $filter: CaseloadFilter, $sort: CaseloadSort) {
  caseload(first: $first, after: $after, filter: $filter, sort: $sort) {
    totalCount nextCursor liveFrom
    items {
      id myStanding unseenChangeCount updatedAt latestChangeAt latestChangeBy { id name role unit { id name } }
      updatedBy { id name unit { id name } }
      nextFollowUpAt nextBookedMeeting { id startsAt }
      citizen { id name }
      programme { id type daysLeft endDate status endReason warningLevel warnings { rule severity message } }
      team { id kind name }
      coordinator { id user { id name } }
      coordinatorLeft
      interventions { id title updatedAt unit { id name } updatedBy { id name } }
      activities { id title updatedAt updatedBy { id name unit { id name } } }
    }
  }
}`;

interface Item { programme: { warnings: Array<{ rule: string; message: string }> } | null }

/** The messages of one read of the first page, the least of three (a timed poll of the feed may fall in). */
async function firstPage(): Promise<{ sent: string[]; items: Item[] }> {
  let least: string[] | null = null;
  let items: Item[] = [];
  for (let i = 0; i < 3; i++) {
    messages.length = 0;
    const res = await t.gql<{ caseload: { items: Item[] } }>(CASELOAD, { first: 25 }, anna);
    expect(res.errors).toBeUndefined();
    items = res.data!.caseload.items;
    const own = messages.map((m) => m.join('; ')).filter((m) => !isFeeds(m));
    if (!least || own.length < least.length) least = own;
  }
  return { sent: least!, items };
}

it('the first page of Mine sager with warnings that advise costs no round trip after the warnings for the advice', async () => {
  // Running forløb of Anna's, first in the order by name, with warnings whose advice depends on the
  // reader: a plan period run out (the coordinator's), an internship without a purpose (its unit's).
  for (const name of ['Aage Abildgaard', 'Abel Abrahamsen']) {
    const start = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
    const c = await insertCase(t.db.dataSource, { start, name, periodEnd: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10) });
    await insertMeeting(t.db.dataSource, c, start, new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10));
    await insertIntervention(t.db.dataSource, c, { kind: 'INTERNSHIP', status: 'PLANNED', start: null, title: 'Praktik i kantine' });
  }
  const { sent, items } = await firstPage();
  const said = items.flatMap((i) => i.programme?.warnings ?? []);
  expect(said.find((w) => w.rule === 'PLAN_PERIOD')?.message).toContain('forlæng planperioden');
  expect(said.find((w) => w.rule === 'INTERNSHIP_PURPOSE')?.message).toContain('Angiv, om den primært');
  // The page with its access log, the plans, their fields (each plan's access facts among them,
  // read once for the page), the warning facts with the units and users, and COMMIT.
  expect(sent).toHaveLength(5);
  const facts = sent.findIndex((m) => m.includes('programme_warning_facts'));
  expect(facts).toBe(3);
  expect(sent[4]).toBe('COMMIT');
  expect(sent.filter((m) => m.includes('plan_access_facts'))).toHaveLength(1);
  expect(sent.findIndex((m) => m.includes('plan_access_facts'))).toBeLessThan(facts);
});
