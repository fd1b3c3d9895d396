import { getNamedType, isInterfaceType, isObjectType, isUnionType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';

/**
 * Every object field reachable from the given types, through unions and interfaces too, as
 * `Type.field`: what an allow-list test (mentor, citizen) checks against its list.
 */
export function reachableFields(schema: GraphQLSchema, starts: GraphQLNamedType[]): string[] {
  const seen = new Set<string>();
  const fields: string[] = [];
  const visit = (type: GraphQLNamedType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    if (isUnionType(type)) type.getTypes().forEach(visit);
    if (isInterfaceType(type)) schema.getPossibleTypes(type).forEach(visit);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const f of Object.values(type.getFields())) {
        fields.push(`${type.name}.${f.name}`);
        visit(getNamedType(f.type));
      }
    }
  };
  starts.forEach(visit);
  return fields;
}
