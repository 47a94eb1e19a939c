/**
 * The one stylesheet of the public site. It is inlined in every page and allowed by its sha256 hash
 * in the Content-Security-Policy (see page.tsx), so the page loads nothing from elsewhere.
 *
 * Colours come from `palette` so the pairs where they meet can be checked in tests (page.test.tsx;
 * WCAG 2.2 AA: text ≥ 4.5:1, focus indicators and input borders ≥ 3:1). No `style` attributes
 * anywhere in pages: the CSP does not allow them.
 */
export const palette = {
  text: '#1b1b1b',
  background: '#ffffff',
  muted: '#4a4a4a',
  link: '#0b57a4',
  linkVisited: '#5b2a86',
  buttonText: '#ffffff',
  button: '#0b57a4',
  buttonHover: '#083f78',
  error: '#b3261e',
  focus: '#1b1b1b',
  focusHighlight: '#ffdd00',
  panel: '#f3f2f1',
  border: '#4a4a4a',
  rule: '#b1b4b6',
} as const;

const p = palette;

export const siteCss = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:${p.background};color:${p.text};font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.125rem;line-height:1.6;overflow-wrap:break-word}
.wrap{max-width:42rem;margin:0 auto;padding:0 1rem}
h1,h2,h3{line-height:1.25;margin:1.5rem 0 .75rem}
h1{font-size:2rem}
h2{font-size:1.5rem}
h3{font-size:1.25rem}
p,ul,ol,dl{margin:0 0 1rem}
a{color:${p.link};text-decoration:underline;text-underline-offset:.15em}
a:visited{color:${p.linkVisited}}
a:hover{text-decoration-thickness:.15em}
:focus{outline:3px solid ${p.focus};outline-offset:2px}
a:focus{background:${p.focusHighlight};color:${p.text};text-decoration:none}
.skip-link{position:absolute;left:1rem;top:-10rem;padding:.5rem 1rem;background:${p.focusHighlight};color:${p.text};z-index:10}
.skip-link:focus{top:.5rem}
.aside-field{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.site-header{border-bottom:4px solid ${p.link}}
.site-name{display:inline-block;padding:.75rem 0;font-weight:700;font-size:1.25rem;color:${p.text}}
.site-name:visited{color:${p.text}}
main{display:block;padding-bottom:2rem}
.site-footer{margin-top:2rem;padding:1rem 0 2rem;background:${p.panel};border-top:4px solid ${p.link}}
.site-footer h2{margin-top:.5rem}
.crisis-list{padding-left:1.25rem}
.crisis-list li{margin-bottom:.5rem}
.hint{color:${p.muted};margin:0 0 .5rem}
.pre-line{white-space:pre-line}
.facts dt{font-weight:700}
.facts dd{margin:0 0 .75rem}
.workshop-list{list-style:none;padding:0}
.workshop-list>li{border-top:1px solid ${p.rule};padding:.5rem 0 1rem}
.workshop-list h2{margin-top:.75rem}
.status{font-weight:700}
.field{margin:0 0 1.5rem}
.field label{display:block;font-weight:700;margin-bottom:.25rem}
.field--error{border-left:4px solid ${p.error};padding-left:.75rem}
.field-error{color:${p.error};font-weight:700;margin:0 0 .5rem}
input[type=email],input[type=text],input[type=date],input[type=time],input[type=number],input[type=url],select,textarea{display:block;width:100%;max-width:32rem;min-height:2.75rem;padding:.5rem;font:inherit;color:${p.text};background:${p.background};border:2px solid ${p.border};border-radius:0}
textarea{min-height:6rem}
.field--error input,.field--error select,.field--error textarea{border-color:${p.error}}
.checkbox{display:flex;gap:.75rem;align-items:flex-start}
.checkbox input{flex:none;width:1.5rem;height:1.5rem;margin:.1rem 0 0}
.checkbox label{font-weight:400;margin:0}
.checkbox+.checkbox{margin-top:.5rem}
fieldset{border:0;padding:0;margin:0 0 1.5rem;min-width:0}
legend{padding:0}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{text-align:left;padding:.25rem .75rem .25rem 0;border-bottom:1px solid ${p.border}}
button{display:inline-block;min-height:2.75rem;min-width:2.75rem;padding:.5rem 1.25rem;font:inherit;font-weight:700;color:${p.buttonText};background:${p.button};border:2px solid ${p.button};border-radius:4px;cursor:pointer}
button:hover{background:${p.buttonHover};border-color:${p.buttonHover}}
.error-summary{border:4px solid ${p.error};padding:0 1rem;margin:1.5rem 0}
.error-summary h2{margin-top:1rem}
.error-summary a{color:${p.error};font-weight:700}
.notice{border-left:4px solid ${p.link};padding-left:.75rem}
.console-bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem 1.5rem;padding-bottom:.5rem}
.console-nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:0 1.25rem}
.console-nav a{display:inline-block;min-height:2.75rem;padding:.5rem 0}
.console-nav a[aria-current=page]{font-weight:700;text-decoration-thickness:.2em}
.console-user{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem}
.console-user p,.console-user form{margin:0}
.console-user strong{overflow-wrap:anywhere}
.button-secondary{color:${p.link};background:${p.background};border-color:${p.link}}
.button-secondary:hover{color:${p.text};background:${p.panel};border-color:${p.text}}
.action-link{display:inline-block;min-height:2.75rem;padding:.5rem 0;font-weight:700}
.places{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem}
meter{width:10rem;max-width:100%;height:1.5rem}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
@media (forced-colors:active){:focus{outline:3px solid CanvasText}button{border-color:ButtonText}}
`;
