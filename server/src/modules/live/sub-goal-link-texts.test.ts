import { appendEvent } from '../../core/events/event-log';
import { interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsResult } from '../../test-support/ws-client';

/**
 * The plan's history names the sub-goals an intervention served before and after a change of
 * its links by their texts as they were when the links changed: a sub-goal renamed later, or
 * deleted, reads as it did then. Read through planHistory as staff; the citizen and the mentor
 * are sent no more of such a change than before.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'mikkel', 'per']) tokens[u] = await t.login(u);
}, 60_000);
afterAll(() => t.stop());

type Change = { field: string; label: string; before: string | null; after: string | null };
type HistoryItem = { seq: string; kind: string; entityId: string; changes: Change[] };
const HISTORY = `query($planId: ID!, $recordId: ID, $first: Int) { planHistory(planId: $planId, recordId: $recordId, first: $first) { items { seq kind entityId changes { field label before after } } } }`;

async function history(user: string, planId: string, recordId?: string): Promise<HistoryItem[]> {
  const res = await t.gql<{ planHistory: { items: HistoryItem[] } }>(HISTORY, { planId, recordId, first: 100 }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.planHistory.items;
}

const LINK = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version } }`;

async function link(user: string, intervention: { id: string; version: number }, subGoalIds: string[]): Promise<{ id: string; version: number }> {
  const res = await t.gql<{ updateIntervention: { version: number } }>(LINK, { input: { id: intervention.id, expectedVersion: intervention.version, subGoalIds } }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return { id: intervention.id, version: res.data!.updateIntervention.version };
}

async function subGoalOf(planId: string, area: string): Promise<{ id: string; version: number; text: string }> {
  const [goal] = await t.db.dataSource.query(`SELECT id, version, text FROM sub_goal WHERE plan_id = $1 AND area = $2 ORDER BY created_at, id LIMIT 1`, [planId, area]);
  return goal;
}

/** A list of sub-goals as the history shows it: their texts in the order of their ids. */
const shownAs = (goals: Array<{ id: string; text: string }>) => [...goals].sort((a, b) => (a.id < b.id ? -1 : 1)).map((g) => g.text).join(', ');

