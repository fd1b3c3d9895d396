/** Mine sager at any size: the caseload a page at a time, searched, filtered and sorted on the server. */
import type { ServerModule } from '../../core/module';
import { caseloadLoaders } from './caseload.loaders';
import { CaseloadPageLiveFromResolver, CaseloadResolver, PlanLatestChangeResolver } from './caseload.resolver';

export { CaseloadFilter, CaseloadPage, CaseloadSort } from './caseload.types';

export const caseloadModule: ServerModule = { name: 'caseload', resolvers: [CaseloadResolver, CaseloadPageLiveFromResolver, PlanLatestChangeResolver], loaders: caseloadLoaders };
