// @retain/rules: the flow schema, its validation, conditions and the step function (pure, no I/O).
// The content arrives with the flows issue; this is the package's one public entry point.
export const RULES_PACKAGE = '@retain/rules';
