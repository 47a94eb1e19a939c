import { describe, expect, it } from 'vitest';
import { calendarDownload, noCalendarPage } from '../../../shared/web/pages/calendar';
import { publicWorkshop } from '../web/fixtures';
import { text } from '../web/html';

/** The answers of GET /registrations/calendar, the "Add to calendar" link in reminders. */
describe('the calendar link’s answers', () => {
  it('serves the file as a download that is never cached and names no workshop', () => {
    const answer = calendarDownload('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers).toMatchObject({
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="invite.ics"',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    expect(answer.body).toBe('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  });

  it.each([
    ['registration-cancelled', 'This registration is cancelled', /register again/],
    ['workshop-cancelled', 'This workshop is cancelled', /organizers cancelled this workshop/],
  ] as const)('explains %s on a page with the crisis resources, instead of a file', (reason, heading, says) => {
    const answer = noCalendarPage({ workshop: publicWorkshop({ cancelled: reason === 'workshop-cancelled' }), reason });
    expect(answer.statusCode).toBe(410);
    expect(String(answer.headers?.['content-type'])).toMatch(/^text\/html/);
    const html = answer.body!;
    expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toMatch(/<title>This (registration|workshop) is cancelled – /);
    expect(text(html)).toMatch(says);
    expect(text(html)).toContain('Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time');
    expect(text(html)).toContain('Need help now?');
    expect(html.match(/<h1\b/g)).toHaveLength(1);
  });
});
