/**
 * The same measurement on a big and a small store (two origins), in alternating pairs so drift in the machine's load
 * falls on both sides alike; the first pair warms up and is discarded. Returns both series and each pair's ratio.
 */
export async function alternatingPairs(
  pairs: number,
  measure: (big: boolean) => Promise<number>,
): Promise<{ big: number[]; small: number[]; ratios: number[]; warmup: string }> {
  const big: number[] = [];
  const small: number[] = [];
  let warmup = '';
  for (let i = 0; i <= pairs; i++) {
    const smallFirst = i % 2 === 0;
    const first = await measure(!smallFirst);
    const second = await measure(smallFirst);
    const [s, l] = smallFirst ? [first, second] : [second, first];
    if (i === 0) warmup = `${l.toFixed(0)} vs ${s.toFixed(0)} ms`;
    else {
      big.push(l);
      small.push(s);
    }
  }
  return { big, small, ratios: big.map((l, i) => l / small[i]!), warmup };
}
