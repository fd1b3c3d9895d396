import { parse } from 'graphql';
import { operationNames } from '../../codegen/operation-names';

describe('the web client\'s operation names for /metrics (codegen/operation-names.ts)', () => {
  it('lists every named operation once, sorted; fragments and unnamed operations are no names', () => {
    const documents = [
      { document: parse('query PlanPage($id: ID!) { plan(id: $id) { id ...PlanHead } } fragment PlanHead on Plan { id }') },
      { document: parse('mutation UpdateActivity { __typename } subscription PlanEvents { __typename }') },
      { document: parse('{ __typename }') },
      { document: parse('query PlanPage { __typename }') },
      {},
    ];
    expect(operationNames(documents)).toEqual(['PlanEvents', 'PlanPage', 'UpdateActivity']);
  });
});
