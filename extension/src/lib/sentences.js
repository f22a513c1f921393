// A cheap client-side sentence count: it only decides between /v1/check and /v1/check/batch.

const HAS_WORDS = /[\p{L}\p{N}]/u;
let segmenter = null;

/**
 * How many sentences `text` holds, by the browser's own sentence segmenter. The service splits
 * a paragraph again with a real splitter (abbreviations, quotes, numbers): a wrong guess here
 * costs one batch request that answers a single result, never a wrong card.
 */
export function countSentences(text) {
  segmenter ??= new Intl.Segmenter("en", { granularity: "sentence" });
  let count = 0;
  for (const { segment } of segmenter.segment(String(text ?? ""))) {
    if (HAS_WORDS.test(segment)) count += 1;
  }
  return count;
}

export function isParagraph(text) {
  return countSentences(text) > 1;
}
