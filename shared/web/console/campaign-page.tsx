import { createHash } from 'node:crypto';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { decodeBasicEntities } from '../../campaigns/markdown';
import { htmlDocument, type HttpResult } from '../../http/response';
import { Document, styleHash } from '../../ui/page';
import { ConsoleHeader, consoleRobots, type ConsoleOrganizer } from './layout';

/**
 * The document of the console's campaign pages: the console shell (renderPage's document and
 * header) with a Content-Security-Policy that allows exactly what these pages add, and nothing else:
 *
 * - the mail preview: a sandboxed `<iframe srcdoc>` (no scripts, no same origin). It inherits this
 *   policy, so each inline style of the mail is allowed by its own hash ('unsafe-hashes' for style
 *   attributes only: the mail's own styles, never a style someone typed, which the sanitiser drops),
 *   and images from https (campaign images) are allowed;
 * - the live progress bar: one constant inline script, allowed by its hash, that fetches the
 *   campaign's counts from the same origin every few seconds. Without JavaScript a Refresh link does
 *   the same.
 */
const sha256 = (value: string) => `'sha256-${createHash('sha256').update(value, 'utf8').digest('base64')}'`;

/** The hash of every distinct style attribute in an HTML document (a rendered mail), as the browser reads its value. */
export const styleAttributeHashes = (html: string): string[] =>
  [...new Set([...html.matchAll(/\sstyle="([^"]*)"/g)].map((match) => decodeBasicEntities(match[1]!)))].map(sha256).sort();

/**
 * Keeps the progress bar of a sending campaign current: every 3 seconds it reads
 * `data-source` (JSON counts), moves the bar and the numbers, and rewrites the polite live summary
 * when it changed (at most every 15 seconds, and when the sending ends), so a screen reader is not
 * flooded. It stops when the campaign is no longer sending. A constant: no data is ever put in it.
 */
export const progressScript = `(() => {
  const bar = document.getElementById('campaign-progress');
  const summary = document.getElementById('campaign-progress-summary');
  if (!bar || !summary || !bar.dataset.source) return;
  let spoken = 0;
  const tick = async () => {
    let data;
    try {
      const response = await fetch(bar.dataset.source, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      data = await response.json();
    } catch {
      setTimeout(tick, 10000);
      return;
    }
    bar.max = Math.max(1, data.counts.recipients);
    bar.value = data.done;
    for (const [name, value] of Object.entries(data.counts)) {
      for (const cell of document.querySelectorAll('[data-count="' + name + '"]')) cell.textContent = Number(value).toLocaleString('en-US');
    }
    const ended = data.status !== 'sending';
    if (summary.textContent !== data.summary && (ended || Date.now() - spoken >= 15000)) {
      summary.textContent = data.summary;
      spoken = Date.now();
    }
    if (!ended) setTimeout(tick, 3000);
  };
  setTimeout(tick, 3000);
})();`;

export const progressScriptHash = sha256(progressScript);

export interface CampaignPolicyOptions {
  /** Rendered mails shown in preview iframes: their style attributes are allowed by hash. */
  previews?: readonly string[];
  /** The live progress script runs on this page. */
  live?: boolean;
}

export const campaignPagePolicy = ({ previews = [], live = false }: CampaignPolicyOptions = {}): string => {
  const styleHashes = [...new Set(previews.flatMap(styleAttributeHashes))];
  return [
    "default-src 'none'",
    `style-src '${styleHash}'`,
    ...(styleHashes.length ? [`style-src-attr 'unsafe-hashes' ${styleHashes.join(' ')}`] : []),
    previews.length ? "img-src 'self' data: https:" : "img-src 'self' data:",
    ...(live ? [`script-src ${progressScriptHash}`, "connect-src 'self'"] : []),
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
};

export const campaignsPath = '/console/campaigns';
export const newCampaignPath = `${campaignsPath}/new`;
export const campaignPath = (id: string) => `${campaignsPath}/${encodeURIComponent(id)}`;
export const campaignActionPath = (id: string, action: 'test' | 'send' | 'cancel' | 'resume' | 'progress') => `${campaignPath(id)}/${action}`;

export interface CampaignPageProps extends CampaignPolicyOptions {
  title: string;
  status?: number;
  organizer: ConsoleOrganizer;
  csrfToken: string;
  children: ComponentChildren;
}

/** A console page of the campaign pages (nav: Campaigns), with the policy its previews and script need. */
export const campaignConsolePage = ({ title, status = 200, organizer, csrfToken, children, previews, live }: CampaignPageProps): HttpResult =>
  htmlDocument(
    status,
    `<!doctype html>${renderToString(
      <Document title={title} robots={consoleRobots} header={<ConsoleHeader organizer={organizer} csrfToken={csrfToken} current={campaignsPath} />}>
        {children}
        {/* A constant (progressScript), allowed by its hash; never data. */}
        {live ? <script dangerouslySetInnerHTML={{ __html: progressScript }} /> : null}
      </Document>,
    )}`,
    campaignPagePolicy({ ...(previews ? { previews } : {}), live: Boolean(live) }),
  );
