/** `text` with LIKE's wildcards (`%`, `_`) and its escape character (`\`) escaped, so it matches only itself. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern matching `text` literally anywhere. */
export function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
