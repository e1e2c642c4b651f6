import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';
import { HttpStatus } from '@nestjs/common';

/** Deepest nesting of arrays and objects accepted in a JSON body (no DTO comes close). */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * True when the JSON text nests arrays/objects deeper than `limit`. One linear pass, no recursion,
 * string contents (and their escapes) skipped; it does not validate the JSON, the parser does that.
 */
export function exceedsJsonDepth(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * The only request body parser: `application/json` (any charset parameter), checked for nesting depth
 * before it is parsed, then parsed by Fastify's own parser (prototype-poisoning protection, 400 for
 * malformed JSON). Every other content type, including the form encoding NestJS would otherwise
 * register, is refused by Fastify with 415. An empty body counts as no body.
 */
export function useJsonBodyOnly(fastify: FastifyInstance, bodyLimit: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    if (exceedsJsonDepth(text)) {
      done(new AppError(HttpStatus.BAD_REQUEST, 'JSON_TOO_DEEP', `JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    void parse(request, text, done);
  });
}
