// Which evaluated customers enter and which leave a segment. Pure; the refresher feeds it a page.

export interface MembershipDiff {
  entered: number[];
  exited: number[];
}

/** `matches[i]` says whether `customerIds[i]` belongs now; `isMember` says whether they did. */
export function diffMembership(customerIds: ArrayLike<number>, matches: ArrayLike<boolean>, isMember: (customerId: number) => boolean): MembershipDiff {
  const entered: number[] = [];
  const exited: number[] = [];
  for (let i = 0; i < customerIds.length; i++) {
    const id = customerIds[i];
    const was = isMember(id);
    if (matches[i] && !was) entered.push(id);
    else if (!matches[i] && was) exited.push(id);
  }
  return { entered, exited };
}
