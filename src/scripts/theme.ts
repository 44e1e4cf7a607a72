/** Dark mode follows the system until the reader chooses; the choice persists across visits. */
export const THEME_KEY = 'brr:theme';

export type Theme = 'light' | 'dark';

export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, persist: boolean): void {
  document.documentElement.dataset.theme = theme;
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    button.setAttribute('aria-pressed', String(theme === 'dark'));
  }
  if (persist) {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // Storage blocked: the choice lasts for this page only.
    }
  }
  document.dispatchEvent(new CustomEvent('course:theme', { detail: theme }));
}

let followingSystem = false;

/** Binds this page's toggle buttons (again after each ClientRouter swap); follows the system once per tab. */
export function setupThemeToggle(): void {
  applyTheme(currentTheme(), false);
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    if (button.dataset.themeReady !== undefined) continue;
    button.dataset.themeReady = '';
    button.addEventListener('click', () => applyTheme(currentTheme() === 'dark' ? 'light' : 'dark', true));
  }
  if (followingSystem) return;
  followingSystem = true;
  // Follow the system only while the reader has not chosen.
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (event) => {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(THEME_KEY);
    } catch {}
    if (!stored) applyTheme(event.matches ? 'dark' : 'light', false);
  });
}
