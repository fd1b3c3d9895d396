import { interventionOf, planIdOf } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import type { Actor } from '../../core/auth/actor';
import { Role, UnitKind } from '../org/org.enums';
import { ConsentRecipientKind, ConsentScope } from './consent.enums';
import { detailsVisible, mayShareWithMentor } from './consent.policy';

/**
 * The consent cut fails closed: a record that does not say which unit kind it belongs to is
 * cut, never shown. Per Hansen's Bostøtte is Socialforvaltningen's (Bent); Anna (Jobcenter)
 * coordinates. With the seeded whole-team consent to social details withdrawn, Anna sees that
 * the Bostøtte exists, not its details.
 */
let t: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent']) tokens[u] = await t.login(u);
});
afterAll(async () => {
  await t.stop();
});

const HISTORY = `query($planId: ID!, $recordId: ID) { planHistory(planId: $planId, recordId: $recordId) { items { kind changes { field }
  record { __typename ... on SocialIntervention { provider hoursPerWeek notes detailsWithheld detailsWithheldReason } } } } }`;
type History = { planHistory: { items: Array<{ kind: string; changes: Array<{ field: string }>; record: Record<string, unknown> | null }> } };

describe('a record without its unit kind', () => {
  it("an event stored without the record's unit kind is cut in the history for another unit, as one with it is", async () => {
    const planId = await planIdOf(t, 'Per');
    const [wholeTeam] = await t.db.dataSource.query(
      `SELECT id FROM consent_entry WHERE plan_id = $1 AND scope = 'SOCIAL_DETAILS' AND recipient_kind = 'WHOLE_TEAM' AND withdrawn_at IS NULL`, [planId]);
    const withdrawn = await t.gql(`mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { active } }`, { input: { id: wholeTeam.id } }, tokens.anna);
    expect(withdrawn.errors).toBeUndefined();

    const b = await interventionOf(t, 'Per', 'Bostøtte');
    const secret = 'Bostøtteteamet, Misbrugsenheden';
    const upd = await t.gql(`mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { id } }`,
      { input: { id: b.id, expectedVersion: b.version, provider: secret } }, tokens.bent);
    expect(upd.errors).toBeUndefined();
    // The same change as a writer that left the unit kind out of its record would store it (the log is append-only: a row of its own, the newest).
    const [stored] = await t.db.dataSource.query(
      `INSERT INTO plan_event (plan_id, municipality_id, kind, entity_type, entity_id, actor_id, unit_id, summary, payload)
       SELECT plan_id, municipality_id, kind, entity_type, entity_id, actor_id, unit_id, summary, payload #- '{entity,unitKind}'
         FROM plan_event WHERE plan_id = $1 AND entity_id = $2 AND kind = 'INTERVENTION_UPDATED' ORDER BY seq DESC LIMIT 1
       RETURNING payload -> 'entity' ? 'unitKind' AS has_kind, payload #>> '{entity,provider}' AS provider`, [planId, b.id]);
    expect(stored).toEqual({ has_kind: false, provider: secret });

    const history = await t.gql<History>(HISTORY, { planId, recordId: b.id }, tokens.anna);
    expect(history.errors).toBeUndefined();
    const latest = history.data!.planHistory.items[0];
    expect(latest.kind).toBe('INTERVENTION_UPDATED');
    expect(latest.record).toMatchObject({
      __typename: 'SocialIntervention', provider: null, hoursPerWeek: null, notes: '',
      detailsWithheld: true, detailsWithheldReason: 'Detaljer vises kun med borgerens samtykke eller hjemmel',
    });
    expect(latest.changes).toEqual([]);
    expect(JSON.stringify(history.data)).not.toContain('Misbrugsenheden');

    // The owning unit reads its own change in full.
    const own = await t.gql<History>(HISTORY, { planId, recordId: b.id }, tokens.bent);
    expect(own.errors).toBeUndefined();
    expect(own.data!.planHistory.items[0].record).toMatchObject({ provider: secret, detailsWithheld: false });
      });

  it('the policy: an intervention of a missing or unknown unit kind is shared by no entry, not even one for the whole team', () => {
    const anna: Actor = { userId: 'u-anna', username: 'anna', subject: 'anna', name: 'Anna Holm', role: Role.CASEWORKER, municipalityId: 'm', unitId: 'u-job', unitKind: UnitKind.EMPLOYMENT };
    const everything = [ConsentScope.HEALTH_DETAILS, ConsentScope.SOCIAL_DETAILS, ConsentScope.JOINT_PLAN].map((scope) =>
      ({ scope, recipientKind: ConsentRecipientKind.WHOLE_TEAM, recipientUnitId: null, recipientMentorId: null }));
    const mentorEntries = everything.map((g) => ({ ...g, recipientKind: ConsentRecipientKind.MENTOR }));
    for (const unitKind of [undefined, null, '', 'UNKNOWN']) {
      expect(detailsVisible(anna, { unitId: 'u-social', unitKind }, everything)).toBe(false);
      // Its own unit sees its own.
      expect(detailsVisible(anna, { unitId: 'u-job', unitKind }, [])).toBe(true);
    }
    expect(mayShareWithMentor('UNKNOWN', mentorEntries)).toBe(false);
    expect(detailsVisible(anna, { unitId: 'u-social', unitKind: 'EMPLOYMENT' }, [])).toBe(true);
    expect(detailsVisible(anna, { unitId: 'u-social', unitKind: 'SOCIAL' }, everything)).toBe(true);
  });
});
