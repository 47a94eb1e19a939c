import type { RecipientLine } from '../../campaigns/delivery/recipient-store';
import type { Campaign } from '../../campaigns/model';
import type { CampaignMail } from '../../campaigns/render';
import type { HttpResult } from '../../http/response';
import { formatDateTime } from '../../kernel/zoned-time';
import type { Topic } from '../../mailing-list/model';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { formPage } from '../../ui/forms/form-page';
import { Fact } from '../../ui/facts';
import { CancelForm, ResumeForm, scheduleFields, SendForms, TestForm, testFields, type ScheduleValues } from './campaign-actions';
import { CampaignForm, MailPreview } from './campaign-form';
import { campaignFormFields, type CampaignFormValues } from './campaign-input';
import { campaignConsolePage, campaignsPath, newCampaignPath } from './campaign-page';
import { campaignStatusLabels, Problems, Progress, progressOf } from './campaign-progress';
import type { ConsoleOrganizer } from './layout';

/** The schedule form's values, as handlers read them (functions/http/console-campaigns.ts imports the type from here). */
export type { ScheduleValues } from './campaign-actions';

/**
 * One campaign as organizers see it, by its status:
 * - draft: the message to edit with its preview, a test send, send now or schedule, discard;
 * - scheduled: when, the preview, a test send, cancel;
 * - sending: a progress bar with the counts (live with JavaScript, a Refresh link without);
 * - paused: why, the counts, resume or cancel;
 * - sent: the report (sent, skipped, failed with reasons, bounces, complaints, unsubscribes);
 * - cancelled: what happened, and a copy into a new draft.
 * Every action is a POST form with the session's CSRF token (campaign-actions.tsx); the progress and
 * the report are in campaign-progress.tsx.
 */

/** What just happened, said once at the top after a redirect (`?done=`). */
export const campaignDoneStates = ['created', 'saved', 'test-sent', 'sending', 'scheduled', 'cancelled', 'resumed'] as const;
export type CampaignDone = (typeof campaignDoneStates)[number];
export const isCampaignDone = (value: string | undefined): value is CampaignDone => (campaignDoneStates as readonly string[]).includes(value ?? '');

const doneMessage: Record<CampaignDone, string> = {
  created: 'The draft is saved. Nothing is sent until you send or schedule it.',
  saved: 'Your changes are saved.',
  'test-sent': 'A test mail is on its way to the address you gave. Its subject starts with “[Test]”.',
  sending: 'Sending has started. Each person gets the mail once; this page shows how far it is.',
  scheduled: 'The campaign is scheduled. It is sent by itself at the time you chose.',
  cancelled: 'The campaign is cancelled. Nothing more is sent.',
  resumed: 'Sending goes on from where it stopped.',
};

/** The JSON the live progress bar reads (GET …/progress). */
export const progressJson = (campaign: Campaign) => {
  const { counts, done, summary } = progressOf(campaign);
  return { status: campaign.status, planned: campaign.planned, counts, done, summary };
};

export interface CampaignDetailProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  campaign: Campaign;
  topics: readonly Topic[];
  /** Names of the campaign's topics (stored slugs → names). */
  topicNames: readonly string[];
  /** The organisation's usual time zone, for times shown and the schedule form. */
  timeZone: string;
  /** Confirmed subscribers matching now (drafts). */
  audience?: number;
  /** The mail as it will be sent (drafts and scheduled campaigns). */
  preview?: CampaignMail;
  /** Said above the preview instead of the usual words (e.g. changes not saved yet). */
  previewNote?: string;
  /** Recipients who did not get it (sending, paused, sent, cancelled). */
  problems?: { failed: readonly RecipientLine[]; suppressed: readonly RecipientLine[] };
  done?: CampaignDone;
  /** The edit form's values (a draft shown again after an error or a preview). */
  values?: CampaignFormValues;
  testTo?: string;
  schedule?: ScheduleValues;
  errors?: Record<string, string>;
  formError?: string;
  status?: number;
}

