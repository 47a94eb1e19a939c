import { createHash } from 'node:crypto';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { config, type CrisisResource } from '../config';
import { htmlDocument, type HttpResult } from '../http/response';
import { siteCss } from './styles';
import { crisisStatement, safeHref } from './crisis';

/**
 * The document shell of every page, public and organizer console: skip link, header, main, and the
 * crisis footer that must be on every page. Rendered by preact-render-to-string, which escapes text and attributes.
 */

/** The hash the CSP allows; computed from the exact bytes placed in the <style> element. */
export const styleHash = `sha256-${createHash('sha256').update(siteCss, 'utf8').digest('base64')}`;

export const contentSecurityPolicy = [
  "default-src 'none'",
  `style-src '${styleHash}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface PageOptions {
  /** What the page is about; the org name is appended for the browser tab. */
  title: string;
  status?: number;
  children: ComponentChildren;
  lang?: string;
  /** A robots meta directive, e.g. 'noindex' for the organizer console. Public pages leave it out. */
  robots?: string;
  /** Extra content of the site header after the org name (the console's navigation and sign-out). */
  header?: ComponentChildren;
}

const CrisisItem = ({ resource }: { resource: CrisisResource }) => {
  const href = safeHref(resource.url);
  return (
    <li>
      {href ? <a href={href}>{resource.name}</a> : <strong>{resource.name}</strong>}: {resource.contact}
    </li>
  );
};

export const CrisisFooter = () => (
  <footer class="site-footer">
    <div class="wrap">
      <section aria-labelledby="crisis-heading">
        <h2 id="crisis-heading">Need help now?</h2>
        <p>{crisisStatement}</p>
        <ul class="crisis-list">
          {config.crisisResources.map((resource) => (
            <CrisisItem resource={resource} />
          ))}
        </ul>
      </section>
      <p>
        <a href="/about/accessibility">Accessibility statement</a>
        {' · '}
        <a href="/privacy">Privacy</a>
      </p>
    </div>
  </footer>
);

export const Document = ({ title, children, lang = 'en', robots, header }: Omit<PageOptions, 'status'>) => (
  <html lang={lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {robots ? <meta name="robots" content={robots} /> : null}
      <title>{`${title} – ${config.orgName}`}</title>
      {/* A constant stylesheet, never user data; set raw so CSS quotes and `>` are not escaped. */}
      <style dangerouslySetInnerHTML={{ __html: siteCss }} />
    </head>
    <body>
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="site-header">
        <div class="wrap">
          <a class="site-name" href="/">
            {config.orgName}
          </a>
          {header}
        </div>
      </header>
      <main id="main" class="wrap">
        {children}
      </main>
      <CrisisFooter />
    </body>
  </html>
);

export const renderPage = ({ title, status = 200, children, lang = 'en', robots, header }: PageOptions): HttpResult =>
  htmlDocument(
    status,
    `<!doctype html>${renderToString(
      <Document title={title} lang={lang} robots={robots} header={header}>
        {children}
      </Document>,
    )}`,
    contentSecurityPolicy,
  );
