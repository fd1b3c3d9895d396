import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import type { RequestContext } from '../context';
import type { Logger } from '../logging/logger';
import { requestScope } from '../logging/request-scope';
import type { Metrics } from './metrics';
import { commitRequest } from './request-transaction';

/**
 * `POST /graphql` (and GET) over Express: Apollo runs the operation, and the answer leaves
 * only once the request's transaction has committed (request-transaction.ts). Apollo's
 * plugin writes the COMMIT as soon as execution is over, and this handler waits for its
 * outcome after Apollo has serialised the answer, so the serialising overlaps PostgreSQL's
 * flush of the commit instead of following it. Should the commit fail, the caller gets that
 * error in place of the answer: nothing the request did was kept.
 *
 * A caller that goes away before the answer (a browser closed mid-request) has its
 * transaction rolled back then (app.ts); the request is logged once, at info, as aborted,
 * and counted as such (samplan_graphql_aborted_total), not as errors.
 *
 * Otherwise what Apollo's Express integration does, except that the body is written as it
 * is, without Express computing an ETag for an answer that may never be stored anyway.
 */
export function graphqlHttpHandler(
  apollo: ApolloServer<RequestContext>,
  createContext: (req: Request, res: Response) => Promise<RequestContext>,
  deps: { logger: Logger; metrics?: Metrics },
): RequestHandler {
  apollo.assertStarted('graphqlHttpHandler()');
  return async (req, res) => {
    const started = (res.locals.started as bigint | undefined) ?? process.hrtime.bigint();
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const query = req.url.indexOf('?');
    let context: RequestContext | undefined;
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: query >= 0 ? req.url.slice(query) : '', body: req.body },
      context: async () => (context = await createContext(req, res)),
    });
    const failure = await commitRequest(context, deps.logger);
    // app.ts marks the request's scope when its connection closes before the answer.
    if (requestScope.getStore()?.callerGone) {
      // An expected event, not a fault: whatever of it failed failed because its transaction
      // was rolled back, and was neither logged nor counted as an error. A COMMIT that had
      // already gone out when the caller left ends as it ends ('committed'), and one that then
      // failed for a reason of its own was logged as an error by commitRequest.
      const db = context?.requestDb;
      deps.logger.info({
        requestId: res.locals.requestId,
        operation: res.locals.operationName,
        userId: res.locals.userId,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        ...(db?.used ? { transaction: failure ? 'rolled back' : 'committed' } : {}),
      }, 'request aborted: the caller went away before the answer');
      deps.metrics?.aborted();
      if (failure && !failure.abandoned) deps.metrics?.countError(failure.error.extensions);
      return;
    }
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    if (failure) {
      // Sent to the client like any error, so counted like one.
      deps.metrics?.countError(failure.error.extensions);
      res.statusCode = failure.status;
      if (failure.retryAfterSeconds) res.setHeader('retry-after', String(failure.retryAfterSeconds));
      res.end(`${JSON.stringify({ errors: [failure.error.toJSON()] })}\n`);
      return;
    }
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.end(answer.body.string);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
