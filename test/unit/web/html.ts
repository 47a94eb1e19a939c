/**
 * Small readers for rendered HTML in unit tests (no DOM in Node). They only need to understand the
 * markup our own components produce: double-quoted attributes, no comments.
 */
/** Attribute values may contain `>` (preact escapes only `<`, `&` and `"`). */
const rest = '(?:[^>"]|"[^"]*")*';

export const openTags = (html: string, tag: string): string[] => html.match(new RegExp(`<${tag}\\b${rest}>`, 'gi')) ?? [];

export const attributes = (openTag: string): Record<string, string> => {
  const result: Record<string, string> = {};
  const body = openTag.replace(/^<[a-z0-9]+/i, '').replace(/\/?>$/, '');
  // eslint-disable-next-line security/detect-unsafe-regex -- `(?:="([^"]*)")?` is tried once per attribute name; runs on HTML the tests rendered
  for (const match of body.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) {
    result[match[1]!.toLowerCase()] = match[2] ?? '';
  }
  return result;
};

/** The opening tag of the element with this id. */
export const byId = (html: string, id: string): { tag: string; attrs: Record<string, string>; index: number } => {
  const match = new RegExp(`<([a-z0-9]+)\\b${rest}?\\sid="${id}"${rest}>`, 'i').exec(html);
  if (!match) throw new Error(`No element with id="${id}"`);
  return { tag: match[0], attrs: attributes(match[0]), index: match.index };
};

/** The text inside the first element with this id (until its closing tag; no nesting of the same tag). */
export const textOfId = (html: string, id: string): string => {
  const { tag, index } = byId(html, id);
  const name = /^<([a-z0-9]+)/i.exec(tag)![1]!;
  const end = html.indexOf(`</${name}>`, index);
  return text(html.slice(index + tag.length, end));
};

export const decode = (value: string): string =>
  value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Visible text, tags removed, entities decoded, whitespace collapsed. */
export const text = (html: string): string =>
  decode(
    html
      .replace(/<style[\s\S]*?<\/style>/gi, '')
      .replace(/<\/?(?:p|li|ul|ol|h[1-6]|dt|dd|dl|div|section|header|footer|main|title|br|form|label|button|input|textarea)\b[^>]*>/gi, ' ')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();

/** The body of the <main> element. */
export const mainOf = (html: string): string => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

/** Opening tags of everything that can take keyboard focus, in document order. */
export const focusables = (html: string): string[] =>
  (html.match(new RegExp(`<(a|button|input|textarea|select)\\b${rest}>`, 'gi')) ?? []).filter((tag) => {
    const a = attributes(tag);
    if (tag.toLowerCase().startsWith('<a')) return 'href' in a;
    return a.type !== 'hidden' && !('disabled' in a);
  });
