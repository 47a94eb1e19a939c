import type { Campaign } from '../../campaigns/model';
import type { CampaignMail } from '../../campaigns/render';
import type { HttpResult } from '../../http/response';
import type { Topic } from '../../mailing-list/model';
import { formatDateTime } from '../../kernel/zoned-time';
import { people } from '../labels';
import { campaignStatusLabels, progressOf } from './campaign-progress';
import { CampaignForm, MailPreview } from './campaign-form';
import { campaignFormFields, type CampaignFormValues } from './campaign-input';
import { campaignConsolePage, campaignPath, campaignsPath, newCampaignPath } from './campaign-page';
import type { ConsoleOrganizer } from './layout';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { formPage } from '../../ui/forms/form-page';
import { TableHead } from '../../ui/table-head';

/** The console's list of campaigns (newest first) and the page to write a new one. */

export interface CampaignListProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  campaigns: readonly Campaign[];
  topicNames: (slugs: readonly string[]) => string[];
  timeZone: string;
}

/** What a campaign's row says about where it is. */
const stateOf = (campaign: Campaign, timeZone: string): string => {
  switch (campaign.status) {
    case 'draft':
      return 'Not sent';
    case 'scheduled':
      return campaign.scheduledAt ? `Sends ${formatDateTime(campaign.scheduledAt, timeZone)}` : 'Scheduled';
    case 'cancelled':
      return campaign.startedAt ? progressOf(campaign).summary : 'Nothing sent';
    default:
      return progressOf(campaign).summary;
  }
};

export const CampaignListView = ({ campaigns, topicNames, timeZone }: Omit<CampaignListProps, 'organizer' | 'csrfToken'>) => (
  <>
    <h1>Campaigns</h1>
    <p>Mailings to the people on your list who chose to hear from you. Each person gets a campaign once, and can leave the list with one click.</p>
    <p>
      <a class="action-link" href={newCampaignPath}>
        Write a new campaign
      </a>
    </p>
    {campaigns.length === 0 ? (
      <p>No campaigns yet.</p>
    ) : (
      <table>
        <caption class="hint">Newest first.</caption>
        <TableHead columns={['Subject', 'Status', 'Who gets it', 'Where it is']} />
        <tbody>
          {campaigns.map((campaign) => {
            const names = topicNames(campaign.topics);
            return (
              <tr>
                <td>
                  <a href={campaignPath(campaign.id)}>{campaign.subject}</a>
                </td>
                <td>{campaignStatusLabels[campaign.status]}</td>
                <td>{names.length ? names.join(', ') : 'Everyone'}</td>
                <td>{stateOf(campaign, timeZone)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    )}
  </>
);

export const campaignListPage = ({ organizer, csrfToken, ...props }: CampaignListProps): HttpResult =>
  campaignConsolePage({ title: 'Campaigns', organizer, csrfToken, children: <CampaignListView {...props} /> });

export interface ComposePageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  draftId: string;
  topics: readonly Topic[];
  values: CampaignFormValues;
  errors?: Record<string, string>;
  formError?: string;
  /** The mail as it would be sent ("Preview"). */
  preview?: CampaignMail;
  /** How many confirmed subscribers match the chosen topics now (with a preview). */
  audience?: number;
  status?: number;
}

export const ComposeView = ({ csrfToken, draftId, topics, values, errors = {}, formError, preview, audience }: Omit<ComposePageProps, 'organizer' | 'status'>) => (
  <>
    <ErrorSummary errors={errors} formError={formError} fields={campaignFormFields} />
    <p>
      <a href={campaignsPath}>All campaigns</a>
    </p>
    <h1>New campaign</h1>
    <p>It is saved as a draft. Nothing is sent until you send or schedule it, and you can send yourself a test first.</p>
    <CampaignForm csrfToken={csrfToken} draftId={draftId} topics={topics} values={values} errors={errors} />
    {preview ? (
      <>
        {audience !== undefined ? (
          <p role="status">{audience > 0 ? `It would go to ${people(audience)} on the list now.` : 'No confirmed subscriber matches these topics now.'}</p>
        ) : null}
        <MailPreview mail={preview} />
      </>
    ) : null}
  </>
);

export const composePage = ({ organizer, status, ...props }: ComposePageProps): HttpResult => {
  return campaignConsolePage({
    ...formPage('New campaign', { errors: props.errors, formError: props.formError, status }),
    organizer,
    csrfToken: props.csrfToken,
    previews: props.preview ? [props.preview.html] : [],
    children: <ComposeView {...props} />,
  });
};
