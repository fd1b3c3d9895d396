/** "Nyt siden dit sidste besøg": each user's read position per plan, and the changes by others after it. */
import type { ServerModule } from '../../core/module';
import { seenLoaders } from './read-position.loaders';
import { PlanSeenResolver } from './seen.resolver';

export const seenModule: ServerModule = { name: 'seen', resolvers: [PlanSeenResolver], loaders: seenLoaders };
export { settledMark } from './seen.service';
