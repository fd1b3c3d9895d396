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