const when = (instant: string | undefined, zone: string) => (instant ? formatDateTime(instant, zone) : undefined);

export const CampaignDetailView = (props: Omit<CampaignDetailProps, 'organizer' | 'status'>) => {
  const { campaign, csrfToken, topics, topicNames, timeZone, audience = 0, preview, previewNote, problems, done, errors = {}, formError } = props;
  const values: CampaignFormValues = props.values ?? { subject: campaign.subject, bodyMarkdown: campaign.bodyMarkdown, topics: campaign.topics };
  const schedule: ScheduleValues = props.schedule ?? { timezone: timeZone };
  const status = campaign.status;
  // Sending began (it set `startedAt`, and no status leads back to draft or scheduled).
  const delivering = Boolean(campaign.startedAt);
  return (
    <>
      <ErrorSummary errors={errors} formError={formError} fields={[...campaignFormFields, ...testFields, ...scheduleFields]} />
      {done ? (
        <p class="notice" role="status">
          {doneMessage[done]}
        </p>
      ) : null}
      <p>
        <a href={campaignsPath}>All campaigns</a>
      </p>
      <h1>{campaign.subject}</h1>
      {status === 'paused' ? (
        <div class="notice" role="alert">
          <p>
            <strong>Sending is paused.</strong> {campaign.pausedReason ?? ''}
          </p>
          <p>Resume to send to the rest, or cancel the rest.</p>
        </div>
      ) : null}
      <dl class="facts">
        <Fact term="Status">
          <span class="status">{campaignStatusLabels[status]}</span>
        </Fact>
        <Fact term="Who gets it">{topicNames.length ? `Subscribers who chose: ${topicNames.join(', ')}` : 'Everyone on the list'}</Fact>
        <Fact term={status === 'scheduled' ? 'Sends at' : 'Was scheduled for'}>{campaign.scheduledAt && when(campaign.scheduledAt, timeZone)}</Fact>
        <Fact term="Started">{campaign.startedAt && when(campaign.startedAt, timeZone)}</Fact>
        <Fact term="Finished">{campaign.finishedAt && when(campaign.finishedAt, timeZone)}</Fact>
        <Fact term="Cancelled">{campaign.cancelledAt && when(campaign.cancelledAt, timeZone)}</Fact>
      </dl>

      {delivering ? <Progress campaign={campaign} live={status === 'sending'} /> : null}
      {delivering && problems ? <Problems failed={problems.failed} suppressed={problems.suppressed} /> : null}

      {status === 'draft' ? (
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">Message</h2>
          <CampaignForm csrfToken={csrfToken} campaignId={campaign.id} topics={topics} values={values} errors={errors} />
        </section>
      ) : null}
      {preview ? <MailPreview mail={preview} {...(previewNote ? { note: previewNote } : {})} /> : null}
      {status === 'draft' || status === 'scheduled' ? <TestForm campaign={campaign} csrfToken={csrfToken} to={props.testTo ?? ''} error={errors.to} /> : null}
      {status === 'draft' ? <SendForms campaign={campaign} csrfToken={csrfToken} audience={audience} schedule={schedule} errors={errors} /> : null}
      {status === 'paused' ? <ResumeForm campaign={campaign} csrfToken={csrfToken} /> : null}
      <CancelForm campaign={campaign} csrfToken={csrfToken} />
      {status !== 'draft' ? (
        <p>
          <a class="action-link" href={`${newCampaignPath}?copy=${encodeURIComponent(campaign.id)}`}>
            Copy into a new draft
          </a>
        </p>
      ) : null}
    </>
  );
};

export const campaignDetailPage = ({ organizer, status, ...props }: CampaignDetailProps): HttpResult => {
  return campaignConsolePage({
    ...formPage(props.campaign.subject, { errors: props.errors, formError: props.formError, status }),
    organizer,
    csrfToken: props.csrfToken,
    previews: props.preview ? [props.preview.html] : [],
    live: props.campaign.status === 'sending',
    children: <CampaignDetailView {...props} />,
  });
};
