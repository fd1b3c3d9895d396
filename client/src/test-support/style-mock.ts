/** Jest stands this in for imported .css files (see the root jest.config.js). */
export default {};
