import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderBody, sanitizeFragment } from '../../../shared/campaigns/markdown';
import { renderCampaignMail } from '../../../shared/campaigns/render';
import { renderEnvironment, testCrisisLine } from '../web/fixtures';

/**
 * Campaign mail rendering: nothing executable survives the sanitiser (a corpus of known XSS
 * payloads, as Markdown and as raw HTML), the merge field, the plain-text part, the footer, the
 * RFC 8058 headers and the test marking.
 */
renderEnvironment({ baseUrl: 'https://hearth.example.org', orgName: 'Riverside Peers' });
beforeEach(() => {
  process.env.HEARTH_ORG_POSTAL_ADDRESS = '12 Elm Street\nSpringfield, ST 00000';
});
afterEach(() => {
  delete process.env.HEARTH_ORG_POSTAL_ADDRESS;
});

const links = {
  unsubscribeUrl: 'https://hearth.example.org/unsubscribe?token=abc.def',
  preferencesUrl: 'https://hearth.example.org/preferences?token=ghi.jkl',
};
const campaign = (bodyMarkdown: string, overrides: Partial<{ subject: string; topics: string[] }> = {}) => ({
  subject: 'Write to the council this week',
  bodyMarkdown,
  topics: [],
  ...overrides,
});

/* ------------------------------------------------------------------------------------------------
 * The XSS corpus.
 * --------------------------------------------------------------------------------------------- */

const corpus: string[] = [
  // script, in every spelling
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  '<img """><script>alert(1)</script>">',
  '<textarea><script>alert(1)</script></textarea>',
  // event handlers
  '<img src=x onerror=alert(1)>',
  '<img src="https://img.example/a.png" onerror="alert(1)">',
  '<img src=x:alert(alt) onerror=eval(src) alt=0>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>x</details>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  "<a href='https://ok.example' onmouseover='alert(1)'>ok</a>",
  '<p onmouseover=alert(1)>hover</p>',
  '<isindex type=image src=1 onerror=alert(1)>',
  // javascript:, vbscript:, data: URLs: mixed case, entities, whitespace and control characters
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JAVASCRIPT:alert(1)">click</a>',
  '<a href=" javascript:alert(1)">click</a>',
  '<a href="java&#09;script:alert(1)">click</a>',
  '<a href="jav&#x0A;ascript:alert(1)">click</a>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000049&#0000041">x</a>',
  '<a href=javascript&colon;alert(1)>x</a>',
  '<a href="javascript&#x3A;alert(1)">x</a>',
  '<a href="\u0001javascript:alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="VbScRiPt:msgbox(1)">x</a>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=JaVaScRiPt:alert(\'XSS\')>',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC="jav\tascript:alert(\'XSS\');">',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<a xlink:href="javascript:alert(1)">x</a>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
  // Markdown links, autolinks, references and images
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1)  )',
  '[click](<javascript:alert(1)>)',
  '[click](javascript&#58;alert(1))',
  '[click](data:text/html,<script>alert(1)</script>)',
  '[click](vbscript:msgbox(1))',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '<vbscript:msgbox(1)>',
  '![img](javascript:alert(1))',
  '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![img](data:image/png;base64,iVBORw0KGgo=)',
  '![img](http://tracker.example/pixel.gif)',
  // attribute breakouts
  '[a](https://ok.example "title\\" onmouseover=\\"alert(1)")',
  '[x](https://ok.example/"onmouseover="alert(1))',
  '<https://ok.example/"onmouseover="alert(1)>',
  'www.example.org/"onmouseover=alert(1)',
  '<a href="https://ok.example/" title="x" "onmouseover="alert(1)">x</a>',
  // elements that embed, style, navigate or submit
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '<div style="background-image: url(javascript:alert(1))">x</div>',
  '<a href="https://ok.example" style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</a>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<table background="javascript:alert(1)"><tr><td background="javascript:alert(1)">x</td></tr></table>',
  // comments and parser differentials (mXSS)
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<!-- --!><script>alert(1)</script> -->',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
];

const ALLOWED_TAGS = new Set(['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub']);
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  ol: ['start'],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
};

