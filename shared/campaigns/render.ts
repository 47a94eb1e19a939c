import { campaignMailLayout, TEST_SUBJECT_PREFIX } from './mails/campaign';
import { renderBody } from './markdown';
import { oneLine, type Campaign } from './model';

/**
 * One person's campaign mail: subject, plain text, sanitised HTML inside the mail layout, and the
 * RFC 8058 one-click unsubscribe headers. Pure and synchronous: the delivery engine calls it per
 * recipient, the console for its preview, the test send with links that belong to nobody.
 *
 * Merge field (Markdown body only, never the subject): `{{ name }}` is the person's display name,
 * or "friend" if they gave none; `{{ name | "fallback" }}` chooses the fallback. The name is
 * escaped in HTML and never goes into a link.
 */
export interface CampaignMailInput {
  campaign: Pick<Campaign, 'subject' | 'bodyMarkdown' | 'topics'>;
  subscriber: { displayName?: string };
  /** One-click unsubscribe (POST, RFC 8058) and the page with a button (GET). Absolute http(s). */
  unsubscribeUrl: string;
  /** The subscriber's preferences page. Absolute http(s). */
  preferencesUrl: string;
  /** Topic names of the campaign for the "why you get this" line; the slugs are shown without them. */
  topicNames?: readonly string[];
  /** A test send: "[Test] " before the subject and a visible note at the top. */
  test?: boolean;
}

export interface CampaignMail {
  subject: string;
  text: string;
  html: string;
  headers: { name: string; value: string }[];
}

/** A link we put in a header or a footer: absolute http(s), nothing that could break a header. */
const linkOrThrow = (url: string, what: string): string => {
  if (!/^https?:\/\/[^\s<>"\u0000-\u001f\u007f]+$/i.test(url)) throw new Error(`The ${what} link must be an absolute http(s) URL without spaces or control characters`);
  return url;
};

/** Never lets a stored subject break the mail's header, whatever wrote it (input refuses it already). */
const campaignSubject = (subject: string, test = false): string => `${test ? TEST_SUBJECT_PREFIX : ''}${oneLine(subject)}`;

export const renderCampaignMail = ({ campaign, subscriber, unsubscribeUrl, preferencesUrl, topicNames, test = false }: CampaignMailInput): CampaignMail => {
  const unsubscribe = linkOrThrow(unsubscribeUrl, 'unsubscribe');
  const preferences = linkOrThrow(preferencesUrl, 'preferences');
  const mail = campaignMailLayout({
    subject: campaignSubject(campaign.subject, test),
    body: renderBody(campaign.bodyMarkdown, subscriber.displayName),
    topicNames: topicNames ?? campaign.topics,
    unsubscribeUrl: unsubscribe,
    preferencesUrl: preferences,
    test,
  });
  return {
    ...mail,
    headers: [
      { name: 'List-Unsubscribe', value: `<${unsubscribe}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ],
  };
};
