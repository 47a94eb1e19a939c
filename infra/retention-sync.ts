/**
 * `npm run hearth -- retention sync`: retention for what was stored before retention existed (or
 * whose schedule went missing). Each retention schedule is put by the consumer of an event its
 * capability publishes when the data changes: a workshop's times (Workshop Schedule Changed), a
 * campaign that started or ended (Campaign Schedule Changed), someone leaving the list (Subscriber
 * Left). A workshop published, a campaign sent or a person who left before this release never had
 * theirs. This command publishes those events again, one per workshop that is not a draft, per
 * campaign that started and still holds its recipients, per person off the list whose address is
 * still held; the consumers reconcile every schedule from the stored state, so running it twice, or
 * on data that has its schedules already, changes nothing. An erasure that is already due runs a
 * minute later (shared/kernel/retention.ts, erasureInstant).
 *
 * It reads three index partitions (WORKSHOP, CAMPAIGN, SUBSCRIBERS#unsubscribed), never the table.
 * It also gives registrations from before the person index their index keys (`indexRegistrations`).
 * The event ids are new on every run (`retention-sync:<run>:…`), so no consumer takes one for a
 * repeat of an event it saw before this release.
 *
 * Locally the events go to the running runtime's bus (it writes its internal AWS endpoint to
 * `<data folder>/aws-endpoint`); with HEARTH_TARGET=aws to the stage's bus, EVENT_BUS_NAME or
 * `hearth-<HEARTH_STAGE, default dev>`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CampaignScheduleChanged } from '../shared/campaigns/events';
import { CampaignStore } from '../shared/campaigns/campaign-store';
import { makeEvent, type OutgoingEvent } from '../shared/events/define';
import { publish } from '../shared/events/publish';
import { SubscriberLeft } from '../shared/mailing-list/events';
import { SubscriberStore } from '../shared/mailing-list/subscriber-store';
import { WorkshopScheduleChanged } from '../shared/workshops/events';
import { RegistrationStore } from '../shared/workshops/registration-store';
import { WorkshopStore } from '../shared/workshops/workshop-store';

/** Where the events go: the local runtime's bus, or the stage's. */
export const useBus = (target: string, dataDir: string): void => {
  if (target === 'aws') {
    process.env.EVENT_BUS_NAME ??= `hearth-${process.env.HEARTH_STAGE ?? 'dev'}`;
    return;
  }
  const file = resolve(dataDir, 'aws-endpoint');
  if (!existsSync(file)) throw new Error(`No running local runtime found (${file} is missing). Start it with \`npm start\` first.`);
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = readFileSync(file, 'utf8').trim();
  process.env.EVENT_BUS_NAME = 'hearth-local';
};

export interface RetentionSync {
  workshops: number;
  campaigns: number;
  leavers: number;
}

/** The events that make every retention schedule again, from what is stored now. */
export const retentionSyncEvents = async (at: Date): Promise<{ events: OutgoingEvent[]; counts: RetentionSync }> => {
  const run = at.toISOString();
  const id = (kind: string, of: string) => `retention-sync:${run}:${kind}:${of}`;
  const [workshops, campaigns, leavers] = await Promise.all([WorkshopStore.list(), CampaignStore.list(Number.MAX_SAFE_INTEGER), SubscriberStore.leftNotErased()]);
  const dueWorkshops = workshops.filter((workshop) => workshop.status !== 'draft');
  const dueCampaigns = campaigns.filter((campaign) => campaign.startedAt && !campaign.recipientsErasedAt);
  const dueLeavers = leavers.filter((subscriber) => subscriber.unsubscribedAt);
  const events: OutgoingEvent[] = [
    ...dueWorkshops.map((workshop) => makeEvent(WorkshopScheduleChanged, id('workshop', workshop.id), { workshopId: workshop.id }, run)),
    ...dueCampaigns.map((campaign) => makeEvent(CampaignScheduleChanged, id('campaign', campaign.id), { campaignId: campaign.id }, run)),
    ...dueLeavers.map((subscriber) => makeEvent(SubscriberLeft, id('left', subscriber.id), { subscriberId: subscriber.id, leftAt: subscriber.unsubscribedAt! }, run)),
  ];
  return { events, counts: { workshops: dueWorkshops.length, campaigns: dueCampaigns.length, leavers: dueLeavers.length } };
};

export const retentionSync = async (at: Date): Promise<RetentionSync> => {
  const { events, counts } = await retentionSyncEvents(at);
  await publish(events);
  return counts;
};

/**
 * Registrations stored before the person index (shared/workshops/keys.ts, personIndex) get its keys,
 * so /my-data shows and erases them, cancelled ones included: one query of each workshop's
 * partition, one conditional write per registration that has an address and no index yet. Safe to
 * repeat. Answers how many it indexed.
 */
export const indexRegistrations = async (): Promise<number> => {
  let indexed = 0;
  for (const workshop of await WorkshopStore.list()) {
    for (const registration of await RegistrationStore.listForWorkshop(workshop.id)) {
      if (await RegistrationStore.index(registration)) indexed++;
    }
  }
  return indexed;
};
