import type { RecipientLine } from '../../campaigns/delivery/recipient-store';
import { countsOf, type Campaign, type CampaignCounts, type CampaignStatus } from '../../campaigns/model';
import type { CampaignMail } from '../../campaigns/render';
import type { HttpResult } from '../../http/response';
import type { Topic } from '../../mailing-list/model';
import { Field, FieldError, EmailField, TextField } from '../../ui/forms/fields';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { formatDateTime } from '../../kernel/zoned-time';
import { CampaignForm, campaignFormFields, MailPreview, type CampaignFormValues } from './campaign-form';
import { campaignActionPath, campaignConsolePage, campaignPath, campaignsPath, newCampaignPath } from './campaign-page';
import type { ConsoleOrganizer } from './layout';
import { supportedTimeZones, timeZoneLabel } from '../../kernel/zoned-time';
import { CsrfInput } from '../../ui/forms/csrf-input';
import { people } from '../labels';
import { formPage } from '../../ui/forms/form-page';

/**
 * One campaign as organizers see it, by its status:
 * - draft: the message to edit with its preview, a test send, send now or schedule, discard;
 * - scheduled: when, the preview, a test send, cancel;
 * - sending: a progress bar with the counts (live with JavaScript, a Refresh link without);
 * - paused: why, the counts, resume or cancel;
 * - sent: the report (sent, skipped, failed with reasons, bounces, complaints, unsubscribes);
 * - cancelled: what happened, and a copy into a new draft.
 * Every action is a POST form with the session's CSRF token.
 */

export const campaignStatusLabels: Record<CampaignStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  paused: 'Paused',
  sent: 'Sent',
  cancelled: 'Cancelled',
};

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

const number = (value: number) => value.toLocaleString('en-US');

/** Recipients with a final state, and what the bar and the live summary say. */
export const progressOf = (campaign: Pick<Campaign, 'status' | 'counters' | 'planned'>) => {
  const counts = countsOf(campaign);
  const done = counts.sent + counts.suppressed + counts.failed;
  const planning = !campaign.planned && campaign.status === 'sending';
  const of = `${number(done)} of ${number(counts.recipients)}`;
  const detail = `${number(counts.sent)} sent, ${number(counts.suppressed)} skipped, ${number(counts.failed)} failed`;
  const lead = campaign.status === 'sent' ? `Sent: all ${number(counts.recipients)} done` : `${campaignStatusLabels[campaign.status]}: ${of} done`;
  return { counts, done, summary: `${lead} (${detail}).${planning ? ' Still finding everyone on the list, so the total grows.' : ''}` };
};

/** The JSON the live progress bar reads (GET …/progress). */
export const progressJson = (campaign: Campaign) => {
  const { counts, done, summary } = progressOf(campaign);
  return { status: campaign.status, planned: campaign.planned, counts, done, summary };
};

const CountRow = ({ name, label, counts, note }: { name: keyof CampaignCounts; label: string; counts: CampaignCounts; note: string }) => (
  <tr>
    <th scope="row">{label}</th>
    <td data-count={name}>{number(counts[name])}</td>
    <td>{note}</td>
  </tr>
);

export const CountsTable = ({ counts }: { counts: CampaignCounts }) => (
  <table>
    <caption class="hint">Every recipient ends sent, skipped or failed; until then they are queued.</caption>
    <thead>
      <tr>
        <th scope="col">State</th>
        <th scope="col">Number</th>
        <th scope="col">What it means</th>
      </tr>
    </thead>
    <tbody>
      <CountRow name="recipients" label="Recipients" counts={counts} note="Confirmed subscribers it goes to" />
      <CountRow name="sent" label="Sent" counts={counts} note="Accepted by the mail service; what came back is in the next table" />
      <CountRow name="queued" label="Queued" counts={counts} note="Not sent yet" />
      <CountRow name="suppressed" label="Skipped" counts={counts} note="Left the list, or bounced or complained before" />
      <CountRow name="failed" label="Failed" counts={counts} note="Could not be sent; see the reasons below" />
    </tbody>
  </table>
);

export const FeedbackTable = ({ counts }: { counts: CampaignCounts }) => (
  <table>
    <caption class="hint">What came back after sending.</caption>
    <thead>
      <tr>
        <th scope="col">Feedback</th>
        <th scope="col">Number</th>
      </tr>
    </thead>
    <tbody>
      <tr>
        <th scope="row">Bounced</th>
        <td data-count="bounced">{number(counts.bounced)}</td>
      </tr>
      <tr>
        <th scope="row">Complaints (marked as spam)</th>
        <td data-count="complained">{number(counts.complained)}</td>
      </tr>
      <tr>
        <th scope="row">Unsubscribed from this mail</th>
        <td data-count="unsubscribed">{number(counts.unsubscribed)}</td>
      </tr>
    </tbody>
  </table>
);

