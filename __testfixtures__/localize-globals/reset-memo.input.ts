let memo: Record<string, number> = {}; // REPORT: accumulating-global safe

function cost(word: string): number {
  return word.length * 2;
}

export const total = (words: readonly string[]): number => {
  memo = {};
  let sum = 0;
  for (const w of words) {
    memo[w] ??= cost(w);
    sum += memo[w];
  }
  return sum;
};
