/** The Run output pane: appends program output by stream and keeps the pane's text within a bound. */
import { uiText } from '../ui-strings.ts';

/** The output pane keeps at most this much text; older lines go first, so a chatty loop cannot freeze the page. */
export const MAX_LOG_CHARS = 200_000;

export type OutputStream = 'stdout' | 'stderr' | 'system' | 'exit';

export class OutputPane {
  constructor(private readonly log: HTMLElement) {}

  clear(): void {
    this.log.replaceChildren();
  }

  append(stream: OutputStream, text: string, tone?: string): void {
    const log = this.log;
    log.querySelector('.sandbox-log-placeholder')?.remove();
    const last = log.lastElementChild as HTMLElement | null;
    // Consecutive chunks of one stream share a span, so the DOM stays small for chatty programs.
    if (stream !== 'exit' && last?.dataset.stream === stream && (last.textContent?.length ?? 0) < 8192) {
      last.append(text);
    } else {
      const span = document.createElement(stream === 'exit' ? 'p' : 'span');
      span.className = `out-${stream}`;
      span.dataset.stream = stream;
      if (tone) span.dataset.tone = tone;
      span.textContent = text;
      log.append(span);
    }
    let total = log.textContent?.length ?? 0;
    while (total > MAX_LOG_CHARS && log.firstElementChild && log.firstElementChild !== log.lastElementChild) {
      total -= log.firstElementChild.textContent?.length ?? 0;
      log.firstElementChild.remove();
      if (!log.querySelector('[data-truncated]')) {
        const marker = document.createElement('span');
        marker.className = 'out-system';
        marker.dataset.truncated = '';
        marker.textContent = `${uiText('output.truncated')}\n`;
        log.prepend(marker);
      }
    }
    // Follow the output unless the learner scrolled up to read something.
    if (log.scrollHeight - log.scrollTop - log.clientHeight < 80) log.scrollTop = log.scrollHeight;
  }
}
