/** Who has a plan open now, across instances, with nothing but PostgreSQL (docs/live-collaboration.md, "Presence"). */
import type { ServerModule } from '../../core/module';
import { PresenceResolver, PresentUserResolver } from './presence.resolver';

export { PlanPresence, PresentUser } from './presence.types';
export { PRESENCE_CHANNEL, REFRESH_MS, EXPIRE_SECONDS, presenceHubOf } from './presence-hub';

export const presenceModule: ServerModule = { name: 'presence', resolvers: [PresenceResolver, PresentUserResolver] };
