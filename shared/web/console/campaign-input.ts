/**
 * Reading the console's campaign form (campaign-form.tsx shows it): the subject, the Markdown
 * message and one checkbox per topic. The handler validates the values with the campaign schema.
 */

export const campaignFormFields = [
  { name: 'subject', label: 'Subject' },
  { name: 'bodyMarkdown', label: 'Message' },
  { name: 'topics', label: 'Who gets it' },
] as const;

export interface CampaignFormValues {
  subject?: string;
  bodyMarkdown?: string;
  /** Chosen topic slugs. */
  topics?: string[];
}

/** A topic's checkbox: one field per topic (`topic:<slug>`), as forms keep only one value per name. */
export const topicFieldName = (slug: string) => `topic:${slug}`;

/** The form's values as typed: textarea line breaks as \n, the topics ticked. */
export const readCampaignForm = (form: Record<string, string>): CampaignFormValues => ({
  subject: form.subject ?? '',
  bodyMarkdown: (form.bodyMarkdown ?? '').replace(/\r\n?/g, '\n'),
  topics: Object.keys(form)
    .filter((name) => name.startsWith('topic:') && form[name] !== '')
    .map((name) => name.slice('topic:'.length))
    .filter(Boolean),
});
