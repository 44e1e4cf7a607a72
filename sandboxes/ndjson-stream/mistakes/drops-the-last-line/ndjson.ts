/**
 * A TransformStream from the bytes of an NDJSON body (one JSON text per line, lines ended by "\n") to the
 * parsed values, one per line:
 *
 *   response.body.pipeThrough(createNdjsonParser())   // ReadableStream<unknown>
 *
 * Chunks are cut wherever the network, a proxy or a buffer happened to cut them: in the middle of a line,
 * and in the middle of a character (a UTF-8 character is 1 to 4 bytes; "🎉" is 4, "日" is 3). So the
 * parser keeps two kinds of leftovers between chunks: the decoder keeps an incomplete character's first
 * bytes, and `pending` keeps the text after the last "\n".
 */
export function createNdjsonParser(): TransformStream<Uint8Array, unknown> {
  // fatal: bytes that are not UTF-8 fail the stream instead of turning quietly into U+FFFD.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let lineNumber = 0;

  function parseLine(line: string, controller: TransformStreamDefaultController<unknown>): void {
    lineNumber += 1;
    // Accept "\r\n" endings and skip blank lines, which some servers send as keep-alives.
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim() === '') return;
    try {
      controller.enqueue(JSON.parse(text));
    } catch (error) {
      throw new SyntaxError(`NDJSON line ${lineNumber} is not valid JSON (${(error as Error).message}): ${text.slice(0, 80)}`);
    }
  }

  return new TransformStream<Uint8Array, unknown>({
    transform(chunk, controller) {
      // stream: true holds back the first bytes of a character cut at the chunk's end, until the next chunk.
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      // The last piece has no "\n" after it yet: it is the start of a line still arriving.
      pending = lines.pop() ?? '';
      for (const line of lines) parseLine(line, controller);
    },
    flush(controller) {
      // The end of the body: the decoder lets go of anything it held (an error if a character was cut
      // off for good), and a last line without a final "\n" still counts.
      pending += decoder.decode();
    },
  });
}
