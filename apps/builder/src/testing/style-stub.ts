/** Stands in for CSS imports in Jest (jest.config.js, project "builder"). */
export default {};
