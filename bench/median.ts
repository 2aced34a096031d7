/**
 * The median of a list of numbers: the middle value of an odd count, the mean of the two middle
 * values of an even one (the bench runs an odd number of rounds, so it reports a measured round).
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** An odd number of rounds: an even request is rounded up, so the median is always a measured round. */
export function oddRounds(requested: number): number {
  const rounds = Math.max(1, Math.floor(requested));
  return rounds % 2 === 1 ? rounds : rounds + 1;
}
