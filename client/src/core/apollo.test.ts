/// <reference types="node" />
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isInterfaceType } from 'graphql';
import { POSSIBLE_TYPES } from './apollo';

describe('apollo cache', () => {
  it('knows every implementation of every interface in the schema', () => {
    const schema = buildSchema(readFileSync(path.join(__dirname, '../../../schema/schema.graphql'), 'utf8'));
    const fromSchema: Record<string, string[]> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (isInterfaceType(type) && !type.name.startsWith('__')) {
        fromSchema[type.name] = schema.getPossibleTypes(type).map((t) => t.name).sort();
      }
    }
    const ours = Object.fromEntries(Object.entries(POSSIBLE_TYPES).map(([k, v]) => [k, [...v].sort()]));
    expect(ours).toEqual(fromSchema);
  });
});
