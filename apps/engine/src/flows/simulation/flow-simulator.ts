// A dry run of a journey: each customer walks the graph through the rules' own step function (the
// code the runtime runs: compiled conditions, risk threshold, hash-based A/B), with waits passed
// through and actions counted but never performed. Pure; the service loads the customers.
import { isInGlobalControl, isInHoldout, step, StepError, type CustomerFacts, type FlowDefinition } from '@retain/rules';

export interface SimulatedNode {
  /** Customers who get to this step. */
  reached: number;
  /** Of those, customers who would wait here (a wait step). */
  waiting: number;
  /** Of those, customers an email, offer or webhook would be sent to. */
  performed: number;
  /** Of those, customers whose journey ends here (goal, exit, or an output not connected yet). */
  completed: number;
}

export interface SimulationTally {
  nodes: Record<string, SimulatedNode>;
  /** Customers taking each connection, by edge id. */
  edges: Record<string, number>;
  /** Entrants the flow's holdout would keep out (counted at the trigger, then nothing). */
  heldOut: number;
  /** Customers of the audience in the global control group: they would not enter at all. */
  globalControl: number;
}

/** Who the runtime would leave alone, the same way it does (libs/rules' hash). */
export interface SimulationAudienceRules {
  flowId: number;
  /** The trigger's holdoutPercent (0: nobody). */
  holdoutPercent: number;
  /** RETAIN_GLOBAL_CONTROL_PERCENT. */
  globalControlPercent: number;
}

export interface FlowSimulator {
  /** Walks one customer from the trigger to the end of their path. */
  walk(customerId: string, facts: CustomerFacts): void;
  tally(): SimulationTally;
}

export function createFlowSimulator(flow: FlowDefinition, now: Date, rules: SimulationAudienceRules = { flowId: 0, holdoutPercent: 0, globalControlPercent: 0 }): FlowSimulator {
  const trigger = flow.nodes.find((node) => node.type === 'trigger');
  const edgeIds = new Map(flow.edges.map((edge) => [`${edge.source}\u0000${edge.target}\u0000${edge.sourceHandle}`, edge.id]));
  const handleEdge = new Map(flow.edges.map((edge) => [`${edge.source}\u0000${edge.sourceHandle}`, edge.id]));
  const nodes: Record<string, SimulatedNode> = Object.fromEntries(flow.nodes.map((node) => [node.id, { reached: 0, waiting: 0, performed: 0, completed: 0 }]));
  const edges: Record<string, number> = Object.fromEntries(flow.edges.map((edge) => [edge.id, 0]));
  let heldOut = 0;
  let globalControl = 0;
  // a cycle always holds a wait (validation); waits pass straight through here, so bound the walk
  const maxSteps = flow.nodes.length + 1;

  const take = (source: string, handle: string, target: string) => {
    const id = edgeIds.get(`${source}\u0000${target}\u0000${handle}`) ?? handleEdge.get(`${source}\u0000${handle}`);
    if (id !== undefined) edges[id]++;
  };

  return {
    walk(customerId, facts) {
      if (!trigger) return;
      if (isInGlobalControl(customerId, rules.globalControlPercent)) {
        globalControl++;
        return;
      }
      if (isInHoldout(rules.flowId, customerId, rules.holdoutPercent)) {
        nodes[trigger.id].reached++;
        nodes[trigger.id].completed++;
        heldOut++;
        return;
      }
      let at: string | undefined = trigger.id;
      for (let steps = 0; at !== undefined && steps < maxSteps; steps++) {
        const counts: SimulatedNode = nodes[at];
        counts.reached++;
        let result;
        try {
          result = step(flow, at, facts, now, { customerId });
        } catch (error) {
          if (!(error instanceof StepError)) throw error;
          counts.completed++; // an output not connected yet: the journey would stop here
          return;
        }
        const from: string = at;
        switch (result.kind) {
          case 'transition':
            take(from, result.handle, result.to);
            at = result.to;
            break;
          case 'action':
            counts.performed++;
            take(from, 'next', result.then);
            at = result.then;
            break;
          case 'wait':
            counts.waiting++;
            take(from, 'next', result.then);
            at = result.then;
            break;
          case 'waitForEvent':
            // a dry run cannot know who will do the event: everyone waits until the timeout
            counts.waiting++;
            take(from, 'timeout', result.onTimeout);
            at = result.onTimeout;
            break;
          case 'goal':
          case 'exit':
            counts.completed++;
            at = undefined;
            break;
        }
      }
    },
    tally: () => ({ nodes, edges, heldOut, globalControl }),
  };
}
