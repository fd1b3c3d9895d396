import { buildAppModulesSchema } from '../../app-modules';
import { accessRules } from './access';

describe('deny by default', () => {
  it('every root field of the schema declares who may call it', async () => {
    const schema = await buildAppModulesSchema({ demo: true });
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const fields = roots.flatMap((root) => (root ? Object.keys(root.getFields()).map((f) => `${root.name}.${f}`) : []));
    expect(fields.length).toBeGreaterThan(0);
    const missing = fields.filter((f) => !accessRules.has(f.split('.')[1]));
    expect(missing).toEqual([]);
  });
});
