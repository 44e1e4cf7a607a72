// The page both servers deliver: one HTML document that needs one stylesheet before it can render.
export const STYLESHEET_PATH = '/style.css';

export const STYLESHEET = 'body { font: 1.1rem/1.5 system-ui, sans-serif; } h1 { color: rebeccapurple; }\n';

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Early</title>
  <link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
  <h1>The stylesheet got here early</h1>
</body>
</html>
`;

export function sendStylesheetHeaders(): Record<string, string> {
  return { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' };
}
