import type { Command } from './command';

export function commandUsage(c: Command): string {
  return `modelbus ${c.words.join(' ')}${c.usage ? ' ' + c.usage : ''}`;
}

export function mainHelp(commands: readonly Command[]): string {
  return `modelbus — call Modelbus services over NATS, run and watch jobs, manage datasets

Usage: modelbus <command> [arguments] [options]

Commands:
${commands.map((c) => `  ${commandUsage(c).replace(/^modelbus /, '')}\n      ${c.summary}`).join('\n')}

Options (every command):
  --server <url>   NATS URL (default $NATS_URL or nats://127.0.0.1:4222)
  --timeout <ms>   request timeout (default 10000)
  --json           machine-readable JSON on stdout
  -h, --help       this help, or a command's help (modelbus jobs ls --help)

A JSON argument is inline ('{"a":1}'), @file, or @- for stdin.

Exit codes: 0 ok, 2 usage error, 3 the service answered an error (printed as CODE: message),
4 the job failed or was cancelled, 5 cannot connect to NATS, 1 internal error.
`;
}

export function commandHelp(c: Command): string {
  return `Usage: ${commandUsage(c)} [--server url] [--timeout ms] [--json]\n\n${c.summary}\n`;
}
