/**
 * Every form an address can take in a log line: as sent, lower and upper case (matched without
 * case), percent-encoded (`%40`), its local part alone (a truncated or otherwise encoded copy), and
 * base64 from each of the three alignments (a body a function got base64-encoded).
 */
const forms = (address: string) => {
  const local = address.slice(0, address.indexOf('@'));
  const base64 = [0, 1, 2].map((shift) => {
    const encoded = Buffer.from(`${'.'.repeat(shift)}${address}`).toString('base64');
    // Without the characters that also depend on what stands before and after.
    return encoded.slice(Math.ceil(((shift + 1) * 4) / 3), -4);
  });
  return { caseless: [address, encodeURIComponent(address), local], exact: base64 };
};

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One pattern for many strings, the longest first. */
const anyOf = (needles: string[], flags: string) =>
  new RegExp(
    [...new Set(needles)]
      .sort((a, b) => b.length - a.length)
      .map(escaped)
      .join('|'),
    flags,
  );

/**
 * The lines of `output` that hold any of `addresses` in any of those forms, each as the 200
 * characters around the first one found.
 */
export const leaksIn = (output: string, addresses: readonly string[]): string[] => {
  if (addresses.length === 0) return [];
  const all = addresses.map(forms);
  const caseless = anyOf(all.flatMap((form) => form.caseless), 'i');
  const exact = anyOf(all.flatMap((form) => form.exact), '');
  return output.split('\n').flatMap((line) => {
    const hits = [line.search(caseless), line.search(exact)].filter((at) => at >= 0);
    if (hits.length === 0) return [];
    const at = Math.min(...hits);
    return [`${at > 100 ? '…' : ''}${line.slice(Math.max(0, at - 100), at + 100)}`];
  });
};
