/** Adds a Copy button to every highlighted code block; the status is announced politely. */
export function setupCopyButtons(label: string, copied: string, announce: HTMLElement | null): void {
  for (const pre of document.querySelectorAll<HTMLPreElement>('main pre.astro-code')) {
    if (pre.parentElement?.classList.contains('code-block')) continue;
    const wrapper = document.createElement('div');
    wrapper.className = 'code-block';
    pre.replaceWith(wrapper);
    wrapper.append(pre);
    // Scrollable code must be reachable by keyboard (WCAG 2.1.1); Shiki already sets tabindex="0".
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-button';
    button.textContent = label;
    button.setAttribute('aria-label', `${label}: ${pre.dataset.language ?? 'code'}`);
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(pre.innerText);
        button.textContent = copied;
        if (announce) announce.textContent = copied;
        setTimeout(() => (button.textContent = label), 1500);
      } catch {
        // Clipboard refused (insecure origin or permissions): select the text so Ctrl+C works.
        const range = document.createRange();
        range.selectNodeContents(pre);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
      }
    });
    wrapper.append(button);
  }
}
