import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HttpResult } from '../../../shared/http/response';
import { toPublicWorkshop } from '../../../shared/workshops/model';
import { renderPage } from '../../../shared/ui/page';
import { accessibilityPage } from '../../../shared/web/pages/accessibility';
import { cancelConfirmPage, cancelDonePage, linkProblemPage } from '../../../shared/web/pages/cancel';
import { errorPage } from '../../../shared/web/pages/error';
import { privacyPage } from '../../../shared/web/pages/privacy';
import { registrationResultPage } from '../../../shared/web/pages/registration-result';
import { workshopPage } from '../../../shared/web/pages/workshop';
import { workshopListPage } from '../../../shared/web/pages/workshop-list';
import { palette, siteCss } from '../../../shared/ui/styles';
import { publicWorkshop, renderEnvironment, testCrisisLine, workshop } from './fixtures';
import { attributes, focusables, openTags, text } from './html';

/** Where the stylesheet puts one colour on another: text (4.5:1) or a UI boundary (3:1). */
const contrastPairs: ReadonlyArray<{ name: string; fg: string; bg: string; min: number }> = [
  { name: 'body text', fg: palette.text, bg: palette.background, min: 4.5 },
  { name: 'hint text', fg: palette.muted, bg: palette.background, min: 4.5 },
  { name: 'link', fg: palette.link, bg: palette.background, min: 4.5 },
  { name: 'visited link', fg: palette.linkVisited, bg: palette.background, min: 4.5 },
  { name: 'button', fg: palette.buttonText, bg: palette.button, min: 4.5 },
  { name: 'button hover', fg: palette.buttonText, bg: palette.buttonHover, min: 4.5 },
  { name: 'error text', fg: palette.error, bg: palette.background, min: 4.5 },
  { name: 'footer text', fg: palette.text, bg: palette.panel, min: 4.5 },
  { name: 'footer link', fg: palette.link, bg: palette.panel, min: 4.5 },
  { name: 'footer visited link', fg: palette.linkVisited, bg: palette.panel, min: 4.5 },
  { name: 'focused link', fg: palette.text, bg: palette.focusHighlight, min: 4.5 },
  { name: 'focus ring', fg: palette.focus, bg: palette.background, min: 3 },
  { name: 'focus ring in footer', fg: palette.focus, bg: palette.panel, min: 3 },
  { name: 'input border', fg: palette.border, bg: palette.background, min: 3 },
  { name: 'error border', fg: palette.error, bg: palette.background, min: 3 },
  { name: 'secondary button (console sign-out)', fg: palette.link, bg: palette.background, min: 4.5 },
  { name: 'secondary button hover', fg: palette.text, bg: palette.panel, min: 4.5 },
];

renderEnvironment({
  crisis: [testCrisisLine, { name: 'Walk-in Centre', contact: 'Open every day' }, { name: 'Bad link', contact: 'Call 111', url: 'javascript:alert(1)' }],
  orgName: 'Riverside Peers',
});

/** Rendered inside each test, after the environment is set. */
const everyPage: [string, () => HttpResult][] = [
  ['workshop list', () => workshopListPage([publicWorkshop()])],
  ['empty workshop list', () => workshopListPage([])],
  ['workshop', () => workshopPage({ workshop: toPublicWorkshop(workshop()), formStamp: 'stamp.value' })],
  ['workshop with errors', () => workshopPage({ workshop: publicWorkshop(), errors: { email: 'Enter an email address' } })],
  ['full workshop', () => workshopPage({ workshop: publicWorkshop({ full: true, seatsLeft: 0, waitlistOpen: false }) })],
  ['registration result', () => registrationResultPage({ workshop: publicWorkshop(), email: 'member@example.org' })],
  ['cancel confirm', () => cancelConfirmPage({ workshop: publicWorkshop(), token: 't', status: 'confirmed' })],
  ['cancel done', () => cancelDonePage({ workshop: undefined, alreadyCancelled: false })],
  ['link problem', () => linkProblemPage({ reason: 'expired' })],
  ['error', () => errorPage(500, 'Something broke')],
  ['accessibility statement', () => accessibilityPage()],
  ['privacy, with an empty inventory', () => privacyPage([])],
  [
    'privacy',
    () =>
      privacyPage([
        { entity: 'registration', owner: 'workshops', keys: { pk: 'WS#', sk: 'REG#' }, about: 'A place.', personal: { email: { what: 'the address', why: 'to send the details' } }, other: [], kept: 'a while', removal: 'sweep' },
      ]),
  ],
  ['bare page', () => renderPage({ title: 'Plain', children: <h1>Hello</h1> })],
];

const styleOf = (body: string) => /<style>([\s\S]*?)<\/style>/.exec(body)?.[1];

