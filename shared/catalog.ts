import type { AnyEventDefinition } from './events/define';
import { OrganizerInvited, SignInRequested } from './console/events';
import { EmailBounced, EmailComplaintReceived } from './mail/ses-events';
import {
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationRepeated,
  RegistrationWaitlisted,
  WorkshopCancelled,
  WorkshopCapacityChanged,
  WorkshopMessageSent,
  WorkshopRescheduled,
  WorkshopScheduleChanged,
} from './workshops/events';
import { ReminderBatchDue, ReminderDue } from './reminders/events';
import { SurveyBatchDue, SurveyDue, SurveyReminderDue } from './surveys/events';
import { SubscriptionRequested } from './mailing-list/events';
import { CampaignAudiencePageDue, CampaignBatchDue, CampaignResumed, CampaignScheduleChanged, CampaignSendDue } from './campaigns/events';

/**
 * The one catalog of Hearth's functions. The CDK stack (infra/stack.ts) creates every function,
 * route, rule and grant from it; the local runtime (infra/local) serves the same entries. Nothing
 * about routing is written anywhere else.
 */
import type { FunctionSpec, Trigger } from './function-spec';
import type { NamedRoutes } from './http/route-key';
import { routes } from './routes';

/** HTTP routes, by name: `http(routes.cancelRegistration)` (each route key is written once, in ./routes.ts). */
const http = (named: NamedRoutes): Trigger => ({ kind: 'http', routes: Object.values(named) });
const on = (event: AnyEventDefinition): Trigger => ({ kind: 'event', event });

