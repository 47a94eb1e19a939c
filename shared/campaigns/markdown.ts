import MarkdownIt, { type Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml, fillIn, placeholderOutsideText, withPlaceholders, type Merged } from './merge-fields';

/**
 * A campaign's Markdown as mail: sanitised HTML and plain text, with the display-name merge field.
 *
 * 1. Merge fields (`{{ name }}`, `{{ name | "friend" }}`) are replaced by private-use placeholders
 *    first, so a person's name is never read as Markdown or HTML.
 * 2. markdown-it renders the Markdown (raw HTML allowed in the source, as organizers paste it);
 *    sanitize-html then keeps only a small set of tags and attributes: links to http(s) and mailto
 *    only, images from https only, no style, script, iframe, form or event handler.
 * 3. The placeholders become the person's name, HTML-escaped (plain in the text part).
 * The plain-text part is written from the same Markdown tokens, links written out.
 * Merge fields belong in text: one in a link's address, an image, an HTML attribute or text a mail
 * client would read as a link is refused when the campaign is written (mergeFieldOutsideText).
 */

/* ------------------------------------------------------------------------------------------------
 * Markdown → sanitised HTML.
 * --------------------------------------------------------------------------------------------- */

const markdown = new MarkdownIt('default', { html: true, linkify: true, breaks: true, typographer: false });

