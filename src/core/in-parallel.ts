/**
 * Runs `work` over `items` with at most `limit` at a time, in order of start; resolves when all are done.
 * A rejection of one item is the caller's to catch inside `work` (it rejects the whole call otherwise).
 */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
