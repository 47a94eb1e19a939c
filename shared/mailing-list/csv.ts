import type { Subscriber } from './model';
import { SubscriberStore, type SubscriberFilters } from './subscriber-store';
import { csvFile, csvRecord } from '../kernel/csv';
import type { Actor } from '../kernel/actor';
import { AuditLog } from '../kernel/audit-store';
import { refused } from '../kernel/refusal';

/**
 * The subscribers CSV of the console: RFC 4180, UTF-8 with a byte order mark, every cell guarded
 * against spreadsheet formulas (roster-csv.ts). Its first four columns are the import's (email,
 * displayName, topics as slugs joined by ";", consentedAt): with the other columns removed, an export
 * can be imported again (the import refuses columns it does not know).
 */
export const SUBSCRIBER_CSV_COLUMNS = [
  'email',
  'displayName',
  'topics',
  'consentedAt',
  'status',
  'consentSource',
  'consentWording',
  'subscribedAt',
  'confirmedAt',
  'leftAt',
] as const;

const subscriberCsvRecord = (subscriber: Subscriber): string =>
  csvRecord([
    subscriber.email,
    subscriber.displayName,
    subscriber.topics.join(';'),
    subscriber.consent?.at,
    subscriber.status,
    subscriber.consent?.source,
    subscriber.consent?.wording,
    subscriber.createdAt,
    subscriber.confirmedAt,
    subscriber.unsubscribedAt,
  ]);

export const subscribersCsv = (subscribers: Iterable<Subscriber>): string => {
  const records = [csvRecord(SUBSCRIBER_CSV_COLUMNS)];
  for (const subscriber of subscribers) records.push(subscriberCsvRecord(subscriber));
  return csvFile(records);
};

/** Every subscriber of the selection, read a page at a time (newest first, by status). */
const selectedSubscribers = async (filters: SubscriberFilters): Promise<Subscriber[]> => {
  const all: Subscriber[] = [];
  let cursor: string | null = null;
  do {
    const page = await SubscriberStore.search(filters, cursor, 500);
    all.push(...page.subscribers);
    cursor = page.cursor;
  } while (cursor !== null);
  return all;
};

/**
 * The selection as a CSV download, `subscribers-<yyyy-mm-dd>.csv` (UTC): a download of personal
 * data, so for admins only (`forbidden` otherwise) and audited (`subscribers-exported`, ids only).
 */
export const exportSubscribers = async (actor: Actor, filters: SubscriberFilters, at: Date): Promise<{ fileName: string; body: string }> => {
  if (!actor.admin) return refused('forbidden', 'Only admins may download the subscribers.');
  const body = subscribersCsv(await selectedSubscribers(filters));
  await AuditLog.record(actor.id, 'subscribers-exported', undefined, at);
  return { fileName: `subscribers-${at.toISOString().slice(0, 10)}.csv`, body };
};