/** Absolute links only: a mail has no base URL, and no other scheme is safe to click. */
const LINK = /^(?:https?:\/\/[^\s/?#]+|mailto:[^\s]+)/i;
const IMAGE = /^https:\/\/[^\s/?#]+/i;

/** A URL as written, if it is one we keep: nothing hidden in whitespace or control characters. */
const acceptable = (url: string | undefined, pattern: RegExp): string | undefined => {
  const value = (url ?? '').trim();
  if (!value || /[\s\u0000-\u001f\u007f-\u009f]/.test(value)) return undefined;
  return pattern.test(value) ? value : undefined;
};

/** A Markdown image from anywhere but https is its alt text (escaped), never an element. */
const imageRule = markdown.renderer.rules.image!;
markdown.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  if (acceptable(String(token.attrGet('src') ?? ''), IMAGE)) return imageRule(tokens, index, options, env, self);
  return markdown.utils.escapeHtml(self.renderInlineAsText(token.children ?? [], options, env));
};

/**
 * Elements whose content is dropped with them: code, styles, and the raw text of embedding and
 * form elements. (Containers such as svg or object keep their words, as text: an unclosed one would
 * otherwise swallow the rest of the mail.)
 */
const NON_TEXT_TAGS = ['script', 'style', 'textarea', 'option', 'select', 'noscript', 'iframe', 'template', 'title', 'xmp', 'noembed', 'noframes'];

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub'],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    ol: ['start'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  allowedClasses: {},
  allowedStyles: {},
  allowVulnerableTags: false,
  disallowedTagsMode: 'discard',
  nonTextTags: NON_TEXT_TAGS,
  // Checked again by sanitize-html's own scheme filter after these. (Never rename a tag here: a
  // renamed tag makes sanitize-html close the next elements with the wrong name.)
  transformTags: {
    // A link without a usable address keeps its words, as an <a> without href (not a link).
    a: (_tag, attribs) => {
      const href = acceptable(attribs.href, LINK);
      return { tagName: 'a', attribs: href ? { href, ...(attribs.title ? { title: attribs.title } : {}) } : {} };
    },
    // An image without a usable address is removed (exclusiveFilter); Markdown images keep their alt text (imageRule).
    img: (_tag, attribs) => {
      const { src: _src, ...rest } = attribs;
      const src = acceptable(attribs.src, IMAGE);
      return { tagName: 'img', attribs: src ? { src, ...rest, alt: attribs.alt ?? '' } : rest };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** Any HTML made safe for a mail: the one function that decides what survives. */
export const sanitizeFragment = (html: string): string => sanitizeHtml(html, sanitizeOptions);

/* ------------------------------------------------------------------------------------------------
 * Merge fields outside text (merge-fields.ts walks the tokens).
 * --------------------------------------------------------------------------------------------- */

/**
 * Whether a merge field sits anywhere but in text: in a link's address or title, an image (its
 * address or alt text), any HTML attribute, an autolink, or text that a mail client would turn
 * into a link once the name is in (`https://example.org/{{ name }}`). A name must never reach a URL.
 */
export const mergeFieldOutsideText = (body: string): boolean => {
  const { source, fallbacks } = withPlaceholders(body);
  return fallbacks.length > 0 && placeholderOutsideText(markdown.parse(source, {}), markdown.linkify);
};

/* ------------------------------------------------------------------------------------------------
 * Markdown → plain text.
 * --------------------------------------------------------------------------------------------- */

/** Undoes the five entities HTML escaping writes (&lt; &gt; &quot; &#39; &amp;). */
export const decodeBasicEntities = (value: string): string =>
  value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The readable text of raw HTML (tags dropped, script-like content dropped). */
const htmlText = (html: string): string => decodeBasicEntities(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: NON_TEXT_TAGS }));

const HTML_TAG = /^<\s*(\/)?\s*([a-z][a-z0-9-]*)\b([^>]*)>?/i;
const HREF_ATTR = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;

/** "the words (https://…)", or just the address when the words are the address. */
const withAddress = (words: string, href: string | undefined): string => {
  if (!href) return words;
  const bare = href.replace(/^mailto:/i, '').replace(/^https?:\/\//i, '').replace(/\/$/, '');
  const said = words.trim().replace(/^mailto:/i, '').replace(/^https?:\/\//i, '').replace(/\/$/, '');
  if (!said) return href;
  return said === bare ? (href.toLowerCase().startsWith('mailto:') ? words : href) : `${words} (${href})`;
};

const inlineText = (children: readonly Token[]): string => {
  let out = '';
  /** Where each open link's words start, and its address. */
  const links: { start: number; href: string | undefined }[] = [];
  let skipping = 0;
  for (const child of children) {
    switch (child.type) {
      case 'text':
      case 'code_inline':
        if (!skipping) out += child.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        if (!skipping) out += '\n';
        break;
      case 'image':
        if (!skipping) out += child.content ? `[${child.content}]` : '';
        break;
      case 'link_open':
        links.push({ start: out.length, href: acceptable(String(child.attrGet('href') ?? ''), LINK) });
        break;
      case 'link_close': {
        const link = links.pop();
        if (link) out = out.slice(0, link.start) + withAddress(out.slice(link.start), link.href);
        break;
      }
      case 'html_inline': {
        const tag = HTML_TAG.exec(child.content);
        if (!tag) break;
        const [, closing, rawName = ''] = tag;
        const name = rawName.toLowerCase();
        if (NON_TEXT_TAGS.includes(name)) {
          skipping = Math.max(0, skipping + (closing ? -1 : 1));
        } else if (name === 'br' && !skipping) {
          out += '\n';
        } else if (name === 'a') {
          if (closing) {
            const link = links.pop();
            if (link) out = out.slice(0, link.start) + withAddress(out.slice(link.start), link.href);
          } else {
            const href = HREF_ATTR.exec(tag[3] ?? '');
            links.push({ start: out.length, href: acceptable(decodeBasicEntities(href?.[1] ?? href?.[2] ?? href?.[3] ?? ''), LINK) });
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
};

interface Block {
  text: string;
  /** A list item's first line, or a table row: joined to the one before it in the same group by a single line break. */
  item: boolean;
  /** Which top-level list or table the block belongs to. */
  group: number;
}

/** Plain text of Markdown: paragraphs, headings, lists ("- ", "1. "), quotes ("> "), code as it is, links written out. */
const markdownText = (source: string): string => {
  const tokens = markdown.parse(source, {});
  const blocks: Block[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let quotes = 0;
  let marker: string | undefined;
  let row: string[] | undefined;
  let group = 0;

  const emit = (text: string, tight = false) => {
    const indent = '   '.repeat(Math.max(0, lists.length - 1));
    const lines = text.replace(/\n+$/, '').split('\n');
    const first = marker;
    const shaped = lines.map((line, i) => {
      const lead = i === 0 && first ? indent + first : lists.length ? `${indent}${' '.repeat(first?.length ?? 3)}` : '';
      return `${'> '.repeat(quotes)}${lead}${line}`.replace(/\s+$/, '');
    });
    blocks.push({ text: shaped.join('\n'), item: tight || Boolean(first), group });
    marker = undefined;
  };

  for (const token of tokens) {
    switch (token.type) {
      case 'bullet_list_open':
        if (!lists.length) group++;
        lists.push({ ordered: false, next: 1 });
        break;
      case 'ordered_list_open':
        if (!lists.length) group++;
        lists.push({ ordered: true, next: Number(token.attrGet('start') ?? 1) || 1 });
        break;
      case 'table_open':
        group++;
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const list = lists.at(-1);
        if (list) marker = list.ordered ? `${list.next++}. ` : '- ';
        break;
      }
      case 'list_item_close':
        // An empty item still shows its marker.
        if (marker) emit('');
        break;
      case 'blockquote_open':
        quotes++;
        break;
      case 'blockquote_close':
        quotes = Math.max(0, quotes - 1);
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (row) emit(row.join(' | '), true);
        row = undefined;
        break;
      case 'inline': {
        const text = inlineText(token.children ?? []);
        if (row) row.push(text.replace(/\n/g, ' '));
        else emit(text);
        break;
      }
      case 'fence':
      case 'code_block':
        emit(token.content.replace(/\n$/, '').replace(/^/gm, '    '));
        break;
      case 'hr':
        emit('----');
        break;
      case 'html_block': {
        const text = htmlText(token.content).trim();
        if (text) emit(text);
        break;
      }
      default:
        break;
    }
  }
  let out = '';
  blocks.forEach((block, i) => {
    if (i > 0) out += block.item && blocks[i - 1]!.item && block.group === blocks[i - 1]!.group ? '\n' : '\n\n';
    out += block.text;
  });
  return out.replace(/\n{3,}/g, '\n\n').trim();
};

/* ------------------------------------------------------------------------------------------------
 * Both parts.
 * --------------------------------------------------------------------------------------------- */

export interface RenderedBody {
  /** Sanitised HTML fragment, the name filled in (escaped). */
  html: string;
  text: string;
}

interface Prepared {
  merged: Merged;
  html: string;
  text: string;
}

/**
 * The Markdown rendered and sanitised once per body, placeholders still in: a batch renders the same
 * campaign for every recipient, and only the name differs (a 50,000-character body takes ~35 ms to
 * render, filling in a name well under 1 ms). The few latest bodies are kept.
 */
const prepared = new Map<string, Prepared>();
const PREPARED_MAX = 8;

const prepare = (bodyMarkdown: string): Prepared => {
  const found = prepared.get(bodyMarkdown);
  if (found) return found;
  const merged = withPlaceholders(bodyMarkdown);
  const result = { merged, html: sanitizeFragment(markdown.render(merged.source)), text: markdownText(merged.source) };
  if (prepared.size >= PREPARED_MAX) prepared.delete(prepared.keys().next().value!);
  prepared.set(bodyMarkdown, result);
  return result;
};

/** The body of one person's mail: sanitised HTML and plain text, with their name (or the fallback). */
export const renderBody = (bodyMarkdown: string, displayName: string | undefined): RenderedBody => {
  const { merged, html, text } = prepare(bodyMarkdown);
  return {
    html: fillIn(html, merged, displayName, escapeHtml),
    text: fillIn(text, merged, displayName, (value) => value),
  };
};
