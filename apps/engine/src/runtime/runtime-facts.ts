// Customer facts for a batch of enrollments: the segments module's reader (a few bulk queries for
// the whole batch, only the facts the version uses), shaped for the step function.
import { Injectable } from '@nestjs/common';
import type { CustomerFacts } from '@retain/rules';
import { CustomerFactsReader } from '../segments/customer-facts-reader';
import { SegmentCatalog } from '../segments/segment-catalog';

const NO_FACTS: CustomerFacts = Object.freeze({});

@Injectable()
export class RuntimeFacts {
  constructor(
    private readonly reader: CustomerFactsReader,
    private readonly catalog: SegmentCatalog,
  ) {}

  /** customer id → facts; customers that no longer exist get none. */
  async load(factNames: readonly string[], customerIds: readonly number[]): Promise<Map<number, CustomerFacts>> {
    const byCustomer = new Map<number, CustomerFacts>();
    if (!factNames.length || !customerIds.length) {
      for (const id of customerIds) byCustomer.set(id, NO_FACTS);
      return byCustomer;
    }
    const activeModels = factNames.some((name) => name.startsWith('scores.')) ? await this.catalog.activeModels() : new Map();
    for await (const page of this.reader.pages({ facts: factNames, activeModels, customerIds, pageSize: customerIds.length })) {
      for (let i = 0; i < page.customerIds.length; i++) byCustomer.set(page.customerIds[i], forStep(page.facts[i]));
    }
    for (const id of customerIds) if (!byCustomer.has(id)) byCustomer.set(id, NO_FACTS);
    return byCustomer;
  }
}

/**
 * Conditions read flat names (`scores.churn`); the step function's risk check reads
 * `facts.scores.churn`. Both are given.
 */
export function forStep(facts: Record<string, unknown>): CustomerFacts {
  let scores: Record<string, unknown> | undefined;
  for (const key of Object.keys(facts)) {
    if (key.startsWith('scores.')) (scores ??= {})[key.slice('scores.'.length)] = facts[key];
  }
  return scores ? { ...facts, scores } : facts;
}