export const catalog: readonly FunctionSpec[] = [
  // ---- HTTP: public
  {
    name: 'public-api',
    capability: 'registration',
    entry: 'functions/http/public-api.ts',
    description: 'Public JSON API: upcoming workshops, one workshop, the OpenAPI document',
    trigger: http(routes.publicApi),
    access: { table: 'read' },
  },
  {
    name: 'public-pages',
    capability: 'registration',
    entry: 'functions/http/public-pages.ts',
    description: 'Public HTML pages: workshop list, workshop page with the form, cancel confirmation, calendar file',
    trigger: http(routes.publicPages),
    access: { table: 'read', linkSecret: true },
  },
  {
    name: 'register',
    capability: 'registration',
    entry: 'functions/http/register.ts',
    description: 'Registers a member for a workshop (JSON API and HTML form)',
    trigger: http(routes.register),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'cancel-registration',
    capability: 'registration',
    entry: 'functions/http/cancel-registration.ts',
    description: 'Cancels a registration through the signed link of its mails (POST only)',
    trigger: http(routes.cancelRegistration),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  // ---- HTTP: organizers
  {
    name: 'organizer-api',
    capability: 'workshops',
    entry: 'functions/http/organizer-api.ts',
    description: 'Organizer JSON API (API key): workshops, their registrations, their survey and its results',
    trigger: http(routes.organizerApi),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  // ---- HTTP: organizer console
  {
    name: 'console-auth',
    capability: 'console',
    entry: 'functions/http/console-auth.ts',
    description: 'Console sign-in by emailed link, its confirmation, and sign-out',
    trigger: http(routes.consoleAuth),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'console-pages',
    capability: 'console',
    entry: 'functions/http/console-pages.ts',
    description: 'Console pages for signed-in organizers: the dashboard',
    trigger: http(routes.consolePages),
    access: { table: 'read', linkSecret: true },
  },
  {
    name: 'console-workshops',
    capability: 'console',
    entry: 'functions/http/console-workshops.ts',
    description: 'Console: create, edit, reschedule, publish and cancel workshops, and their organizers',
    trigger: http(routes.consoleWorkshops),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'console-roster',
    capability: 'console',
    entry: 'functions/http/console-roster.ts',
    description: 'Console: the roster, check-in, removing a registrant, CSV export, messages to registrants',
    trigger: http(routes.consoleRoster),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'console-surveys',
    capability: 'surveys',
    entry: 'functions/http/console-surveys.ts',
    description: 'Console: a workshop\'s survey questions and timing, its results and their CSV export',
    trigger: http(routes.consoleSurveys),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'console-admin',
    capability: 'console',
    entry: 'functions/http/console-admin.ts',
    description: 'Console for admins: organizers, API keys, the audit log',
    trigger: http(routes.consoleAdmin),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'mail-organizer-invitation',
    capability: 'console',
    entry: 'functions/events/mail-organizer-invitation.ts',
    description: 'Mails a new organizer where and how to sign in',
    trigger: on(OrganizerInvited),
    access: { table: 'readwrite', mail: true, linkSecret: true },
  },
  {
    name: 'mail-workshop-message',
    capability: 'console',
    entry: 'functions/events/mail-workshop-message.ts',
    description: 'Mails an organizer message to every confirmed registrant, each once',
    trigger: on(WorkshopMessageSent),
    access: { table: 'readwrite', mail: true, linkSecret: true },
    timeoutSeconds: 300,
  },
  {
    name: 'mail-sign-in-link',
    capability: 'console',
    entry: 'functions/events/mail-sign-in-link.ts',
    description: 'Mails an organizer their single-use sign-in link',
    trigger: on(SignInRequested),
    access: { table: 'readwrite', mail: true, linkSecret: true },
  },
  // ---- Events: registration
  {
    name: 'mail-registration-confirmed',
    capability: 'registration',
    entry: 'functions/events/mail-registration-confirmed.ts',
    description: 'Mails the confirmation with the calendar file',
    trigger: on(RegistrationConfirmed),
    access: { table: 'readwrite', mail: true, linkSecret: true },
  },
  {
    name: 'mail-registration-waitlisted',
    capability: 'registration',
    entry: 'functions/events/mail-registration-waitlisted.ts',
    description: 'Mails the waitlist position',
    trigger: on(RegistrationWaitlisted),
    access: { table: 'readwrite', mail: true, linkSecret: true },
  },
  {
    name: 'mail-registration-repeated',
    capability: 'registration',
    entry: 'functions/events/mail-registration-repeated.ts',
    description: 'Mails what an address already has (a place, or its waitlist position) when it is registered again, at most once per 10 minutes',
    trigger: on(RegistrationRepeated),
    access: { table: 'readwrite', mail: true, linkSecret: true },
  },
  {
    name: 'mail-registration-cancelled',
    capability: 'registration',
    entry: 'functions/events/mail-registration-cancelled.ts',
    description: 'Mails the registrant that their registration is cancelled',
    trigger: on(RegistrationCancelled),
    access: { table: 'readwrite', mail: true, linkSecret: true },
  },
  {
    name: 'promote-after-cancellation',
    capability: 'registration',
    entry: 'functions/events/promote-after-cancellation.ts',
    description: 'Fills a freed seat from the waitlist at once',
    trigger: on(RegistrationCancelled),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'promote-after-capacity-change',
    capability: 'registration',
    entry: 'functions/events/promote-after-capacity-change.ts',
    description: 'Fills added seats from the waitlist',
    trigger: on(WorkshopCapacityChanged),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'mail-workshop-rescheduled',
    capability: 'workshops',
    entry: 'functions/events/mail-workshop-rescheduled.ts',
    description: 'Mails every active registrant the updated time or place (updated calendar file)',
    trigger: on(WorkshopRescheduled),
    access: { table: 'readwrite', mail: true, linkSecret: true },
    timeoutSeconds: 300,
  },
  {
    name: 'mail-workshop-cancelled',
    capability: 'workshops',
    entry: 'functions/events/mail-workshop-cancelled.ts',
    description: 'Mails every active registrant that the workshop is cancelled (cancelled calendar file)',
    trigger: on(WorkshopCancelled),
    access: { table: 'readwrite', mail: true, linkSecret: true },
    timeoutSeconds: 300,
  },
  // ---- Time: reminders and surveys
  {
    name: 'sync-workshop-schedules',
    capability: 'reminders',
    entry: 'functions/events/sync-workshop-schedules.ts',
    description: 'Keeps a workshop\'s one-time schedules (reminders, survey, survey reminder) in step with it',
    trigger: on(WorkshopScheduleChanged),
    access: { table: 'read', schedules: true },
  },
  {
    name: 'send-reminders',
    capability: 'reminders',
    entry: 'functions/events/send-reminders.ts',
    description: 'A reminder fell due: fans out one batch event per page of confirmed registrants',
    trigger: on(ReminderDue),
    access: { table: 'read', bus: true, linkSecret: true },
  },
  {
    name: 'mail-reminders',
    capability: 'reminders',
    entry: 'functions/events/mail-reminders.ts',
    description: 'Mails one batch of reminders, each registrant once',
    trigger: on(ReminderBatchDue),
    access: { table: 'readwrite', mail: true, linkSecret: true },
    timeoutSeconds: 120,
  },
  {
    name: 'send-surveys',
    capability: 'surveys',
    entry: 'functions/events/send-surveys.ts',
    description: 'A workshop ended: fans out the survey invitation to those who attended',
    trigger: on(SurveyDue),
    access: { table: 'read', bus: true, linkSecret: true },
  },
  {
    name: 'send-survey-reminders',
    capability: 'surveys',
    entry: 'functions/events/send-survey-reminders.ts',
    description: 'Fans out the one survey reminder to those invited who have not answered',
    trigger: on(SurveyReminderDue),
    access: { table: 'read', bus: true },
  },
  {
    name: 'mail-surveys',
    capability: 'surveys',
    entry: 'functions/events/mail-surveys.ts',
    description: 'Mails one batch of survey invitations or reminders, each person once, with a personal link',
    trigger: on(SurveyBatchDue),
    access: { table: 'readwrite', mail: true, linkSecret: true },
    timeoutSeconds: 120,
  },
  {
    name: 'survey-pages',
    capability: 'surveys',
    entry: 'functions/http/survey-pages.ts',
    description: 'The survey page of a personal link, and its anonymous answer',
    trigger: http(routes.surveyPages),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  // ---- Advocacy: the mailing list
  {
    name: 'subscribe',
    capability: 'subscribers',
    entry: 'functions/http/subscribe.ts',
    description: 'The mailing list: subscribe page and API (the same answer for any address), topics, double opt-in confirmation',
    trigger: http(routes.subscribe),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'preferences',
    capability: 'subscribers',
    entry: 'functions/http/preferences.ts',
    description: "A subscriber's preferences page from the link in every campaign mail: topics, or leave the list",
    trigger: http(routes.preferences),
    access: { table: 'readwrite', linkSecret: true },
  },
  {
    name: 'unsubscribe',
    capability: 'subscribers',
    entry: 'functions/http/unsubscribe.ts',
    description: 'One-click unsubscribe (RFC 8058): POST unsubscribes at once, GET shows a button',
    trigger: http(routes.unsubscribe),
    access: { table: 'readwrite', linkSecret: true },
  },
  {
    name: 'mail-subscription-confirmation',
    capability: 'subscribers',
    entry: 'functions/events/mail-subscription-confirmation.ts',
    description: 'Mails the double opt-in link to someone who asked to join the list',
    trigger: on(SubscriptionRequested),
    access: { table: 'readwrite', mail: true, linkSecret: true },
  },
  // ---- Advocacy: campaigns
  {
    name: 'campaigns-api',
    capability: 'campaigns',
    entry: 'functions/http/campaigns-api.ts',
    description: 'Organizer JSON API (API key): topics, campaigns, test sends, sending and scheduling, progress and recipients',
    trigger: http(routes.campaignsApi),
    access: { table: 'readwrite', bus: true, mail: true, linkSecret: true },
  },
  {
    name: 'console-subscribers',
    capability: 'subscribers',
    entry: 'functions/http/console-subscribers.ts',
    description: 'Console: subscribers (search, filter, CSV export) and topics',
    trigger: http(routes.consoleSubscribers),
    access: { table: 'readwrite', bus: true, linkSecret: true },
  },
  {
    name: 'console-campaigns',
    capability: 'campaigns',
    entry: 'functions/http/console-campaigns.ts',
    description: 'Console: compose with a preview, test send, send or schedule, progress, report',
    trigger: http(routes.consoleCampaigns),
    access: { table: 'readwrite', bus: true, mail: true, linkSecret: true },
  },
  {
    name: 'sync-campaign-schedule',
    capability: 'campaigns',
    entry: 'functions/events/sync-campaign-schedule.ts',
    description: "Keeps a scheduled campaign's one-time schedule in step with it (starts it if its time already passed)",
    trigger: on(CampaignScheduleChanged),
    access: { table: 'readwrite', bus: true, schedules: true },
  },
  {
    name: 'start-scheduled-campaign',
    capability: 'campaigns',
    entry: 'functions/events/start-scheduled-campaign.ts',
    description: "A scheduled campaign's time came: it starts sending",
    trigger: on(CampaignSendDue),
    access: { table: 'readwrite', bus: true },
  },
  {
    name: 'plan-campaign',
    capability: 'campaigns',
    entry: 'functions/events/plan-campaign.ts',
    description: "Plans one page of a campaign's audience into batches, then hands on the next page",
    trigger: on(CampaignAudiencePageDue),
    access: { table: 'readwrite', bus: true, linkSecret: true },
    timeoutSeconds: 120,
  },
  {
    name: 'send-campaign-batch',
    capability: 'campaigns',
    entry: 'functions/events/send-campaign-batch.ts',
    description: 'Sends one batch of a campaign at the allowed rate; every recipient ends sent, suppressed or failed',
    trigger: on(CampaignBatchDue),
    access: { table: 'readwrite', bus: true, mail: true, linkSecret: true, sendQuota: true },
    timeoutSeconds: 300,
  },
  {
    name: 'resume-campaign',
    capability: 'campaigns',
    entry: 'functions/events/resume-campaign.ts',
    description: "Hands a resumed campaign's unfinished batches out again",
    trigger: on(CampaignResumed),
    access: { table: 'readwrite', bus: true },
  },
  // ---- Events: SES feedback
  {
    name: 'suppress-bounced',
    capability: 'deliverability',
    entry: 'functions/events/suppress-bounced.ts',
    description: 'Suppresses addresses that hard-bounced',
    trigger: on(EmailBounced),
    access: { table: 'readwrite', linkSecret: true },
  },
  {
    name: 'suppress-complained',
    capability: 'deliverability',
    entry: 'functions/events/suppress-complained.ts',
    description: 'Suppresses addresses that complained',
    trigger: on(EmailComplaintReceived),
    access: { table: 'readwrite', linkSecret: true },
  },
];

export const httpFunctions = catalog.filter((f) => f.trigger.kind === 'http');
/** Functions an EventBridge rule invokes: event triggers and the events schedules put on the bus. */
export const eventFunctions = catalog.filter((f) => f.trigger.kind === 'event');
