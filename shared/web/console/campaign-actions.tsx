import type { Campaign, CampaignStatus } from '../../campaigns/model';
import { supportedTimeZones, timeZoneLabel } from '../../kernel/zoned-time';
import { CsrfInput } from '../../ui/forms/csrf-input';
import { EmailField, Field, FieldError, TextField } from '../../ui/forms/fields';
import { people } from '../labels';
import { campaignActionPath } from './campaign-page';

/**
 * What an organizer can do with a campaign on its page, each a POST form with the session's CSRF
 * token: send a test, send now or schedule (drafts), cancel or discard, resume (paused).
 */

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

export const TestForm = ({ campaign, csrfToken, to, error }: { campaign: Campaign; csrfToken: string; to: string; error?: string }) => (
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

export const SendForms = ({ campaign, csrfToken, audience, schedule, errors }: { campaign: Campaign; csrfToken: string; audience: number; schedule: ScheduleValues; errors: Record<string, string> }) => (
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

export const CancelForm = ({ campaign, csrfToken }: { campaign: Campaign; csrfToken: string }) => {
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

export const ResumeForm = ({ campaign, csrfToken }: { campaign: Campaign; csrfToken: string }) => (
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
