/** The leader dashboard (003 element 9). Route and menu: see KEY_FIGURES_PATH and canSeeKeyFigures. */
export { KeyFiguresPage, KeyFiguresQueryDoc } from './KeyFiguresPage';
export { KEY_FIGURES_PATH, canSeeKeyFigures } from './figures';
