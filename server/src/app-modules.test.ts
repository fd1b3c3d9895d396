import { getMetadataArgsStorage, type EntityManager } from 'typeorm';
import { appModules } from './app-modules';
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
