/** Administration (administrators): units, staff and the administration log. Route: paths.administration. */
export { canAdminister } from './admin';
export { AdministrationPage } from './AdministrationPage';
