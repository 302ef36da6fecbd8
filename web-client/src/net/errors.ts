/** A failed action: HTTP status, the field it concerns (register/login forms) and the server's detail. */
export class ActionError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }
}

/** An application/problem+json answer as ActionError carrying the server's detail (or title, or the status line). */
export function problem(status: number, statusText: string, body: string): ActionError {
  let detail = '';
  try {
    const p = JSON.parse(body) as { detail?: unknown; title?: unknown };
    if (typeof p.detail === 'string' && p.detail) detail = p.detail;
    else if (typeof p.title === 'string' && p.title) detail = p.title;
  } catch {
    // not JSON: fall through
  }
  return new ActionError(status, detail || `HTTP ${status}${statusText ? ` ${statusText}` : ''}`);
}
