import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { oneLine } from './model';

/**
 * The display-name merge field of a campaign's Markdown (markdown.ts renders the rest): its syntax,
 * the private-use placeholders it becomes before the Markdown is read (so a person's name is never
 * read as Markdown or HTML), filling a name in, and where a merge field may not be. Merge fields
 * belong in text: one in a link's address, an image, an HTML attribute or text a mail client would
 * read as a link is refused when the campaign is written (mergeFieldOutsideText in markdown.ts).
 */

/** The part of markdown-it that finds links in text, as mail clients would. */
type Linkify = Pick<InstanceType<typeof MarkdownIt>['linkify'], 'match'>;

/** What `{{ name }}` becomes for someone who gave no name, unless the field says otherwise. */
const DEFAULT_NAME_FALLBACK = 'friend';

/**
 * `{{ name }}` or `{{ name | "fallback" }}` (also `displayName`, single quotes, any case and
 * spacing). The fallback is at most 100 characters on one line.
 */
// eslint-disable-next-line security/detect-unsafe-regex -- safe-regex counts the bounded `{0,100}` inside the optional fallback as nesting; the fallback is tried once and no two `\s*` are adjacent, so matching is linear
const MERGE_FIELD = /\{\{\s*(?:name|displayname|display_name)\s*(?:\|\s*(?:"([^"\r\n]{0,100})"|'([^'\r\n]{0,100})')\s*)?\}\}/gi;
const PLACEHOLDER_START = '\uE000';
const PLACEHOLDER_END = '\uE001';
const PLACEHOLDER = /\uE000(\d{1,5})\uE001/g;
/** A placeholder that ended up inside a URL (percent-encoded): names never go into links. */
const ENCODED_PLACEHOLDER = /%EE%80%80\d{1,5}%EE%80%81/gi;

export interface Merged {
  source: string;
  fallbacks: string[];
}

export const withPlaceholders = (markdown: string): Merged => {
  const fallbacks: string[] = [];
  // A placeholder character typed by someone must not become one of ours.
  const clean = markdown.replace(/[\uE000\uE001]/g, '');
  const source = clean.replace(MERGE_FIELD, (_field, double: string | undefined, single: string | undefined) => {
    fallbacks.push((double ?? single ?? DEFAULT_NAME_FALLBACK).trim());
    return `${PLACEHOLDER_START}${fallbacks.length - 1}${PLACEHOLDER_END}`;
  });
  return { source, fallbacks };
};

export const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const fillIn = (output: string, merged: Merged, name: string | undefined, escape: (value: string) => string): string =>
  output
    .replace(ENCODED_PLACEHOLDER, '')
    // The display name on one line, without control characters; else the field's fallback.
    .replace(PLACEHOLDER, (_placeholder, index: string) => escape(oneLine(name ?? '') || merged.fallbacks[Number(index)] || DEFAULT_NAME_FALLBACK));

/* ------------------------------------------------------------------------------------------------
 * Merge fields outside text.
 * --------------------------------------------------------------------------------------------- */

/** A placeholder as written, or percent-encoded as markdown-it writes it into a link's address. */
const HAS_PLACEHOLDER = /\uE000|%EE%80%80/i;

/** Whether raw HTML has a placeholder in any attribute of any element (parsed, not matched). */
const placeholderInAttribute = (html: string): boolean => {
  let found = false;
  // Only read: every element and attribute is looked at, and the output is thrown away.
  sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    exclusiveFilter: (frame) => {
      found ||= Object.values(frame.attribs).some((value) => HAS_PLACEHOLDER.test(value));
      return false;
    },
  });
  return found;
};

/**
 * Whether text with placeholders, once a name is in, holds a link that takes in the name: a URL
 * (also one starting with www., which mail clients link), or an address.
 */
const placeholderInLinkText = (written: string, linkify: Linkify): boolean => {
  const text = written.replace(/(^|[^\w./-])(www\.)/gi, '$1https://$2');
  const names: [number, number][] = [];
  let sample = '';
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    sample += text.slice(last, match.index);
    names.push([sample.length, sample.length + 'name'.length]);
    sample += 'name';
    last = match.index + match[0].length;
  }
  sample += text.slice(last);
  return (linkify.match(sample) ?? []).some((link) => names.some(([from, to]) => from < link.lastIndex && to > link.index));
};

/**
 * Whether a placeholder is in a Markdown construct that becomes an attribute (links, images,
 * autolinks, raw HTML), or in link-like text (`linkify`: the parser's own link finder).
 */
export const placeholderOutsideText = (tokens: readonly Token[], linkify: Linkify): boolean =>
  tokens.some(
    (token) =>
      (token.attrs ?? []).some(([, value]) => HAS_PLACEHOLDER.test(String(value))) ||
      (token.type === 'image' && HAS_PLACEHOLDER.test(token.content)) ||
      ((token.type === 'html_inline' || token.type === 'html_block') && placeholderInAttribute(token.content)) ||
      (token.type === 'text' && HAS_PLACEHOLDER.test(token.content) && placeholderInLinkText(token.content, linkify)) ||
      placeholderOutsideText(token.children ?? [], linkify),
  );

