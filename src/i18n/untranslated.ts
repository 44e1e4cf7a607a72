/**
 * Whether a text left identical to English looks like prose someone forgot to translate, rather than a
 * name, a status line or code that is the same in every language (`101 Switching Protocols`, `WebSocket`,
 * `If-None-Match`, `` `ws.send(data)` ``). Prose has lower-case words; names and status lines mostly do not.
 */
export function looksUntranslated(text: string): boolean {
  const prose = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\b[a-z]+:\/\/\S+/g, ' ')
    .replace(/\b[\w.-]+\([^)]*\)/g, ' '); // calls such as socket.timeout(ms)
  return (prose.match(/(?<![\w-])[a-z]{2,}(?![\w-])/g) ?? []).length >= 2;
}
