import { parse } from 'graphql';
import { buildAppModulesSchema } from '../../app-modules';
import { isShareable, SharedResults } from './shared-delivery';

let schema: Awaited<ReturnType<typeof buildAppModulesSchema>>;
beforeAll(async () => {
  schema = await buildAppModulesSchema({ demo: false });
});

describe('which subscriptions may share one execution per event', () => {
  it('the client\'s live event selection: the event, who and which unit made it, the payload', () => {
    const doc = parse(`subscription($afterSeq: String) { caseloadEvents(afterSeq: $afterSeq) { ...E } }
      fragment E on PlanEvent { __typename seq kind planId entityType entityId at summary actor { id name unit { name } } unit { id code name } entity }`);
    expect(isShareable(schema, doc)).toBe(true);
  });

  it('not when a field may differ per viewer, however deep, or is not known to be the same for all', () => {
    for (const selection of [
      'plan { myStanding }',
      'plan { id }',
      'intervention { id title }',
      'programme { warnings { rule } }',
      'actor { municipality { id } unit { id } } activity { id }',
    ]) {
      expect({ selection, shareable: isShareable(schema, parse(`subscription { planEvents(planId: "x") { seq ${selection} } }`)) }).toEqual({ selection, shareable: false });
    }
  });
});

describe('SharedResults', () => {
  it('runs once per key, and forgets the oldest beyond its capacity', async () => {
    const results = new SharedResults(2);
    let runs = 0;
    const run = async () => ({ data: { n: ++runs } });
    expect(await results.get('a', run)).toEqual({ data: { n: 1 } });
    expect(await results.get('a', run)).toEqual({ data: { n: 1 } });
    await results.get('b', run);
    await results.get('c', run);
    expect(results.size).toBe(2);
    expect(await results.get('a', run)).toEqual({ data: { n: 4 } }); // 'a' was dropped, so it runs again
  });
});
