import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailed } from '../validation';

/** NUL, or a UTF-16 surrogate without its partner: text PostgreSQL cannot store and UTF-8 cannot encode. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this rule looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL or unpaired surrogate characters';

export const hasUnstorableText = (value: string): boolean => UNSTORABLE.test(value);

function collect(value: unknown, path: string, problems: string[]): void {
  if (typeof value === 'string') {
    if (hasUnstorableText(value)) problems.push(`${path || 'body'}: ${UNSTORABLE_TEXT_MESSAGE}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => collect(v, `${path}[${i}]`, problems));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (hasUnstorableText(key)) {
        // JSON.stringify escapes NUL and lone surrogates, so the name can be shown.
        problems.push(`${path ? `${path}.` : ''}${JSON.stringify(key)}: property names ${UNSTORABLE_TEXT_MESSAGE}`);
      } else {
        collect(v, path ? `${path}.${key}` : key, problems);
      }
    }
  }
}

/**
 * The rule for all text input, decided once: no string anywhere in a body (any depth, keys included),
 * a query string or a path parameter may contain NUL or an unpaired surrogate. Runs as the first global
 * pipe, so before any DTO transform or validator sees the text, and answers 400 naming every field.
 */
@Injectable()
export class TextInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    const problems: string[] = [];
    // @Param('id') and @Query('x') receive one value; @Body() and @Query() receive the whole object.
    collect(value, metadata.data ?? '', problems);
    if (problems.length > 0) throw new ValidationFailed(problems);
    return value;
  }
}
