import { codeOf, count, interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * "Sted" on an activity: where an appointment is ("Jobsamtale hos Bygma, Roskilde"). The owning
 * unit writes it, the plan's history says when it changed, the citizen reads it under "Kommende
 * aftaler", a mentor reads it on a step shared with them only, and another unit's staff are kept
 * from it as from the notes while the citizen's consent register does not share the details.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'dorte', 'mikkel', 'per']) tokens[u] = await t.login(u);
}, 60_000);
afterAll(() => t.stop());

const CREATE = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id version title place } }`;
const UPDATE = `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id version place } }`;
type Created = { createActivity: { id: string; version: number; title: string; place: string | null } };
type Updated = { updateActivity: { id: string; version: number; place: string | null } };

const HISTORY = `query($planId: ID!, $recordId: ID, $first: Int) { planHistory(planId: $planId, recordId: $recordId, first: $first) {
  items { kind entityId title changes { field label before after } record { __typename ... on MentorActivity { id place } } } } }`;
type HistoryItem = { kind: string; entityId: string; title: string | null; changes: Array<{ field: string; label: string; before: string | null; after: string | null }>; record: Record<string, unknown> | null };
async function history(user: string, planId: string, vars: Record<string, unknown> = {}): Promise<HistoryItem[]> {
  const res = await t.gql<{ planHistory: { items: HistoryItem[] } }>(HISTORY, { planId, ...vars }, tokens[user]);
  expect(res.errors).toBeUndefined();
  return res.data!.planHistory.items;
}

const inDays = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(9, 0, 0, 0);
  return d.toISOString();
};

async function activityNamed(planId: string, title: string): Promise<{ id: string; version: number }> {
  const [row] = await t.db.dataSource.query(`SELECT id, version FROM activity WHERE plan_id = $1 AND title = $2`, [planId, title]);
  return row;
}

describe('the owning unit writes where an activity is', () => {
  it('created with a place (trimmed), moved to another, taken away with an empty text; a change of something else leaves it', async () => {
    const training = await interventionOf(t, 'Bo', 'Træning hos fysioterapeut');
    const created = await t.gql<Created>(CREATE, { input: {
      interventionId: training.id, title: 'Træning med fysioterapeuten', dueAt: inDays(10), place: '  Fysioterapien Broby, sal 2  ',
    } }, tokens.carla);
    expect(created.errors).toBeUndefined();
    const { id, version } = created.data!.createActivity;
    expect(created.data!.createActivity.place).toBe('Fysioterapien Broby, sal 2');
    expect((await t.db.dataSource.query(`SELECT place FROM activity WHERE id = $1`, [id]))[0].place).toBe('Fysioterapien Broby, sal 2');

    const moved = await t.gql<Updated>(UPDATE, { input: { id, expectedVersion: version, place: ' Svømmehallen, Broby ' } }, tokens.carla);
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.updateActivity).toMatchObject({ place: 'Svømmehallen, Broby', version: version + 1 });

    // Its notes alone: the place stays as it is.
    const noted = await t.gql<Updated>(UPDATE, { input: { id, expectedVersion: version + 1, notes: 'Husk håndklæde' } }, tokens.carla);
    expect(noted.data!.updateActivity.place).toBe('Svømmehallen, Broby');

    const cleared = await t.gql<Updated>(UPDATE, { input: { id, expectedVersion: version + 2, place: '   ' } }, tokens.carla);
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.updateActivity.place).toBeNull();
    expect((await t.db.dataSource.query(`SELECT place FROM activity WHERE id = $1`, [id]))[0].place).toBeNull();

    // Another unit may not write it.
    expect(codeOf(await t.gql(UPDATE, { input: { id, expectedVersion: version + 3, place: 'Jobcentret' } }, tokens.dorte))).toBe('FORBIDDEN');
  });

  it('a place longer than 200 characters is refused at its field, in Danish, on creating and on changing; nothing is written', async () => {
    const training = await interventionOf(t, 'Bo', 'Træning hos fysioterapeut');
    const before = await count(t, `SELECT 1 FROM activity`);
    const tooLong = await t.gql(CREATE, { input: { interventionId: training.id, title: 'Træning', dueAt: inDays(11), place: 'x'.repeat(201) } }, tokens.carla);
    expect(tooLong.errors?.[0]).toMatchObject({ message: 'Stedet må højst være 200 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'place' } });
    expect(await count(t, `SELECT 1 FROM activity`)).toBe(before);

    // 200 characters with spaces around them are 200 once trimmed, as stored.
    const ok = await t.gql<Created>(CREATE, { input: { interventionId: training.id, title: 'Træning', dueAt: inDays(11), place: ` ${'å'.repeat(200)} ` } }, tokens.carla);
    expect(ok.errors).toBeUndefined();
    const { id, version } = ok.data!.createActivity;
    const changed = await t.gql(UPDATE, { input: { id, expectedVersion: version, place: 'y'.repeat(201) } }, tokens.carla);
    expect(changed.errors?.[0]).toMatchObject({ message: 'Stedet må højst være 200 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'place' } });
    expect((await t.db.dataSource.query(`SELECT place, version FROM activity WHERE id = $1`, [id]))[0]).toEqual({ place: 'å'.repeat(200), version });
  });

  it('the plan\'s history says the place changed, as "Sted", before → after', async () => {
    const planId = await planIdOf(t, 'Bo');
    const work = await interventionOf(t, 'Bo', 'Ordinære løntimer på lager');
    const created = await t.gql<Created>(CREATE, { input: { interventionId: work.id, title: 'Jobsamtale', dueAt: inDays(12), place: 'Jobcentret, lokale 3' } }, tokens.dorte);
    expect(created.errors).toBeUndefined();
    const { id, version } = created.data!.createActivity;
    expect((await t.gql(UPDATE, { input: { id, expectedVersion: version, place: 'Bygma, Roskilde' } }, tokens.dorte)).errors).toBeUndefined();

    const [latest] = await history('anna', planId, { recordId: id });
    expect(latest).toMatchObject({ kind: 'ACTIVITY_UPDATED', title: 'Jobsamtale' });
    expect(latest.changes).toEqual([{ field: 'place', label: 'Sted', before: 'Jobcentret, lokale 3', after: 'Bygma, Roskilde' }]);
  });
});

describe('who reads it', () => {
  it('the mentor: on a step shared with them, in their case and in the history; not once it is no longer shared', async () => {
    const eva = await planIdOf(t, 'Eva');
    const shared = await activityNamed(eva, 'Samtale med arbejdsgiver om løntimer');
    const set = await t.gql<Updated>(UPDATE, { input: { id: shared.id, expectedVersion: shared.version, place: 'Kantinen, Faaborg Rådhus' } }, tokens.dorte);
    expect(set.errors).toBeUndefined();

    const CASES = `{ myMentorCases { citizen { name } sharedActivities { id title place } } }`;
    type Cases = { myMentorCases: Array<{ citizen: { name: string }; sharedActivities: Array<{ id: string; title: string; place: string | null }> }> };
    const mine = await t.gql<Cases>(CASES, {}, tokens.mikkel);
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myMentorCases[0].sharedActivities).toContainEqual({ id: shared.id, title: 'Samtale med arbejdsgiver om løntimer', place: 'Kantinen, Faaborg Rådhus' });
    const [change] = (await history('mikkel', eva, { first: 100 })).filter((i) => i.entityId === shared.id && i.kind === 'ACTIVITY_UPDATED');
    expect(change.record).toEqual({ __typename: 'MentorActivity', id: shared.id, place: 'Kantinen, Faaborg Rådhus' });
    expect(change.changes).toEqual([{ field: 'place', label: 'Sted', before: null, after: 'Kantinen, Faaborg Rådhus' }]);

    // The coordinator takes it back: neither the step nor where it is reaches the mentor.
    const SHARE = `mutation($id: ID!, $s: Boolean!) { setMentorSharing(kind: ACTIVITY, id: $id, shared: $s) }`;
    expect((await t.gql(SHARE, { id: shared.id, s: false }, tokens.anna)).errors).toBeUndefined();
    const after = await t.gql<Cases>(CASES, {}, tokens.mikkel);
    expect(after.data!.myMentorCases[0].sharedActivities.map((a) => a.id)).not.toContain(shared.id);
    expect(JSON.stringify(after.data)).not.toContain('Kantinen, Faaborg Rådhus');
    expect(JSON.stringify(await history('mikkel', eva, { first: 100 }))).not.toContain('Kantinen, Faaborg Rådhus');
  });

  it('the citizen: where his own appointment is, under "Kommende aftaler" — also where the register keeps it from another unit\'s staff', async () => {
    const per = await planIdOf(t, 'Per');
    const visit = await activityNamed(per, 'Besøg i den nye lejlighed med Per og forældrene');
    const set = await t.gql<Updated>(UPDATE, { input: { id: visit.id, expectedVersion: visit.version, place: 'Søndergade 8, 2. th., 5750 Ringe' } }, tokens.bent);
    expect(set.errors).toBeUndefined();

    const MINE = `{ myPlan { activities { id title place unitName } } }`;
    type Mine = { myPlan: { activities: Array<{ id: string; title: string; place: string | null; unitName: string | null }> } };
    const read = async () => {
      const res = await t.gql<Mine>(MINE, {}, tokens.per);
      expect(res.errors).toBeUndefined();
      return res.data!.myPlan.activities.find((a) => a.id === visit.id);
    };
    expect(await read()).toEqual({ id: visit.id, title: 'Besøg i den nye lejlighed med Per og forældrene', place: 'Søndergade 8, 2. th., 5750 Ringe', unitName: 'Socialforvaltningen' });

    // Per takes back his word for sharing social details with the whole team: the jobcenter's
    // coordinator no longer reads where the visit is (a detail, as its notes), Bent's unit does, and Per still does.
    const PLACES = `query($id: ID!) { plan(id: $id) { activities { id title place } } }`;
    type Places = { plan: { activities: Array<{ id: string; title: string; place: string | null }> } };
    const placeFor = async (user: string) => (await t.gql<Places>(PLACES, { id: per }, tokens[user])).data!.plan.activities.find((a) => a.id === visit.id);
    expect(await placeFor('anna')).toMatchObject({ place: 'Søndergade 8, 2. th., 5750 Ringe' });
    const [entry] = await t.db.dataSource.query(
      `SELECT id FROM consent_entry WHERE citizen_id = (SELECT citizen_id FROM plan WHERE id = $1) AND scope = 'SOCIAL_DETAILS' AND recipient_kind = 'WHOLE_TEAM' AND withdrawn_at IS NULL`, [per]);
    const withdrawn = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { id } }`, { input: { id: entry.id } }, tokens.anna);
    expect(withdrawn.errors).toBeUndefined();
    expect(await placeFor('anna')).toEqual({ id: visit.id, title: 'Aktivitet', place: null });
    expect(await placeFor('bent')).toMatchObject({ place: 'Søndergade 8, 2. th., 5750 Ringe' });
    expect((await read())?.place).toBe('Søndergade 8, 2. th., 5750 Ringe');
  });
});
