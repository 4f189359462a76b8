/**
 * ROC AUC (the probability that a random positive scores above a random negative, ties half),
 * computed by ranking: O(n log n). NaN when one class is empty.
 */
export class RocAuc {
  static of(points: ReadonlyArray<{ score: number; positive: boolean }>): number {
    const sorted = [...points].sort((a, b) => a.score - b.score);
    const pos = sorted.filter((p) => p.positive).length;
    const neg = sorted.length - pos;
    if (pos === 0 || neg === 0) return NaN;
    let rankSum = 0;
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1].score === sorted[i].score) j++;
      const avgRank = (i + j) / 2 + 1;
      for (let k = i; k <= j; k++) if (sorted[k].positive) rankSum += avgRank;
      i = j + 1;
    }
    return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
  }
}
