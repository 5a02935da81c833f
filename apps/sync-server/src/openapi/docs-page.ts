import { policyAllowingInlineScript } from '../http/security-headers.ts';

/**
 * A readable page over /api/openapi.json with no third-party script (the
 * Content-Security-Policy and offline machines both favour that): endpoints
 * grouped by path, with their parameters, request schema and responses.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Aisle API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:960px;margin:0 auto;padding:24px}
h1{margin:0 0 4px}section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;margin:12px 0;padding:12px 16px}
.m{display:inline-block;min-width:64px;font-weight:700;text-transform:uppercase}.get{color:#0369a1}.post{color:#15803d}.put{color:#a16207}.delete{color:#b91c1c}
code,pre{font:13px ui-monospace,monospace}pre{background:#f1f5f9;padding:8px;border-radius:6px;overflow:auto;max-height:360px}
summary{cursor:pointer}
</style></head>
<body><main><h1>Aisle API</h1><p id="desc"></p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p><div id="ops"></div></main>
<script type="module">
const doc = await (await fetch('/api/openapi.json')).json();
document.getElementById('desc').textContent = doc.info.description;
const resolve = (s) => s && s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s;
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; };
const ops = document.getElementById('ops');
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const s = el('section'); const h = el('h3'); h.append(el('span', method, 'm ' + method), el('code', path)); s.append(h, el('p', op.summary));
    if (op.description) s.append(el('p', op.description));
    if (op.security) s.append(el('p', 'Auth: ' + op.security.map((x) => Object.keys(x)[0]).join(', ')));
    for (const p of op.parameters ?? []) s.append(el('p', p.in + ' ' + p.name + (p.required ? ' (required)' : '') + (p.description ? ' — ' + p.description : '')));
    const body = op.requestBody?.content?.['application/json']?.schema;
    if (body) { const d = el('details'); d.append(el('summary', 'Request body'), el('pre', JSON.stringify(resolve(body), null, 2))); s.append(d); }
    const r = el('details'); r.append(el('summary', 'Responses'));
    for (const [code, res] of Object.entries(op.responses)) r.append(el('p', code + ' — ' + res.description));
    s.append(r); ops.append(s);
  }
}
</script></body></html>`;

const SCRIPT_OPEN = '<script type="module">';
/** The page's one inline script is allowed by its hash, so the strict policy holds here too. */
export const DOCS_PAGE_CSP = policyAllowingInlineScript(
  DOCS_PAGE.slice(DOCS_PAGE.indexOf(SCRIPT_OPEN) + SCRIPT_OPEN.length, DOCS_PAGE.indexOf('</script>')),
);