describe('every page', () => {
  it.each(everyPage)('%s has the crisis footer with the configured resources and the not-crisis-care statement', (_name, render) => {
    const page = render();
    const body = page.body ?? '';
    const footer = body.slice(body.indexOf('<footer'), body.indexOf('</footer>'));
    expect(footer).toContain('Need help now?');
    expect(text(footer)).toMatch(/Peer support is not crisis care and is not a substitute for professional help/);
    expect(footer).toContain('<a href="https://crisis.example.org/help">Test Crisis Line</a>');
    expect(text(footer)).toContain('Test Crisis Line: Call 000-TEST');
    expect(text(footer)).toContain('Walk-in Centre: Open every day');
    expect(footer).toContain('href="/about/accessibility"');
    expect(footer).toContain('<a href="/privacy">Privacy</a>');
  });

  it.each(everyPage)('%s is a complete document with lang, charset, viewport, title and one main landmark', (_name, render) => {
    const page = render();
    const body = page.body ?? '';
    expect(body.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(body).toContain('<meta charset="utf-8"/>');
    expect(body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(body).toMatch(/<title>[^<]+ – Riverside Peers<\/title>/);
    expect(openTags(body, 'main')).toEqual(['<main id="main" class="wrap">']);
    expect(openTags(body, 'h1')).toHaveLength(1);
  });

  it.each(everyPage)('%s starts with a skip link to main and links the org name home', (_name, render) => {
    const page = render();
    const body = page.body ?? '';
    const [first, second] = focusables(body);
    expect(attributes(first!).href).toBe('#main');
    expect(body).toContain('>Skip to main content</a>');
    expect(attributes(second!).href).toBe('/');
    expect(body).toMatch(/<header[^>]*>[\s\S]*<a class="site-name" href="\/">Riverside Peers<\/a>/);
  });

  it.each(everyPage)('%s is allowed by its CSP: one hashed style, no style attributes, no scripts', (_name, render) => {
    const page = render();
    const body = page.body ?? '';
    const csp = String(page.headers?.['content-security-policy']);
    const css = styleOf(body);
    expect(css).toBe(siteCss);
    const hash = createHash('sha256').update(css!, 'utf8').digest('base64');
    expect(csp).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    );
    expect(openTags(body, 'style')).toHaveLength(1);
    expect(body).not.toMatch(/\sstyle="/);
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/<link\b/i);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
  });

  it('never turns a configured javascript: URL into a link', () => {
    const body = errorPage(404, 'Not here').body ?? '';
    expect(body).not.toContain('javascript:');
    expect(text(body)).toContain('Bad link: Call 111');
  });

  it('falls back to the default crisis resources (988) when none are configured', () => {
    delete process.env.HEARTH_CRISIS_RESOURCES;
    const body = errorPage(404, 'Not here').body ?? '';
    expect(text(body)).toContain('988 Suicide & Crisis Lifeline (US): Call or text 988');
  });

  it('passes status and lang through', () => {
    const page = renderPage({ title: 'Hallo', status: 418, lang: 'de', children: <p>x</p> });
    expect(page.statusCode).toBe(418);
    expect(page.body).toContain('<html lang="de">');
  });
});

describe('site CSS', () => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const v = parseInt(hex.slice(i, i + 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a: string, b: string) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (l1 + 0.05) / (l2 + 0.05);
  };

  it.each(contrastPairs.map((pair) => [pair.name, pair] as const))('%s meets its contrast minimum', (_name, pair) => {
    expect(ratio(pair.fg, pair.bg)).toBeGreaterThanOrEqual(pair.min);
    expect(siteCss).toContain(pair.fg);
    expect(siteCss).toContain(pair.bg);
  });

  it('has a visible focus outline of at least 2px, reduced motion, 24px+ targets and no external resources', () => {
    const focus = /:focus\{outline:(\d+)px solid (#[0-9a-f]{6})/.exec(siteCss);
    expect(Number(focus?.[1])).toBeGreaterThanOrEqual(2);
    expect(siteCss).toContain('@media (prefers-reduced-motion:reduce)');
    const buttonHeight = /button\{[^}]*min-height:([\d.]+)rem/.exec(siteCss);
    expect(Number(buttonHeight?.[1]) * 16).toBeGreaterThanOrEqual(24);
    const checkbox = /\.checkbox input\{[^}]*width:([\d.]+)rem;height:([\d.]+)rem/.exec(siteCss);
    expect(Number(checkbox?.[1]) * 16).toBeGreaterThanOrEqual(24);
    expect(Number(checkbox?.[2]) * 16).toBeGreaterThanOrEqual(24);
    expect(siteCss).not.toMatch(/url\(|@import|@font-face/);
    expect(siteCss).not.toContain('</style');
    // No fixed widths in px that would force sideways scrolling at 320px.
    expect(siteCss).not.toMatch(/(?<!max-)width:\s*\d{3,}px/);
  });
});
