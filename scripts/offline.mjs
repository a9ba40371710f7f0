// Writes edge-failover-planner-offline.html: the built page as one self-contained file that
// opens from disk (file://) with no server and makes no request at all, for when the
// intranet server that hosts the planner is down with the Edge, or the administrator is at
// home. Trunk runs it after every build (Trunk.toml, post_build hook, on the staging folder);
// `node scripts/offline.mjs DIR` runs it on a built folder by hand.
//
// Whatever static markup index.html holds stays as it is. Its local stylesheets become
// <style> elements, its module scripts one inline module (boot.js with the wasm-bindgen glue
// it imports, the WebAssembly passed as bytes), and the preloads go. The
// Content-Security-Policy stays the same policy, with the hashes of exactly these inline
// elements in place of 'self', so it still forbids every other script and style. Anything
// local that this script does not know how to inline fails the build: a half-offline file
// would only be found out during an incident.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const OFFLINE_NAME = 'edge-failover-planner-offline.html';

const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');

function fail(message) {
  console.error(`offline.mjs: ${message}`);
  process.exit(1);
}

const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');

const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
};
const isLocal = (href) => href !== undefined && !/^(data:|blob:|#)/i.test(href);
const local = (href) => {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) fail(`index.html refers to ${href}, which is not one of the page's own files`);
  const file = path.join(dir, decodeURIComponent(href.replace(/[?#].*$/, '')));
  if (!file.startsWith(dir) || !fs.existsSync(file)) fail(`index.html refers to ${href}, which the build did not write`);
  return file;
};
const hash = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
// Inline text must not close its own element early.
const safe = (text, tag) => {
  if (new RegExp(`</${tag}`, 'i').test(text)) fail(`a ${tag} to inline contains "</${tag}"`);
  return text;
};

/// The glue as plain top-level code of the inline module: its exports become local names,
/// and what it exported as `default` is returned so boot.js's import can be bound to it.
function unexport(glue) {
  const exported = new Map();
  let code = glue.replace(/^export\s*\{([^}]*)\};?[ \t]*$/gm, (_, list) => {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [name, as] = item.split(/\s+as\s+/);
      exported.set(as ?? name, name);
    }
    return '';
  });
  code = code.replace(/^export\s+default\s+([A-Za-z_$][\w$]*);?[ \t]*$/gm, (_, name) => {
    exported.set('default', name);
    return '';
  });
  code = code.replace(/^export\s+(?=(async\s+)?function|class|const|let|var)/gm, '');
  if (/^\s*(export|import)\s/m.test(code)) fail('the wasm-bindgen glue has an import or export this script does not know');
  return { code, exported };
}

/// boot.js (or any local module script) with its imports of local modules inlined and its
/// references to local .wasm files replaced by the bytes, decoded from the data block.
function inlineModule(file) {
  const source = fs.readFileSync(file, 'utf8');
  const parts = [];
  const body = source.replace(
    /^import\s+(?:([A-Za-z_$][\w$]*)|\{([^}]*)\})\s+from\s+(['"])([^'"]+)\3;?[ \t]*$/gm,
    (_, def, named, _q, spec) => {
      const { code, exported } = unexport(fs.readFileSync(local(path.posix.join(path.dirname(path.relative(dir, file)) || '.', spec)), 'utf8'));
      parts.push(code);
      const bind = (name, as) => {
        if (!exported.has(name)) fail(`${spec} does not export ${name}`);
        return `const ${as} = ${exported.get(name)};`;
      };
      if (def) return bind('default', def);
      return named.split(',').map((s) => s.trim()).filter(Boolean).map((item) => {
        const [name, as] = item.split(/\s+as\s+/);
        return bind(name, as ?? name);
      }).join('\n');
    },
  );
  if (/^\s*import[\s({]/m.test(body)) fail(`${path.basename(file)} has an import this script does not know`);
  const wasm = [];
  const code = body.replace(/(['"])(\.?\/?[\w./-]+\.wasm)\1/g, (_, _q, spec) => {
    wasm.push(local(spec));
    return 'offlineWasm()';
  });
  if (wasm.length === 0) fail(`${path.basename(file)} names no .wasm file: nothing to inline`);
  if (new Set(wasm).size > 1) fail('more than one WebAssembly file to inline');
  return { glue: parts.join('\n'), boot: code, wasm: wasm[0] };
}

// The served page's policy, read first: inline code it already allows (by hash) stays
// allowed; inline code it forbids (Trunk's live-reload script under `trunk serve`) could never
// run there, so it is left out here rather than allowed by a new hash.
const original = (html.match(/<meta\b[^>]*http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/i) ?? [''])[0];
const allowed = (text) => original.includes(hash(text).slice(1, -1));
const styles = [];
const scripts = [];
let data = '';
let out = html.replace(/<link\b[^>]*>/gi, (tag) => {
  const href = attr(tag, 'href');
  const rel = (attr(tag, 'rel') ?? '').toLowerCase();
  if (!isLocal(href)) return tag;
  if (rel === 'stylesheet') {
    const css = safe(fs.readFileSync(local(href), 'utf8'), 'style');
    styles.push(css);
    return `<style>${css}</style>`;
  }
  // Everything they fetch early is in this file already.
  if (rel === 'modulepreload' || rel === 'preload') return '';
  return fail(`index.html links ${href} (rel="${rel}"), which this script does not know how to inline`);
});
out = out.replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi, (tag, attrs, content) => {
  const src = attr(tag, 'src');
  const type = (attr(tag, 'type') ?? '').toLowerCase();
  if (!isLocal(src)) {
    if (!src && !/json|template|html/.test(type)) {
      if (!allowed(content)) return '';
      scripts.push(content);
    }
    return tag;
  }
  if (type !== 'module') fail(`index.html loads ${src} as a classic script, which this script does not inline`);
  const { glue, boot, wasm } = inlineModule(local(src));
  data = fs.readFileSync(wasm).toString('base64');
  // The copy this page saves as "Download the planner for offline use": the file as it was
  // opened, taken before the planner draws anything into it.
  const module = safe(`${glue}
function offlineWasm() {
  const raw = atob(document.getElementById('offline-wasm').textContent.trim());
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
window.edgeFailoverPlannerOffline = URL.createObjectURL(new Blob(['<!doctype html>\\n' + document.documentElement.outerHTML], { type: 'text/html' }));
{
${boot}
}
`, 'script');
  scripts.push(module);
  return `<script type="module">${module}</script>`;
});
if (!data) fail('index.html loads no module script: nothing to inline');
// Static images become data: addresses; anything else local that is left would be a request.
const types = { '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.jpg': 'image/jpeg', '.webp': 'image/webp' };
out = out.replace(/<img\b[^>]*>/gi, (tag) => {
  const src = attr(tag, 'src');
  if (!isLocal(src)) return tag;
  const type = types[path.extname(src).toLowerCase()] ?? fail(`index.html shows ${src}, an image this script does not know`);
  return tag.replace(src, `data:${type};base64,${fs.readFileSync(local(src)).toString('base64')}`);
});
const markup = out.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, '');
for (const m of markup.matchAll(/<(?!a\b)(\w+)\b[^>]*\s(?:src|href|srcset|poster|data)\s*=\s*["']?(?!data:|blob:|#)([^"'\s>]+)/gi)) {
  if (!(m[1].toLowerCase() === 'link' && /data-trunk/.test(m[0]))) fail(`index.html still refers to ${m[2]} (<${m[1]}>) in the offline copy`);
}
out = out.replace(/<style\b[^>]*>([\s\S]*?)<\/style>/gi, (tag, css) => {
  if (styles.includes(css)) return tag;
  if (!allowed(css)) return '';
  styles.push(css);
  return tag;
});

// The same policy: 'self' (the page's own files, all inlined now) becomes the hashes of the
// inline elements for scripts and styles, and nothing for everything else.
let csp;
out = out.replace(/<meta\b[^>]*http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/i, (tag) => {
  const policy = attr(tag, 'content');
  csp = policy.split(';').map((d) => d.trim()).filter(Boolean).map((directive) => {
    const [name, ...values] = directive.split(/\s+/);
    if (values.some((v) => /^'unsafe-inline'$/i.test(v))) fail(`the policy allows inline code in ${name}; hashes replace 'self', not that`);
    const kept = values.filter((v) => v !== "'self'");
    const added = name === 'script-src' ? [...new Set(scripts.map(hash))] : name === 'style-src' ? [...new Set(styles.map(hash))] : [];
    const all = [...added, ...kept.filter((v) => v !== "'none'" || added.length === 0)];
    return [name, ...(all.length ? all : ["'none'"])].join(' ');
  }).join('; ');
  return tag.replace(/content\s*=\s*("[^"]*"|'[^']*')/i, `content="${csp}"`);
});
if (!csp) fail('index.html has no Content-Security-Policy to keep');
for (const needed of ['script-src', 'style-src']) {
  if (!new RegExp(`(^|; )${needed} 'sha256-`).test(csp)) fail(`the policy has no ${needed} for the inline code`);
}
// Not executed and not subject to the policy: the WebAssembly, base64, read by the module.
out = out.replace(/<\/body>/i, `<script type="application/octet-stream" id="offline-wasm">${data}</script>\n</body>`);
if (!out.includes('id="offline-wasm"')) fail('index.html has no </body>');

const target = path.join(dir, OFFLINE_NAME);
fs.writeFileSync(target, out);
console.log(`offline.mjs: wrote ${target} (${fs.statSync(target).size} bytes)`);
