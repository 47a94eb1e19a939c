/** The session's CSRF token, sent back with every console form that changes something. */
export const CsrfInput = ({ token }: { token: string }) => <input type="hidden" name="csrf" value={token} />;