const Progress = ({ campaign, live }: { campaign: Campaign; live: boolean }) => {
  const { counts, done, summary } = progressOf(campaign);
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <p>
        <label for="campaign-progress">Recipients done</label>
      </p>
      <progress
        id="campaign-progress"
        max={Math.max(1, counts.recipients)}
        value={done}
        aria-describedby="campaign-progress-summary"
        {...(live ? { 'data-source': campaignActionPath(campaign.id, 'progress') } : {})}
      >
        {summary}
      </progress>
      <p id="campaign-progress-summary" aria-live="polite">
        {summary}
      </p>
      {live ? (
        <p>
          This page updates by itself every few seconds. <a href={campaignPath(campaign.id)}>Refresh</a>
        </p>
      ) : null}
      <CountsTable counts={counts} />
      <FeedbackTable counts={counts} />
    </section>
  );
};

const Problems = ({ failed, suppressed }: { failed: readonly RecipientLine[]; suppressed: readonly RecipientLine[] }) =>
  failed.length || suppressed.length ? (
    <section aria-labelledby="problems-heading">
      <h2 id="problems-heading">Who did not get it, and why</h2>
      {[
        ['Failed', failed],
        ['Skipped', suppressed],
      ].map(([label, lines]) =>
        (lines as RecipientLine[]).length ? (
          <table>
            <caption>{`${label as string} (first ${(lines as RecipientLine[]).length})`}</caption>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {(lines as RecipientLine[]).map((line) => (
                <tr>
                  <td>{line.email}</td>
                  <td>{line.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null,
      )}
      <p class="hint">The organizer API lists every recipient with its state and reason (GET /api/organizer/campaigns/&lt;id&gt;/recipients).</p>
    </section>
  ) : null;

/* ------------------------------------------------------------------------------------------------
 * Forms.
 * --------------------------------------------------------------------------------------------- */

export const testFields = [{ name: 'to', label: 'Send a test to' }] as const;
export const scheduleFields = [
  { name: 'date', label: 'Date' },
  { name: 'time', label: 'Time' },
  { name: 'timezone', label: 'Time zone' },
] as const;

export interface ScheduleValues {
  date?: string;
  time?: string;
  timezone?: string;
}

const TestForm = ({ campaign, csrfToken, to, error }: { campaign: Campaign; csrfToken: string; to: string; error?: string }) => (
  <section aria-labelledby="test-heading">
    <h2 id="test-heading">Send a test</h2>
    <form method="post" action={campaignActionPath(campaign.id, 'test')}>
      <CsrfInput token={csrfToken} />
      <EmailField
        name="to"
        label="Send a test to"
        hint="One mail to this address only, marked “[Test]”. Its unsubscribe and preferences links change nothing."
        error={error}
        value={to}
      />
      <button type="submit" class="button-secondary">
        Send a test
      </button>
    </form>
  </section>
);

const ZoneSelect = ({ value, error }: { value: string; error?: string }) => {
  const common = [...new Set([value, 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'UTC'].filter(Boolean))];
  return (
    <Field error={error}>
      <label for="timezone">Time zone</label>
      <FieldError name="timezone" message={error} />
      <select id="timezone" name="timezone" required aria-describedby={error ? 'timezone-error' : undefined} aria-invalid={error ? 'true' : undefined}>
        <optgroup label="Often used">
          {common.map((zone) => (
            <option value={zone} selected={zone === value}>
              {timeZoneLabel(zone)}
            </option>
          ))}
        </optgroup>
        <optgroup label="All time zones">
          {supportedTimeZones()
            .filter((zone) => !common.includes(zone))
            .map((zone) => (
              <option value={zone}>{zone.replaceAll('_', ' ')}</option>
            ))}
        </optgroup>
      </select>
    </Field>
  );
};

const SendForms = ({ campaign, csrfToken, audience, schedule, errors }: { campaign: Campaign; csrfToken: string; audience: number; schedule: ScheduleValues; errors: Record<string, string> }) => (
  <section aria-labelledby="send-heading">
    <h2 id="send-heading">Send</h2>
    {audience === 0 ? (
      <p class="notice" id="audience-note">
        <strong>No confirmed subscriber matches the topics chosen now</strong>, so there is nobody to send it to. Choose other
        topics, or none for the whole list.
      </p>
    ) : (
      <p id="audience-note">
        It goes to the <strong>{people(audience)}</strong> on the list who match now (anyone who joins or leaves before it is sent
        is counted then). Each person gets it once.
      </p>
    )}
    <form method="post" action={campaignActionPath(campaign.id, 'send')}>
      <CsrfInput token={csrfToken} />
      <input type="hidden" name="when" value="now" />
      <button type="submit" aria-describedby="audience-note">
        {audience > 0 ? `Send now to ${people(audience)}` : 'Send now'}
      </button>
    </form>
    <form method="post" action={campaignActionPath(campaign.id, 'send')}>
      <CsrfInput token={csrfToken} />
      <input type="hidden" name="when" value="later" />
      <fieldset>
        <legend>
          <h3>Or schedule it</h3>
        </legend>
        <p class="hint" id="schedule-hint">
          It is sent by itself at this time, to whoever matches then. Until then you can cancel it.
        </p>
        <TextField name="date" label="Date" type="date" required error={errors.date} value={schedule.date} extraDescribedBy="schedule-hint" />
        <TextField name="time" label="Time" type="time" required error={errors.time} value={schedule.time} />
        <ZoneSelect value={schedule.timezone ?? 'UTC'} error={errors.timezone} />
        <button type="submit">Schedule</button>
      </fieldset>
    </form>
  </section>
);

const cancelWords: Partial<Record<CampaignStatus, { heading: string; note: string; button: string }>> = {
  draft: { heading: 'Discard this draft', note: 'Nothing was sent. A discarded draft stays in the list as cancelled.', button: 'Discard the draft' },
  scheduled: { heading: 'Cancel the scheduled sending', note: 'Nothing is sent. To send it later, copy it into a new draft.', button: 'Cancel the campaign' },
  paused: { heading: 'Cancel the rest of the sending', note: 'Nobody else gets it: everyone not sent yet ends as failed, “cancelled”. This cannot be undone.', button: 'Cancel the campaign' },
};

const CancelForm = ({ campaign, csrfToken }: { campaign: Campaign; csrfToken: string }) => {
  const words = cancelWords[campaign.status];
  if (!words) return null;
  return (
    <section aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">{words.heading}</h2>
      <p class="notice" id="cancel-note">
        {words.note}
      </p>
      <details>
        <summary>{words.heading}</summary>
        <form method="post" action={campaignActionPath(campaign.id, 'cancel')}>
          <CsrfInput token={csrfToken} />
          <button type="submit" aria-describedby="cancel-note">
            {words.button}
          </button>
        </form>
      </details>
    </section>
  );
};

const ResumeForm = ({ campaign, csrfToken }: { campaign: Campaign; csrfToken: string }) => (
  <section aria-labelledby="resume-heading">
    <h2 id="resume-heading">Resume</h2>
    <p id="resume-note">Sending goes on with those not sent yet. Nobody gets it twice.</p>
    <form method="post" action={campaignActionPath(campaign.id, 'resume')}>
      <CsrfInput token={csrfToken} />
      <button type="submit" aria-describedby="resume-note">
        Resume sending
      </button>
    </form>
  </section>
);

/* ------------------------------------------------------------------------------------------------
 * The page.
 * --------------------------------------------------------------------------------------------- */

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
        <dt>Status</dt>
        <dd>
          <span class="status">{campaignStatusLabels[status]}</span>
        </dd>
        <dt>Who gets it</dt>
        <dd>{topicNames.length ? `Subscribers who chose: ${topicNames.join(', ')}` : 'Everyone on the list'}</dd>
        {campaign.scheduledAt ? (
          <>
            <dt>{status === 'scheduled' ? 'Sends at' : 'Was scheduled for'}</dt>
            <dd>{when(campaign.scheduledAt, timeZone)}</dd>
          </>
        ) : null}
        {campaign.startedAt ? (
          <>
            <dt>Started</dt>
            <dd>{when(campaign.startedAt, timeZone)}</dd>
          </>
        ) : null}
        {campaign.finishedAt ? (
          <>
            <dt>Finished</dt>
            <dd>{when(campaign.finishedAt, timeZone)}</dd>
          </>
        ) : null}
        {campaign.cancelledAt ? (
          <>
            <dt>Cancelled</dt>
            <dd>{when(campaign.cancelledAt, timeZone)}</dd>
          </>
        ) : null}
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
