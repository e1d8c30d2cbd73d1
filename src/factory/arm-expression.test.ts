import { describe, expect, it } from 'vitest';
import { evaluateArmExpression, resolveArmValues, type ArmScope } from './arm-expression.js';

const scope: ArmScope = {
  parameters: {
    factoryName: { type: 'string', defaultValue: 'demo' },
    url: { type: 'string', defaultValue: "[concat('https://', parameters('host'))]" },
    host: { type: 'string', defaultValue: 'example.com' },
    secret: { type: 'secureString' },
    settings: { type: 'object', defaultValue: { region: 'westeurope', zones: [1, 2] } },
    loop: { type: 'string', defaultValue: "[parameters('loop')]" },
  },
  variables: {
    factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]",
  },
};

describe('ARM expressions', () => {
  it.each([
    ["[concat(parameters('factoryName'), '/MyPipeline')]", 'demo/MyPipeline'],
    ["[parameters('FACTORYNAME')]", 'demo'],
    ["[parameters('url')]", 'https://example.com'],
    ["[variables('factoryId')]", 'Microsoft.DataFactory/factories/demo'],
    ["[concat('it''s', ' ', 'fine')]", "it's fine"],
    ["[parameters('settings').region]", 'westeurope'],
    ["[parameters('settings')['zones'][1]]", 2],
    ["[ concat( 'a' , 'b' ) ]", 'ab'],
    ["[concat('n', 1)]", 'n1'],
  ])('%s → %j', (source, value) => {
    expect(evaluateArmExpression(source, scope)).toEqual({ ok: true, value });
  });

  it.each([
    ["[parameters('secret')]", "the parameter 'secret' has no defaultValue"],
    ["[parameters('nope')]", "the template has no parameter 'nope'"],
    ["[variables('nope')]", "the template has no variable 'nope'"],
    ["[format('{0}/x', parameters('factoryName'))]", 'the function format() is not supported'],
    ["[concat('a']", "expected ')'"],
    ["[parameters('loop')]", 'too deeply'],
    ["[parameters('settings').missing]", 'cannot select'],
    ['plain', 'is not an ARM expression'],
  ])('%s is unresolvable', (source, reason) => {
    const result = evaluateArmExpression(source, scope);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('resolves the values it can, keeps the others, and unescapes [[', () => {
    expect(
      resolveArmValues(
        {
          url: "[parameters('url')]",
          key: "[parameters('secret')]",
          note: '[[draft]',
          text: '[[draft] by hand',
          list: ['[[1, 2]', "[parameters('host')]", 3, null],
          expression: "@concat('[', 'x')",
        },
        scope,
      ),
    ).toEqual({
      url: 'https://example.com',
      key: "[parameters('secret')]",
      note: '[draft]',
      text: '[[draft] by hand',
      list: ['[1, 2]', 'example.com', 3, null],
      expression: "@concat('[', 'x')",
    });
  });
});
