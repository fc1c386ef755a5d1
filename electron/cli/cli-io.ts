import { terminalSafe } from '../../shared/base/terminal-text.ts';
import type { Problem } from '../../shared/model/index.ts';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
}

export const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

/**
 * One problem as a line for a terminal: `file (at): message`. Everything in it comes from the
 * files (their names, their content quoted in messages), so control characters are escaped.
 */
export function formatProblem(problem: Problem): string {
  const where = problem.at ? `${problem.file} (${problem.at})` : problem.file;
  const prefix = `${problem.file}: `;
  const message = problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
  return terminalSafe(`${where}: ${message}`);
}
