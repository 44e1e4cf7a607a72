import type { MarkdownHeading } from 'astro';

export interface TocEntry {
  slug: string;
  text: string;
  children: { slug: string; text: string }[];
}

/** Nests h3s under the preceding h2; h3s before any h2 become top-level so nothing is dropped. */
export function nestHeadings(headings: readonly MarkdownHeading[]): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const heading of headings) {
    if (heading.depth === 2) entries.push({ slug: heading.slug, text: heading.text, children: [] });
    else if (heading.depth === 3) {
      const parent = entries.at(-1);
      if (parent) parent.children.push({ slug: heading.slug, text: heading.text });
      else entries.push({ slug: heading.slug, text: heading.text, children: [] });
    }
  }
  return entries;
}
