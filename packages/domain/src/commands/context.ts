/** What a command needs from the outside world, passed in so rules stay pure (time is never read). */
export interface CommandContext {
  /** ISO-8601 instant the command is applied at. */
  readonly now: string;
}
