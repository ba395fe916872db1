/**
 * Upstream calls that spend a budget: each document's call is reserved before it goes out, and the
 * reservation settled with the outcome once it is back. Wraps the loaders' call functions, which run
 * only for documents the cache did not answer and nobody else is already fetching: a cache hit or a
 * de-duplication follower reserves nothing. The gate (prices, the tenant's budget) comes from above.
 */
import { GraphQLError } from 'graphql';
import type { BedrockResult, DocumentRef, SageMakerResult } from './analysis-results.js';
import type { SageMakerDocument } from './sagemaker/sagemaker.datasource.js';

/** Settles one document's reservation with what its call returned (a result or an error). */
export interface PaidCall<R> {
  settle(outcome: R | GraphQLError): Promise<void>;
}

export interface SpendGate<D, R> {
  /** Before the call: the reservation to settle afterwards, or the error that refuses this document. */
  reserve(document: D): Promise<PaidCall<R> | GraphQLError>;
}

/** What a request's loaders spend through; absent when no budget is set. */
export interface RequestSpend {
  bedrock: SpendGate<DocumentRef, BedrockResult>;
  sagemaker(endpoint: string): SpendGate<SageMakerDocument, SageMakerResult>;
}

type Call<D, R> = (documents: readonly D[]) => Promise<Array<R | GraphQLError>>;

const isRefusal = <R>(hold: PaidCall<R> | GraphQLError): hold is GraphQLError => hold instanceof GraphQLError;

/** `call` for the documents the gate admits; the refused ones get their refusal as their outcome. */
export function paidCall<D, R>(gate: SpendGate<D, R> | undefined, call: Call<D, R>): Call<D, R> {
  if (!gate) return call;
  return async (documents) => {
    const holds = await Promise.all(documents.map((document) => gate.reserve(document)));
    const admitted: D[] = [];
    const paid: Array<PaidCall<R>> = [];
    holds.forEach((hold, index) => {
      if (isRefusal(hold)) return;
      admitted.push(documents[index] as D);
      paid.push(hold);
    });
    let results: Array<R | GraphQLError>;
    try {
      results = admitted.length > 0 ? await call(admitted) : [];
    } catch (error) {
      // Nothing came back to say what was billed: give every reservation back, then fail as before.
      const failure = error instanceof GraphQLError ? error : new GraphQLError('the call failed', { originalError: error as Error });
      await Promise.all(paid.map((hold) => hold.settle(failure)));
      throw error;
    }
    // Settled before the results go up, so that whoever reads the spend after the answer sees it.
    await Promise.all(paid.map((hold, index) => hold.settle(results[index] as R | GraphQLError)));
    const outcomes: Array<R | GraphQLError> = [];
    let next = 0;
    for (const hold of holds) {
      if (isRefusal(hold)) {
        outcomes.push(hold);
      } else {
        outcomes.push(results[next] as R | GraphQLError);
        next++;
      }
    }
    return outcomes;
  };
}
