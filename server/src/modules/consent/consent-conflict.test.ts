import type { GraphQLSchema } from 'graphql';
import { appModules, buildAppModulesSchema } from '../../app-modules';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { recordAsRead } from '../../core/field-guards';
import { fieldGuardsOf } from '../../core/module';
import { UnitKind } from '../org/org.enums';
import { ACTIVITY_TITLE_WITHHELD } from './consent-cut';

/**
 * A record no field resolves (a CONFLICT's `current`) is cut by the register as a read of it
 * is (consent-cut.ts): a social unit's activity and intervention, read by a caseworker of
 * another unit with no consent on the register, show neither title nor details. Today only the
 * owning unit changes them and so meets their CONFLICT; this holds the cut to whoever may next.
 * The register is given, as the request's loaders would read it.
 */
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppModulesSchema({ demo: true });
});

const intervention = { id: 'i-1', planId: 'p-1', unitId: 'u-social', unitKind: UnitKind.SOCIAL };

function caseworkerOf(unitId: string, unitKind: UnitKind): RequestContext {
  return {
    actor: { userId: 'caseworker', username: 'caseworker', subject: 'caseworker', name: 'Sagsbehandler', role: Role.CASEWORKER, municipalityId: 'm-1', unitId, unitKind },
    loaders: {
      interventionsByPlan: { load: async () => [intervention] },
      intervention: { load: async () => intervention },
      activeGrantsByPlan: { load: async () => [] },
    },
  } as unknown as RequestContext;
}

const activity = {
  __typename: 'Activity', id: 'a-1', municipalityId: 'm-1', planId: 'p-1', interventionId: 'i-1', title: 'Samtale hos misbrugskonsulenten',
  notes: 'Om behandlingen', assignee: 'Misbrugskonsulent', status: 'PLANNED', sharedWithMentor: false, version: 3, updatedById: 'u-9',
};
const social = {
  __typename: 'SocialIntervention', ...intervention, municipalityId: 'm-1', title: 'Bostøtte', kind: 'HOUSING_SUPPORT', status: 'ACTIVE', version: 2,
  shortTermGoal: 'Per kan selv handle ind', notes: 'Indlagt i marts', provider: 'Bostøtteteamet', legalBasis: 'SEL §85', hoursPerWeek: 3, endReason: null,
};

describe("a CONFLICT's record under the consent register", () => {
  it("withholds a social unit's activity and intervention from another unit without consent, as a read does", async () => {
    const other = caseworkerOf('u-job', UnitKind.EMPLOYMENT);
    const guards = fieldGuardsOf(appModules);
    expect(await recordAsRead(schema, guards, other, activity)).toEqual({
      __typename: 'Activity', id: 'a-1', planId: 'p-1', interventionId: 'i-1', title: ACTIVITY_TITLE_WITHHELD, notes: '', assignee: '', status: 'PLANNED',
      sharedWithMentor: false, version: 3, updatedById: 'u-9',
    });
    expect(await recordAsRead(schema, guards, other, social)).toMatchObject({
      __typename: 'SocialIntervention', title: 'Bostøtte', shortTermGoal: '', notes: '', provider: null, legalBasis: null, hoursPerWeek: null, detailsWithheld: true,
    });
  });

  it('shows them whole to the unit that owns them', async () => {
    const own = caseworkerOf('u-social', UnitKind.SOCIAL);
    const guards = fieldGuardsOf(appModules);
    expect(await recordAsRead(schema, guards, own, activity)).toMatchObject({ title: 'Samtale hos misbrugskonsulenten', notes: 'Om behandlingen', assignee: 'Misbrugskonsulent' });
    expect(await recordAsRead(schema, guards, own, social)).toMatchObject({ shortTermGoal: 'Per kan selv handle ind', provider: 'Bostøtteteamet', legalBasis: 'SEL §85' });
  });
});
