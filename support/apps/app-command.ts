/**
 * The scripts an app's command line runs from the repository (words starting with `apps/` or
 * `./`), as the shell will read them: quotes, `;`, `&&`, `|`, parentheses and redirections end a
 * word, and a redirection's target (`>./out.log`) is a file the command writes, not a script.
 */
export function scriptsIn(command: string): string[] {
  const tokens = command.match(/[<>]+|[^\s;&|<>()'"`]+/g) ?? [];
  return tokens.filter((word, i) => (word.startsWith('apps/') || word.startsWith('./')) && !/>$/.test(tokens[i - 1] ?? ''));
}
