/** What a page with a form knows about its last submission. */
export interface FormState {
  /** Field name to message. */
  errors?: Readonly<Record<string, string>>;
  /** A problem with the whole submission. */
  formError?: string;
  /** An explicit status; by default 400 with errors, else 200. */
  status?: number;
}

/**
 * The title and status of a page with a form, the same on every page: with an error the title says
 * so first ("Error: New workshop", read first by a screen reader and shown in the tab) and the page
 * answers 400, else the heading as it is and 200. Spread into the page shell's options.
 */
export const formPage = (heading: string, { errors, formError, status }: FormState = {}): { title: string; status: number } => {
  const failed = Boolean(formError) || Object.keys(errors ?? {}).length > 0;
  return { title: failed ? `Error: ${heading}` : heading, status: status ?? (failed ? 400 : 200) };
};
