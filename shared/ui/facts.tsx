import type { ComponentChildren } from 'preact';
import { formatDate, formatDateTime } from '../kernel/zoned-time';

/**
 * One term and its value in a `<dl class="facts">`. An optional fact (a facilitator, a date that
 * has not happened yet) is written the same way: without a value it renders nothing, not an empty
 * `<dd>`.
 */
export const Fact = ({ term, children }: { term: string; children?: ComponentChildren }) =>
  children === undefined || children === null || children === false || children === '' ? null : (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );

/** An instant as a `<time>`: machine-readable in `dateTime`, shown in `zone` as a date and time, or as a date alone. */
export const Time = ({ at, zone, dateOnly = false }: { at: string; zone: string; dateOnly?: boolean }) => (
  <time dateTime={at}>{dateOnly ? formatDate(at, zone) : formatDateTime(at, zone)}</time>
);
