import type { NonEmptyArray } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { ActorLoader } from './auth/actor';
import type { EventFeed } from './events/event-feed';
import type { FieldGuard } from './field-guards';
import type { LoaderFactory } from './loaders';
import type { Logger } from './logging/logger';

/**
 * What a domain module gives the application: its manifest, exported from the module's
 * index.ts. Core never imports a module (the dependency check in `npm test` enforces it);
 * it receives the list of manifests from the composition root (server/src/app-modules.ts)
 * and builds the schema, the data source, the request's loaders and the live feed from
 * what they register. A new module is one manifest and one line in that list.
 */
export interface ServerModule {
  /** For error messages about the wiring. */
  name: string;
  /** TypeORM entities of the module's tables. */
  entities?: readonly Function[];
  /** type-graphql resolver classes; a function when they depend on the mode (demo login exists only in demo mode). */
  resolvers?: readonly Function[] | ((options: SchemaOptions) => readonly Function[]);
  /** Checks run before the fields they cover resolve (e.g. the mentor allow-list); core/field-guards.ts. */
  fieldGuards?: readonly FieldGuard[];
  /**
   * Per-request DataLoaders (by id, by parent, access rows). Their names join the
   * `Loaders` interface through module augmentation (core/loaders.ts).
   */
  loaders?: LoaderFactory;
  /** Who a verified token names. Exactly one module (org, which owns the users) registers it. */
  loadActor?: ActorLoader;
  /** The live event feed: exactly one module (live) registers it. */
  live?: LiveFeedRegistration;
}

export interface SchemaOptions {
  demo: boolean;
}

export interface LiveFeedOptions {
  dataSource: DataSource;
  url: string;
  logger: Logger;
  pollMs?: number;
  /** Keep the feed's statements prepared on the pool's connections (config.dbPreparedStatements). */
  preparedStatements?: boolean;
}

export interface LiveFeedRegistration {
  /** This instance's feed, wired to the access rules checked at every delivery. */
  createFeed(options: LiveFeedOptions): EventFeed<unknown>;
  /** Which event a subscription item delivers, so identical deliveries share one execution (http/shared-delivery.ts). */
  eventKeyOf(item: unknown): string | null;
}

export function entitiesOf(modules: readonly ServerModule[]): Function[] {
  return modules.flatMap((m) => m.entities ?? []);
}

export function resolversOf(modules: readonly ServerModule[], options: SchemaOptions): NonEmptyArray<Function> {
  const resolvers = modules.flatMap((m) => (typeof m.resolvers === 'function' ? m.resolvers(options) : (m.resolvers ?? [])));
  if (resolvers.length === 0) throw new Error('No module registers a resolver');
  return resolvers as NonEmptyArray<Function>;
}

export function fieldGuardsOf(modules: readonly ServerModule[]): FieldGuard[] {
  return modules.flatMap((m) => m.fieldGuards ?? []);
}

export function loaderFactoriesOf(modules: readonly ServerModule[]): LoaderFactory[] {
  return modules.flatMap((m) => (m.loaders ? [m.loaders] : []));
}

/** The one registration of a kind that must exist exactly once (`loadActor`, `live`). */
export function theOne<K extends 'loadActor' | 'live'>(modules: readonly ServerModule[], key: K): NonNullable<ServerModule[K]> {
  const found = modules.filter((m) => m[key] !== undefined);
  if (found.length !== 1) {
    throw new Error(`Exactly one module must register "${key}"; found ${found.length}${found.length ? ` (${found.map((m) => m.name).join(', ')})` : ''}`);
  }
  return found[0][key] as NonNullable<ServerModule[K]>;
}
