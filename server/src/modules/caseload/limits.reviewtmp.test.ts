import { planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

let t: TestServer;
const tok: Record<string, string> = {};
beforeAll(async () => { t = await startTestServer(); for (const u of ['anna', 'ida', 'lene']) tok[u] = await t.login(u); });
afterAll(() => t.stop());

it('numeric limits', async () => {
  const [{ id: planId, citizen_id: citizenId }] = await t.db.dataSource.query(`SELECT p.id, p.citizen_id FROM plan p JOIN coordinator_assignment ca ON ca.programme_id = p.programme_id AND ca.to_at IS NULL JOIN app_user u ON u.id = ca.user_id WHERE u.username = 'anna' LIMIT 1`);
  const out: Record<string, unknown> = {};
  for (const first of [-1, 0, 1, 2147483647, 2147483648, 1e20]) {
    const q = async (name: string, doc: string, vars: Record<string, unknown>, who = 'anna') => {
      const r = await t.gql<any>(doc, vars, tok[who]);
      out[`${name}(${first})`] = r.errors ? `${r.errors[0].extensions?.code}: ${r.errors[0].message.slice(0, 80)}` : 'ok';
    };
    await q('caseload', `query($f: Int) { caseload(first: $f) { nextCursor } }`, { f: first });
    await q('planHistory', `query($f: Int, $p: ID!) { planHistory(planId: $p, first: $f) { items { seq } } }`, { f: first, p: planId });
    await q('accessLogPage', `query($f: Int!, $c: ID!) { accessLogPage(citizenId: $c, first: $f) { nextCursor } }`, { f: first, c: citizenId });
    await q('accessLog', `query($f: Int!, $c: ID!) { accessLog(citizenId: $c, limit: $f) { id } }`, { f: first, c: citizenId });
    await q('administrationLog', `query($f: Int!) { administrationLog(first: $f) { nextCursor } }`, { f: first }, 'ida');
    await q('citizens', `query($f: Int!) { citizens(search: "Per", first: $f) { id } }`, { f: first });
  }
  for (const seq of ['-1', '0', '9223372036854775807', '9223372036854775808', '1e3', ' 1']) {
    const r = await t.gql<any>(`mutation($p: ID!, $s: String!) { markPlanSeen(planId: $p, seq: $s) { id } }`, { p: planId, s: seq }, tok.anna);
    out[`markPlanSeen(${seq})`] = r.errors ? `${r.errors[0].extensions?.code}: ${r.errors[0].message.slice(0, 80)}` : 'ok';
    const h = await t.gql<any>(`query($p: ID!, $s: String) { planHistory(planId: $p, before: $s) { items { seq } } }`, { p: planId, s: seq }, tok.anna);
    out[`planHistory.before(${seq})`] = h.errors ? `${h.errors[0].extensions?.code}: ${h.errors[0].message.slice(0, 80)}` : 'ok';
  }
  const [{ version }] = await t.db.dataSource.query(`SELECT version FROM plan WHERE id = $1`, [planId]);
  for (const v of [-1, 0, 2147483647]) {
    const r = await t.gql<any>(`mutation($i: UpdatePlanInput!) { updatePlan(input: $i) { version } }`, { i: { id: planId, expectedVersion: v, employmentGoal: 'x y z goal' } }, tok.anna);
    out[`updatePlan.expectedVersion(${v})`] = r.errors ? `${r.errors[0].extensions?.code}: ${r.errors[0].message.slice(0, 80)}` : 'ok';
  }
  console.log(JSON.stringify(out, null, 1), version);
});
