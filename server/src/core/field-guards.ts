import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';

/** What a field guard sees of one field's resolution (the context is the request's, core/context.ts). */
export interface FieldGuardCall<Context> {
  root: unknown;
  args: Record<string, unknown>;
  context: Context;
  info: GraphQLResolveInfo;
}

/**
 * A check a module runs before fields resolve (the mentor's and the citizen's allow-lists,
 * the consent cut). It answers synchronously: `return next()` resolves the field as usual,
 * a throw refuses it, and any other value (or a promise of one) is the field's answer in
 * its place.
 *
 * Why not type-graphql's global middlewares: those run as a chain of async functions on
 * every field of every type, so each field, even a plain property, became a promise — on a
 * plan page of a few thousand fields that was a fifth of the request's time. A guard here is
 * bound only to the fields it `covers` (decided once, when the schema is built), and a field
 * it passes stays synchronous.
 */
export interface FieldGuard<Context = unknown> {
  /** Whether `check` runs for this field at all; every field of every object type when absent. */
  covers?(typeName: string, fieldName: string): boolean;
  check(call: FieldGuardCall<Context>, next: () => unknown): unknown;
}

/**
 * Binds the guards to the schema's fields, in the order given (the first guard runs first).
 * Introspection types are left alone. Changes the schema in place and returns it.
 */
export function applyFieldGuards(schema: GraphQLSchema, guards: readonly FieldGuard[]): GraphQLSchema {
  if (guards.length === 0) return schema;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const bound = guards.filter((g) => !g.covers || g.covers(type.name, field.name));
      if (bound.length > 0) field.resolve = guarded(field.resolve ?? defaultFieldResolver, bound);
    }
  }
  return schema;
}

function guarded(resolve: GraphQLFieldResolver<unknown, unknown>, guards: readonly FieldGuard[]): GraphQLFieldResolver<unknown, unknown> {
  return (root, args, context, info) => {
    const call: FieldGuardCall<unknown> = { root, args, context, info };
    const step = (i: number): unknown => (i === guards.length ? resolve(root, args, context, info) : guards[i].check(call, () => step(i + 1)));
    return step(0);
  };
}
