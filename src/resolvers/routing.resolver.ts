import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { withDefaults } from '../pipeline/document-input.js';
import type { MethodChoice as Choice } from '../routing/choose-method.js';
import { ChooseMethodInput } from '../schema/choose-method.input.js';
import { MethodChoice } from '../schema/method-choice.type.js';
import type { GatewayContext } from '../server/context.js';

@Resolver(() => MethodChoice)
export class RoutingResolver {
  // Replay-safe (no upstream call), so cacheable; PRIVATE keeps shared HTTP caches from mixing tenants.
  @Directive('@cacheControl(maxAge: 60, scope: PRIVATE)')
  @Query(() => MethodChoice, { description: 'Which method the router picks for this document, with reasons and the alternatives.' })
  chooseMethod(@Arg('input', () => ChooseMethodInput) input: ChooseMethodInput, @Ctx() context: GatewayContext): Promise<Choice> {
    return context.analysis.choose(withDefaults(input));
  }
}
