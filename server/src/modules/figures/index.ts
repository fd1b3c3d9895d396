/** Leaders' key figures (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9): aggregates per month and per unit, small groups suppressed. */
export { KeyFigures, KeyFigureBucket, KeyFigureValue, KeyFigure, KEY_FIGURE_INFO } from './figures.types';
export { keyFigures, companyBasedTarget, DEFAULT_COMPANY_TARGET } from './figures.service';
export { MIN_GROUP } from './suppression';
import { FiguresResolver } from './figures.resolver';
import type { ServerModule } from '../../core/module';

export const figuresResolvers = [FiguresResolver] as const;

export const figuresModule: ServerModule = { name: 'figures', resolvers: figuresResolvers };
