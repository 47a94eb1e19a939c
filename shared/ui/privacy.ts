import type { InventoryEntry, Removal } from '../kernel/inventory';

/**
 * The privacy wording, in one place: the public /privacy page (shared/web/pages/privacy.tsx) and
 * docs/privacy.md (infra/privacy-doc.ts) both say these words, so they cannot drift apart. Like
 * the crisis wording, it is plain text and names no capability: what is kept comes from the data
 * inventory (shared/inventory.ts), passed in.
 */

/** Who can see what, as docs/data-model.md ("Personal data") and the README ("Who may do what") say it. */
export const whoCanSee: readonly string[] = [
  "A workshop's organizers, and admins, see its roster: the email address of each person who registered, the name they chose to show, any accessibility needs they wrote, and whether they checked in. They can also download the roster as a file.",
  "A workshop's organizers, and admins, see the answers to its feedback survey, but never who gave them: the answers are kept without a name or an address.",
  "Other organizers see a workshop's details and how many people registered, but not who.",
  'Organizers and admins can look up people on the mailing list in the organizer console, and see the addresses a campaign could not reach. Only admins can download the mailing list as a file.',
  'Only admins see who the organizers are, and the audit log: a record of what organizers, and their API keys, changed, kept by id.',
  "A workshop's public page names its facilitator only by the name the organizer types in.",
  "Other participants never see anyone's email address: every mail goes to one person at a time.",
];

/** Point-in-time recovery on the table (infra/constructs/data.ts), which keeps 35 days. */
export const backups =
  'The database keeps a continuous backup (point-in-time recovery), so that it can be put back as it was at any moment of the last 35 days after a mistake. This means that something deleted stays in that backup for up to 35 days before it is gone for good.';

/** Erasure: on the same page, or by writing (an admin then erases by address). */
export const askFor = (orgName: string): string =>
  `On the same page you can have everything kept about you erased, after one confirmation: your places still to come are cancelled, you leave the mailing list, and your address, names and needs are erased. If you cannot use email, write to ${orgName} or call them, and tell them the email address you used: they can do the same for you.`;

/** Where a person sees and downloads their own data (the page's link and the doc's words). */
export const seeYourData =
  'To see everything kept about your email address and download a copy, ask for a link on the "See your data" page (/my-data): we email it to that address, and it works once, for 15 minutes.';

/** What people can already do themselves, with the links in their mails. */
export const selfService =
  'You can cancel a registration yourself with the link in its emails, and leave the mailing list with the link at the bottom of every mailing.';

/** How an item, or its personal fields, go (the inventory's `removal`), in plain words. */
export const removalWords: Readonly<Record<Removal, string>> = {
  ttl: 'Deleted automatically at the end of that time.',
  sweep: 'The personal parts are erased automatically at the end of that time; only counts that name nobody stay.',
  'on-request': 'Removed with what it belongs to (a cancelled place, a removed organizer).',
  kept: 'Nothing personal: kept while what it belongs to exists.',
  'not-yet': 'Not yet erased automatically. If you want it erased now, write to the organisation.',
};

/** What a person would recognise, in the order the page and the doc show them. */
export const privacyGroups = [
  'Workshops and registration',
  'Support groups',
  'Reminders',
  'Feedback surveys',
  'The mailing list',
  'Campaigns',
  'The organizer console',
  'Your own requests',
  'Mail delivery',
  'Security and rate limits',
  'The audit log',
  'Everything else',
] as const;

export type PrivacyGroup = (typeof privacyGroups)[number];

/** The group of each owner the inventory names (`InventoryEntry.owner`). */
const byOwner: Readonly<Record<string, PrivacyGroup>> = {
  workshops: 'Workshops and registration',
  groups: 'Support groups',
  reminders: 'Reminders',
  surveys: 'Feedback surveys',
  'mailing-list': 'The mailing list',
  campaigns: 'Campaigns',
  console: 'The organizer console',
  people: 'Your own requests',
  mail: 'Mail delivery',
  'kernel/rate-limit': 'Security and rate limits',
  'kernel/audit': 'The audit log',
};

/** The group of an entry, by its owner. An owner no group names is still shown, under "Everything else": nothing in the inventory is left out. */
export const groupOf = (entry: Pick<InventoryEntry, 'owner'>): PrivacyGroup => (Object.hasOwn(byOwner, entry.owner) ? byOwner[entry.owner]! : 'Everything else');

/** The entries of each group that has any, in the groups' order; within a group, as the inventory lists them. */
export const grouped = (entries: readonly InventoryEntry[]): { group: PrivacyGroup; entries: InventoryEntry[] }[] =>
  privacyGroups
    .map((group) => ({ group, entries: entries.filter((entry) => groupOf(entry) === group) }))
    .filter((section) => section.entries.length > 0);

export const hasPersonal = (entry: InventoryEntry): boolean => Object.keys(entry.personal).length > 0;

/** "the email address" → "The email address". */
export const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "to send the details" → "To send the details.": capitalised, and ended with a full stop unless it has its own. */
export const sentence = (text: string): string => {
  const trimmed = capitalised(text.trim());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};
