import { getNamedType, isUnionType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { buildAppModulesSchema } from '../../app-modules';
import { accessRules } from '../../core/auth/access';
import { codeOf, interventionOf, planIdOf } from '../../test-support/fixtures';
import { reachableFields } from '../../test-support/schema-walk';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { WsClient, type WsResult } from '../../test-support/ws-client';
import { Role } from '../org/org.enums';
import { citizenView } from './citizen-events';
import { CITIZEN_ALLOW, CITIZEN_GENERAL_ROOTS } from './citizen.allow-list';

type Entry = { root: string; field: string; type: GraphQLNamedType };

function rootFields(schema: GraphQLSchema, keep: (field: string) => boolean): Entry[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((root) =>
    root ? Object.values(root.getFields()).filter((f) => keep(f.name)).map((f) => ({ root: root.name, field: f.name, type: getNamedType(f.type) })) : [],
  );
}

const citizenOnly = (field: string) => {
  const rule = accessRules.get(field);
  return rule?.kind === 'ROLES' && rule.roles.includes(Role.CITIZEN);
};
const general = (field: string) => accessRules.get(field)?.kind === 'AUTHENTICATED';


const allowed = () => new Set(Object.entries(CITIZEN_ALLOW).flatMap(([type, fs]) => fs.map((f) => `${type}.${f}`)));
/**
 * Reachable, but refused at run time by the global guard: a citizen reads no username, work
 * phone, closing date or version (the administration's optimistic concurrency) of staff
 * through these.
 */
const REFUSED_AT_RUN_TIME = ['Unit.closedAt', 'Unit.version', 'User.phone', 'User.username'];

describe('the citizen allow-list (deny by default)', () => {
  it('every field reachable from a citizen-only root field is on the list (or refused at run time)', async () => {
    const schema = await buildAppModulesSchema({ demo: true });
    const roots = rootFields(schema, citizenOnly);
    expect(roots.map((e) => e.field)).toContain('myPlan');
    const notListed = reachableFields(schema, roots.map((e) => e.type)).filter((f) => !allowed().has(f));
    expect(notListed.filter((f) => !REFUSED_AT_RUN_TIME.includes(f)).sort()).toEqual([]);
  });

  it('every general root field a citizen may call is named, and is one the test below calls as Per', async () => {
    const schema = await buildAppModulesSchema({ demo: true });
    const generalRoots = rootFields(schema, general).map((e) => e.field);
    // Named ones exist; every other general root field is refused to a citizen by the guard (units, below).
    expect(generalRoots).toEqual(expect.arrayContaining([...CITIZEN_GENERAL_ROOTS]));
    expect(generalRoots.filter((f) => !CITIZEN_GENERAL_ROOTS.includes(f)).sort()).toEqual(['units']);
    const reachable = reachableFields(schema, rootFields(schema, (f) => f === 'me').map((e) => e.type));
    expect(reachable.filter((f) => !allowed().has(f) && !REFUSED_AT_RUN_TIME.includes(f))).toEqual([]);
  });
});

describe('what a citizen is sent of a plan event', () => {
  it('record is only ever a citizen type, cut to the list; a staff record type never reaches a citizen as such', async () => {
    const schema = await buildAppModulesSchema({ demo: true });
    const event = schema.getType('PlanEvent') as GraphQLObjectType;
    const union = getNamedType(event.getFields().record.type);
    if (!isUnionType(union)) throw new Error('PlanEvent.record is not a union');
    const secret = { notes: 'n', legalBasis: 'SEL §85', provider: 'p', reason: 'r', attendanceNote: 'a', cancelReason: 'c', comment: 'k', purpose: 'x', focus: 'f' };
    const given = union.getTypes().map((t) => citizenView({ kind: 'X', planId: 'p', municipalityId: 'm', at: new Date(), payload: { entity: { __typename: t.name, id: 'x', title: 'T', ...secret } } }).entity);
    const citizenTypes = [...new Set(given.filter((e) => e !== null).map((e) => e!.__typename))].sort();
    // Min plan's own types; a module adding the citizen's own records may add theirs (on the list, checked next).
    expect(citizenTypes).toEqual(expect.arrayContaining(['CitizenIntervention', 'CitizenMeeting', 'CitizenMentorSupport', 'CitizenPlan', 'CitizenSubGoal']));
    for (const name of citizenTypes) expect(CITIZEN_ALLOW[name]).toBeDefined();
    for (const cut of given) if (cut) expect(Object.keys(cut).filter((f) => f !== '__typename' && !CITIZEN_ALLOW[cut.__typename].includes(f))).toEqual([]);
    for (const cut of given) if (cut) for (const key of Object.keys(secret)) expect(cut).not.toHaveProperty(key);

    const starts = [...citizenTypes.map((n) => schema.getType(n)!), getNamedType(event.getFields().changes.type)];
    const notListed = reachableFields(schema, starts).filter((f) => !allowed().has(f) && !REFUSED_AT_RUN_TIME.includes(f));
    expect(notListed).toEqual([]);
    expect(CITIZEN_ALLOW.PlanEvent).not.toContain('overwrote');
    // The staff's record types (an intervention of a unit, an activity, the plan, …) never reach a citizen as such.
    for (const staff of ['SocialIntervention', 'HealthIntervention', 'JobcenterIntervention', 'Activity', 'Plan', 'SubGoal', 'SubGoalProgress', 'FollowUpMeeting', 'BookedMeeting', 'MentorGrant', 'MentorTask', 'CoordinatorAssignment', 'Programme', 'NextStepDecision']) {
      expect(citizenTypes).not.toContain(staff);
    }
  });
});

describe('at run time, as Per', () => {
  let t: TestServer;
  let per: string;
  beforeAll(async () => {
    t = await startTestServer();
    per = await t.login('per');
  }, 30_000);
  afterAll(() => t.stop());

  it('me answers with his own name; staff fields off the list are refused with no data', async () => {
    const me = await t.gql<{ me: { name: string; role: string } }>(`{ me { id name role municipality { name } } }`, {}, per);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toMatchObject({ name: 'Per Hansen', role: 'CITIZEN' });
    const refused = await t.gql(`{ me { username } }`, {}, per);
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });

  it('the general root fields lead only to NOT_FOUND, an empty list or a refusal — even for his own plan', async () => {
    const planId = await planIdOf(t, 'Per');
    const [{ programme_id: programmeId }] = await t.db.dataSource.query(`SELECT programme_id FROM plan WHERE id = $1`, [planId]);
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const calls: Array<[string, string, Record<string, unknown>, (res: { data?: Record<string, unknown> | null; errors?: unknown[] }) => void]> = [
      ['plan', `query($id: ID!) { plan(id: $id) { id employmentGoal } }`, { id: planId }, (r) => expect(codeOf(r as never)).toBe('NOT_FOUND')],
      ['programme', `query($id: ID!) { programme(id: $id) { id } }`, { id: programmeId }, (r) => expect(codeOf(r as never)).toBe('NOT_FOUND')],
      ['intervention', `query($id: ID!) { intervention(id: $id) { id title } }`, { id: bostotte.id }, (r) => expect(codeOf(r as never)).toBe('NOT_FOUND')],
      ['planHistory', `query($id: ID!) { planHistory(planId: $id) { items { seq } } }`, { id: planId }, (r) => expect(codeOf(r as never)).toBe('NOT_FOUND')],
      ['setEditing', `mutation($id: ID!) { setEditing(planId: $id, sessionId: "session-per-1", recordId: null) }`, { id: planId }, (r) => expect(codeOf(r as never)).toBe('NOT_FOUND')],
      ['myCaseload', `{ myCaseload { id employmentGoal } }`, {}, (r) => (r.errors ? expect(codeOf(r as never)).toBe('FORBIDDEN') : expect(r.data).toEqual({ myCaseload: [] }))],
      ['caseload', `{ caseload { items { id } } }`, {}, (r) => (r.errors ? expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(r as never)) : expect(JSON.stringify(r.data)).not.toMatch(/"id"/))],
      ['units', `{ units { id name } }`, {}, (r) => expect(codeOf(r as never)).toBe('FORBIDDEN')],
    ];
    for (const [field, query, vars, check] of calls) {
      const res = await t.gql(query, vars, per);
      check(res);
      expect([field, JSON.stringify(res.data ?? null)]).not.toEqual([field, expect.stringMatching(/Lønnede timer|Bostøtte|Jobcenter/)]);
    }
    const ws = await WsClient.connect(t.url, per);
    try {
      for (const [query, vars, code] of [
        [`subscription($id: ID!) { planPresence(planId: $id, sessionId: "session-per-1") { planId } }`, { id: planId }, 'NOT_FOUND'],
        [`subscription { caseloadEvents { seq } }`, {}, 'FORBIDDEN'],
        [`subscription($id: ID!) { planEvents(planId: $id) { seq } }`, { id: await planIdOf(t, 'Eva') }, 'NOT_FOUND'],
      ] as const) {
        const got: WsResult[] = [];
        ws.subscribe(query, vars, (r) => got.push(r));
        while (got.length === 0) await new Promise((r) => setImmediate(r));
        expect(got[0].errors?.[0].extensions?.code).toBe(code);
      }
    } finally {
      await ws.close();
    }
    // The refused caseload stream is in Per's own access log, as the role gate logs a refused field.
    expect(await t.db.dataSource.query(
      `SELECT a.entity_id, a.detail FROM audit_log a JOIN app_user u ON u.id = a.actor_id
        WHERE u.username = 'per' AND a.action = 'CALL_OPERATION' AND a.outcome = 'DENIED' AND a.citizen_id = u.citizen_id`,
    )).toContainEqual({ entity_id: 'Subscription.caseloadEvents', detail: 'not for this role' });
  });
});
