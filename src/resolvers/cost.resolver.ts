import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import type { CostEstimateView } from '../pipeline/analysis.service.js';
import { withDefaults } from '../pipeline/document-input.js';
import { CostEstimate } from '../schema/cost-estimate.type.js';
import { EstimateCostInput } from '../schema/estimate-cost.input.js';
import type { GatewayContext } from '../server/context.js';

@Resolver(() => CostEstimate)
export class CostResolver {
  // Replay-safe (no upstream call), so cacheable; PRIVATE keeps shared HTTP caches from mixing tenants.
  @Directive('@cacheControl(maxAge: 60, scope: PRIVATE)')
  @Query(() => CostEstimate, { description: 'What each method would cost for this document, before anything is called.' })
  estimateCost(@Arg('input', () => EstimateCostInput) input: EstimateCostInput, @Ctx() context: GatewayContext): Promise<CostEstimateView> {
    return context.analysis.estimate(withDefaults(input));
  }
}
