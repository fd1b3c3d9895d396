/** The citizen's own pages: Min plan. */
export { CitizenPlanPage } from './CitizenPlanPage';
