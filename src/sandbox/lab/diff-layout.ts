/**
 * How "Compare with solution" lays itself out. Two columns need room: below this width (the article's
 * text column is ~700 px) each side would get ~330 px and wrap or scroll every line, so the diff shows
 * one column with inline changes instead; the lab view, which gives Compare its whole width, keeps two.
 */
export const DIFF_SIDE_BY_SIDE_MIN_PX = 900;

/** The part of Monaco's ILineChange used here: 0 as an end line means "no lines on this side". */
export interface LineChange {
  originalStartLineNumber: number;
  originalEndLineNumber: number;
  modifiedStartLineNumber: number;
  modifiedEndLineNumber: number;
}

/**
 * The lines to reveal for the first change, one per side. A pure insertion has no lines on the learner's
 * side: Monaco then reports the line *before* the gap, which is the right place to look too.
 */
export function firstDifferenceLine(changes: readonly LineChange[] | null | undefined): { original: number; modified: number } | undefined {
  const first = changes?.[0];
  if (!first) return undefined;
  return { original: Math.max(1, first.originalStartLineNumber), modified: Math.max(1, first.modifiedStartLineNumber) };
}
