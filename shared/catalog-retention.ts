import { on, type FunctionSpec } from './function-spec';
import { CampaignRetentionDue } from './campaigns/events';
import { SubscriberLeft, SubscriberRetentionDue } from './mailing-list/events';
import { WorkshopRetentionDue } from './workshops/events';

/**
 * The catalog's retention functions (issue 13, docs/privacy.md): each erases one capability's
 * personal data when its period runs out, fired by a one-time schedule that capability reconciles.
 * Part of the one catalog (./catalog.ts spreads them in); kept apart so it stays readable.
 */
export const retentionFunctions: readonly FunctionSpec[] = [
  {
    name: 'erase-workshop-registrations',
    capability: 'workshops',
    entry: 'functions/events/erase-workshop-registrations.ts',
    description: "A workshop's registration retention ran out: erases its registrations' personal data, keeping the counts",
    trigger: on(WorkshopRetentionDue),
    access: { table: 'readwrite' },
    timeoutSeconds: 300,
  },
  {
    name: 'erase-campaign-recipients',
    capability: 'campaigns',
    entry: 'functions/events/erase-campaign-recipients.ts',
    description: "A campaign ended 30 days ago: erases its batches' copies of the recipients' addresses, keeping the counts",
    trigger: on(CampaignRetentionDue),
    access: { table: 'readwrite' },
    timeoutSeconds: 300,
  },
  {
    name: 'sync-subscriber-retention',
    capability: 'subscribers',
    entry: 'functions/events/sync-subscriber-retention.ts',
    description: 'Someone left the mailing list: schedules the erasure of their address and name when the period ends',
    trigger: on(SubscriberLeft),
    access: { table: 'read', schedules: true, linkSecret: true },
  },
  {
    name: 'erase-left-subscriber',
    capability: 'subscribers',
    entry: 'functions/events/erase-left-subscriber.ts',
    description: 'Someone left the mailing list 30 days ago: erases their address, name, topics and consent, keeping the keyed-hash claim',
    trigger: on(SubscriberRetentionDue),
    access: { table: 'readwrite', linkSecret: true },
  },
];
