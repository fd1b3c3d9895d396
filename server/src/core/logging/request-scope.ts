import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The HTTP request being answered, for code the request's id is not handed to: Apollo calls
 * its error formatter without the context, and an internal error's answer and log line must
 * both carry the id the client got in `x-request-id`, so a report can be matched to the log.
 * `callerGone`: the connection closed before the answer was written (set by core/http/app.ts),
 * so what fails afterwards because the request's transaction was rolled back is no fault.
 */
export const requestScope = new AsyncLocalStorage<{ requestId: string; callerGone?: boolean }>();
