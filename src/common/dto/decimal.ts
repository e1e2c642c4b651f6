import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator } from 'class-validator';

export interface DecimalRule {
  /** Digits allowed after the point. */
  scale: number;
  /** Digits allowed before the point. */
  integerDigits: number;
  /** Zero allowed (true) or strictly positive (false). */
  allowZero: boolean;
  /** Largest value accepted, as a decimal string. */
  max?: string;
}

/** Compares two non-negative decimal strings exactly (no float arithmetic). */
export function compareDecimal(a: string, b: string): number {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const ia = ai.replace(/^0+(?=\d)/, '');
  const ib = bi.replace(/^0+(?=\d)/, '');
  if (ia.length !== ib.length) return ia.length < ib.length ? -1 : 1;
  if (ia !== ib) return ia < ib ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const fa = af.padEnd(width, '0');
  const fb = bf.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

export function decimalProblem(value: unknown, rule: DecimalRule): string | undefined {
  if (typeof value !== 'string') return 'must be a number or a numeric string';
  const pattern = new RegExp(`^\\d{1,${rule.integerDigits}}(\\.\\d{1,${rule.scale}})?$`);
  if (!pattern.test(value)) {
    return `must be a ${rule.allowZero ? 'non-negative' : 'positive'} number with at most ${rule.scale} decimal places and ${rule.integerDigits} integer digits`;
  }
  if (!rule.allowZero && /^0+(\.0+)?$/.test(value)) return 'must be greater than 0';
  if (rule.max !== undefined && compareDecimal(value, rule.max) > 0) return `must not exceed ${rule.max}`;
  return undefined;
}

/**
 * A decimal quantity accepted as a JSON number or string and carried as a string, so the API never
 * does float arithmetic on it: PostgreSQL's numeric does the maths.
 */
export function DecimalField(rule: DecimalRule): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : value,
    ),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isDecimal',
        target: target.constructor,
        propertyName: String(propertyName),
        validator: {
          validate: (value: unknown) => decimalProblem(value, rule) === undefined,
          defaultMessage: (args) => `${args?.property ?? 'value'} ${decimalProblem(args?.value, rule) ?? 'is invalid'}`,
        },
      }),
  );
}

/** How a decimal looks in a response: always a string, never a JSON number. */
export const DECIMAL_RESPONSE = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', maxLength: 40 } as const;

/**
 * The OpenAPI schema of a DecimalField input: a string or a JSON number, with the limits the rule
 * enforces, so a generated client accepts exactly what the API accepts.
 */
export function decimalInputSchema(rule: DecimalRule, example: string): Record<string, unknown> {
  const max = rule.max ?? `${'9'.repeat(rule.integerDigits)}.${'9'.repeat(rule.scale)}`;
  return {
    oneOf: [
      {
        type: 'string',
        pattern: `^\\s*\\d{1,${rule.integerDigits}}(\\.\\d{1,${rule.scale}})?\\s*$`,
        maxLength: rule.integerDigits + rule.scale + 1 + 20,
      },
      { type: 'number', minimum: 0, ...(rule.allowZero ? {} : { exclusiveMinimum: true }), maximum: Number(max) },
    ],
    example,
    description: `A ${rule.allowZero ? 'non-negative' : 'positive'} decimal as a string or a JSON number: at most ${rule.integerDigits} integer digits and ${rule.scale} decimals${rule.max ? `, at most ${rule.max}` : ''}. Responses always carry it as a string.`,
  };
}
