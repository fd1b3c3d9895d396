import { isInterfaceType, isObjectType, isSpecifiedScalarType, type GraphQLObjectType } from 'graphql';
import { getMetadataArgsStorage, type EntityManager } from 'typeorm';
import { appModules, buildAppModulesSchema } from './app-modules';
import { createLoaders } from './core/loaders';
import { entitiesOf, loaderFactoriesOf, theOne } from './core/module';

/** The composition root: what a module forgets to register fails here, not in production. */
describe('the application modules', () => {
  it('register every TypeORM entity the modules declare, each once', () => {
    const registered = entitiesOf(appModules);
    const declared = getMetadataArgsStorage().tables.map((t) => t.target);
    expect(new Set(registered).size).toBe(registered.length);
    expect(declared.filter((e) => !registered.includes(e as Function)).map((e) => (e as Function).name)).toEqual([]);
  });

  it('register each loader name once', () => {
    // Loaders are created lazily by DataLoader; no statement runs here.
    const loaders = createLoaders(loaderFactoriesOf(appModules), {} as EntityManager);
    expect(Object.keys(loaders)).toEqual(expect.arrayContaining(['user', 'unit', 'plan', 'planAccess', 'intervention', 'mentorGrantsByPlan']));
  });

  it('have exactly one source of actors and one live feed', () => {
    expect(typeof theOne(appModules, 'loadActor')).toBe('function');
    expect(typeof theOne(appModules, 'live').createFeed).toBe('function');
    expect(() => theOne([], 'live')).toThrow('Exactly one module must register "live"; found 0');
  });
});

/**
 * The schema is where an API user meets the Danish words (docs/domain.md, "Words"): every
 * type and every field a query returns says what it is, ids aside. Inputs repeat the fields
 * they set and are not held to it.
 */
it('describe every type and every returned field of the schema, ids aside', async () => {
  const schema = await buildAppModulesSchema({ demo: true });
  const undescribed: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || isSpecifiedScalarType(type) || [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].includes(type as GraphQLObjectType)) continue;
    if (!type.description) undescribed.push(type.name);
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.description && field.name !== 'id' && !field.name.endsWith('Id')) undescribed.push(`${type.name}.${field.name}`);
    }
  }
  expect(undescribed).toEqual([]);
});
