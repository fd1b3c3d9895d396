import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isAbstractType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { ConflictError, type ReadAs } from './errors/app-errors';

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
  /**
   * What `check` decides of a covered field it refuses outright, asked of a record no field
   * resolves (a CONFLICT's `current`, `recordAsRead`): false leaves the field out. Only a
   * question: it refuses and logs nothing, for the caller asked for no field. Absent: the
   * guard refuses no field outright.
   */
  allows?(context: Context, typeName: string, fieldName: string): boolean;
  /**
   * For a guard that answers fields in place of their values (the consent cut): the record,
   * as stored, with those fields answered as `check` would answer them.
   */
  cut?(context: Context, typeName: string, record: Record<string, unknown>): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/**
 * Binds the guards to the schema's fields, in the order given (the first guard runs first),
 * and has every mutation answer a CONFLICT with its `current` as the caller may read it
 * (`recordAsRead`). Introspection types are left alone. Changes the schema in place and returns it.
 */
export function applyFieldGuards(schema: GraphQLSchema, guards: readonly FieldGuard[]): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const bound = guards.filter((g) => !g.covers || g.covers(type.name, field.name));
      if (bound.length > 0) field.resolve = guarded(field.resolve ?? defaultFieldResolver, bound);
    }
  }
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    field.resolve = answeringConflictsAsRead(field.resolve ?? defaultFieldResolver, guards);
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

/**
 * A CONFLICT hands back the record as it is now (`conflict`, core/errors/app-errors.ts), which
 * no field resolves and so no guard sees: it is cut here, where the write answers, to what a
 * read would show this caller (`recordAsRead`).
 */
function answeringConflictsAsRead(resolve: GraphQLFieldResolver<unknown, unknown>, guards: readonly FieldGuard[]): GraphQLFieldResolver<unknown, unknown> {
  return (root, args, context, info) => {
    const answer = async (error: unknown): Promise<never> => {
      if (!(error instanceof ConflictError)) throw error;
      throw error.answering(await recordAsRead(info.schema, guards, context, error.current, error.readAs));
    };
    try {
      const result = resolve(root, args, context, info);
      return isThenable(result) ? result.then(undefined, answer) : result;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return answer(error);
    }
  };
}

/**
 * A record handed out whole, outside field resolution, as a read would show it to the caller:
 * only the fields of its GraphQL type (named by its `__typename`, or by the class it is an
 * instance of; a record of no known type is shown as nothing), each only when every guard
 * covering it `allows` it, after the guards' `cut` (the consent cut); a field holding records
 * holds them as read in their turn. A key that names part of a field stays when both may be
 * read: `updatedById` of `updatedBy { id }`, `userName` of `user { name }`, `subGoalIds` of
 * `subGoals { id }`; any other key only as the caller declares it (`readAs`). The rest, the
 * stored row's internals (its municipality, who wrote it), goes. Nothing is refused or logged:
 * the caller asked for no field.
 */
export async function recordAsRead<Context>(
  schema: GraphQLSchema,
  guards: readonly FieldGuard<Context>[],
  context: Context,
  record: unknown,
  readAs: ReadAs = {},
): Promise<Record<string, unknown> | null> {
  const allowed = ([typeName, fieldName]: Coordinate) => guards.every((g) => !g.allows || (g.covers && !g.covers(typeName, fieldName)) || g.allows(context, typeName, fieldName));

  const read = async (type: GraphQLObjectType, stored: Record<string, unknown>, declared: ReadAs): Promise<Record<string, unknown>> => {
    let shown = stored;
    for (const g of guards) if (g.cut) shown = await g.cut(context, type.name, shown);
    const out: Record<string, unknown> = { __typename: type.name };
    for (const [key, value] of Object.entries(shown)) {
      const reading = key === '__typename' ? null : readingOf(schema, type, key, declared);
      if (!reading || !reading.coordinates.every(allowed)) continue;
      const held = reading.field ? await within(reading.field.type, value) : value;
      if (held !== undefined) out[key] = held;
    }
    return out;
  };

  // A field's value as read: a record of its type (or, for an interface or union, of the type it names), a list of them, or a leaf.
  const within = async (type: GraphQLOutputType, value: unknown): Promise<unknown> => {
    if (value === null || value === undefined) return value;
    const inner = getNullableType(type);
    if (isListType(inner)) return Array.isArray(value) ? Promise.all(value.map((v) => within(inner.ofType, v))) : undefined;
    if (isLeafType(inner)) return value;
    if (typeof value !== 'object' || value instanceof Date) return undefined;
    const named = isObjectType(inner) ? inner : typeOf(schema, value);
    return named && (named === inner || (isAbstractType(inner) && schema.isSubType(inner, named))) ? read(named, value as Record<string, unknown>, {}) : undefined;
  };

  if (!record || typeof record !== 'object') return null;
  const type = typeOf(schema, record);
  return type ? read(type, record as Record<string, unknown>, readAs) : null;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

type Coordinate = readonly [typeName: string, fieldName: string];

/** The type a record is of: its `__typename`, or the GraphQL type of the class it is an instance of. */
function typeOf(schema: GraphQLSchema, record: object): GraphQLObjectType | null {
  const named = (record as { __typename?: unknown }).__typename;
  const name = typeof named === 'string' ? named : getMetadataStorage().objectTypes.find((t) => t.target === record.constructor)?.name;
  const type = name ? schema.getType(name) : undefined;
  return isObjectType(type) ? type : null;
}

/** What a key of a record is read as: the field itself, a part of a field, or what the caller declared; null for anything else. */
function readingOf(schema: GraphQLSchema, type: GraphQLObjectType, key: string, declared: ReadAs): { coordinates: Coordinate[]; field?: GraphQLField<unknown, unknown> } | null {
  const fields = type.getFields();
  if (fields[key]) return { coordinates: [[type.name, key]], field: fields[key] };
  for (const field of Object.values(fields)) {
    const part = partOf(field, key);
    if (part) return { coordinates: [[type.name, field.name], part] };
  }
  const [typeName, fieldName] = declared[key]?.split('.') ?? [];
  const other = typeName ? schema.getType(typeName) : undefined;
  return (isObjectType(other) || isInterfaceType(other)) && other.getFields()[fieldName] ? { coordinates: [[typeName, fieldName]] } : null;
}

/** The part of a field's record a key names: `updatedById` (updatedBy { id }), `userName` (user { name }), `subGoalIds` (subGoals { id }). */
function partOf(field: GraphQLField<unknown, unknown>, key: string): Coordinate | null {
  const named = getNamedType(field.type);
  if (!isObjectType(named) && !isInterfaceType(named)) return null;
  if (isListType(getNullableType(field.type))) {
    const stem = key.endsWith('Ids') ? key.slice(0, -3) : null;
    return stem && (field.name === stem || field.name === `${stem}s`) && named.getFields().id ? [named.name, 'id'] : null;
  }
  const rest = key.startsWith(field.name) ? key.slice(field.name.length) : '';
  if (!/^[A-Z]/.test(rest)) return null;
  const part = rest[0].toLowerCase() + rest.slice(1);
  return named.getFields()[part] ? [named.name, part] : null;
}
