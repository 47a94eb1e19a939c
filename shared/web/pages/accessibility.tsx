import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import { renderPage } from '../../ui/page';

/** The accessibility statement. Update `statementDate` whenever its content changes. */
export const statementDate = { iso: '2026-11-27', text: 'November 27, 2026' } as const;

export const AccessibilityStatement = () => (
  <>
    <h1>Accessibility statement</h1>
    <p>
      {config.orgName} wants everyone to be able to find a workshop, register and cancel, whatever device or assistive
      technology they use.
    </p>

    <h2>Our target</h2>
    <p>
      We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA for this website and for the emails
      we send.
    </p>

    <h2>What you can do on this website</h2>
    <ul>
      <li>Use every page without JavaScript: the site does not use it.</li>
      <li>Use a keyboard only. Every link, field and button can be reached with the Tab key, and the focus is clearly visible. The first link on each page skips straight to the main content.</li>
      <li>Zoom the text up to 400% without losing content or having to scroll sideways, and use the site on a screen as narrow as 320 pixels.</li>
      <li>Use a screen reader: every form field has a label, and errors are announced and shown next to the field they are about.</li>
      <li>Use your own colours, for example high contrast or forced colours mode. Without them, text has a contrast of at least 4.5 to 1 with its background.</li>
      <li>Browse without animations: the site has none and follows a reduced-motion setting.</li>
    </ul>

    <h2>Emails and calendar files</h2>
    <p>
      Every email has a plain text version. Times are given in the workshop&apos;s own time zone, with the name of the
      zone, and a calendar file lets your calendar show the time in your own zone.
    </p>

    <h2>Known limits</h2>
    <p>This website has not yet been audited by an independent accessibility expert.</p>

    <h2>Tell us about a problem</h2>
    <p>
      If something on this website or in our emails is hard or impossible for you to use, please tell the organizers of
      your workshop. Say which page or email it was and what happened. The organizers will
      look into it and, where they can, fix it.
    </p>

    <h2>About this statement</h2>
    <p>
      This statement was written on <time dateTime={statementDate.iso}>{statementDate.text}</time>.
    </p>
  </>
);

export const accessibilityPage = (): HttpResult =>
  renderPage({ title: 'Accessibility statement', children: <AccessibilityStatement /> });
