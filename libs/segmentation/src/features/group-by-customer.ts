/**
 * Counting sort of line indices by customer, keeping only lines with time < `before`: linear time,
 * two typed arrays, no per-customer objects. Customer c's lines are order[start[c] .. start[c + 1]).
 * Grouping lets distinct counts (orders, categories) use one "last seen by customer" table instead
 * of a set per customer.
 */
export interface CustomerGroups {
  start: Int32Array;
  order: Int32Array;
}

export function groupLinesByCustomer(customerIndex: Int32Array, time: Float64Array, customerCount: number, before: number): CustomerGroups {
  const start = new Int32Array(customerCount + 1);
  for (let i = 0; i < customerIndex.length; i++) if (time[i] < before) start[customerIndex[i] + 1]++;
  for (let c = 0; c < customerCount; c++) start[c + 1] += start[c];
  const next = start.slice(0, customerCount);
  const order = new Int32Array(start[customerCount]);
  for (let i = 0; i < customerIndex.length; i++) if (time[i] < before) order[next[customerIndex[i]]++] = i;
  return { start, order };
}
