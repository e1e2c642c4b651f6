import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { isEmail, registerDecorator } from 'class-validator';

/**
 * Characters no e-mail address may hold: controls (U+0000–U+001F, U+007F–U+009F), format characters
 * (zero-width U+200B–U+200F, bidi embeddings and isolates U+202A–U+202E, U+2066–U+2069, U+2060–U+2064,
 * U+FEFF …), other default-ignorable code points (variation selectors, fillers), line/paragraph
 * separators and every kind of space. They make two different addresses look the same.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Zs}]/u;
export const HIDDEN_CHARACTERS_MESSAGE = 'must not contain control, invisible, space or bidirectional formatting characters';

/** The one spelling of an address: surrounding ASCII white space dropped, lower-cased, Unicode NFC. */
export const normalizeEmail = (value: string): string =>
  value
    .replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')
    .toLowerCase()
    .normalize('NFC');

export const hasHiddenCharacters = (value: string): boolean => HIDDEN.test(value);

export const EMAIL_MAX_LENGTH = 254;
export const EMAIL_DOC =
  'Trimmed, lower-cased and normalised to Unicode NFC; control, invisible, space and bidirectional formatting characters are refused';

/** Why an (already normalised) address is refused, or undefined. One message per address. */
export function emailProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be an email address';
  if (hasHiddenCharacters(value)) return HIDDEN_CHARACTERS_MESSAGE;
  if (value.length > EMAIL_MAX_LENGTH) return `must be at most ${EMAIL_MAX_LENGTH} characters long`;
  if (!isEmail(value)) return 'must be an email address';
  return undefined;
}

/** Every e-mail a client sends (register, login, users): normalised, then refused if anything hides in it. */
export const EmailField = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeEmail(value) : value)),
    (target: object, property: string | symbol) =>
      registerDecorator({
        name: 'isEmailAddress',
        target: target.constructor,
        propertyName: String(property),
        validator: {
          validate: (value: unknown) => emailProblem(value) === undefined,
          defaultMessage: (args) => `${args?.property ?? 'email'} ${emailProblem(args?.value) ?? 'is invalid'}`,
        },
      }),
  );
