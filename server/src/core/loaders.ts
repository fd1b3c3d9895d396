import DataLoader from 'dataloader';
import { EntityManager, In, type EntityTarget, type FindOptionsOrder, type ObjectLiteral } from 'typeorm';

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
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await ds.getRepository(entity).findBy({ id: In(valid) } as never) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Loads the children of many parents in one statement, grouped by the parent key. */
export function groupLoader<T extends ObjectLiteral>(
  ds: EntityManager,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order?: FindOptionsOrder<T>,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (parents) => {
    const valid = parents.filter(isUuid);
    const rows = valid.length ? await ds.getRepository(entity).find({ where: { [key]: In(valid) } as never, order }) : [];
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const k = row[key] as string;
      const list = groups.get(k) ?? [];
      list.push(row);
      groups.set(k, list);
    }
    return parents.map((p) => groups.get(p) ?? []);
  });
}

/** Loads a many-to-many link (e.g. intervention -> sub-goal ids) in one statement. */
export function linkLoader(ds: EntityManager, sql: string): DataLoader<string, string[]> {
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
