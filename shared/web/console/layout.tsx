import type { ComponentChildren } from 'preact';
import type { HttpResult } from '../../http/response';
import { renderPage } from '../../ui/page';
import { CsrfInput } from '../../ui/forms/csrf-input';
import { formPage, type FormState } from '../../ui/forms/form-page';

/**
 * The organizer console's page shell: the public document (skip link, crisis footer, CSP) from
 * renderPage, kept out of search engines, with a header that says who is signed in, links to the
 * console's pages and a sign-out form. Signing out is a POST with the CSRF token (never a link, so
 * nothing that prefetches links can sign someone out).
 */

export type OrganizerRole = 'admin' | 'organizer';

export interface ConsoleOrganizer {
  email: string;
  role: OrganizerRole;
}

export interface ConsoleNavLink {
  href: string;
  label: string;
}

/** Every console page asks search engines to stay away. */
export const consoleRobots = 'noindex';

const everyoneLinks: ConsoleNavLink[] = [
  { href: '/console', label: 'Dashboard' },
  { href: '/console/subscribers', label: 'Subscribers' },
  { href: '/console/topics', label: 'Topics' },
  { href: '/console/campaigns', label: 'Campaigns' },
];
const adminLinks: ConsoleNavLink[] = [
  { href: '/console/organizers', label: 'Organizers' },
  { href: '/console/api-keys', label: 'API keys' },
  { href: '/console/audit', label: 'Audit log' },
  { href: '/console/people', label: 'People’s data' },
];

/** The header links this role sees, in order. Admins get the organizer, API key and audit pages too. */
export const consoleNavLinks = (role: OrganizerRole): ConsoleNavLink[] =>
  role === 'admin' ? [...everyoneLinks, ...adminLinks] : everyoneLinks;

export const ConsoleHeader = ({ organizer, csrfToken, current }: { organizer: ConsoleOrganizer; csrfToken: string; current?: string }) => (
  <div class="console-bar">
    <nav class="console-nav" aria-label="Organizer pages">
      <ul>
        {consoleNavLinks(organizer.role).map((link) => (
          <li>
            <a href={link.href} aria-current={link.href === current ? 'page' : undefined}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
    <div class="console-user">
      <p>
        Signed in as <strong>{organizer.email}</strong>
      </p>
      <form method="post" action="/console/sign-out">
        <CsrfInput token={csrfToken} />
        <button type="submit" class="button-secondary">
          Sign out
        </button>
      </form>
    </div>
  </div>
);

export interface ConsolePageProps {
  title: string;
  status?: number;
  organizer: ConsoleOrganizer;
  /** The session's CSRF token; every form in the console posts it back as `csrf`. */
  csrfToken: string;
  /** The nav link of the page being shown (e.g. '/console'), marked with aria-current="page". */
  current?: string;
  children: ComponentChildren;
}

/** A page for a signed-in organizer. */
export const consolePage = ({ title, status, organizer, csrfToken, current, children }: ConsolePageProps): HttpResult =>
  renderPage({
    title,
    status,
    robots: consoleRobots,
    header: <ConsoleHeader organizer={organizer} csrfToken={csrfToken} current={current} />,
    children,
  });

/** A console page with a form: `formPage`'s title and status from the last submission, the console's chrome around `children`. */
export const consoleFormPage = (heading: string, page: FormState & Omit<ConsolePageProps, 'title' | 'status' | 'children'>, children: ComponentChildren): HttpResult =>
  consolePage({ ...formPage(heading, page), organizer: page.organizer, csrfToken: page.csrfToken, current: page.current, children });

/** A console page for someone not signed in (sign-in and sign-out pages): no console header. */
export const consoleSignedOutPage = ({ title, status, children }: { title: string; status?: number; children: ComponentChildren }): HttpResult =>
  renderPage({ title, status, robots: consoleRobots, children });
