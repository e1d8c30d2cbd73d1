// A seeded, stratified train / held-out split: the same seed and data give the same split on
// every machine, and both parts keep the data's share of positive sentences.

/** mulberry32: a small, fast, well-distributed 32-bit generator; `seed` is any integer. */
export function seededRandom(seed) {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Shuffles each class (Fisher–Yates) and holds out `heldoutFraction` of it, rounded; returns
 * both parts in the data's original order, so files stay easy to compare with the source.
 */
export function stratifiedSplit(rows, { heldoutFraction, seed, classOf }) {
  const random = seededRandom(seed);
  const byClass = new Map();
  for (const row of rows) {
    const key = classOf(row);
    if (!byClass.has(key)) byClass.set(key, []);
    byClass.get(key).push(row);
  }
  const heldout = new Set();
  for (const key of [...byClass.keys()].sort()) {
    const members = [...byClass.get(key)];
    for (let index = members.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [members[index], members[other]] = [members[other], members[index]];
    }
    for (const row of members.slice(0, Math.round(members.length * heldoutFraction)))
      heldout.add(row);
  }
  return {
    train: rows.filter((row) => !heldout.has(row)),
    heldout: rows.filter((row) => heldout.has(row)),
  };
}
