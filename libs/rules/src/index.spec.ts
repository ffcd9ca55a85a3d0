import * as rules from './index';

describe('@retain/rules public entry point', () => {
  it('exposes the pieces the engine and the builder use', () => {
    for (const name of ['flowDefinitionSchema', 'validateFlow', 'compileCondition', 'createEngineEvaluator', 'assignVariant', 'step', 'exampleRetentionFlow', 'defaultNodeData', 'outgoingHandles']) {
      expect(rules).toHaveProperty(name);
    }
  });
});
