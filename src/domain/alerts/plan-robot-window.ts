/**
 * How many alert messages a group robot may be given now, and whether the waiting alerts go one by one or
 * folded into a digest. Pure.
 *
 * The robot takes `limit` messages per `windowMs` (WeCom: 20 a minute). One slot is kept back: the alerts
 * use at most limit - 1 per window, so a digest (or any other message to the group) always finds room, and
 * a burst of N alerts in one window costs at most limit - 1 messages alone plus one digest, whatever N.
 * - waiting ≤ free slots: each alert alone;
 * - more waiting than free slots: everything waiting folds into digests (as few messages as the byte limit
 *   allows, at most the free slots; what does not fit waits for the next window);
 * - no free slot: wait until the oldest send leaves the window (`retryAt`).
 */
export type RobotPlan =
  | { mode: 'each'; count: number }
  | { mode: 'digest'; maxMessages: number }
  | { mode: 'wait'; retryAt: Date };

export function recentSends(sends: readonly Date[], now: Date, windowMs: number): Date[] {
  const from = now.getTime() - windowMs;
  return sends.filter((d) => d.getTime() > from).sort((a, b) => a.getTime() - b.getTime());
}

export function planRobotWindow(sends: readonly Date[], waiting: number, now: Date, limit: number, windowMs: number): RobotPlan | null {
  if (waiting <= 0) return null;
  const recent = recentSends(sends, now, windowMs);
  const free = limit - 1 - recent.length;
  if (free <= 0) {
    // The slot that frees first: the oldest send still in the window (that many must leave for one to free).
    const oldest = recent[Math.max(0, recent.length - (limit - 1))]!;
    return { mode: 'wait', retryAt: new Date(oldest.getTime() + windowMs + 1) };
  }
  return waiting <= free ? { mode: 'each', count: waiting } : { mode: 'digest', maxMessages: free };
}