describe('a change of the sub-goals an intervention serves, in the plan\'s history', () => {
  it('shows the texts as they were at the change, though one is renamed and another deleted since; the citizen is sent none of it', async () => {
    const per = await planIdOf(t, 'Per');
    // Where Per's page reads his plan to: he follows it from there, so he is sent every change after it in order.
    const mine = await t.gql<{ myPlan: { liveFrom: string } }>(`{ myPlan { liveFrom } }`, {}, tokens.per);
    expect(mine.errors).toBeUndefined();

    // Bostøtte serves the social sub-goal; the coordinator adds one more for it to serve.
    const housing = await subGoalOf(per, 'SOCIAL');
    const created = await t.gql<{ createSubGoal: { id: string } }>(`mutation($i: CreateSubGoalInput!) { createSubGoal(input: $i) { id } }`,
      { i: { planId: per, area: 'SOCIAL', text: 'Lave mad selv to gange om ugen', reason: 'Per spiser mest færdigretter' } }, tokens.anna);
    expect(created.errors).toBeUndefined();
    const cooking = { id: created.data!.createSubGoal.id, text: 'Lave mad selv to gange om ugen' };

    let bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    bostotte = await link('bent', bostotte, [housing.id, cooking.id]);
    bostotte = await link('bent', bostotte, [housing.id]);

    // Since then: the social sub-goal is renamed, and the one no longer served is deleted.
    const renamed = await t.gql(`mutation($i: UpdateSubGoalInput!) { updateSubGoal(input: $i) { id } }`,
      { i: { id: housing.id, expectedVersion: housing.version, text: 'Bo i egen lejlighed' } }, tokens.anna);
    expect(renamed.errors).toBeUndefined();
    await t.db.dataSource.query(`DELETE FROM sub_goal WHERE id = $1`, [cooking.id]);

    // Stored with the change: the texts of the sub-goals it names, and of no other of the plan's.
    const [stored] = await t.db.dataSource.query(`SELECT payload->'changes' AS changes FROM plan_event WHERE entity_id = $1 AND payload->>'recordVersion' = $2`, [bostotte.id, String(bostotte.version - 1)]);
    expect(stored.changes[0].texts).toEqual({ [housing.id]: housing.text, [cooking.id]: cooking.text });

    for (const reader of ['anna', 'bent']) {
      const [unlinked, linked] = await history(reader, per, bostotte.id);
      expect(linked.changes).toEqual([{ field: 'subGoalIds', label: 'Delmål', before: housing.text, after: shownAs([housing, cooking]) }]);
      expect(unlinked.changes).toEqual([{ field: 'subGoalIds', label: 'Delmål', before: shownAs([housing, cooking]), after: housing.text }]);
    }

    // A change of what Per sees, after the links: once it is sent to him, they would have been too.
    const retitled = await t.gql(LINK, { input: { id: bostotte.id, expectedVersion: bostotte.version, title: 'Bostøtte i egen bolig' } }, tokens.bent);
    expect(retitled.errors).toBeUndefined();
    const ws = await WsClient.connect(t.url, tokens.per);
    try {
      const perLive: WsResult[] = [];
      await new Promise<void>((resolve) => ws.subscribe(`subscription($planId: ID!, $afterSeq: String) { planEvents(planId: $planId, afterSeq: $afterSeq) { kind entityId changes { field label before after } } }`,
        { planId: per, afterSeq: mine.data!.myPlan.liveFrom }, (r) => {
          perLive.push(r);
          if (r.errors || r.raw.includes('Bostøtte i egen bolig')) resolve();
        }));
      expect(perLive.every((r) => !r.errors)).toBe(true);
      const toPer = perLive.map((r) => r.data!.planEvents as { kind: string; entityId: string; changes: Change[] }).filter((e) => e.entityId === bostotte.id);
      expect(toPer.map((e) => e.changes.map((c) => c.field))).toEqual([['title']]);
      expect(perLive.map((r) => r.raw).join('\n')).not.toContain('subGoalIds');
    } finally {
      await ws.close();
    }
  }, 30_000);

  it('a change stored before the texts were kept reads the sub-goals as they are now', async () => {
    const per = await planIdOf(t, 'Per');
    const [bostotte] = await t.db.dataSource.query(`SELECT id FROM intervention WHERE plan_id = $1 AND kind = 'HOUSING_SUPPORT'`, [per]);
    const housing = await subGoalOf(per, 'SOCIAL');
    const gone = '00000000-0000-4000-8000-000000000001';
    const [latest] = await t.db.dataSource.query(`SELECT municipality_id, kind, entity_type, payload FROM plan_event WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1`, [bostotte.id]);
    await t.db.dataSource.transaction((m) => appendEvent(m, {
      planId: per, municipalityId: latest.municipality_id, kind: latest.kind, entityType: latest.entity_type, entityId: bostotte.id, actor: null,
      summary: 'Bent Sørensen (Socialforvaltningen) ændrede, hvilke delmål Bostøtte understøtter',
      payload: { entity: latest.payload.entity, changes: [{ field: 'subGoalIds', before: [housing.id], after: [housing.id, gone] }] },
    }));
    const [item] = await history('anna', per, bostotte.id);
    expect(item.changes).toEqual([{ field: 'subGoalIds', label: 'Delmål', before: housing.text, after: `${housing.text}, et slettet delmål` }]);
  });

  it('the mentor\'s history has no change of an intervention\'s sub-goals, as before', async () => {
    const eva = await planIdOf(t, 'Eva');
    const internship = await interventionOf(t, 'Eva', 'Virksomhedspraktik i kantine');
    const [work, health] = [await subGoalOf(eva, 'EMPLOYMENT'), await subGoalOf(eva, 'HEALTH')];
    await link('anna', internship, [work.id, health.id]);
    expect((await history('anna', eva, internship.id))[0].changes.map((c) => c.field)).toEqual(['subGoalIds']);

    const seen = await history('mikkel', eva);
    expect(seen.filter((i) => i.entityId === internship.id)).toEqual([]);
    expect(seen.flatMap((i) => i.changes).filter((c) => c.field === 'subGoalIds')).toEqual([]);
  });
});
