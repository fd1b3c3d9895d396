import { codeOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'otto', 'mikkel', 'lene', 'ida']) tokens[u] = await t.login(u);
});
afterAll(() => t.stop());

const COLLEAGUES = `query($roles: [Role!]) { colleagues(roles: $roles) { name role municipality { name } } }`;
type Colleagues = { colleagues: Array<{ name: string; role: string; municipality: { name: string } }> };

describe('colleagues: whom a coordinator can pick', () => {
  it('lists the staff of my own municipality, by name, filtered by role', async () => {
    const all = await t.gql<Colleagues>(COLLEAGUES, {}, tokens.anna);
    expect(all.errors).toBeUndefined();
    const names = all.data!.colleagues.map((c) => c.name);
    expect(names).toEqual(['Anna Holm', 'Bent Sørensen', 'Carla Nielsen', 'Dorte Madsen', 'Ida Administrator', 'Jonas Krogh', 'Lene Kristensen', 'Mikkel Lund']);
    expect(new Set(all.data!.colleagues.map((c) => c.municipality.name))).toEqual(new Set(['Faaborg-Midtfyn Kommune']));

    const mentors = await t.gql<Colleagues>(COLLEAGUES, { roles: ['MENTOR'] }, tokens.anna);
    expect(mentors.data!.colleagues.map((c) => c.name)).toEqual(['Mikkel Lund']);
    // Any caseworker may be made coordinator (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1): the pick is among caseworkers.
    const staff = await t.gql<Colleagues>(COLLEAGUES, { roles: ['CASEWORKER'] }, tokens.anna);
    expect(staff.data!.colleagues.map((c) => c.name)).toEqual(['Anna Holm', 'Bent Sørensen', 'Carla Nielsen', 'Dorte Madsen']);
    // A citizen's own account (Per Hansen signs in to his plan) is nobody's colleague, even when asked for by role.
    const citizens = await t.gql<Colleagues>(COLLEAGUES, { roles: ['CITIZEN'] }, tokens.anna);
    expect(citizens.data!.colleagues).toEqual([]);
  });

  it('lists the names in Danish order, as the staff list does: lower and upper case together, Æ, Ø, Å after Z, "Aa" as Å', async () => {
    const [{ municipality_id: m }] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'anna'`);
    const danish = ['Åse Ås', 'Zenia Zink', 'Aagaard Aas', 'Øster Ø', 'anne Lund', 'Ærø Æble', 'Bo Bak'];
    for (const [i, name] of danish.entries()) {
      await t.db.dataSource.query(`INSERT INTO app_user (municipality_id, username, name, role) VALUES ($1, $2, $3, 'MENTOR')`, [m, `dansk.${i}`, name]);
    }
    try {
      const mentors = await t.gql<Colleagues>(COLLEAGUES, { roles: ['MENTOR'] }, tokens.anna);
      expect(mentors.errors).toBeUndefined();
      expect(mentors.data!.colleagues.map((c) => c.name)).toEqual(['anne Lund', 'Bo Bak', 'Mikkel Lund', 'Zenia Zink', 'Ærø Æble', 'Øster Ø', 'Aagaard Aas', 'Åse Ås']);
    } finally {
      await t.db.dataSource.query(`DELETE FROM app_user WHERE username LIKE 'dansk.%'`);
    }
  });

  it('leaves out deactivated staff', async () => {
    await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = now() WHERE username = 'carla'`);
    try {
      const staff = await t.gql<Colleagues>(COLLEAGUES, { roles: ['CASEWORKER'] }, tokens.anna);
      expect(staff.data!.colleagues.map((c) => c.name)).toEqual(['Anna Holm', 'Bent Sørensen', 'Dorte Madsen']);
    } finally {
      await t.db.dataSource.query(`UPDATE app_user SET deactivated_at = NULL WHERE username = 'carla'`);
    }
  });

  it('never shows another municipality\'s people', async () => {
    const otto = await t.gql<Colleagues>(COLLEAGUES, {}, tokens.otto);
    expect(otto.data!.colleagues.map((c) => c.name)).toEqual(['Otto Berg', 'Sif Administrator']);
  });

  it('is refused to a mentor, an administrator and an anonymous caller; a bad role (also the former COORDINATOR) is BAD_USER_INPUT', async () => {
    expect(codeOf(await t.gql(COLLEAGUES, {}, tokens.mikkel))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(COLLEAGUES, {}, tokens.ida))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(COLLEAGUES, { roles: ['COORDINATOR'] }, tokens.anna))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(COLLEAGUES, {}))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(COLLEAGUES, { roles: ['ADMIN'] }, tokens.anna))).toBe('BAD_USER_INPUT');
  });
});
