/** A character of an address's local part (any script, `%` for a percent-encoded one) and of its domain. */
const LOCAL = /[\p{L}\p{N}\p{M}._%+!#$&'*=?^`{|}~-]/u;
const DOMAIN = /[\p{L}\p{N}\p{M}.-]/u;
/** How far from an `@` an address can reach: 64 characters of local part (each %XX when encoded), 255 of domain. */
const LOCAL_REACH = 3 * 64;
const DOMAIN_REACH = 255;

/**
 * `text` with everything shaped like an address masked, for logs: around each `@` (or `%40`, any
 * case) the run of characters an address can have on either side, when both are there, becomes
 * `[address]`. The access log and every function's log lines keep ids and outcomes, and this holds
 * even where an error message or a stack quotes what a request carried. Linear in `text`: each
 * `@` looks at most a few hundred characters either way.
 */
export const maskAddresses = (text: string): string => {
  const at = /@|%40/gi;
  let masked = '';
  let kept = 0;
  for (let found = at.exec(text); found; found = at.exec(text)) {
    let start = found.index;
    while (start > kept && found.index - start < LOCAL_REACH && LOCAL.test(text[start - 1]!)) start -= 1;
    const after = found.index + found[0].length;
    let end = after;
    while (end < text.length && end - after < DOMAIN_REACH && DOMAIN.test(text[end]!)) end += 1;
    if (start === found.index || end === after) continue;
    masked += `${text.slice(kept, start)}[address]`;
    kept = end;
    at.lastIndex = end;
  }
  return masked + text.slice(kept);
};
