import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { RequestContext } from '../context';
import { AppError } from '../errors/app-errors';
import { INTERNAL_MESSAGE } from '../errors/format-error';
import { RequestAbandoned } from '../db/request-db';
import type { Logger } from '../logging/logger';

/** What the caller is told instead of the answer when the request's transaction did not commit. */
export interface CommitFailure {
  error: GraphQLError;
  status: number;
  retryAfterSeconds?: number;
  /** The caller went away before the COMMIT was sent and the transaction was rolled back: no fault, and nobody to tell. */
  abandoned?: true;
}

/**
 * Commits the request's transaction (core/db/request-db.ts). Null when it committed, or
 * there was none. Otherwise the answer the caller gets instead of the one computed: nothing
 * the request did was kept, so no part of that answer may claim otherwise.
 */
export async function commitRequest(ctx: RequestContext | undefined, logger: Logger): Promise<CommitFailure | null> {
  const db = ctx?.requestDb;
  if (!db) return null;
  try {
    await db.commit();
    return null;
  } catch (err) {
    // Rolled back because the caller went away (app.ts): expected, and logged once as an
    // aborted request by the transport, not as a failure to commit.
    if (err instanceof RequestAbandoned) {
      return { error: new GraphQLError(INTERNAL_MESSAGE, { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: ctx.requestId } }), status: 500, abandoned: true };
    }
    if (err instanceof AppError && err.extensions.code === 'SERVICE_UNAVAILABLE') {
      return { error: new GraphQLError(err.message, { extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 } }), status: 503, retryAfterSeconds: 2 };
    }
    logger.error({ requestId: ctx.requestId, err: err instanceof Error ? err.message : String(err) }, 'request transaction did not commit');
    // The request's id, as in the log line: a user's report can then be found there.
    return { error: new GraphQLError(INTERNAL_MESSAGE, { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: ctx.requestId } }), status: 500 };
  }
}

/**
 * Apollo (HTTP): the request's COMMIT is written as soon as execution is over, before Apollo
 * serialises the answer; graphql-http.ts waits for its outcome (commitRequest) before the
 * answer leaves, and sends the failure instead when there is one.
 */
export function requestTransactionPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ contextValue }) => {
        await contextValue.requestDb?.sendCommit();
      },
    }),
  };
}
