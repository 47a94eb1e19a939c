/** Said plainly on every page and in every mail, next to the crisis resources. */
export const crisisStatement =
  'Peer support is not crisis care and is not a substitute for professional help. If you are in crisis or might be in danger, contact:';

/** Only web, phone and mail links: a configured `javascript:` URL must never become a link. */
export const safeHref = (url: string | undefined): string | undefined =>
  url && /^(https?:\/\/|tel:|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
