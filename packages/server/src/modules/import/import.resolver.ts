import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Needs } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { ImportStrategyInput, ImportStrategyResult } from './import.inputs.js';
import { importStrategy } from './import.service.js';

/** Spreadsheet import of objectives and KPIs (measurements import through recordMeasurements). */
@Resolver()
export class ImportResolver {
  @Authorized(Needs.SESSION)
  @Mutation(() => ImportStrategyResult, {
    description:
      'Creates objectives and KPIs (and links) from spreadsheet rows, all or nothing. A refused import is one BAD_USER_INPUT error whose extensions.rows lists every bad row: { sheet, row (1-based), field, message }.',
  })
  importStrategy(
    @Ctx() ctx: GraphQLContext,
    @Arg('input') input: ImportStrategyInput,
  ): Promise<ImportStrategyResult> {
    return importStrategy(ctx, input);
  }
}
