import * as z from 'zod/mini';
import '../zod-locale';
import { mergeFieldOutsideText } from './markdown';
import { CampaignChanges, NewCampaign } from './model';

/**
 * A campaign as organizers send it (the API and the console): the shapes of ./model, and merge
 * fields in text only. A name must never end up in a URL, so `{{ name }}` in a link's address, an
 * image, an HTML attribute or link-like text is refused. Apart from ./model because the check needs
 * the Markdown parser, which most campaign functions do not load.
 */
export const MERGE_FIELD_OUTSIDE_TEXT =
  "Use merge fields such as {{ name }} in text only (a link's words are fine): not in a link's address, an image or an HTML attribute, where a name would end up in a URL";

const mergeFieldsInText = z.refine<{ bodyMarkdown?: string }>((campaign) => typeof campaign.bodyMarkdown !== 'string' || !mergeFieldOutsideText(campaign.bodyMarkdown), {
  message: MERGE_FIELD_OUTSIDE_TEXT,
  path: ['bodyMarkdown'],
});

export const NewCampaignInput = NewCampaign.check(mergeFieldsInText);
export const CampaignChangesInput = CampaignChanges.check(mergeFieldsInText);

/**
 * zod issues as `{ "path.to.field": "message" }`, the first message per field: the same flattening
 * as the edge's `fieldErrors` (shared/http/errors.ts), which the domain may not import.
 */
export const issueFields = (error: z.core.$ZodError): Record<string, string> => {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= 'Unknown field';
      continue;
    }
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
};
