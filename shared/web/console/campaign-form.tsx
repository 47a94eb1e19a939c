import type { CampaignMail } from '../../campaigns/render';
import { BODY_MAX, SUBJECT_MAX } from '../../campaigns/model';
import type { Topic } from '../../mailing-list/model';
import { TextAreaField, TextField } from '../../ui/forms/fields';
import { CheckboxGroup } from '../../ui/forms/checkboxes';
import { campaignPath, campaignsPath } from './campaign-page';
import { CsrfInput } from '../../ui/forms/csrf-input';
import { topicFieldName, type CampaignFormValues } from './campaign-input';

/**
 * Writing a campaign: subject, Markdown message, topics, and a preview of the mail as it will be
 * sent (the HTML in a sandboxed frame, and the plain-text part). Works without JavaScript: "Preview"
 * posts the form and the page comes back with the typed values and the preview under them; "Save
 * draft" stores it. Nothing here sends anything.
 */

export const markdownHint = (
  <>
    Markdown: <code>**bold**</code>, <code>_italic_</code>, <code>[words](https://example.org)</code> for a link, a line starting
    with <code>- </code> for a list, <code>## </code> for a heading. Links must start with https://, http:// or mailto:; images
    (<code>![description](https://…)</code>) only from https://. <code>{'{{ name | "friend" }}'}</code> puts in each person’s name,
    or “friend” if they gave none. Scripts, styles and forms are removed. At most {BODY_MAX.toLocaleString('en-US')} characters.
  </>
);

export interface CampaignFormProps {
  csrfToken: string;
  /** The draft being edited; none for a new one. */
  campaignId?: string;
  /** For a new campaign: the id it will be saved under (pressing "Save draft" twice saves one draft). */
  draftId?: string;
  topics: readonly Topic[];
  values: CampaignFormValues;
  errors: Record<string, string>;
}

export const TopicChoices = ({ topics, chosen, error }: { topics: readonly Topic[]; chosen: readonly string[]; error?: string }) => (
  <CheckboxGroup
    name="topics"
    legend={<strong>Who gets it</strong>}
    legendId="topics"
    hint="Everyone on the list who confirmed their address and chose at least one of the topics you tick. Tick none to send to everyone on the list."
    error={error}
    choices={topics.map((topic) => ({ name: topicFieldName(topic.slug), value: 'on', id: `topic-${topic.slug}`, label: topic.name, checked: chosen.includes(topic.slug) }))}
    empty={
      <p>
        There are no topics yet, so it goes to everyone on the list. <a href="/console/topics">Add topics</a>.
      </p>
    }
  />
);

export const CampaignForm = ({ csrfToken, campaignId, draftId, topics, values, errors }: CampaignFormProps) => (
  <form method="post" action={campaignId ? campaignPath(campaignId) : campaignsPath}>
    <CsrfInput token={csrfToken} />
    {draftId ? <input type="hidden" name="draftId" value={draftId} /> : null}
    <TextField
      name="subject"
      label="Subject"
      hint="Shown in inbox lists and on lock screens, where others may see it: keep it neutral. One line. People’s names are never put in the subject."
      error={errors.subject}
      required
      maxLength={SUBJECT_MAX}
      value={values.subject}
    />
    <TextAreaField name="bodyMarkdown" label="Message" hint={markdownHint} error={errors.bodyMarkdown} rows={16} required maxLength={BODY_MAX} value={values.bodyMarkdown} />
    <TopicChoices topics={topics} chosen={values.topics ?? []} error={errors.topics} />
    <p class="hint" id="save-hint">
      Every mail ends with why the person gets it, a link to change their topics, a one-click unsubscribe link, your
      organisation’s name and postal address, and the crisis resources.
    </p>
    <p>
      <button type="submit" name="action" value="preview" class="button-secondary">
        Preview
      </button>{' '}
      <button type="submit" name="action" value="save" aria-describedby="save-hint">
        Save draft
      </button>
    </p>
  </form>
);

/** The mail as it will be sent: subject, the HTML in a sandboxed frame, the plain-text part. */
export const MailPreview = ({ mail, note }: { mail: CampaignMail; note?: string }) => (
  <section aria-labelledby="preview-heading">
    <h2 id="preview-heading">Preview</h2>
    <p class="hint">
      {note ??
        'As someone without a display name sees it (the name field shows its fallback). The links at the bottom go to the list’s pages but belong to nobody.'}
    </p>
    <dl class="facts">
      <dt>Subject</dt>
      <dd>{mail.subject}</dd>
    </dl>
    {/* srcdoc is an attribute, escaped like any other; sandbox="" runs no script and gives the frame no origin. */}
    <iframe title="Preview of the email" sandbox="" srcdoc={mail.html} width="100%" height="640" />
    <details>
      <summary>Plain-text version</summary>
      <div class="pre-line">{mail.text}</div>
    </details>
  </section>
);
