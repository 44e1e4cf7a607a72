import { describe, expect, it } from 'vitest';
import { bestSubResult, highlightRanges, queryTerms, resultHref } from '../../src/scripts/search-target.ts';

const sub = (title: string, scores: number[]) => ({
  title,
  url: `/sse/basics/#${title.toLowerCase()}`,
  excerpt: '',
  locations: scores.map((_, i) => i),
  weighted_locations: scores.map((balanced_score) => ({ balanced_score })),
});

describe('bestSubResult', () => {
  it('picks the section with the most weight of hits, not the first in page order', () => {
    expect(bestSubResult([sub('Intro', [1]), sub('Retry', [3, 2]), sub('Ids', [4])])?.title).toBe('Retry');
  });
  it('falls back to the count of hits, and to nothing without sections', () => {
    expect(bestSubResult([{ title: 'A', url: '/a/', excerpt: '', locations: [1] }, { title: 'B', url: '/b/', excerpt: '', locations: [1, 2] }])?.title).toBe('B');
    expect(bestSubResult(undefined)).toBeUndefined();
    expect(bestSubResult([])).toBeUndefined();
  });
});

describe('resultHref', () => {
  it('adds one highlight parameter per word and keeps the section anchor last', () => {
    expect(resultHref('/server-sent-events/sse-basics/#retry', ' Last-Event-ID  retry ')).toBe(
      '/server-sent-events/sse-basics/?highlight=Last-Event-ID&highlight=retry#retry',
    );
  });
  it('replaces highlight parameters Pagefind may already have added, and keeps absolute URLs absolute', () => {
    expect(resultHref('https://example.org/a/?highlight=old#x', 'new')).toBe('https://example.org/a/?highlight=new#x');
    expect(queryTerms('a  b a')).toEqual(['a', 'b']);
  });
});

describe('highlightRanges', () => {
  it('marks whole words that start with a term, case-insensitively, as Pagefind matches stems', () => {
    const text = 'Reconnection uses reconnect timers; disconnect is different.';
    const ranges = highlightRanges(text, ['reconnect']);
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['Reconnection', 'reconnect']);
  });
  it('matches terms with punctuation literally and merges overlaps', () => {
    const text = 'Send If-None-Match with the ETag.';
    expect(highlightRanges(text, ['If-None-Match', 'etag']).map(([s, e]) => text.slice(s, e))).toEqual(['If-None-Match', 'ETag']);
    expect(highlightRanges('streaming', ['stream', 'streaming'])).toEqual([[0, 9]]);
  });
  it('ignores one-letter terms, and regex characters in a term match themselves', () => {
    expect(highlightRanges('a b c', ['a'])).toEqual([]);
    expect(highlightRanges('x (y) z', ['(y)'])).toEqual([[2, 5]]);
    expect(highlightRanges('cost $5 each', ['$5'])).toEqual([[5, 7]]);
    expect(highlightRanges('a.b axb', ['a.b'])).toEqual([[0, 3]]);
  });
});
