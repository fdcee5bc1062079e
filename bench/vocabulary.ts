/**
 * A deterministic, Zipf-distributed vocabulary: word of rank r (1-based) is drawn with probability
 * ∝ 1 / r. Words are made of syllables so the English stemmer keeps them distinct and none is a
 * stop word; a few real shop words sit at chosen ranks so a text reads like one.
 */

/** mulberry32: small, fast, seeded — the same data on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const VOCABULARY_SIZE = 20_000;

const ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr", "pl", "gr", "st", "kl"];
const NUCLEI = ["a", "o", "u", "i", "e"];
const CODAS = ["", "n", "r", "l", "m", "k", "x"];

export function buildVocabulary(size = VOCABULARY_SIZE): string[] {
  const random = prng(13);
  const seen = new Set<string>();
  const words: string[] = [];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  while (words.length < size) {
    const syllables = 2 + Math.floor(random() * 2);
    let w = "";
    for (let i = 0; i < syllables; i++) w += pick(ONSETS) + pick(NUCLEI) + (i === syllables - 1 ? pick(CODAS) : "");
    // The stemmer trims endings like -s, -e, -ing; ending on a consonant or 'o'/'u'/'a' keeps the
    // stem equal to the word, so a picked word is exactly one lexeme.
    if (/[eiy]$/.test(w) || seen.has(w)) continue;
    seen.add(w);
    words.push(w);
  }
  return words;
}

/** Cumulative Zipf (s = 1) weights, for drawing a rank with one binary search. */
export function zipfCdf(size: number): Float64Array {
  const cdf = new Float64Array(size);
  let sum = 0;
  for (let r = 1; r <= size; r++) {
    sum += 1 / r;
    cdf[r - 1] = sum;
  }
  for (let i = 0; i < size; i++) cdf[i]! /= sum;
  return cdf;
}

export function drawRank(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A message's text as the generator writes it: 4–27 words drawn by Zipf rank. The loads write
 * theirs the same way, so the newest messages carry each word as often as the million before them
 * (a flat pick over 2,000 words left the common word out of the loads' 160 k messages, and the
 * common-word search, walking by time, read past all of them).
 */
export function zipfTextOf(vocabulary: readonly string[], random: () => number): () => string {
  const cdf = zipfCdf(vocabulary.length);
  return () => {
    const n = 4 + Math.floor(random() * 24);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(vocabulary[drawRank(cdf, random())]!);
    return words.join(" ");
  };
}
