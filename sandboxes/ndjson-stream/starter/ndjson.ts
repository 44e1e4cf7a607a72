/**
 * A TransformStream from the bytes of an NDJSON body (one JSON text per line, lines ended by "\n") to the
 * parsed values, one per line:
 *
 *   response.body.pipeThrough(createNdjsonParser())   // ReadableStream<unknown>
 *
 * Chunks are cut wherever the network, a proxy or a buffer happened to cut them: in the middle of a line,
 * and in the middle of a character (a UTF-8 character is 1 to 4 bytes; "🎉" is 4, "日" is 3).
 */
export function createNdjsonParser(): TransformStream<Uint8Array, unknown> {
  return new TransformStream<Uint8Array, unknown>({
    transform(chunk, controller) {
      // TODO: this treats every chunk as if it held whole lines of whole characters. Instead:
      //   - keep ONE TextDecoder for the whole stream and call decoder.decode(chunk, { stream: true }),
      //     so a character cut between two chunks is decoded once its last bytes arrive;
      //   - keep the text after the last "\n" and put it in front of the next chunk's text;
      //   - accept "\r\n" line endings and skip blank lines.
      const text = new TextDecoder().decode(chunk);
      for (const line of text.split('\n')) {
        if (line.trim() !== '') controller.enqueue(JSON.parse(line));
      }
    },
    // TODO: add flush(controller): at the end of the stream, decoder.decode() releases what it held, and
    //       the last line may have no "\n" after it. Errors should name the line number, e.g.
    //       "NDJSON line 3 is not valid JSON".
  });
}
