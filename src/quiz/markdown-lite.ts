/**
 * Markdown-lite: the small subset of Markdown quiz authors may use, rendered at build time.
 *
 * Inline: `code` (or ``code with a ` backtick``), **bold**, *emphasis*, [links](https://example.com), and
 * `\*` to write a literal asterisk. Blocks (prompts, rationales, hints): paragraphs separated by a blank
 * line and ``` fenced code blocks. Everything else is text: all HTML is escaped, so quiz files cannot inject
 * markup, and only http(s), root-relative and fragment links are linked.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const CODE_SPAN = /``([\s\S]+?)``|`([^`]+)`/g;

function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|\/|#)/i.test(href);
}

/** Formats text that contains no code spans; `text` is raw, the result is HTML. */
function formatText(text: string): string {
  // Backslash escapes first, as entities, so the patterns below no longer see those characters.
  let html = escapeHtml(text).replace(/\\([\\`*_[\]()])/g, (_, char: string) => `&#${char.charCodeAt(0)};`);
  html = html.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, href: string) => {
    // href was escaped with the rest; &amp; in an attribute is exactly what HTML wants.
    const raw = href.replace(/&amp;/g, '&');
    return isSafeHref(raw) ? `<a href="${href}">${label}</a>` : whole;
  });
  html = html.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>');
  html = html.replace(/\*(?=\S)([^*]*?\S)\*/g, '<em>$1</em>');
  return html;
}

/** Splits text into plain runs and code spans. */
function splitCode(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(CODE_SPAN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ code: false, text: text.slice(last, index) });
    // CommonMark strips one space on each side, so `` `x` `` can show backticks.
    const content = match[1] !== undefined ? match[1].replace(/^ (.*) $/s, '$1') : (match[2] ?? '');
    parts.push({ code: true, text: content });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ code: false, text: text.slice(last) });
  return parts;
}

/** Renders one line or paragraph of inline markdown-lite to HTML. */
export function renderInline(text: string): string {
  return splitCode(text)
    .map((part) => (part.code ? `<code>${escapeHtml(part.text)}</code>` : formatText(part.text)))
    .join('');
}

/** Renders prompts, rationales and hints: paragraphs and fenced code blocks. */
export function renderBlocks(text: string): string {
  const html: string[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    const joined = paragraph.join(' ').trim();
    if (joined !== '') html.push(`<p>${renderInline(joined)}</p>`);
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = /^\s*```\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? '')) code.push(lines[i++] ?? '');
      const language = fence[1] ? ` class="language-${escapeHtml(fence[1])}"` : '';
      html.push(`<pre><code${language}>${escapeHtml(code.join('\n'))}</code></pre>`);
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return html.join('');
}

/** The text without markup, for places that only take text (`<option>`, `title`, ARIA labels). */
export function plainText(text: string): string {
  return splitCode(text)
    .map((part) =>
      part.code
        ? part.text
        : part.text
            .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1')
            .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '$1')
            .replace(/\*(?=\S)([^*]*?\S)\*/g, '$1')
            .replace(/\\([\\`*_[\]()])/g, '$1'),
    )
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}
