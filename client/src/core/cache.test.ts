import { gql } from '@apollo/client';
import { createCache } from './apollo';
import { applyEntityToCache } from './cache';

/** A cache that holds one intervention as the plan page read it, last changed by Bent. */
function cacheWithIntervention() {
  const cache = createCache();
  cache.restore({
    'SocialIntervention:iv-bostoette': {
      __typename: 'SocialIntervention',
      id: 'iv-bostoette',
      title: 'Bostøtte',
      status: 'PLANNED',
      version: 1,
      updatedAt: '2026-11-20T09:00:00.000Z',
      updatedBy: { __ref: 'User:u-bent' },
    },
    'User:u-bent': { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen' },
  });
  return cache;
}

describe('a record from outside a query into the cache', () => {
  it('writes the changed fields of the record, ignores internal ones, and points updatedBy at the actor', () => {
    const cache = cacheWithIntervention();
    const applied = applyEntityToCache(
      cache,
      { __typename: 'SocialIntervention', id: 'iv-bostoette', status: 'ACTIVE', version: 2, updatedAt: '2026-11-23T09:41:00.000Z', unitId: 'x', updatedById: 'u-carl', municipalityId: 'm' },
      { actor: { id: 'u-carl', name: 'Carl Vikar' } },
    );
    expect(applied).toBe(true);
    const stored = cache.extract();
    expect(stored['SocialIntervention:iv-bostoette']).toEqual({
      __typename: 'SocialIntervention',
      id: 'iv-bostoette',
      title: 'Bostøtte',
      status: 'ACTIVE',
      version: 2,
      updatedAt: '2026-11-23T09:41:00.000Z',
      updatedBy: { __ref: 'User:u-carl' },
    });
    expect(stored['User:u-carl']).toMatchObject({ id: 'u-carl', name: 'Carl Vikar' });
  });

  it('takes the typename from the caller when the record has none (a CONFLICT’s extensions.current)', () => {
    const cache = cacheWithIntervention();
    expect(applyEntityToCache(cache, { id: 'iv-bostoette', title: 'Bostøtte i hjemmet', version: 3 }, { typename: 'SocialIntervention' })).toBe(true);
    expect(cache.extract()['SocialIntervention:iv-bostoette']).toMatchObject({ title: 'Bostøtte i hjemmet', version: 3, updatedBy: { __ref: 'User:u-bent' } });
  });

  it('does nothing for records not in the cache (it only updates what a screen already shows)', () => {
    expect(applyEntityToCache(createCache(), { __typename: 'Activity', id: 'a1', title: 'Ny' })).toBe(false);
    expect(applyEntityToCache(createCache(), null)).toBe(false);
  });
});

describe('the citizen\'s "Jeg har set planen"', () => {
  const OWN_WORDS = gql`
    query OwnWordsSeen($planId: ID!) {
      myOwnWords(planId: $planId) {
        id
        lastSeen {
          id
          seenAt
        }
      }
    }
  `;
  const answer = (seenId: string, seenAt: string) => ({
    myOwnWords: { __typename: 'CitizenOwnWords', id: 'plan-1', lastSeen: { __typename: 'CitizenPlanSeen', id: seenId, seenAt } },
  });

  it('reads as not seen when the citizen has never marked the plan', () => {
    const cache = createCache();
    cache.writeQuery({ query: OWN_WORDS, variables: { planId: 'plan-1' }, data: { myOwnWords: { __typename: 'CitizenOwnWords', id: 'plan-1', lastSeen: null } } });
    expect(cache.readQuery<ReturnType<typeof answer>>({ query: OWN_WORDS, variables: { planId: 'plan-1' } })?.myOwnWords.lastSeen).toBeNull();
  });

  it('never goes back when an older answer arrives after a newer mark', () => {
    const cache = createCache();
    cache.writeQuery({ query: OWN_WORDS, variables: { planId: 'plan-1' }, data: answer('seen-2', '2026-12-03T10:05:00.000Z') });
    // An answer that was on its way before the citizen marked the plan seen.
    cache.writeQuery({ query: OWN_WORDS, variables: { planId: 'plan-1' }, data: answer('seen-1', '2026-12-03T09:00:00.000Z') });
    expect(cache.readQuery<ReturnType<typeof answer>>({ query: OWN_WORDS, variables: { planId: 'plan-1' } })?.myOwnWords.lastSeen).toEqual({
      __typename: 'CitizenPlanSeen',
      id: 'seen-2',
      seenAt: '2026-12-03T10:05:00.000Z',
    });
    // A later mark replaces it.
    cache.writeQuery({ query: OWN_WORDS, variables: { planId: 'plan-1' }, data: answer('seen-3', '2026-12-03T11:00:00.000Z') });
    expect(cache.readQuery<ReturnType<typeof answer>>({ query: OWN_WORDS, variables: { planId: 'plan-1' } })?.myOwnWords.lastSeen?.id).toBe('seen-3');
  });
});
