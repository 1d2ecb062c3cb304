// Alternation: the tools (and baselines) take turns, and who goes first flips every round, so slow
// drift on a shared machine does not favour either.
export function inTurn<T>(round: number, items: readonly T[]): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}
