/** The leader dashboard (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9). Route and menu: see KEY_FIGURES_PATH and canSeeKeyFigures. */
export { KeyFiguresPage, KeyFiguresQueryDoc } from './KeyFiguresPage';
export { KEY_FIGURES_PATH, canSeeKeyFigures } from './figures';
