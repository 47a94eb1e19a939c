import { config } from '../../config';
import { MailLink, renderMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';
import type { RenderedBody } from '../markdown';

/**
 * The layout of a campaign mail, around a body already rendered and sanitised (./markdown.ts):
 * an optional test note, the body, then the list footer (why the person gets it, preferences,
 * unsubscribe, the organisation's name and postal address), then the layout's sign-off and crisis
 * resources. Everything but the sanitised body is JSX, escaped by preact-render-to-string.
 */

export const TEST_SUBJECT_PREFIX = '[Test] ';

const testNote =
  'This is a test of a campaign mail. Only the address it was sent to got it. Its preferences and unsubscribe links belong to nobody on the list, so they change nothing.';

export interface CampaignMailLayout {
  subject: string;
  body: RenderedBody;
  /** Topic names of the campaign; empty: the whole list. */
  topicNames: readonly string[];
  unsubscribeUrl: string;
  preferencesUrl: string;
  test: boolean;
}

const joinNames = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** "You get this because you joined Hearth's mailing list (topics: funding and policy)." */
const whyLine = (topicNames: readonly string[]): string => {
  const list = `You get this because you joined the mailing list of ${config.orgName}`;
  return topicNames.length ? `${list} and chose the topics ${joinNames(topicNames)}.` : `${list}.`;
};

const preferencesLabel = 'Change your topics or leave the list';
const unsubscribeLabel = 'Unsubscribe';

/** "Sent by Riverside Peers, 12 Elm Street, Springfield, ST 00000." (a multi-line address on one line). */
const postalLine = (): string => `Sent by ${config.orgName}, ${config.orgPostalAddress.split(/\s*\n\s*/).filter(Boolean).join(', ')}.`;

const footerStyle = { marginTop: '32px', paddingTop: '16px', borderTop: '1px solid #b1b4b6' } as const;
const testNoteStyle = { margin: '0 0 16px', padding: '8px 16px', border: '2px solid #1b1b1b', background: '#fff7bf' } as const;

export const campaignMailLayout = ({ subject, body, topicNames, unsubscribeUrl, preferencesUrl, test }: CampaignMailLayout): MailContent => {
  const why = whyLine(topicNames);
  const postal = postalLine();
  return renderMail({
    subject,
    preview: `A message from ${config.orgName}.`,
    text: [
      test && `TEST: ${testNote}`,
      body.text,
      [
        '----',
        why,
        `${preferencesLabel}: ${preferencesUrl}`,
        `${unsubscribeLabel}: ${unsubscribeUrl}`,
        '',
        postal,
      ].join('\n'),
    ],
    children: (
      <>
        {test ? (
          <p style={testNoteStyle}>
            <strong>Test:</strong> {testNote}
          </p>
        ) : null}
        {/* The only raw HTML in any Hearth mail: sanitize-html's output (./markdown.ts sanitizeFragment), nothing else. */}
        <div dangerouslySetInnerHTML={{ __html: body.html }} />
        <div style={footerStyle}>
          <p style={mailStyle.paragraph}>{why}</p>
          <p style={mailStyle.paragraph}>
            <MailLink href={preferencesUrl}>{preferencesLabel}</MailLink>
            {' · '}
            <MailLink href={unsubscribeUrl}>{unsubscribeLabel}</MailLink>
          </p>
          <p style={mailStyle.paragraph}>{postal}</p>
        </div>
      </>
    ),
  });
};
