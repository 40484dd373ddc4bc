// Moving one weight slider while the total stays put: the difference is shared
// among the other unlocked weights in proportion to their size, so the shares
// of 100 an executive reads stay meaningful. Locked weights never move.

export function rebalance(weights: readonly number[], index: number, target: number, locked: ReadonlySet<number> = new Set()): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const free = weights.map((_, i) => i !== index && !locked.has(i) && weights[i]! >= 0);
  const lockedSum = weights.reduce((s, w, i) => (i !== index && !free[i] ? s + w : s), 0);
  // The moved weight can take at most what the locked ones leave.
  const room = Math.max(0, total - lockedSum);
  const anyFree = free.some(Boolean);
  const value = Math.min(Math.max(0, target), anyFree ? room : weights[index]!);
  const out = [...weights];
  out[index] = value;
  if (!anyFree) return out;
  const rest = room - value;
  const freeSum = weights.reduce((s, w, i) => (free[i] ? s + w : s), 0);
  const freeCount = free.filter(Boolean).length;
  for (let i = 0; i < out.length; i++) {
    if (!free[i]) continue;
    // Proportional to the current sizes; evenly when they are all zero.
    out[i] = freeSum > 0 ? (rest * weights[i]!) / freeSum : rest / freeCount;
  }
  // Keep one decimal so the number boxes read cleanly, and put the rounding remainder back on the largest free weight.
  const rounded = out.map((w, i) => (free[i] ? Math.round(w * 10) / 10 : w));
  const drift = total - rounded.reduce((s, w) => s + w, 0);
  if (Math.abs(drift) > 1e-9) {
    let big = -1;
    for (let i = 0; i < rounded.length; i++) if (free[i] && (big === -1 || rounded[i]! > rounded[big]!)) big = i;
    if (big >= 0) rounded[big] = Math.round((rounded[big]! + drift) * 10) / 10;
  }
  return rounded;
}
