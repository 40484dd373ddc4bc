// The CLI's own error: a message for the user, printed without a class name or stack.
export class CliError extends Error {}
