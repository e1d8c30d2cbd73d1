/**
 * Expression language throughput: parsing (compileTemplate) and evaluating an already-parsed
 * expression, for the shapes that dominate real pipelines.
 */
import { Bench } from 'tinybench';
import { EXAMPLE_CONTEXT } from '../src/expressions/functions/example-context.js';
import { compileTemplate, type CompiledTemplate } from '../src/expressions/index.js';

export const EXPRESSION_CASES = {
  'interpolation (path from parameters and item)': '@{pipeline().parameters.folder}/@{item().name}',
  'condition (activity output, variables)':
    "@and(greater(activity('LookupConfig').output.firstRow.rows, 0), equals(variables('counter'), 3))",
  'string functions': "@toUpper(concat(replace(item().name, '.csv', ''), '_', pipeline().RunId))",
  'date path (formatDateTime of trigger time)':
    "@{pipeline().parameters.folder}/@{formatDateTime(pipeline().TriggerTime, 'yyyy/MM/dd')}/@{item().name}",
  'date arithmetic (addDays + format)':
    "@formatDateTime(addDays(pipeline().TriggerTime, -1), 'yyyy-MM-dd')",
} as const;

function compiled(source: string): CompiledTemplate {
  const result = compileTemplate(source);
  if (!result.ok) throw new Error(`bench expression does not compile: ${result.error.message}`);
  const check = result.value.evaluate(EXAMPLE_CONTEXT);
  if (!check.ok)
    throw new Error(`bench expression fails: ${check.error.code} ${check.error.message}`);
  return result.value;
}

export async function benchExpressions(): Promise<Bench> {
  const bench = new Bench({ time: 500, warmupTime: 200 });
  for (const [name, source] of Object.entries(EXPRESSION_CASES)) {
    bench.add(`parse    ${name}`, () => {
      compileTemplate(source);
    });
    const expression = compiled(source);
    bench.add(`evaluate ${name}`, () => {
      expression.evaluate(EXAMPLE_CONTEXT);
    });
  }
  await bench.run();
  return bench;
}
