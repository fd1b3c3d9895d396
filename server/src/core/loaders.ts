import DataLoader from 'dataloader';
import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Queryable } from './db/queryable';
import { keepPrepared } from './db/statement-batch';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * Loads rows by primary key, batched per request: nested fields never cost one
 * statement per parent (N+1 is a bug).
 */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(ds: EntityManager, entity: EntityTarget<T>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    // A malformed id names nothing: it answers null (NOT_FOUND upstream), not a database error.
    const rows = await rowsByIds(ds, entity, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Loads the children of many parents in one statement, grouped by the parent key. Given the
 * entity's by-id loader, each row read is primed into it too, so a field that then asks for
 * one of them by id (an intervention's sub-goals, among the plan's) costs no statement.
 */
export function groupLoader<T extends ObjectLiteral>(
  ds: EntityManager,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order?: Partial<Record<keyof T & string, 'ASC' | 'DESC'>>,
  primes?: DataLoader<string, T | null>,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (parents) => {
    const valid = parents.filter(isUuid);
    const rows = valid.length ? await rowsWhereIn(ds, entity, key, valid, order) : [];
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const k = row[key] as string;
      const list = groups.get(k) ?? [];
      list.push(row);
      groups.set(k, list);
      if (primes) primes.prime(row.id as string, row);
    }
    return parents.map((p) => groups.get(p) ?? []);
  });
}

/**
 * The entity's rows with one of these ids, as entity instances (as `findBy({ id: In(ids) })`
 * reads them), through `q`: off the request path, a pool queryable that keeps the statement
 * prepared (core/db/pool-query.ts). Malformed ids match nothing.
 */
export function rowsByIds<T extends ObjectLiteral>(ds: EntityManager, entity: EntityTarget<T>, ids: readonly string[], q: Queryable = ds): Promise<T[]> {
  const valid = ids.filter(isUuid);
  return valid.length ? rowsWhereIn(ds, entity, 'id', valid, undefined, q) : Promise.resolve([]);
}

/**
 * The entity's rows whose uuid column `key` is one of `values`, as entity instances. The
 * statement is written once per entity, key and order from TypeORM's metadata, and each
 * value is converted by TypeORM's own driver (`prepareHydratedValue`), so a row reads exactly
 * as `find` would read it — without building the query anew for every batch of every
 * request, which was a fifth of a plan page's time. Entities here have plain columns only
 * (no relations, embeddeds or inheritance); `entityReader` refuses any other.
 */
async function rowsWhereIn<T extends ObjectLiteral>(
  ds: EntityManager,
  entity: EntityTarget<T>,
  key: string,
  values: readonly string[],
  order?: Partial<Record<string, 'ASC' | 'DESC'>>,
  q: Queryable = ds,
): Promise<T[]> {
  const reader = entityReader(ds.connection.getMetadata(entity));
  const raw: Array<Record<string, unknown>> = await q.query(reader.selectWhereIn(key, order), [values]);
  return raw.map((r) => reader.hydrate(ds, r) as T);
}

interface EntityReader {
  selectWhereIn(key: string, order?: Partial<Record<string, 'ASC' | 'DESC'>>): string;
  hydrate(ds: EntityManager, raw: Record<string, unknown>): ObjectLiteral;
}

const readers = new WeakMap<EntityMetadata, EntityReader>();

function entityReader(metadata: EntityMetadata): EntityReader {
  const known = readers.get(metadata);
  if (known) return known;
  if (metadata.relations.length || metadata.embeddeds.length || metadata.discriminatorColumn || metadata.childEntityMetadatas.length) {
    throw new Error(`${metadata.name}: the loaders read plain columns only`);
  }
  const columns = metadata.columns.filter((c) => !c.isVirtual);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const table = metadata.schema ? `${quote(metadata.schema)}.${quote(metadata.tableName)}` : quote(metadata.tableName);
  const selectList = columns.map((c) => quote(c.databaseName)).join(', ');
  const columnOf = (property: string) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column "${property}"`);
    return quote(column.databaseName);
  };
  const texts = new Map<string, string>();
  const reader: EntityReader = {
    selectWhereIn(key, order) {
      const cacheKey = `${key}|${order ? JSON.stringify(order) : ''}`;
      let text = texts.get(cacheKey);
      if (!text) {
        const orderBy = order ? Object.entries(order).map(([p, dir]) => `${columnOf(p)} ${dir === 'DESC' ? 'DESC' : 'ASC'}`) : [];
        text = keepPrepared(`SELECT ${selectList} FROM ${table} WHERE ${columnOf(key)} = ANY($1::uuid[])${orderBy.length ? ` ORDER BY ${orderBy.join(', ')}` : ''}`);
        texts.set(cacheKey, text);
      }
      return text;
    },
    hydrate(ds, raw) {
      const row = metadata.create(undefined, { fromDeserializer: true });
      const driver = ds.connection.driver;
      for (const c of columns) {
        const value = raw[c.databaseName];
        if (value !== undefined) c.setEntityValue(row, driver.prepareHydratedValue(value, c));
      }
      return row;
    },
  };
  readers.set(metadata, reader);
  return reader;
}

/** Loads a many-to-many link (e.g. intervention -> sub-goal ids) in one statement. */
export function linkLoader(ds: EntityManager, sql: string): DataLoader<string, string[]> {
  keepPrepared(sql);
  return new DataLoader<string, string[]>(async (keys) => {
    const valid = keys.filter(isUuid);
    const rows: Array<{ k: string; v: string }> = valid.length ? await ds.query(sql, [valid]) : [];
    const groups = new Map<string, string[]>();
    for (const r of rows) groups.set(r.k, [...(groups.get(r.k) ?? []), r.v]);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/**
 * The request's DataLoaders, by name. Empty here: each module adds the loaders it
 * registers in its manifest by augmenting this interface (TypeScript module augmentation,
 * https://www.typescriptlang.org/docs/handbook/declaration-merging.html#module-augmentation),
 * e.g. `declare module '../../core/loaders' { interface Loaders extends ReturnType<typeof orgLoaders> {} }`.
 * So `ctx.loaders.user` stays typed while core names no module.
 */
export interface Loaders {}

/** Makes one module's loaders for one request (its manifest's `loaders`). */
export type LoaderFactory = (db: EntityManager) => Partial<Loaders>;

/**
 * Fresh loaders for one request (their caches live as long as the request): every
 * registered module's, merged. Two modules registering the same name is a wiring bug.
 */
export function createLoaders(factories: readonly LoaderFactory[], db: EntityManager): Loaders {
  const loaders: Record<string, unknown> = {};
  for (const factory of factories) {
    for (const [name, loader] of Object.entries(factory(db))) {
      if (name in loaders) throw new Error(`Two modules register the loader "${name}"`);
      loaders[name] = loader;
    }
  }
  return loaders as unknown as Loaders;
}
