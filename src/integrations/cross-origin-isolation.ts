/**
 * WebContainers need SharedArrayBuffer, which browsers only grant to cross-origin isolated pages
 * (HTML §7.1.3 "cross-origin isolated capability"). Every server we run sends these two headers; the
 * README has the same recipe for static hosts.
 */
export const crossOriginIsolation: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
