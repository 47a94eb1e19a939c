import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { config } from '../../config';
import { discreetSender } from '../../mail/sender';
import { CrisisFooterHtml, crisisFooterText } from './footer';
import { mailStyle } from './style';

/**
 * What every mail shares: a neutral subject and preview line (no workshop title, no topic words:
 * inbox lists and lock screens are seen by others), a plain text part, an HTML part rendered by
 * preact-render-to-string (escaped), and the crisis footer at the very end of both parts.
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
  /** The From header, when not MAIL_FROM: a discreet mail's neutral sender. */
  from?: string;
}

/** Keeps clients from filling the preview with the first body text (which names the workshop). */
const previewPadding = '\u00a0\u200c'.repeat(80);

export interface MailOptions {
  subject: string;
  /** Neutral preview line shown in inbox lists; never the workshop title. */
  preview: string;
  /** Plain text paragraphs, in order; empty ones are dropped. */
  text: (string | false | null | undefined)[];
  /** The HTML body, from the heading on. */
  children: ComponentChildren;
  /** Discreet: sent under the neutral name (HEARTH_DISCREET_NAME), not MAIL_FROM's, which may name the topic. */
  discreet?: boolean;
}

export const renderMail = ({ subject, preview, text, children, discreet }: MailOptions): MailContent => {
  const paragraphs = text.filter((paragraph): paragraph is string => Boolean(paragraph && paragraph.trim()));
  const html = renderToString(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light only" />
        <title>{subject}</title>
      </head>
      <body style={mailStyle.body}>
        <div style={mailStyle.preheader} aria-hidden="true">
          {preview}
          {previewPadding}
        </div>
        <div role="article" aria-roledescription="email" aria-label={subject} lang="en" style={mailStyle.article}>
          {children}
          <p style={mailStyle.paragraph}>{config.orgName}</p>
          <CrisisFooterHtml />
        </div>
      </body>
    </html>,
  );
  return {
    subject,
    text: [...paragraphs, config.orgName, crisisFooterText()].join('\n\n') + '\n',
    html: `<!doctype html>${html}`,
    ...(discreet ? { from: discreetSender() } : {}),
  };
};

export const MailLink = ({ href, children }: { href: string; children?: ComponentChildren }) => (
  <a href={href} style={mailStyle.link}>
    {children ?? href}
  </a>
);

/** "Label: value" as one line of the details block. */
export const Detail = ({ label, children, preLine }: { label: string; children: ComponentChildren; preLine?: boolean }) => (
  <p style={preLine ? mailStyle.preLine : mailStyle.paragraph}>
    <strong>{label}:</strong> {children}
  </p>
);

export interface DetailsMailOptions {
  subject: string;
  /** The HTML heading and the start of the preview line; by default the subject. */
  heading?: string;
  /** What happened, in one paragraph; `leadHtml` when the HTML part marks part of it up. */
  lead: string;
  leadHtml?: ComponentChildren;
  /** The plain text paragraphs after the lead. */
  text: MailOptions['text'];
  /** The HTML after the lead. */
  children: ComponentChildren;
  discreet?: boolean;
}

/**
 * A mail about a place: a greeting (text), the heading, the lead, then the details. The preview
 * line is the heading and "The details are inside.", which names no workshop and no topic.
 */
export const renderDetailsMail = ({ subject, heading = subject, lead, leadHtml, text, children, discreet }: DetailsMailOptions): MailContent =>
  renderMail({
    subject,
    discreet,
    preview: `${heading}. The details are inside.`,
    text: ['Hello,', lead, ...text],
    children: (
      <>
        <h1 style={mailStyle.heading}>{heading}</h1>
        <p style={mailStyle.paragraph}>{leadHtml ?? lead}</p>
        {children}
      </>
    ),
  });
