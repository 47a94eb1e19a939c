import type { RecipientLine } from '../../campaigns/delivery/recipient-store';
import { countsOf, type Campaign, type CampaignCounts, type CampaignStatus } from '../../campaigns/model';
import { campaignActionPath, campaignPath } from './campaign-page';
import { TableHead } from '../../ui/table-head';

/**
 * How far a campaign's sending got, as the campaign page shows it: the progress bar and its summary
 * (also the JSON the live bar reads), the counts, the report after sending and the recipients who
 * did not get it.
 */

export const campaignStatusLabels: Record<CampaignStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  paused: 'Paused',
  sent: 'Sent',
  cancelled: 'Cancelled',
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
    <TableHead columns={['State', 'Number', 'What it means']} />
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
    <TableHead columns={['Feedback', 'Number']} />
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

export const Progress = ({ campaign, live }: { campaign: Campaign; live: boolean }) => {
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

export const Problems = ({ failed, suppressed }: { failed: readonly RecipientLine[]; suppressed: readonly RecipientLine[] }) =>
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
            <TableHead columns={['Address', 'Reason']} />
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
