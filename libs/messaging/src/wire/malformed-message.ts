/**
 * A message that cannot be read as an integration event (a header missing, a value that is not JSON). Retrying
 * cannot help, so a consumer dead-letters it at once instead of after N attempts.
 */
export class MalformedMessage extends Error {
  override readonly name = 'MalformedMessage';
}
