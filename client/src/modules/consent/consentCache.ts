import type { ApolloClient, Reference } from '@apollo/client';
import { graphql } from '../../gql';
import { ViewerQuery } from '../org/viewer';
import { ConsentRegisterQuery } from './ConsentSection';

/** The reason the server gives for withheld details (server: consent.policy.ts). */
export const DETAILS_WITHHELD_REASON = 'Detaljer vises kun med borgerens samtykke eller hjemmel';

const ConsentEntryScopeFragment = graphql(`
  fragment ConsentEntryScope on ConsentEntry {
    scope
  }
`);

/** Which unit kind's interventions a scope shares (server: consent.policy.ts); JOINT_PLAN shares none. */
const KIND_OF_SCOPE: Readonly<Record<string, string>> = { HEALTH_DETAILS: 'HEALTH', SOCIAL_DETAILS: 'SOCIAL' };

/** The detail fields the server cuts, per type, and what they read when cut (server: consent-cut.ts). */
const CUT: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  HealthIntervention: { provider: null, sessionsPerMonth: null, focus: null, shortTermGoal: '', notes: '', endReason: null },
  SocialIntervention: { legalBasis: null, provider: null, hoursPerWeek: null, shortTermGoal: '', notes: '', endReason: null },
};

/**
 * A change to the citizen's consent register arrived live. A withdrawal takes the details it
 * may have shared off the page at once; then the register (and, by the caller, the plan) is
 * read again, which brings back what another entry still shares. The entry's scope is read
 * from the register in the cache; when it is not there, both health and social details are
 * dropped (deny by default). The viewer's own unit's interventions are never touched.
 * A new intervention arriving live asks the register too (its details may be withheld).
 */
export function applyConsentEvent(client: ApolloClient, event: { kind: string; planId: string; entityId: string }): void {
  // A new intervention: whether its details are withheld from me is the register query's answer.
  if (event.kind === 'INTERVENTION_CREATED') void client.refetchQueries({ include: [ConsentRegisterQuery] }).catch(() => undefined);
  if (!event.kind.startsWith('CONSENT_')) return;
  if (event.kind === 'CONSENT_WITHDRAWN') dropWithdrawnDetails(client, event);
  void client.refetchQueries({ include: [ConsentRegisterQuery] }).catch(() => undefined);
}

function dropWithdrawnDetails(client: ApolloClient, event: { planId: string; entityId: string }): void {
  const { cache } = client;
  const viewer = cache.readQuery({ query: ViewerQuery })?.me ?? null;
  if (viewer?.role === 'CITIZEN') return;
  const myUnit = viewer?.unit?.id ?? null;
  const scope = cache.readFragment({ id: cache.identify({ __typename: 'ConsentEntry', id: event.entityId }), fragment: ConsentEntryScopeFragment })?.scope;
  if (scope === 'JOINT_PLAN') return;
  const kinds = scope && KIND_OF_SCOPE[scope] ? [KIND_OF_SCOPE[scope]] : Object.values(KIND_OF_SCOPE);
  const dropped: string[] = [];
  cache.modify({
    id: cache.identify({ __typename: 'Plan', id: event.planId }),
    fields: {
      interventions: (refs: readonly Reference[], { readField }) => {
        for (const ref of refs) {
          const typename = readField<string>('__typename', ref);
          const unitKind = readField<string>('unitKind', ref);
          const unit = readField<Reference>('unit', ref);
          const unitId = unit ? readField<string>('id', unit) : null;
          const id = readField<string>('id', ref);
          if (!typename || !id || !CUT[typename] || !unitKind || !kinds.includes(unitKind) || (myUnit && unitId === myUnit)) continue;
          dropped.push(id);
          cache.modify({ id: cache.identify(ref), fields: Object.fromEntries(Object.entries(CUT[typename]).map(([field, value]) => [field, () => value])) });
        }
        return refs;
      },
      activities: (refs: readonly Reference[], { readField }) => {
        for (const a of refs) {
          if (dropped.includes(readField<string>('interventionId', a) ?? '')) cache.modify({ id: cache.identify(a), fields: { title: () => 'Aktivitet', notes: () => '' } });
        }
        return refs;
      },
    },
  });
  if (dropped.length === 0) return;
  cache.updateQuery({ query: ConsentRegisterQuery, variables: { planId: event.planId } }, (data) =>
    data ? { ...data, plan: { ...data.plan, withheldInterventionIds: [...new Set([...data.plan.withheldInterventionIds, ...dropped])] } } : data,
  );
}