const decode = (value: string) =>
  value
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every tag of the output with its attributes (text is escaped, so every `<` starts a real tag). */
const tagsOf = (html: string) =>
  [...html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>/g)].map(([, closing, name, rest]) => ({
    closing: closing === '/',
    name: name!.toLowerCase(),
    // eslint-disable-next-line security/detect-unsafe-regex -- the optional `(?:\s*=\s*(…))?` is tried once per attribute name, and runs on the test's own rendered HTML
    attributes: [...rest!.matchAll(/\s([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)].map(([, attribute, value]) => ({
      name: attribute!.toLowerCase(),
      value: decode((value ?? '').replace(/^["']|["']$/g, '')),
    })),
  }));

/** What must hold for any sanitised fragment: only allowed tags and attributes, only safe URLs. */
const expectInert = (html: string, payload: string) => {
  expect(html, payload).not.toMatch(/<script/i);
  expect(html, payload).not.toMatch(/<(iframe|style|svg|math|object|embed|form|input|button|meta|base|link|body|video|source|details|textarea|noscript|isindex)\b/i);
  for (const tag of tagsOf(html)) {
    expect(tag.attributes.filter((attribute) => attribute.name.startsWith('on')), payload).toEqual([]);
    expect(ALLOWED_TAGS.has(tag.name), `${payload} → <${tag.name}>`).toBe(true);
    for (const attribute of tag.attributes) {
      expect(ALLOWED_ATTRIBUTES[tag.name] ?? [], `${payload} → <${tag.name} ${attribute.name}>`).toContain(attribute.name);
      const compact = attribute.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      expect(compact, payload).not.toMatch(/(javascript|vbscript|data|file):/);
      if (attribute.name === 'href') expect(attribute.value, payload).toMatch(/^(https?:\/\/|mailto:)/i);
      if (attribute.name === 'src') expect(attribute.value, payload).toMatch(/^https:\/\//i);
    }
  }
};

describe('the sanitiser against known XSS payloads', () => {
  it.each(corpus.map((payload) => [payload]))('leaves nothing executable of %s (Markdown body)', (payload) => {
    const { html } = renderBody(`Before\n\n${payload}\n\nAfter`, undefined);
    expectInert(html, payload);
    // An element whose content is dropped (noscript, style…) and never closed takes the rest with it.
    if (!/<(noscript|style|textarea|iframe)/i.test(payload)) expect(html).toContain('After');
  });

  it.each(corpus.map((payload) => [payload]))('leaves nothing executable of %s (inline, in a paragraph)', (payload) => {
    expectInert(renderBody(`Some words ${payload} more words`, undefined).html, payload);
  });

  it.each(corpus.map((payload) => [payload]))('leaves nothing executable of %s (raw HTML through the sanitiser alone)', (payload) => {
    expectInert(sanitizeFragment(payload), payload);
  });

  it('keeps nothing executable in the whole mail, whose only scriptless raw HTML is the fragment', () => {
    const mail = renderCampaignMail({ campaign: campaign(corpus.join('\n\n')), subscriber: { displayName: '<img src=x onerror=alert(1)>' }, ...links });
    const article = mail.html.slice(mail.html.indexOf('role="article"'));
    for (const tag of tagsOf(article)) {
      for (const attribute of tag.attributes) {
        expect(attribute.name.startsWith('on'), `<${tag.name} ${attribute.name}>`).toBe(false);
        expect(attribute.value.replace(/[\s\u0000-\u001f]/g, '')).not.toMatch(/(javascript|vbscript|data):/i);
      }
    }
    expect(mail.html).not.toMatch(/<script/i);
  });

  it('keeps the safe formatting and links an organizer writes', () => {
    const { html } = renderBody(
      [
        '## Why it matters',
        'We need **your** voice and _your_ story.',
        '- [Read the plan](https://example.org/plan "The plan")',
        '- <a href="mailto:office@example.org">Write to us</a>',
        '1. Call',
        '2. Write',
        '> A quote',
        '![A rally](https://images.example.org/rally.jpg)',
        '| Day | Place |\n|---|---|\n| Mon | Hall |',
        '<u>underlined</u> and <br> a break',
      ].join('\n\n'),
      undefined,
    );
    expect(html).toContain('<h2>Why it matters</h2>');
    expect(html).toContain('<strong>your</strong>');
    expect(html).toContain('<em>your</em>');
    expect(html).toContain('<a href="https://example.org/plan" title="The plan">Read the plan</a>');
    expect(html).toContain('<a href="mailto:office@example.org">Write to us</a>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<img src="https://images.example.org/rally.jpg" alt="A rally" />');
    expect(html).toContain('<td>Hall</td>');
    expect(html).toContain('<u>underlined</u>');
  });

  it('turns links it cannot keep into their words, and images it cannot keep into their alt text', () => {
    const { html, text } = renderBody('[the plan](/relative) and ![a rally](http://insecure.example/a.png) and [top](#top)', undefined);
    expect(html).toBe('<p><a>the plan</a> and a rally and <a>top</a></p>\n');
    expect(text).toBe('the plan and [a rally] and top');
  });
});

/* ------------------------------------------------------------------------------------------------
 * Merge field.
 * --------------------------------------------------------------------------------------------- */

describe('the merge field', () => {
  it('fills in the display name, in HTML and text', () => {
    const { html, text } = renderBody('Dear {{ name }}, thank you {{name}}!', 'Kim');
    expect(html).toBe('<p>Dear Kim, thank you Kim!</p>\n');
    expect(text).toBe('Dear Kim, thank you Kim!');
  });

  it('gives each person their own name when one body is rendered for many (the rendering is reused)', () => {
    const body = 'Dear {{ name | "friend" }}, [read more](https://example.org/more)';
    expect(renderBody(body, 'Kim').text).toBe('Dear Kim, read more (https://example.org/more)');
    expect(renderBody(body, 'Lee').html).toBe('<p>Dear Lee, <a href="https://example.org/more">read more</a></p>\n');
    expect(renderBody(body, undefined).text).toBe('Dear friend, read more (https://example.org/more)');
  });

  it('uses the fallback for someone without a name: the one given, or "friend"', () => {
    expect(renderBody('Hi {{ name | "neighbour" }} and {{name}}', undefined).text).toBe('Hi neighbour and friend');
    expect(renderBody("Hi {{ NAME | 'you' }}", '  ').text).toBe('Hi you');
    expect(renderBody('Hi {{displayName|"there"}}', undefined).text).toBe('Hi there');
  });

  it('escapes the name in HTML and never reads it as Markdown or HTML', () => {
    const name = '<img src=x onerror=alert(1)> [click](https://evil.example) **bold** & "quotes"';
    const { html, text } = renderBody('# Hello {{ name }}\n\n![pic {{name}}](https://images.example.org/a.png)', name);
    expect(html).toContain('<h1>Hello &lt;img src=x onerror=alert(1)&gt; [click](https://evil.example) **bold** &amp; &quot;quotes&quot;</h1>');
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('<strong>');
    expectInert(html, name);
    expect(text).toContain(`Hello ${name}`);
  });

  it('never puts a name into a link address', () => {
    const { html, text } = renderBody('[your page](https://example.org/p/{{ name }})', 'Kim Lee');
    expect(html).toBe('<p><a href="https://example.org/p/">your page</a></p>\n');
    expect(text).not.toContain('Kim');
  });

  it('drops control characters from a name and leaves other fields as they are', () => {
    expect(renderBody('Hi {{ name }} {{ email }}', 'Kim\r\nBcc: x').text).toBe('Hi Kim Bcc: x {{ email }}');
    expect(renderBody('a\uE0000\uE001b {{name}}', 'Kim').text).toBe('a0b Kim');
  });
});

/* ------------------------------------------------------------------------------------------------
 * Plain text.
 * --------------------------------------------------------------------------------------------- */

describe('the plain-text part', () => {
  it('is written from the same Markdown, links written out', () => {
    const { text } = renderBody(
      [
        '# Budget vote',
        'Please [write to the council](https://council.example.org/write) or mail <office@example.org>. See https://example.org/plan.',
        '- one\n- two\n  - nested',
        '3. third\n4. fourth',
        '> quoted\n> words',
        '```\ncode  kept\n```',
        '---',
        '| a | b |\n|---|---|\n| 1 | 2 |',
        'Raw <a href="https://raw.example/x">link</a> and <script>alert(1)</script>gone',
        '<div>\n<p>Block <b>html</b> &amp; more</p>\n</div>',
      ].join('\n\n'),
      undefined,
    );
    expect(text).toBe(
      [
        'Budget vote',
        'Please write to the council (https://council.example.org/write) or mail office@example.org. See https://example.org/plan.',
        '- one\n- two\n   - nested',
        '3. third\n4. fourth',
        '> quoted\n> words',
        '    code  kept',
        '----',
        'a | b\n1 | 2',
        'Raw link (https://raw.example/x) and gone',
        'Block html & more',
      ].join('\n\n'),
    );
  });
});

/* ------------------------------------------------------------------------------------------------
 * The whole mail.
 * --------------------------------------------------------------------------------------------- */

describe('a campaign mail', () => {
  const mail = (overrides: Partial<Parameters<typeof renderCampaignMail>[0]> = {}) =>
    renderCampaignMail({ campaign: campaign('Hello {{ name | "friend" }},\n\nCome along.', { topics: ['funding', 'policy'] }), subscriber: { displayName: 'Kim' }, ...links, ...overrides });

  it('carries the one-click unsubscribe headers (RFC 8058)', () => {
    expect(mail().headers).toEqual([
      { name: 'List-Unsubscribe', value: '<https://hearth.example.org/unsubscribe?token=abc.def>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('refuses links that could break a header', () => {
    expect(() => mail({ unsubscribeUrl: 'https://hearth.example.org/u?t=a\r\nBcc: x@example.org' })).toThrow(/unsubscribe link/);
    expect(() => mail({ unsubscribeUrl: 'javascript:alert(1)' })).toThrow(/unsubscribe link/);
    expect(() => mail({ preferencesUrl: 'https://hearth.example.org/p?t=<a>' })).toThrow(/preferences link/);
  });

  it('ends with the footer: why, preferences, unsubscribe, name and postal address, crisis resources', () => {
    const { text, html } = mail({ topicNames: ['Funding', 'Policy'] });
    const why = 'You get this because you joined the mailing list of Riverside Peers and chose the topics Funding and Policy.';
    expect(text).toContain(
      [
        '----',
        why,
        'Change your topics or leave the list: https://hearth.example.org/preferences?token=ghi.jkl',
        'Unsubscribe: https://hearth.example.org/unsubscribe?token=abc.def',
        '',
        'Sent by Riverside Peers, 12 Elm Street, Springfield, ST 00000.',
      ].join('\n'),
    );
    expect(text).toContain(`- ${testCrisisLine.name}: ${testCrisisLine.contact} (${testCrisisLine.url})`);
    expect(text.indexOf('Come along.')).toBeLessThan(text.indexOf(why));
    expect(text.indexOf(why)).toBeLessThan(text.indexOf('Need help now?'));
    expect(html).toContain(`<p style="margin:0 0 16px;">${why}</p>`);
    expect(html).toContain('<a href="https://hearth.example.org/preferences?token=ghi.jkl" style="color:#0b57a4;text-decoration:underline;">Change your topics or leave the list</a>');
    expect(html).toContain('<a href="https://hearth.example.org/unsubscribe?token=abc.def" style="color:#0b57a4;text-decoration:underline;">Unsubscribe</a>');
    expect(html).toContain('<p style="margin:0 0 16px;">Sent by Riverside Peers, 12 Elm Street, Springfield, ST 00000.</p>');
    expect(html).toContain(`<a href="${testCrisisLine.url}"`);
    expect(html).toContain('Need help now?');
  });

  it('says "the mailing list" alone for a campaign to everyone, and shows slugs when it has no names', () => {
    expect(mail({ campaign: campaign('x') }).text).toContain('You get this because you joined the mailing list of Riverside Peers.\n');
    expect(mail().text).toContain('chose the topics funding and policy.');
  });

  it('shows a clear placeholder when no postal address is configured', () => {
    delete process.env.HEARTH_ORG_POSTAL_ADDRESS;
    expect(mail().text).toContain('Sent by Riverside Peers, (postal address not configured).');
  });

  it('keeps the subject on one line and puts no name in it', () => {
    const stored = mail({ campaign: campaign('x', { subject: 'Vote\r\nBcc: everyone@example.org {{ name }}' }) });
    expect(stored.subject).toBe('Vote Bcc: everyone@example.org {{ name }}');
    expect(stored.subject).not.toMatch(/[\r\n]/);
    expect(mail().subject).toBe('Write to the council this week');
    expect(mail().html).toContain('<title>Write to the council this week</title>');
  });

  it('marks a test: "[Test]" before the subject and a visible note in both parts', () => {
    const test = mail({ test: true });
    expect(test.subject).toBe('[Test] Write to the council this week');
    expect(test.text.startsWith('TEST: This is a test of a campaign mail.')).toBe(true);
    expect(test.html).toContain('<strong>Test:</strong> This is a test of a campaign mail.');
    expect(mail().html).not.toContain('This is a test');
  });

  it('keeps the preview line neutral (no subject words, no topic)', () => {
    const preheader = /aria-hidden="true">([^<]*)</.exec(mail({ topicNames: ['Funding'] }).html)?.[1] ?? '';
    expect(preheader.startsWith('A message from Riverside Peers.')).toBe(true);
    expect(preheader).not.toContain('Funding');
  });
});
